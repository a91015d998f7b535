"""The PostgreSQL search backend: a team library's search documents in its own database.

It implements `core.search.backend.SearchBackend` on the tables of schema step v0002: the
same documents `core.search.documents` makes for the Whoosh index, their words analysed by the
same analyzers (`search_text`), queries translated to SQL by `search_query`. Matching equals
the Whoosh backend's; ranking is PostgreSQL's `ts_rank` on each article's words vector (title
words weighted A, then by how often a word is used) or a claim's two, not BM25.

Writers serialise on the one `search_state` row (each write is one transaction), so several
workstations can index at once; a rebuild replaces every row in one transaction while
searches go on reading the old rows. A search reads one snapshot (REPEATABLE READ, read only),
so its page, total and facet counts agree and it can run on a read replica.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from itertools import chain, islice

import psycopg

from briefing_app.core.errors import LibraryBusy
from briefing_app.core.search import documents
from briefing_app.core.search.backend import IndexState, Prepared, SearchRequest
from briefing_app.core.search.documents import (
    PARAGRAPH_SEP,
    claim_details,
    claims_key,
    stored_text,
)
from briefing_app.core.search.results import (
    FACETS,
    MAX_FACET_VALUES,
    MULTI_FACETS,
    MULTI_SEP,
    WORD,
    Hit,
    SearchResults,
    best_paragraph,
    make_snippet,
    paragraph_words,
)
from briefing_app.core.team import connection, schema
from briefing_app.core.team.search_query import Positives, Translator, check_filters
from briefing_app.core.team.search_text import (
    ARTICLE_FIELDS,
    CLAIM_FIELDS,
    keywords,
    parts,
    pg_text,
    words_vector,
)
from briefing_app.core.team.transactions import ThreadConnections

log = logging.getLogger(__name__)

# Bumped whenever the analysis or the layout of the rows changes: the rows are then rebuilt.
ANALYSIS_VERSION = 3  # 2: articles' words vectors (schema step v0007), 3: claims' (v0008)
BATCH = 200  # articles written per COPY round
PIPELINED = 2  # an import's batches whose rows worker processes make at once
SEARCH_WORK_MEM = "16MB"  # a search's work_mem at least (see `Backend._reading`)
# pg_advisory_lock key of "articles are changing": "BRFC". A desk holds it (shared) from
# storing or removing articles until its search rows follow (an import, a delete, a trash);
# a desk finding the rows out of step with the library rebuilds them only when no desk does.
CHANGING_KEY = 0x42524643
FACET_COLUMNS = {
    "publisher": "f_publisher",
    "author": "f_author",
    "year": "f_year",
    "series": "f_series",
    "date": "f_date",
    "tag": "f_tag",
    "collection": "f_collection",
}
# ts_rank's weights of the word classes D, C, B, A (its defaults; `search_text.words_vector`
# classes an article's words), and each less D's: the weights on `rank_words` (step v0009).
CLASS_WEIGHTS = (0.1, 0.2, 0.4, 1.0)
ABOVE_ONCE = "{" + ", ".join(f"{w - CLASS_WEIGHTS[0]:.6g}" for w in CLASS_WEIGHTS) + "}"
# What each word used once adds: ts_rank gives an OR's words each their weight over
# 1.64493406685 (π²/6, its bound for a word's many positions), and averages over the words.
ONCE = CLASS_WEIGHTS[0] / 1.64493406685
TABLES = ("search_text", "search_claims", "search_articles", "search_vocabulary")
_ARTICLE_COLUMNS = (
    "aid", "key", "title", "publisher", "published", "paragraph_starts", "paragraphs",
    "word_count", "claims", "supersedes", "language", "collection", "f_publisher", "f_author",
    "f_year", "f_series", "f_date", "f_tag", "f_collection", "words", "words_complete",
)  # fmt: skip


def id_hash(article_id: str) -> int:
    """The first 64 bits of the id's SHA-256: what `briefing_id_hash` (schema step v0005)
    computes in the database, so the library's digest and the index's can be compared."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16], 16)


def ids_digest(ids) -> str:
    """An order-free digest of a set of ids (XOR of `id_hash`, as `library_state` keeps it)."""
    return documents.ids_digest(ids, id_hash)


