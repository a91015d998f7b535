"""Pairing quotation marks: apostrophes inside words and after a plural "s", nesting, styles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.brief.document import parse_brief
from briefing_app.core.brief.quotations import find_quotations
from briefing_app.core.brief.quote_marks import pair_quotes


def _quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in pair_quotes(text)]


def test_closing_quote_after_plural_possessive_is_not_cut_short():
    """‘the analysts’ view’: the ’ after “analysts” is an apostrophe, the last one closes."""
    text = "He called it ‘the analysts’ view of the market’ [@k, ¶2]."
    (quote,) = find_quotations(parse_brief(text))
    assert quote.raw == "the analysts’ view of the market"
    assert quote.citation is not None and quote.citation.keys == ["k"]


def test_plural_possessive_closes_when_nothing_else_can():
    """‘…said the analysts’ [@k]: the ’ after “s” closes the quotation."""
    text = "It was ‘a view held by analysts’ [@k] and the ministers’ pensions rose."
    assert _quoted(text) == ["a view held by analysts"]


def test_apostrophes_inside_words_and_elisions():
    """don’t, Kazakhstan’s, ’90s and ’em are never quotation marks."""
    text = "‘Don’t ask about Kazakhstan’s ’90s, tell ’em now’ and ‘more’."
    assert _quoted(text) == ["Don’t ask about Kazakhstan’s ’90s, tell ’em now", "more"]


def test_nested_quotes_belong_to_the_outer_quotation():
    """Only the outermost pair is a quotation; inner marks are part of its words."""
    assert _quoted("“He said ‘no’ to the ‘plan’ today” and “yes”.") == [
        "He said ‘no’ to the ‘plan’ today",
        "yes",
    ]
    assert _quoted("‘He called it “the deal” at once’") == ["He called it “the deal” at once"]


def test_straight_marks_pair_only_with_straight_marks():
    """A straight mark inside curly quotes is the source's own, not a closing quote."""
    text = '“the world." The Guard declared he was "martyred" by the strike.” [@k]'
    assert _quoted(text) == ['the world." The Guard declared he was "martyred" by the strike.']
    assert _quoted("'the analysts' view' and \"don't\"") == ["the analysts' view", "don't"]


# -- generated briefs -----------------------------------------------------------------------
PLAIN = ["the", "minister", "said", "growth", "was", "slow", "in", "2020", "Astana", "not"]
INNER_APOSTROPHES = ["don’t", "it’s", "Kazakhstan’s", "won't", "o’clock"]
ELISIONS = ["’90s", "’em"]
STYLES = {
    "curly double": ("“", "”", ["analysts’", "ministers'"], ("‘", "’")),
    "curly single": ("‘", "’", ["analysts’", "ministers'"], ("“", "”")),
    "straight double": ('"', '"', ["analysts’", "ministers'"], ("‘", "’")),
    "straight single": ("'", "'", ["analysts'", "ministers’"], ("“", "”")),
}
AROUND = ["Officials", "noted", "the", "ministers’", "analysts'", "don’t", "Xi’s", "view"]


@st.composite
def quoted_paragraphs(draw):
    """A paragraph with one cited quotation whose words hold apostrophes and nested quotes."""
    style = draw(st.sampled_from(sorted(STYLES)))
    opening, closing, possessives, (inner_open, inner_close) = STYLES[style]
    word = st.sampled_from(PLAIN + INNER_APOSTROPHES + ELISIONS + possessives)
    words = draw(st.lists(word, min_size=1, max_size=10))
    if draw(st.booleans()) and len(words) > 1:  # nest a quotation of the other kind
        i = draw(st.integers(0, len(words) - 2))
        words[i] = inner_open + words[i]
        words[i + 1] = words[i + 1] + inner_close
    content = " ".join(words)
    before = " ".join(draw(st.lists(st.sampled_from(AROUND), max_size=5)))
    after = " ".join(draw(st.lists(st.sampled_from(AROUND), max_size=5)))
    text = f"Officials {before} {opening}{content}{closing} [@k, ¶2] {after}."
    return text, content


@settings(max_examples=300, deadline=None)
@given(quoted_paragraphs())
def test_generated_briefs_find_exactly_the_quoted_words(case):
    """Whatever apostrophes and nested quotes a quotation holds, its exact words are found."""
    text, content = case
    quotes = find_quotations(parse_brief(text))
    assert [q.raw for q in quotes] == [content]
    assert quotes[0].citation is not None and quotes[0].citation.keys == ["k"]
