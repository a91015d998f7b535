"""Locators are checked: words found anywhere but at the cited paragraph or page do not verify."""

from __future__ import annotations

import pytest

from briefing_app.cli import main
from briefing_app.core.brief.verify import check_brief
from tests.core.brief.articles import plain_article

SPEECH = [
    "The minister opened the session at noon.",
    "Delegates from twelve regions attended.",
    "The budget was the first item on the agenda.",
    "Questions were taken from the floor.",
    "“Our nation is in danger,” the minister said.",
    "The session closed at six.",
]
KEY = "press2024session"


def speech(**extra):
    """The six-paragraph speech report used by every test here."""
    article = plain_article(KEY, "Session report", SPEECH, publisher="Press Office")
    for name, value in extra.items():
        setattr(article, name, value)
    return {KEY: article}


def only(text: str, library):
    (check,) = check_brief(text, library)
    return check


@pytest.mark.parametrize("locator", ["", ", ¶5", ", para. 5", ", para 5", ", ¶¶4–6", ", ¶5, 6"])
def test_right_or_missing_paragraph_locator_verifies(locator):
    """Words cited to a paragraph that holds them, or with no locator, are verified."""
    check = only(f"“Our nation is in danger” [@{KEY}{locator}].", speech())
    assert (check.status, check.paragraph, check.found_locator) == ("verified", 5, "¶5")


@pytest.mark.parametrize("locator", [", ¶4", ", para. 6", ", ¶1–3", ", paragraph 2"])
def test_wrong_paragraph_locator_is_not_verified(locator):
    """The issue's case: ¶4 for words in ¶5 is wrong_locator, and the detail says where they are."""
    check = only(f"“Our nation is in danger” [@{KEY}{locator}].", speech())
    assert check.status == "wrong_locator" and not check.ok
    assert check.found_locator == "¶5" and "the words are in ¶5" in check.detail


def test_repeated_words_verify_at_the_cited_occurrence():
    """Words that occur in two paragraphs verify at either one, and at no third."""
    library = speech()
    assert only(f"“the minister” [@{KEY}, ¶1]", library).status == "verified"
    assert only(f"“the minister” [@{KEY}, ¶5]", library).paragraph == 5
    assert only(f"“the minister” [@{KEY}, ¶3]", library).status == "wrong_locator"


def test_an_alteration_with_a_right_locator_stays_not_found():
    """A right locator does not excuse changed words."""
    assert only(f"“Our country is in danger” [@{KEY}, ¶5]", speech()).status == "not_found"


def test_unknown_locator_kind_fails_closed():
    """A braced locator the article cannot confirm is not verified."""
    check = only(f"“Our nation is in danger” [@{KEY}, {{sec. 3}}]", speech())
    assert check.status == "wrong_locator" and "cannot be checked" in check.detail


def _paged():
    """The speech on printed pages 11 (¶1–3), 12 (¶4–5) and 13 (¶6)."""
    article = plain_article(KEY, "Session report", SPEECH)
    starts = article.paragraph_starts
    article.pages = [
        {"label": "11", "start": 0},
        {"label": "12", "start": starts[3]},
        {"label": "13", "start": starts[5]},
    ]
    return {KEY: article}


@pytest.mark.parametrize("locator", ["p. 12", "pp. 11–12", "page 12"])
def test_right_page_locator_verifies(locator):
    """A page locator naming the page the words are printed on is verified."""
    assert only(f"“Our nation is in danger” [@{KEY}, {locator}]", _paged()).status == "verified"


@pytest.mark.parametrize("locator", ["p. 11", "p. 13", "pp. 1–10"])
def test_wrong_page_locator_is_not_verified(locator):
    """A page locator naming another page is wrong_locator, with the right page in the detail."""
    check = only(f"“Our nation is in danger” [@{KEY}, {locator}]", _paged())
    assert (check.status, check.found_locator) == ("wrong_locator", "p. 12")
    assert "¶5 (p. 12)" in check.detail


def test_quotation_over_a_page_break_may_name_either_page():
    """Words running from p. 11 onto p. 12 verify with pp. 11–12, p. 11 or p. 12, not p. 13."""
    library = _paged()
    article = library[KEY]
    article.pages[1]["start"] = article.text.index("on the agenda")
    quote = "“The budget was the first item on the agenda”"
    for good in ("pp. 11–12", "p. 11", "p. 12"):
        assert only(f"{quote} [@{KEY}, {good}]", library).status == "verified", good
    check = only(f"{quote} [@{KEY}, p. 13]", library)
    assert (check.status, check.found_locator) == ("wrong_locator", "pp. 11–12")


def test_page_locator_without_pages_fails_closed():
    """An article without printed pages cannot confirm `p. 12`: not verified, paragraph given."""
    check = only(f"“Our nation is in danger” [@{KEY}, p. 12]", speech())
    assert check.status == "wrong_locator" and "no page numbers" in check.detail
    assert check.found_locator == "¶5"


def test_cli_check_exits_1_on_a_wrong_locator(seeded, tmp_path, capsys):
    """`briefing check` prints wrong_locator, says where the words are, and exits 1."""
    brief = tmp_path / "b.md"
    brief.write_text(
        "“Kazakhstans refusal would not be as surprising” [@avdaliani2023kazakhstans, ¶2].\n",
        encoding="utf-8",
    )
    assert main(["--library", str(seeded.root), "check", str(brief)]) == 1
    out = capsys.readouterr().out
    assert "wrong_locator" in out and "the words are in ¶1" in out


def test_not_found_detail_anchors_on_the_cited_paragraph():
    """A word changed at the start: the detail still names the cited ¶5 and the differing words."""
    check = only(f"“Our country is in danger” [@{KEY}, ¶5]", speech())
    assert check.status == "not_found"
    assert "¶5" in check.detail and "“Our country is in”" in check.detail
    assert "“Our nation is in”" in check.detail


def test_not_found_detail_without_locator_uses_the_best_matching_paragraph():
    """With no locator, or one naming an unrelated paragraph, the best-matching one is used."""
    for locator in ("", ", ¶2"):
        check = only(f"“The session closed at seven” [@{KEY}{locator}]", speech())
        assert "¶6" in check.detail and "“closed at seven”" in check.detail, check.detail


def test_closest_passage_marks_each_difference():
    """closest_passage returns the passage's span and every differing word, with offsets."""
    from briefing_app.core.brief.closest import closest_passage

    article = speech()[KEY]
    closest = closest_passage(article, "the minister loudly said today", [5])
    assert closest.paragraph == 5
    assert article.text[closest.start : closest.end] == "the minister said."
    assert [(d.quoted, d.source) for d in closest.differences] == [("loudly", ""), ("today", "")]
    assert closest.differences[0].source_context == "the minister said."
