"""Typographic folding and exact matching of quotation fragments against an article's text.

Only typography is folded: quotation-mark kinds, dash kinds, whitespace (and whitespace next to
a dash), invisible characters, and the apostrophes the repair log restored (or proposed). Words,
numbers, letter case and punctuation otherwise stay as they are: a quotation that differs in
anything else does not match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing_app.core.article import Article

QUOTE = "'"  # every quotation mark and apostrophe folds to this
PARA = "\u2029"  # a paragraph break (never matched by plain whitespace)
_QUOTE_CHARS = set("'\"‘’‚‛“”„‟′″`´«»‹›")
_DASH_CHARS = set("-‐‑‒–—―−⸺⸻")
_DROP_CHARS = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
APOSTROPHE_REPAIR = "dropped-apostrophe"


def fold_char(ch: str) -> str:
    """The folded form of one character ("" when it is dropped, " " for any whitespace)."""
    if ch in _QUOTE_CHARS:
        return QUOTE
    if ch in _DASH_CHARS:
        return "-"
    if ch in _DROP_CHARS:
        return ""
    if ch == "…":
        return "..."
    if ch.isspace():
        return " "
    return ch


@dataclass
class Folded:
    """A folded text with, for every folded character, the offset it came from."""

    text: str
    origin: list[int]
    slots: set[int] = field(default_factory=set)  # positions where a restored apostrophe may stand

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) offsets in the original text of folded text[start:end]."""
        if start >= len(self.origin):
            last = self.origin[-1] + 1 if self.origin else 0
            return last, last
        return self.origin[start], self.origin[max(start, end - 1)] + 1


class _Builder:
    """Appends folded characters, collapsing whitespace and spaces around dashes and breaks."""

    def __init__(self):
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.slots: set[int] = set()

    def add(self, folded: str, offset: int) -> None:
        for ch in folded:
            last = self.chars[-1] if self.chars else PARA
            if ch == " " and last in (" ", "-", PARA):
                continue
            if ch in ("-", PARA) and last == " ":
                self.chars.pop()
                self.origin.pop()
            self.chars.append(ch)
            self.origin.append(offset)

    def slot(self) -> None:
        self.slots.add(len(self.chars))

    def finish(self) -> Folded:
        while self.chars and self.chars[-1] in (" ", PARA):
            self.chars.pop()
            self.origin.pop()
        return Folded("".join(self.chars), self.origin, self.slots)


def apostrophe_slots(article: Article) -> tuple[set[int], set[int]]:
    """Offsets of restored apostrophes (dropped when folding) and of places one was proposed."""
    restored: set[int] = set()
    proposed: set[int] = set()
    text = article.text
    for repair in article.repairs:
        if repair.kind != APOSTROPHE_REPAIR or repair.start < 0 or repair.end > len(text):
            continue
        span = text[repair.start : repair.end]
        if span == repair.after:
            restored.update(repair.start + i for i, ch in enumerate(span) if ch in _QUOTE_CHARS)
        elif span == repair.before:
            # The repair was rejected: the text lacks the apostrophe; note where it would go.
            i = next(
                (i for i, (a, b) in enumerate(zip(span, repair.after, strict=False)) if a != b),
                len(span),
            )
            proposed.add(repair.start + i)
    return restored, proposed


def fold_article(article: Article) -> Folded:
    """Fold an article's text; paragraph breaks become PARA."""
    restored, proposed = apostrophe_slots(article)
    builder = _Builder()
    for number, start in enumerate(article.paragraph_starts):
        if number:
            builder.add(PARA, start - 1)
        for i, ch in enumerate(article.paragraphs[number]):
            offset = start + i
            if offset in proposed:
                builder.slot()
            if offset in restored:
                builder.slot()
                continue
            builder.add(fold_char(ch), offset)
    return builder.finish()


def fold_text(text: str) -> Folded:
    """Fold a quotation fragment (blank lines become paragraph breaks)."""
    builder = _Builder()
    for match in re.finditer(r"\n[ \t]*\n\s*|.", text, re.S):
        folded = PARA if match.group(0).startswith("\n") and len(match.group(0)) > 1 else None
        if folded is None:
            folded = fold_char(match.group(0))
        builder.add(folded, match.start())
    return builder.finish()


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def match_at(hay: Folded, pos: int, needle: str, loose_case: set[int]) -> int:
    """End of `needle` matched at hay position `pos`, or -1. Quote marks may skip apostrophe slots."""
    text, i, j = hay.text, pos, 0
    while j < len(needle):
        q = needle[j]
        a = text[i] if i < len(text) else ""
        if a == q or (j in loose_case and a.lower() == q.lower() and a):
            i, j = i + 1, j + 1
        elif q == QUOTE and i in hay.slots:
            j += 1
        else:
            return -1
    return i


def find_all(
    hay: Folded, needle: str, loose_case: set[int] = frozenset(), limit: int = 2000
) -> list[tuple[int, int]]:
    """Every (start, end) where `needle` occurs in `hay` at word boundaries."""
    if not needle:
        return []
    anchor = re.split(f"[{QUOTE}]", needle)[0] or needle[:1]
    anchor_loose = any(j < len(anchor) for j in loose_case)
    text = hay.text
    found: list[tuple[int, int]] = []
    candidates = _candidates(text, anchor, anchor_loose)
    for start in candidates:
        end = match_at(hay, start, needle, loose_case)
        if end < 0:
            continue
        if _is_word(needle[0]) and start > 0 and _is_word(text[start - 1]):
            continue
        if _is_word(needle[-1]) and end < len(text) and _is_word(text[end]):
            continue
        found.append((start, end))
        if len(found) >= limit:
            break
    return found


def _candidates(text: str, anchor: str, loose: bool) -> list[int]:
    if loose:
        pattern = re.compile(f"(?=({re.escape(anchor)}))", re.I)
        return [m.start() for m in pattern.finditer(text)]
    out, pos = [], text.find(anchor)
    while pos >= 0:
        out.append(pos)
        pos = text.find(anchor, pos + 1)
    return out
