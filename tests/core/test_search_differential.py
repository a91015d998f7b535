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

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing_app.core.annotations import ArticleNotes, Shelf, UserRecord
from briefing_app.core.errors import QueryError
from briefing_app.core.library import Library
from briefing_app.core.search import phrases
from briefing_app.core.search import query as qlang
from briefing_app.core.search.index import SearchIndex
from briefing_app.core.search.results import MULTI_SEP
from briefing_app.core.search.whoosh_query import Translator, stock_aids_query
from tests.core.search_helpers import make_article, store

VOCABULARY = [
    "the", "of", "new", "york", "times", "gas", "gases", "pipeline", "pipelines", "talks",
    "talk", "minister", "ministry", "said", "says", "energy", "border", "grain", "port",
    "kazakhstan", "kazakh", "café", "naïve", "U.S.", "2020", "in", "a",
]  # fmt: skip
PUBLISHERS = ["The New York Times", "New York Review", "Energy Monitor", "Times of Central Asia"]
NAMES = ["Bolat Akchulakov", "Anna York", "Li Wei", "José Gas"]
DATES = ["", "2019", "2019-05", "2019-05-03", "2020-12-31", "2021-01-01", "spring 2020"]
FIELDS = ["", "title:", "body:", "author:", "publisher:", "series:", "url:", "tag:"]
FIELDS += ["speaker:", "cue:", "claim:", "note:"]
USER_TAGS = ["energy", "Central Asia", "watch"]


def _words(low: int, high: int):
    return st.lists(st.sampled_from(VOCABULARY), min_size=low, max_size=high).map(" ".join)


_claims = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["assessment", "statement", "denial"]),
            "speaker": st.sampled_from(["", "the minister", "Energy Minister Bolat Akchulakov"]),
            "speaker_name": st.sampled_from(["", *NAMES]),
            "cue": st.sampled_from(["", "said", "warned", "denied"]),
            "content": _words(2, 10),
            "paragraph": st.integers(1, 3),
        }
    ),
    max_size=3,
)
_articles = st.builds(
    dict,
    title=_words(1, 6),
    paragraphs=st.lists(_words(3, 25), min_size=1, max_size=3),
    publisher=st.sampled_from(["", *PUBLISHERS]),
    authors=st.lists(st.sampled_from(NAMES), max_size=2, unique=True),
    series=st.sampled_from(["", "Eurasia Daily Monitor", "New York Notes"]),
    url=st.sampled_from(["", "https://example.org/gas-talks", "https://nytimes.com/new-york"]),
    tags=st.lists(st.sampled_from(["energy", "border", "grain"]), max_size=2, unique=True),
    language=st.sampled_from(["", "en", "de"]),
    published=st.sampled_from(DATES),
    claims=_claims,
    user=st.fixed_dictionaries(  # the analyst's tags, collections (by name) and note
        {
            "tags": st.lists(st.sampled_from(USER_TAGS), max_size=2, unique=True),
            "collections": st.lists(st.sampled_from(["Alpha", "Beta"]), max_size=2, unique=True),
            "note": st.one_of(st.just(""), _words(1, 6)),
        }
    ),
)
# A history: batches of new articles, then deletions, changed re-imports and new versions.
_history = st.fixed_dictionaries(
    {
        "batches": st.lists(st.lists(_articles, min_size=3, max_size=6), min_size=1, max_size=4),
        "deleted": st.lists(st.integers(0, 30), max_size=3),
        "changed": st.lists(st.tuples(st.integers(0, 30), _words(3, 12)), max_size=2),
        "versions": st.lists(st.tuples(st.integers(0, 30), _words(3, 12)), max_size=2),
    }
)


def _term():
    word = st.sampled_from(VOCABULARY)
    return st.one_of(
        word,
        word.filter(lambda w: len(w) >= 3).map(lambda w: w[:2] + "*"),
        word.filter(lambda w: len(w) >= 4).map(lambda w: w[:-1] + "~"),
        word.map(lambda w: w + "~2"),
        _words(2, 4).map(lambda p: f'"{p}"'),
        st.tuples(_words(2, 3), st.integers(1, 3)).map(lambda p: f'"{p[0]}"~{p[1]}'),
    )


_plain = st.one_of(  # the commonest searches: words and body phrases (the fast paths)
    st.sampled_from(VOCABULARY),
    _words(2, 4).map(lambda p: f'"{p}"'),
)
_atoms = st.one_of(
    _plain,
    _plain,
    st.tuples(st.sampled_from(FIELDS), _term()).map("".join),
    st.sampled_from(
        [
            "kind:assessment",
            "language:en",
            'publisher:"the new york times"',
            'publisher:"new york"',
            "published:2019",
            "published:[2019-05 to 2020-12-31]",
            "published:[to 2019-12]",
            "published:[2020-12-31 to]",
            "collection:alpha",  # Alpha holds Beta: its articles too
            "collection:Alpha/Beta",
            'tag:"central asia"',
            "tag:watch",
        ]
    ),
)
_queries = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} AND {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} NOT {p[1]})"),
        inner.map(lambda q: f"-{q}" if not q.startswith("-") else q),
    ),
    max_leaves=4,
)
_searches = st.fixed_dictionaries(
    {
        "query": _queries,
        "claims": st.sampled_from([False, False, True]),
        "sort": st.sampled_from(["relevance", "relevance", "date"]),
        "all_versions": st.booleans(),
        "publishers": st.lists(st.sampled_from(PUBLISHERS), max_size=2, unique=True),
        "tags": st.lists(st.sampled_from(USER_TAGS), max_size=1),
    }
)


