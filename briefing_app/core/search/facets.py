"""Facet counts over a search's matches: how many matching documents hold each value.

Counting cell by cell costs a dictionary update per match and facet: about 50 ms for a word
that matches 60,000 of 100,000 articles, paid at every keystroke of a search typed into the
box. `FacetBitmaps` keeps, per searcher generation, one bitmap of the documents holding each
common cell (a Python integer, a bit per document); a search's matches become one such bitmap
and a common cell's count is the population count of the two ANDed. Only the documents holding
a rarer cell are counted one by one.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from itertools import repeat

from briefing_app.core.search.results import FACETS, MAX_FACET_VALUES, MULTI_FACETS, MULTI_SEP

# A cell held by at least this share of the documents gets a bitmap (at most this many per
# facet, each a bit per document: 100,000 articles, 64 cells → 800 kB per facet).
COMMON_SHARE = 64
# Bitmaps pay for making the matches' bitmap (a digit per document of the library) only when
# the matches are more than this share of the library; fewer are counted one by one.
BITMAP_SHARE = 8


def count_facets(
    docs: Iterable[int],
    columns: dict[str, list],
    multi: frozenset[str] = MULTI_FACETS,
    bitmaps: FacetBitmaps | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """Value counts per facet over the matching documents (columns index by doc number).

    `bitmaps` (made from the same columns) counts many matches faster; the matches must
    then be distinct.
    """
    docs = list(docs)
    if bitmaps is not None and bitmaps.worth_it(len(docs)):
        cells = bitmaps.cells(docs)
    else:
        cells = {
            name: Counter(map(columns[name].__getitem__, docs))
            for name in FACETS
            if columns.get(name) is not None
        }
    return {name: _ranked(cells.get(name), name in multi) for name in FACETS}


def count_facets_through(
    docs: Iterable[int],
    rows: Sequence[int],
    columns: dict[str, list],
    multi: frozenset[str] = MULTI_FACETS,
) -> dict[str, list[tuple[str, int]]]:
    """`count_facets` of documents that have the facet values of another document: row
    `rows[d]` of `columns` (-1: none), as a claim has its article's. The matches are
    counted per row first, then each row's cells: a common word's million claims belong to
    a few tens of thousands of articles."""
    per_row = Counter(map(rows.__getitem__, docs))
    cells = {}
    for name in FACETS:
        column = columns.get(name)
        if column is None:
            continue
        counts: Counter = Counter()
        for row, n in per_row.items():
            counts[column[row] if row >= 0 else None] += n
        cells[name] = counts
    return {name: _ranked(cells.get(name), name in multi) for name in FACETS}


def worth_bitmaps(matches: int, size: int) -> bool:
    """Whether `matches` of `size` documents are counted faster with bitmaps."""
    return matches * BITMAP_SHARE > size


def _ranked(cells: Counter | None, multi: bool) -> list[tuple[str, int]]:
    """A facet's values, most held first (then by value), from the counts of its cells."""
    if cells is None:
        return []
    counts = cells
    if multi:  # a cell holds several values: split each distinct cell once
        counts = Counter()
        for cell, n in cells.items():
            if cell:
                for value in cell.split(MULTI_SEP):
                    counts[value] += n
    counts.pop(None, None)
    counts.pop("", None)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_FACET_VALUES]


def _bitmap(docs: Iterable[int], size: int) -> int:
    """The documents as an integer whose bit d is set for each document d.

    Built as the binary digits of that number, highest document first, and parsed by `int`:
    the loop that marks the documents and the conversion both run in C.
    """
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, docs, repeat(ord("1"))), maxlen=0)  # digits[d] = "1"
    digits.reverse()
    return int(digits, 2) if size else 0


class FacetBitmaps:
    """The documents of each common cell of each facet, as bitmaps; the documents of the
    other cells (empty ones left out), as sets. Made from one generation's columns."""

    def __init__(self, columns: dict[str, list], common_share: int = COMMON_SHARE):
        self.columns = {name: columns[name] for name in FACETS if columns.get(name) is not None}
        self.size = max((len(c) for c in self.columns.values()), default=0)
        self.common: dict[str, list[tuple[str, int]]] = {}
        self.rare: dict[str, frozenset[int]] = {}
        floor = max(1, self.size // common_share)
        for name, column in self.columns.items():
            held: dict[str, list[int]] = {}
            for doc, cell in enumerate(column):
                if cell:
                    held.setdefault(cell, []).append(doc)
            common = sorted((c for c, ds in held.items() if len(ds) >= floor), key=str)
            self.common[name] = [(c, _bitmap(held[c], self.size)) for c in common]
            shared = set(common)
            self.rare[name] = frozenset(
                d for cell, ds in held.items() if cell not in shared for d in ds
            )

    def worth_it(self, matches: int) -> bool:
        return worth_bitmaps(matches, self.size)

    def cells(self, docs: list[int]) -> dict[str, Counter]:
        """Each facet's cells counted over `docs` (distinct document numbers)."""
        matched = _bitmap(docs, self.size)
        found = set(docs) if any(self.rare.values()) else set()
        out: dict[str, Counter] = {}
        for name, column in self.columns.items():
            counts = Counter(
                {cell: n for cell, bits in self.common[name] if (n := (bits & matched).bit_count())}
            )
            counts.update(map(column.__getitem__, self.rare[name].intersection(found)))
            out[name] = counts
        return out
