"""The analyst's data in a team library (PostgreSQL) beside the same in a library folder.

    .venv/bin/python bench/team_userdata.py [N]

Starts a throwaway PostgreSQL cluster as the tests do (skips, saying why, when the server is
not installed), then for N articles (default 2,000) times, for the folder store
(`ArticleNotes`) and the team store (`TeamNotes`): tagging every article (one change, one
transaction or one atomic file write each), reading one article's tags, collections,
highlights and note, and reading the catalog's copy of every article's data (`catalog_rows`).
The team store is also timed with four analysts tagging the same articles at once.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from briefing_app.core.annotations import ArticleNotes  # noqa: E402
from briefing_app.core.team import schema  # noqa: E402
from briefing_app.core.team.userdata import TeamNotes  # noqa: E402
from tests import pg_cluster  # noqa: E402

READS = 500
ANALYSTS = 4


def measure(label: str, store, ids: list[str]) -> None:
    start = time.perf_counter()
    for n, article_id in enumerate(ids):
        store.change_tags(article_id, add=["energy", f"topic{n % 50}"])
    tagging = time.perf_counter() - start
    start = time.perf_counter()
    for article_id in ids[:READS]:
        store.read(article_id)
        store.note(article_id)
    reading = (time.perf_counter() - start) / READS
    start = time.perf_counter()
    rows = list(store.catalog_rows())
    catalog = time.perf_counter() - start
    print(
        f"{label:6} tag {len(ids) / tagging:6.0f} changes/s | read one article's data "
        f"{reading * 1000:5.2f} ms | catalog_rows of {len(rows)} articles {catalog * 1000:5.0f} ms"
    )


def measure_together(url: str, ids: list[str]) -> None:
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]
    barrier = threading.Barrier(ANALYSTS)

    def work(n: int) -> None:
        barrier.wait()
        for article_id in ids:
            stores[n].change_tags(article_id, add=[f"analyst{n}"])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(ANALYSTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - start
    kept = sum(len(stores[0].read(i).tags) for i in ids[:READS])
    print(
        f"team   {ANALYSTS} analysts tagging the same {len(ids)} articles at once: "
        f"{ANALYSTS * len(ids) / took:.0f} changes/s, every tag kept: {kept == READS * 6}"
    )
    for store in stores:
        store.close()


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 2000
    reason = pg_cluster.missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    cluster = pg_cluster.start_cluster()
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench_userdata")
        url = cluster.url("bench_userdata")
        with psycopg.connect(url) as conn:
            schema.migrate(conn)
        ids = [f"{n:016x}" for n in range(count)]
        with tempfile.TemporaryDirectory() as folder:
            for article_id in ids:
                (Path(folder) / article_id).mkdir()
            measure("folder", ArticleNotes(Path(folder)), ids)
        team = TeamNotes(url)
        measure("team", team, ids)
        team.close()
        measure_together(url, ids)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
