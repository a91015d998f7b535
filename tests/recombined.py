"""Realistic articles in any number, recombined from the Wikinews fixtures (CC BY 2.5).

Each article is a Markdown note with front matter (the web-clipper shape) of about 700 words:
paragraphs drawn from the fixture articles, quotations and attributions kept, so claim
extraction has the work it has on real news. A seed makes the set reproducible; every
article is distinct (its own title, URL and date), so each is a new import.
Used by the catalog and pipeline tests and by `bench/scale.py`.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikinews" / "articles.json"
TARGET_WORDS = 700
PUBLISHERS = ("Wikinews", "Baltic Monitor", "Pacific Desk", "Eurasia Review Weekly", "Policy Wire")
AUTHORS = (
    "Anna Kovalenko",
    "Tomasz Nowak",
    "Mele Tupou",
    "James O'Neill",
    "Ingrid van der Berg",
    "Ravi Menon",
    "",
)


@lru_cache(maxsize=1)
def _pool() -> tuple[list[str], list[str]]:
    """(paragraphs, titles) of the fixture articles."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    paragraphs, titles = [], []
    for article in data["articles"]:
        paras = article["paragraphs"]
        if isinstance(paras, str):
            paras = json.loads(paras)
        paragraphs.extend(p for p in paras if len(p.split()) >= 12)
        titles.append(article["title"])
    return paragraphs, titles


def recombined_article(n: int, seed: int = 7) -> str:
    """The Markdown text of article `n` of the set made with `seed`."""
    rng = random.Random(seed * 1_000_003 + n)
    paragraphs, titles = _pool()
    body, words = [], 0
    while words < TARGET_WORDS:
        paragraph = rng.choice(paragraphs)
        body.append(paragraph)
        words += len(paragraph.split())
    title = f"{rng.choice(titles)} ({n})"
    front = {
        "title": title,
        "source": f"https://news.example.org/{seed}/{n:06d}",
        "published": f"{2015 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "site": rng.choice(PUBLISHERS),
    }
    author = rng.choice(AUTHORS)
    if author:
        front["author"] = author
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n\n".join(body) + "\n"


def write_recombined(folder: Path, count: int, *, seed: int = 7, start: int = 0) -> list[Path]:
    """Write articles `start`..`start + count - 1` as `.md` files under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(start, start + count):
        path = folder / f"{n // 1000:03d}" / f"article_{n:06d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(recombined_article(n, seed), encoding="utf-8")
        written.append(path)
    return written
