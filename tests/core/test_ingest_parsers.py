"""Plain-text and Markdown parsers, decoding, and the metadata rules they share."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.article import Article, Metadata
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import markdown, plaintext
from briefing_app.core.ingest.citekey import make_key
from briefing_app.core.ingest.decode import decode
from briefing_app.core.ingest.metadata import (
    detect_language,
    find_citations,
    proper_case_name,
    split_authors,
    title_from_url,
)

# -- decoding --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_decides_the_encoding(encoding):
    """A byte-order mark is trusted and logged."""
    decoded = decode("Caf\u00e9 \u201cquoted\u201d".encode(encoding))
    assert decoded.text == "Caf\u00e9 \u201cquoted\u201d"
    assert decoded.repairs[0].kind == "decoding"


def test_declared_charset_and_detection():
    """A declared charset is honoured; undeclared legacy bytes are detected."""
    declared = "# -*- coding: latin-1 -*-\nna\u00efve caf\u00e9".encode("latin-1")
    assert decode(declared).text.endswith("na\u00efve caf\u00e9")
    legacy = (
        "The caf\u00e9 on the corner served cr\u00e8me br\u00fbl\u00e9e all day. " * 5
    ).encode("cp1252")
    assert "cr\u00e8me" in decode(legacy).text


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(200), bytes(range(256)) * 8, b"\x00\x01\x02" * 500]
)
def test_binary_is_refused(data):
    """Binary data is refused with a plain reason, never turned into mojibake."""
    with pytest.raises(IngestError, match="binary or undecodable"):
        decode(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a", "notes.markdown"]))
def test_random_bytes_raise_only_ingest_error(data, name):
    """Random bytes into every text importer: a document or IngestError, nothing else."""
    for parse in (plaintext.parse, markdown.parse):
        try:
            doc = parse(data, name, rejected_repairs=frozenset())
        except IngestError:
            continue
        assert all(p and "\n\n" not in p for p in doc.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_random_text_raises_only_ingest_error(text):
    """Random text, as UTF-8 or UTF-16, parses or fails with IngestError; offsets stay exact."""
    for data in (text.encode("utf-8"), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        for parse in (plaintext.parse, markdown.parse):
            try:
                doc = parse(data, "random.txt", rejected_repairs=frozenset())
            except IngestError:
                continue
            joined = "\n\n".join(doc.paragraphs)
            for repair in doc.repairs:
                if repair.start >= 0:
                    assert joined[repair.start : repair.end] == repair.after


# -- plain text ------------------------------------------------------------------------------


def test_plain_text_without_header():
    """Ordinary text: a short first line is the title, the rest is the body."""
    doc = plaintext.parse(b"A Short Title\n\nFirst paragraph here.\n\nSecond one.\n", "notes.txt")
    assert (doc.metadata.title, doc.metadata.title_source) == ("A Short Title", "first-line")
    assert doc.paragraphs == ["First paragraph here.", "Second one."]


def test_plain_text_keyed_header_and_source_line():
    """ "Title:"/"Author:"/"Date:" lines and a closing source URL become metadata."""
    data = b"Title: Gas talks stall\nAuthor: JANE DOE\nDate: 2024-02-01\n\nBody text.\n\nhttps://example.org/gas\n"
    doc = plaintext.parse(data, "x.txt")
    m = doc.metadata
    assert (m.title, m.authors, m.published, m.url) == (
        "Gas talks stall",
        ["Jane Doe"],
        "2024-02-01",
        "https://example.org/gas",
    )
    assert doc.paragraphs == ["Body text."] and not m.excerpt_only


def test_plain_text_single_paragraph_keeps_its_text():
    """A file with one paragraph is all body, titled from the file name."""
    doc = plaintext.parse(b"Just one sentence here", "my_note.txt")
    assert doc.paragraphs == ["Just one sentence here"]
    assert (doc.metadata.title, doc.metadata.title_source) == ("my note", "filename")


# -- markdown --------------------------------------------------------------------------------

FRONT_MATTERS = [
    (
        'title: "A note"\nsource: https://example.org/a-note\nauthor: "[[Emil AVDALIANI]]"\npublished: 2023-12-03',
        ["Emil Avdaliani"],
        "2023-12-03",
    ),
    (
        "title: A note\nurl: https://example.org/a-note\nauthor:\n  - Jane Doe\n  - John Roe\ndate: 3 December 2023",
        ["Jane Doe", "John Roe"],
        "2023-12-03",
    ),
    (
        'title: A note\nsource: https://example.org/a-note\nauthor: ["[[Jane Doe|J.]]", "[[John Roe]]"]\npublished: 2023-12-03T10:00:00Z',
        ["Jane Doe", "John Roe"],
        "2023-12-03",
    ),
    (
        "title: A note\nsource: https://example.org/a-note\nauthor: By Jane Doe and John Roe\ncreated: 2024-01-01",
        ["Jane Doe", "John Roe"],
        "",
    ),
]


@pytest.mark.parametrize(("front", "authors", "published"), FRONT_MATTERS)
def test_front_matter_variants(front, authors, published):
    """Clipper front matter in its common shapes gives the same metadata."""
    data = f"---\n{front}\ntags: [clippings, energy]\ndescription: Short.\n---\n# A note\n\nBody **text**.\n".encode()
    doc = markdown.parse(data, "note.md")
    m = doc.metadata
    assert (m.title, m.url, m.authors, m.published) == (
        "A note",
        "https://example.org/a-note",
        authors,
        published,
    )
    assert m.tags == ["clippings", "energy"] and m.description == "Short."
    assert doc.paragraphs == ["Body text."]


def test_markdown_strips_markup_and_never_keeps_html():
    """Markup goes, words stay; raw HTML tags and script contents are dropped."""
    body = (
        "Some *em* and `code` with a [link](https://x.org) and <b>bold</b><script>alert(1)</script>.\n"
        "Next line.\n\n- item one\n- item two\n\n<div>block <script>evil()</script>words</div>\n\n![alt](http://x/y.png)\n"
    )
    doc = markdown.parse(body.encode(), "n.md")
    joined = " ".join(doc.paragraphs)
    assert doc.paragraphs[0] == "Some em and code with a link and bold. Next line."
    assert "item one" in joined and "block words" in joined
    assert "<" not in joined and "alert" not in joined and "evil" not in joined


@pytest.mark.parametrize(
    "front", ["title: [unclosed", "- a list", "x: !!python/object:os.system ls", "a: *nope"]
)
def test_bad_front_matter_is_ignored_safely(front):
    """Broken or hostile YAML yields no metadata but the body still imports."""
    doc = markdown.parse(f"---\n{front}\n---\nThe body.\n".encode(), "n.md")
    assert doc.paragraphs == ["The body."]


def test_markdown_title_from_url_when_missing():
    """Without a title the URL slug gives one."""
    doc = markdown.parse(
        b"---\nsource: https://example.org/news/gas-union-talks-stall\n---\nBody.\n", "n.md"
    )
    assert (doc.metadata.title, doc.metadata.title_source) == ("Gas Union Talks Stall", "url")


# -- metadata rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Emil AVDALIANI", "Emil Avdaliani"),
        ("JOHN McDONALD", "John McDonald"),
        ("SEAN O'BRIEN", "Sean O'Brien"),
        ("LUDWIG VAN BEETHOVEN", "Ludwig van Beethoven"),
        ("JEAN-PIERRE DE LA CROIX", "Jean-Pierre de la Croix"),
        ("DON DeLILLO", "Don DeLILLO"),
        ("Mary-Kate Olsen", "Mary-Kate Olsen"),
        ("J. R. R. TOLKIEN", "J. R. R. Tolkien"),
    ],
)
def test_proper_case_name(raw, expected):
    """Shouted names are proper-cased with care for Mc, O', particles and initials."""
    assert proper_case_name(raw) == expected


