"""A PDF's text lines (position, size, weight) turned into an article: reading order, running
heads, title, headings, paragraphs across lines, columns and pages, footnotes and endnotes.

The child process (`pdf_worker`) gives each page's lines as pdfminer.six laid them out. The
rules here are typographic and hold across publishers:

- **Running heads and footers** sit in the top or bottom band of the page and repeat on
  other pages (digits aside: "Page 3 of 9"), or are a page number alone; a lone short line
  at the top of a page after the first, set apart from the text by a gap (a small one when it is set
  smaller than the text) and no larger than the text, is a running head too.
- **The body size** is the size most characters are set in. **The title** is the largest
  text on the first page (when clearly larger than the body); **headings** are lines set
  larger than the body, or bold lines of body size that do not end a sentence.
- **Footnotes** are a run of lines smaller than the body at the foot of a page, starting
  with a note number; a run without a number continues the previous page's last note.
  **Endnotes** follow a heading such as "Notes" or "Endnotes".
- **Columns**: when lines stand on both sides of the page's middle without crossing it, the
  left column is read before the right; lines that cross the middle (a title, a wide table)
  separate the column bands.
- **Paragraphs** end at vertical space larger than the line pitch, before an indented first
  line, and after a short last line that ends a sentence. At a column or page break the
  paragraph goes on when its last line does not end a sentence, or the next line starts in
  lower case, or (where paragraphs are indented) the next line is not indented.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from briefing_app.core.article import PARAGRAPH_SEPARATOR, Repair
from briefing_app.core.ingest.edits import Edit

_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:page|p\.|seite|pág\.?|str\.)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?[\W_]*$",
    re.IGNORECASE,
)
_NOTE_MARK = re.compile(r"^(?:\[?\d{1,3}[\].)]?|[*†‡§¶]+)(?=\s|[A-Z“\"'(])\s*")
_NOTES_HEADING = re.compile(
    r"^(?:end\s*notes|notes|footnotes|notes and references)$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$|:$")
# `(?<!\w)`: the word is tried once, from its start (linear on a hostile run of letters).
_HYPHEN_END = re.compile(r"(?<!\w)(\w*[^\W\d_])-$")
_WORD_AT = re.compile(r"[^\W\d_]\w*")  # used with match(text, pos): anchored there
_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")

BAND = 0.12  # share of the page height where running heads and footers stand
HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
TITLE_RATIO = 1.25
NOTE_RATIO = 0.92  # footnotes are set smaller than this share of the body size
PARAGRAPH_GAP = 1.3  # a line pitch this much larger than usual starts a paragraph
SHORT_LINE = 0.85  # a last line ending before this share of the column width
MAX_TITLE_WORDS = 40


@dataclass
class Line:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    text: str
    column: int = 0  # 0 one column / crossing the middle, 1 left, 2 right

    @property
    def key(self) -> str:
        """The line's text with digits masked: a running head reads the same on every page."""
        return _DIGITS.sub("#", " ".join(self.text.lower().split()))


@dataclass
class Page:
    label: str
    width: float
    height: float
    lines: list[Line]


@dataclass
class Layout:
    """What the rules found: body paragraphs (as lines), notes, title, the page of each line."""

    title: str = ""
    front: list[Line] = field(default_factory=list)  # first-page lines under the title
    paragraphs: list[list[Line]] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # indexes of heading paragraphs
    notes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def pages_from(raw: list[dict]) -> list[Page]:
    pages = []
    for number, page in enumerate(raw):
        lines = []
        for rec in page.get("lines") or []:
            if isinstance(rec, list) and len(rec) == 7 and isinstance(rec[6], str):
                x0, top, x1, bottom, size, bold, text = rec
                lines.append(Line(number, x0, top, x1, bottom, size or 1.0, bool(bold), text))
        pages.append(
            Page(
                str(page.get("label") or number + 1),
                float(page.get("width") or 612),
                float(page.get("height") or 792),
                _merge_pieces(lines),
            )
        )
    return pages


def _merge_pieces(lines: list[Line]) -> list[Line]:
    """Join the pieces of one printed line that the layout split at wide (justified) gaps."""
    merged: list[Line] = []
    for line in sorted(lines, key=lambda ln: (round(ln.bottom), ln.x0)):
        last = merged[-1] if merged else None
        if (
            last is not None
            # one baseline, and a gap a justified line stretches to but a column gap exceeds
            and abs(last.bottom - line.bottom) < 0.1 * line.size
            and 0 <= line.x0 - last.x1 < 1.5 * line.size
            and abs(last.size - line.size) < 0.15 * line.size
        ):
            last.text = f"{last.text} {line.text}"
            last.x1, last.top = line.x1, min(last.top, line.top)
            last.bold = last.bold and line.bold
            continue
        merged.append(line)
    return sorted(merged, key=lambda ln: (ln.top, ln.x0))


