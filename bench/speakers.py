"""Speakers view speed: list everyone the archive quotes at 10,000 and 100,000 articles.

    .venv/bin/python bench/speakers.py [N ...]

The catalog is filled with synthetic rows, articles and their `claim_speakers` rows (listing
speakers reads only the catalog, so no record is written): each article quotes one to six
speakers drawn with a skewed distribution from a pool of names, some under several spellings,
so a few people are quoted everywhere and most rarely, as in news. Each figure is the median
of RUNS calls of `archive_speakers(library)` on a library opened anew (the catalog is not
rebuilt: the bench checks).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5
PEOPLE = 3000  # distinct people quoted across the archive
FIRST = ["Anna", "Ilham", "Joe", "Xi", "Maria", "Nursultan", "Olaf", "Recep", "Emmanuel", "Li"]
LAST = ["Berg", "Aliyev", "Biden", "Jinping", "Novak", "Okafor", "Ivanova", "Kim", "Lee", "Roe"]


def _names(rng: random.Random) -> list[list[str]]:
    """Each person's spellings: the full name, and for some a title or the surname alone."""
    people = []
    for n in range(PEOPLE):
        full = f"{rng.choice(FIRST)} {rng.choice(LAST)}{n}"
        spellings = [full]
        if rng.random() < 0.3:
            spellings.append(f"President {full}")
        if rng.random() < 0.2:
            spellings.append(full.split()[-1])
        people.append(spellings)
    return people


def _library(n: int, home: Path) -> Path:
    os.environ["BRIEFING_HOME"] = str(home)
    from briefing_app import paths
    from briefing_app.core.catalog import Catalog, row_of
    from briefing_app.core.claims.archive_speakers import fold

    rng = random.Random(17)
    people = _names(rng)
    weights = [1 / (rank + 1) for rank in range(PEOPLE)]  # Zipf: a few quoted everywhere
    rows, speakers = [], []
    for i in range(n):
        article_id = f"{i:016x}"
        published = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        record = {"id": article_id, "key": f"key{i}", "metadata": {"published": published}}
        rows.append(row_of(record, 1))
        quoted = {}
        for person in rng.choices(people, weights, k=rng.randint(1, 6)):
            name = rng.choice(person)
            quoted[(fold(name), name)] = quoted.get((fold(name), name), 0) + rng.randint(1, 4)
        speakers.extend((article_id, k, name, c, published) for (k, name), c in quoted.items())
    root = home / "library"
    (root / "articles").mkdir(parents=True)
    catalog = Catalog(paths.catalog_file(root))
    catalog.replace_all(rows, (root / "articles").stat().st_mtime_ns, speakers=speakers)
    catalog.close()
    print(f"{n:,} articles: {len(speakers):,} claim_speakers rows", flush=True)
    return root


def measure(n: int) -> tuple[float, int]:
    from briefing_app.core.claims.archive_speakers import archive_speakers
    from briefing_app.core.library import Library

    with tempfile.TemporaryDirectory() as home:
        root = _library(n, Path(home))
        times, listed = [], 0
        for _ in range(RUNS):
            library = Library(root)
            t0 = time.perf_counter()
            listed = len(archive_speakers(library))
            times.append((time.perf_counter() - t0) * 1000)
            assert library.catalog_rebuilds == 0, "the catalog was rebuilt: the bench is wrong"
            library.catalog.close()
        return statistics.median(times), listed


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for n in sizes:
        ms, listed = measure(n)
        print(
            f"{n:,} articles: archive_speakers {ms:.0f} ms (median of {RUNS}), {listed:,} speakers"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
