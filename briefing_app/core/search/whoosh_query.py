"""A `core.search.query` tree as a Whoosh query, with faster phrase and date-range queries.

`Translator(stock=True)` builds only Whoosh's own query classes (Phrase, DateRange; and
AndNot, with the fix below): the differential tests search with it as the reference. The default builds `SetPhrase` and
`DateSpanQuery`, which match the same documents with the same scores, faster:

- Whoosh's phrase matcher builds a Span object for every position of every word in every
  candidate document (~1.8 s for three common words over 20,000 articles); `SetPhrase`
  intersects position sets instead, then scores each match exactly as Whoosh's phrase does
  (the BM25 scores of its words, summed as Whoosh's intersection matcher sums them);
- Whoosh's DateRange expands into a union of many numeric terms (~20 ms per segment to set
  up); `DateSpanQuery` bisects a cached sorted column of the same dates.

AND with NOT parts becomes an `AndNot` subclass whose matcher fixes Whoosh 2.7.4's
`AndNotMatcher`, which can keep an excluded first document (a subclass, not a patch).
"""

from __future__ import annotations

import datetime as dt
import itertools
import weakref
from bisect import bisect_left, bisect_right
from functools import partial

from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as qlang
from briefing_app.core.search.phrases import (
    decode_positions,
    exact_phrase_count,
    phrase_count,
    phrase_pairs,
)
from briefing_app.core.search.results import fold
from briefing_app.core.search.whoosh_fast import column_runs, leaf_ids, phrase_postings
from briefing_app.core.search.whoosh_schema import normalize

EXACT_FIELDS = {"language", "kind", "collection"}
# Fields each index leaves to the other (claims: article metadata; articles: claim words): a
# query node on one of them matches the documents whose article matches it in the other.
LINKED_FIELDS = {
    True: {"title", "author", "publisher", "series", "url", "tag", "language", "published"}
    | {"collection", "note"},
    False: {"speaker", "cue", "claim", "kind"},
}
# Articles: the body field holds the title too (see documents.TITLE_WEIGHT).
DEFAULT_FIELDS = {False: ("body",), True: ("claim", "speaker")}
PAIRS_FIELD = "pairs"  # common-word pairs of the body field only

_DATE_ORDER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CLASSES: dict = {}


def _dates_of(reader) -> tuple[list[str], list[int]]:
    """(sorted dates, their doc numbers) of one segment reader, cached while it lives."""
    cached = _DATE_ORDER.get(reader)
    if cached is None and not reader.has_column("f_date"):  # no document here has a date
        cached = _DATE_ORDER[reader] = ([], [])
    if cached is None:
        pairs = sorted(
            (v.decode("utf-8") if isinstance(v, bytes) else v, d)
            for d, v in enumerate(reader.column_reader("f_date"))
            if v and not reader.is_deleted(d)
        )
        cached = _DATE_ORDER[reader] = ([p[0] for p in pairs], [p[1] for p in pairs])
    return cached


def _date_span_class():
    from whoosh import query as Q
    from whoosh.matching import ListMatcher, NullMatcher

    class DateSpanQuery(Q.Query):
        """Documents whose `f_date` lies in [low, high]; scores 1.0 like Whoosh's DateRange."""

        def __init__(self, low: str, high: str):
            self.low, self.high = low, high

        def __eq__(self, other):
            return type(other) is type(self) and (self.low, self.high) == (other.low, other.high)

        def __hash__(self):
            return hash((self.low, self.high))

        def __repr__(self):
            return f"DateSpanQuery({self.low!r}, {self.high!r})"

        def estimate_size(self, ixreader):
            return ixreader.doc_count()

        def matcher(self, searcher, context=None):
            dates, docs = _dates_of(searcher.reader())
            chosen = sorted(docs[bisect_left(dates, self.low) : bisect_right(dates, self.high)])
            return ListMatcher(chosen) if chosen else NullMatcher()

    return DateSpanQuery


