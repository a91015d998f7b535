"""Line-level repairs of plain text: trailing spaces, blank lines that hold a no-break space,
hard-wrapped lines joined into paragraphs, URLs and hyphenated words broken across lines.

Paragraphs break at blank lines and at a line indented deeper than the one before it (the
old typewriter convention). A document whose lines are long was not hard-wrapped: there each
line is a paragraph of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_app.core.ingest.edits import Edit

# Linear time matters here (a hostile line of a million spaces must not take hours): a run of
# spaces is tried once, from its start (`(?<![ \t])`), and no two quantifiers share characters.
_TRAILING = re.compile(r"(?<![ \t])[ \t]+$", re.MULTILINE)
_NBSP_ONLY = re.compile(r"^[\u00a0\u2007\u202f][ \t\u00a0\u2007\u202f]*$", re.MULTILINE)
_URL_TAIL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
_URL_CONTINUATION = re.compile(r"^[\w\-./?=&#%~+:;@!$,*()]+")
_HYPHENATED_END = re.compile(r"(?<!\w)(\w*[^\W\d_])-$")
_WORD_START = re.compile(r"^([^\W\d_][\w]*)")
_WORD = re.compile(r"[^\W\d_]+")

WRAPPED_LINE_MAX = 120  # hard wraps are at 60-100 columns; longer lines are whole paragraphs
INTENDED_BREAK_SHARE = 0.75
MIN_LINES_FOR_PERCENTILE = 10
WRAPPED_LINE_MIN = 40  # a file of short lines only (a list, a header, verse) breaks where it says


def _last_token_start(text: str) -> int:
    """Where the line's last run without spaces starts (a URL at its end lies within it).

    Searching from there keeps `_URL_TAIL` linear: from an earlier "www." it would scan to the
    end of each run and fail at a space, once per "www." in the line.
    """
    start = len(text)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def trailing_space_edits(text: str) -> list[Edit]:
    """Spaces and tabs at the end of lines are removed."""
    return [Edit(m.start(), m.end(), "", kind="trailing-space") for m in _TRAILING.finditer(text)]


def nbsp_line_edits(text: str) -> list[Edit]:
    """Lines holding only no-break spaces become blank lines (they are paragraph breaks)."""
    return [Edit(m.start(), m.end(), "", kind="nbsp-only-line") for m in _NBSP_ONLY.finditer(text)]


@dataclass
class _Line:
    start: int  # offset of the first character of the line
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, raw))
        pos += len(raw) + 1
    return lines


def wrap_width(lines: list[_Line]) -> int:
    """The width the document was wrapped at (0 when its lines were not wrapped at a width)."""
    lengths = sorted(len(line.text) for line in lines if line.text.strip())
    if not lengths:
        return 0
    # The 90th percentile ignores a few over-long lines; a short text has too few lines for it.
    width = (
        lengths[int(0.9 * (len(lengths) - 1))]
        if len(lengths) >= MIN_LINES_FOR_PERCENTILE
        else lengths[-1]
    )
    return width if WRAPPED_LINE_MIN <= width <= WRAPPED_LINE_MAX else 0


def _intended_break(prev: _Line, line: _Line, width: int) -> bool:
    """The next line's first word would easily have fitted on this one: the writer broke the line.

    Wrapping tools are not exact (proportional fonts, trailing spaces), hence the margin.
    """
    first_word = line.text.split(maxsplit=1)[0]
    return len(prev.text) + 1 + len(first_word) <= INTENDED_BREAK_SHARE * width


def _join_edit(prev: _Line, line: _Line, words: set[str]) -> Edit:
    """How two wrapped lines of one paragraph are joined."""
    gap_start, gap_end = prev.end, line.start + line.indent
    url = _URL_TAIL.search(prev.text, _last_token_start(prev.text))
    cont = _URL_CONTINUATION.match(line.text[line.indent :])
    if url and cont and _continues_url(url.group(), cont.group(), line.text[line.indent :]):
        start = prev.start + url.start()
        joined = url.group() + cont.group()
        return Edit(
            start, gap_end + cont.end(), joined, kind="url-rejoin", note="a URL broken across lines"
        )
    hyphen = _HYPHENATED_END.search(prev.text)
    head = _WORD_START.match(line.text[line.indent :])
    if hyphen and head and head.group()[0].islower():
        keep = Edit(
            gap_start, gap_end, "", kind="hard-wrap-join", note="the line ended in a hyphen"
        )
        if (hyphen.group(1) + head.group()).lower() in words:
            return Edit(
                gap_start - 1,
                gap_end,
                "",
                kind="dehyphenation",
                certain=False,
                note="the joined word occurs elsewhere in the text",
                fallback=keep,
            )
        return keep
    return Edit(gap_start, gap_end, " ", kind="hard-wrap-join")


def _continues_url(url: str, continuation: str, rest_of_line: str) -> bool:
    """A URL broken at a line end goes on when it broke after a separator or the next line is all URL."""
    if url[-1] in "-/._?=&#%~+":
        return True
    return continuation == rest_of_line.strip() and any(c in continuation for c in "/.")


def structure_edits(text: str) -> list[Edit]:
    """Join wrapped lines, break paragraphs at blank and indented lines, drop outer blank lines."""
    lines = _lines(text)
    width = wrap_width(lines)
    words = {w.lower() for w in _WORD.findall(text)}
    edits: list[Edit] = []
    prev: _Line | None = None
    blank_since_prev = False
    for line in lines:
        if not line.text.strip():
            blank_since_prev = True
            continue
        if prev is None:
            edits.append(Edit(0, line.start + line.indent, ""))
        elif blank_since_prev or not width:
            edits.append(Edit(prev.end, line.start + line.indent, "\n\n"))
        elif line.indent > prev.indent:
            edits.append(
                Edit(
                    prev.end,
                    line.start + line.indent,
                    "\n\n",
                    kind="indent-paragraph-break",
                    note="an indented line starts a paragraph",
                )
            )
        elif _intended_break(prev, line, width):
            edits.append(Edit(prev.end, line.start + line.indent, "\n\n"))
        else:
            edits.append(_join_edit(prev, line, words))
        prev, blank_since_prev = line, False
    if prev is not None:
        edits.append(Edit(prev.end, len(text), ""))
    else:
        edits.append(Edit(0, len(text), ""))
    return edits