def test_split_authors():
    """A byline with several names gives each name."""
    assert split_authors("By JANE DOE, John Roe and Ann Poe") == ["Jane Doe", "John Roe", "Ann Poe"]


def test_title_from_url():
    """A slug becomes a headline; the apostrophe comes back only when the text shows it."""
    url = "https://jamestown.org/program/kazakhstans-expanding-multi-vector-foreign-policy/"
    assert (
        title_from_url(url, "Kazakhstan's refusal")
        == "Kazakhstan's Expanding Multi-Vector Foreign Policy"
    )
    assert title_from_url(url, "") == "Kazakhstans Expanding Multi-Vector Foreign Policy"
    assert (
        title_from_url("https://x.org/news/the-state-of-the-union.html", "")
        == "The State of the Union"
    )
    assert title_from_url("https://x.org/", "") == ""


def test_detect_language():
    """Common languages are told apart by their function words or script."""
    assert detect_language("The minister said that the talks are over and the deal is off.") == "en"
    assert (
        detect_language(
            "Der Minister sagte, dass die Gespräche mit den Partnern nicht beendet sind."
        )
        == "de"
    )
    assert (
        detect_language(
            "Le ministre a dit que les discussions avec la Russie sont dans une impasse."
        )
        == "fr"
    )
    assert detect_language("Министр заявил, что переговоры завершены.") == "ru"
    assert detect_language("ok") == ""


