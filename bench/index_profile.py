"""Where the CPU of an import and of an index rebuild goes, stage by stage, per article.

    .venv/bin/python bench/index_profile.py [--articles 300] [--top 0]

Realistic articles (`tests/recombined.py`) are imported and the index rebuilt twice:
- "stages": everything in this one process under cProfile (no worker processes), so each
  stage's CPU per article can be read off: parsing and repairs, claim extraction, storing
  (record JSON, original, catalog), the index documents, Whoosh writing the article and the
  claim documents, and committing the segments;
- "real": the path the app takes (`Workspace.import_paths` with its worker processes, then
  `SearchIndex.rebuild`), timed as wall seconds and as CPU seconds of this process and of every
  process descended from it (read from /proc), per article.
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

# (stage, function name, file name ending): each stage's CPU is the cumulative time of these
STAGES = [
    ("parse + repairs", "parse_bytes", "formats.py"),
    ("claims and citations (enrich)", "enrich_article", "enrich.py"),
    ("store: record, original, catalog", "add", "library.py"),
    ("index documents", "prepare", "index.py"),
    ("whoosh: article documents", "_add_article", "index_profile.py"),
    ("whoosh: claim documents", "_add_claims", "index_profile.py"),
    ("whoosh: write segments", "_finalize_segment", "writing.py"),
    ("whoosh: commit", "commit", "writing.py"),
]


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


def staged_profile(source: Path, work: Path, n: int, top: int) -> None:
    """Import and index in this process only, profiled; CPU ms per article per stage."""
    from briefing_app.core.ingest.importer import build_article
    from briefing_app.core.library import Library
    from briefing_app.core.search import index as search_index
    from briefing_app.core.search.whoosh_backend import Backend
    from briefing_app.core.search.whoosh_writer import open_writer

    files = sorted(source.rglob("*.md"))[:n]
    library = Library(work / "library")
    backend = Backend(work / "index")
    sample = []

    def _add_article(writer, doc):
        writer.add_document(**doc)

    def _add_claims(writer, docs):
        for doc in docs:
            writer.add_document(**doc)

    def run():
        with library.lock, library.writing():
            articles = []
            for path in files:
                data = path.read_bytes()
                article = build_article(data, path.name, source_path=str(path))
                library.add(article, data)
                articles.append(article)
                sample.append(article.text)
        ix, cix = backend._create(backend.folder, sample)
        writer, cwriter = open_writer(ix), open_writer(cix)
        for article in articles:
            prepared = search_index.prepare(article)
            _add_article(writer, prepared.article)
            _add_claims(cwriter, prepared.claims)
        writer.commit()
        cwriter.commit()

    profile = cProfile.Profile()
    t0 = time.process_time()
    profile.runcall(run)
    total = time.process_time() - t0
    stats = pstats.Stats(profile)
    print(f"\n## stages, one process, {n} articles (cProfile; ms CPU per article)\n")
    print("| stage | ms/article |\n|---|---:|")
    for label, func, filename in STAGES:
        cumulative = sum(
            value[3]
            for (path, _line, name), value in stats.stats.items()
            if name == func and path.endswith(filename)
        )
        print(f"| {label} | {cumulative / n * 1000:.1f} |")
    print(f"| total (profiled, so slower than unprofiled) | {total / n * 1000:.1f} |")
    if top:
        stats.sort_stats("tottime").print_stats(top)


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
    print(f"\n## the app's path, {n} articles (load {os.getloadavg()[0]:.2f})\n")
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
