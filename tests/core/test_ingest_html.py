"""Saved web pages: main text as plain paragraphs, metadata from declarations and bylines, no active content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html, html_metadata, html_people, html_text
from tests.conftest import FIXTURES

HTML_FIXTURES = FIXTURES / "html"
PAGES = Path("corpora") / "readability-pages"


def _parse(name: str):
    return html.parse((HTML_FIXTURES / name).read_bytes(), name)


def test_opengraph_and_json_ld_metadata():
    """Title, authors (nested JSON-LD objects), date, site, URL, language and tags are read."""
    meta = _parse("opengraph_jsonld.html").metadata
    assert meta.title == "Grain corridor talks stall over insurance"
    assert meta.authors == ["Amira Haddad", "Peter Lindqvist"]  # all-caps name proper-cased
    assert meta.published == "2023-12-03"
    assert meta.publisher == "The Northern Ledger"
    assert meta.url == "https://www.northern-ledger.example/world/2023/12/03/grain-corridor-talks"
    assert meta.language == "en-GB"
    assert meta.tags[:2] == ["Shipping", "Black Sea"]
    assert "insures ships" in meta.description


def test_boilerplate_is_left_out_of_the_text():
    """Navigation, adverts, related links and the footer do not reach the paragraphs."""
    doc = _parse("opengraph_jsonld.html")
    text = "\n".join(doc.paragraphs)
    assert doc.paragraphs[-1].startswith("The talks are expected to resume")
    for boilerplate in ("Subscribe today", "Related stories", "All rights reserved", "Privacy"):
        assert boilerplate not in text
    assert doc.media_type == "text/html" and doc.extension == ".html"


def test_visible_byline_dateline_and_site_from_window_title():
    """Without declarations, the visible byline, a <time> element and the window title serve."""
    meta = _parse("visible_byline.html").metadata
    assert meta.title == "Le port de Marseille modernise ses quais"
    assert meta.authors == ["Claire Dupont"]
    assert meta.published == "2024-03-18"
    assert meta.publisher == "La Gazette du Midi"
    assert meta.language == "fr"


def test_hostile_page_leaves_only_text():
    """Scripts, handlers, frames, hidden text, objects, forms and links leave nothing in the record."""
    doc = _parse("hostile.html")
    record = json.dumps([doc.paragraphs, doc.metadata.__dict__])
    assert "HOSTILE" not in record
    for active in ("<", "javascript:", "file:", "127.0.0.1", "onerror", "alert("):
        assert active not in record
    assert len(doc.paragraphs) >= 4
    assert any(p.startswith("Barge operators reported") for p in doc.paragraphs)


def test_declared_charset_is_honoured():
    """A windows-1252 page decodes by its declared charset, curly quotes intact."""
    body = (
        "<p>"
        + "The minister\u2019s \u201cfinal\u201d offer was rejected by the union. " * 5
        + "</p>"
    )
    page = f'<html><head><meta charset="windows-1252"><title>T</title></head><body>{body}</body></html>'
    doc = html.parse(page.encode("cp1252"), "page.html")
    assert "minister\u2019s \u201cfinal\u201d" in doc.paragraphs[0]


def test_whitespace_is_collapsed_as_a_browser_does_and_not_logged():
    """Runs of spaces and newlines become one space; no-break spaces stay; nothing is logged."""
    text = (
        "Officials   said\n   the talks\u00a0had made progress on rules for inspection of ships. "
        * 4
    )
    doc = html.parse(
        f"<html><body><article><p>{text}</p></article></body></html>".encode(), "a.html"
    )
    assert "Officials said the talks\u00a0had" in doc.paragraphs[0]
    assert [r for r in doc.repairs if r.kind != "decoding"] == []


def test_page_without_text_fails_plainly():
    """A page with no readable text is an IngestError with a plain reason."""
    with pytest.raises(IngestError, match="no article text"):
        html.parse(
            b"<html><head><script>x()</script></head><body><img src=a.png></body></html>", "a.html"
        )


def test_site_suffix_and_author_suffix_are_trimmed():
    """ "Title | Site" and "Title | Author" lose the site's or author's name."""
    assert (
        html_metadata.trim_site_suffix("Big news today | Example Times", "Example Times", [])
        == "Big news today"
    )
    assert html_metadata.trim_site_suffix("Big news | Jane Doe", "", [], ["Jane Doe"]) == "Big news"
    assert html_metadata.trim_site_suffix("TMZ - Big news here", "tmz.com", []) == "Big news here"
    assert (
        html_metadata.trim_site_suffix("Cats - Dogs - Mice", "", ["Cats - Dogs"]) == "Cats - Dogs"
    )
    assert html_metadata.trim_site_suffix("War and Peace", "", []) == "War and Peace"


def test_people_are_cleaned_into_names():
    """Bylines become names: "By" dropped, split on "and", degrees and URLs removed, inverted names turned."""
    clean = html_people.clean_people
    assert clean(["By JOE BLOGGS and Jane Roe"], "") == ["Joe Bloggs", "Jane Roe"]
    assert clean(["Brenda Goodman, MA"], "") == ["Brenda Goodman"]
    assert clean(["Jong, Michiel de"], "") == ["Michiel de Jong"]
    assert clean(["https://example.com/staff/jane"], "") == []
    assert clean(["By Nathan Willis March 25, 2015"], "") == ["Nathan Willis"]
    assert clean(["Trump inauguration: ticket packages on sale"], "") == []
    assert clean(["Example News"], "Example News") == []


def test_iso_days_from_machine_and_human_dates():
    """Machine timestamps keep their written day; human dates go through the shared date parser."""
    assert html_metadata.iso_day("2024-12-06T22:00:40.000Z") == "2024-12-06"
    assert html_metadata.iso_day("2015-07-10 09:53:00 -0400") == "2015-07-10"
    assert html_metadata.iso_day("March 11, 2015 3:46 PM") == "2015-03-11"
    assert html_metadata.iso_day("soon") == ""


def test_only_web_urls_are_recorded():
    """javascript:, file: and data: URLs are never taken as the article's URL."""
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//cdn.example/x"):
        assert html_metadata.web_url(bad) == ""
    assert html_metadata.web_url(" https://example.org/a ") == "https://example.org/a"


