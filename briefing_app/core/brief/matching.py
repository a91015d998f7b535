"""Locate a quotation (fragments split by ellipses) in one article, with the reason when it fails.

Fragments must occur at word boundaries, in order, in one paragraph; what an ellipsis leaves out
may not hold a negation, and may not change a number (cut next to a number, inside one, or
drop a quantity word such as "million" or "more than" beside one).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from briefing_app.core.brief.folding import PARA, QUOTE, Folded, find_all, fold_text

NEGATIONS = {
    "not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "cannot",
    "without", "hardly", "barely", "scarcely",
}  # fmt: skip
NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "trillion", "dozen", "dozens", "half", "percent", "per", "cent",
}  # fmt: skip
QUANTIFIERS = {
    "more", "less", "fewer", "than", "about", "around", "nearly", "almost", "over", "under",
    "least", "most", "up", "some", "approximately", "roughly", "only", "just", "times",
    "above", "below", "exceeding", "estimated",
}  # fmt: skip
MAX_STEPS = 20000
_WORD = re.compile(r"[\w']+")


@dataclass
class Fragment:
    """A piece of a quotation between ellipses: folded text and letters whose case may differ."""

    text: str
    loose_case: set[int] = field(default_factory=set)


@dataclass
class Located:
    """Where a quotation sits in an article, or why it could not be placed."""

    spans: list[tuple[int, int]] = field(default_factory=list)  # folded spans of the fragments
    missing: int = -1  # index of a fragment found nowhere in the article
    ellipsis_problem: str = ""  # fragments all present, but the omissions are not allowed

    @property
    def found(self) -> bool:
        return bool(self.spans) and not self.ellipsis_problem and self.missing < 0


def make_fragment(raw: str, loose_raw: set[int]) -> Fragment:
    """Fold a fragment's raw text, carrying the loose-case letters over to folded positions."""
    folded = fold_text(raw)
    text, origin = folded.text, folded.origin
    # Quotation marks at a fragment's edges enclose it; they are not the article's words.
    lead = len(text) - len(text.lstrip(QUOTE + " "))
    trail = len(text.rstrip(QUOTE + " "))
    loose = {k - lead for k in range(lead, trail) if origin[k] in loose_raw}
    return Fragment(text[lead:trail], loose)


def is_negation(word: str) -> bool:
    """True for "not", "never", "no"... and contractions such as "didn't"."""
    word = word.lower().replace("’", "'")
    return word in NEGATIONS or word.endswith("n't")


def _is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or word.lower() in NUMBER_WORDS


def number_problem(before: str, gap: str, after: str) -> str:
    """Why an omission changes a number ("" when it does not)."""
    left = _WORD.findall(before)[-1:] or [""]
    right = _WORD.findall(after)[:1] or [""]
    words = _WORD.findall(gap)
    if not words:
        return ""
    if _is_number(left[0]) and _is_number(right[0]):
        return f"the omission joins two numbers ({left[0]} … {right[0]})"
    quantity = {w.lower() for w in (words[0], words[-1])} & (NUMBER_WORDS | QUANTIFIERS)
    digits = _is_number(words[0]) or _is_number(words[-1])
    if (_is_number(left[0]) and (_is_number(words[0]) or words[0].lower() in quantity)) or (
        _is_number(right[0]) and (_is_number(words[-1]) or words[-1].lower() in quantity)
    ):
        return f"the omission of “{gap.strip()}” next to a number changes it"
    if digits and (_is_number(left[0]) or _is_number(right[0])):
        return f"the omission of “{gap.strip()}” changes a number"
    return ""


def omission_problem(hay: Folded, end: int, start: int) -> str:
    """Why the text between two fragments may not be left out ("" when it may)."""
    gap = hay.text[end:start]
    if PARA in gap:
        return "the fragments come from different paragraphs"
    negations = [w for w in _WORD.findall(gap) if is_negation(w)]
    if negations:
        return f"the ellipsis leaves out “{negations[0]}”, which changes the meaning"
    return number_problem(hay.text[max(0, end - 40) : end], gap, hay.text[start : start + 40])


class Locator:
    """Places fragments in one folded article."""

    def __init__(self, hay: Folded):
        self.hay = hay
        self.breaks = [i for i, ch in enumerate(hay.text) if ch == PARA]

    def paragraph(self, pos: int) -> int:
        """1-based paragraph of a folded position."""
        return bisect_right(self.breaks, pos) + 1

    def locate(self, fragments: list[Fragment], accept=None) -> Located:
        """Place every fragment in order; report the first failure kind otherwise.

        `accept(spans)`, when given, must also hold for a placement (e.g. "in the cited
        paragraph"): the words may occur more than once, and the cited occurrence counts.
        """
        options = []
        for index, fragment in enumerate(fragments):
            hits = find_all(self.hay, fragment.text, fragment.loose_case)
            if not hits:
                return Located(missing=index)
            options.append(hits)
        problems: list[str] = []
        self._steps = 0
        self._accept = accept
        spans = self._place(options, 0, -1, [], problems)
        if spans:
            return Located(spans=spans)
        why = (
            problems[0] if problems else "the fragments do not occur in this order in one paragraph"
        )
        return Located(spans=[o[0] for o in options], ellipsis_problem=why)

    def _place(self, options, index, after, chosen, problems):
        if index == len(options):
            accepted = self._accept is None or self._accept(chosen)
            return list(chosen) if accepted else None
        for start, end in options[index]:
            if start < after:
                continue
            self._steps += 1
            if self._steps > MAX_STEPS:  # a pathological quotation: give up, fail closed
                return None
            if chosen:
                prev_end = chosen[-1][1]
                if self.paragraph(start) != self.paragraph(prev_end - 1):
                    problems.append("the fragments come from different paragraphs")
                    continue
                problem = omission_problem(self.hay, prev_end, start)
                if problem:
                    problems.append(problem)
                    continue
            chosen.append((start, end))
            placed = self._place(options, index + 1, end, chosen, problems)
            chosen.pop()
            if placed:
                return placed
        return None
