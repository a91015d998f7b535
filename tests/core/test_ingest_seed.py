"""The seed article imports exactly as its hand annotation (gold/seed_000.json) says."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SEED_FILE


def _tokens(text: str) -> list[str]:
    """Word tokens with apostrophes folded ("Kazakhstan's" == "Kazakhstans")."""
    return re.findall(r"\w+", re.sub(r"['\u2019]", "", text.lower()))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


@pytest.fixture
def gold(shared):
    """The hand annotation of the seed."""
    return json.loads((shared / "gold" / "seed_000.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed(seeded):
    """The seed article as the library stores it."""
    return seeded.articles()[0]


def test_seed_metadata_matches_gold(seed, gold):
    """Publisher, date, series, volume, issue, authors, URL, title and excerpt flag are exact."""
    expected, m = gold["metadata"], seed.metadata
    assert m.publisher == expected["publisher"]
    assert m.published == expected["published"]
    assert (m.series, m.volume, m.issue) == (
        expected["series"],
        expected["volume"],
        expected["issue"],
    )
    assert m.authors == expected["authors"]
    assert m.url == expected["url"]
    assert (m.title, m.title_source) == (expected["title_from_url"], "url")
    assert m.excerpt_only is expected["excerpt_only"]
    assert len(seed.paragraphs) == expected["paragraphs"]
    assert m.language == "en"
    assert seed.key == "avdaliani2023kazakhstans"


def test_seed_paragraphs_hold_the_annotated_passages(seed, gold):
    """Every annotated passage occurs, word for word, in the paragraph the gold names."""
    for claim in gold["claims"]:
        paragraph = _tokens(seed.paragraphs[claim["paragraph"] - 1])
        assert _contains(paragraph, _tokens(claim["content"])), claim["content"]
    assert seed.paragraphs[2].startswith("China")  # the indented line began a paragraph
    assert all("To read the rest" not in p and "\n" not in p for p in seed.paragraphs)


def test_seed_repairs_match_gold(seed, gold):
    """Every gold repair kind is logged with its before/after text and certainty."""
    by_kind: dict[str, list] = {}
    for repair in seed.repairs:
        by_kind.setdefault(repair.kind, []).append(repair)
    for expected in gold["repairs"]:
        logged = by_kind.get(expected["kind"])
        assert logged, f"no {expected['kind']} repair"
        assert all(r.certain is expected["certain"] for r in logged)
        if "before" in expected:
            assert any(
                (r.before, r.after) == (expected["before"], expected["after"]) for r in logged
            )
        if "words" in expected:
            assert {r.before: r.after for r in logged} == expected["words"]


def test_seed_repair_offsets_point_at_the_repaired_text(seed):
    """Each repair that left text points at exactly that text; ids are unique."""
    for repair in seed.repairs:
        if repair.start >= 0:
            assert seed.text[repair.start : repair.end] == repair.after
    assert len({r.id for r in seed.repairs}) == len(seed.repairs)
    url_rejoin = next(r for r in seed.repairs if r.kind == "url-rejoin")
    assert url_rejoin.start == -1  # the pointer became metadata, not body text


def test_seed_cited_sources_have_full_dates(seed, gold):
    """Both inline source citations are found, with the year from the article's date."""
    found = [(c.text, c.outlet, c.date) for c in seed.citations]
    assert found == [(s["text"], s["outlet"], s["date"]) for s in gold["cited_sources"]]
    for citation in seed.citations:
        assert seed.text[citation.start : citation.end] == citation.text
    assert [c.paragraph for c in seed.citations] == [1, 3]


def test_seed_imports_without_shared(seeded):
    """The committed seed copy imports with its header, repairs and citations on any machine."""
    article = seeded.articles()[0]
    m = article.metadata
    assert SEED_FILE.is_file()
    assert len(article.paragraphs) == 3
    assert (m.publisher, m.published, m.series, m.volume, m.issue) == (
        "Jamestown Foundation",
        "2023-12-03",
        "Eurasia Daily Monitor",
        "20",
        "1",
    )
    assert m.authors == ["Emil Avdaliani"] and m.excerpt_only
    assert m.title == "Kazakhstan's Expanding Multi-Vector Foreign Policy"
    swap = next(r for r in article.repairs if r.kind == "utf16-byte-swap")
    assert swap.after == " \u2014namely, " and "enjoy \u2014namely, its" in article.paragraphs[1]
    assert {r.before for r in article.repairs if r.kind == "dropped-apostrophe"} == {
        "Kazakhstans",
        "Russias",
        "Moscows",
        "Chinas",
        "Jinpings",
        "Beijings",
    }
    assert [c.date for c in article.citations] == ["2023-11-29", "2023-09-15"]