def date_span_query(start: dt.date | None, end: dt.date | None):
    """A query matching articles published in [start, end] (either side open when None)."""
    if "date" not in _CLASSES:
        _CLASSES["date"] = _date_span_class()
    low = start.isoformat() if start else ""
    high = end.isoformat() if end else "\uffff"
    return _CLASSES["date"](low, high)


def stock_date_range(start: dt.date | None, end: dt.date | None):
    """Whoosh's own DateRange over the `published` field (the reference for DateSpanQuery)."""
    from whoosh import query as Q

    low = dt.datetime(start.year, start.month, start.day) if start else None
    high = dt.datetime(end.year, end.month, end.day) if end else None
    return Q.DateRange("published", low, high)


def _pair_candidates(searcher, fieldname: str, words: list[str]) -> set[int] | None:
    """Documents holding every common-word pair of an exact body phrase (None: no narrowing).

    The pairs come from the body field (text and title), so they narrow body phrases only.
    """
    schema = searcher.schema
    if fieldname != "body" or PAIRS_FIELD not in schema:
        return None
    pairs = phrase_pairs(words, schema[PAIRS_FIELD].analyzer.common)
    if not pairs:
        return None
    reader, found = searcher.reader(), None
    for pair in pairs:
        btext = schema[PAIRS_FIELD].to_bytes(pair)
        if (PAIRS_FIELD, btext) not in reader:
            return set()
        ids = set(leaf_ids(reader.postings(PAIRS_FIELD, btext)))
        found = ids if found is None else found & ids
    return found


_AIDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _docs_by_aid(reader) -> dict[str, list[tuple[int, int]]]:
    """{article id: runs (first, end) of its doc numbers} of one segment reader, cached
    while it lives (deleted documents are in the runs: the matcher leaves them out)."""
    cached = _AIDS.get(reader)
    if cached is None:
        cached = {}
        if not reader.has_column("aid"):  # an empty index (no article has claims) has none
            return cached
        translate = reader.schema["aid"].from_column_value
        for value, runs in column_runs(reader, "aid").items():
            if value:
                cached[translate(value)] = runs
        _AIDS[reader] = cached
    return cached


def _aids_class():
    from whoosh import query as Q
    from whoosh.matching import ListMatcher, NullMatcher

    class AidsQuery(Q.Query):
        """The live documents of these articles; scores 1.0 (the stock form: a constant-score
        OR of `aid` terms)."""

        def __init__(self, aids: frozenset[str]):
            self.aids = aids

        def __eq__(self, other):
            return type(other) is type(self) and self.aids == other.aids

        def __hash__(self):
            return hash(self.aids)

        def __repr__(self):
            return f"AidsQuery({len(self.aids)} articles)"

        def estimate_size(self, ixreader):
            return len(self.aids)

        def matcher(self, searcher, context=None):
            reader = searcher.reader()
            by_aid = _docs_by_aid(reader)
            runs = (run for aid in self.aids for run in by_aid.get(aid, ()))
            docs = sorted(d for first, end in runs for d in range(first, end))
            if reader.has_deletions():
                docs = [d for d in docs if not reader.is_deleted(d)]
            return ListMatcher(docs) if docs else NullMatcher()

    return AidsQuery


def aids_query(aids: frozenset[str]):
    """Documents belonging to these article ids (read from the `aid` column)."""
    if "aids" not in _CLASSES:
        _CLASSES["aids"] = _aids_class()
    return _CLASSES["aids"](aids)


def stock_aids_query(aids: frozenset[str]):
    """Whoosh's own form of `aids_query` (the reference in the differential tests)."""
    from whoosh import query as Q

    if not aids:
        return Q.NullQuery
    return Q.ConstantScoreQuery(Q.Or([Q.Term("aid", a) for a in sorted(aids)]), 1.0)


