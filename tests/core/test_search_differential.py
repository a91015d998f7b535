"""Differential tests: every search equals stock Whoosh's `Searcher.search` on the same index.

The index answers through fast paths built on Whoosh internals (set operations on posting
blocks, in-memory length columns, a phrase matcher on position sets narrowed by common-word
pairs, a date range on a sorted column, facet and version filters from columns). Hypothesis
generates libraries — several batches (so several segments), deletions, re-imports of a
changed article, new versions, every metadata field, claims, the analyst's tags, collections
and notes — and queries of every class of
the query language; the reference is the same tree translated to Whoosh's own query classes
(`Translator(stock=True)`) and run by a freshly opened stock searcher. Hits, their order and
their scores (to the 4 decimals results carry) must be equal, and so must totals and
`matching_ids`. The default size runs in seconds; `--full-stress` runs many more examples.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing_app.core.annotations import Shelf
from briefing_app.core.errors import QueryError
from briefing_app.core.library import Library
from briefing_app.core.search import phrases
from briefing_app.core.search.index import SearchIndex
from briefing_app.core.search.results import FACETS, MAX_FACET_VALUES, MULTI_FACETS, MULTI_SEP
from briefing_app.core.search.user_fields import name_facet
from briefing_app.core.search.whoosh_query import Translator, stock_aids_query
from tests.core.search_generator import (
    article_date,
    build_library,
    histories,
    search_specs,
)
from tests.core.search_helpers import make_article, store


def _spec(title: str, paragraph: str, published: str) -> dict:
    """An article as the generator makes it, for hand-written examples."""
    return dict(title=title, paragraphs=[paragraph], publisher="", authors=[], series="", url="",
                tags=[], language="", published=published, claims=[],
                user={"tags": [], "collections": [], "note": ""})  # fmt: skip


# Found by a random run: a page of `(-published:2019 OR -said)` lost a later segment's best
# document (Whoosh's top-N collector replaces an OR of NOTs once its heap is full).
NEGATED_OR = dict(
    history={
        "batches": [
            [_spec(f"Said {i}", "The minister said so.", "2020") for i in range(4)]
            + [_spec(f"Told {i}", "The minister told us.", "2020") for i in range(4)],
            [_spec("Told late", "The port told us.", "2021")],
        ],
        "deleted": [],
        "changed": [],
        "versions": [],
    },
    searches=[
        dict(
            query="(-published:2019 OR -said)",
            claims=False,
            sort="relevance",
            all_versions=True,
            publishers=[],
            tags=[],
        )  # fmt: skip
    ],
)


def _aid_of(searcher):
    """The article id of a document number, from stock Whoosh's column reader (every
    document of both indexes has one; a claim document stores nothing). Read on first use:
    an empty index's reader has no columns."""
    column = None

    def aid(docnum: int) -> str:
        nonlocal column
        column = column or searcher.reader().column_reader("aid")
        return column[docnum]

    return aid


def _stock_linked(index: SearchIndex, claims: bool):
    """Stock Whoosh's form of a node on the other index's fields: the documents (a constant-
    score OR of `aid` terms) of the articles a stock search of the other index finds."""
    from whoosh import index as whoosh_index

    def linked(node):
        name = "articles" if claims else "claims"
        ix = whoosh_index.open_dir(str(index.index_dir), indexname=name)
        with ix.searcher() as searcher:
            q = Translator(searcher.schema, not claims, stock=True).convert(node)
            deleted = searcher.reader().is_deleted
            docs = [d for d in searcher.docs_for_query(q) if not deleted(d)]
            return stock_aids_query(frozenset(_aid_of(searcher)(d) for d in docs))

    return linked


