"""Search on PostgreSQL beside Whoosh: rebuild rate, search p50/p95 per query class, disk.

    .venv/bin/python bench/team_search.py                         # 1,000 articles
    .venv/bin/python bench/team_search.py --articles 10000
    .venv/bin/python bench/team_search.py --location postgresql:///briefing_bench

The articles are `bench/scale.py`'s (~700-word notes recombined from the Wikinews fixtures),
imported into a local library with `Workspace.import_paths`, which builds the Whoosh index;
the PostgreSQL backend is then rebuilt from the same records. The query classes are
scale.py's, each query run through `SearchIndex.search(query, limit=20)` on both backends
(hits with snippets, total, facets). Without `--location` a throwaway PostgreSQL cluster is
started (Debian's server binaries, as the tests start it) and removed at the end; with one,
the database given is used and its search tables are replaced.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402  (bench/scale.py: articles, query classes, statistics)
import team_databases  # noqa: E402  (bench/team_databases.py: throwaway PostgreSQL databases)

from tests.recombined import write_recombined  # noqa: E402


def _team_index(library, location: str):
    import psycopg

    from briefing_app.core.search.index import SearchIndex
    from briefing_app.core.team.search import Backend

    backend = Backend(lambda: psycopg.connect(location, autocommit=True))
    folder = Path(tempfile.mkdtemp(prefix="team-index-"))
    return SearchIndex(folder / "index", library, backend=backend), backend


def _time_searches(index, queries) -> dict[str, list[float]]:
    out = {}
    for name, items in queries.items():
        out[name] = []
        for query, _, _ in items:
            t0 = time.perf_counter()
            index.search(query, limit=20)
            out[name].append((time.perf_counter() - t0) * 1000)
    return out


def measure(n: int, work: Path, location: str, runs: int) -> None:
    from briefing_app import paths
    from briefing_app.core.workspace import Workspace

    os.environ["BRIEFING_HOME"] = str(work / "home")
    write_recombined(work / "source", n)
    ws = Workspace(work / "home" / "library")
    ws.import_paths([work / "source"])
    ws.index.ensure_current()
    team, backend = _team_index(ws.library, location)
    rebuilds = {"whoosh": [], "postgresql": []}
    for _ in range(runs):
        for name, index in (("whoosh", ws.index), ("postgresql", team)):
            t0 = time.perf_counter()
            index.rebuild()
            rebuilds[name].append(time.perf_counter() - t0)
    articles = [ws.library.get(i) for i in ws.library.ids()]
    queries = scale.make_queries(articles, random.Random(11))
    timings = {
        name: [_time_searches(index, queries) for _ in range(runs)]
        for name, index in (("whoosh", ws.index), ("postgresql", team))
    }
    count = len(articles)
    print(f"\n### {count:,} articles\n")
    print(f"| figure (median of {runs} runs) | Whoosh | PostgreSQL |")
    print("| --- | --- | --- |")
    rates = {k: f"{count / scale.median(v):,.0f} articles/s" for k, v in rebuilds.items()}
    print(f"| rebuild index | {rates['whoosh']} | {rates['postgresql']} |")
    whoosh_disk = scale.folder_bytes(paths.index_dir(ws.root))
    print(
        f"| disk: index | {scale.mb(whoosh_disk)} | {scale.mb(team_databases.search_bytes(location))} |"
    )
    for name in queries:
        cells = []
        for engine in ("whoosh", "postgresql"):
            p50 = scale.median([scale.median(r[name]) for r in timings[engine]])
            p95 = scale.median([scale.percentile(r[name], 0.95) for r in timings[engine]])
            cells.append(f"{p50:.0f} / {p95:.0f} ms")
        print(f"| search {name}: p50 / p95 | {cells[0]} | {cells[1]} |")
    team.close()
    backend.close()
    ws.close()
    shutil.rmtree(team.index_dir.parent, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="a size to run (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (at least 3)")
    parser.add_argument(
        "--location", help="a PostgreSQL database to use (default: a throwaway one)"
    )
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("every figure is a median of at least 3 runs")
    databases = None
    location = args.location
    if location is None:
        databases = team_databases.Databases()
        location = databases.create("briefing_team_search")
    print(f"## bench/team_search.py at commit {scale.commit()}\n")
    print(f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}.")
    try:
        for n in args.articles or [1_000]:
            work = Path(tempfile.mkdtemp(prefix=f"team-search-{n}-"))
            try:
                measure(n, work, location, args.runs)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if databases is not None:
            databases.close()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
