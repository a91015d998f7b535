"""Searching a Whoosh index: open searchers, their per-generation caches, pages of hits.

A query runs on the fastest path that gives Whoosh's own answer: terms joined by AND, OR
and AND-NOT as set operations on posting lists (`whoosh_fast`), everything else through
`Searcher.search` (with the faster phrase and date classes of `whoosh_query`). Hits get their
best paragraph from term positions and a snippet from the stored paragraph text.
"""

from __future__ import annotations

import heapq
import json
import zlib
from array import array
from collections import OrderedDict
from itertools import repeat
from pathlib import Path

from briefing_app.core.errors import QueryError
from briefing_app.core.search.backend import SearchRequest
from briefing_app.core.search.documents import PARAGRAPH_SEP, claim_details, stored_text
from briefing_app.core.search.facets import (
    FacetBitmaps,
    count_facets,
    count_facets_through,
    worth_bitmaps,
)
from briefing_app.core.search.phrases import decode_positions
from briefing_app.core.search.results import (
    MULTI_FACETS,
    MULTI_SEP,
    Hit,
    SearchResults,
    best_paragraph,
    make_snippet,
    paragraph_words,
)
from briefing_app.core.search.whoosh_fast import (
    PostingCache,
    best_of_one_term,
    column_rows,
    column_values,
    expand_prefixes,
    fast_docs,
    lengths_in_memory,
    positive_terms,
    scored,
    scores_every_match,
    segments_of,
    top_scored,
    values_at,
)
from briefing_app.core.search.whoosh_query import Translator, aids_query, expanded_terms
from briefing_app.core.search.whoosh_schema import normalize

ARTICLES, CLAIMS = "articles", "claims"  # the two Whoosh indexes of one folder
FACET_FIELDS = (
    ("publisher", "f_publisher"),
    ("author", "f_author"),
    ("year", "f_year"),
    ("series", "f_series"),
    ("date", "f_date"),
    ("tag", "f_tag"),
    ("collection", "f_collection"),
)
_RESULT_CACHE = 64
_MAX_EXPANSIONS = 200


def live_docs(searcher, q) -> list[int]:
    """Every match of `q` that is not deleted.

    Whoosh 2.7.4's NOT yields deleted documents of a segment with deletions (through
    `Searcher.docs_for_query`, and through `Searcher.search` too when a filter is given).
    """
    reader = searcher.reader()
    docs = searcher.docs_for_query(q)
    if not reader.has_deletions():
        return list(docs)
    return [d for d in docs if not reader.is_deleted(d)]


