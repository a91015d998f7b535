"""Search speed: the project's Whoosh index against stdlib SQLite FTS5 on the same documents.

    .venv/bin/python bench/search.py [--docs 20000] [--queries 200] [--seed 7] [--keep DIR]

Generates a deterministic archive of article-like documents (~700 words in paragraphs, a
Zipf-distributed vocabulary, publishers, authors, series, dates), writes it as a library,
builds the index through `SearchIndex.rebuild` (both cores) and prints: full build
articles/s, one-article incremental add, and median/p95 latency of each query class (every
query distinct, top 20 hits with snippets, total and facets). The same queries then run
against an FTS5 table (top 20 with snippets and the total), and the p95 ratio is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing_app.core.article import Article, Metadata  # noqa: E402
from briefing_app.core.library import Library  # noqa: E402
from briefing_app.core.search.index import SearchIndex  # noqa: E402

VOCABULARY = 60_000
ZIPF_S = 1.07
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "er", "is", "or", "ul"]
CLASSES = ("common term", "rare term", "2-word AND", "3-word phrase", "field + date range")


class Corpus:
    """A deterministic stream of article-like documents."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        words = set()
        while len(words) < VOCABULARY:
            words.add("".join(self.rng.choices(SYLLABLES, k=self.rng.choice((1, 2, 2, 3, 3, 4)))))
        self.words = sorted(words, key=lambda w: (len(w), w))  # short words are the common ones
        weights = [1 / (rank**ZIPF_S) for rank in range(1, VOCABULARY + 1)]
        self.cum = list(_accumulate(weights))
        self.publishers = [f"{self._name()} Institute" for _ in range(30)]
        self.authors = [f"{self._name()} {self._name()}" for _ in range(600)]
        self.series = [f"{self._name()} Monitor" for _ in range(12)]

    def _name(self) -> str:
        return self.rng.choice(self.words[2000:20000]).capitalize()

    def _sentence(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(8, 24))
        return " ".join(words).capitalize() + "."

    def article(self, number: int) -> Article:
        """Document `number`: ~700 words in paragraphs of 3-6 sentences."""
        rng = self.rng
        paragraphs, total = [], 0
        target = max(150, int(rng.gauss(700, 150)))
        while total < target:
            para = " ".join(self._sentence() for _ in range(rng.randint(3, 6)))
            paragraphs.append(para)
            total += para.count(" ") + 1
        year = rng.randint(2015, 2024)
        meta = Metadata(
            title=self._sentence()[:-1][:80],
            authors=rng.sample(self.authors, rng.choice((1, 1, 1, 2))),
            publisher=rng.choice(self.publishers),
            published=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            series=rng.choice(self.series),
            url=f"https://example.org/a/{number}",
            language="en",
        )
        aid = f"{number:016x}"
        return Article(
            id=aid, sha256=aid * 4, key=f"doc{number}", metadata=meta, paragraphs=paragraphs
        )


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def write_library(root: Path, articles: list[Article]) -> Library:
    """Store records directly (no per-file fsync: this is scratch data)."""
    for article in articles:
        folder = root / "articles" / article.id
        folder.mkdir(parents=True)
        (folder / "article.json").write_text(json.dumps(article.to_record()), encoding="utf-8")
    return Library(root)


def make_queries(corpus: Corpus, articles: list[Article], count: int, rng: random.Random):
    """`count` distinct queries per class, drawn from the corpus so they all match something."""
    words = corpus.words
    queries = {
        "common term": words[10 : 10 + count],
        "rare term": rng.sample(words[3000:12000], count),
        "2-word AND": [
            f"{a} {b}"
            for a, b in zip(
                rng.sample(words[50:1500], count), rng.sample(words[50:1500], count), strict=True
            )
        ],
    }
    phrases = set()
    while len(phrases) < count:
        para = rng.choice(rng.choice(articles).paragraphs).replace(".", "").split()
        start = rng.randrange(len(para) - 3)
        phrases.add(" ".join(para[start : start + 3]).lower())
    queries["3-word phrase"] = [f'"{p}"' for p in sorted(phrases)]
    ranges = []
    for _ in range(count):
        year = rng.randint(2015, 2024)
        month = rng.randint(1, 7)
        ranges.append(
            (rng.choice(corpus.publishers), f"{year}-{month:02d}-01", f"{year}-{month + 5:02d}-28")
        )
    queries["field + date range"] = [
        f'publisher:"{p}" published:[{a} to {b}]' for p, a, b in ranges
    ]
    return queries, ranges


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_whoosh(index: SearchIndex, queries: dict) -> tuple[dict, dict]:
    """Wall and CPU milliseconds per query, by class (CPU time is steadier on a busy machine)."""
    wall, cpu = {}, {}
    for name in CLASSES:
        wall[name], cpu[name] = [], []
        for query in queries[name]:
            t0, c0 = time.perf_counter(), time.process_time()
            results = index.search(query, limit=20)
            cpu[name].append((time.process_time() - c0) * 1000)
            wall[name].append((time.perf_counter() - t0) * 1000)
            assert results.total >= 0 and all(h.snippet is not None for h in results.hits)
    return wall, cpu


