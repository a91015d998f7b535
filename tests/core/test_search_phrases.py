"""Phrases narrowed by common-word pairs: same answers as reading every position."""

from __future__ import annotations

import pytest

from briefing_app.core.search import phrases as phrase_positions
from briefing_app.core.search.phrases import common_pairs, common_words, phrase_pairs
from briefing_app.core.search.whoosh_schema import normalize
from tests.core.search_helpers import build_index, containing, wikinews_fixture_articles

ARTICLES = wikinews_fixture_articles()
PHRASES = ["of the", "in the", "it is", "the government of", "one of the", "at the end of"]


def test_common_words_need_a_share_of_a_large_enough_sample(monkeypatch):
    """A word is common when it is in COMMON_SHARE of the texts; too few texts: none."""
    texts = ["the cat sat", "the dog ran", "a bird sang", "The cats sat"] * 60
    common = common_words(texts, normalize)
    assert common == {"the", "sat", "cat"}  # 3/4, 2/4 and 2/4 ("cats" stems to "cat")
    assert "bird" not in common
    assert common_words(texts[:8], normalize) == frozenset()


def test_common_pairs_only_join_adjacent_common_words():
    """Pairs come from two neighbouring common words; a rare word in between breaks them."""
    common = frozenset({"of", "the", "in"})
    assert list(common_pairs("In the end of the day", common, normalize)) == ["in the", "of the"]
    assert list(common_pairs("of Kazakhstan the", common, normalize)) == []
    assert phrase_pairs(["on", "the", "of", "the"], common) == ["the of", "of the"]


@pytest.fixture
def pair_index(tmp_path, monkeypatch):
    """The Wikinews fixture indexed with a small sample allowed, so it has common words."""
    monkeypatch.setattr(phrase_positions, "MIN_COMMON_SAMPLE", 2)
    monkeypatch.setattr(phrase_positions, "COMMON_SHARE", 0.5)
    return build_index(tmp_path, ARTICLES)


def test_index_has_common_words(pair_index):
    """The fixture's function words became common; their pairs are indexed."""
    searcher = pair_index.backend.engine().views[False].current()
    common = searcher.schema["pairs"].analyzer.common
    assert {"the", "of", "in"} <= common
    assert ("pairs", b"of the") in searcher.reader()


@pytest.mark.parametrize("phrase", PHRASES)
def test_common_word_phrases_match_the_text(pair_index, phrase):
    """A phrase of common words finds exactly the articles whose text holds it."""
    pattern = r"\b" + r"\W+".join(phrase.split()) + r"\b"
    expected = containing(ARTICLES, pattern)
    results = pair_index.search(f'"{phrase}"', limit=100)
    assert set(results.ids()) == expected and results.total == len(expected)


def test_pair_narrowing_agrees_with_plain_phrase_check(pair_index, monkeypatch):
    """Turning the pair seed off gives the same hits and scores for every test phrase."""
    from briefing_app.core.search import whoosh_query

    with_pairs = {p: pair_index.search(f'"{p}"', limit=100) for p in PHRASES}
    pair_index.close()
    monkeypatch.setattr(whoosh_query, "_pair_candidates", lambda searcher, field, words: None)
    for phrase, results in with_pairs.items():
        plain = pair_index.search(f'"{phrase}"', limit=100)
        assert [(h.id, h.score) for h in plain.hits] == [(h.id, h.score) for h in results.hits]
