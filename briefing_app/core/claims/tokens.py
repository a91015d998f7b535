"""Word tokens of a sentence unit, with offsets and whether each sits inside a quotation."""

from __future__ import annotations

import re

from briefing_app.core.claims.sentences import quote_ranges

# Numbers keep their thousands separators and decimals ("1,000", "3.5"); words keep inner
# apostrophes, hyphens and dots ("U.S", "bin-Salman").
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\w+(?:[’'\-&/.]\w+)*|[^\w\s]")
QUOTE_CHARS = frozenset('"“”«»')
CLOSING_QUOTES = frozenset('”»"')
OPENING_QUOTES = frozenset('“«"')


class Tok:
    """One token: offsets, text, lower-cased text and whether it is quoted."""

    __slots__ = ("start", "end", "text", "low", "quoted")

    def __init__(self, start: int, end: int, text: str, quoted: bool):
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower()
        self.quoted = quoted

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    def __repr__(self) -> str:
        return f"Tok({self.text!r}@{self.start})"


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of `text[start:end]`; quote marks themselves count as unquoted."""
    inside = _inside_marks(text, start, end)
    toks = []
    append = toks.append
    for match in _TOKEN.finditer(text, start, end):
        a, b = match.span()
        word = text[a:b]
        append(Tok(a, b, word, word not in QUOTE_CHARS and inside[a - start] == 1))
    return toks


def _inside_marks(text: str, start: int, end: int) -> bytearray:
    """For each character of `text[start:end]`, 1 when it is strictly inside a quotation."""
    marks = bytearray(end - start)
    for q0, q1 in quote_ranges(text, start, end):
        marks[q0 + 1 - start : q1 - start] = b"\x01" * max(0, q1 - q0 - 1)
    return marks