class _Cancelled(Exception):
    """A rebuild was cancelled: its transaction is rolled back."""


def _multi(value: str | None) -> list[str]:
    return [pg_text(v) for v in (value or "").split(MULTI_SEP) if v]


def rows_of(
    item: Prepared, with_claims: bool = True
) -> tuple[tuple, list[tuple], list[tuple], set[str]]:
    """(article row, claim rows, text rows, words) of one prepared article; without
    `with_claims`, its claims' rows are left out (those indexed are kept)."""
    doc = item.article
    key, title, publisher, published, starts, paragraphs, count, claims = doc["info"]
    single = {name: pg_text(doc.get(name)) for name in ("f_publisher", "f_year", "f_series")}
    words = words_vector("body", doc.get("body") or "")
    article = (
        item.id, pg_text(key or ""), pg_text(title or ""), pg_text(publisher or ""),
        pg_text(published or ""), list(starts), paragraphs, count, claims,
        doc.get("f_supersedes"), keywords(doc.get("language", "")),
        keywords(doc.get("collection", "")), single["f_publisher"], _multi(doc.get("f_author")),
        single["f_year"], single["f_series"], doc.get("f_date"), _multi(doc.get("f_tag")),
        _multi(doc.get("f_collection")), words.literal, words.complete,
    )  # fmt: skip
    texts, words = [], set()
    for name in ARTICLE_FIELDS:
        for number, part in enumerate(parts(name, doc.get(name) or "")):
            texts.append((item.id, -1, name, number, part.literal, part.base))
            words |= part.words
    claim_rows = []
    for claim in item.claims if with_claims else ():
        number = claim["number"]
        said = words_vector("claim", claim.get("claim") or "")
        by = words_vector("speaker", claim.get("speaker") or "")
        claim_rows.append(
            (item.id, number, keywords(claim.get("kind", "")), said.literal, by.literal,
             said.complete and by.complete)
        )  # fmt: skip
        for name in CLAIM_FIELDS:
            for part_number, part in enumerate(parts(name, claim.get(name) or "")):
                texts.append((item.id, number, name, part_number, part.literal, part.base))
                words |= part.words
    return article, claim_rows, texts, words


def batch_rows(prepared: list[Prepared]) -> list[tuple]:
    """`rows_of` each article of a batch, with its claims: run in an import's worker."""
    return [rows_of(item) for item in prepared]


@dataclass
class _Batch:
    """An import's batch whose rows a worker process is making."""

    future: Future
    prepared: list[Prepared]