def test_combination_rule():
    """trafilatura's text is taken only when it holds readability's and adds a moderate amount."""
    readable = ["alpha beta gamma delta epsilon zeta eta theta iota kappa"]
    superset = readable + ["lambda mu nu omicron"]
    assert html_text.choose(readable, superset) == superset
    assert html_text.choose(readable, readable + ["x"] * 40) == readable  # far longer: boilerplate
    assert (
        html_text.choose(readable, ["something else entirely and longer than before yes"])
        == readable
    )
    assert html_text.choose([], superset) == superset


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_raise_only_ingest_error(data):
    """Any bytes either parse or raise IngestError, never anything else."""
    try:
        html.parse(data, "random.html")
    except IngestError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("<>/=\"' abcp!-[]{}&;#\n\x00\u00a0\u2019ldjson")),
        max_size=2000,
    )
)
def test_random_markup_raises_only_ingest_error(text):
    """Tag soup made of HTML's own characters parses or raises IngestError."""
    try:
        html.parse(f"<html><body><p>{text}</p></body></html>".encode(), "soup.html")
    except IngestError:
        pass


def test_every_readability_page_imports(shared):
    """All readability test pages import with text and a title."""
    folders = sorted(p for p in (shared / PAGES).iterdir() if (p / "source.html").is_file())
    assert len(folders) >= 60
    for folder in folders:
        doc = html.parse((folder / "source.html").read_bytes(), "source.html")
        assert doc.paragraphs, folder.name
        assert doc.metadata.title, folder.name


def test_giant_start_tags_are_cut_to_their_name():
    """A start tag with thousands of attributes is reduced to its name; the text stays."""
    attrs = " ".join(f'a{i}="x"' for i in range(2000))
    page = f'<html><body><p {attrs}>Text stays.</p><a href="x">link</a></body></html>'
    shortened = html.shorten_giant_tags(page)
    assert "<p>Text stays.</p>" in shortened
    assert '<a href="x">link</a>' in shortened


def test_sanitising_keeps_only_scoring_attributes():
    """Every attribute but class, id, itemprop and role is removed before the extractors run."""
    root = html.load_tree(
        '<html><body><div class="story" id="main" role="main" onclick="x()" style="color:red">'
        '<p data-x="1" onmouseover="y()">Words</p><a href="javascript:z()">link</a></div></body></html>'
    )
    html_text.sanitise(root)
    attributes = {name for el in root.iter() for name in el.attrib}
    assert attributes == {"class", "id", "role"}
