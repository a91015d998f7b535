"""The catalog: one row per article in SQLite, so listing and lookups never read the records.

The records (`articles/<id>/article.json`) stay the truth; the catalog is a cache beside the
search index, rebuilt from them when it is missing, damaged, of an older schema or stale.

Staleness is decided without reading any record:
- every write first marks the catalog *dirty* (committed), then writes the record, then
  stores the row and clears the mark in one transaction. A writer killed in between leaves
  the mark behind, and the next process to open the catalog rebuilds it;
- the catalog remembers the articles folder's modification time as of its last write, so a
  folder added or removed behind its back (a restore from backup, an older version of the
  app) is noticed with one `stat`.

An article is current when no other row names it in `supersedes` (the rule the records
follow, so a crash between writing a new version and marking the old one cannot leave two
current versions). The `current` column caches that rule for the indexes that sort and count
current articles; every write recomputes it for the rows it touches and their predecessors.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_app.core.article import Article, Metadata

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: claim_speakers

# Metadata fields kept as columns of their own (the rest of the row is about the record).
_METADATA_COLUMNS = (
    "title",
    "publisher",
    "published",
    "series",
    "volume",
    "issue",
    "url",
    "language",
)
_COLUMNS = (
    *("id", "key", *_METADATA_COLUMNS, "authors", "first_author", "excerpt_only", "media_type"),
    *("paragraphs", "claims", "imported_at", "updated_ns", "supersedes", "superseded_by"),
)
_SUPERSEDES = _COLUMNS.index("supersedes")
_INSERT = (
    f"INSERT OR REPLACE INTO articles ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    first_author TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT NOT NULL,
    series TEXT NOT NULL,
    volume TEXT NOT NULL,
    issue TEXT NOT NULL,
    url TEXT NOT NULL,
    media_type TEXT NOT NULL,
    language TEXT NOT NULL,
    excerpt_only INTEGER NOT NULL,
    paragraphs INTEGER NOT NULL,
    claims INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    updated_ns INTEGER NOT NULL,
    supersedes TEXT,
    superseded_by TEXT,
    current INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_key ON articles(key);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_supersedes ON articles(supersedes);
CREATE INDEX IF NOT EXISTS articles_title ON articles(current, title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_published
    ON articles(current, published, title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_author
    ON articles(current, first_author COLLATE NOCASE, title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_publisher ON articles(current, publisher, published);
CREATE INDEX IF NOT EXISTS articles_imported ON articles(current, imported_at);
CREATE INDEX IF NOT EXISTS articles_media_type ON articles(current, media_type);
CREATE INDEX IF NOT EXISTS articles_claims ON articles(current, claims);
-- The analyst's own data (core/annotations.py), so the library view filters by it.
CREATE TABLE IF NOT EXISTS user_tags (id TEXT NOT NULL, tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (id, tag));
CREATE INDEX IF NOT EXISTS user_tags_tag ON user_tags(tag);
CREATE TABLE IF NOT EXISTS user_collections (id TEXT NOT NULL, collection TEXT NOT NULL,
    PRIMARY KEY (id, collection));
CREATE INDEX IF NOT EXISTS user_collections_collection ON user_collections(collection);
CREATE TABLE IF NOT EXISTS user_notes (id TEXT PRIMARY KEY, text TEXT NOT NULL);
-- Who each article quotes, corrections applied (core/claims/archive_speakers.py): one row per
-- article and spelling, so the Speakers view counts everyone with one aggregate, an index walk
-- over `claim_speakers_count` (`current` repeats the article's, kept in step with it).
CREATE TABLE IF NOT EXISTS claim_speakers (id TEXT NOT NULL, key TEXT NOT NULL,
    name TEXT NOT NULL, claims INTEGER NOT NULL, published TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (id, key, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_speakers_count ON claim_speakers(current, key, name, claims);
CREATE INDEX IF NOT EXISTS claim_speakers_key ON claim_speakers(key, published, id);
INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');
"""

