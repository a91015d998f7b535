"""PDF export: each note is printed at the foot of the page that holds its reference."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from briefing_app.gui.pdf_pages import Line, paginate, split_notes
from tests.core.brief.articles import SEED_KEY, seed_article


def test_split_notes_takes_the_note_section_out_of_the_html():
    """The notes section leaves the body; each note keeps its number, loses its back-link."""
    html = (
        '<p>Text <sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn1" class="footnote-item"><p>A note. '
        '<a href="#fnref1" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>\n'
        "<h2>Bibliography</h2>"
    )
    body, notes = split_notes(html)
    assert "footnotes" not in body and body.endswith("<h2>Bibliography</h2>")
    assert notes == {"1": '<p><span class="note-number">1.</span> A note.</p>'}


def test_paginate_fits_lines_and_their_notes_on_each_page():
    """Lines and the notes referenced on them fit each page; a note goes with its reference."""
    lines = [Line(10.0 * i, 10.0 * i + 10, [str(i)] if i % 3 == 0 else []) for i in range(40)]
    pages = paginate(lines, 400.0, 100.0, lambda ids: 12.0 * len(ids))
    assert len(pages) > 4
    placed = []
    for page in pages:
        on_page = [ln for ln in lines if page.top <= ln.top < page.bottom]
        assert max(ln.bottom for ln in on_page) - page.top + 12.0 * len(page.notes) <= 100.0
        assert page.notes == [n for ln in on_page for n in ln.notes]
        placed += page.notes
    assert placed == [str(i) for i in range(0, 40, 3)]
    assert pages[0].top == 0 and pages[-1].bottom == 400.0


def _page_texts(pdf) -> list[str]:
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout,
        ).group(1)
    )
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def test_pdf_notes_stand_at_the_foot_of_the_page_of_their_reference(tmp_path):
    """A long brief: on every page, the notes printed are exactly those referenced there."""
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("needs pdftotext and pdfinfo (poppler-utils)")
    from briefing_app.gui.pdf_export import export_pdf

    seed = seed_article()
    filler = "The assessment continues with further context on the region. " * 6
    paragraphs = [
        f"Point {n}: {filler}[@{SEED_KEY}, ¶{n}]" + (f" See also[^u{n}]." if n % 7 == 0 else "")
        for n in range(1, 41)
    ]
    user_notes = [f"[^u{n}]: An analyst's own remark number {n}." for n in range(7, 41, 7)]
    brief = "---\ntitle: Long\n---\n" + "\n\n".join(paragraphs + user_notes) + "\n"
    out = tmp_path / "long.pdf"
    export_pdf(brief, {seed.key: seed}, out)
    pages = _page_texts(out)
    assert len(pages) >= 3
    seen = []
    for text in pages:
        flat = " ".join(text.split())
        # Superscript note numbers follow the punctuation with no space (CMOS 14.26).
        refs = re.findall(r"(?:region\.|See also)(\d+)", flat)
        notes = re.findall(r"(?:^|\n)(\d+)\. ", text)
        assert sorted(refs, key=int) == sorted(notes, key=int), flat[:200]
        seen += notes
    assert len(seen) == 40 + 5  # every citation note and every own footnote, once


def test_pdf_note_references_marking_and_note_size_cmos_14_26(tmp_path):
    """Superscript numbers, no “[1]”; the marking once per page; notes ≥ 8.5 pt under 11 pt."""
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("needs pdftotext and pdfinfo (poppler-utils)")
    from briefing_app.gui import pdf_export

    seed = seed_article()
    filler = "The assessment continues with further context on the region. " * 8
    body = "\n\n".join(
        f"Point {n}: “heaps of cash” [@{SEED_KEY}, ¶2]. {filler}" for n in range(1, 30)
    )
    brief = "---\ntitle: Marked\nclassification: OFFICIAL\n---\n" + body + "\n"
    out = tmp_path / "marked.pdf"
    pdf_export.export_pdf(brief, {seed.key: seed}, out)
    pages = _page_texts(out)
    assert len(pages) >= 2
    assert [page.count("OFFICIAL") for page in pages] == [1] * len(pages)
    flat = " ".join(" ".join(pages).split())
    assert "[1]" not in flat and "“heaps of cash.”1" in flat
    layout = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    heights = {
        word: float(y1) - float(y0)
        for y0, y1, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', layout
        )
    }
    # Word boxes scale with the font: a note word against a body word, in points.
    assert heights["Avdaliani,"] / heights["assessment"] >= 8.5 / 11 - 0.01
