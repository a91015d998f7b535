"""Properties: any selection quotes to Markdown that verifies at its own locator, and a wrong
locator for the same words never does; Chicago transforms keep the words they move."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.brief.chicago import headline_case, short_title
from briefing_app.core.brief.note_refs import join_punctuation, leading_punctuation
from briefing_app.core.brief.quoting import quotation_markdown
from briefing_app.core.brief.verify import check_brief
from briefing_app.core.errors import BriefError
from tests.core.brief.articles import SEED_KEY, seed_article

SEED = seed_article()
LIBRARY = {SEED.key: SEED}
TEXT = SEED.text


@st.composite
def selections(draw):
    """A selection of 1–40 characters anywhere in the seed's text (cutting words at random)."""
    start = draw(st.integers(0, len(TEXT) - 2))
    end = draw(st.integers(start + 1, min(len(TEXT), start + 400)))
    return start, end


@given(selections())
def test_any_selection_quotes_to_a_verified_quotation(span):
    """Whatever is selected, the inserted quotation verifies (snapped words, its own locator)."""
    start, end = span
    if not any(ch.isalnum() for ch in TEXT[start:end]):
        with pytest.raises(BriefError, match="no words"):
            quotation_markdown(SEED, start, end)
        return
    markdown = quotation_markdown(SEED, start, end)
    checks = check_brief(markdown, LIBRARY)
    assert [c.status for c in checks] == ["verified"], (markdown, checks[0].detail)


def _loose(text: str) -> str:
    return " ".join(text.lower().replace("'", "").replace("’", "").split())


@given(selections(), st.integers(1, 4))
def test_the_same_words_at_another_paragraph_are_never_verified(span, other):
    """Moving the locator to a paragraph that does not hold the words makes it wrong_locator."""
    start, end = span
    if not any(ch.isalnum() for ch in TEXT[start:end]):
        return
    markdown = quotation_markdown(SEED, start, end)
    (check,) = check_brief(markdown, LIBRARY)
    if other in range(check.paragraph, SEED.paragraph_at(check.source_end - 1) + 1):
        return
    words = SEED.text[check.source_start : check.source_end]
    if _loose(words) in _loose(SEED.paragraphs[other - 1]):
        return  # the words (case and restored apostrophes aside) also stand there: right locator
    moved = markdown.replace(f"[@{SEED_KEY}, ¶", f"[@{SEED_KEY}, ¶{other}; @x, ¶", 1)
    moved = moved.replace(f"; @x, ¶{check.found_locator[1:]}]", "]")
    assert [c.status for c in check_brief(moved, LIBRARY)] == ["wrong_locator"], moved


@given(st.text(alphabet=st.sampled_from("abcXYZ -':,;"), max_size=60))
def test_headline_case_changes_only_letter_case(title):
    """Headline style changes the case of letters and nothing else (spaces collapsed)."""
    assert headline_case(title).lower() == " ".join(title.split()).lower()


@given(st.lists(st.sampled_from(["a", "b", "The", "of", "and", "x:", "y,", "Cc"]), max_size=12))
def test_short_title_is_at_most_four_words_in_order(words):
    """A short title has at most four words, all from the main title, in their order."""
    title = " ".join(words)
    short = short_title(title).split()
    assert len(short) <= 4 or len(title.split(":")[0].split()) <= 4
    it = iter(w.rstrip(",;:") for w in words)
    assert all(any(w.rstrip(",;:") == x for x in it) for w in short)


@given(st.text(max_size=20), st.text(alphabet=".,;:!? x", max_size=5))
def test_note_placement_loses_no_words(before, after):
    """Moving punctuation before a note number keeps every character that is not a duplicate period."""
    punctuation = leading_punctuation(after)
    joined = join_punctuation(before, punctuation)
    assert sorted(joined) == sorted(before + punctuation) or joined == before
