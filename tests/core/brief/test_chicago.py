"""Chicago notes-bibliography as an editor checks it; each test names the CMOS (17th ed.) rule."""

from __future__ import annotations

import pytest

from briefing_app.core.brief.chicago import csl_type, headline_case, short_title
from briefing_app.core.brief.csl import csl_item
from briefing_app.core.brief.export import resolved_markdown
from briefing_app.core.brief.render import render_html
from tests.core.brief.articles import SEED_KEY, plain_article, seed_article
from tests.core.brief.golden import compare_golden


@pytest.mark.parametrize(
    ("title", "short"),
    [
        # Not "Kazakhstan's Expanding Multi-Vector Foreign": the head noun is never cut off.
        (
            "Kazakhstan's Expanding Multi-Vector Foreign Policy",
            "Kazakhstan's Multi-Vector Foreign Policy",
        ),
        ("The Rise and Fall of the Third Reich: A History of Nazi Germany", "Rise and Fall"),
        (
            "A Tale of Two Cities",
            "Tale of Two Cities",
        ),  # four words: not shortened, article dropped
        ("Thai Court Dissolves Party That Nominated Princess", "Thai Court Dissolves Party"),
        ("Kazakhstan Weighs a Gas Union with Russia", "Kazakhstan Weighs Gas Union"),
        ("Why Russia Invaded Ukraine in 2022 and What Comes Next", "Why Russia Invaded Ukraine"),
        ("US, Russia Sign Deal on Arms Control Talks", "US, Russia Sign Deal"),
    ],
)
def test_short_title_up_to_four_key_words_cmos_14_29(title, short):
    """CMOS 14.29: up to four key words of the main title, initial article dropped, whole phrases."""
    assert short_title(title) == short


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        (
            "Thai court dissolves party that nominated princess",
            "Thai Court Dissolves Party That Nominated Princess",
        ),
        (
            "the fight for the Arctic: a view from Oslo",
            "The Fight for the Arctic: A View from Oslo",
        ),
        ("China's BRI and the COVID-19 pandemic", "China's BRI and the COVID-19 Pandemic"),
        (
            "kazakhstan's multi-vector policy is about to change",
            "Kazakhstan's Multi-Vector Policy Is about to Change",
        ),
        ("what the talks were for", "What the Talks Were For"),  # the last word is capitalised
    ],
)
def test_titles_in_headline_style_cmos_8_159(title, headline):
    """CMOS 8.159–8.161: major words capitalised, articles/prepositions/conjunctions lowercase."""
    assert headline_case(title) == headline


def _news_library():
    seed = seed_article()
    post = plain_article(
        "smith2024kazakhstan",
        "kazakhstan weighs a gas union with russia",
        ["“We are not part of any union,” the minister said."],
        authors=["Jane Smith"],
        publisher="The Washington Post",
        published="2024-01-05",
        url="https://www.washingtonpost.com/world/2024/01/05/kazakhstan-gas/",
    )
    economist = plain_article(
        "economist2024steppe",
        "The steppe and the superpowers",
        ["Central Asia is courted from every side."],
        publisher="The Economist",
        published="2024-02-01",
    )
    wiki = plain_article(
        "wikinews2019thai29",
        "Thai court dissolves party that nominated princess",
        ["The court ruled on Thursday."],
        publisher="Wikinews",
        published="2019-03-07",
        url="https://en.wikinews.org/wiki/Thai_court_dissolves_party",
    )
    return {a.key: a for a in (seed, post, economist, wiki)}


NEWS_BRIEF = (
    "---\ntitle: Notes check\n---\n"
    "The minister was blunt: “We are not part of any union” [@smith2024kazakhstan, ¶1]. "
    "Others agree [@economist2024steppe], and the court ruled [@wikinews2019thai29, ¶1]; "
    "Astana “is also a critical artery” [@avdaliani2023kazakhstans, ¶2].\n\n"
    "Later: “any union” [@smith2024kazakhstan, ¶1], and “the court ruled” [@wikinews2019thai29, ¶1].\n"
)