def _reference(index: SearchIndex, live: dict, search: dict, tree) -> list:
    """The hits as (id, score), best first, from stock Whoosh.

    (Newest first is not compared with Whoosh's `sortedby`: Whoosh 2.7.4 sorts a text column
    by each segment's own value ranks, which do not compare across segments. The order by
    date is checked against the articles' dates instead.)"""
    from whoosh import index as whoosh_index

    name = "claims" if search["claims"] else "articles"
    ix = whoosh_index.open_dir(str(index.index_dir), indexname=name)
    with ix.searcher() as searcher:
        linked = _stock_linked(index, search["claims"])
        q = Translator(searcher.schema, search["claims"], stock=True, linked=linked).convert(tree)
        mask = set()
        if not search["all_versions"]:
            for old in {a.supersedes for a in live.values() if a.supersedes}:
                mask.update(searcher.document_numbers(aid=old))
        chosen = None
        if search["publishers"] or search["tags"]:
            if search["claims"]:  # a claim has its article's facet values
                passing = _passing_articles(index, search)
                aid = _aid_of(searcher)
                chosen = {d for d in range(searcher.doc_count_all()) if aid(d) in passing}
            else:
                chosen = {
                    offset + d
                    for leaf, offset in searcher.reader().leaf_readers()
                    for d in range(leaf.doc_count_all())
                    if _passes(leaf, d, search)
                }
            if not chosen:  # Whoosh reads an empty filter as none
                return []
        options = dict(limit=None, mask=mask or None, filter=chosen)
        relevance = searcher.search(q, **options)
        aid = _aid_of(searcher)
        # Whoosh 2.7.4's NOT returns deleted documents of a segment with deletions: the one
        # correction made to the reference (the library no longer holds them).
        deleted = searcher.reader().is_deleted
        scores = [(aid(d), round(float(s), 4)) for s, d in relevance.top_n if not deleted(d)]
        return scores


def _value(leaf, fieldname: str, doc: int) -> str:
    if not leaf.has_column(fieldname):
        return ""
    value = leaf.column_reader(fieldname)[doc]
    return value.decode("utf-8") if isinstance(value, bytes) else value or ""


def _passes(leaf, doc: int, search: dict) -> bool:
    """The facet filter of a search, read from Whoosh's columns one document at a time."""
    if search["publishers"] and _value(leaf, "f_publisher", doc) not in search["publishers"]:
        return False
    tags = _value(leaf, "f_tag", doc).split(MULTI_SEP)
    return not search["tags"] or bool(set(search["tags"]) & set(tags))


def _passing_articles(index: SearchIndex, search: dict) -> set[str]:
    """Ids of the live article documents that pass the facet filter of a search."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index.index_dir), indexname="articles")
    with ix.searcher() as searcher:
        aid = _aid_of(searcher)
        return {
            aid(offset + d)
            for leaf, offset in searcher.reader().leaf_readers()
            for d in range(leaf.doc_count_all())
            if not leaf.is_deleted(d) and _passes(leaf, d, search)
        }


def _reference_facets(index: SearchIndex, aids: set[str]) -> dict[str, list]:
    """Facet counts over the live article documents of `aids`, read from Whoosh's columns
    one document at a time."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index.index_dir), indexname="articles")
    counts = {name: Counter() for name in FACETS}
    with ix.searcher() as searcher:
        aid = _aid_of(searcher)
        for leaf, offset in searcher.reader().leaf_readers():
            for d in range(leaf.doc_count_all()):
                if leaf.is_deleted(d) or aid(offset + d) not in aids:
                    continue
                for name in FACETS:
                    value = _value(leaf, f"f_{name}", d)
                    values = value.split(MULTI_SEP) if name in MULTI_FACETS else [value]
                    counts[name].update(v for v in values if v)
    facets = {
        name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_FACET_VALUES]
        for name, c in counts.items()
    }
    # Collections are indexed by id and shown by name.
    facets["collection"] = name_facet(facets["collection"], Shelf(index.library.root))
    return facets


