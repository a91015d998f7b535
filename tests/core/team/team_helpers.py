"""Helpers of the team-store tests: a migrated database, hostile text, analysts at once."""

from __future__ import annotations

import threading

import psycopg

from briefing_app.core.team import schema

# Text that must reach the database and come back unchanged: quotes, backslashes, SQL, format
# placeholders, control characters, scripts. Each is a valid tag and collection name.
HOSTILE = [
    "it's o'clock",
    "back\\slash \\\\ \\' \\x00",
    "'; DROP TABLE article_tags; --",
    "Robert'); DROP TABLE collections;--",
    "%s %(name)s {0} $1 $$dollar$$",
    "bell\x07 escape\x1b[31m del\x7f soh\x01",
    "ünïcødé 漢字 🙂 \u202eevil",
    "long " + "x" * 20_000,
]


def migrated(url: str) -> str:
    """`url` after every migration step this Briefing knows has been applied."""
    with psycopg.connect(url) as conn:
        schema.migrate(conn)
    return url


def together(work, count: int = 4) -> list[BaseException]:
    """Run `work(n)` for n in range(count) in threads started at once; the errors raised."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        start.wait()
        try:
            work(n)
        except BaseException as exc:  # collected: the test asserts on every one
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
