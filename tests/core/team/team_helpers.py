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


class HeldEdit:
    """`work()` on its own thread, held inside `owner.method` (a workstation's own object,
    not a library's class) right after it returned, until `release()`: another analyst's
    change then runs whole between this one's read and its write."""

    def __init__(self, owner, method: str, work):
        self.read, self.go = threading.Event(), threading.Event()
        self.errors: list[BaseException] = []
        original = getattr(owner, method)

        def held(*args, **kwargs):
            found = original(*args, **kwargs)
            self.read.set()
            assert self.go.wait(20), "the held change was never released"
            return found

        setattr(owner, method, held)

        def run() -> None:
            try:
                work()
            except BaseException as exc:  # collected: the test asserts on it
                self.errors.append(exc)

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.read.wait(20), "the held change did not get as far as the hold"

    def release(self) -> list[BaseException]:
        """Let it finish; the errors it raised."""
        self.go.set()
        self.thread.join(30)
        return self.errors
