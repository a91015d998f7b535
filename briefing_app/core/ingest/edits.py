"""One proposed change to the text under repair (see `repair.RepairLog`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Edit:
    """Replace text[start:end] by `after`; logged as a Repair when `kind` is set.

    An edit without a kind is a structural change (joining paragraph separators, dropping a
    header paragraph) and is not logged. `fallback` is applied instead when the reader
    rejected this (heuristic) edit.
    """

    start: int
    end: int
    after: str
    kind: str = ""
    certain: bool = True
    note: str = ""
    fallback: Edit | None = None
