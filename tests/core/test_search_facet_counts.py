"""Facet counts over matching documents: each document counts once per value it holds,
counted cell by cell or with the bitmaps of common cells."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.search.facets import (
    FacetBitmaps,
    _bitmap,
    count_facets,
    count_facets_through,
)
from briefing_app.core.search.results import FACETS, MAX_FACET_VALUES, MULTI_FACETS, MULTI_SEP

values = st.sampled_from(["", "Reuters", "Ann Lee", "Bo Chen", "2021", "energy", "x" * 3])
cells = st.none() | st.lists(values, max_size=3).map(MULTI_SEP.join) | values


def _reference(docs, columns):
    """Document by document: split a many-valued cell, skip empty values, rank by count."""
    out = {}
    for name in FACETS:
        counts: dict[str, int] = {}
        for d in docs:
            cell = columns[name][d]
            parts = (cell or "").split(MULTI_SEP) if name in MULTI_FACETS else [cell]
            for value in parts:
                if value:
                    counts[value] = counts.get(value, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = ranked[:MAX_FACET_VALUES]
    return out


@given(data=st.data(), size=st.integers(1, 60))
def test_counts_equal_counting_document_by_document(data, size):
    columns = {name: data.draw(st.lists(cells, min_size=size, max_size=size)) for name in FACETS}
    docs = data.draw(st.lists(st.integers(0, size - 1), max_size=80))
    assert count_facets(docs, columns) == _reference(docs, columns)


@given(data=st.data(), size=st.integers(1, 60), common_share=st.integers(1, 12))
def test_counts_with_bitmaps_equal_counting_document_by_document(data, size, common_share):
    """Common cells (held by at least 1/common_share of the documents) through bitmaps, the
    rest one by one: the same counts."""
    columns = {name: data.draw(st.lists(cells, min_size=size, max_size=size)) for name in FACETS}
    docs = data.draw(st.lists(st.integers(0, size - 1), unique=True))
    bitmaps = FacetBitmaps(columns, common_share)
    cells_held = {
        name: Counter(columns[name][d] for d in docs if columns[name][d]) for name in FACETS
    }
    assert bitmaps.cells(docs) == cells_held
    assert count_facets(docs, columns, bitmaps=bitmaps) == _reference(docs, columns)


@given(data=st.data(), size=st.integers(1, 40), claims=st.integers(0, 120))
def test_counts_through_rows_equal_counting_each_document_with_its_rows_values(data, size, claims):
    """A claim counted through its article's row counts as if it held the row's values
    (-1: no article, no value), repeated matches and all."""
    columns = {name: data.draw(st.lists(cells, min_size=size, max_size=size)) for name in FACETS}
    rows = data.draw(st.lists(st.integers(-1, size - 1), min_size=claims, max_size=claims))
    docs = data.draw(st.lists(st.integers(0, claims - 1), max_size=150)) if claims else []
    copied = {
        name: [column[r] if r >= 0 else None for r in rows] for name, column in columns.items()
    }
    assert count_facets_through(docs, rows, columns) == count_facets(docs, copied)


@given(docs=st.sets(st.integers(0, 300)), extra=st.integers(0, 40))
def test_a_bitmap_has_the_bit_of_each_document(docs, extra):
    size = max(docs, default=-1) + 1 + extra
    bits = _bitmap(docs, size)
    assert {d for d in range(size) if bits >> d & 1} == docs


def test_bitmaps_count_many_matches_and_leave_few_to_counting_one_by_one():
    columns = {name: ["a"] * 30 + ["b"] * 2 + [None] * 8 for name in FACETS}
    bitmaps = FacetBitmaps(columns, common_share=10)  # a cell of 4 or more documents
    assert [cell for cell, _ in bitmaps.common["publisher"]] == ["a"]
    assert bitmaps.rare["publisher"] == {30, 31}  # "b"; the empty cells are never counted
    assert bitmaps.worth_it(6) and not bitmaps.worth_it(5)  # more than 1/8 of 40 documents
    facets = count_facets(range(0, 40, 2), columns, bitmaps=bitmaps)
    assert facets["publisher"] == [("a", 15), ("b", 1)]
    assert facets["author"] == [("a", 15), ("b", 1)]


def test_a_repeated_author_counts_twice_and_a_missing_column_counts_nothing():
    columns = {"author": [f"Ann{MULTI_SEP}Ann", "Ann"], "publisher": ["A", None]}
    facets = count_facets([0, 1, 1], columns)
    assert facets["author"] == [("Ann", 4)]
    assert facets["publisher"] == [("A", 1)]
    assert facets["tag"] == []
