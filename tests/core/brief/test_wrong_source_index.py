"""The wrong-source search asks the search index for candidates in big libraries, fail-closed."""

from __future__ import annotations

import pytest

from briefing_app.core.brief import verify
from briefing_app.core.brief.verify import check_brief, phrase_query
from tests.core.brief.articles import SEED_KEY, plain_article, seed_article

K = SEED_KEY
QUOTE = "the vote will not take place in 2020"


class FakeIndex:
    """Answers matching_ids with a fixed set of ids and records the queries."""

    def __init__(self, ids):
        self.ids, self.queries = list(ids), []

    def matching_ids(self, query):
        self.queries.append(query)
        return self.ids


@pytest.fixture
def library():
    seed = seed_article()
    other = plain_article(
        "doe2020vote", "Council vote", ["The council said the vote will not take place in 2020."]
    )
    filler = [
        plain_article(f"filler{n}", f"Filler {n}", [f"Unrelated words number {n}."])
        for n in range(5)
    ]
    return {a.key: a for a in [seed, other, *filler]}


def test_phrase_query_uses_the_rarest_consecutive_words():
    """One phrase per fragment, common words avoided where the quotation allows."""
    parsed = verify.parse_quote("the vote of the council … Kazakhstan’s refusal would not")
    query = phrase_query(parsed.fragments, width=3)
    assert query == '"of the council" "Kazakhstans refusal would"'


def test_big_library_uses_the_index_and_scans_only_its_candidates(library, monkeypatch):
    """Above the scan limit, only articles the index names are searched for the words."""
    monkeypatch.setattr(verify, "SCAN_LIMIT", 2)
    index = FakeIndex([library["doe2020vote"].id])
    located = []
    original = verify._Checker.locator

    def spy(self, article):
        located.append(article.key)
        return original(self, article)

    monkeypatch.setattr(verify._Checker, "locator", spy)
    (check,) = check_brief(f"“{QUOTE}” [@{K}, ¶1]", library, index=index)
    assert check.status == "wrong_source" and "doe2020vote" in check.detail
    assert index.queries and all(q.startswith('"') for q in index.queries)
    assert not any(key.startswith("filler") for key in located)


def test_index_candidates_must_still_match_exactly(library, monkeypatch):
    """An article the index proposes but whose words differ is not named: fail closed."""
    monkeypatch.setattr(verify, "SCAN_LIMIT", 2)
    index = FakeIndex([a.id for a in library.values() if a.key != "doe2020vote"])
    (check,) = check_brief(f"“{QUOTE}” [@{K}, ¶1]", library, index=index)
    assert check.status == "not_found"


def test_small_library_or_broken_index_scans(library, monkeypatch):
    """Small libraries are scanned; an index that fails falls back to a scan."""
    index = FakeIndex([])
    assert [c.status for c in check_brief(f"“{QUOTE}” [@{K}]", library, index=index)] == [
        "wrong_source"
    ]
    assert index.queries == []
    monkeypatch.setattr(verify, "SCAN_LIMIT", 2)

    class Broken:
        def matching_ids(self, query):
            raise OSError("index damaged")

    assert [c.status for c in check_brief(f"“{QUOTE}” [@{K}]", library, index=Broken())] == [
        "wrong_source"
    ]
    assert [c.status for c in check_brief(f"“{QUOTE}” [@{K}]", library)] == ["wrong_source"]


def test_real_search_index_finds_the_other_article(seeded, monkeypatch):
    """With the Whoosh index of a workspace, misattributed seed words name the seed article."""
    other = plain_article("doe2020vote", "Council vote", ["The council met on Monday."])
    with seeded.library.lock:
        seeded.library.add(other, b"raw")
    seeded.index.ensure_current()
    monkeypatch.setattr(verify, "SCAN_LIMIT", 0)
    text = "“Kazakhstans refusal would not be as surprising” [@doe2020vote]"
    (check,) = check_brief(text, seeded.library, index=seeded)
    assert check.status == "wrong_source" and f"@{K}" in check.detail
