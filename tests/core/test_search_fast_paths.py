"""The posting readers and the top-N of `whoosh_fast` against Whoosh's own matchers.

The fast readers take a segment's posting blocks whole, also under the wrapper Whoosh puts
around a segment with deletions; what they read must be what the stock matcher yields one
posting at a time. The whole search is held to stock Whoosh by the differential tests; these
check each piece on its own, on segments of many blocks with deletions anywhere.
"""

from __future__ import annotations

import heapq
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_app.core.search.whoosh_fast import (
    PostingCache,
    TermScores,
    best_of_one_term,
    block_matcher,
    column_rows,
    column_runs,
    column_values,
    drop_deleted,
    expand_prefixes,
    fast_docs,
    held_lengths,
    leaf_ids,
    leaf_weights,
    length_bytes,
    lengths_in_memory,
    positive_terms,
    postings_values,
    rank,
    scored,
    term_scores,
    top_scored,
    values_at,
)
from tests.core.robust_corpus import write_articles

DOCS = 700  # several posting blocks of a common term (Whoosh writes 128 postings a block)


def _index(tmp_path):
    """One segment of `DOCS` documents: "common" in most, "rare" in a few, repeated words."""
    from whoosh import fields, index

    schema = fields.Schema(body=fields.TEXT(phrase=True))
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        for n in range(DOCS):
            words = ["common"] * (1 + n % 3) if n % 5 else ["other"]
            if n % 97 == 0:
                words.append("rare")
            writer.add_document(body=" ".join(words + ["filler"] * (n % 11)))
    return ix


def _stock(matcher) -> list[tuple[int, float, bytes]]:
    """(doc, weight, encoded value) of every posting, as Whoosh's matcher steps through them."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


_INDEXES: dict = {}


def _deleted_index(tmp_path_factory, deleted: frozenset[int]):
    """A fresh copy of the index with `deleted` documents deleted (the segment kept)."""
    from whoosh.writing import NO_MERGE

    ix = _index(tmp_path_factory.mktemp("fast"))
    if deleted:
        with ix.writer() as writer:
            for doc in deleted:
                writer.delete_document(doc)
            writer.mergetype = NO_MERGE
    return ix


@settings(max_examples=25, deadline=None)
@given(
    deleted=st.frozensets(st.integers(0, DOCS - 1), max_size=200),
    term=st.sampled_from(["common", "rare", "filler", "other"]),
    wanted=st.lists(st.integers(0, DOCS - 1), max_size=60),
)
def test_block_readers_yield_what_whoosh_matchers_yield(tmp_path_factory, deleted, term, wanted):
    ix = _deleted_index(tmp_path_factory, deleted)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert reader.has_deletions() == bool(deleted)
        raw, hidden = block_matcher(reader.postings("body", term))
        assert raw is not None, "the block path is taken, deletions or not"
        assert hidden == deleted
        stock = _stock(reader.postings("body", term))
        assert all(doc not in deleted for doc, _, _ in stock)
        assert leaf_ids(reader.postings("body", term)) == [d for d, _, _ in stock]
        assert leaf_weights(reader.postings("body", term)) == {d: w for d, w, _ in stock}
        assert postings_values(reader, "body", term.encode()) == {d: v for d, _, v in stock}
        docs = sorted(set(wanted))
        expected = {d: v for d, _, v in stock if d in set(docs)}
        assert values_at(reader, "body", term.encode(), docs) == expected


@settings(max_examples=25, deadline=None)
@given(
    words=st.lists(st.sampled_from(["common", "rare", "filler", "other"]), min_size=1, max_size=3),
    boosts=st.lists(st.sampled_from([1.0, 2.0, 0.5, 1.25]), min_size=3, max_size=3),
    joined=st.sampled_from(["and", "or"]),
)
@example(words=["common", "common", "filler"], boosts=[1.0, 1.0, 1.0], joined="and")
def test_scores_equal_whooshs_with_boosts_and_missing_terms(
    tmp_path_factory, words, boosts, joined
):
    """A boosted term scores boost × its score; under an OR a document lacking a term
    scores the terms it holds: each as Whoosh's own search scores it."""
    from whoosh import query as Q

    ix = _deleted_index(tmp_path_factory, frozenset(range(0, DOCS, 7)))
    terms = [Q.Term("body", w, boost=b) for w, b in zip(words, boosts, strict=False)]
    q = (Q.And if joined == "and" else Q.Or)(terms)
    with ix.searcher() as searcher:
        memo: dict = {}
        docs = fast_docs(searcher, q, memo, PostingCache())
        got = scored(searcher, positive_terms(q), list(docs), memo)
        stock = {d: s for s, d in searcher.search(q, limit=None).top_n}
    # Whoosh adds three or more terms' scores in the order of its matcher tree, (a + (b + c)),
    # where they are added one after the other: the last bit may differ (results carry four
    # decimals).
    assert got.keys() == stock.keys()
    assert got == pytest.approx(stock, rel=1e-12)


