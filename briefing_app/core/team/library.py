"""The team library: articles kept in PostgreSQL, read and written like a library folder.

`TeamLibrary` answers the questions `core.library.Library` answers (ids, get, resolve, keys,
versions, originals, add, save, delete, speakers, listings) with SQL on the `articles` table
of migration v0001. PostgreSQL is the truth and the only copy: there is no catalog to
rebuild, no folder to tidy and no write lock. Each write is one transaction, so a writer
killed midway leaves nothing behind, and the table's constraints settle what many writers
could otherwise get wrong:

- the same file imported twice (even by two workstations at the same moment) is stored once:
  the second insert finds the content hash taken and is reported as a duplicate
  (`AlreadyStored`);
- a citation key is claimed in `citation_keys` in the article's transaction; a key another
  writer claimed first makes the insert retry with the next suffix, as `core/ingest/citekey.py`
  suffixes locally;
- an article has at most one direct newer version, so two imports of a new version of the
  same page cannot both become current.

Every statement is parameterised; identifiers are never built from data. Parsed articles are
kept in a bounded cache, checked against the row's version (`xmin`) on every read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import threading
from collections.abc import Iterator, Sequence

import psycopg
from psycopg import errors as pg_errors
from psycopg.types.json import Jsonb

from briefing_app.core.article import Article, article_id
from briefing_app.core.catalog import row_of
from briefing_app.core.claims.archive_speakers import speaker_rows
from briefing_app.core.errors import (
    AlreadyStored,
    ArticleNotFound,
    IngestError,
    KeyTaken,
    LibraryError,
)
from briefing_app.core.library import ArticleCache, ArticleList, KeyedArticles
from briefing_app.core.record_validation import ORIGINAL_NAME, is_article_id
from briefing_app.core.team import connection, schema
from briefing_app.core.team.catalog import ARTICLES, CURRENT, TeamCatalog
from briefing_app.core.team.corrections import (
    change_metadata,
    corrected,
    extracted_record,
    read_metadata,
    replace_metadata,
)
from briefing_app.core.team.transactions import server_errors

log = logging.getLogger(__name__)

KEY_ATTEMPTS = 50  # keys taken by other writers meanwhile before an import gives up

# The columns `core.catalog.row_of` fills, in its order, as the articles table names them.
_ROW_COLUMNS = (
    *("id", "key", "title", "publisher", "published", "series", "volume", "issue", "url"),
    *("language", "authors", "first_author", "excerpt_only", "media_type", "paragraphs"),
    *("claims", "imported_at", "updated_ns", "supersedes", "superseded_by"),
)
_STORED = [c for c in _ROW_COLUMNS if c != "updated_ns"]  # `updated` is the server's clock
_INSERT = (
    f"INSERT INTO articles ({', '.join(_STORED)}, record, original, original_name, sha256) "
    f"VALUES ({', '.join('%s' for _ in _STORED)}, %s, %s, %s, %s) "
    "ON CONFLICT (id) DO NOTHING RETURNING id"
)
_UPDATE = (
    f"UPDATE articles SET ({', '.join(_STORED[1:])}, record, updated) = "
    f"({', '.join('%s' for _ in _STORED[1:])}, %s, now()) WHERE id = %s"
)
# An article's correction rows as `Article.overrides` holds them, for the row being read.
_CORRECTIONS = (
    "SELECT COALESCE(jsonb_object_agg(field, jsonb_build_object('value', value, "
    "'extracted', extracted, 'set_at', set_at)), '{}'::jsonb) "
    "FROM metadata_corrections WHERE article_id = articles.id"
)


class TransactionLock:
    """What stands for the folder's write lock: nothing to hold, transactions do its work.

    Code written for a library folder takes `library.lock` around its writes; here that is
    free and never busy, and `owner()` names nobody (no window is ever read-only because of
    another writer).
    """

    def try_acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass

    def held(self) -> bool:
        return False

    def owner(self) -> int | None:
        return None

    def __enter__(self) -> TransactionLock:
        return self

    def __exit__(self, *exc) -> None:
        pass


def _row_values(record: dict) -> list:
    """The catalog columns of a record, in `_STORED` order, typed for PostgreSQL."""
    values = dict(zip(_ROW_COLUMNS, row_of(record, 0), strict=True))
    values["authors"] = Jsonb(json.loads(values["authors"]))
    values["excerpt_only"] = bool(values["excerpt_only"])
    return [values[c] for c in _STORED]


class TeamLibrary:
    """The articles of a team library in PostgreSQL (see the module's docstring)."""

    def __init__(self, location: str):
        self.location = location.strip()
        self.lock = TransactionLock()
        self.broken: dict[str, str] = {}  # never filled: rows are checked before they are stored
        self.recovered: dict[str, str] = {}
        self._conn_lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self._cache = ArticleCache()
        self.catalog = TeamCatalog(self._query)
        with self._db() as conn:
            ensure_schema(conn)

    # -- the connection ----------------------------------------------------------------------
    def connect(self) -> psycopg.Connection:
        """A new autocommit connection to this library's database (for the stores that keep
        their own and open a transaction per change)."""
        return connection.connect(self.location, autocommit=True)

    @contextlib.contextmanager
    def _db(self) -> Iterator[psycopg.Connection]:
        """This object's connection (autocommit; writes open a transaction), one thread at a time.

        A connection the server dropped is replaced on the next use.
        """
        with self._conn_lock:
            if self._conn is None or self._conn.closed or self._conn.broken:
                self._conn = self.connect()
            with server_errors(self._conn) as conn:
                yield conn

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._db() as conn:
            return conn.execute(sql, params).fetchall()

    def _column(self, sql: str, params: Sequence = ()) -> list:
        return [row[0] for row in self._query(sql, params)]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        """One transaction; a value PostgreSQL cannot store becomes a LibraryError."""
        with self._db() as conn:
            try:
                with conn.transaction():
                    yield conn
            except psycopg.DataError as exc:  # a NUL character, a lone surrogate
                raise LibraryError(f"The team library cannot store this article: {exc}") from exc

    def close(self) -> None:
        with self._conn_lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- what stands for the folder's housekeeping -------------------------------------------
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Around writes: nothing to mark, each write is its own transaction."""
        yield

    def needs_tidy(self) -> bool:
        return False  # a killed writer's transaction is rolled back by the server

    def catalog_problem(self) -> str | None:
        return None  # the table is the truth, never stale

    def ensure_catalog(self) -> bool:
        return False

    def incomplete_folders(self) -> list:
        """Nothing is ever half-written (the restore step of an import finds nothing)."""
        return []

    def clean_incomplete(self) -> list:
        return []

    def store_user_data(self, rows) -> None:
        """The analyst's data lives in the team's own tables: no copy to keep in step."""

    # -- reading -----------------------------------------------------------------------------
    def ids(self) -> list[str]:
        return self._column(f"SELECT id FROM {ARTICLES} ORDER BY id")

    def live_digest(self) -> tuple[str, int]:
        """(digest, count) of the live ids, as `core.team.search.ids_digest` sums them: one
        row the database keeps in step with every write (schema step v0005)."""
        digest, count = self._query("SELECT digest, articles FROM library_state WHERE id = 1")[0]
        return f"{digest & 0xFFFF_FFFF_FFFF_FFFF:016x}", count

    def __len__(self) -> int:
        return self._column(f"SELECT count(*) FROM {ARTICLES}")[0]

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str) or not is_article_id(article_id):
            return False
        return bool(self._query(f"SELECT 1 FROM {ARTICLES} WHERE id = %s", (article_id,)))

    def has_records(self) -> bool:
        return bool(self._query(f"SELECT 1 FROM {ARTICLES} LIMIT 1"))

    def cached_count(self) -> int:
        return len(self._cache)

    def load(self, article_id: str) -> Article:
        """The article as its row says; ArticleNotFound or LibraryError otherwise.

        One round trip either way: the record is sent only when the cached copy is older.
        """
        if not isinstance(article_id, str) or not is_article_id(article_id):
            raise ArticleNotFound(f"{article_id!r} is not an article id.")
        version, record = self._versioned_record(article_id, self._cache.version(article_id))
        if record is None:  # the cached copy is current
            cached = self._cache.get(article_id, version)
            if cached is not None:
                return cached
            version, record = self._versioned_record(article_id, None)  # evicted meanwhile
        try:
            article = corrected(*record)
        except (IngestError, ValueError, TypeError, KeyError, RecursionError) as exc:
            raise LibraryError(f"The record of article {article_id} is unreadable: {exc}") from exc
        if article.id != article_id:
            raise LibraryError(
                f"The record of article {article_id} names another article ({article.id})."
            )
        self._cache.put(article_id, version, article)
        return article

    def _versioned_record(self, article_id: str, cached_version) -> tuple[str, tuple | None]:
        """(row version, (record, correction rows)); None for the record when the row is at
        `cached_version`. A correction also updates the row, so its version covers both."""
        rows = self._query(
            "SELECT xmin::text, CASE WHEN xmin::text = %s THEN NULL ELSE record END, "
            f"CASE WHEN xmin::text = %s THEN NULL ELSE ({_CORRECTIONS}) END "
            "FROM articles WHERE id = %s AND id IN (SELECT id FROM live_articles WHERE id = %s)",
            (cached_version or "", cached_version or "", article_id, article_id),
        )
        if not rows:
            self._cache.forget(article_id)
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
        version, record, corrections = rows[0]
        return version, None if record is None else (record, corrections)

    get = load  # a stored row was checked before it was written: nothing to rebuild from

    def articles(self) -> Iterator[Article]:
        for each in self.ids():
            with contextlib.suppress(ArticleNotFound):  # deleted since the listing
                yield self.get(each)

    def resolve(self, id_or_key: str) -> Article:
        """Find an article by id, id prefix (unique) or citation key."""
        if id_or_key in self:
            return self.get(id_or_key)
        found = self.by_key().id_of(id_or_key)
        matches = [found] if found else []
        if not matches and len(id_or_key) >= 4:
            matches = self._column(
                f"SELECT id FROM {ARTICLES} WHERE id >= %s AND id < %s ORDER BY id LIMIT 2",
                (id_or_key, id_or_key + "\uffff"),
            )
        if len(matches) == 1:
            return self.get(matches[0])
        if len(matches) > 1:
            raise ArticleNotFound(f"{id_or_key!r} matches several articles; give more of the id.")
        raise ArticleNotFound(f"No article with id or key {id_or_key!r} in the library.")

    def resolve_id(self, id_or_key: str) -> str:
        if id_or_key in self:
            return id_or_key
        return self.resolve(id_or_key).id

    def superseded_ids(self) -> set[str]:
        return set(self._column(f"SELECT supersedes FROM {ARTICLES} WHERE supersedes IS NOT NULL"))

    def current_ids(self) -> list[str]:
        return self._column(f"SELECT id FROM {ARTICLES} WHERE {CURRENT} ORDER BY id")

    def current_articles(self) -> Sequence[Article]:
        return ArticleList(self, self.current_ids())

    def by_key(self) -> KeyedArticles:
        return KeyedArticles(self)

    def current_id_for_key(self, key: str) -> str | None:
        """The current article citing as `key` (the highest id when several share it)."""
        ids = self._column(
            f"SELECT id FROM {ARTICLES} WHERE key = %s AND {CURRENT} ORDER BY id DESC LIMIT 1",
            (key,),
        )
        return ids[0] if ids else None

    def current_key_ids(self) -> dict[str, str]:
        rows = self._query(f"SELECT key, id FROM {ARTICLES} WHERE {CURRENT} ORDER BY id")
        return {key: found for key, found in rows}

    def current_keys(self) -> list[str]:
        return self._column(
            f'SELECT DISTINCT key COLLATE "C" FROM {ARTICLES} WHERE {CURRENT} ORDER BY 1'
        )

    def key_alias_target(self, key: str) -> str | None:
        """The current key a replaced key stands for, or None."""
        found = self._column("SELECT replaced_by FROM citation_keys WHERE key = %s", (key,))
        return found[0] if found else None

    @staticmethod
    def _alias(conn: psycopg.Connection, old: str, new: str) -> None:
        """Remember that `old` is now `new` (keys that named `old` now name `new`), in the
        caller's transaction."""
        conn.execute("UPDATE citation_keys SET replaced_by = %s WHERE replaced_by = %s", (new, old))
        conn.execute(
            "INSERT INTO citation_keys (key, article_id, replaced_by) "
            "SELECT %s, article_id, %s FROM citation_keys WHERE key = %s "
            "ON CONFLICT (key) DO UPDATE SET replaced_by = EXCLUDED.replaced_by",
            (old, new, old),
        )
        conn.execute(
            "UPDATE citation_keys SET replaced_by = NULL WHERE key = %s", (new,)
        )  # the new key is an article's own key again

    def current_version(self, url: str) -> Article | None:
        """The newest current article with this URL (the one a new import supersedes)."""
        if not url:
            return None
        ids = self._column(
            f"SELECT id FROM {ARTICLES} WHERE url = %s AND {CURRENT} "
            "ORDER BY imported_at DESC, id LIMIT 1",
            (url,),
        )
        return self.get(ids[0]) if ids else None

    def find_by_url(self, url: str) -> list[Article]:
        if not url:
            return []
        return [
            self.get(i) for i in self._column(f"SELECT id FROM {ARTICLES} WHERE url = %s", (url,))
        ]

    def newer_version_ids(self, article_id: str) -> list[str]:
        return self._column(
            f"WITH RECURSIVE newer(id) AS (SELECT id FROM {ARTICLES} WHERE supersedes = %s "
            "UNION SELECT a.id FROM live_articles AS a JOIN newer ON a.supersedes = newer.id) "
            "SELECT id FROM newer ORDER BY id",
            (article_id,),
        )

    def keys(self) -> set[str]:
        """Keys and replaced keys in use across the team: a new key must be none of them."""
        return set(self._column("SELECT key FROM citation_keys UNION SELECT key FROM articles"))

    def original_bytes(self, article: Article) -> bytes:
        rows = self._query(f"SELECT original FROM {ARTICLES} WHERE id = %s", (article.id,))
        if not rows:
            raise ArticleNotFound(f"No article with id {article.id!r} in the library.")
        return bytes(rows[0][0])

    # -- claim corrections -------------------------------------------------------------------
    @functools.cached_property
    def _claim_corrections(self):
        from briefing_app.core.team.corrections import TeamClaimCorrections

        return TeamClaimCorrections(self.connect)  # one row per correction (step v0003)

    def corrections_document(self, article_id: str) -> dict:
        """The analyst's corrections of an article's claims (an empty document when none)."""
        return self._claim_corrections.read(article_id)

    def write_corrections(self, article_id: str, document: dict) -> None:
        self._check_stored(article_id)
        self._claim_corrections.write(article_id, document)

    def add_correction(self, article_id: str, correction: dict, inherited: list) -> list[dict]:
        """One more row: two analysts correcting claims of one article keep both."""
        self._check_stored(article_id)
        return self._claim_corrections.add(article_id, correction, inherited)

    def remove_correction(self, article_id: str, correction: dict, inherited: list) -> list[dict]:
        self._check_stored(article_id)
        return self._claim_corrections.remove(article_id, correction, inherited)

    def _check_stored(self, article_id: str) -> None:
        if article_id not in self:
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")

    # -- writing -----------------------------------------------------------------------------
    @staticmethod
    def _checked_record(article: Article) -> tuple[dict, dict]:
        """(the record to store, the record readers see), checked as a reader will check them.

        The stored one holds the extracted values: corrections are rows (`corrections.py`)."""
        return _checked(extracted_record(article)), _checked(article.to_record())

    def add(self, article: Article, original: bytes) -> None:
        """Store a new article with its original in one transaction.

        AlreadyStored when the same content is stored (by anyone, even a moment ago); the
        key is changed to the next free suffix when another writer claimed it meanwhile.
        """
        if not ORIGINAL_NAME.match(article.original_name or ""):
            raise LibraryError(f"{article.original_name!r} is not a name for a stored original.")
        if article_id(original) != article.id:
            raise LibraryError(f"The original given for article {article.id} is another file.")
        digest = hashlib.sha256(original).hexdigest()
        from briefing_app.core.ingest.citekey import make_key

        for _ in range(KEY_ATTEMPTS):
            records = self._checked_record(article)
            speakers = speaker_rows(self, article)
            try:
                self._insert(article, records, original, digest, speakers)
            except pg_errors.UniqueViolation as exc:
                constraint = exc.diag.constraint_name or ""
                if constraint == "articles_supersedes_key":
                    raise LibraryError(
                        f"Another import stored a newer version of article {article.supersedes} "
                        "meanwhile; import the file again to place it after that one."
                    ) from exc
                if constraint in ("articles_sha256_key", "articles_pkey"):
                    # Another writer stored the same file a moment ago: its insert and ours
                    # raced past ON CONFLICT (id), and the content hash's index saw it first.
                    raise AlreadyStored(article.id) from exc
                if constraint != "citation_keys_pkey":
                    raise
                article.key = make_key(article.metadata, self.keys())
                continue
            self._cache.forget(article.id)
            if article.supersedes:
                self._cache.forget(article.supersedes)
            return
        raise LibraryError(f"No free citation key for article {article.id}; try again.")

    def _insert(
        self,
        article: Article,
        records: tuple[dict, dict],
        original: bytes,
        digest: str,
        speakers: list,
    ) -> None:
        stored, shown = records
        with self._transaction() as conn:
            inserted = conn.execute(
                _INSERT,
                (*_row_values(shown), Jsonb(stored), original, article.original_name, digest),
            ).fetchall()
            if not inserted:
                if not conn.execute(
                    f"SELECT 1 FROM {ARTICLES} WHERE id = %s", (article.id,)
                ).fetchall():
                    raise LibraryError(
                        f"Article {article.id} is in the library's trash; restore it from there "
                        "(briefing trash --restore) instead of importing it again."
                    )
                raise AlreadyStored(article.id)
            # A new version inherits its predecessor's key: claimed already, by the chain.
            conflict = " ON CONFLICT (key) DO NOTHING" if article.supersedes else ""
            conn.execute(
                f"INSERT INTO citation_keys (key, article_id) VALUES (%s, %s){conflict}",
                (article.key, article.id),
            )
            replace_metadata(conn, article.id, article.overrides)
            if article.supersedes:
                conn.execute(
                    "UPDATE articles SET superseded_by = %s, record = jsonb_set(record, "
                    "'{superseded_by}', to_jsonb(%s::text)), updated = now() WHERE id = %s",
                    (article.id, article.id, article.supersedes),
                )
            self._put_speakers(conn, article.id, speakers)

    def save(self, article: Article) -> None:
        """Rewrite an article's record (and its catalog columns) in one transaction.

        The metadata corrections are not the record's: they stay as their rows say (another
        analyst's correction made since `article` was read is kept). A changed key is claimed
        for this article, or KeyTaken when another article holds it."""
        stored = _checked(extracted_record(article))
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT record ->> 'key' FROM articles WHERE id = %s FOR UPDATE", (article.id,)
            ).fetchone()  # held until the transaction ends, as in `_locked`
            if row is None:
                raise ArticleNotFound(f"No article with id {article.id!r} in the library.")
            if article.key != row[0]:
                self._claim_key(conn, article.key, article.id)
            else:
                conn.execute(
                    "INSERT INTO citation_keys (key, article_id) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO NOTHING",
                    (article.key, article.id),
                )
            self._write_row(conn, stored)
        self._saved(article.id)

    def save_edit(self, before: Article, after: Article, aliases: Sequence[str] = ()) -> None:
        """Store what an analyst's edit changed, in one transaction, as single changes: the
        corrected fields (`before.overrides` to `after.overrides`, one row each) and a new key
        (each of `aliases` then stands for it). What the edit did not change stays as stored,
        another analyst's correction of another field meanwhile included; the same field
        corrected by two analysts keeps the later save's value.

        KeyTaken when the new key is another article's, even one claimed a moment ago;
        nothing is changed then."""
        with self._transaction() as conn:
            current = self._locked(conn, after.id)
            if after.key != before.key:
                if current.key != before.key:
                    raise LibraryError(
                        f"The citation key of article {after.id} was changed meanwhile (it is "
                        f"now {current.key!r}); nothing was changed. Open the article again."
                    )
                self._claim_key(conn, after.key, after.id)
                current.key = after.key
            for old in aliases:
                self._alias(conn, old, after.key)
            kept = dict.fromkeys([*current.key_aliases, *after.key_aliases])
            current.key_aliases = [a for a in kept if a != current.key]
            change_metadata(conn, after.id, before.overrides, after.overrides)
            self._write_row(conn, current.to_record())
        self._saved(after.id)

    def _locked(self, conn: psycopg.Connection, article_id: str) -> Article:
        """The article's row held until the transaction ends, as stored (no corrections):
        writers of one article's record and corrections take their turns on it."""
        row = conn.execute(
            "SELECT record FROM articles WHERE id = %s FOR UPDATE", (article_id,)
        ).fetchone()
        if row is None:
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
        return corrected(row[0], {})

    def _write_row(self, conn: psycopg.Connection, stored: dict) -> None:
        """The stored record, with the catalog columns and speakers of the article readers
        see (the correction rows as they are now applied): in the caller's transaction."""
        article = corrected(stored, read_metadata(conn, stored["id"]))
        shown = article.to_record()
        conn.execute(_UPDATE, (*_row_values(shown)[1:], Jsonb(stored), article.id))
        self._put_speakers(conn, article.id, speaker_rows(self, article))

    def _saved(self, article_id: str) -> None:
        self._cache.forget(article_id)
        # Newer versions may inherit this one's corrections (after a restore from the trash).
        self._recount_speakers(self.newer_version_ids(article_id))

    def _claim_key(self, conn: psycopg.Connection, key: str, article_id: str) -> None:
        """Make `key` this article's own key in the caller's transaction; KeyTaken when another
        article holds it (an article's earlier key, or its other versions', is its own)."""
        claimed = conn.execute(
            "INSERT INTO citation_keys (key, article_id) VALUES (%s, %s) "
            "ON CONFLICT (key) DO NOTHING RETURNING key",
            (key, article_id),
        ).fetchall()  # waits for a writer claiming the same key until it commits or not
        versions = self._versions(conn, article_id)
        others = conn.execute(
            "SELECT article_id FROM citation_keys WHERE key = %s AND article_id <> ALL(%s) "
            "UNION SELECT id FROM articles WHERE key = %s AND id <> ALL(%s) LIMIT 1",
            (key, versions, key, versions),
        ).fetchall()
        if others:
            raise KeyTaken(key, article_id, others[0][0])
        if not claimed:  # one of its own earlier keys: its own key again
            conn.execute("UPDATE citation_keys SET replaced_by = NULL WHERE key = %s", (key,))

    @staticmethod
    def _versions(conn: psycopg.Connection, article_id: str) -> list[str]:
        """The article and every older and newer version of it (they share a key)."""
        return [
            found
            for (found,) in conn.execute(
                "WITH RECURSIVE older(id) AS (SELECT %s::text UNION "
                "SELECT a.supersedes FROM articles AS a JOIN older ON a.id = older.id "
                "WHERE a.supersedes IS NOT NULL), "
                "newer(id) AS (SELECT %s::text UNION "
                "SELECT a.id FROM articles AS a JOIN newer ON a.supersedes = newer.id) "
                "SELECT id FROM older UNION SELECT id FROM newer",
                (article_id, article_id),
            )
        ]

    def delete(self, article_id: str) -> None:
        """Remove an article, its original and its claim counts; its key is free again."""
        if not isinstance(article_id, str) or not is_article_id(article_id):
            raise ArticleNotFound(f"{article_id!r} is not an article id.")
        newer = self.newer_version_ids(article_id)
        from briefing_app.core.team.userdata import forget_user_data

        with self._transaction() as conn:
            if not self.delete_rows(conn, [article_id]):
                raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
            forget_user_data(conn, [article_id])  # as its folder's user files go locally
        self._recount_speakers(newer)  # they lose the corrections they inherited from it

    def delete_rows(self, conn: psycopg.Connection, article_ids: list[str]) -> int:
        """Delete articles' rows in the caller's open transaction (emptying the trash does it
        with its own rows); keys no other article holds are free again. How many went."""
        keys = conn.execute(
            "DELETE FROM articles WHERE id = ANY(%s) RETURNING key", (list(article_ids),)
        ).fetchall()
        conn.execute(
            "DELETE FROM citation_keys WHERE key = ANY(%s) AND replaced_by IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM articles WHERE articles.key = citation_keys.key)",
            ([key for (key,) in keys],),
        )
        for each in article_ids:
            self._cache.forget(each)
        return len(keys)

    # -- who the articles quote --------------------------------------------------------------
    @staticmethod
    def _put_speakers(conn: psycopg.Connection, article_id: str, rows: list[tuple]) -> None:
        conn.execute("DELETE FROM claim_speakers WHERE id = %s", (article_id,))
        if rows:
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO claim_speakers (id, key, name, claims, published) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    rows,
                )

    def store_speakers(self, article_id: str) -> None:
        """Recount who an article (and the newer versions inheriting its corrections) quotes."""
        self._recount_speakers([article_id, *self.newer_version_ids(article_id)])

    def _recount_speakers(self, article_ids: list[str]) -> None:
        for each in article_ids:
            try:
                article = self.get(each)
            except LibraryError as exc:  # deleted meanwhile: nothing to count
                log.info("%s", exc)
                continue
            rows = speaker_rows(self, article)
            with self._transaction() as conn:
                self._put_speakers(conn, each, rows)

    def speaker_counts(self) -> list[tuple[str, str, int]]:
        rows = self._query(
            'SELECT key COLLATE "C", name COLLATE "C", sum(claims)::integer FROM claim_speakers '
            f"WHERE id IN (SELECT id FROM {ARTICLES} WHERE {CURRENT}) "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        return [(key, name, count) for key, name, count in rows]

    def speaker_article_ids(self, keys) -> list[str]:
        keys = sorted(set(keys))
        if not keys:
            return []
        return self._column(
            "SELECT id FROM claim_speakers WHERE key = ANY(%s) "
            f"AND id IN (SELECT id FROM {ARTICLES} WHERE {CURRENT}) "
            "GROUP BY id ORDER BY min(published), id",
            (keys,),
        )


def ensure_schema(conn: psycopg.Connection) -> int:
    """Migrate when this Briefing knows steps the database lacks; refuse a newer schema.

    Migrating needs the right to create tables, so a database already at this version is only
    read: a reader's login can open it.
    """
    known = schema.steps()
    applied = schema.applied_versions(conn)
    schema.refuse_newer(applied, known)  # before anything a reader may not do
    if applied >= {step.version for step in known}:
        return max(applied)
    return schema.migrate(conn)


def _checked(record: dict) -> dict:
    """`record` unchanged once it has read back as an Article through JSON, as readers will."""
    Article.from_record(json.loads(json.dumps(record)))
    return record