class Backend:
    """A team library's search documents in PostgreSQL (see `backend.SearchBackend`).

    `connect` opens a new connection in autocommit mode (each operation runs its own
    transaction); it is called again after `close()` or a lost connection."""

    def __init__(self, connect: Callable[[], psycopg.Connection], *, lock_timeout: float = 3.0):
        self.connect = connect
        self.lock_timeout = lock_timeout
        # One per thread: the window runs a search and its matching ids at once, and each
        # opens its own read-only transaction.
        self._connections = ThreadConnections(connect)
        # An import's batches whose rows are being made in its worker processes, in order,
        # each kept until written; only the import's thread adds and writes them (`add` with
        # its executor, `flush`).
        self._pending: list[_Batch] = []

    def conn(self) -> psycopg.Connection:
        return self._connections.get()

    def warm(self) -> None:
        """Nothing to read ahead: the server keeps its own caches."""

    def close(self) -> None:
        self._connections.close()

    @contextlib.contextmanager
    def changing(self):
        """Mark the library as changing for the block, on a connection of its own: the
        mark ends with the block, or with the connection when this desk's process dies."""
        conn = self.connect()
        try:
            conn.execute("SELECT pg_advisory_lock_shared(%s)", (CHANGING_KEY,))
            yield
        finally:
            conn.close()

    def being_changed(self) -> bool:
        """Whether any desk holds the changing mark (this one included: each block holds
        it on a connection of its own)."""
        conn = self.conn()
        with conn.transaction():
            (free,) = conn.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (CHANGING_KEY,)
            ).fetchone()
        return not free

    # -- state ---------------------------------------------------------------------------------
    ids_digest = staticmethod(ids_digest)  # SHA-256 based, as the database's library_state

    def _tables_exist(self, conn) -> bool:
        return conn.execute("SELECT to_regclass('search_state') IS NOT NULL").fetchone()[0]

    def needs_rebuild(self) -> str | None:
        conn = self.conn()
        if not self._tables_exist(conn):
            return "missing"
        row = conn.execute("SELECT analysis FROM search_state WHERE id = 1").fetchone()
        if row is None:
            return "missing"
        if row[0] != ANALYSIS_VERSION:
            return "old schema"
        return None

    def damage(self) -> str | None:
        """Never a damaged file: the documents are rows the server keeps with its own
        checksums and WAL, and a failing query is reported as the error it is."""
        return None

    def state(self) -> IndexState:
        """The indexed ids' digest and count from the one state row (every write keeps them)."""
        digest, skipped, count, generation = (
            self.conn()
            .execute("SELECT digest, skipped, indexed, generation FROM search_state WHERE id = 1")
            .fetchone()
        )
        return IndexState(digest=digest, skipped=skipped, count=count, generation=generation)

    def _lock_state(self, conn) -> tuple[int, int, int] | None:
        """Take the state row for this write transaction: (digest, skipped, indexed), None
        when there is none."""
        conn.execute(
            "SELECT set_config('lock_timeout', %s, true)", (f"{int(self.lock_timeout * 1000)}ms",)
        )
        try:
            row = conn.execute(
                "SELECT digest, skipped, indexed FROM search_state WHERE id = 1 FOR UPDATE"
            ).fetchone()
        except psycopg.errors.LockNotAvailable:
            raise LibraryBusy(
                "The search index is busy: another workstation is updating it. Try again shortly."
            ) from None
        return None if row is None else (int(row[0], 16), row[1], row[2])

    @staticmethod
    def _save_state(conn, digest: int, skipped: int, indexed: int) -> None:
        conn.execute(
            "INSERT INTO search_state (id, digest, skipped, indexed, analysis, generation)"
            " VALUES (1, %s, %s, %s, %s, 1)"
            " ON CONFLICT (id) DO UPDATE SET digest = excluded.digest,"
            " skipped = excluded.skipped, indexed = excluded.indexed,"
            " analysis = excluded.analysis, generation = search_state.generation + 1",
            (f"{digest:016x}", skipped, indexed, ANALYSIS_VERSION),
        )

    def _prepare_tables(self, conn) -> None:
        """The schema, migrated when this database has never been set up."""
        if not self._tables_exist(conn):
            schema.migrate(conn)

    # -- writing -------------------------------------------------------------------------------
    def rebuild(
        self,
        parts: list[Callable[[], Iterable[Prepared | None]]],
        *,
        digest: str,
        sample: list[str],
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, str], None] | None = None,
    ) -> int | None:
        """Replace every row in one transaction, the parts read one after another here (the
        server does the indexing, so worker processes would only wait on it; `sample` is not
        needed: PostgreSQL keeps no common-word pairs and analyses nothing itself)."""
        prepared = chain.from_iterable(part() for part in parts)
        conn = self.conn()
        self._prepare_tables(conn)
        indexed = skipped = 0
        try:
            with conn.transaction():
                self._lock_state(conn)
                for table in TABLES:
                    conn.execute(f"DELETE FROM {table}")
                items = iter(prepared)
                while batch := list(islice(items, BATCH)):
                    if cancelled and cancelled():
                        raise _Cancelled
                    good = [item for item in batch if item is not None]
                    skipped += len(batch) - len(good)
                    self._write(conn, good)
                    indexed += len(good)
                    if progress:
                        progress(len(batch), good[-1].title if good else "")
                    if cancelled and cancelled():
                        raise _Cancelled
                self._save_state(conn, int(digest, 16), skipped, indexed)
                # Fresh statistics, so the planner sees the tables as they now are (a plan made
                # for empty tables scans every part once per article).
                conn.execute(f"ANALYZE {', '.join(TABLES)}")
        except _Cancelled:
            return None
        return indexed

    def add(self, prepared: list[Prepared], executor: Executor | None = None) -> None:
        """Index `prepared`, in one transaction. With an `executor` (an import's worker
        processes) the rows are made there, the words analysed into tsvectors being most of
        what an import costs this process; they are written in order by a later `add` or by
        `flush`."""
        if executor is None or not prepared:  # (on any thread: the pending are not written)
            self._index(lambda: prepared)
            return
        while self._pending and (self._pending[0].future.done() or len(self._pending) >= PIPELINED):
            self._write_oldest()
        try:
            future = executor.submit(batch_rows, prepared)
        except Exception as exc:  # a broken or closed pool: the rows are made here
            log.info("Making search rows here, not in a worker (%r).", exc)
            self.flush()
            self._index(lambda: prepared)
            return
        self._pending.append(_Batch(future, prepared))

    def _write_oldest(self) -> None:
        batch = self._pending[0]
        try:
            made = batch.future.result()
        except Exception as exc:  # a worker died or failed: the rows are made here
            log.warning("Making search rows in a worker failed (%r); making them here.", exc)
            made = None
        rows = dict(zip((p.id for p in batch.prepared), made, strict=True)) if made else {}
        self._index(lambda: batch.prepared, rows, new_only=True)
        self._pending.pop(0)

    def add_current(self, ids: list[str], read: Callable[[list[str]], list[Prepared]]) -> None:
        """Index these articles again as they are once this desk holds the index for writing:
        `read(ids)` reads and prepares them then (leaving out any deleted meanwhile).

        Every desk re-indexes an article after changing it. Read before taking the index, the
        reading of a desk whose change came first could be written after the reading of a
        desk whose change came second, and the search rows would lack the second change.
        Index writes take their turns on `search_state`, so a reading taken inside that turn
        is at least as new as every change whose own re-index has not yet run."""
        self._index(lambda: read(ids))

    def _index(
        self, make: Callable[[], list[Prepared]], made: dict | None = None, new_only: bool = False
    ) -> None:
        """Write the articles `make()` gives, in one transaction, in this desk's turn (with
        `made`, the rows of some made already, by id; `new_only`, see `_still_new`)."""
        conn = self.conn()
        self._prepare_tables(conn)
        with conn.transaction():
            conn.execute(
                "INSERT INTO search_state (id, digest, skipped, analysis)"
                " VALUES (1, %s, 0, %s) ON CONFLICT (id) DO NOTHING",
                (f"{0:016x}", ANALYSIS_VERSION),
            )
            digest, skipped, indexed = self._lock_state(conn)
            prepared = make()
            if new_only:
                prepared = self._still_new(conn, prepared)
            if not prepared:
                return
            latest = {p.id: p for p in prepared}  # the last of repeated ids wins
            ids = list(latest)
            kept = self._unchanged_claims(conn, list(latest.values()))
            present = self._drop(conn, ids, kept)
            for article_id in set(ids) - present:
                digest ^= id_hash(article_id)
            self._write(conn, list(latest.values()), kept, made)
            self._save_state(conn, digest, skipped, indexed + len(set(ids) - present))

    @staticmethod
    def _still_new(conn, prepared: list[Prepared]) -> list[Prepared]:
        """Of an import's articles read when they were stored, those still in the library
        and not indexed since (asked in this desk's turn to write).

        A batch's rows are made in a worker while the import goes on, so they can be older
        than a change written meanwhile, by this desk or another: an article tagged,
        corrected or indexed again has rows written after it was stored, and those are at
        least as new as these; an article deleted or put in the trash must not come back.
        Each import stores only articles it is the first to store, so a row already there
        was written since."""
        if not prepared:
            return []
        fresh = {
            aid
            for (aid,) in conn.execute(
                "SELECT a.id FROM live_articles AS a WHERE a.id = ANY(%s)"
                " AND NOT EXISTS (SELECT 1 FROM search_articles AS s WHERE s.aid = a.id)",
                ([p.id for p in prepared],),
            )
        }
        return [p for p in prepared if p.id in fresh]

    @staticmethod
    def _unchanged_claims(conn, items: list[Prepared]) -> set[str]:
        """The articles whose indexed claim rows stay as they are: the same text and claim
        details as the row indexed (see `documents.claims_key`)."""
        keys = {item.id: claims_key(item.article.get("info")) for item in items}
        rows = conn.execute(
            "SELECT aid, paragraphs, claims FROM search_articles WHERE aid = ANY(%s)",
            ([i for i, key in keys.items() if key],),
        ).fetchall()
        return {aid for aid, text, claims in rows if keys[aid] == (bytes(text), bytes(claims))}

    def flush(self) -> None:
        """Write the batches whose rows worker processes were making, oldest first."""
        while self._pending:
            self._write_oldest()

    def remove(self, ids: list[str]) -> None:
        conn = self.conn()
        if not self._tables_exist(conn):
            return
        with conn.transaction():
            state = self._lock_state(conn)
            if state is None:
                return
            digest, skipped, indexed = state
            gone = self._drop(conn, list(dict.fromkeys(ids)))
            for article_id in gone:
                digest ^= id_hash(article_id)
            self._save_state(conn, digest, skipped, indexed - len(gone))

    @staticmethod
    def _drop(conn, ids: list[str], kept: set[str] = frozenset()) -> set[str]:
        """Delete these articles' rows (the claim rows of those `kept` excepted); the ids
        that were indexed."""
        gone = conn.execute(
            "DELETE FROM search_articles WHERE aid = ANY(%s) RETURNING aid", (ids,)
        ).fetchall()
        dropped = [i for i in ids if i not in kept]
        conn.execute("DELETE FROM search_claims WHERE aid = ANY(%s)", (dropped,))
        conn.execute(
            "DELETE FROM search_text WHERE aid = ANY(%s) AND (claim = -1 OR aid = ANY(%s))",
            (ids, dropped),
        )
        return {aid for (aid,) in gone}

    @staticmethod
    def _write(conn, items: list[Prepared], kept: set[str] = frozenset(), made=None) -> None:
        """COPY the rows of `items` (those in `made` made already, with their claims)."""
        articles, claims, texts, words = [], [], [], set()
        for item in items:
            if made and item.id in made:
                article, claim_rows, text_rows, item_words = made[item.id]
                if item.id in kept:  # its indexed claim rows stay
                    claim_rows, text_rows = [], [r for r in text_rows if r[1] == -1]
            else:
                article, claim_rows, text_rows, item_words = rows_of(item, item.id not in kept)
            articles.append(article)
            claims.extend(claim_rows)
            texts.extend(text_rows)
            words |= item_words
        with conn.cursor() as cur:
            columns = ", ".join(_ARTICLE_COLUMNS)
            with cur.copy(f"COPY search_articles ({columns}) FROM STDIN") as copy:
                for row in articles:
                    copy.write_row(row)
            with cur.copy(
                "COPY search_claims (aid, claim, kind, claim_words, speaker_words,"
                " words_complete) FROM STDIN"
            ) as copy:
                for row in claims:
                    copy.write_row(row)
            with cur.copy(
                "COPY search_text (aid, claim, field, part, tsv, base) FROM STDIN"
            ) as copy:
                for row in texts:
                    copy.write_row(row)
            ordered = sorted(words)  # one order for every writer: no deadlock between them
            cur.execute(
                "INSERT INTO search_vocabulary (word, first, length)"
                " SELECT * FROM unnest(%s::text[], %s::text[], %s::integer[])"
                " ON CONFLICT (word) DO NOTHING",
                (ordered, [w[:1] for w in ordered], [len(w) for w in ordered]),
            )

    # -- searching -----------------------------------------------------------------------------
    def _where(self, translator: Translator, tree, all_versions: bool, filters: dict):
        """The WHERE clause (and its parameters) of a search over `a` or `c` rows."""
        check_filters(filters)
        sql, params = translator.condition(tree)
        clauses = [sql]
        own = "c" if translator.claims else "a"
        if not all_versions:  # older versions of an article are left out
            clauses.append(
                f"{own}.aid NOT IN (SELECT supersedes FROM search_articles"
                " WHERE supersedes IS NOT NULL)"
            )
        for name, values in filters.items():
            if not values:
                continue
            column = FACET_COLUMNS[name]
            test = f"{column} && %s::text[]" if name in MULTI_FACETS else f"{column} = ANY(%s)"
            if translator.claims:  # a claim search reads no article row to match
                clauses.append(f"c.aid IN (SELECT aid FROM search_articles WHERE {test})")
            else:
                clauses.append(f"a.{test}")
            params.append(sorted(pg_text(v) for v in values))
        return " AND ".join(clauses), params

    @staticmethod
    def _reading(conn, claims: bool) -> Translator:
        """Start a search's read-only snapshot; its translator, on the words vectors when
        every searched document's (article's or claim's) is complete in this snapshot."""
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # Memory enough for the bitmap of matching rows to stay exact: past its work_mem
        # PostgreSQL keeps whole pages instead of rows, and rechecks every row on them: for
        # a phrase, the positions of every part. At 100,000 articles the server's default
        # 4 MB held 44,670 of the 78,093 pages of "the government said", and 1.5 million
        # parts were rechecked instead of 63,000. A server set higher is left as it is.
        conn.execute(
            "SELECT set_config('work_mem', %s, true)"
            " WHERE pg_size_bytes(current_setting('work_mem')) < pg_size_bytes(%s)",
            (SEARCH_WORK_MEM, SEARCH_WORK_MEM),
        )
        table = "search_claims" if claims else "search_articles"
        incomplete = conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE NOT words_complete)"
        ).fetchone()[0]
        return Translator(conn, claims=claims, words=not incomplete)

    @staticmethod
    def _plan_for_words(conn, translator: Translator) -> None:
        """Have the words vectors read through their GIN index even for a common word.

        The planner prices testing a vector like any operator, so for a word in most articles
        it prefers reading every row and testing each vector (tens of milliseconds per 10,000
        articles, each vector fetched from TOAST) to the index, which answers without
        reading a vector at all. The setting lasts for this read-only transaction."""
        if translator.used_words:
            conn.execute("SET LOCAL enable_seqscan = off")

    def matching_ids(self, tree, all_versions: bool = False, filters=None) -> list[str]:
        conn = self.conn()
        with conn.transaction():
            translator = self._reading(conn, claims=False)
            where, params = self._where(translator, tree, all_versions, filters or {})
            self._plan_for_words(conn, translator)
            rows = conn.execute(
                f"SELECT a.aid FROM search_articles a WHERE {where}", params
            ).fetchall()
        return [aid for (aid,) in rows]

    def search(self, request: SearchRequest) -> SearchResults:
        conn = self.conn()
        with conn.transaction():
            translator = self._reading(conn, claims=request.claims)
            where, params = self._where(
                translator, request.tree, request.all_versions, request.filters
            )
            self._plan_for_words(conn, translator)
            sql, params = self._statement(request, translator.positives, where, params)
            rows = conn.execute(sql, params).fetchall()
            total, page, facets = 0, [], {name: [] for name in FACETS}
            for kind, aid, claim, score, value, number in rows:
                if kind == "total":
                    total = number
                elif kind == "hit":
                    page.append((number, aid, claim, score))
                else:
                    facets[kind].append((value, number))
            page.sort()
            hits = self._hits(conn, request.claims, translator.positives, page)
        return SearchResults(
            request.query, total, hits, facets, request.page, request.limit, request.sort
        )

    @staticmethod
    def _statement(request: SearchRequest, positives: Positives, where: str, params: list):
        """One statement: the page of hits, the total and every facet's counts, read from
        the matches computed once."""
        score, rank_params = _score(request.claims, positives)
        facet_columns = ", ".join(f"a.{c}" for c in FACET_COLUMNS.values())
        if request.claims:
            # A claim's facets are its article's: the matching claims are counted per
            # article, and each article's row is read once, not once per claim.
            matches = (
                f"WITH m AS MATERIALIZED (SELECT c.aid, c.claim, {score} AS score"
                f" FROM search_claims c WHERE {where}),"
                " per AS (SELECT aid, count(*) AS n FROM m GROUP BY aid),"
                f" f AS MATERIALIZED (SELECT per.n, {facet_columns}"
                " FROM per JOIN search_articles a ON a.aid = per.aid)"
            )
            ranked = "m"
            if request.sort == "date":
                ranked = "(SELECT m.*, a.f_date FROM m JOIN search_articles a USING (aid)) AS d"
            facets, counted = "f", "sum(x.n)::bigint"
        else:
            matches = (
                f"WITH m AS MATERIALIZED (SELECT a.aid, -1 AS claim, {score} AS score,"
                f" {facet_columns} FROM search_articles a WHERE {where})"
            )
            ranked, facets, counted = "m", "m", "count(*)"
        order = (
            "score DESC, aid, claim"
            if request.sort != "date"
            else "f_date DESC NULLS LAST, aid, claim"
        )
        # The page is the first rows of a bounded sort (a top-N heap), numbered after:
        # numbering every match would sort them all.
        hits = (
            "SELECT * FROM (SELECT 'hit'::text, aid, claim, score, NULL::text,"
            f" row_number() OVER (ORDER BY {order})"
            f" FROM (SELECT * FROM {ranked} ORDER BY {order} LIMIT %s OFFSET %s) AS page)"
            " AS hits"
        )
        first = (request.page - 1) * request.limit
        values = [*rank_params, *params, request.limit, first]
        selects = [hits, "SELECT 'total', NULL, NULL, NULL, NULL, count(*) FROM m"]
        for name in FACETS:
            column = FACET_COLUMNS[name]
            if name in MULTI_FACETS:  # an empty array (most articles' tags) is not unnested
                source = f"{facets} x, unnest(x.{column}) AS v(value)"
                kept = f"cardinality(x.{column}) > 0 AND "
            else:
                weight = ", n" if request.claims else ""
                source = f"(SELECT {column} AS value{weight} FROM {facets}) AS x"
                kept = ""
            selects.append(
                f"(SELECT '{name}', NULL, NULL, NULL, value, {counted} FROM {source}"
                f" WHERE {kept}value IS NOT NULL AND value <> '' GROUP BY value"
                f' ORDER BY {counted} DESC, value COLLATE "C" LIMIT {MAX_FACET_VALUES})'
            )
        return matches + " " + " UNION ALL ".join(selects), values

    def _hits(self, conn, claims: bool, positives: Positives, page: list) -> list[Hit]:
        if not page:
            return []
        aids = sorted({aid for _, aid, _, _ in page})
        rows = conn.execute(
            "SELECT aid, key, title, publisher, published, paragraph_starts, paragraphs,"
            " word_count, claims FROM search_articles WHERE aid = ANY(%s)",
            (aids,),
        ).fetchall()
        info = {row[0]: row[1:] for row in rows}
        if claims:
            return [self._claim_hit(info[aid], aid, number, score, positives)
                    for _, aid, number, score in page]  # fmt: skip
        stored = self._matched_positions(conn, aids, positives)
        return [
            self._article_hit(info[aid], aid, score, positives, stored.get(aid))
            for _, aid, _, score in page
        ]

    @staticmethod
    def _matched_positions(conn, aids: list[str], positives: Positives) -> dict:
        """{aid: {word: positions in the body}} of the query's matched words, read from the
        stored parts as the Whoosh backend reads its postings (title words, stored after the
        body's, are dropped by the caller). An article with a part written before its base
        was stored (schema v0006) is left out: its words are found in its paragraphs."""
        found: dict[str, dict[str, set[int]]] = {aid: {} for aid in aids}
        unknown: set[str] = set()
        if not (positives.terms or positives.prefixes):
            return found
        rows = conn.execute(
            "SELECT t.aid, t.base, u.lexeme, u.positions FROM search_text t"
            " LEFT JOIN LATERAL (SELECT lexeme, positions FROM unnest(t.tsv)"
            "  WHERE lexeme = ANY(%s)"
            "  OR EXISTS (SELECT 1 FROM unnest(%s::text[]) p WHERE starts_with(lexeme, p))) u"
            " ON t.base IS NOT NULL"
            " WHERE t.aid = ANY(%s) AND t.claim = -1 AND t.field = 'body'",
            (
                sorted(map(pg_text, positives.terms)),
                sorted(map(pg_text, positives.prefixes)),
                aids,
            ),
        )
        for aid, base, lexeme, positions in rows:
            if base is None:
                unknown.add(aid)
            elif lexeme is not None:
                # Consecutive parts overlap: a word in two of them is counted once.
                found[aid].setdefault(lexeme, set()).update(base + p for p in positions)
        for aid in unknown:
            del found[aid]
        return found

    @staticmethod
    def _article_hit(
        info, aid: str, score: float, positives: Positives, stored: dict | None
    ) -> Hit:
        """The hit's best paragraph and snippet, as the Whoosh backend makes them: from the
        matched words' stored positions, else (rows older than their base) from its text."""
        key, title, publisher, published, starts, blob, count, _claims = info
        paragraphs = zlib.decompress(blob).decode("utf-8").split(PARAGRAPH_SEP)
        if stored is not None:
            positions = {w: sorted(p for p in ps if p < count) for w, ps in stored.items()}
            positions = {w: ps for w, ps in positions.items() if ps}
        else:
            positions = Backend._scanned_positions(starts, paragraphs, positives)
        paragraph = best_paragraph(starts, positions)
        text = paragraphs[paragraph - 1] if paragraph <= len(paragraphs) else ""
        words = paragraph_words(starts, paragraph, positions)
        snippet, plain = make_snippet(text, indices=words)
        return Hit(aid, key, title, publisher, published, round(float(score), 4), paragraph,
                   snippet, plain)  # fmt: skip

    @staticmethod
    def _scanned_positions(starts, paragraphs: list[str], positives: Positives) -> dict:
        """{word: positions} of the matched words, found by reading every word of the text."""
        numbered = [
            (start, WORD.findall(text)) for start, text in zip(starts, paragraphs, strict=False)
        ]
        # Each distinct word is judged once; the word-by-word walk (the bulk of a search when
        # done for every word) is left to the paragraphs that hold a match.
        matched = positives.matched(chain.from_iterable(words for _, words in numbered))
        positions: dict[str, list[int]] = {}
        for start, words in numbered:
            if matched.keys().isdisjoint(words):
                continue
            for offset, word in enumerate(words):
                form = matched.get(word)
                if form is not None:
                    positions.setdefault(form, []).append(start + offset)
        return positions

    @staticmethod
    def _claim_hit(info, aid: str, number: int, score: float, positives: Positives) -> Hit:
        key, title, publisher, published, _starts, blob, _count, claims_blob = info
        claims = json.loads(zlib.decompress(claims_blob))
        if number < len(claims):
            paragraph, content, details = claim_details(claims[number], stored_text(blob))
        else:
            paragraph, content, details = 1, "", {}
        snippet, plain = make_snippet(content, positives.matches)
        return Hit(aid, key, title, publisher, published, round(float(score), 4), paragraph,
                   snippet, plain, claim=details)  # fmt: skip