def _tree_sum(values: list[float]) -> float:
    """A sum in the order Whoosh's `make_binary_tree` of intersection matchers adds scores."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _phrase_class():
    from whoosh import query as Q
    from whoosh.matching import ListMatcher, NullMatcher

    class SetPhrase(Q.Phrase):
        """Whoosh's Phrase, matched by set operations on positions."""

        def matcher(self, searcher, context=None):
            reader, field = searcher.reader(), searcher.schema[self.fieldname]
            btexts = [field.to_bytes(w) for w in self.words]
            if any((self.fieldname, b) not in reader for b in btexts):
                return NullMatcher()
            seed = (
                _pair_candidates(searcher, self.fieldname, self.words) if self.slop == 1 else None
            )
            postings = phrase_postings(reader, self.fieldname, btexts, seed)
            columns = [postings[b] for b in btexts]
            ids = []
            for doc in sorted(postings[btexts[0]]):
                if self.slop == 1:
                    found = exact_phrase_count([c[doc] for c in columns])
                else:
                    found = phrase_count(
                        [partial(decode_positions, c[doc]) for c in columns], self.slop
                    )
                if found:
                    ids.append(doc)
            if not ids:
                return NullMatcher()
            if context is not None and context.weighting is None:
                return ListMatcher(ids)  # matching only (`docs_for_query`): no scores needed
            return ListMatcher(ids, weights=self._scores(searcher, context, ids))

        def _scores(self, searcher, context, ids: list[int]) -> list[float]:
            # Whoosh scores a phrase match as the sum of its words' term scores (computed with
            # the whole index's statistics, whatever segment holds the document).
            terms = [Q.Term(self.fieldname, w).matcher(searcher, context) for w in self.words]
            scores = []
            for doc in ids:
                parts = []
                for term in terms:
                    term.skip_to(doc)
                    parts.append(term.score())
                scores.append(_tree_sum(parts) * self.boost)
            return scores

    return SetPhrase


def _and_not_class():
    from whoosh import query as Q
    from whoosh.matching.binary import AndNotMatcher
    from whoosh.matching.mcore import ReadTooFar

    class ExcludingMatcher(AndNotMatcher):
        def _find_first(self):
            # Whoosh 2.7.4 looks for the first kept document only when both sides start on
            # the same one: an excluded document below the first candidate left the excluded
            # side behind, and the first candidate was kept even when it is excluded.
            if self.a.is_active() and self.b.is_active():
                self._find_next()

        def _find_next(self):
            # Whoosh reads the kept side's id without asking whether it is still active.
            return super()._find_next() if self.a.is_active() else False

        def skip_to(self, id):
            # Whoosh 2.7.4 goes on looking after the kept side ran out (an IndexError when
            # this matcher is itself the excluded side of another: `-(a NOT b) c`).
            if not self.a.is_active():
                raise ReadTooFar
            if id < self.a.id():
                return
            self.a.skip_to(id)
            if self.a.is_active() and self.b.is_active():
                self.b.skip_to(id)
                self._find_next()

    class AndNot(Q.AndNot):
        """Whoosh's AndNot with its first document checked against the excluded side."""

        def matcher(self, searcher, context=None):
            kept = self.a.matcher(searcher, context)
            excluded = self.b.matcher(searcher, searcher.boolean_context())
            return ExcludingMatcher(kept, excluded)

    return AndNot


def and_not(kept, excluded):
    """Documents matching `kept` and not `excluded`, scored by `kept` alone."""
    if "and_not" not in _CLASSES:
        _CLASSES["and_not"] = _and_not_class()
    return _CLASSES["and_not"](kept, excluded)


def phrase_query(fieldname: str, words: list[str], slop: int = 1):
    if "phrase" not in _CLASSES:
        _CLASSES["phrase"] = _phrase_class()
    return _CLASSES["phrase"](fieldname, words, slop=slop)