scores = st.dictionaries(
    st.integers(0, 500),
    st.sampled_from([0.0, 1.5, 2.25, -1.0, 3.0]) | st.floats(-10, 10, allow_nan=False),
    max_size=300,
)


@given(scores=scores, n=st.integers(0, 320))
def test_the_top_n_is_whooshs_order(scores, n):
    """Higher score first, then lower document number, however many tie."""
    expected = heapq.nlargest(n, [(s, d) for d, s in scores.items()], key=rank)
    assert top_scored(scores, n) == expected


def _delete(ix, deleted: frozenset[int]) -> None:
    """Delete `deleted` documents (those the index holds), the segments kept."""
    from whoosh.writing import NO_MERGE

    if deleted:
        with ix.writer() as writer:
            for doc in deleted:
                if doc < ix.doc_count_all():
                    writer.delete_document(doc)
            writer.mergetype = NO_MERGE


def _segmented_index(tmp_path, deleted: frozenset[int]):
    """Three segments of ~250 documents, many of them tying ("common" as often in as long a
    text), a document title-weighted now and then; `deleted` documents deleted."""
    from whoosh import fields, index
    from whoosh.writing import NO_MERGE

    schema = fields.Schema(body=fields.TEXT(phrase=True))
    ix = index.create_in(str(tmp_path), schema)
    for part in range(3):
        with ix.writer() as writer:
            for n in range(part * 250, part * 250 + 240 + part * 7):
                words = ["common"] * (1 + n % 3) + ["filler"] * (n % 4)
                writer.add_document(body=" ".join(words), _body_boost=3.0 if n % 50 == 0 else 1.0)
            writer.mergetype = NO_MERGE
    _delete(ix, deleted)
    return ix


_SEGMENTED: dict = {}


@settings(max_examples=20, deadline=None)
@given(deleted=st.frozensets(st.integers(0, 740), max_size=120))
def test_a_terms_scores_are_whooshs_segment_by_segment(tmp_path_factory, deleted):
    """`term_scores` (weights and lengths looked up a block at a time) against the score
    Whoosh's own search gives each document of a one-term query, lengths in memory or not."""
    from whoosh import query as Q

    ix = _segmented_index(tmp_path_factory.mktemp("segments"), deleted)
    for in_memory in (False, True):
        with ix.searcher() as searcher:
            assert len(searcher.subsearchers) == 3
            if in_memory:
                lengths_in_memory(searcher.reader())
            for word in ("common", "filler"):
                stock = {d: s for s, d in searcher.search(Q.Term("body", word), limit=None).top_n}
                got = {}
                for sub, offset in searcher.subsearchers:
                    matcher = sub.reader().postings("body", word)
                    scores = term_scores(searcher, sub, "body", word, matcher)
                    got.update((d + offset, s) for d, s in scores.items())
                assert got == stock


def test_a_segments_held_lengths_are_its_documents_length_bytes_found_once(tmp_path):
    """The distinct length bytes `_ScoreTable` scores, per segment and field: those of
    Whoosh's own lengths, found when the lengths are read into memory and kept."""
    from whoosh.util.numeric import length_to_byte

    ix = _segmented_index(tmp_path, frozenset(range(0, 740, 7)))
    with ix.searcher() as searcher:
        lengths_in_memory(searcher.reader())
        for sub, _offset in searcher.subsearchers:
            reader = sub.reader()
            lengths = length_bytes(reader, "body")
            held = held_lengths(reader, "body", lengths)
            stock = {
                length_to_byte(reader.doc_field_length(d, "body", 0))
                for d in range(reader.doc_count_all())
            }
            assert held == stock
            assert held_lengths(reader, "body", lengths) is held


