"""Web pages: boilerplate that extractors keep, captions, and the metadata rules of issue-level
patterns (an embedded video's date, modified vs published, the URL's organisation, taglines,
bylines printed on the page, organisations as declared authors)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.ingest import html, html_boilerplate

ARTICLE = [
    "The council voted on Tuesday to close the port for repairs, a decision that will cost "
    "exporters millions over the coming months, officials said.",
    "Ship owners said they had not been consulted and would appeal the decision in court.",
]


def test_newsletter_pricing_after_the_article_is_removed():
    block = [
        "Sign up for Command Line, a paid weekly newsletter about the tech industry.",
        "Monthly",
        "$7/month",
        "A flexible plan you can cancel anytime.",
        "Annual",
        "$70/year",
        "We accept credit card, Apple Pay and Google Pay.",
    ]
    assert html_boilerplate.clean(ARTICLE + block) == ARTICLE


def test_a_sentence_about_a_subscription_is_article_text():
    text = (
        "The regulator said the newsletter had misled readers about its subscription prices for "
        "two years, and fined the publisher a sum equal to its annual revenue from the scheme."
    )
    assert html_boilerplate.clean([*ARTICLE, text]) == [*ARTICLE, text]


def test_promos_pagination_separators_and_credits_are_removed():
    noise = [
        "[Read: Why Tunisia, Arab Spring's sole success story, suffers from Islamist violence]",
        "Next page: Security>>",
        "___",
        "Comments (5 posted)",
        "Share this article",
        "Photograph: Adrian Malloch for the Guardian",
        "© 2019 Example News Ltd. All rights reserved.",
    ]
    mixed = [ARTICLE[0], *noise, ARTICLE[1]]
    assert html_boilerplate.clean(mixed) == ARTICLE


def test_a_trailing_teaser_list_is_cut_at_its_heading():
    teasers = [
        "Other Opinion Columns",
        "Editorial Fraser's lasting legacy",
        "Wave of stupidity Doctor knows best",
        "Ikea challenge Good for some, but I'm not buying it",
    ]
    body = ARTICLE * 3
    assert html_boilerplate.clean(body + teasers) == body
    read_more = [
        "Read more:",
        "Tunisia's Islamists get a sobering lesson",
        "Bardo museum treasures",
    ]
    assert html_boilerplate.clean(body + read_more) == body


@given(st.lists(st.text(max_size=80), max_size=12))
def test_cleaning_only_removes_paragraphs_and_keeps_their_order(paragraphs):
    cleaned = html_boilerplate.clean(paragraphs)
    iterator = iter(paragraphs)
    assert all(any(p == q for q in iterator) for p in cleaned)


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Port closes for repairs - Harbour Times - News you can trust every day</title>
<meta property="og:site_name" content="Harbour Times - News you can trust every day">
<meta property="article:modified_time" content="2021-05-09T10:00:00Z">
<link rel="canonical" href="https://www.harbourtimes.example/port-closes">
</head><body>
<div class="author-list"><span class="author">Katie Couric New Yorkers post their feelings</span></div>
<div class="byline"><span class="author-name">NATALIYA VASILYEVA</span></div>
<article itemscope itemtype="https://schema.org/Article">
<meta itemprop="datePublished" content="2021-05-03T08:00:00Z">
<div itemprop="video" itemscope itemtype="https://schema.org/VideoObject">
<meta itemprop="datePublished" content="2021-05-08T08:00:00Z"></div>
<h1>Port closes for repairs</h1>
<figure><img src="x.jpg"><figcaption>The harbour at dawn. Photograph: J. Smith</figcaption></figure>
<p>The council voted on Tuesday to close the port for repairs, a decision that will cost
exporters millions over the coming months, officials said on the record.</p>
<p>Ship owners said they had not been consulted and would appeal the decision in court, and
they expect a hearing before the end of the summer season at the earliest.</p>
<p>Repairs are expected to take eight months, according to the harbour master's office, which
published a timetable for the work on its website on Wednesday.</p>
</article>
<div class="comments"><div class="byline">J J</div><div class="byline">S Sky</div></div>
</body></html>"""


