"""Text repair with a log: every change is a `Repair` whose offsets point into the final text.

The repairs run as passes over one string. Each pass proposes non-overlapping `Edit`s; the
`RepairLog` applies them, records the logged ones, and moves the offsets of earlier repairs
so that, at the end, every offset points into "\\n\\n".join(paragraphs). Heuristic repairs
whose id the reader rejected are not applied (an edit may name a fallback to use instead).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from briefing_app.core.article import PARAGRAPH_SEPARATOR, Repair
from briefing_app.core.ingest import wrapping
from briefing_app.core.ingest.apostrophes import apostrophe_edits
from briefing_app.core.ingest.edits import Edit
from briefing_app.core.ingest.utf16 import utf16_swap_edits

# A line break with the spaces around it; `(?<!\s)` tries a run of spaces once, from its start
# (from each of its spaces would be quadratic on a line of a million spaces).
_NEWLINE_RUN = re.compile(r"(?<!\s)\s*\n\s*")

__all__ = ["Edit", "RepairLog", "repair_plain_text", "repair_paragraphs"]


@dataclass
class _Applied:
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    swallows: bool  # a structural deletion: repairs wholly inside it leave no text
    kept_head: int = 0  # characters at the start the edit left as they were
    kept_tail: int = 0  # characters at the end the edit left as they were

    def move(self, p: int) -> int | None:
        """Where old offset `p` (inside or at the edge of this edit) lands in the new text.

        Offsets in the unchanged head or tail (the edges included) move exactly; one in the
        rewritten middle has no exact place (None).
        """
        if p >= self.old_end:
            return self.new_end + (p - self.old_end)
        k = p - self.old_start
        if k <= self.kept_head:
            return self.new_start + k
        from_end = self.old_end - p
        if from_end <= self.kept_tail:
            return self.new_end - from_end
        return None


def _kept_ends(before: str, after: str) -> tuple[int, int]:
    """How many characters an edit keeps at its start and at its end (not overlapping)."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, tail


def _repair_id(kind: str, before: str, after: str, occurrence: int) -> str:
    digest = hashlib.sha1(f"{kind}\0{before}\0{after}\0{occurrence}".encode()).hexdigest()
    return f"{kind}-{digest[:10]}"