def body_size(pages: list[Page]) -> float:
    """The size most characters are set in."""
    sizes = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


# -- running heads and footers ---------------------------------------------------------------
def _in_band(line: Line, page: Page) -> str:
    if line.bottom <= page.height * BAND:
        return "top"
    if line.top >= page.height * (1 - BAND):
        return "bottom"
    return ""


def remove_margins(pages: list[Page], size: float) -> None:
    """Drop running heads, running footers and page numbers from every page."""
    seen: Counter = Counter()
    for page in pages:
        seen.update({(band, line.key) for line in page.lines if (band := _in_band(line, page))})
    for page in pages:
        keep = []
        # On the first page a lone top line is more likely the title or a heading.
        top_group = _lone_top_line(page, size) if page is not pages[0] else None
        top_line = min(page.lines, key=lambda ln: ln.top, default=None)
        bottom_line = max(page.lines, key=lambda ln: ln.bottom, default=None)
        for line in page.lines:
            band = _in_band(line, page)
            # A page number is the outermost line of its band ("16." ending a note is not).
            outermost = line is (top_line if band == "top" else bottom_line)
            margin = band and (
                seen[(band, line.key)] >= 2
                or (outermost and len(line.text) <= 16 and _PAGE_NUMBER.match(line.text))
            )
            if not margin and line is not top_group:
                keep.append(line)
        page.lines = keep


def _lone_top_line(page: Page, size: float) -> Line | None:
    """A short line alone at the top of the page, apart from the text and no larger than it."""
    if len(page.lines) < 3:
        return None
    first, second = page.lines[0], page.lines[1]
    if _in_band(first, page) != "top" or first.size > size * 1.02:
        return None
    gap = second.top - first.bottom
    apart = gap > 1.5 * size or (first.size < size * NOTE_RATIO and gap > 0.4 * size)
    return first if apart and len(first.text.split()) <= 8 and first.bottom < second.top else None


# -- notes ---------------------------------------------------------------------------------
def take_footnotes(pages: list[Page], size: float) -> list[str]:
    """Remove the footnote block at the foot of each page; return the notes in order."""
    notes: list[str] = []
    for page in pages:
        body = [ln for ln in page.lines if ln.size >= size * NOTE_RATIO]
        if not body:
            continue
        left, right = min(ln.x0 for ln in body), max(ln.x1 for ln in body)
        middle, slack = (left + right) / 2, 0.02 * (right - left)
        small = [ln for ln in page.lines if ln.size < size * NOTE_RATIO]
        two_columns = (
            sum(ln.x1 <= middle + slack for ln in body) >= 3
            and sum(ln.x0 >= middle - slack for ln in body) >= 3
        )

        def column(ln: Line, middle: float = middle - slack, two: bool = two_columns) -> int:
            return int(two and ln.x0 >= middle)

        # Notes stand under the text of their own column, which may end lower in the other.
        floors = {
            c: max(
                (ln.bottom for ln in body if column(ln) == c or ln.x0 < middle < ln.x1), default=0
            )
            for c in (0, 1)
        }
        block = [ln for ln in small if ln.top >= floors[column(ln)] - 1]
        if not block:
            continue
        block.sort(key=lambda ln: (column(ln), ln.top, ln.x0))  # notes under each column
        lefts = {
            c: min(ln.x0 for ln in block if column(ln) == c) for c in {column(ln) for ln in block}
        }
        starts_with_mark = bool(_NOTE_MARK.match(block[0].text))
        if not starts_with_mark and not notes:
            continue  # small print that is not a note (a caption, a source line)
        current: list[str] | None = None if starts_with_mark else [notes.pop()]
        for line in block:
            if _NOTE_MARK.match(line.text) and line.x0 <= lefts[column(line)] + size:
                if current:
                    notes.append(join_lines(current))
                current = [_NOTE_MARK.sub("", line.text, count=1)]
            elif current is not None:
                current.append(line.text)
        if current:
            notes.append(join_lines(current))
        taken = {id(ln) for ln in block}
        page.lines = [ln for ln in page.lines if id(ln) not in taken]
    return notes


