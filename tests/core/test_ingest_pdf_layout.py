"""Report-style PDFs: running heads, page numbers, title, headings, columns, notes, pages.

The fixtures in tests/fixtures/pdf were set by bench/pdf.py's renderer (see make_fixtures.py
there); each `.json` holds what its PDF truly says: body paragraphs and headings, notes,
title, and the paragraphs a page break splits with a quotation across the break.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.brief.verify import check_brief
from briefing_app.core.ingest import pdf, pdf_layout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
NAMES = ["footnotes-one-column", "endnotes-two-columns"]


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {name: pdf.parse((FIXTURES / f"{name}.pdf").read_bytes(), name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_body_is_exactly_the_paragraphs_and_headings_of_the_source(parsed, name):
    assert parsed[name].paragraphs == _truth(name)["body"]


@pytest.mark.parametrize("name", NAMES)
def test_title_is_the_largest_text_and_notes_are_kept_apart(parsed, name):
    doc, truth = parsed[name], _truth(name)
    assert doc.metadata.title == truth["title"]
    assert doc.notes == truth["notes"]
    body = "\n".join(doc.paragraphs)
    assert truth["running"][0] not in body
    assert not any(n[4:40] in body for n in truth["notes"])


@pytest.mark.parametrize("name", NAMES)
def test_page_starts_fall_inside_the_paragraphs_that_cross_them(parsed, name):
    doc, truth = parsed[name], _truth(name)
    text = "\n\n".join(doc.paragraphs)
    labels = [p["label"] for p in doc.pages]
    assert labels == [str(n) for n in range(1, len(labels) + 1)]
    starts = [p["start"] for p in doc.pages]
    assert starts == sorted(starts) and starts[0] == 0
    assert truth["crossing"], "the fixture should split a paragraph across pages"
    for quote, paragraph, page in truth["crossing"]:
        assert paragraph in doc.paragraphs  # one paragraph, not two halves
        at = text.index(quote)
        start = doc.pages[page - 1]["start"]
        assert at < start < at + len(quote), (quote, start)


def test_a_quotation_across_a_page_break_verifies(workspace):
    results = workspace.import_paths([FIXTURES / "footnotes-one-column.pdf"])
    article = workspace.library.get(results[0].id)
    assert article.pages and article.notes  # stored with the record
    reloaded = type(article).from_record(json.loads(json.dumps(article.to_record())))
    assert reloaded.pages == article.pages and reloaded.notes == article.notes
    for quote, _, page in _truth("footnotes-one-column")["crossing"]:
        number = article.paragraph_at(article.text.index(quote))
        brief = f'As reported, "{quote}" [@{article.key}, ¶{number}].\n'
        assert [c.status for c in check_brief(brief, workspace.library)] == ["verified"]
        # The page locator verifies too: the quotation runs from one printed page to the next.
        pages = f"pp. {page - 1}–{page}"
        brief = f'As reported, "{quote}" [@{article.key}, {pages}].\n'
        assert [c.status for c in check_brief(brief, workspace.library)] == ["verified"]
        brief = f'As reported, "{quote}" [@{article.key}, p. {page + 5}].\n'
        assert [c.status for c in check_brief(brief, workspace.library)] == ["wrong_locator"]


def _line(page, top, text, *, size=10.0, x0=72.0, x1=520.0, bold=False):
    return [x0, top, x1, top + size, size, bold, text]


def _page(label, lines, height=800.0):
    return {"label": label, "width": 600.0, "height": height, "lines": lines}


def test_a_word_hyphenated_across_a_page_break_is_joined():
    body = "The committee heard evidence from the regional administration and"
    pages = [
        _page("7", [_line(0, 100, body), _line(0, 114, "from the ports about the deteriorat-")]),
        _page(
            "8",
            [
                _line(1, 100, "ing situation on the river, and adjourned."),
                _line(1, 114, "It met again."),
            ],
        ),
    ]
    layout = pdf_layout.analyse(pages)
    text, breaks, _ = pdf_layout.raw_text(layout.paragraphs, layout.labels)
    assert len(layout.paragraphs) == 1
    from briefing_app.core.ingest.repair import RepairLog

    log = RepairLog(text)
    log.apply(pdf_layout.join_edits(text, breaks))
    assert "deteriorating situation" not in log.text  # not elsewhere in the text: hyphen kept
    assert "deteriorat-ing situation" in log.text


def test_running_heads_and_page_numbers_are_dropped_but_body_lines_at_the_top_stay():
    pages = [
        _page(
            str(n),
            [
                _line(0, 30, "Institute for Strategic Studies | Annual Review", size=8),
                _line(0, 100, f"Body text of page {n} that says something about the"),
                _line(0, 114, "harbour and the grain corridor in the Black Sea."),
                _line(0, 770, f"Page {n} of 3", size=8),
            ],
        )
        for n in (1, 2, 3)
    ]
    layout = pdf_layout.analyse(pages)
    text = " ".join(ln.text for para in layout.paragraphs for ln in para)
    assert "Institute for Strategic Studies" not in text and "Page" not in text
    assert text.count("Body text of page") == 3


def test_footnotes_are_notes_and_a_note_continued_on_the_next_page_is_one_note():
    def page(n, lines):
        return _page(str(n), lines)

    pages = [
        page(
            1,
            [
                _line(0, 100, "A sentence that cites a source at its end."),
                _line(0, 700, "1 The first note, which runs", size=7),
            ],
        ),
        page(
            2,
            [
                _line(1, 100, "Another sentence of the body text follows here."),
                _line(1, 700, "over to the next page.", size=7),
                _line(1, 710, "2 A second note.", size=7),
            ],
        ),
    ]
    layout = pdf_layout.analyse(pages)
    assert layout.notes == ["The first note, which runs over to the next page.", "A second note."]


def test_two_columns_are_read_left_then_right():
    left = [
        _line(0, 100 + 14 * i, f"left column line {i} goes on", x0=72, x1=290) for i in range(5)
    ]
    right = [
        _line(0, 100 + 14 * i, f"right column line {i} goes on", x0=310, x1=528) for i in range(5)
    ]
    layout = pdf_layout.analyse([_page("1", left + right)])
    order = [ln.text for para in layout.paragraphs for ln in para]
    assert order == [ln[-1] for ln in left + right]


_texts = st.text(alphabet=st.sampled_from("abc XYZ-.1*"), min_size=1, max_size=30)
_lines = st.lists(
    st.tuples(
        st.floats(0, 500),
        st.floats(0, 780),
        st.floats(1, 300),
        st.floats(4, 30),
        st.booleans(),
        _texts,
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_lines, min_size=1, max_size=4))
def test_any_layout_gives_ordered_page_starts_inside_the_text(pages):
    raw = [
        _page(str(n), [[x, top, x + w, top + s, s, b, t] for x, top, w, s, b, t in lines])
        for n, lines in enumerate(pages, 1)
    ]
    layout = pdf_layout.analyse(raw)
    text, breaks, marks = pdf_layout.raw_text(layout.paragraphs, layout.labels)
    starts = [m.start for m in marks]
    assert len(marks) == len(raw)
    assert starts == sorted(starts) and all(0 <= s <= len(text) for s in starts)
    assert all(text[b] == "\n" for b in breaks)


def test_text_in_a_cid_font_with_a_predefined_cmap_is_read():
    """Japanese set in a CID font (UniJIS-UCS2-H) is decoded through pdfminer's CMap files."""
    doc = pdf.parse((FIXTURES / "cjk-statement.pdf").read_bytes(), "cjk-statement.pdf")
    text = "\n".join(doc.paragraphs)
    assert "東京で記者会見が開かれた。" in text
    assert "Officials declined to comment further on the talks." in text