class _View:
    """One open searcher (articles or claims) with caches that live as long as its generation.

    `articles`: for the claims, the view of the articles, whose facet values are theirs.
    """

    def __init__(self, ix, articles: _View | None = None):
        self.searcher = ix.searcher()
        self.articles = articles
        self._reset()

    def _reset(self) -> None:
        lengths_in_memory(self.searcher.reader())
        self.postings = PostingCache()  # doc numbers are this generation's
        self.ids: list | None = None
        self._superseded: frozenset[str] | None = None
        self._hidden: dict[frozenset, frozenset[int]] = {}
        self._facets_of = None  # the article searcher the facet values were read from
        self._reset_facets()

    def _reset_facets(self) -> None:
        self._columns: dict | None = None
        self._rows: array | None = None
        self.filter_sets: dict = {}
        self._bitmaps: FacetBitmaps | None = None
        self.results: OrderedDict = OrderedDict()

    def current(self):
        """The searcher, refreshed when a writer committed since (searches go on meanwhile);
        a claim view's facet caches go when the articles' searcher was refreshed."""
        if not self.searcher.up_to_date():
            self.searcher = self.searcher.refresh()
            self._reset()
        if self.articles is not None:
            source = self.articles.current()
            if source is not self._facets_of:
                self._facets_of = source
                self._reset_facets()
        return self.searcher

    def columns(self) -> dict[str, list]:
        """The articles' facet values by document number, read once per generation from
        Whoosh columns. (A claim has its article's: see `rows`.)"""
        if self.articles is not None:
            raise TypeError("a claim's facet values are its article's: see _View.rows")
        if self._columns is None:
            self._columns = {name: self.column(fieldname) for name, fieldname in FACET_FIELDS}
        return self._columns

    def rows(self) -> array:
        """For the claims: each claim's article, as the document number of the article's
        live document in the articles' searcher (-1: none), read once per generation of
        either. A claim's facet values are its article's, stored once, with the article."""
        if self._rows is None:
            articles = self.articles
            if articles.ids is None:
                articles.ids = articles.column("aid")
            reader = articles.searcher.reader()
            deleted = reader.is_deleted if reader.has_deletions() else None
            row_of = {
                aid.encode("utf-8"): d
                for d, aid in enumerate(articles.ids)
                if aid is not None and not (deleted and deleted(d))
            }
            rows = array("i")
            for leaf, _offset in self.searcher.reader().leaf_readers():
                if leaf.has_column("aid"):
                    rows.extend(column_rows(leaf, "aid", row_of))
                else:  # a segment where no document has one (none does without)
                    rows.extend(repeat(-1, leaf.doc_count_all()))
            self._rows = rows
        return self._rows

    def article_ids(self, docs: list[int]) -> frozenset[str]:
        """The ids of the articles of these documents (of a claim: of its live article)."""
        if self.articles is None:
            if self.ids is None:
                self.ids = self.column("aid")
            return frozenset(self.ids[d] for d in docs)
        rows, ids = self.rows(), self.articles.ids  # (`rows` reads the articles' ids)
        return frozenset(ids[row] for row in map(rows.__getitem__, docs) if row >= 0)

    def facets(self, docs: list[int], many: bool) -> dict[str, list[tuple[str, int]]]:
        """The facet counts of a search's matches (`many`: worth counting with bitmaps)."""
        if self.articles is not None:
            return count_facets_through(docs, self.rows(), self.articles.columns(), MULTI_FACETS)
        return count_facets(docs, self.columns(), MULTI_FACETS, self.bitmaps() if many else None)

    def date_of(self):
        """A function giving a document's date ('' when it has none), for the newest-first
        order; a claim has its article's."""
        if self.articles is None:
            dates = self.columns()["date"]
            return lambda d: dates[d] or ""
        dates, rows = self.articles.columns()["date"], self.rows()
        return lambda d: (dates[rows[d]] or "") if rows[d] >= 0 else ""

    def column(self, fieldname: str) -> list:
        """The value of a sortable field for every document number (None when empty).

        Read segment by segment: a segment where no document has a value has no column, and
        Whoosh's multi-segment column reader then leaves its documents out (misaligned).
        """
        values: list = []
        for leaf, _offset in self.searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            if not leaf.has_column(fieldname):
                values.extend([None] * count)
                continue
            column = [
                (v.decode("utf-8") if isinstance(v, bytes) else v) or None
                for v in column_values(leaf, fieldname)
            ]
            values.extend(column[:count] + [None] * (count - len(column)))
        return values

    def allowed(self, filters: dict) -> set | None:
        """Documents whose facet values pass the GUI's facet check boxes (None: no filter)."""
        chosen = {k: frozenset(v) for k, v in filters.items() if v}
        if not chosen:
            return None
        key = frozenset(chosen.items())
        if key not in self.filter_sets and self.articles is not None:
            passing = self.articles.allowed(filters)  # (checks the facet names)
            rows = self.rows()
            allowed = {d for d, row in enumerate(rows) if row in passing} if passing else set()
            reader = self.searcher.reader()
            if reader.has_deletions():
                allowed = {d for d in allowed if not reader.is_deleted(d)}
            self.filter_sets[key] = allowed
        if key not in self.filter_sets:
            unknown = set(chosen) - {name for name, _ in FACET_FIELDS}
            if unknown:
                raise QueryError(f"Unknown facet {sorted(unknown)[0]!r}.")
            columns, allowed = self.columns(), None
            for name, values in chosen.items():
                if name in MULTI_FACETS:
                    docs = {
                        d
                        for d, v in enumerate(columns[name])
                        if v and values.intersection(v.split(MULTI_SEP))
                    }
                else:
                    docs = {d for d, v in enumerate(columns[name]) if v in values}
                allowed = docs if allowed is None else allowed & docs
            reader = self.searcher.reader()
            if reader.has_deletions():  # a filter lets deleted documents through a NOT
                allowed = {d for d in allowed if not reader.is_deleted(d)}
            self.filter_sets[key] = allowed
        return self.filter_sets[key]

    def bitmaps(self) -> FacetBitmaps:
        """The facet bitmaps of this generation's article columns (made once; claims are
        35 times as many documents: making theirs would add seconds to a first search)."""
        if self._bitmaps is None:
            self._bitmaps = FacetBitmaps(self.columns())
        return self._bitmaps

    def superseded(self) -> frozenset[str]:
        """Ids that a newer indexed version supersedes (read from the live documents' column)."""
        if self._superseded is None:
            reader = self.searcher.reader()
            named = self.column("f_supersedes")
            self._superseded = frozenset(
                v for d, v in enumerate(named) if v and not reader.is_deleted(d)
            )
        return self._superseded

    def hidden(self, superseded: frozenset[str]) -> frozenset[int]:
        """Document numbers of the superseded articles (or of their claims)."""
        if superseded not in self._hidden and self.articles is not None:
            # a claim's through its article id's postings: reading every claim's id (3.4
            # million at 100,000 articles) cost the first claim search of a session seconds
            searcher = self.searcher
            self._hidden[superseded] = frozenset(
                d for aid in superseded for d in searcher.document_numbers(aid=aid)
            )
        if superseded not in self._hidden:
            if self.ids is None:
                self.ids = self.column("aid")
            self._hidden[superseded] = frozenset(
                d for d, aid in enumerate(self.ids) if aid in superseded
            )
        return self._hidden[superseded]

    def close(self) -> None:
        self.searcher.close()


