"""Pair quotation marks in a paragraph, telling closing quotes from apostrophes.

A regular expression cannot tell the closing ’ of ‘…’ from the apostrophe of “analysts’” or
“don’t”: each mark is first classified by its neighbours, then marks are paired with a stack.
A ’ inside a word is an apostrophe; after an “s” at a word's end it may be a plural possessive
or a closing quote, so it is only taken as the closing mark when no unambiguous one follows.
Straight marks open at a word's start and close at its end, and pair only with straight marks
(a quoted source's own straight quotes inside curly ones stay its words). Only the outermost
quotations are returned: quotes nested inside them are part of their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN, CLOSE, MAYBE_CLOSE, EITHER = "open", "close", "maybe", "either"
_KIND = {
    "“": ("double", OPEN),
    "„": ("double", OPEN),
    "”": ("double", CLOSE),
    "«": ("guillemet", OPEN),
    "»": ("guillemet", CLOSE),
    "‘": ("single", OPEN),
    "‚": ("single", OPEN),
    "’": ("single", CLOSE),
}
_MARKS = re.compile("[\"'“”„«»‘’‚]")
_ALL_MARKS = "\"'“”„«»‘’‚"
_OPENERS = "“„«‘‚([{"
_CLOSERS = "”»’)]}"
# Words that start with an elided letter: ’90s, ’em, ’tis, rock ’n’ roll.
_ELISION = re.compile(r"(?:\d\ds?|em|tis|twas|til|cause|n)\b", re.I)
_CITATION_NEXT = re.compile(r"[.,;:!?]?\s*\[[^\[\]]*@")


@dataclass
class _Open:
    kind: str
    pos: int
    maybes: list[int] = field(default_factory=list)  # possible closing marks after an "s"


def _left_boundary(text: str, i: int) -> bool:
    # Look past a run of marks ("‘’90s", "analysts'’"): the character before the run decides.
    while i > 0 and text[i - 1] in _ALL_MARKS:
        i -= 1
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPENERS + "—–-/"


def _right_boundary(text: str, i: int) -> bool:
    while i + 1 < len(text) and text[i + 1] in _ALL_MARKS:
        i += 1
    if i + 1 >= len(text):
        return True
    ch = text[i + 1]
    return ch.isspace() or ch in _CLOSERS + ".,;:!?—–-/…"


def _single_role(text: str, i: int, left: bool, right: bool) -> str | None:
    mark = text[i]
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isalnum() and after.isalnum():
        return None  # inside a word: don't, Kazakhstan’s
    if mark == "‘" and left:
        return OPEN  # unambiguous, even before another mark (‘’90s…’)
    if left and not right:
        if mark != "‘" and _ELISION.match(text, i + 1):
            return None  # ’90s, ’tis
        return None if mark == "’" else OPEN  # ’ at a word's start is an elision
    if right and not left:
        return MAYBE_CLOSE if before in "sS" else CLOSE
    return None


def classify(text: str, i: int) -> tuple[str, str] | None:
    """(kind, role) of the mark at `text[i]`, or None when it is an apostrophe or stray."""
    mark = text[i]
    left, right = _left_boundary(text, i), _right_boundary(text, i)
    if mark in "'’‘":
        role = _single_role(text, i, left, right)
        return ("straight single" if mark == "'" else "single", role) if role else None
    if mark == '"':
        if left and not right:
            return "straight double", OPEN
        if right and not left:
            return "straight double", CLOSE
        return "straight double", EITHER
    return _KIND[mark]


def _choose(text: str, entry: _Open) -> int:
    """The closing mark of a quote left open at the end: one followed by a citation, else the first."""
    for pos in entry.maybes:
        if _CITATION_NEXT.match(text, pos + 1):
            return pos
    return entry.maybes[0]


def _resolve(text: str, stack: list[_Open], down_to: int, pairs: list) -> None:
    """Close the quotes above `down_to` that may end at a possible closing mark; drop the rest."""
    while len(stack) > down_to:
        entry = stack.pop()
        if entry.maybes:
            pairs.append((entry.pos, _choose(text, entry)))


def _close(text: str, stack: list[_Open], kind: str, pos: int, pairs: list) -> bool:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].kind == kind:
            _resolve(text, stack, depth + 1, pairs)
            pairs.append((stack.pop().pos, pos))
            return True
    return False


def _step(text: str, stack: list[_Open], i: int, pairs: list) -> None:
    role_of = classify(text, i)
    if role_of is None:
        return
    kind, role = role_of
    top = stack[-1] if stack else None
    if role == EITHER:
        role = CLOSE if any(e.kind == kind for e in stack) else OPEN
    if role == OPEN:
        if top and top.kind == kind and top.maybes:
            _resolve(text, stack, len(stack) - 1, pairs)  # same-kind nesting: the last one ended
        stack.append(_Open(kind, i))
    elif role == MAYBE_CLOSE:
        if top and top.kind == kind:
            top.maybes.append(i)
    else:
        _close(text, stack, kind, i, pairs)


def pair_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each outermost quotation of `text`, in order."""
    stack: list[_Open] = []
    pairs: list[tuple[int, int]] = []
    for match in _MARKS.finditer(text):
        _step(text, stack, match.start(), pairs)
    _resolve(text, stack, 0, pairs)
    spans = sorted((a + 1, b) for a, b in pairs if b > a + 1)
    outer: list[tuple[int, int]] = []
    for start, end in spans:
        if outer and start < outer[-1][1]:
            continue  # nested inside the previous quotation
        outer.append((start, end))
    return outer