@settings(max_examples=30, deadline=None)
@given(
    deleted=st.frozensets(st.integers(0, 740), max_size=60),
    hidden=st.frozensets(st.integers(0, 740), max_size=40),
    n=st.integers(1, 800),
)
@example(deleted=frozenset(), hidden=frozenset(range(0, 740, 3)), n=30)
def test_the_best_of_one_term_is_whooshs_ranking(tmp_path_factory, deleted, hidden, n):
    """The n best of a one-term query, hidden documents left out, in Whoosh's order (ties
    across segments included): as the general path ranks them and as Whoosh's search does."""
    from whoosh import query as Q

    ix = _segmented_index(tmp_path_factory.mktemp("segments"), deleted)
    q = Q.Term("body", "common")
    with ix.searcher() as searcher:
        lengths_in_memory(searcher.reader())
        memo: dict = {}
        docs = fast_docs(searcher, q, memo, PostingCache())
        got = best_of_one_term(searcher, q, memo, n, hidden)
        kept = list(docs - hidden)
        assert got == top_scored(scored(searcher, [q], kept, memo), n)
        stock = searcher.search(q, limit=None, mask=set(hidden) or None).top_n
        assert got == heapq.nlargest(n, stock, key=rank)


def test_the_best_of_one_term_reaches_past_hidden_best_documents(tmp_path):
    """When the best documents are the hidden ones, each segment's next best take their
    places (a segment's top n alone would fall short)."""
    from whoosh import query as Q

    ix = _segmented_index(tmp_path, frozenset())
    q = Q.Term("body", "common")
    with ix.searcher() as searcher:
        lengths_in_memory(searcher.reader())
        memo: dict = {}
        docs = fast_docs(searcher, q, memo, PostingCache())
        ranking = top_scored(scored(searcher, [q], list(docs), memo), len(docs))
        for hidden_count in (1, 4, 12):
            hidden = frozenset(d for _, d in ranking[:hidden_count])
            for n in (1, 5, 20):
                expected = [(s, d) for s, d in ranking if d not in hidden][:n]
                assert best_of_one_term(searcher, q, memo, n, hidden) == expected


@given(st.dictionaries(st.integers(0, 10_000), st.floats(0, 50, allow_nan=False), max_size=60))
def test_term_scores_read_as_the_dict_they_hold(found):
    """`TermScores` (two lists) answers as the {doc: score} dict it stands for."""
    ids = sorted(found)
    held = TermScores(ids, [found[d] for d in ids])
    assert held == found and len(held) == len(found) and list(held) == ids
    assert list(held.items()) == sorted(found.items())
    assert all(held[d] == found[d] and held.get(d) == found[d] for d in ids)
    assert held.get(-1) is None and held.get(-1, 0.5) == 0.5 and -1 not in held
    assert top_scored(held, 5) == top_scored(found, 5)


def test_the_posting_cache_keeps_the_terms_read_last_within_its_budget():
    cache = PostingCache(budget=10)
    cache.put((0, "body", b"a"), dict.fromkeys(range(4), 1.0))
    cache.put((0, "body", b"b"), dict.fromkeys(range(4), 1.0))
    assert cache.get((0, "body", b"a")) is not None  # now the most recent
    cache.put((0, "body", b"c"), dict.fromkeys(range(4), 1.0))  # 12 > 10: the oldest goes
    assert cache.get((0, "body", b"b")) is None
    assert cache.get((0, "body", b"a")) is not None
    cache.put((0, "body", b"huge"), dict.fromkeys(range(11), 1.0))  # larger than the budget
    assert cache.get((0, "body", b"huge")) is None
    assert cache.get((0, "body", b"c")) is not None


def test_a_query_typed_on_reads_its_finished_words_once(workspace, tmp_path, monkeypatch):
    """Each keystroke of "talks harbour" after the first word takes "talks" from the
    searcher's cache; a new generation (an article imported) reads it again and finds the
    new article."""
    write_articles(tmp_path / "src", 30)
    workspace.import_paths([tmp_path / "src"])
    workspace.index.ensure_current()
    read: list[str] = []  # postings read from a segment
    numbered: list[str] = []  # doc numbers gathered across the segments
    put = PostingCache.put

    def noted(cache, key, weights):
        (numbered if key[0] == "docs" else read).append(key[2])
        put(cache, key, weights)

    monkeypatch.setattr(PostingCache, "put", noted)
    first = workspace.search("talks", limit=5)
    assert read == ["talk"]
    for typed in ("talks h", "talks ha", "talks harb", "talks harbour"):
        workspace.search(typed, limit=5)
        workspace.matching_ids(typed)
    assert read == ["talk", "harbour"]  # "h", "ha" and "harb" are no words of the index
    assert workspace.matching_ids("talks") == workspace.matching_ids("talks OR talks")
    assert read == ["talk", "harbour"]
    assert numbered == ["talk", "h", "ha", "harb", "harbour"]  # once each, none found or not
    write_articles(tmp_path / "more", 31)
    workspace.import_paths([tmp_path / "more" / "article_0030.txt"])
    workspace.index.ensure_current()
    again = workspace.search("talks", limit=50)
    assert read[2:] and set(read[2:]) == {"talk"}  # read again in the new generation
    assert again.total == first.total + 1