def build_fts(path: Path, articles: list[Article]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, publisher, author, published UNINDEXED,"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    t0 = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (
                (a.title, a.text, a.metadata.publisher, " ".join(a.authors), a.metadata.published)
                for a in articles
            ),
        )
    return db, time.perf_counter() - t0


def time_fts(db: sqlite3.Connection, queries: dict, ranges: list) -> dict:
    top = (
        "SELECT rowid, bm25(docs), snippet(docs, 1, '<b>', '</b>', '…', 40) FROM docs"
        " WHERE docs MATCH ? {extra} ORDER BY rank LIMIT 20"
    )
    count = "SELECT count(*) FROM docs WHERE docs MATCH ? {extra}"
    out = {}
    for name in CLASSES:
        times = []
        for i, query in enumerate(queries[name]):
            extra, params = "", ()
            if name == "field + date range":
                publisher, start, end = ranges[i]
                query = f'publisher:"{publisher}"'
                extra, params = "AND published BETWEEN ? AND ?", (start, end)
            t0 = time.perf_counter()
            db.execute(top.format(extra=extra), (query, *params)).fetchall()
            db.execute(count.format(extra=extra), (query, *params)).fetchone()
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = times
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200, help="distinct queries per class")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", metavar="DIR", help="work in DIR and keep it (default: a temp dir)"
    )
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    shutil.rmtree(work / "library", ignore_errors=True)
    shutil.rmtree(work / "index", ignore_errors=True)
    (work / "fts.db").unlink(missing_ok=True)
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def build_and_add(index: SearchIndex, work: Path, docs: int, extra: list[Article]) -> None:
    """Time the full build (wall and CPU of all processes) and one-article adds."""
    t0, c0 = time.perf_counter(), os.times()
    index.rebuild()
    build, c1 = time.perf_counter() - t0, os.times()
    cpu = (c1.user + c1.system + c1.children_user + c1.children_system) - (
        c0.user + c0.system + c0.children_user + c0.children_system
    )
    size = sum(f.stat().st_size for f in (work / "index").iterdir()) / 2**20
    print(
        f"whoosh full build: {docs / build:.0f} articles/s wall ({build:.1f} s, {size:.0f} MiB);"
        f" {cpu:.0f} CPU-s in all processes ({2 * docs / cpu:.0f} articles/s if split over two"
        " idle cores)"
    )
    adds = []
    for article in extra:
        write_library(work / "library", [article])
        t0 = time.perf_counter()
        index.add_articles([article])
        adds.append((time.perf_counter() - t0) * 1000)
    print(f"whoosh one-article add: median {statistics.median(adds):.0f} ms (of {len(adds)})")


def repeated(index: SearchIndex, queries: list[str]) -> list[float]:
    """Milliseconds for running each query a second time (the result cache answers)."""
    times = []
    for query in queries:
        index.search(query, limit=20)
        t0 = time.perf_counter()
        index.search(query, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def print_table(count: int, whoosh: dict, whoosh_cpu: dict, fts: dict, repeat: list) -> None:
    print(f"\nlatency over {count} distinct queries per class, ms (top 20 with snippets)")
    print(
        f"{'class':20} {'whoosh med':>10} {'p95':>8} {'cpu p95':>8} {'fts5 med':>10} {'p95':>8}"
        f" {'p95 ratio':>10}"
    )
    for name in CLASSES:
        w, c, f = whoosh[name], whoosh_cpu[name], fts[name]
        ratio = percentile(w, 0.95) / max(percentile(f, 0.95), 1e-6)
        print(
            f"{name:20} {statistics.median(w):10.1f} {percentile(w, 0.95):8.1f}"
            f" {percentile(c, 0.95):8.1f} {statistics.median(f):10.1f} {percentile(f, 0.95):8.1f}"
            f" {ratio:9.1f}x"
        )
    print(
        f"{'repeated query':20} {statistics.median(repeat):10.2f} {percentile(repeat, 0.95):8.2f}"
        "   (result cache)"
    )


def run(args, work: Path) -> int:
    """Generate, build, time both engines and print the figures."""
    t0 = time.perf_counter()
    corpus = Corpus(args.seed)
    articles = [corpus.article(n) for n in range(args.docs + 5)]
    extra, articles = articles[args.docs :], articles[: args.docs]
    words = sum(sum(p.count(" ") + 1 for p in a.paragraphs) for a in articles)
    library = write_library(work / "library", articles)
    print(
        f"corpus: {args.docs} documents, {words / args.docs:.0f} words each on average, "
        f"generated and stored in {time.perf_counter() - t0:.1f} s"
    )
    index = SearchIndex(work / "index", library)
    build_and_add(index, work, args.docs, extra)
    queries, ranges = make_queries(corpus, articles, args.queries, random.Random(args.seed + 1))
    index.search("warm up")
    whoosh, whoosh_cpu = time_whoosh(index, queries)
    repeat = repeated(index, queries["common term"][:50])
    db, fts_build = build_fts(work / "fts.db", articles)
    print(f"fts5 full build: {args.docs / fts_build:.0f} articles/s")
    fts = time_fts(db, queries, ranges)
    print_table(args.queries, whoosh, whoosh_cpu, fts, repeat)
    index.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