def _check(index: SearchIndex, live: dict, search: dict) -> None:
    try:
        tree = index.parse(search["query"])
        filters = {"publisher": search["publishers"]} if search["publishers"] else {}
        if search["tags"]:
            filters["tag"] = search["tags"]
        options = dict(claims=search["claims"], all_versions=search["all_versions"])
        got = index.search(
            search["query"], limit=500, sort=search["sort"], filters=filters, **options
        )
    except QueryError:
        return  # the generator wrote something the language refuses (e.g. a prefix with ~)
    expected = _reference(index, live, search, tree)
    hits = [(h.id, h.score) for h in got.hits]
    assert got.total == len(expected), (search, hits, expected)
    if search["sort"] == "relevance":
        assert sorted(hits) == sorted(expected), (search, hits, expected)
        assert [s for _, s in hits] == [s for _, s in expected], search  # the same order
    else:  # newest first (undated last), each with its relevance score
        assert sorted(hits) == sorted(expected), (search, hits, expected)
        newest = sorted((article_date(live[h]) for h, _ in hits), reverse=True)
        assert [article_date(live[h]) for h, _ in hits] == newest, search
    if not search["claims"]:  # the library view's ids: the same matches, facets and all
        assert got.facets == _reference_facets(index, {h for h, _ in expected}), search
        ids = index.matching_ids(
            search["query"], all_versions=search["all_versions"], filters=filters
        )
        assert sorted(ids) == sorted(h for h, _ in expected), search
    if len(hits) > 3:  # pages are slices of the whole ranking
        page = index.search(
            search["query"], limit=3, page=2, sort=search["sort"], filters=filters, **options
        )
        assert [(h.id, h.score) for h in page.hits] == hits[3:6], search


