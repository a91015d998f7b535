"""Fast paths on Whoosh's posting lists: set operations and scoring without its matchers.

Each function here reads Whoosh segment internals (posting blocks, length columns) to do in
a few C-level set operations what Whoosh's matchers do posting by posting in Python. Every
one must give exactly what stock Whoosh gives on the same index: the differential tests in
tests/core/test_search_differential.py compare hits and scores with `Searcher.search`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable

_SKIP_RATIO = 8  # skip to candidates when a term has 8x more postings than there are candidates


def postings_values(reader, fieldname: str, btext: bytes) -> dict[int, bytes]:
    """{doc number: encoded positions} of one term, read a block at a time where possible."""
    matcher = reader.postings(fieldname, btext)
    found: dict[int, bytes] = {}
    if not hasattr(matcher, "_read_ids"):  # wrapped to hide deleted documents
        while matcher.is_active():
            found[matcher.id()] = matcher.value()
            matcher.next()
        return found
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._values is None:
            matcher._read_values()
        found.update(zip(matcher._ids[matcher._i :], matcher._values[matcher._i :], strict=True))
        matcher._next_block()
    return found


def values_at(reader, fieldname: str, btext: bytes, docs: list[int]) -> dict[int, bytes]:
    """{doc number: encoded positions} of one term, for those of the sorted `docs` it is in.

    A posting block whose highest doc number is below the next candidate is passed over
    without being decoded (its header says how far it reaches).
    """
    matcher = reader.postings(fieldname, btext)
    if not hasattr(matcher, "_read_ids"):  # wrapped to hide deleted documents
        wanted = set(docs)
        return {d: v for d, v in postings_values(reader, fieldname, btext).items() if d in wanted}
    found: dict[int, bytes] = {}
    i = 0
    while matcher.is_active() and i < len(docs):
        if matcher.block_max_id() >= docs[i]:
            if matcher._values is None:
                matcher._read_ids()
                matcher._read_values()
            block = dict(zip(matcher._ids, matcher._values, strict=True))
            end = bisect_right(docs, matcher.block_max_id(), i)
            found.update((d, block[d]) for d in docs[i:end] if d in block)
            i = end
        matcher._next_block()
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
    if not hasattr(matcher, "_read_ids"):  # wrapped (deletions) or synthetic: the slow way
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return ids


def leaf_weights(matcher) -> dict[int, float]:
    """{doc number: weight} of every posting of a fresh Whoosh posting matcher."""
    if not hasattr(matcher, "_read_ids"):  # wrapped (deletions): the slow way
        found = {}
        while matcher.is_active():
            found[matcher.id()] = matcher.weight()
            matcher.next()
        return found
    found = {}
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        found.update(zip(matcher._ids, matcher._weights, strict=True))
        matcher._next_block()
    return found


def fast_docs(searcher, q, memo: dict | None = None) -> set[int] | None:
    """All matches of a query built from terms, AND, OR and AND-NOT, as set operations on posting
    lists (reading ids block by block); None for other queries, which Whoosh iterates itself.
    Each term's {doc: weight} per segment goes into `memo`, for `_scored`.
    """
    from whoosh import query as Q
    from whoosh.reading import TermNotFound

    if isinstance(q, Q.Term):
        found: set[int] = set()
        for sub, offset in searcher.subsearchers or [(searcher, 0)]:
            try:
                weights = leaf_weights(sub.reader().postings(q.fieldname, q.text))
            except TermNotFound:
                continue
            if memo is not None:
                memo[offset, q.fieldname, q.text] = weights
            found.update(weights if not offset else (d + offset for d in weights))
        return found
    if isinstance(q, Q.Every):
        return set(searcher.reader().all_doc_ids())
    if isinstance(q, Q.AndNot):
        kept = fast_docs(searcher, q.a, memo)
        dropped = fast_docs(searcher, q.b) if kept is not None else None
        return None if dropped is None else kept - dropped
    if isinstance(q, (Q.Or, Q.And)) and not any(isinstance(c, Q.Not) for c in q.subqueries):
        parts = [fast_docs(searcher, c, memo) for c in q.subqueries]
        if not parts or any(p is None for p in parts):
            return None
        return set.union(*parts) if isinstance(q, Q.Or) else set.intersection(*parts)
    return None


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


def scored(searcher, terms: list, docs: list[int], memo: dict) -> list[tuple[float, int]]:
    """(score, doc number) of every one of `docs`: BM25 from Whoosh's own scorer, summed over
    the terms each holds, as Whoosh's AND/OR matchers sum them.

    The documents and each term's weights are known already (`memo`, filled by `_fast_docs`
    from the same posting blocks); Whoosh's intersection matcher stepped through every
    posting again, in Python.
    """
    scores = dict.fromkeys(docs, 0.0)
    ordered = sorted(docs)
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        reader = sub.reader()
        upper = offset + reader.doc_count_all()
        local = [
            d - offset for d in ordered[bisect_left(ordered, offset) : bisect_left(ordered, upper)]
        ]
        if not local:
            continue
        for term in terms:
            weights = memo.get((offset, term.fieldname, term.text))
            if weights is None:  # the term is not in this segment
                continue
            scorer = searcher.weighting.scorer(sub, term.fieldname, term.text)
            score = getattr(scorer, "_score", None)  # unscored fields score their weight
            length = length_of(reader, term.fieldname)
            for doc in local:
                weight = weights.get(doc)
                if weight is not None:
                    value = score(weight, length(doc)) if score else weight
                    scores[doc + offset] += term.boost * value
    return [(score, doc) for doc, score in scores.items()]


def length_of(reader, fieldname: str) -> Callable[[int], int]:
    """The field length of a document, from the in-memory column where there is one."""
    from whoosh.util.numeric import byte_to_length

    perdoc = getattr(reader, "_perdoc", None)
    lengths = getattr(perdoc, "_readers", {}).get(f"_{fieldname}_len")
    if not isinstance(lengths, bytes):
        return lambda doc: reader.doc_field_length(doc, fieldname, 1)
    return lambda doc: byte_to_length(lengths[doc]) if lengths[doc] else 1


def rank(item: tuple[float, int]) -> tuple[float, int]:
    """Whoosh's order: higher score first, then lower document number."""
    return item[0], -item[1]


def scores_every_match(q) -> bool:
    from whoosh import query as Q

    return any(isinstance(leaf, Q.Phrase) for leaf in q.leaves())


def lengths_in_memory(reader) -> None:
    """Hold each segment's field-length columns in memory (once per segment).

    BM25 asks the length of the field for every document it scores, and Whoosh reads it from
    the column file each time (~10 µs: half the cost of scoring a common term).
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


def column_bytes(column, doc_count: int) -> bytes:
    """A one-byte-per-document column read in one piece (Whoosh's `load` reads byte by byte)."""
    raw = column._dbfile.get(column._basepos, column._count)
    return bytes(raw) + bytes(max(0, doc_count - column._count))
