"""The search index: a Whoosh cache of the library (the only module that imports Whoosh).

Two Whoosh indexes share one folder: "articles" (one document per article, its paragraph
layout stored so a hit knows its paragraph) and "claims" (one document per claim). Whoosh
is imported inside functions: `import whoosh.index` alone costs ~140 ms at start-up.

The folder also holds `briefing-index.json` (schema version, an order-free digest of the
indexed ids) and, after a failed update, a `STALE` marker; either being wrong means rebuild.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import json
import logging
import math
import os
import shutil
import threading
import weakref
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core import query as qlang
from briefing_app.core.article import Article
from briefing_app.core.errors import LibraryBusy, LibraryError, QueryError
from briefing_app.core.index_documents import (
    PARAGRAPH_SEP,
    TITLE_GAP,
    TITLE_MARK,
    TITLE_START,
    TITLE_WEIGHT,
    article_document,
    claim_documents,
    id_hash,
    ids_digest,
)
from briefing_app.core.library import Library
from briefing_app.core.lock import WriteLock
from briefing_app.core.phrase_positions import (
    COMMON_SAMPLE,
    common_pairs,
    common_words,
    decode_positions,
    exact_phrase_count,
    phrase_count,
    phrase_pairs,
)
from briefing_app.core.search_results import (
    MULTI_SEP,
    WORD,
    Hit,
    SearchResults,
    best_paragraph,
    count_facets,
    fold,
    make_snippet,
    paragraph_words,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # 4: f_supersedes; 5: the title indexed in the body field too
META_NAME = "briefing-index.json"
STALE_NAME = "STALE"
ARTICLES, CLAIMS = "articles", "claims"
PARALLEL_BUILD_MIN = 400  # below this a second process costs more than it saves
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 300_000


def normalize(word: str) -> str:
    """The stemmed index form of a word ("Kazakhstan's", "Kazakhstans" -> "kazakhstan")."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        from whoosh.lang.porter import stem

        if len(_STEM_CACHE) > _STEM_CACHE_MAX:
            _STEM_CACHE.clear()
        cached = _STEM_CACHE[word] = stem(fold(word))
    return cached


def _define_analyzer():
    """Build the analyzer class on first use (it subclasses a Whoosh class)."""
    from whoosh.analysis import Token, Tokenizer

    class BriefingAnalyzer(Tokenizer):
        """Words, lower-cased, apostrophes dropped, accents folded and (if `stem`) stemmed."""

        def __init__(self, stem: bool = True):
            self.stem = stem

        def __eq__(self, other):
            return type(other) is type(self) and other.stem == self.stem

        def __call__(self, value, positions=False, chars=False, keeporiginal=False, **kw):
            start_pos, start_char = kw.pop("start_pos", 0), kw.pop("start_char", 0)
            tokenize = kw.pop("tokenize", True)
            # One pass instead of a filter chain: indexing speed is dominated by per-token work.
            token = Token(positions, chars, **kw)
            norm = normalize if self.stem else fold
            matches = WORD.finditer(value) if tokenize else [None]
            mark = value.find(TITLE_MARK) if tokenize else -1
            pos, boost = start_pos - 1, 1.0
            for match in matches:
                pos += 1
                if mark >= 0 and match.start() > mark:
                    pos, mark, boost = max(pos + TITLE_GAP, TITLE_START), -1, TITLE_WEIGHT
                word = match.group() if match else value
                token.text = norm(word)
                token.boost, token.stopped = boost, False
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                if chars:
                    begin, end = match.span() if match else (0, len(value))
                    token.startchar, token.endchar = start_char + begin, start_char + end
                yield token

    BriefingAnalyzer.__module__ = __name__
    BriefingAnalyzer.__qualname__ = "BriefingAnalyzer"
    return BriefingAnalyzer


def _define_pair_analyzer():
    """Build the common-word pair analyzer class on first use (it subclasses a Whoosh class)."""
    from whoosh.analysis import Token, Tokenizer

    class CommonPairAnalyzer(Tokenizer):
        """Adjacent pairs of common words ("an an"), within the text or the title, not across."""

        def __init__(self, common: frozenset[str] = frozenset()):
            self.common = frozenset(common)

        def __eq__(self, other):
            return type(other) is type(self) and other.common == self.common

        def __call__(self, value, positions=False, chars=False, **kw):
            kw.pop("start_pos", None), kw.pop("start_char", None), kw.pop("tokenize", None)
            token = Token(positions, chars, **kw)
            if not self.common:
                return
            for part in value.split(TITLE_MARK):
                for pair in common_pairs(part, self.common, normalize):
                    token.text, token.boost, token.stopped = pair, 1.0, False
                    yield token

    CommonPairAnalyzer.__module__ = __name__
    CommonPairAnalyzer.__qualname__ = "CommonPairAnalyzer"
    return CommonPairAnalyzer


_ANALYZER_FACTORIES = {
    "BriefingAnalyzer": _define_analyzer,
    "CommonPairAnalyzer": _define_pair_analyzer,
}