class Engine:
    """The open article and claim searchers of one index folder."""

    def __init__(self, index_dir: Path):
        from whoosh import index

        articles = _View(index.open_dir(str(index_dir), indexname=ARTICLES))
        claims = _View(index.open_dir(str(index_dir), indexname=CLAIMS), articles)
        self.views = {False: articles, True: claims}

    def doc_count(self) -> int:
        return self.views[False].current().doc_count()

    def warm(self) -> None:
        """What the first article search reads besides postings: the searcher, the facet and
        id columns, the older versions hidden, and the facet bitmaps a common word's search
        counts with (the claim index's, read through every claim's article id, wait for a
        claim search)."""
        view = self.views[False]
        view.current()
        view.columns()
        if view.ids is None:
            view.ids = view.column("aid")
        self.hidden(view, False)
        view.bitmaps()

    def generation(self) -> tuple:
        return tuple(v.current().reader().generation() for v in self.views.values())

    def close(self) -> None:
        for view in self.views.values():
            view.close()

    def hidden(self, view, all_versions: bool) -> frozenset[int]:
        """Documents of `view` that searches leave out: older versions of an article."""
        if all_versions:
            return frozenset()
        self.views[False].current()
        return view.hidden(self.views[False].superseded())

    @staticmethod
    def _top(searcher, q, docs, date_of, page):
        """(score, docnum) of the page, by relevance or date.

        Every match is scored (`limit=None`): Whoosh 2.7.4's top-N collector replaces its
        matcher once its heap is full (`Matcher.replace(minscore)`, even without `optimize`),
        and an OR of NOTs replaced that way drops or rescores documents, so a page would not
        be a slice of the whole ranking. Never block-quality skipping either: its OR and
        AND-MAYBE matchers can loop forever on float rounding (upstream issues #446, #461).
        """
        first, limit, sort = page
        if sort != "date":
            if not docs:  # (an empty filter would mean none to Whoosh)
                return []
            # Filtered to the live matches: Whoosh's NOT can return deleted documents.
            found = searcher.search(q, limit=None, filter=set(docs))
            return found.top_n[first : first + limit]
        ordered = heapq.nlargest(first + limit, docs, key=lambda d: (date_of(d), -d))
        chosen = ordered[first:]
        if not chosen:
            return []
        scored = searcher.search(q, limit=None, filter=set(chosen))
        scores = {d: s for s, d in scored.top_n}
        return [(scores.get(d, 0.0), d) for d in chosen]

    def linked(self, claims: bool):
        """For the translator: a node on the other index's fields, as the documents of this
        index whose article matches it there."""
        other = self.views[not claims]

        def documents_of_matching_articles(node):
            searcher = other.current()
            q = Translator(searcher.schema, not claims).convert(node)
            return aids_query(other.article_ids(live_docs(searcher, q)))

        return documents_of_matching_articles

    def matching_ids(self, tree, all_versions: bool = False, filters=None) -> list[str]:
        """Article ids of every match of a parsed query that passes the facet filters."""
        view = self.views[False]
        searcher = view.current()
        hidden = self.hidden(view, all_versions)
        allowed = view.allowed(filters or {})
        if view.ids is None:
            view.ids = view.column("aid")
        q = Translator(searcher.schema, False, linked=self.linked(False)).convert(tree)
        q = expand_prefixes(q, searcher.reader()) or q
        docs = fast_docs(searcher, q, cache=view.postings)
        if docs is None:
            docs = live_docs(searcher, q)
        return [view.ids[d] for d in docs if d not in hidden and (allowed is None or d in allowed)]

    def search(self, request: SearchRequest) -> SearchResults:
        """One page of results (cached per searcher generation)."""
        query, tree, limit, page, sort = (
            request.query,
            request.tree,
            request.limit,
            request.page,
            request.sort,
        )
        filters, claims, all_versions = request.filters, request.claims, request.all_versions
        view = self.views[claims]
        searcher = view.current()
        hidden = self.hidden(view, all_versions)
        chosen = frozenset((k, frozenset(v)) for k, v in filters.items())
        key = (query, limit, page, sort, chosen, hidden)
        if key in view.results:
            view.results.move_to_end(key)
            return view.results[key]
        translator = Translator(searcher.schema, claims, linked=self.linked(claims))
        q = translator.convert(tree)
        q = expand_prefixes(q, searcher.reader()) or q
        allowed = view.allowed(filters)
        first = (page - 1) * limit
        reader = searcher.reader()
        deleted = reader.is_deleted if reader.has_deletions() else lambda _d: False
        if allowed is not None and not allowed:
            # No document passes the facet filter (Whoosh would read an empty filter as none).
            top, docs = [], []
        elif sort == "relevance" and scores_every_match(q):
            # Phrases cannot skip blocks: score every match once and keep them all.
            everything = searcher.search(q, limit=None, filter=allowed, mask=set(hidden) or None)
            ranked = [(score, d) for score, d in everything.top_n if not deleted(d)]
            docs = [d for _, d in ranked]
            top = ranked[first : first + limit]
        else:
            memo: dict = {}
            docs = fast_docs(searcher, q, memo, view.postings)
            fast = docs is not None
            if docs is None:
                docs = live_docs(searcher, q)
            if isinstance(docs, frozenset):  # (set operations in C: a common word's matches)
                docs = list((docs if allowed is None else docs & allowed).difference(hidden))
            else:
                docs = [d for d in docs if (allowed is None or d in allowed) and d not in hidden]
            terms = positive_terms(q) if sort == "relevance" and fast else None
            if terms == [q] and q.boost == 1.0 and allowed is None:  # one term, unfiltered
                top = best_of_one_term(searcher, q, memo, first + limit, hidden)[first:]
            elif terms:
                best = top_scored(scored(searcher, terms, docs, memo), first + limit)
                top = best[first:]
            else:
                top = self._top(searcher, q, docs, view.date_of(), (first, limit, sort))
        articles = self.views[False].current() if claims else None
        hits = HitMaker(searcher, translator.positives, claims, articles).make(top)
        facets = view.facets(docs, worth_bitmaps(len(docs), reader.doc_count_all()))
        result = SearchResults(query, len(docs), hits, facets, page, limit, sort)
        view.results[key] = result
        if len(view.results) > _RESULT_CACHE:
            view.results.popitem(last=False)
        return result