@pytest.mark.timeout(3600)  # --full-stress runs 300 libraries
def test_fast_paths_equal_stock_whoosh(stress_size, monkeypatch):
    """Generated libraries and queries: our hits and scores are stock Whoosh's."""
    monkeypatch.setattr(phrases, "MIN_COMMON_SAMPLE", 2)  # small libraries get common words
    monkeypatch.setattr(phrases, "COMMON_SHARE", 0.3)

    @settings(
        max_examples=stress_size(30, 300),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(history=histories, searches=st.lists(search_specs, min_size=6, max_size=12))
    @example(**NEGATED_OR)
    def check(history, searches):
        with tempfile.TemporaryDirectory() as folder:
            index, live = build_library(Path(folder), history)
            try:
                for search in searches:
                    _check(index, live, search)
            finally:
                index.close()

    check()


@pytest.mark.parametrize("phrase", ['"the new york times"', '"new york"', '"york times"'])
def test_field_phrase_of_common_words_is_found(tmp_path, monkeypatch, phrase):
    """A field-scoped phrase is checked in its field: common-word pairs narrow body phrases only."""
    monkeypatch.setattr(phrases, "MIN_COMMON_SAMPLE", 2)
    monkeypatch.setattr(phrases, "COMMON_SHARE", 0.3)
    library = Library(tmp_path / "library")
    nyt = make_article("Gas talks", ["The talks went on."], publisher="The New York Times")
    others = [make_article(f"Note {i}", ["the new york times of the new"]) for i in range(3)]
    store(library, [nyt, *others])
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    assert {"the", "new", "york", "time"} <= index.backend.engine().views[False].searcher.schema[
        "pairs"
    ].analyzer.common
    assert index.search(f"publisher:{phrase}").ids() == [nyt.id]


def test_incrementally_added_article_ranks_with_identical_ones(tmp_path):
    """Phrase scores use the whole index's statistics: an article added into a new segment
    scores exactly as its identical twins indexed by the full build."""
    library = Library(tmp_path / "library")
    twins = [
        make_article(f"Report {i}", ["Officials said the gas pipeline talks resumed."])
        for i in range(4)
    ]
    fillers = [make_article(f"Other {i}", ["Grain prices rose at the port."]) for i in range(6)]
    store(library, twins[:3] + fillers)
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    store(library, twins[3:])
    index.add_articles(twins[3:])
    searcher = index.backend.engine().views[False].current()
    assert len(searcher.subsearchers or []) == 2
    for query in ('"gas pipeline talks"', '"pipeline talks"~2'):
        hits = index.search(query).hits
        assert {h.id for h in hits} == {t.id for t in twins}
        assert len({h.score for h in hits}) == 1, [(h.id, h.score) for h in hits]


def test_a_prefix_ranks_an_incremental_article_with_identical_ones(tmp_path):
    """A prefix scores as the sum of its terms' scores in every segment. Whoosh's default
    ("constant score") prefix scores 1.0 in a small segment where it stands for three terms
    or more and BM25 where it stands for two: an article imported into a new segment
    holding a third `port…` word ranked apart from its twins."""
    library = Library(tmp_path / "library")
    twins = [make_article(f"Report {i}", ["The port and the portal reopened."]) for i in range(4)]
    fillers = [make_article(f"Other {i}", ["Grain prices rose at the mill."]) for i in range(6)]
    store(library, twins[:3] + fillers)
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    portrait = make_article("Portrait", ["A portrait of the minister."])
    store(library, [twins[3], portrait])
    index.add_articles([twins[3], portrait])
    searcher = index.backend.engine().views[False].current()
    assert len(searcher.subsearchers or []) == 2
    hits = index.search("port*").hits
    assert {h.id for h in hits} == {t.id for t in twins} | {portrait.id}
    assert len({h.score for h in hits if h.id != portrait.id}) == 1, [(h.id, h.score) for h in hits]


def test_excluded_first_document_stays_excluded(tmp_path):
    """`port -minister` where the first `port` document also holds `minister` and another
    `minister` document comes before it: Whoosh 2.7.4's AndNotMatcher keeps it; ours does not."""
    from whoosh import query as Q

    library = Library(tmp_path / "library")
    first = make_article("One", ["The minister spoke."])
    second = make_article("Two", ["The port minister spoke."])
    store(library, [first, second])
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    assert index.search("port -minister").total == 0
    assert index.search('"port minister" -spoke').total == 0  # AND-NOT outside the fast path
    searcher = index.backend.engine().views[False].current()
    stock = Q.AndNot(Q.Term("body", "port"), Q.Term("body", "minist"))
    assert [d for _, d in searcher.search(stock).top_n] != []  # the upstream bug, still there


def test_an_exclusion_inside_an_exclusion_runs_out_cleanly(tmp_path):
    """`pipeline -("grain prices" NOT harbour)`: skipping the inner exclusion past its last
    phrase match once read past the end of its list (an IndexError in Whoosh 2.7.4's
    AndNotMatcher.skip_to, found by the differential test)."""
    library = Library(tmp_path / "library")
    articles = [
        make_article("One", ["Tea prices rose."]),
        make_article("Two", ["Grain prices rose."]),
        make_article("Three", ["The pipeline opened."]),
        make_article("Four", ["The pipeline closed."]),
        make_article("Five", ["The harbour froze."]),
    ]
    store(library, articles)
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    query = 'pipeline -("grain prices" NOT harbour)'
    got = {h.id for h in index.search(query).hits}
    assert got == {articles[2].id, articles[3].id}
    assert set(index.matching_ids(query)) == got


def test_an_and_under_an_or_scores_only_when_it_matches(tmp_path):
    """`gas OR (pipeline talks)`: an article holding gas and pipeline but not talks scores for
    gas alone, as Whoosh scores it (the fast scorer once added pipeline too)."""
    from whoosh import query as Q

    library = Library(tmp_path / "library")
    partial = make_article("One", ["The gas pipeline opened."])
    full = make_article("Two", ["Gas pipeline talks resumed."])
    store(library, [partial, full, make_article("Three", ["Grain prices rose."])])
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    got = {h.id: h.score for h in index.search("gas OR (pipeline talks)").hits}
    searcher = index.backend.engine().views[False].current()
    q = Q.Or([Q.Term("body", "ga"), Q.And([Q.Term("body", "pipelin"), Q.Term("body", "talk")])])
    aid = _aid_of(searcher)
    assert got == {aid(d): round(s, 4) for s, d in searcher.search(q, optimize=False).top_n}


def test_page_of_negated_or_is_a_slice_of_the_ranking(tmp_path):
    """A page is a slice of the whole ranking, also for an OR of NOTs over several segments:
    Whoosh 2.7.4's top-N collector, once its heap is full, replaces the matcher by one built
    from the negated terms' qualities and dropped the second segment's document."""
    index, _live = build_library(tmp_path, NEGATED_OR["history"])
    query = NEGATED_OR["searches"][0]["query"]
    ranking = [(h.id, h.score) for h in index.search(query, limit=50).hits]
    assert [s for _, s in ranking] == [2.0] * 5 + [1.0] * 4
    for limit in (1, 2, 3, 4, 6):
        for page in (1, 2, 3):
            hits = index.search(query, limit=limit, page=page).hits
            start = (page - 1) * limit
            assert [(h.id, h.score) for h in hits] == ranking[start : start + limit], (limit, page)
    index.close()