def _spec(title: str, paragraph: str, published: str) -> dict:
    """An article as `_articles` generates it, for hand-written examples."""
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


def _article(spec: dict, **changes):
    spec = dict(spec, **changes)
    title, paragraphs = spec.pop("title"), spec.pop("paragraphs")
    spec.pop("user", None)
    return make_article(title, paragraphs, **spec)


def _store_user(library: Library, article_id: str, user: dict) -> None:
    """The analyst's data of an article, written as `UserData` writes it."""
    shelf = Shelf(library.root)
    if not shelf.path.exists():
        shelf.create("Alpha")
        shelf.create("Beta", parent="Alpha")
    notes = ArticleNotes(library.articles_dir)
    ids = [shelf.find(name).id for name in user["collections"]]
    notes.write(article_id, UserRecord(list(user["tags"]), ids, []))
    notes.write_note(article_id, user["note"])


def _build(root: Path, history: dict) -> tuple[SearchIndex, dict]:
    """Apply a generated history to a library and its index, as imports and deletes do."""
    library = Library(root / "library")
    index = SearchIndex(root / "index", library)
    live: dict = {}  # id -> Article, the library's truth
    for number, batch in enumerate(history["batches"]):
        users = {_article(spec).id: spec["user"] for spec in batch}
        articles = list({a.id: a for a in map(_article, batch) if a.id not in live}.values())
        store(library, articles)
        for article in articles:
            _store_user(library, article.id, users[article.id])
        live.update((a.id, a) for a in articles)
        if number == 0:
            index.rebuild()
        else:
            index.add_articles(articles)  # a new segment
    ids = list(live)
    gone = {ids[i % len(ids)] for i in history["deleted"]}
    for article_id in gone:
        library.delete(article_id)
        del live[article_id]
    index.remove_articles(sorted(gone))
    for i, text in history["changed"] + history["versions"]:
        if not live:
            break
        old = list(live.values())[i % len(live)]
        if (i, text) in history["changed"]:  # the same article re-imported with changed text
            new = dataclasses.replace(old, paragraphs=[*old.paragraphs, text])
        else:  # a new version: a new id that supersedes the old one
            new = make_article(old.title, [text], publisher="Energy Monitor", published="2021")
            new.supersedes = old.id
        store(library, [new])
        live[new.id] = new
        index.add_articles([new])
    assert index.needs_rebuild() is None
    return index, live


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
            return stock_aids_query(frozenset(searcher.stored_fields(d)["aid"] for d in docs))

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
        aid = lambda d: searcher.stored_fields(d)["aid"]  # noqa: E731
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
        newest = sorted((_date(live[h]) for h, _ in hits), reverse=True)
        assert [_date(live[h]) for h, _ in hits] == newest, search
    if not search["claims"]:  # the library view's ids: the same matches, facets and all
        ids = index.matching_ids(
            search["query"], all_versions=search["all_versions"], filters=filters
        )
        assert sorted(ids) == sorted(h for h, _ in expected), search
    if len(hits) > 3:  # pages are slices of the whole ranking
        page = index.search(
            search["query"], limit=3, page=2, sort=search["sort"], filters=filters, **options
        )
        assert [(h.id, h.score) for h in page.hits] == hits[3:6], search


def _date(article) -> str:
    """The article's publication date as the index sorts it ("" when it has none)."""
    try:
        return qlang.date_span(article.metadata.published, 0)[0].isoformat()
    except QueryError:
        return ""


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
    @given(history=_history, searches=st.lists(_searches, min_size=6, max_size=12))
    @example(**NEGATED_OR)
    def check(history, searches):
        with tempfile.TemporaryDirectory() as folder:
            index, live = _build(Path(folder), history)
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
    aid = lambda d: searcher.stored_fields(d)["aid"]  # noqa: E731
    assert got == {aid(d): round(s, 4) for s, d in searcher.search(q, optimize=False).top_n}


def test_page_of_negated_or_is_a_slice_of_the_ranking(tmp_path):
    """A page is a slice of the whole ranking, also for an OR of NOTs over several segments:
    Whoosh 2.7.4's top-N collector, once its heap is full, replaces the matcher by one built
    from the negated terms' qualities and dropped the second segment's document."""
    index, _live = _build(tmp_path, NEGATED_OR["history"])
    query = NEGATED_OR["searches"][0]["query"]
    ranking = [(h.id, h.score) for h in index.search(query, limit=50).hits]
    assert [s for _, s in ranking] == [2.0] * 5 + [1.0] * 4
    for limit in (1, 2, 3, 4, 6):
        for page in (1, 2, 3):
            hits = index.search(query, limit=limit, page=page).hits
            start = (page - 1) * limit
            assert [(h.id, h.score) for h in hits] == ranking[start : start + limit], (limit, page)
    index.close()