def test_page_metadata_follows_the_article_not_its_neighbours():
    doc = html.parse(PAGE.encode(), "port.html")
    meta = doc.metadata
    assert meta.published == "2021-05-03"  # the article's own date, not the video's
    assert meta.modified == "2021-05-09"  # kept apart from the publication date
    assert meta.publisher == "Harbour Times"  # without the tagline
    assert meta.authors == ["Nataliya Vasilyeva"]  # printed before the text, not a comment's
    assert doc.captions == ["The harbour at dawn. Photograph: J. Smith"]
    assert not any("harbour at dawn" in p for p in doc.paragraphs)


def test_publisher_falls_back_to_the_urls_organisation_and_declared_organisations_author():
    page = PAGE.replace(
        '<meta property="og:site_name" content="Harbour Times - News you can trust every day">', ""
    ).replace(
        "<title>Port closes for repairs - Harbour Times - News you can trust every day</title>", ""
    )
    page = page.replace("https://www.harbourtimes.example/", "https://en.wikinews.org/wiki/")
    page = page.replace(
        "</head>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": '
        '"Organization", "name": "Contributors to Wikimedia projects"}}</script></head>',
    )
    meta = html.parse(page.encode(), "port.html").metadata
    assert meta.publisher == "Wikinews"
    assert meta.authors == ["Contributors to Wikimedia projects"]


def _page(body: str) -> bytes:
    story = "".join(f"<p>{p}</p>" for p in ARTICLE * 3)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Port</title></head>'
        f"<body><article><h1>Port closes</h1>{story}{body}{story}</article></body></html>"
    ).encode()


def _captions_and_body(body: str) -> tuple[list[str], list[str]]:
    doc = html.parse(_page(body), "port.html")
    return doc.captions, doc.paragraphs


CAPTION = "Dock workers unload the last ship before the closure, on the north quay"


def test_a_caption_set_as_a_one_item_list_under_a_figure_is_a_caption():
    captions, body = _captions_and_body(
        f'<figure><img src="a.jpg" alt="Dock workers on the north quay."></figure>'
        f"<ul><li><p>{CAPTION}</p></li></ul>"
    )
    assert captions == [CAPTION]
    assert not any("Dock workers" in p for p in body)


def test_captions_by_class_in_image_containers_and_aria_figures():
    blog = (
        '<table class="tr-caption-container"><tr><td><img src="a.png"></td></tr>'
        f'<tr><td class="tr-caption">{CAPTION}</td></tr></table>'
    )
    wiki = f'<div class="thumb"><a href="#"><img src="a.png"></a><div class="thumbcaption">{CAPTION}</div></div>'
    aria = f'<div role="figure"><span class="photo-credit">{CAPTION}</span></div>'
    for markup in (blog, wiki, aria):
        captions, body = _captions_and_body(markup)
        assert captions == [CAPTION], markup
        assert not any("Dock workers" in p for p in body), markup


def test_a_paragraph_ending_with_a_photo_credit_is_a_caption():
    credit = "The harbour master at the quay. Photograph: Jane Smith for the Times"
    captions, body = _captions_and_body(f"<div><p>{credit}</p></div>")
    assert captions == [credit]
    assert credit not in body


def test_text_beside_pictures_stays_body_unless_it_is_a_caption():
    long_text = (
        "Dock workers said the closure would cost them their overtime for the whole season, "
        "and their union asked the council to pay the difference until the port reopens."
    )
    hero = '<p><span><img src="a.jpg" alt="Dock workers on the north quay"></span></p>'
    two_items = (
        f"<figure><img src='a.jpg'></figure><ul><li>{long_text}</li><li>{long_text}</li></ul>"
    )
    for markup in (hero + f"<p>{long_text} {long_text}</p>", two_items):
        captions, body = _captions_and_body(markup)
        assert captions == [], markup
        assert any(long_text in p for p in body), markup


def test_a_teaser_card_under_a_picture_is_neither_caption_nor_body():
    card = (
        '<a href="/other"><img src="t.jpg" alt="Harbour strike enters its third week">'
        '<div class="caption">Harbour strike enters its third week</div></a>'
    )
    captions, body = _captions_and_body(f'<div class="related"><figure>{card}</figure></div>')
    assert captions == []
    assert not any("third week" in p for p in body)