def split_endnotes(ordered: list[Line], size: float) -> tuple[list[Line], list[str]]:
    """Lines before a "Notes" heading near the end, and the notes after it."""
    for index in range(len(ordered) - 1, -1, -1):
        line = ordered[index]
        if _NOTES_HEADING.match(line.text.strip()) and (line.bold or line.size >= size * 1.05):
            after = ordered[index + 1 :]
            notes, current = [], []
            for ln in after:
                if _NOTE_MARK.match(ln.text) and current:
                    notes.append(join_lines(current))
                    current = []
                current.append(_NOTE_MARK.sub("", ln.text, count=1) if not current else ln.text)
            if current:
                notes.append(join_lines(current))
            return ordered[:index], notes
    return ordered, []


def join_lines(lines: list[str]) -> str:
    """Lines of a note joined, hyphenated breaks closed."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and (line[:1].islower() or line[:1].isdigit()):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


# -- reading order -------------------------------------------------------------------------
def reading_order(page: Page) -> list[Line]:
    """The page's lines in reading order: column by column within bands split by wide lines."""
    lines = page.lines
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    middle, slack = (left + right) / 2, 0.02 * (right - left)
    for line in lines:
        if line.x1 <= middle + slack:
            line.column = 1
        elif line.x0 >= middle - slack:
            line.column = 2
        else:
            line.column = 0
    in_left = sum(ln.column == 1 for ln in lines)
    in_right = sum(ln.column == 2 for ln in lines)
    if in_left < 3 or in_right < 3:
        for line in lines:
            line.column = 0
        return sorted(lines, key=lambda ln: (ln.top, ln.x0))
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if line.column == 0:
            ordered.extend(sorted(band, key=lambda ln: (ln.column, ln.top)))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(sorted(band, key=lambda ln: (ln.column, ln.top)))
    return ordered


# -- title and paragraphs ------------------------------------------------------------------
def take_title(ordered: list[Line], size: float) -> tuple[str, list[Line]]:
    """The largest text on the first page, when it stands out from the body."""
    first_page = [ln for ln in ordered if ln.page == ordered[0].page] if ordered else []
    if not first_page:
        return "", ordered
    biggest = max(ln.size for ln in first_page)
    if biggest < size * TITLE_RATIO:
        return "", ordered
    picked = [
        i for i, ln in enumerate(ordered) if ln.page == ordered[0].page and ln.size >= biggest - 0.5
    ]
    run = [picked[0]]
    for i in picked[1:]:
        if i == run[-1] + 1:
            run.append(i)
    title = join_lines([ordered[i].text for i in run])
    if len(title.split()) > MAX_TITLE_WORDS:
        return "", ordered
    return title, [ln for i, ln in enumerate(ordered) if i not in set(run)]


def is_heading(line: Line, size: float) -> bool:
    if line.size >= size * HEADING_RATIO:
        return True
    words = line.text.split()
    return (
        line.bold
        and len(words) <= 14
        and not _SENTENCE_END.search(line.text)
        and not line.text.endswith(",")
    )


@dataclass
class _Flow:
    """What paragraph building needs to know about the lines of one column on one page."""

    left: float
    right: float
    pitch: float


def _flows(ordered: list[Line], size: float) -> dict[tuple[int, int], _Flow]:
    groups: dict[tuple[int, int], list[Line]] = {}
    for line in ordered:
        groups.setdefault((line.page, line.column), []).append(line)
    pitches = []
    for lines in groups.values():
        body = [ln for ln in lines if abs(ln.size - size) < 0.1 * size]
        pitches += [
            b.top - a.top
            for a, b in zip(body, body[1:], strict=False)
            if 0 < b.top - a.top < 3 * size
        ]
    pitch = median(pitches) if pitches else size * 1.2
    flows = {}
    for key, lines in groups.items():
        body = [ln for ln in lines if abs(ln.size - size) < 0.1 * size] or lines
        lefts = Counter(round(ln.x0) for ln in body)
        flows[key] = _Flow(lefts.most_common(1)[0][0], max(ln.x1 for ln in body), pitch)
    return flows


def _indented(line: Line, flow: _Flow, size: float) -> bool:
    return line.x0 > flow.left + 0.6 * size


def build_paragraphs(ordered: list[Line], size: float) -> tuple[list[list[Line]], set[int]]:
    """Group lines into paragraphs; returns them with the indexes of the headings."""
    flows = _flows(ordered, size)
    indents = sum(
        _indented(ln, flows[(ln.page, ln.column)], size)
        for ln in ordered
        if abs(ln.size - size) < 0.1 * size
    )
    indent_style = indents >= 2
    paragraphs: list[list[Line]] = []
    headings: set[int] = set()
    prev: Line | None = None
    for line in ordered:
        heading = is_heading(line, size)
        flow = flows[(line.page, line.column)]
        if prev is None:
            new = True
        else:
            prev_heading = (len(paragraphs) - 1) in headings
            new = heading != prev_heading or _breaks(
                prev, line, flows, flow, size, indent_style, heading
            )
        if new:
            paragraphs.append([line])
            if heading:
                headings.add(len(paragraphs) - 1)
        else:
            paragraphs[-1].append(line)
        prev = line
    return paragraphs, headings


