"""Page-foot notes for the PDF export: split the notes out of a brief's HTML, and paginate.

The rendered brief ends its body with a list of notes (markdown-it's footnote section). For
the PDF, each note is printed at the foot of the page that holds its reference: the body is
cut into pages at line boundaries so that the lines of a page plus the notes referenced on
them fit the page. This module holds the plain logic (no Qt), so it is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_NOTES_SECTION = re.compile(
    r'<hr class="footnotes-sep"\s*/?>\s*<section class="footnotes">.*?</section>\s*', re.S
)
_NOTE_ITEM = re.compile(r'<li id="fn(?P<id>[^"]+)" class="footnote-item">(?P<body>.*?)</li>', re.S)
_BACKREF = re.compile(r'\s*<a href="#fnref[^"]*" class="footnote-backref">.*?</a>', re.S)


@dataclass
class Line:
    """One laid-out line of the body: its top and bottom and the notes referenced on it."""

    top: float
    bottom: float
    notes: list[str] = field(default_factory=list)


@dataclass
class Page:
    """The body's slice [top, bottom) printed on one page, and the notes at its foot."""

    top: float
    bottom: float
    notes: list[str] = field(default_factory=list)


_MARKING_LINE = re.compile(r'<p class="classification">.*?</p>\s*', re.S)


def drop_marking_lines(html: str) -> str:
    """The brief's HTML without its classification lines (the page header carries the marking)."""
    return _MARKING_LINE.sub("", html)


def split_notes(html: str) -> tuple[str, dict[str, str]]:
    """(HTML without the notes section, {note id: note HTML with its number}) of a brief."""
    match = _NOTES_SECTION.search(html)
    if not match:
        return html, {}
    notes = {}
    for item in _NOTE_ITEM.finditer(match.group(0)):
        number, body = item.group("id"), _BACKREF.sub("", item.group("body")).strip()
        label = f'<span class="note-number">{number}.</span> '
        notes[number] = (
            re.sub(r"\A<p>", "<p>" + label, body, count=1)
            if body.startswith("<p>")
            else f"<p>{label}{body}</p>"
        )
    return html[: match.start()] + html[match.end() :], notes


def _merge(notes: list[str], more: list[str]) -> list[str]:
    return notes + [n for n in more if n not in notes]


def _safe_cut(lines: list[Line], cut: float) -> float:
    """Move a cut up until no line (in another table cell, say) straddles it."""
    moved = True
    while moved:
        moved = False
        for line in lines:
            if line.top < cut < line.bottom:
                cut, moved = line.top, True
    return cut


def _cuts(lines: list[Line], height: float, notes_height: Callable[[list[str]], float]) -> list:
    """Where pages end: greedily as many lines as fit together with their notes."""
    cuts, start, notes, filled = [], 0.0, [], False
    for line in lines:
        wanted = _merge(notes, line.notes)
        if not filled or line.bottom - start + notes_height(wanted) <= height:
            notes, filled = wanted, True
            continue
        cut = _safe_cut(lines, line.top)
        if cut <= start:  # nothing can move: keep the line on this page rather than loop
            notes = wanted
            continue
        cuts.append(cut)
        start, notes = cut, list(line.notes)
    return cuts


def paginate(
    lines: list[Line],
    total_height: float,
    page_height: float,
    notes_height: Callable[[list[str]], float],
) -> list[Page]:
    """Cut the body into pages whose lines and page-foot notes fit `page_height`.

    A note is printed on the page of its first reference. A note taller than a whole page is
    not split across pages (it is cut off at the foot): notes of a brief are a few lines long.
    """
    lines = sorted(lines, key=lambda line: (line.top, line.bottom))
    bounds = [0.0, *_cuts(lines, page_height, notes_height), max(total_height, 0.0)]
    pages, placed = [], set()
    for top, bottom in zip(bounds, bounds[1:], strict=False):
        notes = []
        for line in lines:
            if top <= line.top < bottom:
                notes = _merge(notes, [n for n in line.notes if n not in placed])
        placed.update(notes)
        pages.append(Page(top, bottom, notes))
    return pages or [Page(0.0, total_height)]
