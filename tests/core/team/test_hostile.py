"""Hostile text in a team library: stored and read back unchanged, never run as SQL."""

from __future__ import annotations

import copy
import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import LibraryError
from briefing_app.core.ingest.importer import build_article
from briefing_app.core.team.library import TeamLibrary
from tests.conftest import SEED_FILE

HOSTILE = [
    "Robert'); DROP TABLE articles;--",
    "\\'; SELECT pg_sleep(10); --",
    "quote \" and ' and `tick` and $$dollar$$ and $x$tag$x$",
    "percent % underscore _ backslash \\ caret ^",
    "control \x01\x07\x1b[31m\x7f\x85 bidi \u202e text",
    "%s %(name)s {0} {} :name ?",
    "E'\\x41' U&'\\0041' /* comment */ -- line",
    "ünïcödé 漢字 🙂 \ufeff",
]
# PostgreSQL text holds any character but NUL (and no lone surrogate is valid UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)


@pytest.fixture
def team(pg_url):
    library = TeamLibrary(pg_url)
    yield library
    library.close()


@pytest.fixture
def seed():
    data = SEED_FILE.read_bytes()
    return build_article(data, SEED_FILE.name), data


def _variant(seed, n: int, title: str, key: str, url: str, author: str):
    """A stored-able article with these fields (a distinct original per `n`)."""
    article, data = seed
    data = data + f"\n{n}\n".encode()
    article = copy.deepcopy(article)
    article.id = hashlib.sha256(data).hexdigest()[:16]
    article.sha256 = hashlib.sha256(data).hexdigest()
    article.metadata.title, article.key, article.metadata.url = title, key, url
    article.metadata.authors = [author]
    article.metadata.publisher = title
    return article, data


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_fields_are_stored_and_read_back_unchanged(team, seed, text):
    article, data = _variant(seed, 0, text, text, text, text)
    team.add(article, data)
    again = TeamLibrary(team.location)
    try:
        stored = again.get(article.id)
    finally:
        again.close()
    assert stored.to_record() == article.to_record()
    assert team.resolve(text).id == article.id  # the key, looked up as typed
    assert [a.id for a in team.find_by_url(text)] == [article.id]
    entry = team.catalog.entry(article.id)
    assert (entry.title, entry.key, entry.authors, entry.metadata.url) == (text, text, [text], text)
    listing = team.catalog.listing(filters={"publisher": text, "text": text})
    assert [e.id for e in listing.entries] == [article.id]
    assert team.catalog.facet_counts("publisher") == [(text, 1)]
    assert team.ids() == [article.id]  # and the table is still there


def test_a_filter_with_wildcards_matches_them_literally(team, seed):
    for n, title in enumerate(["100% sure", "100 percent", "a_b", "axb", "back\\slash"]):
        team.add(*_variant(seed, n, title, f"k{n}", f"u{n}", "A"))
    for typed, expected in (("100%", ["100% sure"]), ("a_b", ["a_b"]), ("\\", ["back\\slash"])):
        found = team.catalog.listing(sort="title", descending=False, filters={"text": typed})
        assert [e.title for e in found.entries] == expected


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, key=TEXT.filter(bool), url=TEXT, author=TEXT)
def test_any_text_but_nul_round_trips(team, seed, title, key, url, author):
    article, data = _variant(seed, 1, title, key, url, author)
    if article.id in team:
        team.delete(article.id)
    team.add(article, data)
    assert team.get(article.id).to_record() == article.to_record()
    entry = team.catalog.entry(article.id)
    assert (entry.title, entry.key, entry.metadata.url) == (title, key, url)
    team.delete(article.id)
    assert key not in team.keys()


def test_a_nul_character_is_a_clear_error_and_nothing_is_stored(team, seed):
    article, data = _variant(seed, 2, "before\x00after", "nulkey", "u", "A")
    with pytest.raises(LibraryError, match="cannot store this article"):
        team.add(article, data)
    assert len(team) == 0 and "nulkey" not in team.keys()