class RepairLog:
    """Text under repair plus the log of what was changed, kept in final-text offsets."""

    def __init__(self, text: str, *, rejected: Iterable[str] = (), repairs: Iterable[Repair] = ()):
        self.text = text
        self.rejected = frozenset(rejected)
        self.repairs: list[Repair] = []
        self._occurrences: Counter = Counter()
        for repair in repairs:
            self._log(repair)

    def _next_id(self, kind: str, before: str, after: str) -> str:
        """Ids count occurrences in document order, so they survive a re-parse."""
        triple = (kind, before, after)
        self._occurrences[triple] += 1
        return _repair_id(*triple, self._occurrences[triple])

    def _log(self, repair: Repair) -> Repair:
        if not repair.id:
            repair.id = self._next_id(repair.kind, repair.before, repair.after)
        self.repairs.append(repair)
        return repair

    def _resolve(self, edit: Edit) -> tuple[Edit | None, str]:
        """The edit to apply and its repair id: itself, or its fallback when rejected."""
        if not edit.kind:
            return edit, ""
        before = self.text[edit.start : edit.end]
        repair_id = self._next_id(edit.kind, before, edit.after)
        if edit.certain or repair_id not in self.rejected:
            return edit, repair_id
        fallback = edit.fallback
        if fallback is None or not fallback.kind:
            return fallback, ""
        return fallback, self._next_id(
            fallback.kind, self.text[fallback.start : fallback.end], fallback.after
        )

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply one pass of non-overlapping edits and log the ones that have a kind."""
        pieces: list[str] = []
        applied: list[_Applied] = []
        new_repairs: list[tuple[Repair, int]] = []
        pos = shift = 0
        for proposed in sorted(edits, key=lambda e: (e.start, e.end)):
            if proposed.start < pos:
                continue  # overlaps an edit already taken
            edit, repair_id = self._resolve(proposed)
            if edit is None:
                continue
            before = self.text[edit.start : edit.end]
            if before == edit.after:
                continue
            pieces.append(self.text[pos : edit.start])
            new_start = edit.start + shift
            pieces.append(edit.after)
            shift += len(edit.after) - len(before)
            applied.append(
                _Applied(
                    edit.start,
                    edit.end,
                    new_start,
                    new_start + len(edit.after),
                    not edit.kind,
                    *_kept_ends(before, edit.after),
                )
            )
            if edit.kind:
                repair = Repair(
                    edit.kind,
                    before,
                    edit.after,
                    certain=edit.certain,
                    note=edit.note,
                    id=repair_id,
                )
                new_repairs.append((repair, new_start))
            pos = edit.end
        if not applied:
            return
        pieces.append(self.text[pos:])
        self._remap(applied)
        self.text = "".join(pieces)
        for repair, start in new_repairs:
            repair.start, repair.end = start, start + len(repair.after)
            self._log(repair)

    def _remap(self, applied: list[_Applied]) -> None:
        """Move earlier repairs' offsets across this pass's edits.

        A repair whose text a later edit rewrote (an edge inside the rewritten part, or the
        rewrite inside its span) no longer has a place in the text: it stays in the log,
        unplaced (-1), like one a structural deletion swallowed.
        """
        starts = [a.old_start for a in applied]

        def covering(p: int) -> _Applied | None:
            i = bisect_right(starts, p) - 1
            return applied[i] if i >= 0 else None

        def move(p: int) -> int | None:
            a = covering(p)
            return p if a is None else a.move(p)

        def swallowed(start: int, end: int) -> bool:
            a = covering(start)
            if a is None or not a.swallows:
                return False
            at_edge = start == end and start in (a.old_start, a.old_end)
            return a.old_start <= start and end <= a.old_end and not at_edge

        def rewritten_inside(start: int, end: int) -> bool:
            """An edit that changed text lies strictly within the repair's span."""
            i = bisect_right(starts, start)
            while i < len(applied) and applied[i].old_start < end:
                a = applied[i]
                if a.old_end <= end and (a.old_start > start or a.old_end < end):
                    return True
                i += 1
            return False

        for repair in self.repairs:
            if repair.start < 0:
                continue
            if swallowed(repair.start, repair.end):
                repair.start = repair.end = -1
                continue
            start, end = move(repair.start), move(repair.end)
            if start is None or end is None or rewritten_inside(repair.start, repair.end):
                repair.start = repair.end = -1
                continue
            repair.start, repair.end = start, max(start, end)

    def keep_paragraphs(self, keep: Iterable[int]) -> list[str]:
        """Drop every paragraph not in `keep` (0-based); repairs inside dropped ones leave no text."""
        paragraphs = self.text.split(PARAGRAPH_SEPARATOR)
        wanted = sorted(set(keep))
        edits, pos = [], 0
        spans = []
        for para in paragraphs:
            spans.append((pos, pos + len(para)))
            pos += len(para) + len(PARAGRAPH_SEPARATOR)
        kept_spans = [spans[i] for i in wanted if 0 <= i < len(spans)]
        cursor = 0
        for index, (start, end) in enumerate(kept_spans):
            edits.append(Edit(cursor, start, "" if index == 0 else PARAGRAPH_SEPARATOR))
            cursor = end
        edits.append(Edit(cursor, len(self.text), ""))
        self.apply(edits)
        return self.paragraphs()

    def paragraphs(self) -> list[str]:
        """The current text as paragraphs (never an empty one)."""
        return [p for p in self.text.split(PARAGRAPH_SEPARATOR) if p] if self.text else []


def repair_plain_text(
    text: str, *, rejected: Iterable[str] = (), decoding: Iterable[Repair] = ()
) -> RepairLog:
    """Every repair for plain text: UTF-16 damage, spaces, wraps, URLs, hyphens, apostrophes."""
    log = RepairLog(text, rejected=rejected, repairs=decoding)
    log.apply(utf16_swap_edits(log.text))
    log.apply(wrapping.trailing_space_edits(log.text))
    log.apply(wrapping.nbsp_line_edits(log.text))
    log.apply(wrapping.structure_edits(log.text))
    log.apply(apostrophe_edits(log.text))
    return log


def repair_paragraphs(
    paragraphs: list[str], *, rejected: Iterable[str] = (), decoding: Iterable[Repair] = ()
) -> RepairLog:
    """Repairs for text whose paragraphs are already known (Markdown, HTML): characters and words."""
    clean = [_NEWLINE_RUN.sub(" ", p).strip() for p in paragraphs]
    log = RepairLog(
        PARAGRAPH_SEPARATOR.join(p for p in clean if p), rejected=rejected, repairs=decoding
    )
    log.apply(utf16_swap_edits(log.text))
    log.apply(apostrophe_edits(log.text))
    return log