class HitMaker:
    """Builds hits: the best paragraph from term positions, then a snippet from it."""

    def __init__(self, searcher, positives: list, claims: bool, articles=None):
        self.searcher = searcher
        self.articles = articles  # the article searcher, for a claim's article metadata
        self.claims = claims
        self.fieldname = "claim" if claims else "body"
        self.terms = self._terms(positives)

    def _terms(self, positives: list) -> set[str]:
        from whoosh import query as Q

        reader, terms = self.searcher.reader(), set()
        for leaf in positives:
            if leaf.field() != self.fieldname:
                continue
            if isinstance(leaf, Q.Term):
                terms.add(leaf.text)
            elif isinstance(leaf, Q.Phrase):
                terms.update(leaf.words)
            else:
                terms.update(expanded_terms(leaf, reader, _MAX_EXPANSIONS))
        return terms

    def matches(self, word: str) -> bool:
        return normalize(word) in self.terms

    def _positions(self, docnums: list[int]) -> dict[int, dict[str, list[int]]]:
        """{doc: {term: body positions}} of the page's documents, read a posting block at a
        time, segment by segment (blocks that hold none of them are passed over)."""
        found: dict[int, dict[str, list[int]]] = {d: {} for d in docnums}
        for sub, offset, local in segments_of(self.searcher, sorted(docnums)):
            reader = sub.reader()
            for term in self.terms:
                btext = term.encode("utf-8")
                if ("body", btext) not in reader:
                    continue
                for doc, raw in values_at(reader, "body", btext, local).items():
                    found[doc + offset][term] = decode_positions(raw)
        return found

    def _article_info(self, aid: str) -> tuple:
        """The stored info of the article a claim belongs to (see documents.article_document)."""
        docnum = self.articles.document_number(aid=aid)
        if docnum is None:  # the article went between the two searchers' generations
            return ("", "", "", "", [], b"", 0, zlib.compress(b"[]"))
        return tuple(self.articles.stored_fields(docnum)["info"])

    def make(self, top: list[tuple[float, int]]) -> list[Hit]:
        if self.claims:
            refs = self._claim_refs([d for _, d in top])
            return [self._claim_hit(score, *refs[d]) for score, d in top]
        positions = self._positions([d for _, d in top])
        return [self._article_hit(score, d, positions[d]) for score, d in top]

    def _article_hit(self, score: float, docnum: int, positions) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        key, title, publisher, published, starts, blob, count, _claims = stored["info"]
        positions = {t: [p for p in ps if p < count] for t, ps in positions.items()}
        paragraph = best_paragraph(starts, positions)
        paragraphs = zlib.decompress(blob).decode("utf-8").split(PARAGRAPH_SEP)
        text = paragraphs[paragraph - 1] if paragraph <= len(paragraphs) else ""
        words = paragraph_words(starts, paragraph, positions)
        snippet, plain = make_snippet(text, indices=words)
        return Hit(stored["aid"], key, title, publisher, published, round(float(score), 4),
                   paragraph, snippet, plain)  # fmt: skip

    def _claim_refs(self, docnums: list[int]) -> dict[int, tuple[str, int]]:
        """(article id, claim number) of claim documents, read from their columns."""
        refs = {}
        for sub, offset, local in segments_of(self.searcher, sorted(docnums)):
            reader = sub.reader()
            aids, numbers = reader.column_reader("aid"), reader.column_reader("number")
            for d in local:
                refs[d + offset] = (aids[d], numbers[d])
        return refs

    def _claim_hit(self, score: float, aid: str, number: int) -> Hit:
        info = self._article_info(aid)
        key, title, publisher, published = info[:4]
        claims = json.loads(zlib.decompress(info[7])) if info else []
        text = stored_text(info[5]) if number < len(claims) else ""
        paragraph, content, details = (
            claim_details(claims[number], text) if number < len(claims) else (1, "", {})
        )
        snippet, plain = make_snippet(content, self.matches)
        return Hit(aid, key, title, publisher, published, round(float(score), 4),
                   paragraph, snippet, plain, claim=details)  # fmt: skip