def _score(claims: bool, positives: Positives) -> tuple[str, list[str]]:
    """The SQL of a match's score, and its parameters.

    An article is ranked on `rank_words`, its words vector without the words used once: short
    enough to stay on the row, where the whole vector is fetched from TOAST for every match
    (half of a common word's search). There each word adds its class's weight less D's, and
    D's is added back once for every ranked word: the score is ts_rank's on the whole vector
    when every match holds every ranked word (a word, a prefix, the words of an AND), but for
    a prefix matching several words used once, which adds D's weight once, not for each.
    Where a match may lack a ranked word (an OR, a fuzzy word's alternatives), or a phrase's
    positions weigh, the article is ranked on its whole vector.
    """
    if not positives.rank:
        return "0::float8", []
    query = positives.rank_query()
    if claims:  # a claim's two vectors are short and on its row
        vectors = ("c.claim_words", "c.speaker_words")
        score = " + ".join(f"ts_rank({v}, %s::tsquery)" for v in vectors)
        return f"({score})::float8", [query] * len(vectors)
    if positives.optional or positives.ranked_by_position():
        return "ts_rank(a.words, %s::tsquery)::float8", [query]
    return f"ts_rank('{ABOVE_ONCE}', a.rank_words, %s::tsquery)::float8 + {ONCE!r}", [query]


def open_backend(location: str, *, lock_timeout: float = 3.0) -> Backend:
    """The search backend of the team library at `location` (a libpq URL or service name)."""
    connection.parse(location)  # refuses a location holding a password before connecting
    return Backend(lambda: connection.connect(location, autocommit=True), lock_timeout=lock_timeout)
