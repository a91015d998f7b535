"""Blank out code in a brief's Markdown, so citations and quotations inside code are never seen.

Code is literal text: a `[@key]` or a “quotation” shown in a code span, a fenced code block or
an indented code block is an example, not a citation. The masked text keeps every offset and
line break of the original, so positions found in it are positions in the brief.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

# A code span: a run of backticks closed by a run of the same length (CommonMark 6.1).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_CODE_BLOCKS = ("fence", "code_block")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def mask_code_spans(text: str) -> str:
    """`text` with inline code spans blanked out (same length)."""
    return _CODE_SPAN.sub(lambda m: _blank(m.group(0)), text)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    starts.append(len(text))
    return starts


def mask_code(text: str) -> str:
    """`text` with fenced and indented code blocks and code spans blanked out (same length)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    starts = _line_starts(text)
    chars = list(text)
    for token in tokens:
        if token.type in _CODE_BLOCKS and token.map:
            first, last = token.map
            begin, end = starts[first], starts[min(last, len(starts) - 1)]
            chars[begin:end] = _blank(text[begin:end])
    return mask_code_spans("".join(chars))