def test_notes_and_bibliography_golden_cmos_14_191_14_206():
    """CMOS 14.191 newspapers and 14.170 magazines italic (14.192 no “The”), 14.206 websites
    roman, 14.29 short titles, 14.68 alphabetising without an initial article."""
    markdown, _ = resolved_markdown(NEWS_BRIEF, _news_library())
    compare_golden("news_brief.notes.md", markdown)
    assert "*Washington Post*, January 5, 2024, ¶1" in markdown  # 14.192: “The” omitted
    assert "“Kazakhstan Weighs a Gas Union with Russia,”" in markdown  # headline style in notes
    assert "*Economist*" in markdown and "*Wikinews*" not in markdown
    assert "Smith, “Kazakhstan Weighs Gas Union,” ¶1." in markdown  # short form
    bibliography = markdown.split("## Bibliography")[1]
    assert bibliography.index("“The Steppe") < bibliography.index("“Thai")  # 14.68: “The” ignored


def test_note_reference_follows_punctuation_with_no_space_cmos_14_26():
    """CMOS 14.26 (and 6.9): the number follows the punctuation, no space; periods go inside."""
    markdown, _ = resolved_markdown(NEWS_BRIEF, _news_library())
    assert "“We are not part of any union.”[^cite-1]" in markdown
    assert "Others agree,[^cite-2] and the court ruled;[^cite-3]" in markdown
    html = render_html(NEWS_BRIEF, _news_library()).html
    assert 'any union.”<sup class="footnote-ref"><a href="#fn1" id="fnref1">1</a></sup>' in html
    assert "agree,<sup" in html and "[1]" not in html


def test_quotation_ending_with_its_own_period_gets_no_second_one_cmos_6_9():
    """A quotation that ends with a period keeps one period before the note number."""
    library = _news_library()
    text = "He wrote “Central Asia is courted from every side.” [@economist2024steppe]."
    markdown, _ = resolved_markdown(text, library)
    assert "“Central Asia is courted from every side.”[^cite-1]" in markdown


def test_csl_types_for_newspapers_magazines_series_and_sites():
    """CSL types follow the publication: article-newspaper, article-magazine, webpage."""
    library = _news_library()
    types = {key: csl_type(article) for key, article in library.items()}
    assert types == {
        SEED_KEY: "article-magazine",  # a series (Eurasia Daily Monitor)
        "smith2024kazakhstan": "article-newspaper",
        "economist2024steppe": "article-magazine",
        "wikinews2019thai29": "webpage",
    }
    item = csl_item(library["smith2024kazakhstan"])
    assert item["container-title"] == "The Washington Post"
    assert csl_item(library["wikinews2019thai29"])["type"] == "webpage"


def test_a_wiki_page_is_cited_by_its_revision_cmos_14_233():
    """CMOS 14.233: a wiki entry is dated by the revision consulted ("last modified"); an
    article updated after publication keeps its publication date."""
    wiki = plain_article(
        "contributors2019new",
        "New Zealand",
        ["New Zealand is a sovereign island country in the southwestern Pacific Ocean."],
        publisher="Wikipedia",
        published="2001-10-29",
        modified="2019-09-26",
        revised_in_place=True,
        url="https://en.wikipedia.org/wiki/New_Zealand",
    )
    library = {**_news_library(), wiki.key: wiki}
    library["smith2024kazakhstan"].metadata.modified = "2024-03-01"
    text = "It is an island country [@contributors2019new, ¶1]; “any union” [@smith2024kazakhstan, ¶1]."
    markdown, _ = resolved_markdown(text, library)
    assert "Wikipedia, last modified September 26, 2019, ¶1" in markdown
    assert "2001" not in markdown
    assert "January 5, 2024" in markdown and "March 1, 2024" not in markdown
    assert csl_item(wiki)["issued"] == {"date-parts": [[2019, 9, 26]]}
    assert csl_item(library["smith2024kazakhstan"])["issued"] == {"date-parts": [[2024, 1, 5]]}