def __getattr__(name):
    # Unpickling a stored schema looks the analyzer classes up here (PEP 562).
    if name in _ANALYZER_FACTORIES:
        cls = globals()[name] = _ANALYZER_FACTORIES[name]()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _writer_options() -> dict:
    """Writer settings for every Whoosh writer we open.

    - no zlib on posting blocks: phrase checks and counting read whole posting lists, and
      decompressing them cost ~12% of a phrase query (the index grows ~30%);
    - no compound segment files: Whoosh copies each file of a compound segment into memory
      when it opens a reader (~1 s and hundreds of MiB at 20,000 articles).
    """
    from whoosh.codec.whoosh3 import W3Codec

    return {"codec": W3Codec(compression=0), "compound": False}


_WHOOSH_FIXED = False


def _fix_whoosh() -> None:
    """Install guarded `skip_to_quality` methods on Whoosh's OR and AND-MAYBE matchers (once).

    Whoosh 2.7.4 (upstream issues #446 and #461): `UnionMatcher.skip_to_quality` and
    `AndMaybeMatcher.skip_to_quality` loop while `aq + bq <= minquality`, asking the weaker
    side to skip to `minquality - other`. Floating-point rounding can make that side's block
    quality exceed the difference while the sum still does not exceed `minquality`: it skips
    nothing, its quality stays the same and the loop never ends (41 near-identical articles,
    `talks`, limit 1). The guarded loop stops when a step makes no progress; the collector then
    scores the current document normally, so results stay exact, only skipping less.
    Every searcher is opened by `_Engine`, which calls this first.
    """
    global _WHOOSH_FIXED
    if _WHOOSH_FIXED:
        return
    from whoosh.matching import binary, mcore

    def union_skip(self, minquality):
        self._id = None
        a, b = self.a, self.b
        if not (a.is_active() or b.is_active()):
            raise mcore.ReadTooFar
        if not a.is_active():
            return b.skip_to_quality(minquality)
        if not b.is_active():
            return a.skip_to_quality(minquality)
        return _guarded_pair_skip(a, b, minquality)

    def and_maybe_skip(self, minquality):
        a, b = self.a, self.b
        if not a.is_active():
            raise mcore.ReadTooFar
        if not b.is_active():
            return a.skip_to_quality(minquality)
        skipped = _guarded_pair_skip(a, b, minquality)
        # Upstream leaves the optional side behind the required one here, so a document both
        # match would be scored without the optional part: bring it level.
        if a.is_active() and b.is_active() and b.id() < a.id():
            b.skip_to(a.id())
        return skipped

    binary.UnionMatcher.skip_to_quality = union_skip
    binary.AndMaybeMatcher.skip_to_quality = and_maybe_skip
    _WHOOSH_FIXED = True


def _guarded_pair_skip(a, b, minquality: float) -> int:
    """Upstream's skipping loop for two additive matchers, stopping when a step changes nothing."""
    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        if aq < bq:
            step = a.skip_to_quality(minquality - bq)
            before, aq = aq, a.block_quality()
            stalled = not step and aq == before
        else:
            step = b.skip_to_quality(minquality - aq)
            before, bq = bq, b.block_quality()
            stalled = not step and bq == before
        skipped += step
        if stalled:
            break
    return skipped


def _schemas(common: frozenset[str] = frozenset()):
    """(articles schema, claims schema); `common`: the words whose pairs are indexed."""
    from whoosh import fields as F

    analyzer_cls = __getattr__("BriefingAnalyzer")
    pairs = F.TEXT(analyzer=__getattr__("CommonPairAnalyzer")(common), phrase=False)
    stemmed, plain = analyzer_cls(True), analyzer_cls(False)

    def text(analyzer=stemmed, boost=1.0):
        return F.TEXT(analyzer=analyzer, phrase=True, field_boost=boost)

    fields = dict(
        aid=F.ID(stored=True, unique=True, sortable=True),
        info=F.STORED(),
        title=text(boost=2.0),
        author=text(plain),
        publisher=text(),
        series=text(),
        url=text(plain),
        tag=text(),
        language=F.KEYWORD(lowercase=True),
        published=F.DATETIME(),
        f_publisher=F.ID(sortable=True),
        f_author=F.ID(sortable=True),
        f_year=F.ID(sortable=True),
        f_series=F.ID(sortable=True),
        f_date=F.ID(sortable=True),
        speaker=text(plain),
        cue=text(),
        kind=F.KEYWORD(lowercase=True),
        claim=text(),
    )
    # f_supersedes: the id this article replaces; searches hide the ids it names.
    articles = F.Schema(body=text(), pairs=pairs, f_supersedes=F.ID(sortable=True), **fields)
    return articles, F.Schema(**fields)