def _breaks(
    prev: Line,
    line: Line,
    flows: dict[tuple[int, int], _Flow],
    flow: _Flow,
    size: float,
    indent_style: bool,
    heading: bool,
) -> bool:
    """True when `line` starts a new paragraph after `prev`."""
    prev_flow = flows[(prev.page, prev.column)]
    ends_sentence = bool(_SENTENCE_END.search(prev.text))
    if heading:
        return prev.page != line.page or line.top - prev.top > 1.6 * prev.size
    if (prev.page, prev.column) != (line.page, line.column) or line.top < prev.top:
        # A column or page break: the paragraph goes on unless something says it ended.
        if not ends_sentence or line.text[:1].islower():
            return False
        if indent_style:
            return _indented(line, flow, size)
        short = prev.x1 < prev_flow.left + SHORT_LINE * (prev_flow.right - prev_flow.left)
        return short
    if line.top - prev.top > PARAGRAPH_GAP * flow.pitch:
        return True
    if _indented(line, flow, size) and not _indented(prev, flow, size):
        return True
    width = flow.right - flow.left
    return ends_sentence and prev.x1 < flow.left + SHORT_LINE * width and not indent_style


# -- the text, its joins and its pages -------------------------------------------------------
def join_edits(text: str, breaks: list[int]) -> list[Edit]:
    """How each line break inside a paragraph is closed, logged as the plain-text joins are."""
    words = {w.lower() for w in _WORD.findall(text)}
    edits = []
    for pos in breaks:
        line_start = text.rfind("\n", 0, pos) + 1
        hyphen = _HYPHEN_END.search(text, line_start, pos)
        head = _WORD_AT.match(text, pos + 1)
        if hyphen and head and head.group()[0].islower():
            keep = Edit(pos, pos + 1, "", kind="hard-wrap-join", note="the line ended in a hyphen")
            if (hyphen.group(1) + head.group()).lower() in words:
                edits.append(
                    Edit(
                        pos - 1,
                        pos + 1,
                        "",
                        kind="dehyphenation",
                        certain=False,
                        note="the joined word occurs elsewhere in the text",
                        fallback=keep,
                    )
                )
            else:
                edits.append(keep)
        else:
            edits.append(Edit(pos, pos + 1, " ", kind="hard-wrap-join"))
    return edits


def raw_text(
    paragraphs: list[list[Line]], labels: list[str]
) -> tuple[str, list[int], list[Repair]]:
    """Paragraph lines joined by line breaks, the breaks' offsets, and a mark where each
    page's text begins (to be moved by the repairs like any logged change)."""
    pieces: list[str] = []
    breaks: list[int] = []
    first_offset: dict[int, int] = {}
    pos = 0
    for p_index, lines in enumerate(paragraphs):
        if p_index:
            pieces.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        for l_index, line in enumerate(lines):
            if l_index:
                pieces.append("\n")
                breaks.append(pos)
                pos += 1
            first_offset.setdefault(line.page, pos)
            text = " ".join(line.text.split())
            pieces.append(text)
            pos += len(text)
    marks = []
    following = pos
    for page in range(len(labels) - 1, -1, -1):
        following = first_offset.get(page, following)
        marks.append(Repair(kind=PAGE_MARK, before="", after="", start=following, end=following))
    marks.reverse()
    return "".join(pieces), breaks, marks


PAGE_MARK = "page-start"


def analyse(raw_pages: list[dict]) -> Layout:
    """Running heads, notes, title, reading order, headings and paragraphs of a PDF's pages."""
    pages = pages_from(raw_pages)
    size = body_size(pages)
    remove_margins(pages, size)
    notes = take_footnotes(pages, size)
    ordered = [line for page in pages for line in reading_order(page)]
    ordered, endnotes = split_endnotes(ordered, size)
    title, ordered = take_title(ordered, size)
    paragraphs, headings = build_paragraphs(ordered, size)
    return Layout(
        title=title,
        paragraphs=paragraphs,
        headings=headings,
        notes=notes + endnotes,
        labels=[p.label for p in pages],
    )