def _column_index(path, values: list[tuple[str, str, str]]):
    """One segment (with the app's codec) whose columns hold `values`: an ID column, a
    column of few values and one of many (the kinds the article schema uses)."""
    from whoosh import fields, index

    from briefing_app.core.search.whoosh_schema import _class, writer_options

    column = _class("TextColumn")
    schema = fields.Schema(
        aid=fields.ID(stored=True, sortable=True), few=column(few=True), many=column()
    )
    ix = index.create_in(str(path), schema)
    writer = ix.writer(**writer_options())
    for aid, few, many in values:
        writer.add_document(**{k: v for k, v in (("aid", aid), ("few", few), ("many", many)) if v})
    writer.commit()
    return ix


def _assert_columns_read_as_whoosh_reads_them(ix) -> dict:
    """Each column's raw reader (for the caller to check which kind was read)."""
    from whoosh.columns import RefBytesColumn, VarBytesColumn

    readers = {}
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for name in ("aid", "few", "many"):
                if not leaf.has_column(name):
                    continue
                raw = readers[name] = leaf.column_reader(name, translate=False)
                kind = RefBytesColumn.Reader if name == "few" else VarBytesColumn.Reader
                assert type(raw) is kind  # the fast path is the one tested
                stock = list(leaf.column_reader(name))
                fast = column_values(leaf, name)
                assert fast == stock
                assert [type(v) for v in fast] == [type(v) for v in stock]
                if name == "aid":  # a claim's article row, looked up by its id as stored
                    row_of = {v.encode("utf-8"): n for n, v in enumerate(stock[::2])}
                    expected = [row_of.get(v.encode("utf-8"), -1) for v in stock]
                    expected += [-1] * (leaf.doc_count_all() - len(expected))
                    assert column_rows(leaf, name, row_of) == expected
                    assert _expanded(column_runs(leaf, name), leaf) == stock
    return readers


def _expanded(runs: dict, leaf) -> list:
    """Each document's value from `column_runs`, checking that the runs are maximal."""
    translate = leaf.schema["aid"].from_column_value
    values: list = [None] * leaf.doc_count_all()
    for value, spans in runs.items():
        for first, end in spans:
            assert first < end
            values[first:end] = [translate(value)] * (end - first)
    ordered = sorted((first, end, value) for value, spans in runs.items() for first, end in spans)
    for (_, end, value), (first, _, following) in pairwise(ordered):
        assert end == first and value != following  # no gap, and each run as long as it goes
    return values


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=40))
def test_columns_are_read_as_whoosh_reads_them(tmp_path_factory, rows):
    _assert_columns_read_as_whoosh_reads_them(_column_index(tmp_path_factory.mktemp("c"), rows))


@settings(max_examples=30, deadline=None)
@given(aids=st.lists(st.sampled_from(["a1", "a2", "b", "é"]), min_size=1, max_size=60))
def test_runs_of_repeated_ids_are_read_as_whoosh_reads_them(tmp_path_factory, aids):
    """An id in several runs (an article's claims apart, as after a merge of re-indexed
    articles) keeps every run."""
    rows = [(aid, "", "") for aid in aids]
    _assert_columns_read_as_whoosh_reads_them(_column_index(tmp_path_factory.mktemp("r"), rows))


def test_large_columns_are_read_as_whoosh_reads_them(tmp_path):
    """Past 32,768 documents Whoosh stores a column's offsets too, and past 255 distinct
    values a column of few values takes two bytes a reference."""
    rows = [(f"id{n}", f"p{n % 300}", f"v{n % 7}" * (n % 3)) for n in range(33_000)]
    readers = _assert_columns_read_as_whoosh_reads_them(_column_index(tmp_path, rows))
    assert readers["aid"].had_stored_offsets and readers["many"].had_stored_offsets
    assert readers["few"]._typecode == "H"


def test_an_index_read_ahead_leaves_the_first_search_no_column_to_read(
    workspace, tmp_path, monkeypatch
):
    from briefing_app.core.search import whoosh_search

    write_articles(tmp_path / "src", 12)
    workspace.import_paths([tmp_path / "src"])
    workspace.index.ensure_current()
    from briefing_app.core.workspace import Workspace

    unwarmed = Workspace(workspace.root)  # another session of the same library, not read ahead
    expected = unwarmed.search("talks", limit=5)
    unwarmed.index.close()
    workspace.index.warm()

    def unexpected(*_args):
        raise AssertionError("a column read by the first search")

    monkeypatch.setattr(whoosh_search, "column_values", unexpected)
    results = workspace.search("talks", limit=5)
    assert results.total == expected.total == 12
    assert results.facets == expected.facets
    assert [h.id for h in results.hits] == [h.id for h in expected.hits]
    assert len(workspace.matching_ids("talks")) == 12


