"""Hedges: 'could indicate', 'reportedly', 'appears to', 'is likely'.

The text is scanned once; a claim's hedges are then the marks inside its content spans, found
by binary search. Scanning each claim's content instead cost time and memory in proportion to
the content length per claim, which grew with the square of a long paragraph's length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from briefing_app.core.claims import lexicon as lx

_WORDS = re.compile(r"\w+(?:[’'\-]\w+)*")
# What may come right before a capitalised hedge that opens a sentence or a quotation.
_OPENERS = frozenset('.!?"“«(:;\n')


_HEDGE_PATTERN = (
    r"\b(?:"
    + "|".join(sorted(lx.MODAL_HEDGES | lx.HEDGE_VERBS | lx.HEDGE_WORDS, key=len, reverse=True))
    + r")\b(?![’'\-]\w)"
)
_HEDGE_WORD = re.compile(_HEDGE_PATTERN, re.I)
# The hedge words are lower case: searched for in the lower-cased text, case-sensitively,
# they take a third of the time of the re.I search. re.I also matches "ı" and "ſ" to i and
# s, which lower() leaves as they are, and "İ" lower-cases to two characters (the offsets
# would move): a text holding one of those is searched with re.I.
_HEDGE_WORD_LOWER = re.compile(_HEDGE_PATTERN)
_FOLDED_APART = frozenset("ıİſ")


def hedge_matches(text: str) -> Iterator[re.Match]:
    """The matches of the hedge words in `text`, in any case (their offsets are the text's)."""
    low = text.lower()
    if len(low) == len(text) and _FOLDED_APART.isdisjoint(text):
        return _HEDGE_WORD_LOWER.finditer(low)
    return _HEDGE_WORD.finditer(text)


_WORD_BEFORE = re.compile(r"(\w+(?:[’'\-]\w+)*)\W*$")


class Hedges:
    """Every hedge of a text, with its position, from one pass over its hedge words."""

    def __init__(self, text: str):
        self.positions: list[int] = []
        self.words: list[str] = []
        for match in hedge_matches(text):
            at = match.start()
            word = text[at : match.end()]
            if at and (text[at - 1].isalnum() or text[at - 1] in "’'-"):
                continue  # inside a longer word ("dis-may")
            if word[0].isupper() and not _opens(text, at):
                continue  # "Theresa May"
            low = word.lower()
            if low in lx.MODAL_HEDGES:
                nxt = _WORDS.match(text, _skip_space(text, match.end()))
                self._add(at, f"{low} {nxt.group(0).lower()}" if nxt else low)
            elif low in lx.HEDGE_VERBS:
                nxt = _WORDS.match(text, _skip_space(text, match.end()))
                follows_to = nxt is not None and nxt.group(0).lower() == "to"
                self._add(at, f"{low} to" if follows_to else low)
            else:
                before = _WORD_BEFORE.search(text, max(0, at - 24), at)
                prev = before.group(1).lower() if before else ""
                self._add(at, f"{prev} {low}" if prev in lx.BE_FORMS else low)

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