_CURRENT = "current = 1"
# The same test kept out of index choice: a key or URL lookup must use the key or URL index.
_STILL_CURRENT = "+current = 1"
# The rule `current` caches, applied to the rows named by `?`.
_RECOMPUTE_CURRENT = (
    "UPDATE articles SET current = NOT EXISTS "
    "(SELECT 1 FROM articles AS newer WHERE newer.supersedes = articles.id) WHERE id = ?"
)

# Columns a listing may be sorted by (the library view's sortable columns): the ORDER BY
# terms before the id that breaks ties; the leading ones have an index starting at `current`.
SORTABLE = {
    "title": ("title COLLATE NOCASE",),
    "author": ("first_author COLLATE NOCASE", "title COLLATE NOCASE"),
    "publisher": ("publisher", "published"),
    "published": ("published", "title COLLATE NOCASE"),
    "imported": ("imported_at",),
    "key": ("key",),
    "updated": ("updated_ns",),
    "claims": ("claims",),
    "type": ("media_type",),
    "paragraphs": ("paragraphs",),
    "id": (),
}
FACETS = ("publisher", "language", "media_type", "first_author")


_USER_TABLES = ("user_tags", "user_collections", "user_notes")
_TABLES = {"meta", "articles", *_USER_TABLES, "claim_speakers"}
_SPEAKER_COLUMNS = "claim_speakers (id, key, name, claims, published"
# Rows of one article: current as its catalog row says (a new article, not yet stored: 1).
_INSERT_SPEAKER = (
    f"INSERT OR REPLACE INTO {_SPEAKER_COLUMNS}, current) VALUES (?, ?, ?, ?, ?, "
    "COALESCE((SELECT current FROM articles WHERE id = ?), 1))"
)
# The rebuild's rows: `current` set afterwards for the whole table.
_INSERT_SPEAKERS = f"INSERT OR REPLACE INTO {_SPEAKER_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
_SYNC_SPEAKERS = (
    "UPDATE claim_speakers SET current = COALESCE((SELECT current FROM articles "
    "WHERE articles.id = claim_speakers.id), 1) WHERE id = ?"
)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words(value: str) -> tuple[str, list]:
    like = _like(value)
    columns = ("title", "authors", "publisher", "key")
    return "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")", [like] * 4


# The library view's filters beyond the facet columns: (SQL clause, its parameters).
_USER_FILTERS = {
    "text": _words,  # words typed in the filter box: title, authors, publisher or key
    "tag": lambda tag: ("id IN (SELECT id FROM user_tags WHERE tag = ?)", [tag]),
    "collection": lambda ids: (
        "id IN (SELECT id FROM user_collections WHERE collection IN "
        f"({', '.join('?' for _ in ids)}))",
        list(ids),
    ),
    # The hits of a search (`Workspace.matching_ids`): one JSON parameter, however many ids.
    "ids": lambda ids: ("id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]),
    "note": lambda words: (
        "id IN (SELECT id FROM user_notes WHERE text LIKE ? ESCAPE '\\')",
        [_like(words)],
    ),
}


def _order_by(sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    return ", ".join(f"{term} {direction}" for term in (*SORTABLE[sort], "id"))


@dataclass(frozen=True)
class UserRow:
    """One article's tags, collection ids and note, as the catalog keeps them."""

    id: str
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    note: str = ""


class CatalogDamaged(Exception):
    """The catalog file cannot be read as a catalog (it is rebuilt, never trusted)."""


@dataclass
class CatalogEntry:
    """One article as the catalog knows it: everything a listing or a citation needs.

    Its `metadata` is the article's, less the description, tags and title source.
    """

    id: str
    key: str
    metadata: Metadata
    media_type: str = ""
    paragraphs: int = 0
    claims: int = 0
    imported_at: str = ""
    updated_ns: int = 0
    supersedes: str | None = None
    superseded_by: str | None = None

    title = Article.title
    authors = Article.authors
    summary = Article.summary  # the short listing form (`briefing list --json`)


def row_of(record: dict[str, Any], updated_ns: int) -> tuple:
    """The catalog row of an article record (the `article.json` dict or `Article.to_record()`)."""
    meta = record.get("metadata") or {}
    authors = [str(a) for a in meta.get("authors") or []]
    values = {name: meta.get(name) or "" for name in _METADATA_COLUMNS}
    values.update(
        id=record["id"],
        key=record.get("key") or "",
        authors=json.dumps(authors, ensure_ascii=False),
        first_author=authors[0] if authors else "",  # for sorting by author
        excerpt_only=1 if meta.get("excerpt_only") else 0,
        media_type=record.get("media_type") or "",
        paragraphs=len(record.get("paragraphs") or []),
        claims=len(record.get("claims") or []),
        imported_at=record.get("imported_at") or "",
        updated_ns=int(updated_ns),  # the record's modification time
        supersedes=record.get("supersedes") or None,
        superseded_by=record.get("superseded_by") or None,
    )
    return tuple(values[name] for name in _COLUMNS)


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc) for word in ("locked", "busy")
    )