def test_caption_search_is_linear_on_deeply_nested_caption_classes():
    import time

    nested = '<div class="caption">x ' * 3000 + "</div>" * 3000
    start = time.perf_counter()
    html.parse(_page(f"<figure><img src='a.jpg'></figure>{nested}"), "deep.html")
    assert time.perf_counter() - start < 10


WIKI = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour - Example Wiki</title>
<meta name="generator" content="{generator}">
<script type="application/ld+json">{{"@type": "Article", "name": "Harbour",
"datePublished": "2004-02-01T10:00:00Z", "dateModified": "2019-09-26T11:35:37Z"}}</script>
</head><body><h1>Harbour</h1>
<p>The harbour was built in the eleventh century and rebuilt twice after storms destroyed
its breakwater, the second time with stone brought from the northern quarries.</p>
<p>It is run by a trust that the city council appoints every four years, and it handles
most of the region's fishing fleet as well as a ferry to the islands.</p>
<div id="footer"><ul><li id="footer-info-lastmod"> This page was last edited on
{footer}, at 11:35<span> (UTC)</span>.</li></ul></div>
</body></html>"""


def test_a_wiki_page_is_cited_by_its_revision_and_keeps_its_creation_date():
    page = WIKI.format(generator="MediaWiki 1.34.0-wmf.23", footer="26 September 2019")
    meta = html.parse(page.encode(), "harbour.html").metadata
    assert (meta.published, meta.modified) == ("2004-02-01", "2019-09-26")
    assert meta.revised_in_place
    assert meta.cited_date() == "2019-09-26"


def test_the_last_edited_footer_alone_dates_a_revision():
    page = WIKI.format(generator="", footer="3 March 2021").replace(
        '"dateModified": "2019-09-26T11:35:37Z"', '"about": "harbours"'
    )
    meta = html.parse(page.encode(), "harbour.html").metadata
    assert meta.modified == "2021-03-03"
    assert meta.revised_in_place and meta.cited_date() == "2021-03-03"


def test_a_web_page_not_an_article_is_cited_by_when_it_was_modified():
    page = WIKI.format(generator="", footer="").replace('"@type": "Article"', '"@type": "WebPage"')
    page = page.replace("This page was last edited on", "Contact the trust")
    meta = html.parse(page.encode(), "harbour.html").metadata
    assert meta.revised_in_place and meta.cited_date() == "2019-09-26"


def test_an_updated_news_article_keeps_its_publication_date():
    meta = html.parse(PAGE.encode(), "port.html").metadata  # NewsArticle-like, modified later
    assert not meta.revised_in_place
    assert meta.cited_date() == meta.published == "2021-05-03"
    assert meta.modified == "2021-05-09"


@pytest.mark.parametrize(
    "line",
    ["}", "});", "[extensions]", "[...]", "Les « boîtes noires »", "[figure 1: the repository]"],
)
def test_code_lines_config_sections_and_quoted_headings_are_not_noise(line):
    assert html_boilerplate.clean([ARTICLE[0], line, ARTICLE[1]]) == [ARTICLE[0], line, ARTICLE[1]]


@pytest.mark.parametrize("line", ["* * *", "[Watch: the port at night]"])
def test_drawn_rules_and_bracketed_promos_are_noise(line):
    assert html_boilerplate.clean([ARTICLE[0], line, ARTICLE[1]]) == ARTICLE


def test_a_news_story_on_a_wiki_keeps_its_publication_date():
    page = WIKI.format(generator="MediaWiki 1.43", footer="26 September 2019")
    page = page.replace('"@type": "Article"', '"@type": "NewsArticle"')
    meta = html.parse(page.encode(), "story.html").metadata
    assert meta.modified == "2019-09-26" and not meta.revised_in_place
    assert meta.cited_date() == meta.published == "2004-02-01"


def test_nested_last_edited_lines_are_read_in_linear_time():
    import time

    nested = "<div>This page was last edited on 1 May 2020 " * 3000 + "</div>" * 3000
    page = WIKI.format(generator="", footer="2 May 2020").replace("</body>", nested + "</body>")
    start = time.perf_counter()
    html.parse(page.encode(), "deep.html")
    assert time.perf_counter() - start < 10
