"""Differential tests: the PostgreSQL backend matches what the Whoosh backend matches.

The generator of the Whoosh tests (`tests.core.search_generator`) writes libraries — several
batches, deletions, changed re-imports, new versions, claims, the analyst's tags, collections
and notes — and queries of every class of the query language. Each history is applied twice,
once to a Whoosh index and once to the PostgreSQL backend, and every search must give the same
set of hits, the same total, the same facet counts and the same `matching_ids`; the order of
hits by relevance may differ (the engines rank differently), by date it may not. Snippets and
best paragraphs are made by the same code from the same matched words, so they must agree too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import QueryError
from briefing_app.core.search.index import SearchIndex
from briefing_app.core.team.search import Backend
from tests.core.search_generator import article_date, build_library, histories, search_specs


def _run(index: SearchIndex, search: dict, **extra):
    filters = {"publisher": search["publishers"]} if search["publishers"] else {}
    if search["tags"]:
        filters["tag"] = search["tags"]
    options = dict(claims=search["claims"], all_versions=search["all_versions"])
    options.update(sort=search["sort"], filters=filters, **extra)
    return index.search(search["query"], **options), filters


def _hit_key(hit) -> tuple:
    return (hit.id, hit.paragraph, hit.snippet, str(sorted((hit.claim or {}).items())))


def _facets(results) -> dict:
    """Facet counts; collections (ranked by count, then by their random ids, which differ
    between the two libraries) as a set of paths and counts."""
    return dict(results.facets, collection=sorted(results.facets["collection"]))


def compare(whoosh: SearchIndex, team: SearchIndex, live: dict, search: dict) -> None:
    try:
        expected, filters = _run(whoosh, search, limit=500)
    except QueryError as error:
        with pytest.raises(QueryError) as caught:
            _run(team, search, limit=500)
        assert str(caught.value) == str(error), search
        return
    got, _ = _run(team, search, limit=500)
    assert got.total == expected.total, (search, got.ids(), expected.ids())
    assert sorted(map(_hit_key, got.hits)) == sorted(map(_hit_key, expected.hits)), search
    assert _facets(got) == _facets(expected), search
    if search["sort"] == "date":  # newest first, undated last, on both engines
        dates = [article_date(live[h.id]) for h in got.hits]
        assert dates == sorted(dates, reverse=True), search
    if not search["claims"]:
        options = dict(all_versions=search["all_versions"], filters=filters)
        assert sorted(team.matching_ids(search["query"], **options)) == sorted(
            whoosh.matching_ids(search["query"], **options)
        ), search
    if got.total > 3:  # a page is a slice of the whole ranking
        page, _ = _run(team, search, limit=3, page=2)
        assert page.ids() == got.ids()[3:6], search


@pytest.mark.timeout(3600)  # --full-stress runs 300 libraries
def test_postgresql_matches_whoosh(pg_url, stress_size):
    backend = Backend(lambda: psycopg.connect(pg_url, autocommit=True))

    @settings(
        max_examples=stress_size(15, 300),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(history=histories, searches=st.lists(search_specs, min_size=6, max_size=12))
    def check(history, searches):
        with tempfile.TemporaryDirectory() as folder:
            whoosh, live = build_library(Path(folder) / "whoosh", history)
            team, team_live = build_library(Path(folder) / "team", history, backend)
            assert team_live.keys() == live.keys()
            try:
                for search in searches:
                    compare(whoosh, team, live, search)
            finally:
                whoosh.close()
                team.close()

    check()