def _entry(row: sqlite3.Row) -> CatalogEntry:
    values = dict(row)
    metadata = Metadata(
        **{name: values.pop(name) for name in _METADATA_COLUMNS},
        authors=json.loads(values.pop("authors")),
        excerpt_only=bool(values.pop("excerpt_only")),
    )
    values.pop("first_author")
    values.pop("current")
    return CatalogEntry(metadata=metadata, **values)


@dataclass
class CatalogState:
    """What the catalog says about itself (read on every freshness check: one small query)."""

    schema: int
    dirty: bool
    stamp: int | None  # the articles folder's mtime_ns as of the last write
    tidy: bool = True  # leftovers of a cut-short write may lie in the library: walk it once


@dataclass
class Listing:
    """One page of a sorted, filtered listing and the number of rows the filter matches."""

    entries: list[CatalogEntry]
    total: int


class Catalog:
    """The SQLite catalog file of one library; safe to share between threads."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # -- connection --------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            try:
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA journal_mode=WAL")
                # FULL: a committed "dirty" mark survives a power cut as the record does.
                conn.execute("PRAGMA synchronous=FULL")
                tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if _TABLES - {row[0] for row in tables}:
                    # A write: only when the file is new or of an older schema (then rebuilt).
                    conn.executescript(_SCHEMA)
            except sqlite3.DatabaseError as exc:
                conn.close()
                if _is_busy(exc):
                    raise
                raise CatalogDamaged(str(exc)) from exc
            self._conn = conn
        return self._conn

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The connection under the thread lock; a damaged file raises CatalogDamaged."""
        with self._lock:
            try:
                yield self._connect()
            except sqlite3.DatabaseError as exc:
                if _is_busy(exc):
                    raise  # another process is writing: not damage
                raise CatalogDamaged(str(exc)) from exc

    @contextlib.contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection of its own, for an aggregate counted off the GUI thread: in
        WAL mode it reads beside the shared connection instead of holding that connection's
        lock for the whole count (it sees what is committed)."""
        with self._db():
            pass  # the file exists, with its tables
        try:
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
        except sqlite3.DatabaseError as exc:
            raise CatalogDamaged(str(exc)) from exc
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                raise
            raise CatalogDamaged(str(exc)) from exc
        finally:
            conn.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def remove_files(self) -> None:
        """Delete the catalog (and its WAL): the next use starts an empty one."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    # -- state -------------------------------------------------------------------------------
    def state(self) -> CatalogState:
        with self._db() as db:
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
            db.execute("SELECT 1 FROM articles LIMIT 1").fetchall()  # the table reads
        stamp = meta.get("stamp")
        try:
            return CatalogState(
                schema=int(meta.get("schema", 0)),
                dirty=meta.get("dirty") == "1",
                tidy=meta.get("tidy") != "0",
                stamp=int(stamp) if stamp not in (None, "") else None,
            )
        except ValueError as exc:
            raise CatalogDamaged(f"unreadable catalog state: {exc}") from exc

    def mark_dirty(self) -> None:
        """Note, durably, that a write is under way (cleared by `mark_clean`).

        A write cut short may leave a half-written folder, so the library needs tidying
        until `mark_clean` (or a tidy) says otherwise; a rebuild does not clear that.
        """
        with self._db() as db, db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('dirty', '1')")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('tidy', '1')")

    def mark_clean(self, stamp: int | None, tidy: bool) -> None:
        """Every write is stored: clear the mark and remember the articles folder's mtime."""
        with self._db() as db, db:
            self._clean(db, stamp)
            self._set_tidy(db, tidy)

    def set_tidy(self, needed: bool) -> None:
        with self._db() as db, db:
            self._set_tidy(db, needed)

    @staticmethod
    def _set_tidy(db: sqlite3.Connection, needed: bool) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('tidy', ?)", ("1" if needed else "0",))

    def _clean(self, db: sqlite3.Connection, stamp: int | None) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('dirty', '0')")
        value = "" if stamp is None else str(stamp)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (value,))

    # -- writing -----------------------------------------------------------------------------
    def put(self, rows: Iterable[tuple]) -> None:
        """Store (or replace) rows in the open transaction; `commit` ends it.

        Queries on this object see them at once; other processes see them once committed.
        """
        rows = list(rows)
        with self._db() as db:
            db.executemany(_INSERT, rows)
            touched = {row[0] for row in rows} | {
                row[_SUPERSEDES] for row in rows if row[_SUPERSEDES]
            }
            db.executemany(_RECOMPUTE_CURRENT, [(i,) for i in sorted(touched)])
            db.executemany(_SYNC_SPEAKERS, [(i,) for i in sorted(touched)])

    def put_speakers(self, article_id: str, rows: Iterable[tuple]) -> None:
        """Replace one article's claim_speakers rows in the open transaction (`commit` ends it).

        Rows are (article id, speaker key, name as written, claim count, article date).
        """
        with self._db() as db:
            db.execute("DELETE FROM claim_speakers WHERE id = ?", (article_id,))
            db.executemany(_INSERT_SPEAKER, [(*row, row[0]) for row in rows])

    def commit(self) -> None:
        with self._db() as db:
            db.commit()

    def remove(self, article_ids: Iterable[str]) -> None:
        ids = [(i,) for i in article_ids]
        with self._db() as db, db:
            older = [
                (row[0],)
                for i in ids
                for row in db.execute("SELECT supersedes FROM articles WHERE id = ?", i)
                if row[0]
            ]
            db.executemany("DELETE FROM articles WHERE id = ?", ids)
            db.executemany(_RECOMPUTE_CURRENT, older)  # a removed new version's predecessor
            db.executemany(_SYNC_SPEAKERS, older)
            for table in (*_USER_TABLES, "claim_speakers"):
                db.executemany(f"DELETE FROM {table} WHERE id = ?", ids)

    def replace_all(
        self,
        rows: Iterable[tuple],
        stamp: int | None,
        user: Iterable[UserRow] = (),
        speakers: Iterable[tuple] = (),
    ) -> None:
        """The rebuild: every row replaced in one transaction (readers see old or new, never half)."""
        with self._db() as db, db:
            db.execute("DELETE FROM articles")
            db.executemany(_INSERT, rows)
            db.execute(
                "UPDATE articles SET current = 0 WHERE id IN "
                "(SELECT supersedes FROM articles WHERE supersedes IS NOT NULL)"
            )
            db.execute("DELETE FROM claim_speakers")
            db.executemany(_INSERT_SPEAKERS, speakers)
            db.execute(
                "UPDATE claim_speakers SET current = 0 WHERE id IN "
                "(SELECT id FROM articles WHERE current = 0)"
            )
            for table in _USER_TABLES:
                db.execute(f"DELETE FROM {table}")
            for row in user:
                self._put_user(db, row)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            self._clean(db, stamp)
            self._set_tidy(db, True)  # rebuilt because something unexpected happened

    def put_users(self, rows: Iterable[UserRow]) -> None:
        """Store articles' tags, collections and notes (replacing what was stored), in one
        transaction (a selection tagged at once)."""
        with self._db() as db, db:
            for row in rows:
                self._put_user(db, row)

    @staticmethod
    def _put_user(db: sqlite3.Connection, row: UserRow) -> None:
        for table in _USER_TABLES:
            db.execute(f"DELETE FROM {table} WHERE id = ?", (row.id,))
        db.executemany(
            "INSERT OR IGNORE INTO user_tags VALUES (?, ?)", [(row.id, t) for t in row.tags]
        )
        db.executemany(
            "INSERT OR IGNORE INTO user_collections VALUES (?, ?)",
            [(row.id, c) for c in row.collections],
        )
        if row.note:
            db.execute("INSERT INTO user_notes VALUES (?, ?)", (row.id, row.note))

    def tag_counts(self, collections: Iterable[str] | None = None) -> list[tuple[str, int]]:
        """(tag, number of current articles) for every tag in use, by name. With
        `collections` (ids: a collection and those nested in it), each count is of the
        articles filed there; every tag in use is still listed (0 where none is). One query
        whatever the number of tags."""
        counted, params = "COUNT(*)", ()
        if collections is not None:
            counted = (
                "SUM(id IN (SELECT id FROM user_collections WHERE collection IN "
                "(SELECT value FROM json_each(?))))"
            )
            params = (json.dumps(list(collections)),)
        sql = (
            f"SELECT tag, {counted} FROM user_tags "
            f"WHERE id IN (SELECT id FROM articles WHERE {_CURRENT}) "
            "GROUP BY tag COLLATE NOCASE ORDER BY tag COLLATE NOCASE"
        )
        with self._reader() as db:
            return [(row[0], row[1]) for row in db.execute(sql, params)]

    def tags_of(self, ids: list[str]) -> dict[str, list[str]]:
        """The analyst's tags of these articles, each in the order they were given."""
        found: dict[str, list[str]] = {}
        # One query for any number of ids (a selection of the whole library): the ids as one
        # JSON parameter, not one variable each.
        sql = (
            "SELECT id, tag FROM user_tags WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY rowid"
        )
        with self._db() as db:
            for article_id, tag in db.execute(sql, (json.dumps(list(ids)),)):
                found.setdefault(article_id, []).append(tag)
        return found

    def collection_counts(self, tree: Iterable[tuple[str, str | None]]) -> dict[str, int]:
        """Current articles in each collection, those nested in it included (an article in a
        collection and in one of its sub-collections counts once): one aggregate over the
        collection tree, given as (collection id, parent id or None) pairs. Collections
        without articles are left out."""
        pairs = json.dumps([[cid, parent] for cid, parent in tree])
        # `under` pairs every collection with itself and each of its ancestors; UNION (not
        # UNION ALL) ends the walk even when a damaged file nests a collection in itself.
        sql = (
            "WITH RECURSIVE tree(id, parent) AS (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') FROM json_each(?)), "
            "under(collection, ancestor) AS (SELECT id, id FROM tree UNION "
            "SELECT under.collection, tree.parent FROM under JOIN tree "
            "ON tree.id = under.ancestor WHERE tree.parent IS NOT NULL) "
            "SELECT under.ancestor, COUNT(DISTINCT filed.id) FROM user_collections AS filed "
            "JOIN under ON under.collection = filed.collection "
            # The few superseded articles left out, rather than each filed one looked up:
            # half the time at 100,000 (bench/library_view.py).
            "WHERE filed.id NOT IN (SELECT id FROM articles WHERE current = 0) "
            "GROUP BY under.ancestor"
        )
        with self._reader() as db:
            return {row[0]: row[1] for row in db.execute(sql, (pairs,))}

    def speaker_counts(self) -> list[tuple[str, str, int]]:
        """(key, name as written, claims) of every speaker of the current articles: one query."""
        sql = (
            "SELECT key, name, SUM(claims) FROM claim_speakers WHERE current = 1 "
            "GROUP BY key, name ORDER BY key, name"
        )
        with self._db() as db:
            return [(row[0], row[1], row[2]) for row in db.execute(sql)]

    def speaker_article_ids(self, keys: Iterable[str]) -> list[str]:
        """Ids of the current articles quoting a speaker under any of `keys`, oldest first."""
        keys = sorted(set(keys))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))  # a speaker's keys: a handful, never hundreds
        return self._column(
            f"SELECT id FROM claim_speakers WHERE key IN ({marks}) AND +current = 1 "
            "GROUP BY id ORDER BY MIN(published), id",
            tuple(keys),
        )

    def newer_version_ids(self, article_id: str) -> list[str]:
        """Ids of every version superseding `article_id`, directly or through others."""
        return self._column(
            "WITH RECURSIVE newer(id) AS (SELECT id FROM articles WHERE supersedes = ? "
            "UNION SELECT articles.id FROM articles JOIN newer ON articles.supersedes = newer.id) "
            "SELECT id FROM newer ORDER BY id",
            (article_id,),
        )

    # -- reading -----------------------------------------------------------------------------
    def _column(self, sql: str, params: tuple = ()) -> list:
        with self._db() as db:
            return [row[0] for row in db.execute(sql, params)]

    def count(self) -> int:
        return self._column("SELECT COUNT(*) FROM articles")[0]

    def current_count(self) -> int:
        return self._column(f"SELECT COUNT(*) FROM articles WHERE {_CURRENT}")[0]

    def ids(self) -> list[str]:
        return self._column("SELECT id FROM articles ORDER BY id")

    def keys(self) -> set[str]:
        return set(self._column("SELECT DISTINCT key FROM articles"))

    def ids_with_prefix(self, prefix: str) -> list[str]:
        # A range instead of LIKE: ids are lower-case hex, and `_`/`%` must not be wildcards.
        return self._column(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id",
            (prefix, prefix + "\uffff"),
        )

    def superseded_ids(self) -> set[str]:
        return set(self._column("SELECT supersedes FROM articles WHERE supersedes IS NOT NULL"))

    def current_ids(self) -> list[str]:
        return self._column(f"SELECT id FROM articles WHERE {_CURRENT} ORDER BY id")

    def current_id_for_key(self, key: str) -> str | None:
        """The current article citing as `key` (the highest id when several share it)."""
        ids = self._column(
            f"SELECT id FROM articles WHERE key = ? AND {_STILL_CURRENT} ORDER BY id DESC LIMIT 1",
            (key,),
        )
        return ids[0] if ids else None

    def current_key_ids(self) -> dict[str, str]:
        """key → id of every current article (the highest id when several share a key)."""
        with self._db() as db:
            rows = db.execute(f"SELECT key, id FROM articles WHERE {_CURRENT} ORDER BY id")
            return {key: article_id for key, article_id in rows}

    def current_keys(self) -> list[str]:
        return self._column(f"SELECT DISTINCT key FROM articles WHERE {_CURRENT} ORDER BY key")

    def current_ids_by_key(self, keys: Iterable[str]) -> dict[str, str]:
        """key → current id for the keys that name a current article."""
        out: dict[str, str] = {}
        for key in dict.fromkeys(keys):
            article_id = self.current_id_for_key(key)
            if article_id is not None:
                out[key] = article_id
        return out

    def ids_for_url(self, url: str) -> list[str]:
        return self._column("SELECT id FROM articles WHERE url = ? ORDER BY id", (url,))

    def current_id_for_url(self, url: str) -> str | None:
        """The newest current article with this URL (the one a new version supersedes)."""
        ids = self._column(
            f"SELECT id FROM articles WHERE url = ? AND {_STILL_CURRENT} "
            "ORDER BY imported_at DESC, id LIMIT 1",
            (url,),
        )
        return ids[0] if ids else None

    def entry(self, article_id: str) -> CatalogEntry | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _entry(row) if row else None

    def listing(
        self,
        *,
        sort: str = "published",
        descending: bool = True,
        filters: dict[str, str] | None = None,
        current_only: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> Listing:
        """One page of entries, sorted and filtered in SQLite (the library view's table).

        `filters` are exact matches on facet columns (words in the text are the search
        index's business: `Workspace.search`).
        """
        if sort not in SORTABLE:
            raise ValueError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTABLE)}")
        where, params = self._where(filters, current_only)
        order = _order_by(sort, descending)
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        with self._db() as db:
            total = db.execute(f"SELECT COUNT(*) FROM articles {where}", params).fetchone()[0]
            rows = db.execute(f"SELECT * FROM articles {where} ORDER BY {order}{page}", params)
            return Listing([_entry(r) for r in rows], total)

    def ordered_ids(
        self,
        *,
        sort: str = "published",
        descending: bool = True,
        filters: dict | None = None,
        current_only: bool = True,
    ) -> list[str]:
        """Every id a listing with these arguments would give, in its order (ids only, so a
        table can fetch any page by id instead of by an ever deeper OFFSET)."""
        if sort not in SORTABLE:
            raise ValueError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTABLE)}")
        where, params = self._where(filters, current_only)
        order = _order_by(sort, descending)
        return self._column(f"SELECT id FROM articles {where} ORDER BY {order}", tuple(params))

    def entries(self, ids: list[str]) -> list[CatalogEntry]:
        """The entries of these ids, in the order given (unknown ids left out)."""
        found: dict[str, CatalogEntry] = {}
        with self._db() as db:
            for start in range(0, len(ids), 500):  # within SQLite's variable limit
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                    entry = _entry(row)
                    found[entry.id] = entry
        return [found[i] for i in ids if i in found]

    def facet_counts(
        self, column: str, *, filters: dict[str, str] | None = None, limit: int = 50
    ) -> list[tuple[str, int]]:
        """(value, count) of one facet column among current articles, most frequent first."""
        if column not in FACETS:
            raise ValueError(f"no facet {column!r}; choose one of {', '.join(FACETS)}")
        where, params = self._where(filters, True)
        sql = (
            f"SELECT {column}, COUNT(*) AS n FROM articles {where} "
            f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT {int(limit)}"
        )
        with self._db() as db:
            return [(row[0], row[1]) for row in db.execute(sql, params)]

    @staticmethod
    def _where(filters: dict[str, str] | None, current_only: bool) -> tuple[str, list]:
        return where_clause(filters, _CURRENT if current_only else None, _USER_FILTERS, "?")


def where_clause(
    filters: dict | None, current: str | None, special: dict, mark: str
) -> tuple[str, list]:
    """(WHERE clause, parameters) of a listing: `current` (the current-article test, or None
    for every version), then each filter: a `special` one (typed words, the analyst's data)
    by its own clause, a facet column as an equality with parameter marker `mark`."""
    clauses, params = [], []
    if current:
        clauses.append(current)
    for column, value in (filters or {}).items():
        if column in special:  # typed words, the analyst's tags, collections, notes
            clause, values = special[column](value)
            clauses.append(clause)
            params.extend(values)
            continue
        if column not in FACETS:
            raise ValueError(f"cannot filter by {column!r}; choose one of {', '.join(FACETS)}")
        clauses.append(f"{column} = {mark}")  # a name from FACETS, never from the caller
        params.append(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
