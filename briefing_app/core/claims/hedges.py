"""Hedges: 'could indicate', 'reportedly', 'appears to', 'is likely'.

The text is scanned once; a claim's hedges are then the marks inside its content spans, found
by binary search. Scanning each claim's content instead cost time and memory in proportion to
the content length per claim, which grew with the square of a long paragraph's length.
"""

from __future__ import annotations

import bisect
import re

from briefing_app.core.claims import lexicon as lx

_WORDS = re.compile(r"\w+(?:[’'\-]\w+)*")
# What may come right before a capitalised hedge that opens a sentence or a quotation.
_OPENERS = frozenset('.!?"“«(:;\n')


class Hedges:
    """Every hedge of a text, with its position, from one pass."""

    def __init__(self, text: str):
        self.positions: list[int] = []
        self.words: list[str] = []
        prev_low, pending = "", None  # pending: (position, modal) waiting for its next word
        for match in _WORDS.finditer(text):
            word = match.group(0)
            low = word.lower()
            if pending is not None:
                self._add(pending[0], f"{pending[1]} {low}")
                pending = None
            if word[0].isupper() and not _opens(text, match.start()):
                prev_low = low
                continue
            if low in lx.MODAL_HEDGES:
                pending = (match.start(), low)
            elif low in lx.HEDGE_VERBS:
                nxt = _WORDS.match(text, _skip_space(text, match.end()))
                follows_to = nxt is not None and nxt.group(0).lower() == "to"
                self._add(match.start(), f"{low} to" if follows_to else low)
            elif low in lx.HEDGE_WORDS:
                self._add(match.start(), f"{prev_low} {low}" if prev_low in lx.BE_FORMS else low)
            prev_low = low
        if pending is not None:
            self._add(pending[0], pending[1])

    def _add(self, position: int, words: str) -> None:
        self.positions.append(position)
        self.words.append(words)

    def within(self, spans: list[tuple[int, int]]) -> list[str]:
        """The distinct hedges starting inside any of `spans`, sorted."""
        found: set[str] = set()
        for start, end in spans:
            a = bisect.bisect_left(self.positions, start)
            b = bisect.bisect_left(self.positions, end)
            found.update(self.words[a:b])
        return sorted(found)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _opens(text: str, at: int) -> bool:
    """Whether the word at `at` opens the text, a sentence or a quotation."""
    k = at - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] in _OPENERS


def hedges_in(content: str) -> list[str]:
    """The hedges of one piece of text."""
    return Hedges(content).within([(0, len(content))])
