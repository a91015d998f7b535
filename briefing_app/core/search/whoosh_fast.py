"""Fast paths on Whoosh's posting lists: set operations and scoring without its matchers.

Each function here reads Whoosh segment internals (posting blocks, length and value columns)
to do in a few C-level operations what Whoosh's matchers and column readers do posting by
posting, value by value, in Python. Every one must give exactly what stock Whoosh gives on
the same index: tests/core/test_search_fast_paths.py holds each reader to Whoosh's own, and
the differential tests in tests/core/test_search_differential.py compare whole searches'
hits and scores with `Searcher.search`.
"""

from __future__ import annotations

import heapq
import struct
import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from itertools import accumulate, chain, repeat
from operator import add
from typing import Any

POSTING_CACHE = 500_000  # postings a searcher keeps for the next query (35-60 MB)
_SKIP_RATIO = 8  # skip to candidates when a term has 8x more postings than there are candidates
_BISECT_RATIO = 8  # deletions are looked up by bisection below one per 8 postings


def block_matcher(matcher):
    """(Whoosh's block matcher, deleted doc numbers) under a segment's posting matcher, or
    (None, None) when it is something else.

    A segment with deletions wraps its postings in a `FilterMatcher` that hides the deleted
    documents one posting at a time; reading the blocks under it and leaving those documents
    out afterwards gives the same postings.
    """
    from whoosh.matching.wrappers import FilterMatcher

    deleted: frozenset = frozenset()
    if type(matcher) is FilterMatcher and matcher._exclude and matcher.boost == 1.0:
        deleted, matcher = matcher._ids, matcher.child
    if not hasattr(matcher, "_read_ids"):
        return None, None
    return matcher, deleted


def read_ids(raw) -> None:
    """Decode the doc numbers of a block matcher's current block, as its `_read_ids` does.

    Whoosh stores them as gaps and adds them up in a Python generator (`delta_decode`),
    a sixth of the time of reading a common term's postings; `accumulate` makes the same
    running sums in C.
    """
    if raw._ids is None:
        if raw._data is None:
            raw._read_data()
        ids = raw._data[0]
        raw._ids = ids if raw._byteids else tuple(accumulate(ids))


def postings_values(reader, fieldname: str, btext: bytes) -> dict[int, bytes]:
    """{doc number: encoded positions} of one term, read a block at a time where possible."""
    matcher = reader.postings(fieldname, btext)
    raw, deleted = block_matcher(matcher)
    found: dict[int, bytes] = {}
    if raw is None:
        while matcher.is_active():
            found[matcher.id()] = matcher.value()
            matcher.next()
        return found
    while raw.is_active():
        read_ids(raw)
        if raw._values is None:
            raw._read_values()
        found.update(zip(raw._ids[raw._i :], raw._values[raw._i :], strict=True))
        raw._next_block()
    for doc in deleted.intersection(found):
        del found[doc]
    return found


def values_at(reader, fieldname: str, btext: bytes, docs: list[int]) -> dict[int, bytes]:
    """{doc number: encoded positions} of one term, for those of the sorted `docs` it is in.

    A posting block whose highest doc number is below the next candidate is passed over
    without being decoded (its header says how far it reaches).
    """
    matcher = reader.postings(fieldname, btext)
    raw, deleted = block_matcher(matcher)
    if raw is None:
        wanted = set(docs)
        return {d: v for d, v in postings_values(reader, fieldname, btext).items() if d in wanted}
    found: dict[int, bytes] = {}
    i = 0
    while raw.is_active() and i < len(docs):
        if raw.block_max_id() >= docs[i]:
            if raw._values is None:
                read_ids(raw)
                raw._read_values()
            block = dict(zip(raw._ids, raw._values, strict=True))
            end = bisect_right(docs, raw.block_max_id(), i)
            found.update((d, block[d]) for d in docs[i:end] if d in block and d not in deleted)
            i = end
        raw._next_block()
    return found


