"""Facet counts over matching documents: each document counts once per value it holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.search.results import (
    FACETS,
    MAX_FACET_VALUES,
    MULTI_FACETS,
    MULTI_SEP,
    count_facets,
)

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


def test_a_repeated_author_counts_twice_and_a_missing_column_counts_nothing():
    columns = {"author": [f"Ann{MULTI_SEP}Ann", "Ann"], "publisher": ["A", None]}
    facets = count_facets([0, 1, 1], columns)
    assert facets["author"] == [("Ann", 4)]
    assert facets["publisher"] == [("A", 1)]
    assert facets["tag"] == []
