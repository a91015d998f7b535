"""Where the CPU of an import and of an index rebuild goes, stage by stage, per article.

    .venv/bin/python bench/index_profile.py [--articles 300] [--top 0]

Realistic articles (`tests/recombined.py`) are imported and the index rebuilt twice:
- "stages": everything in this one process (no worker processes), each stage timed with
  `time.process_time`, so its CPU per article can be read off: parsing and repairs, claim
  extraction, storing (record JSON, original, catalog), the index documents, Whoosh writing
  the article and the claim documents, and committing the segments (`--top N` also runs them
  under cProfile and prints the N costliest functions; the profiler inflates the timings);
- "real": the path the app takes (`Workspace.import_paths` with its worker processes, then
  `SearchIndex.rebuild`), timed as wall seconds and as CPU seconds of this process and of every
  process descended from it (read from /proc every 50 ms by a thread of this process: its own
  reading is counted, and a worker's last moments before it exits are missed), per article.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.recombined import write_recombined  # noqa: E402

STAGES = (
    "parse + repairs",
    "claims and citations (enrich)",
    "store: record, original, catalog",
    "read the record back (a rebuild's input)",
    "index documents",
    "whoosh: article documents",
    "whoosh: claim documents",
    "whoosh: write the article segment",
    "whoosh: write the claim segment",
    "whoosh: merge both into one segment each",
)


class TreeCPU:
    """CPU seconds of this process and every process descended from it, read from /proc
    every 50 ms (the worker pools are children of a forkserver, which `getrusage` misses)."""

    def __init__(self):
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> TreeCPU:
        self._sample()
        self._start = dict(self._seen)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def seconds(self) -> float:
        return sum(v - self._start.get(pid, 0.0) for pid, v in self._seen.items())

    def _poll(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> None:
        parents, cpu = {}, {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
        me = os.getpid()
        for pid, seconds in cpu.items():
            ancestor = pid
            while ancestor not in (me, 0, 1) and ancestor in parents:
                ancestor = parents[ancestor]
            if ancestor == me:
                self._seen[pid] = max(self._seen.get(pid, 0.0), seconds)


class Stopwatch:
    """CPU seconds of this process per stage."""

    def __init__(self):
        self.spent = dict.fromkeys(STAGES, 0.0)

    def __call__(self, stage: str, work, *args, **kwargs):
        start = time.process_time()
        result = work(*args, **kwargs)
        self.spent[stage] += time.process_time() - start
        return result


def staged_profile(source: Path, work: Path, n: int, top: int) -> None:
    """Import and index in this process only; CPU ms per article per stage."""
    from briefing_app.core.ingest import formats
    from briefing_app.core.ingest.importer import build_article
    from briefing_app.core.library import Library
    from briefing_app.core.search import index as search_index
    from briefing_app.core.search.whoosh_backend import Backend
    from briefing_app.core.search.whoosh_writer import open_writer

    files = sorted(source.rglob("*.md"))[:n]
    library = Library(work / "library")
    backend = Backend(work / "index")
    clock = Stopwatch()

    def add_claims(writer, docs):
        for doc in docs:
            writer.add_document(**doc)

    def run():
        with library.lock, library.writing():
            articles = []
            for path in files:
                data = path.read_bytes()
                clock("parse + repairs", formats.parse_bytes, data, path.name)
                article = clock("claims and citations (enrich)", build_article, data, path.name)
                clock("store: record, original, catalog", library.add, article, data)
                articles.append(article)
        fresh = Library(library.root)
        for article in articles:
            clock("read the record back (a rebuild's input)", fresh.get, article.id)
        ix, cix = backend._create(backend.folder, [a.text for a in articles])
        for half in (articles[: n // 2], articles[n // 2 :]):
            writer, cwriter = open_writer(ix), open_writer(cix)
            for article in half:
                prepared = clock("index documents", search_index.prepare, article)
                clock("whoosh: article documents", writer.add_document, **prepared.article)
                clock("whoosh: claim documents", add_claims, cwriter, prepared.claims)
            clock("whoosh: write the article segment", writer.commit, merge=False)
            clock("whoosh: write the claim segment", cwriter.commit, merge=False)
        for index in (ix, cix):
            clock("whoosh: merge both into one segment each", _optimize, index)

    if top:
        profile = cProfile.Profile()
        profile.runcall(run)
        pstats.Stats(profile).sort_stats("tottime").print_stats(top)
    else:
        run()
    # build_article parses and enriches: its enrichment is its time less the parse's
    clock.spent["claims and citations (enrich)"] -= clock.spent["parse + repairs"]
    print(f"\n## stages, one process, {n} articles (CPU ms per article, load {_load()})\n")
    print("| stage | ms/article |\n|---|---:|")
    for stage in STAGES:
        print(f"| {stage} | {clock.spent[stage] / n * 1000:.2f} |")
    print(f"| total | {sum(clock.spent.values()) / n * 1000:.2f} |")


def _optimize(index) -> None:
    from briefing_app.core.search.whoosh_writer import open_writer

    open_writer(index).commit(optimize=True)


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def real_path(source: Path, work: Path, n: int) -> None:
    """The app's path with its worker processes: wall rate and CPU per article, all processes."""
    os.environ["BRIEFING_HOME"] = str(work / "home")
    from briefing_app.core.workspace import Workspace

    ws = Workspace(work / "home" / "library")
    with TreeCPU() as cpu:
        t0 = time.perf_counter()
        results = ws.import_paths([source])
        ws.index.ensure_current()
        wall = time.perf_counter() - t0
    assert all(r.status == "imported" for r in results) and len(results) == n
    print(f"\n## the app's path, {n} articles (load {_load()})\n")
    print("| step | articles/s | CPU ms/article, all processes |\n|---|---:|---:|")
    print(
        f"| import (empty library, index current) | {n / wall:.1f} | {cpu.seconds / n * 1000:.1f} |"
    )
    for _ in range(2):
        with TreeCPU() as cpu:
            t0 = time.perf_counter()
            ws.index.rebuild()
            wall = time.perf_counter() - t0
        print(f"| rebuild index | {n / wall:.1f} | {cpu.seconds / n * 1000:.1f} |")
    ws.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--top", type=int, default=0, help="also print the top N functions")
    parser.add_argument("--only", choices=("stages", "real"), default=None)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="index-profile-"))
    try:
        source = work / "source"
        write_recombined(source, args.articles)
        if args.only != "real":
            staged_profile(source, work / "staged", args.articles, args.top)
        if args.only != "stages":
            real_path(source, work / "real", args.articles)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
