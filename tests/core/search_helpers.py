"""Building articles and indexes for the search tests (articles made directly, no importer)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from briefing_app.core.article import Article, Metadata
from briefing_app.core.library import Library
from briefing_app.core.search.index import SearchIndex
from tests.conftest import FIXTURES

WIKINEWS_JSON = FIXTURES / "wikinews" / "articles.json"


def make_article(title: str, paragraphs: list[str], **meta) -> Article:
    """An Article with a stable id derived from its title and text."""
    claims = meta.pop("claims", [])
    digest = hashlib.sha256((title + "\n".join(paragraphs)).encode("utf-8")).hexdigest()
    key = meta.pop("key", re.sub(r"\W+", "", title.lower())[:20])
    return Article(
        id=digest[:16],
        sha256=digest,
        key=key,
        metadata=Metadata(title=title, **meta),
        paragraphs=paragraphs,
        claims=claims,
        original_name="original.txt",
    )


def store(library: Library, articles: list[Article]) -> None:
    """Write articles into the library as the importer would (original, then record)."""
    with library.lock:
        for article in articles:
            library.add(article, article.text.encode("utf-8"))


def build_index(root: Path, articles: list[Article]) -> SearchIndex:
    """A library holding `articles` and its freshly built index."""
    library = Library(root / "library")
    store(library, articles)
    index = SearchIndex(root / "index", library)
    index.rebuild()
    return index


def wikinews_fixture_articles() -> list[Article]:
    """The ten committed Wikinews (CC BY 2.5) articles of tests/fixtures/wikinews."""
    data = json.loads(WIKINEWS_JSON.read_text(encoding="utf-8"))
    return [
        make_article(
            a["title"],
            a["paragraphs"],
            key=a["key"],
            url=a["url"],
            published=a["date"],
            publisher="Wikinews",
            language="en",
        )
        for a in data["articles"]
    ]


def wikinews_csv_articles(folder: Path) -> list[Article]:
    """Every row of the shared Wikinews CSV files as an article (paragraphs split on blank lines)."""
    csv.field_size_limit(10**8)
    articles = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                paragraphs = [p.strip() for p in re.split(r"\n\s*\n", row["text"]) if p.strip()]
                articles.append(
                    make_article(
                        row["title"],
                        paragraphs,
                        url=row["url"],
                        published=row["date"],
                        publisher="Wikinews",
                    )
                )
    return articles


def containing(articles: list[Article], pattern: str) -> set[str]:
    """Ids of the articles whose title or text matches a regex (case-insensitive): the oracle."""
    regex = re.compile(pattern, re.IGNORECASE)
    return {a.id for a in articles if regex.search(a.title) or regex.search(a.text)}


def counted_term_runs(folder: Path, monkeypatch) -> list[str]:
    """The names of the term runs Whoosh writers' pools write from now on (past their
    memory, `whoosh_writer.BulkPool`), in order; `folder` holds a throwaway index."""
    from briefing_app.core.search import whoosh_backend, whoosh_writer

    ix, _ = whoosh_backend.Backend(folder)._create(folder, [])
    writer = whoosh_writer.open_writer(ix)
    pool = type(writer.pool)
    writer.cancel()
    runs: list[str] = []
    new_run = pool._new_run

    def counted(self):
        path, f = new_run(self)
        runs.append(path)
        return path, f

    monkeypatch.setattr(pool, "_new_run", counted)
    return runs