class SearchIndex:
    """The Whoosh index of one library; safe to search while another thread or process writes."""

    lock_timeout = 3.0  # seconds a writer waits for another before saying the library is busy

    def __init__(self, index_dir: Path, library: Library):
        self.index_dir = Path(index_dir)
        self.library = library
        self.lock = WriteLock(
            self.index_dir.with_name(self.index_dir.name + ".lock"), purpose="the search index"
        )
        self._search_lock = threading.RLock()
        # The file lock only keeps other processes out (it is re-entrant within this one), so
        # writing threads of this process queue here; a rebuild must never race another.
        self._thread_write_lock = threading.RLock()
        self._engine = None  # the open searchers and their caches
        self._verified: tuple | None = None
        self._importing = 0

    # -- state -------------------------------------------------------------------------------
    def _meta(self) -> dict:
        return json.loads((self.index_dir / META_NAME).read_text(encoding="utf-8"))

    def _write_meta(self, folder: Path, digest: str, skipped: int = 0) -> None:
        # `skipped`: unreadable records left out, so they do not look like a library change.
        meta = {"schema": SCHEMA_VERSION, "digest": digest, "skipped": skipped}
        atomicio.write_json(folder / META_NAME, meta)

    def mark_stale(self) -> None:
        """Note that the index missed a change; the next `ensure_current` rebuilds it."""
        with contextlib.suppress(OSError):
            self.index_dir.mkdir(parents=True, exist_ok=True)
            (self.index_dir / STALE_NAME).touch()

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt ("missing", "corrupt", ...), or None when it is current."""
        problem = self._structural_problem()
        if problem is not None or self._library_being_written():
            return problem
        meta, (indexed, generation) = self._meta(), self._engine_state()
        return self._sync_problem(meta, indexed, generation)

    def _structural_problem(self) -> str | None:
        """Missing, unreadable, outdated or stale (but not compared with the library)."""
        if not (self.index_dir / META_NAME).is_file():
            return "missing"
        try:
            meta = self._meta()
        except (OSError, ValueError):
            return "corrupt"
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
            return "old schema"
        if (self.index_dir / STALE_NAME).exists():
            return "stale"
        try:
            self._engine_state()
        except Exception as exc:  # Whoosh raises many kinds on damaged files
            log.info("Search index unreadable: %r", exc)
            return "corrupt"
        return None

    def _engine_state(self) -> tuple[int, tuple]:
        with self._search_lock:
            engine = self._open_engine()
            return engine.doc_count(), engine.generation()

    @contextlib.contextmanager
    def importing(self):
        """While an import runs, records land before their batch is indexed: not a mismatch."""
        self._importing += 1
        try:
            yield
        finally:
            self._importing -= 1

    def _library_being_written(self) -> bool:
        owner = self.library.lock.owner()
        return self._importing > 0 or owner not in (None, os.getpid())

    def _sync_problem(self, meta: dict, indexed: int, generation) -> str | None:
        try:
            stamp = (self.library.articles_dir.stat().st_mtime_ns, generation)
        except OSError:
            stamp = (None, generation)
        if stamp == self._verified:
            return None
        ids = self.library.ids()
        skipped = int(meta.get("skipped") or 0)
        if len(ids) != indexed + skipped or ids_digest(ids) != meta.get("digest"):
            return "out of sync with the library"
        self._verified = stamp
        return None

    def ensure_current(self, progress=None) -> bool:
        """Rebuild when missing, corrupt, outdated or stale; True when a rebuild ran."""
        if self.needs_rebuild() is None:
            return False
        # Another thread may be rebuilding already: wait for it, then look again.
        with self._thread_write_lock:
            reason = self.needs_rebuild()
            if reason is None:
                return False
            log.info("Rebuilding the search index (%s).", reason)
            self.rebuild(progress=progress)
            return True

    @contextlib.contextmanager
    def _writing(self):
        if not self._thread_write_lock.acquire(timeout=self.lock_timeout):
            raise LibraryBusy("The search index is busy being rebuilt. Try again shortly.")
        try:
            self.lock.acquire(timeout=self.lock_timeout)
            try:
                yield
            finally:
                self.lock.release()
        finally:
            self._thread_write_lock.release()

    # -- writing -----------------------------------------------------------------------------
    def _open_writers(self):
        from whoosh import index
        from whoosh.index import LockError

        try:
            ix = index.open_dir(str(self.index_dir), indexname=ARTICLES)
            cix = index.open_dir(str(self.index_dir), indexname=CLAIMS)
            options = dict(timeout=self.lock_timeout, delay=0.1, **_writer_options())
            return ix.writer(**options), cix.writer(**options)
        except LockError:
            raise LibraryBusy(
                "The search index is busy: another program is updating it. Try again shortly."
            ) from None

    def add_articles(self, articles: list[Article]) -> None:
        """Index new or changed articles (replacing earlier versions of their documents)."""
        self._update(articles, [])

    def remove_articles(self, ids: list[str]) -> None:
        """Drop articles (and their claims) from the index."""
        self._update([], ids)

    def _update(self, articles: list[Article], removed: list[str]) -> None:
        if not articles and not removed:
            return
        with self._writing():
            if self._structural_problem() is not None:
                self.mark_stale()  # nothing sound to update; the next search rebuilds
                return
            digest = int(self._meta()["digest"], 16)
            writer, cwriter = self._open_writers()
            try:
                present = self._present_ids(writer, [a.id for a in articles] + list(removed))
                for article_id in set(removed) & present:
                    writer.delete_by_term("aid", article_id)
                    cwriter.delete_by_term("aid", article_id)
                    digest ^= id_hash(article_id)
                    present.discard(article_id)
                for article in articles:
                    if article.id in present:  # deleting needs a reader: only when replacing
                        writer.update_document(**article_document(article))
                        cwriter.delete_by_term("aid", article.id)
                    else:
                        writer.add_document(**article_document(article))
                    for doc in claim_documents(article):
                        cwriter.add_document(**doc)
                    digest ^= 0 if article.id in present else id_hash(article.id)
                    present.add(article.id)
            except BaseException:
                writer.cancel()
                cwriter.cancel()
                raise
            writer.commit()
            cwriter.commit()
            self._write_meta(
                self.index_dir, f"{digest:016x}", int(self._meta().get("skipped") or 0)
            )

    @staticmethod
    def _present_ids(writer, ids: list[str]) -> set[str]:
        with writer.searcher() as searcher:
            return {i for i in ids if searcher.document_number(aid=i) is not None}

    def rebuild(self, progress=None, cancelled: Callable[[], bool] | None = None) -> bool:
        """Build the index afresh from the library; False when cancelled (old index kept)."""
        from whoosh import index

        with self._writing():
            building = self.index_dir.with_name(self.index_dir.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            ids = self.library.ids()
            schema, claim_schema = _schemas(self._common_words(ids))
            ix = index.create_in(str(building), schema, indexname=ARTICLES)
            cix = index.create_in(str(building), claim_schema, indexname=CLAIMS)
            indexed = self._fill(ix, cix, ids, progress, cancelled)
            if indexed is None:
                shutil.rmtree(building, ignore_errors=True)
                return False
            self._write_meta(building, ids_digest(ids), len(ids) - indexed)
            self._swap_in(building)
            return True

    def _common_words(self, ids: list[str]) -> frozenset[str]:
        """The archive's common words, from an even sample of its articles (see common_words)."""
        step = max(1, len(ids) // COMMON_SAMPLE)
        texts = []
        for article_id in ids[::step]:
            with contextlib.suppress(LibraryError):
                texts.append(self.library.get(article_id).text)
        return common_words(texts, normalize)

    def _fill(self, ix, cix, ids, progress, cancelled) -> int | None:
        """Add every readable article; the number indexed, or None when cancelled."""
        parallel = len(ids) >= PARALLEL_BUILD_MIN and (os.cpu_count() or 1) > 1
        writer = (
            ix.writer(procs=2, multisegment=True, limitmb=96, **_writer_options())
            if parallel
            else ix.writer(limitmb=96, **_writer_options())
        )
        cwriter = cix.writer(**_writer_options())
        indexed = []
        for done, article_id in enumerate(ids):
            if cancelled and cancelled():
                writer.cancel()
                cwriter.cancel()
                return None
            try:
                article = self.library.get(article_id)
            except LibraryError as exc:
                log.warning("%s", exc)  # left out, so the index is out of sync: rebuilt next time
                continue
            writer.add_document(**article_document(article))
            for doc in claim_documents(article):
                cwriter.add_document(**doc)
            indexed.append(article_id)
            if progress:
                progress(done, len(ids), article.title)
        writer.commit()
        cwriter.commit()
        if progress:
            progress(len(ids), len(ids), "")
        return len(indexed)

    def _swap_in(self, building: Path) -> None:
        with self._search_lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            old = self.index_dir.with_name(f"{self.index_dir.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            if self.index_dir.exists():
                os.replace(self.index_dir, old)
            os.replace(building, self.index_dir)
            shutil.rmtree(old, ignore_errors=True)
            self._verified = None

    # -- searching ---------------------------------------------------------------------------
    def _open_engine(self):
        with self._search_lock:
            if self._engine is None:
                self._engine = _Engine(self.index_dir)
            return self._engine

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        page: int = 1,
        sort: str = "relevance",
        filters: dict | None = None,
        claims: bool = False,
        all_versions: bool = False,
    ) -> SearchResults:
        """Run a query; QueryError for bad syntax. A damaged index is rebuilt and the query retried.

        Older versions of an article (ones a newer version supersedes) are left out of hits,
        totals and facets unless `all_versions`.
        """
        tree = qlang.parse(query)
        if sort not in ("relevance", "date"):
            raise QueryError(f"Unknown sort order {sort!r}: use relevance or date.")
        args = dict(
            limit=max(1, int(limit)),
            page=max(1, int(page)),
            sort=sort,
            filters=filters or {},
            claims=claims,
            all_versions=all_versions,
        )
        try:
            with self._search_lock:
                return self._open_engine().search(query, tree, **args)
        except (QueryError, LibraryBusy):
            raise
        except Exception as exc:  # a damaged index: it is only a cache, so rebuild it
            log.warning("The search index failed (%r); rebuilding it.", exc)
            self.mark_stale()
            self.ensure_current()
            with self._search_lock:
                return self._open_engine().search(query, tree, **args)

    def matching_ids(self, query: str, all_versions: bool = False) -> list[str]:
        """Ids of every current article matching `query` (no paging, no snippets)."""
        tree = qlang.parse(query)
        with self._search_lock:
            return self._open_engine().matching_ids(tree, all_versions)

    def close(self) -> None:
        with self._search_lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None


# -- the search side: query translation, open searchers and their per-generation caches --------
_EXACT_FIELDS = {"language", "kind"}
# Articles: the body field holds the title too (see TITLE_WEIGHT).
_DEFAULT_FIELDS = {False: ("body",), True: ("claim", "speaker")}
_FACET_FIELDS = (
    ("publisher", "f_publisher"),
    ("author", "f_author"),
    ("year", "f_year"),
    ("series", "f_series"),
    ("date", "f_date"),
)
_RESULT_CACHE = 64
_MAX_EXPANSIONS = 200


_DATE_ORDER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DATE_QUERY_CLASS = None


def _dates_of(reader) -> tuple[list[str], list[int]]:
    """(sorted dates, their doc numbers) of one segment reader, cached while it lives."""
    cached = _DATE_ORDER.get(reader)
    if cached is None:
        pairs = sorted(
            (v.decode("utf-8") if isinstance(v, bytes) else v, d)
            for d, v in enumerate(reader.column_reader("f_date"))
            if v and not reader.is_deleted(d)
        )
        cached = _DATE_ORDER[reader] = ([p[0] for p in pairs], [p[1] for p in pairs])
    return cached


def _date_span_query(start: dt.date | None, end: dt.date | None):
    """A query matching articles published in [start, end], read from the sorted date column.

    Whoosh's own DateRange expands into a union of many numeric terms, which cost ~20 ms per
    segment to set up; a bisect over a cached sorted column costs well under one.
    """
    global _DATE_QUERY_CLASS
    if _DATE_QUERY_CLASS is None:
        from whoosh import query as Q
        from whoosh.matching import ListMatcher, NullMatcher

        class DateSpanQuery(Q.Query):
            def __init__(self, low: str, high: str):
                self.low, self.high = low, high

            def __eq__(self, other):
                return type(other) is type(self) and (self.low, self.high) == (
                    other.low,
                    other.high,
                )

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

        _DATE_QUERY_CLASS = DateSpanQuery
    low = start.isoformat() if start else ""
    high = end.isoformat() if end else "\uffff"
    return _DATE_QUERY_CLASS(low, high)


_PHRASE_QUERY_CLASS = None


def _pair_candidates(searcher, words: list[str]) -> set[int] | None:
    """Documents holding every common-word pair of an exact phrase (None: it has none)."""
    schema = searcher.schema
    if "pairs" not in schema:
        return None
    pairs = phrase_pairs(words, schema["pairs"].analyzer.common)
    if not pairs:
        return None
    reader, found = searcher.reader(), None
    for pair in pairs:
        btext = schema["pairs"].to_bytes(pair)
        if ("pairs", btext) not in reader:
            return set()
        ids = set(_leaf_ids(reader.postings("pairs", btext)))
        found = ids if found is None else found & ids
    return found


_SKIP_RATIO = 8  # skip to candidates when a term has 8x more postings than there are candidates


def _postings_values(reader, fieldname: str, btext: bytes) -> dict[int, bytes]:
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


def _values_at(reader, fieldname: str, btext: bytes, docs: list[int]) -> dict[int, bytes]:
    """{doc number: encoded positions} of one term, for those of the sorted `docs` it is in.

    A posting block whose highest doc number is below the next candidate is passed over
    without being decoded (its header says how far it reaches).
    """
    matcher = reader.postings(fieldname, btext)
    if not hasattr(matcher, "_read_ids"):  # wrapped to hide deleted documents
        wanted = set(docs)
        return {d: v for d, v in _postings_values(reader, fieldname, btext).items() if d in wanted}
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


def _phrase_postings(
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
        postings[order[0]] = _postings_values(reader, fieldname, order[0])
        candidates, order = set(postings[order[0]]), order[1:]
    else:
        candidates = set(seed)
    for btext in order:
        if not candidates:
            break
        if len(candidates) * _SKIP_RATIO < reader.doc_frequency(fieldname, btext):
            values = _values_at(reader, fieldname, btext, sorted(candidates))
        else:
            values = _postings_values(reader, fieldname, btext)
        candidates.intersection_update(values)
        postings[btext] = values
    return (
        {b: {d: v[d] for d in candidates} for b, v in postings.items()}
        if candidates
        else {b: {} for b in btexts}
    )


def _phrase_query(fieldname: str, words: list[str], slop: int = 1):
    """A phrase query that checks positions with set operations.

    Whoosh's own phrase matcher builds a Span object for every position of every word in every
    candidate document: ~1.8 s for three common words over 20,000 articles.
    """
    global _PHRASE_QUERY_CLASS
    if _PHRASE_QUERY_CLASS is None:
        from whoosh import query as Q
        from whoosh.matching import ListMatcher, NullMatcher

        class SetPhrase(Q.Phrase):
            def matcher(self, searcher, context=None):
                reader, field = searcher.reader(), searcher.schema[self.fieldname]
                btexts = [field.to_bytes(w) for w in self.words]
                if any((self.fieldname, b) not in reader for b in btexts):
                    return NullMatcher()
                seed = _pair_candidates(searcher, self.words) if self.slop == 1 else None
                postings = _phrase_postings(reader, self.fieldname, btexts, seed)
                ids, counts = [], []
                columns = [postings[b] for b in btexts]
                for doc in sorted(postings[btexts[0]]):
                    if self.slop == 1:
                        count = exact_phrase_count([c[doc] for c in columns])
                    else:
                        lazy = [partial(decode_positions, c[doc]) for c in columns]
                        count = phrase_count(lazy, self.slop)
                    if count:
                        ids.append(doc)
                        counts.append(count)
                if not ids:
                    return NullMatcher()
                # BM25-style saturation of the phrase count, weighted by how rare the phrase is.
                idf = math.log(1 + reader.doc_count_all() / len(ids))
                scores = [self.boost * idf * c * 2.2 / (c + 1.2) for c in counts]
                return ListMatcher(ids, weights=scores)

        _PHRASE_QUERY_CLASS = SetPhrase
    return _PHRASE_QUERY_CLASS(fieldname, words, slop=slop)


class _Translator:
    """Turns a `core.query` tree into a Whoosh query, noting the positive leaves to highlight.

    A plain word is one body term: the body field holds the title too, weighted up.
    """

    def __init__(self, schema, claims: bool):
        self.schema = schema
        self.claims = claims
        self.positives: list = []

    def fields(self, name: str | None) -> tuple[str, ...]:
        if name is None:
            return _DEFAULT_FIELDS[self.claims]
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
            parts = [self.convert(p, negated) for p in node.parts]
            return Q.And(parts) if node.op == "and" else Q.Or(parts)
        if isinstance(node, qlang.Negation):
            inner = Q.Not(self.convert(node.part, not negated))
            return inner
        if isinstance(node, qlang.DateSpan):
            return _date_span_query(node.start, node.end)
        leaves = [self.leaf(node, f) for f in self.fields(node.field)]
        if not negated:
            self.positives.extend(leaves)
        return leaves[0] if len(leaves) == 1 else Q.Or(leaves)

    def leaf(self, node, fieldname: str):
        from whoosh import query as Q

        if fieldname in _EXACT_FIELDS:
            return Q.Term(fieldname, node.text.lower())
        if isinstance(node, qlang.Phrase):
            words = self.tokens(fieldname, node.text, node.pos)
            if len(words) == 1:
                return Q.Term(fieldname, words[0])
            return _phrase_query(fieldname, words, slop=node.slop + 1)
        if node.prefix:
            # The index holds stems ("geopolitical" -> "geopolit"): try the stem of the prefix too.
            texts = sorted({fold(node.text), normalize(node.text)})
            prefixes = [Q.Prefix(fieldname, t) for t in texts]
            return prefixes[0] if len(prefixes) == 1 else Q.Or(prefixes)
        words = self.tokens(fieldname, node.text, node.pos)
        if node.fuzzy:
            fuzzy = [Q.FuzzyTerm(fieldname, w, maxdist=node.fuzzy, prefixlength=1) for w in words]
            return fuzzy[0] if len(fuzzy) == 1 else Q.And(fuzzy)
        return Q.Term(fieldname, words[0]) if len(words) == 1 else _phrase_query(fieldname, words)


def _leaf_ids(matcher) -> list[int]:
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


def _leaf_weights(matcher) -> dict[int, float]:
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


def _fast_docs(searcher, q, memo: dict | None = None) -> set[int] | None:
    """All matches of a query built from terms, AND, OR and NOT, as set operations on posting
    lists (reading ids block by block); None for other queries, which Whoosh iterates itself.
    Each term's {doc: weight} per segment goes into `memo`, for `_scored`.
    """
    from whoosh import query as Q
    from whoosh.reading import TermNotFound

    if isinstance(q, Q.Term):
        found: set[int] = set()
        for sub, offset in searcher.subsearchers or [(searcher, 0)]:
            try:
                weights = _leaf_weights(sub.reader().postings(q.fieldname, q.text))
            except TermNotFound:
                continue
            if memo is not None:
                memo[offset, q.fieldname, q.text] = weights
            found.update(weights if not offset else (d + offset for d in weights))
        return found
    if isinstance(q, Q.Every):
        return set(searcher.reader().all_doc_ids())
    if isinstance(q, (Q.Or, Q.And)):
        positive = [c for c in q.subqueries if not isinstance(c, Q.Not)]
        negative = [c.query for c in q.subqueries if isinstance(c, Q.Not)]
        if isinstance(q, Q.Or) and negative or not positive:
            return None
        parts = [_fast_docs(searcher, c, memo) for c in positive + negative]
        if any(p is None for p in parts):
            return None
        pos, neg = parts[: len(positive)], parts[len(positive) :]
        result = set.union(*pos) if isinstance(q, Q.Or) else set.intersection(*pos)
        return result.difference(*neg) if neg else result
    return None


def _positive_terms(q) -> list | None:
    """The terms whose scores add up to a document's score, for a query of terms joined by
    AND, OR and NOT (None for any other query: Whoosh scores those itself)."""
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        return [q]
    if isinstance(q, Q.Not):
        return [] if _positive_terms(q.query) is not None else None
    if isinstance(q, (Q.And, Q.Or)):
        parts = [_positive_terms(c) for c in q.subqueries]
        return None if any(p is None for p in parts) else [t for p in parts for t in p]
    return None


def _scored(searcher, terms: list, docs: list[int], memo: dict) -> list[tuple[float, int]]:
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
            length = _length_of(reader, term.fieldname)
            for doc in local:
                weight = weights.get(doc)
                if weight is not None:
                    value = score(weight, length(doc)) if score else weight
                    scores[doc + offset] += term.boost * value
    return [(score, doc) for doc, score in scores.items()]


def _length_of(reader, fieldname: str) -> Callable[[int], int]:
    """The field length of a document, from the in-memory column where there is one."""
    from whoosh.util.numeric import byte_to_length

    perdoc = getattr(reader, "_perdoc", None)
    lengths = getattr(perdoc, "_readers", {}).get(f"_{fieldname}_len")
    if not isinstance(lengths, bytes):
        return lambda doc: reader.doc_field_length(doc, fieldname, 1)
    return lambda doc: byte_to_length(lengths[doc]) if lengths[doc] else 1


def _rank(item: tuple[float, int]) -> tuple[float, int]:
    """Whoosh's order: higher score first, then lower document number."""
    return item[0], -item[1]


def _scores_every_match(q) -> bool:
    from whoosh import query as Q

    return any(isinstance(leaf, Q.Phrase) for leaf in q.leaves())


def _lengths_in_memory(reader) -> None:
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
                    perdoc._readers[name] = _column_bytes(column, leaf.doc_count_all())


def _column_bytes(column, doc_count: int) -> bytes:
    """A one-byte-per-document column read in one piece (Whoosh's `load` reads byte by byte)."""
    raw = column._dbfile.get(column._basepos, column._count)
    return bytes(raw) + bytes(max(0, doc_count - column._count))


class _View:
    """One open searcher (articles or claims) with caches that live as long as its generation."""

    def __init__(self, ix):
        self.searcher = ix.searcher()
        self._reset()

    def _reset(self) -> None:
        _lengths_in_memory(self.searcher.reader())
        self._columns: dict | None = None
        self.ids: list | None = None
        self.filter_sets: dict = {}
        self._superseded: frozenset[str] | None = None
        self._hidden: dict[frozenset, frozenset[int]] = {}
        self.results: OrderedDict = OrderedDict()

    def current(self):
        """The searcher, refreshed when a writer committed since (searches go on meanwhile)."""
        if not self.searcher.up_to_date():
            self.searcher = self.searcher.refresh()
            self._reset()
        return self.searcher

    def columns(self) -> dict[str, list]:
        """Facet values by document number, read from Whoosh columns once per generation."""
        if self._columns is None:
            self._columns = {name: self.column(fieldname) for name, fieldname in _FACET_FIELDS}
        return self._columns

    def column(self, fieldname: str) -> list:
        """The value of a sortable field for every document number (None when empty)."""
        reader = self.searcher.reader()
        if not reader.has_column(fieldname):
            return [None] * reader.doc_count_all()
        return [
            (v.decode("utf-8") if isinstance(v, bytes) else v) or None
            for v in reader.column_reader(fieldname)
        ]

    def allowed(self, filters: dict) -> set | None:
        """Documents whose facet values pass the GUI's facet check boxes (None: no filter)."""
        chosen = {k: frozenset(v) for k, v in filters.items() if v}
        if not chosen:
            return None
        key = frozenset(chosen.items())
        if key not in self.filter_sets:
            unknown = set(chosen) - {name for name, _ in _FACET_FIELDS}
            if unknown:
                raise QueryError(f"Unknown facet {sorted(unknown)[0]!r}.")
            columns, allowed = self.columns(), None
            for name, values in chosen.items():
                if name == "author":
                    docs = {
                        d
                        for d, v in enumerate(columns[name])
                        if v and values.intersection(v.split(MULTI_SEP))
                    }
                else:
                    docs = {d for d, v in enumerate(columns[name]) if v in values}
                allowed = docs if allowed is None else allowed & docs
            self.filter_sets[key] = allowed
        return self.filter_sets[key]

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
        if superseded not in self._hidden:
            if self.ids is None:
                self.ids = self.column("aid")
            self._hidden[superseded] = frozenset(
                d for d, aid in enumerate(self.ids) if aid in superseded
            )
        return self._hidden[superseded]

    def close(self) -> None:
        self.searcher.close()


class _Engine:
    """The open article and claim searchers of one index folder."""

    def __init__(self, index_dir: Path):
        from whoosh import index

        _fix_whoosh()
        self.views = {
            claims: _View(index.open_dir(str(index_dir), indexname=name))
            for claims, name in ((False, ARTICLES), (True, CLAIMS))
        }

    def doc_count(self) -> int:
        return self.views[False].current().doc_count()

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
    def _top(searcher, q, docs, columns, page, allowed, hidden):
        """(score, docnum) of the page, by relevance (top-N with block skipping) or date."""
        first, limit, sort = page
        mask = set(hidden) or None  # Whoosh accepts a set, not a frozenset
        if sort != "date":
            return searcher.search(q, limit=first + limit, filter=allowed, mask=mask).top_n[first:]
        dates = columns["date"]
        ordered = heapq.nlargest(first + limit, docs, key=lambda d: (dates[d] or "", -d))
        chosen = ordered[first:]
        scored = searcher.search(q, limit=len(chosen) or 1, filter=set(chosen))
        scores = {d: s for s, d in scored.top_n}
        return [(scores.get(d, 0.0), d) for d in chosen]

    def matching_ids(self, tree, all_versions: bool = False) -> list[str]:
        """Article ids of every match of a parsed query."""
        view = self.views[False]
        searcher = view.current()
        hidden = self.hidden(view, all_versions)
        if view.ids is None:
            view.ids = view.column("aid")
        q = _Translator(searcher.schema, False).convert(tree)
        return [view.ids[d] for d in searcher.docs_for_query(q) if d not in hidden]

    def search(self, query: str, tree, *, limit, page, sort, filters, claims, all_versions):
        """One page of results (cached per searcher generation)."""
        view = self.views[claims]
        searcher = view.current()
        hidden = self.hidden(view, all_versions)
        chosen = frozenset((k, frozenset(v)) for k, v in filters.items())
        key = (query, limit, page, sort, chosen, hidden)
        if key in view.results:
            view.results.move_to_end(key)
            return view.results[key]
        translator = _Translator(searcher.schema, claims)
        q = translator.convert(tree)
        allowed, columns = view.allowed(filters), view.columns()
        first = (page - 1) * limit
        if sort == "relevance" and _scores_every_match(q):
            # Phrases cannot skip blocks: score every match once and keep them all.
            everything = searcher.search(q, limit=None, filter=allowed, mask=set(hidden) or None)
            docs = list(everything.docs())
            top = everything.top_n[first : first + limit]
        else:
            memo: dict = {}
            docs = _fast_docs(searcher, q, memo)
            fast = docs is not None
            if docs is None:
                docs = searcher.docs_for_query(q)
            docs = [d for d in docs if (allowed is None or d in allowed) and d not in hidden]
            terms = _positive_terms(q) if sort == "relevance" and fast else None
            if terms:
                scored = _scored(searcher, terms, docs, memo)
                best = heapq.nlargest(first + limit, scored, key=_rank)
                top = best[first:]
            else:
                top = self._top(searcher, q, docs, columns, (first, limit, sort), allowed, hidden)
        hits = _HitMaker(searcher, translator.positives, claims).make(top)
        result = SearchResults(
            query, len(docs), hits, count_facets(docs, columns), page, limit, sort
        )
        view.results[key] = result
        if len(view.results) > _RESULT_CACHE:
            view.results.popitem(last=False)
        return result


class _HitMaker:
    """Builds hits: the best paragraph from term positions, then a snippet from it."""

    def __init__(self, searcher, positives: list, claims: bool):
        self.searcher = searcher
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
                expanded = leaf.expanded_terms(reader)
                for _, btext in itertools.islice(expanded, _MAX_EXPANSIONS):
                    terms.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
        return terms

    def matches(self, word: str) -> bool:
        return normalize(word) in self.terms

    def _positions(self, docnums: list[int]) -> dict[int, dict[str, list[int]]]:
        from whoosh.reading import TermNotFound

        reader = self.searcher.reader()
        found: dict[int, dict[str, list[int]]] = {d: {} for d in docnums}
        ordered = sorted(docnums)
        for term in self.terms:
            try:
                matcher = reader.postings("body", term)
            except TermNotFound:
                continue
            for docnum in ordered:
                if matcher.is_active() and matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
                if matcher.id() == docnum:
                    found[docnum][term] = matcher.value_as("positions")
        return found

    def make(self, top: list[tuple[float, int]]) -> list[Hit]:
        if self.claims:
            return [self._claim_hit(score, d) for score, d in top]
        positions = self._positions([d for _, d in top])
        return [self._article_hit(score, d, positions[d]) for score, d in top]

    def _article_hit(self, score: float, docnum: int, positions) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        key, title, publisher, published, starts, blob, count = stored["info"]
        positions = {t: [p for p in ps if p < count] for t, ps in positions.items()}
        paragraph = best_paragraph(starts, positions)
        paragraphs = zlib.decompress(blob).decode("utf-8").split(PARAGRAPH_SEP)
        text = paragraphs[paragraph - 1] if paragraph <= len(paragraphs) else ""
        words = paragraph_words(starts, paragraph, positions)
        snippet, plain = make_snippet(text, indices=words)
        return Hit(
            stored["aid"],
            key,
            title,
            publisher,
            published,
            round(float(score), 4),
            paragraph,
            snippet,
            plain,
        )

    def _claim_hit(self, score: float, docnum: int) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        key, title, publisher, published, paragraph, content, details = stored["info"]
        snippet, plain = make_snippet(content, self.matches)
        return Hit(
            stored["aid"],
            key,
            title,
            publisher,
            published,
            round(float(score), 4),
            paragraph,
            snippet,
            plain,
            claim=details,
        )