def phrase_postings(
    reader, fieldname: str, btexts: list[bytes], seed: set[int] | None
) -> dict[bytes, dict]:
    """{term: {doc: encoded positions}} over the documents holding every term of a phrase.

    Candidates start from `seed` (documents holding the phrase's common-word pairs) or else
    from the rarest term, read whole. Each other term, rarest first, is read only where
    candidates remain: by skipping to them when they are few against its postings (skipping
    reads only the blocks that hold a candidate), else whole, which is cheaper per posting.
    """
    order = sorted(set(btexts), key=lambda b: reader.doc_frequency(fieldname, b))
    postings: dict[bytes, dict] = {}
    if seed is None:
        postings[order[0]] = postings_values(reader, fieldname, order[0])
        candidates, order = set(postings[order[0]]), order[1:]
    else:
        candidates = set(seed)
    for btext in order:
        if not candidates:
            break
        if len(candidates) * _SKIP_RATIO < reader.doc_frequency(fieldname, btext):
            values = values_at(reader, fieldname, btext, sorted(candidates))
        else:
            values = postings_values(reader, fieldname, btext)
        candidates.intersection_update(values)
        postings[btext] = values
    return (
        {b: {d: v[d] for d in candidates} for b, v in postings.items()}
        if candidates
        else {b: {} for b in btexts}
    )


def leaf_ids(matcher) -> list[int]:
    """Every doc number of a fresh Whoosh posting matcher, a block at a time."""
    raw, deleted = block_matcher(matcher)
    if raw is None:  # synthetic: the slow way
        return list(matcher.all_ids())
    ids: list[int] = []
    while raw.is_active():
        read_ids(raw)
        ids.extend(raw._ids[raw._i :])
        raw._next_block()
    if deleted:
        drop_deleted(ids, None, deleted)
    return ids


def leaf_weights(matcher) -> dict[int, float]:
    """{doc number: weight} of every posting of a fresh Whoosh posting matcher."""
    raw, deleted = block_matcher(matcher)
    found: dict[int, float] = {}
    if raw is None:  # synthetic: the slow way
        while matcher.is_active():
            found[matcher.id()] = matcher.weight()
            matcher.next()
        return found
    while raw.is_active():
        read_ids(raw)
        raw._read_weights()
        found.update(zip(raw._ids[raw._i :], raw._weights[raw._i :], strict=True))
        raw._next_block()
    for doc in deleted.intersection(found):
        del found[doc]
    return found