class Translator:
    """Turns a `core.search.query` tree into a Whoosh query, noting the positive leaves.

    A plain word is one body term: the body field holds the title too, weighted up. `stock`:
    Whoosh's own classes only (the reference the fast classes are tested against).
    """

    def __init__(self, schema, claims: bool, *, stock: bool = False, linked=None):
        self.schema = schema
        self.claims = claims
        self.stock = stock
        # node -> query of this index for a node on the other index's fields (LINKED_FIELDS)
        self.linked = linked
        self.positives: list = []

    def fields(self, name: str | None) -> tuple[str, ...]:
        if name is None:
            return DEFAULT_FIELDS[self.claims]
        return ("claim",) if self.claims and name == "body" else (name,)

    def tokens(self, fieldname: str, text: str, pos: int) -> list[str]:
        words = [t.text for t in self.schema[fieldname].analyzer(text)]
        if not words:
            raise QueryError(f"{text!r} has no letters or digits to search for.", pos)
        return words

    def convert(self, node, negated: bool = False):
        from whoosh import query as Q

        if isinstance(node, qlang.MatchAll):
            return Q.Every()
        if isinstance(node, qlang.Group):
            return self._group(node, negated)
        if isinstance(node, qlang.Negation):
            return Q.Not(self.convert(node.part, not negated))
        if node.field in LINKED_FIELDS[self.claims]:
            if self.linked is None:
                raise QueryError(
                    f"{node.field}: is not searchable here.", getattr(node, "pos", None)
                )
            return self.linked(node)
        if isinstance(node, qlang.DateSpan):
            span = stock_date_range if self.stock else date_span_query
            return span(node.start, node.end)
        leaves = [self.leaf(node, f) for f in self.fields(node.field)]
        if not negated:
            self.positives.extend(leaves)
        return leaves[0] if len(leaves) == 1 else Q.Or(leaves)

    def _group(self, node: qlang.Group, negated: bool):
        """AND with NOT parts becomes AND-NOT: excluded words add nothing to a score."""
        from whoosh import query as Q

        if node.op == "or":
            return Q.Or([self.convert(p, negated) for p in node.parts])
        kept = [self.convert(p, negated) for p in node.parts if not isinstance(p, qlang.Negation)]
        dropped = [
            self.convert(p.part, not negated) for p in node.parts if isinstance(p, qlang.Negation)
        ]
        if not kept:  # only exclusions: everything but them
            return Q.And([Q.Not(d) for d in dropped])
        base = kept[0] if len(kept) == 1 else Q.And(kept)
        if not dropped:
            return base
        return and_not(base, dropped[0] if len(dropped) == 1 else Q.Or(dropped))

    def leaf(self, node, fieldname: str):
        from whoosh import query as Q

        if fieldname in EXACT_FIELDS:
            return Q.Term(fieldname, node.text.lower())
        if isinstance(node, qlang.Phrase):
            words = self.tokens(fieldname, node.text, node.pos)
            if len(words) == 1:
                return Q.Term(fieldname, words[0])
            return self._phrase(fieldname, words, node.slop + 1)
        if node.prefix:
            # The index holds stems ("geopolitical" -> "geopolit"): try the stem of the prefix too.
            texts = sorted({fold(node.text), normalize(node.text)})
            # Scored: Whoosh's "constant score" prefix scores 1.0 in a segment of at most 5,000
            # documents where it stands for three terms or more, and BM25 elsewhere, so an
            # article in a small segment (a recent import) ranked apart from the rest.
            prefixes = [Q.Prefix(fieldname, t, constantscore=False) for t in texts]
            return prefixes[0] if len(prefixes) == 1 else Q.Or(prefixes)
        words = self.tokens(fieldname, node.text, node.pos)
        if node.fuzzy:
            fuzzy = [Q.FuzzyTerm(fieldname, w, maxdist=node.fuzzy, prefixlength=1) for w in words]
            return fuzzy[0] if len(fuzzy) == 1 else Q.And(fuzzy)
        return Q.Term(fieldname, words[0]) if len(words) == 1 else self._phrase(fieldname, words, 1)

    def _phrase(self, fieldname: str, words: list[str], slop: int):
        from whoosh import query as Q

        if self.stock:
            return Q.Phrase(fieldname, words, slop=slop)
        return phrase_query(fieldname, words, slop)


def expanded_terms(leaf, reader, limit: int) -> list[str]:
    """The index terms a prefix or fuzzy leaf stands for (at most `limit`)."""
    found = itertools.islice(leaf.expanded_terms(reader), limit)
    return [b.decode("utf-8") if isinstance(b, bytes) else b for _, b in found]
