"""quotation_markdown: exact words, the right citation, the right form."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from briefing_app.core.brief.quoting import quotation_markdown
from briefing_app.core.brief.verify import check_brief
from briefing_app.core.errors import BriefError
from tests.core.brief.articles import plain_article, seed_article


def _span(article, phrase):
    start = article.text.index(phrase)
    return start, start + len(phrase)


def _rendered_text(markdown: str) -> str:
    """The text a reader sees once the Markdown is rendered (tags and citation removed)."""
    html = MarkdownIt("commonmark").render(markdown)
    import html as html_lib
    import re

    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    return " ".join(text.split())


def test_short_passage_becomes_inline_quotation_with_paragraph_locator():
    """A short passage of paragraph 2 is quoted inline and cited to ¶2."""
    article = seed_article()
    phrase = "China is not only an aspiring global power with heaps of cash"
    out = quotation_markdown(article, *_span(article, phrase))
    assert out == f"“{phrase}” [@avdaliani2023kazakhstans, ¶2]"


def test_surrounding_whitespace_is_trimmed_but_words_kept():
    """Leading and trailing spaces of a selection are dropped; the words stay."""
    article = seed_article()
    start, end = _span(article, "Moreover, Kazakhstan")
    out = quotation_markdown(article, start - 2, end + 1)
    assert out.startswith("“Moreover, Kazakhstan”")
    assert out.endswith("[@avdaliani2023kazakhstans, ¶2]")


def test_long_passage_becomes_blockquote_ending_with_citation():
    """A passage over the threshold is set as a blockquote."""
    article = seed_article()
    para = article.paragraphs[0]
    out = quotation_markdown(article, *_span(article, para), block_threshold=20)
    assert out.startswith("> Recently, Kazakhstani")
    assert out.rstrip().endswith("imperial ambitions. [@avdaliani2023kazakhstans, ¶1]")


def test_passage_over_two_paragraphs_is_a_blockquote_with_range_locator():
    """Two paragraphs give a two-paragraph blockquote cited ¶1–2."""
    article = seed_article()
    start = article.text.index("As a result")
    end = article.text.index("Georgia or") + len("Georgia or")
    out = quotation_markdown(article, start, end)
    assert out.splitlines()[1] == ">"
    assert "¶1–2]" in out


def test_inner_double_quotes_become_single_marks_cmos_13_30():
    """CMOS 13.30: a quotation within a quotation takes single marks inside the double ones."""
    article = plain_article(
        "doe2020vote", "Vote", ['The mayor said "we will not resign" on Monday.']
    )
    out = quotation_markdown(article, 0, len(article.text))
    assert out == "“The mayor said ‘we will not resign’ on Monday.” [@doe2020vote, ¶1]"
    assert [c.status for c in check_brief(out, {article.key: article})] == ["verified"]


def test_direct_quote_claim_is_not_double_wrapped():
    """A claim that is itself a quotation keeps single inner marks and drops its lead-in comma."""
    text = "“Our nation is in danger,” the minister said."
    article = plain_article("press2024session", "Session", [text])
    out = quotation_markdown(article, 0, text.index(" the minister"))
    assert out == "“‘Our nation is in danger’” [@press2024session, ¶1]"
    assert [c.status for c in check_brief(out, {article.key: article})] == ["verified"]


def test_trailing_comma_of_a_selection_is_dropped():
    """A selection ending on a comma quotes the words without it, and still verifies."""
    text = "Oil prices fell, traders said."
    article = plain_article("doe2024oil", "Oil", [text])
    out = quotation_markdown(article, 0, text.index(" traders"))
    assert out == "“Oil prices fell” [@doe2024oil, ¶1]"


@pytest.mark.parametrize(
    ("selected", "quoted"),
    [
        ("China's spraw", "China's sprawling"),
        ("hina's sprawling", "China's sprawling"),
        ("ina's spr", "China's sprawling"),
        ("critical artery", "critical artery"),
    ],
)
def test_selection_snaps_to_whole_words(selected, quoted):
    """A selection cutting into a word takes the whole word, so the check accepts the quote."""
    article = seed_article()
    start = article.text.index(selected)
    out = quotation_markdown(article, start, start + len(selected))
    assert out.startswith(f"“{quoted}”")
    assert [c.status for c in check_brief(out, {article.key: article})] == ["verified"]


def test_both_kinds_of_quotes_inside_fall_back_to_blockquote():
    """Double quotes plus a closing single quote cannot be enclosed inline."""
    text = "He called it \"the 'people' plan\" yesterday."
    article = plain_article("doe2020plan", "Plan", [text])
    out = quotation_markdown(article, 0, len(text))
    assert out.startswith("> He called it")


def test_markdown_syntax_is_escaped_so_rendered_words_are_exact():
    """Stars, brackets, ampersands and a leading number render as the source's characters."""
    text = "1990. Profits rose *sharply* [sic] at A&T_Corp <b>"
    article = plain_article("doe2020profits", "Profits", [text])
    out = quotation_markdown(article, 0, len(text), block_threshold=3)
    rendered = _rendered_text(out)
    assert rendered == text + " [@doe2020profits, ¶1]"


def test_empty_or_out_of_range_selection_is_a_clear_error():
    """An empty selection or one outside the text raises BriefError."""
    article = seed_article()
    with pytest.raises(BriefError):
        quotation_markdown(article, 5, 5)
    with pytest.raises(BriefError):
        quotation_markdown(article, 0, len(article.text) + 10)
    start = article.text.index("\n\n")
    with pytest.raises(BriefError, match="no words"):
        quotation_markdown(article, start, start + 2)