class PostingCache:
    """The {doc: score} of the terms read last, per segment, and their doc numbers across the
    segments, for one searcher generation.

    A query typed into the search box is run at every keystroke, and each run reads its
    finished words again; a common word's postings are most of such a run. Bounded by the
    postings it holds (72 bytes each as two lists, 124 once their dict is made; a dict alone
    was 108); a term larger than the bound is not kept.
    Searches of one index may run on two threads, so it is locked.
    """

    def __init__(self, budget: int = POSTING_CACHE):
        self.budget = budget
        self._terms: OrderedDict[tuple, Mapping[int, float] | frozenset[int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            entry = self._terms.get(key)
            if entry is not None:
                self._terms.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Mapping[int, float] | frozenset[int]) -> None:
        if len(entry) > self.budget:
            return
        with self._lock:
            old = self._terms.pop(key, None)
            self._held += len(entry) - (len(old) if old is not None else 0)
            self._terms[key] = entry
            while self._held > self.budget:
                _key, dropped = self._terms.popitem(last=False)
                self._held -= len(dropped)


def fast_docs(
    searcher, q, memo: dict | None = None, cache: PostingCache | None = None
) -> frozenset[int] | None:
    """All matches of a query built from terms, AND, OR and AND-NOT, as set operations on posting
    lists (reading ids block by block); None for other queries, which Whoosh iterates itself.

    Each term's {doc: score} per segment goes into `memo`, for `scored`, and into `cache`,
    from where a later query of the same searcher takes it, with the term's doc numbers; with
    neither only ids are read.
    """
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        segments = [
            (offset, _term_docs(searcher, sub, offset, q, memo, cache))
            for sub, offset in searcher.subsearchers or [(searcher, 0)]
        ]
        key = ("docs", q.fieldname, q.text)
        found = cache.get(key) if cache is not None else None
        if found is None:
            # Numbering a later segment's documents after the earlier ones' is a Python
            # addition per posting: done once per term and generation where there is a cache.
            found = frozenset(
                chain.from_iterable(
                    docs if not offset else map(offset.__add__, docs)
                    for offset, docs in segments
                    if docs is not None
                )
            )
            if cache is not None:
                cache.put(key, found)
        return found
    if q is Q.NullQuery:
        return frozenset()
    if isinstance(q, Q.Every):
        return frozenset(searcher.reader().all_doc_ids())
    if isinstance(q, Q.AndNot):
        kept = fast_docs(searcher, q.a, memo, cache)
        dropped = fast_docs(searcher, q.b, None, cache) if kept is not None else None
        return None if dropped is None else kept - dropped
    if isinstance(q, (Q.Or, Q.And)) and not any(isinstance(c, Q.Not) for c in q.subqueries):
        parts = [fast_docs(searcher, c, memo, cache) for c in q.subqueries]
        if not parts or any(p is None for p in parts):
            return None
        first, *others = parts
        return first.union(*others) if isinstance(q, Q.Or) else first.intersection(*others)
    return None


def expand_prefixes(q, reader):
    """`q` with each scored prefix leaf replaced by the OR of the index terms it stands for
    (Whoosh's own `Prefix.simplify`), so that `fast_docs` and `scored` take it; None when `q`
    holds no such prefix, or holds one under a node other than AND, OR and AND-NOT.

    Whoosh scores a prefix made with `constantscore=False` (as the translator makes them) as
    that OR in every segment: each term its own BM25, summed over the terms a document
    holds. A constant-score prefix is left to Whoosh (its score depends on the segment).
    """
    from whoosh import query as Q

    if isinstance(q, Q.Prefix):
        return None if q.constantscore else q.simplify(reader)
    if isinstance(q, Q.AndNot):
        kept, dropped = expand_prefixes(q.a, reader), expand_prefixes(q.b, reader)
        if kept is None and dropped is None:
            return None
        kept, dropped = kept or q.a, dropped or q.b
        if kept is Q.NullQuery or dropped is Q.NullQuery:
            return kept
        rebuilt = type(q)(kept, dropped)  # (the translator's AND-NOT keeps its fixed matcher)
        rebuilt.boost = q.boost
        return rebuilt
    if type(q) in (Q.And, Q.Or):
        expanded = [expand_prefixes(c, reader) for c in q.subqueries]
        if all(e is None for e in expanded):
            return None
        parts = [e or c for e, c in zip(expanded, q.subqueries, strict=True)]
        if isinstance(q, Q.And) and Q.NullQuery in parts:
            return Q.NullQuery
        parts = [p for p in parts if p is not Q.NullQuery]
        if not parts:
            return Q.NullQuery
        return type(q)(parts, boost=q.boost)
    return None  # no prefix, or one under another kind of node: Whoosh matches it itself


def _term_docs(searcher, sub, offset: int, q, memo: dict | None, cache: PostingCache | None):
    """One term's postings in one segment: {doc: score} (ids only, without memo or cache);
    None when the segment does not hold the term."""
    from whoosh.reading import TermNotFound

    key = (offset, q.fieldname, q.text)
    scores = cache.get(key) if cache is not None else None
    if scores is None:
        try:
            matcher = sub.reader().postings(q.fieldname, q.text)
        except TermNotFound:
            return None
        if memo is None and cache is None:
            return leaf_ids(matcher)
        scores = term_scores(searcher, sub, q.fieldname, q.text, matcher)
        if cache is not None:
            cache.put(key, scores)
    if memo is not None:
        memo[key] = scores
    return scores


def positive_terms(q, under_or: bool = False) -> list | None:
    """The terms whose scores add up to a document's score, for a query of terms joined by
    AND, OR and AND-NOT (None for any other query: Whoosh scores those itself).

    Every term a matching document holds counts, which is Whoosh's score only while no AND
    or AND-NOT stands under an OR: in `a OR (b AND c)` a document holding a and b but not c
    scores a alone (None then).
    """
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        return [q]
    if isinstance(q, Q.AndNot):  # Whoosh scores only the kept side
        if under_or or positive_terms(q.b) is None:
            return None
        return positive_terms(q.a)
    if isinstance(q, (Q.And, Q.Or)) and not any(isinstance(c, Q.Not) for c in q.subqueries):
        if isinstance(q, Q.And) and under_or and len(q.subqueries) > 1:
            return None
        inner = under_or or isinstance(q, Q.Or)
        parts = [positive_terms(c, inner) for c in q.subqueries]
        return None if any(p is None for p in parts) else [t for p in parts for t in p]
    return None


def scored(searcher, terms: list, docs: list[int], memo: dict) -> dict[int, float]:
    """{doc number: score} of every one of `docs`: BM25 from Whoosh's own scorer, summed over
    the terms each holds, as Whoosh's AND/OR matchers sum them.

    The documents and each term's scores are known already (`memo`, filled by `fast_docs`
    from the same posting blocks); Whoosh's intersection matcher stepped through every
    posting again, in Python.
    """
    scores = dict.fromkeys(docs, 0.0)
    for _sub, offset, local in segments_of(searcher, sorted(docs)):
        at = local if not offset else [d + offset for d in local]
        present: set[int] | None = None
        for term in terms:
            held = memo.get((offset, term.fieldname, term.text))
            if held is None:  # the term is not in this segment
                continue
            if len(held) < len(local):
                # Fewer postings than documents (most of a prefix's terms): read its postings
                # rather than looking every document up.
                present = set(local) if present is None else present
                kept = [(d + offset, v) for d, v in held.items() if d in present]
                where, values = [d for d, _ in kept], [v for _, v in kept]
            else:
                values = list(map(_lookup(held).get, local))
                where = at
                if None in values:  # (under an OR: documents without the term)
                    kept = [(d, v) for d, v in zip(at, values, strict=True) if v is not None]
                    where, values = [d for d, _ in kept], [v for _, v in kept]
            if term.boost != 1.0:
                values = [term.boost * v for v in values]
            # The same additions as `scores[doc] += value`, term after term, done in C.
            scores.update(zip(where, map(add, map(scores.__getitem__, where), values), strict=True))
    return scores


def segments_of(searcher, ordered: list[int]) -> Iterator[tuple[Any, int, list[int]]]:
    """(segment searcher, its first doc number, its own numbers of the sorted `ordered`)
    for each segment holding any of them."""
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        upper = offset + sub.reader().doc_count_all()
        found = ordered[bisect_left(ordered, offset) : bisect_left(ordered, upper)]
        if found:
            yield sub, offset, [d - offset for d in found]


def term_scores(searcher, sub, fieldname: str, text, matcher) -> Mapping[int, float]:
    """{doc: Whoosh's score of one term} for each posting of a fresh posting matcher of a
    segment, the query's boost not applied: what a search keeps of a term, read once per
    generation.

    A term's BM25 score in a segment depends only on the posting's weight and the document's
    one-byte length, so each distinct pair is scored once (`_ScoreTable`), and a block's
    scores are looked up in C as it is read: a common word's first search reads tens of
    thousands of postings, and a {doc: weight} dict scored afterwards cost twice the time.
    """
    reader = sub.reader()
    scorer = searcher.weighting.scorer(sub, fieldname, text)
    score = getattr(scorer, "_score", None)  # unscored fields score their weight
    lengths = length_bytes(reader, fieldname)
    raw, deleted = block_matcher(matcher)
    if score is None or lengths is None or raw is None:
        weights = leaf_weights(matcher)
        if score is None:
            return weights
        length = reader.doc_field_length
        return {d: score(w, length(d, fieldname, 1)) for d, w in weights.items()}
    table = _ScoreTable(score, lengths, held_lengths(reader, fieldname, lengths))
    ids: list[int] = []
    scores: list[float] = []
    while raw.is_active():
        read_ids(raw)
        raw._read_weights()
        block, weights = raw._ids[raw._i :], raw._weights[raw._i :]
        ids.extend(block)
        keys = map(add, map(table.rows.__getitem__, weights), map(lengths.__getitem__, block))
        scores.extend(map(table.scores.__getitem__, keys))
        raw._next_block()
    if deleted:
        drop_deleted(ids, scores, deleted)
    return TermScores(ids, scores)


def drop_deleted(ids: list[int], values: list | None, deleted: frozenset[int]) -> None:
    """Take the `deleted` documents out of a term's sorted `ids` (and out of `values`, the
    list beside them, when given), in place.

    A segment's deletions are few against a common word's postings (an analyst retagging a
    thousand articles of a segment of 50,000): each is found by bisection, where testing every
    posting against them was a Python step per posting.
    """
    columns = (ids,) if values is None else (ids, values)
    if len(deleted) * _BISECT_RATIO > len(ids):  # many deletions: one pass
        kept = [i for i, d in enumerate(ids) if d not in deleted]
        for column in columns:
            column[:] = [column[i] for i in kept]
        return
    count = len(ids)
    found = sorted(
        at for at, doc in zip(map(bisect_left, repeat(ids), deleted), deleted, strict=True)
        if at < count and ids[at] == doc
    )  # fmt: skip
    if not found:
        return
    # The kept runs between the deleted positions, copied in C.
    starts, ends = [0, *(at + 1 for at in found)], [*found, count]
    for column in columns:
        column[:] = list(chain.from_iterable(map(column.__getitem__, map(slice, starts, ends))))


class TermScores(Mapping):
    """{doc: score} of one term in one segment, as two lists in doc order.

    A query of one term ranks its documents from the lists (`top_scored` takes `items()`);
    the dict is made the first time a document's score is looked up (a term of an AND or an
    OR, `scored`): for a common word, a dict of every posting was most of its first search.
    """

    __slots__ = ("ids", "_scores", "_lookup")

    def __init__(self, ids: list[int], scores: list[float]):
        self.ids = ids
        self._scores = scores
        self._lookup: dict[int, float] | None = None

    def lookup(self) -> dict[int, float]:
        if self._lookup is None:  # (two threads may both make it: the same dict)
            self._lookup = dict(zip(self.ids, self._scores, strict=True))
        return self._lookup

    def __getitem__(self, doc: int) -> float:
        return self.lookup()[doc]

    def get(self, doc: int, default=None):
        return self.lookup().get(doc, default)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def values(self) -> list[float]:
        return self._scores

    def items(self) -> Iterator[tuple[int, float]]:
        return zip(self.ids, self._scores, strict=True)


def _lookup(held: Mapping[int, float]) -> dict[int, float]:
    return held.lookup() if isinstance(held, TermScores) else held


class _ScoreTable:
    """A term's score for each (weight, length byte) pair: `scores[rows[weight] + byte]`.

    A weight's row is made the first time the weight is looked up, scored for the length
    bytes the segment holds (`lengths`: a common word has dozens of weights, and a segment's
    documents a few dozen lengths of the 256); a length byte of 0 scores as a length of 1,
    as `Searcher.search` scores it. `held` is the set of the length bytes in `lengths`.
    """

    def __init__(self, score, lengths: bytes, held: frozenset[int]):
        from whoosh.util.numeric import byte_to_length

        self._lengths = [(byte_to_length(b) if b else 1) if b in held else None for b in range(256)]
        self._score = score
        self.scores: list[float] = []
        self.rows: dict[float, int] = _Rows(self)

    def add_row(self, weight: float) -> int:
        """Score a weight for each length; where its row starts in `scores`."""
        start = len(self.scores)
        self.scores.extend(0.0 if n is None else self._score(weight, n) for n in self._lengths)
        return start


class _Rows(dict):
    """{weight: where its row starts}, a row made for a weight looked up the first time."""

    def __init__(self, table: _ScoreTable):
        super().__init__()
        self._table = table

    def __missing__(self, weight: float) -> int:
        start = self[weight] = self._table.add_row(weight)
        return start


def best_of_one_term(searcher, term, memo: dict, n: int, hidden) -> list[tuple[float, int]]:
    """The `n` best (score, doc number) of a query that is one term, in Whoosh's order,
    leaving out `hidden` documents: each segment's best, from the term's scores (`memo`).

    What `top_scored(scored(...))` gives for such a query, without copying every match's
    score into one dict first (`scored`): for a common word, every posting.
    """
    best: list[tuple[float, int]] = []
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        held = memo.get((offset, term.fieldname, term.text))
        if not held:
            continue
        upper = offset + sub.reader().doc_count_all()
        skipped = {d - offset for d in hidden if offset <= d < upper}
        best.extend(
            (score, local + offset)
            for score, local in top_scored(held, n + len(skipped))
            if local not in skipped
        )
    best.sort(key=lambda item: (-item[0], item[1]))
    return best[:n]


# {a segment's per-document reader: {field: the length bytes its documents have}}, for the
# life of the segment's reader.
_HELD_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def held_lengths(reader, fieldname: str, lengths: bytes) -> frozenset[int]:
    """The distinct length bytes of a segment's field (`lengths`, from `length_bytes`), found
    once per segment and field: a set made over every document of a segment of a million
    claims takes milliseconds, and a claim search scores each word in two fields of every
    segment."""
    held_by_field = _HELD_LENGTHS.setdefault(reader._perdoc, {})
    held = held_by_field.get(fieldname)
    if held is None:
        held = held_by_field[fieldname] = frozenset(lengths)
    return held


def length_bytes(reader, fieldname: str) -> bytes | None:
    """A segment's field lengths, one byte a document, where `lengths_in_memory` holds them."""
    perdoc = getattr(reader, "_perdoc", None)
    lengths = getattr(perdoc, "_readers", {}).get(f"_{fieldname}_len")
    return lengths if isinstance(lengths, bytes) else None


def top_scored(scores: dict[int, float], n: int) -> list[tuple[float, int]]:
    """The `n` best (score, doc number) in Whoosh's order: higher score first, then lower
    document number. The n-th best score is found among bare floats, and only documents
    scoring at least that much are sorted."""
    if n <= 0 or not scores:
        return []
    values = scores.values()
    floor = min(heapq.nlargest(n, values)) if n < len(scores) else min(values)
    best = sorted((-s, d) for d, s in scores.items() if s >= floor)[:n]
    return [(-s, d) for s, d in best]


def rank(item: tuple[float, int]) -> tuple[float, int]:
    """Whoosh's order: higher score first, then lower document number."""
    return item[0], -item[1]


def scores_every_match(q) -> bool:
    from whoosh import query as Q

    return any(isinstance(leaf, Q.Phrase) for leaf in q.leaves())


def lengths_in_memory(reader) -> None:
    """Hold each segment's field-length columns in memory (once per segment).

    BM25 asks the length of the field for every document it scores, and Whoosh reads it from
    the column file each time (~10 µs: half the cost of scoring a common term). The
    distinct lengths of each are found then too (`held_lengths`).
    """
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    for leaf, _ in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None or not hasattr(perdoc, "_cached_reader"):
            continue
        for fieldname in leaf.schema.scorable_names():
            name = f"_{fieldname}_len"  # Whoosh's name for the lengths column of a field
            if not isinstance(perdoc._readers.get(name), (bytes, array)):
                column = perdoc._cached_reader(name, LENGTHS_COLUMN)
                if column is not None:
                    perdoc._readers[name] = column_bytes(column, leaf.doc_count_all())
            lengths = length_bytes(leaf, fieldname)
            if lengths is not None:
                held_lengths(leaf, fieldname, lengths)


def column_values(leaf, fieldname: str) -> list:
    """Every document's value of a segment's column, as iterating
    `leaf.column_reader(fieldname)` yields them.

    Whoosh's byte-string column readers read value by value, a seek and a read each (half a
    second for the facet columns of 100,000 articles, paid by the first search). Its two
    kinds our schemas use are read here in one piece and cut up in memory.
    """
    from whoosh.columns import RefBytesColumn, VarBytesColumn

    raw = leaf.column_reader(fieldname, translate=False)
    translate = leaf.schema[fieldname].from_column_value
    if type(raw) is VarBytesColumn.Reader:
        lengths = raw._lengths
        data = bytes(raw._dbfile.get(raw._basepos, sum(lengths)))
        return list(
            map(translate, (data[o : o + n] for o, n in zip(raw._offsets, lengths, strict=True)))
        )
    if type(raw) is RefBytesColumn.Reader:
        count = raw._doccount
        refs = struct.unpack(
            f"!{count}{raw._typecode}", raw._dbfile.get(raw._basepos, count * raw._itemsize)
        )
        return list(map([translate(u) for u in raw._uniques].__getitem__, refs))
    return list(leaf.column_reader(fieldname))


def column_rows(leaf, fieldname: str, row_of: dict[bytes, int], missing: int = -1) -> list[int]:
    """`row_of` each document's value of a segment's byte-string column, looked up as stored
    (not decoded), `missing` for a value it lacks or a document without one.

    A claim's article is found this way for each of millions of claims: decoding each id
    first cost most of the first claim search of a session at 100,000 articles.
    """
    from whoosh.columns import VarBytesColumn

    raw = leaf.column_reader(fieldname, translate=False)
    get = row_of.get
    if type(raw) is VarBytesColumn.Reader:
        lengths = raw._lengths
        data = bytes(raw._dbfile.get(raw._basepos, sum(lengths)))
        rows = [get(data[o : o + n], missing) for o, n in zip(raw._offsets, lengths, strict=True)]
    else:
        rows = [get(value, missing) for value in raw]
    count = leaf.doc_count_all()
    return rows[:count] + [missing] * (count - len(rows))


def column_runs(leaf, fieldname: str) -> dict[bytes, list[tuple[int, int]]]:
    """{value as stored: [(first, end), ...]}: the runs of consecutive documents of a
    segment's byte-string column that hold the same value.

    A claim index holds an article's claims side by side, so its `aid` column is 3.4 million
    values at 100,000 articles but about 100,000 runs; read value by value into a list per
    article, it cost a claim search on an article field 9 s the first time.
    """
    from whoosh.columns import VarBytesColumn

    raw = leaf.column_reader(fieldname, translate=False)
    if type(raw) is VarBytesColumn.Reader:
        lengths = raw._lengths
        data = bytes(raw._dbfile.get(raw._basepos, sum(lengths)))
        values = (data[o : o + n] for o, n in zip(raw._offsets, lengths, strict=True))
    else:
        values = iter(raw)
    runs: dict[bytes, list[tuple[int, int]]] = {}
    previous, start, count = None, 0, 0
    for docnum, value in enumerate(values):
        if value != previous:
            if docnum:
                runs.setdefault(previous, []).append((start, docnum))
            previous, start = value, docnum
        count = docnum + 1
    if count:
        runs.setdefault(previous, []).append((start, count))
    return runs


def column_bytes(column, doc_count: int) -> bytes:
    """A one-byte-per-document column read in one piece (Whoosh's `load` reads byte by byte)."""
    raw = column._dbfile.get(column._basepos, column._count)
    return bytes(raw) + bytes(max(0, doc_count - column._count))