def _prefixed_index(tmp_path, deleted: frozenset[int]):
    """Three segments whose words share prefixes differently: "com" stands for one term in
    the first (Whoosh then scores the term alone) and for several in the others (an OR)."""
    from whoosh import fields, index
    from whoosh.writing import NO_MERGE

    vocabularies = (["common"], ["common", "compare"], ["community", "common", "comet"])
    schema = fields.Schema(body=fields.TEXT(phrase=True))
    ix = index.create_in(str(tmp_path), schema)
    for part, vocabulary in enumerate(vocabularies):
        with ix.writer() as writer:
            for n in range(part * 100, part * 100 + 90):
                words = [vocabulary[k % len(vocabulary)] for k in range(n % 4)]
                words += ["filler"] * (n % 3) + (["other"] if n % 5 == 0 else [])
                writer.add_document(body=" ".join(words) or "empty")
            writer.mergetype = NO_MERGE
    _delete(ix, deleted)
    return ix


def _prefix_queries():
    from whoosh import query as Q

    def prefix(text):
        return Q.Prefix("body", text, constantscore=False)  # as the translator makes them

    com, comp, nothing = prefix("com"), prefix("comp"), prefix("zz")
    filler, other = Q.Term("body", "filler"), Q.Term("body", "other")
    return [
        com,
        comp,
        Q.And([com, filler]),
        Q.Or([com, other]),
        Q.Or([prefix("comm"), prefix("come")]),
        Q.AndNot(filler, comp),
        Q.AndNot(com, other),
        Q.And([nothing, filler]),
        Q.Or([nothing, other]),
    ]


@settings(max_examples=20, deadline=None)
@given(deleted=st.frozensets(st.integers(0, 290), max_size=80))
def test_prefixes_expanded_match_and_score_as_whooshs_own(tmp_path_factory, deleted):
    """A prefix as the OR of its terms (`expand_prefixes`): the same matches as Whoosh's
    `Prefix` and the same scores, in segments where it stands for one term or several."""
    ix = _prefixed_index(tmp_path_factory.mktemp("prefixes"), deleted)
    with ix.searcher() as searcher:
        lengths_in_memory(searcher.reader())
        for q in _prefix_queries():
            expanded = expand_prefixes(q, searcher.reader())
            assert expanded is not None, q
            memo: dict = {}
            docs = fast_docs(searcher, expanded, memo, PostingCache())
            stock = {d: s for s, d in searcher.search(q, limit=None).top_n}
            assert docs == stock.keys(), q
            got = scored(searcher, positive_terms(expanded), list(docs), memo)
            assert got == pytest.approx(stock, rel=1e-12), q


def test_queries_without_a_prefix_within_reach_are_left_as_they_are(tmp_path):
    from whoosh import query as Q

    ix = _prefixed_index(tmp_path, frozenset())
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert expand_prefixes(Q.Term("body", "common"), reader) is None
        assert expand_prefixes(Q.And([Q.Term("body", "a"), Q.Term("body", "b")]), reader) is None
        scored_prefix = Q.Prefix("body", "com", constantscore=False)
        # Under a NOT (or any other node) Whoosh matches the prefix itself.
        assert expand_prefixes(Q.Not(scored_prefix), reader) is None
        # A constant-score prefix scores by segment: Whoosh's own, not an OR of its terms.
        assert expand_prefixes(Q.Prefix("body", "com"), reader) is None
        assert expand_prefixes(scored_prefix, reader) == Q.Or(
            [Q.Term("body", t) for t in ("comet", "common", "community", "compare")]
        )


@given(
    ids=st.lists(st.integers(0, 3000), unique=True, max_size=400).map(sorted),
    deleted=st.frozensets(st.integers(0, 3000), max_size=120),
    with_values=st.booleans(),
)
@example(
    ids=list(range(0, 400, 2)), deleted=frozenset({0, 1, 2, 3, 398, 399, 500}), with_values=True
)
def test_deleted_documents_leave_a_terms_postings_as_a_filter_would(ids, deleted, with_values):
    """Few deletions found by bisection, many in one pass: either way, what testing every
    posting against them keeps, the values beside the ids with them."""
    values = [d * 0.5 for d in ids] if with_values else None
    expected = [d for d in ids if d not in deleted]
    drop_deleted(ids, values, deleted)
    assert ids == expected
    assert values == ([d * 0.5 for d in expected] if with_values else None)