def test_find_citations_dates_and_year_rollover():
    """Citations get full dates; a month after the article's date belongs to the year before."""
    text = "Talks stalled (Reuters, December 29; TASS, 3 January). Prices rose (Kommersant, January 2, 2021)."
    article = Article(
        id="x", sha256="", key="", metadata=Metadata(published="2024-01-05"), paragraphs=[text]
    )
    found = [(c.outlet, c.date) for c in find_citations(article)]
    assert found == [
        ("Reuters", "2023-12-29"),
        ("TASS", "2024-01-03"),
        ("Kommersant", "2021-01-02"),
    ]
    assert (
        find_citations(
            Article(
                id="y", sha256="", key="", metadata=Metadata(), paragraphs=["(see above, p. 3)"]
            )
        )
        == []
    )


def test_citation_key_rules():
    """Surname + year + first significant title word, unique, with fallbacks."""
    m = Metadata(
        title="The Kazakhstan Question",
        authors=["Ludwig van Beethoven Jr."],
        published="2021-05-01",
    )
    assert make_key(m, set()) == "beethoven2021kazakhstan"
    assert (
        make_key(m, {"beethoven2021kazakhstan", "beethoven2021kazakhstana"})
        == "beethoven2021kazakhstanb"
    )
    assert (
        make_key(
            Metadata(title="\u00dcr\u00fcmqi talks", publisher="The Jamestown Foundation"), set()
        )
        == "jamestownndurumqi"
    )
    assert make_key(Metadata(), set()) == "anonnd"


@pytest.mark.parametrize(
    "first_lines",
    ["NATO Summit Opens", "Parasite (2019)", "Kazakhstan Expands Ties With China"],
)
def test_headlines_are_not_read_as_header_fields(first_lines):
    """A headline with an acronym or a year in brackets is a title, not a byline or dateline."""
    doc = plaintext.parse(f"{first_lines}\n\nThe body of the article.\n".encode(), "x.txt")
    assert doc.metadata.title == first_lines and doc.metadata.title_source == "first-line"
    assert doc.metadata.authors == [] and doc.metadata.published == ""


def test_byline_with_by_prefix():
    """ "By ..." after a dateline header gives the authors."""
    doc = plaintext.parse(
        b"Reuters (3 May 2021)\n\nBy Jane Doe and JOHN ROE\n\nBody text here.\n", "x.txt"
    )
    assert doc.metadata.authors == ["Jane Doe", "John Roe"] and doc.paragraphs == [
        "Body text here."
    ]


@pytest.mark.parametrize(
    ("parse", "data"),
    [
        (plaintext.parse, b"Reuters (3 May 2021)\n"),
        (markdown.parse, b"---\ntitle: Only a header\n---\n\n"),
        (markdown.parse, b"<script>alert(1)</script>\n"),
    ],
)
def test_no_body_is_a_clear_error(parse, data):
    """A file with a header but no article text fails with a plain reason."""
    with pytest.raises(IngestError, match="no article text"):
        parse(data, "x")


def test_markdown_link_targets_never_survive():
    """A "javascript:" or "file:" link keeps its words and loses its target."""
    doc = markdown.parse(
        b"A [harmless link](javascript:evil()) and a [file](file:///etc/shadow).\n", "n.md"
    )
    assert doc.paragraphs == ["A harmless link and a file."]
