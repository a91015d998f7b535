"""Real news articles (Wikinews, CC BY 2.5) import with their metadata and text intact."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES

WIKINEWS_NOTES = FIXTURES / "wikinews" / "notes"


def wikinews_rows(folder: Path) -> list[dict[str, str]]:
    """Every row (url, date, title, text) of the Wikinews CSV files in `folder`."""
    csv.field_size_limit(10**8)
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def write_markdown_notes(rows: list[dict[str, str]], folder: Path) -> list[Path]:
    """Save rows as Markdown notes with clipper-style front matter, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, row in enumerate(rows):
        front = {
            "title": row["title"],
            "source": row["url"],
            "published": row["date"],
            "site": "Wikinews",
        }
        path = folder / f"{number:03d}.md"
        path.write_text(
            f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{row['text']}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture
def wikinews_notes(shared, tmp_path) -> tuple[list[dict[str, str]], Path]:
    """The 295 shared Wikinews articles, converted to Markdown notes in a temporary folder."""
    rows = wikinews_rows(shared / "corpora" / "wikinews")
    folder = tmp_path / "wikinews"
    write_markdown_notes(rows, folder)
    return rows, folder


def test_all_wikinews_articles_import(workspace, wikinews_notes):
    """All 295 articles import, each with its title, URL, date and every word of its text."""
    rows, folder = wikinews_notes
    assert len(rows) == 295
    results = workspace.import_paths([folder])
    assert [r.status for r in results].count("imported") == len(rows), [
        r for r in results if r.status != "imported"
    ]
    by_url = {a.metadata.url: a for a in workspace.articles()}
    for row in rows:
        article = by_url[row["url"]]
        assert (article.title, article.metadata.published) == (row["title"], row["date"])
        if len(_words(row["text"])) >= 20:  # a stub with a dateline only has no language to tell
            assert article.metadata.language == "en", row["url"]
        assert _words(" ".join(article.paragraphs)) == _words(row["text"]), row["url"]


def test_committed_wikinews_fixtures_import(workspace):
    """The small committed Wikinews notes import without the shared corpus."""
    notes = sorted(WIKINEWS_NOTES.glob("*.md"))
    assert len(notes) >= 3
    results = workspace.import_paths(notes)
    assert [r.status for r in results] == ["imported"] * len(notes)
    for path, article in zip(notes, [workspace.article(r.id) for r in results], strict=True):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        assert article.title == front["title"] and article.metadata.url == front["source"]
        assert article.metadata.published == front["published"]
        assert article.metadata.publisher == "Wikinews"
        assert _words(" ".join(article.paragraphs)) == _words(body)
        assert not [
            r for r in article.repairs if r.kind != "decoding"
        ]  # clean text: nothing to repair
