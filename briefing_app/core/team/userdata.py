"""The analyst's own data in the team library: the PostgreSQL twins of `core.annotations`.

`TeamNotes` is `ArticleNotes` (tags, collection membership, highlights and the Markdown note
of each article) and `TeamShelf` is `Shelf` (collections, named, nestable and renamable, and
tag colours), with the same public methods, so `UserData` drives either.

Every change is one row, written in its own transaction: adding a tag inserts one
(article, tag) row, filing inserts one (article, collection) row, a highlight is one row. Two
analysts tagging, filing or highlighting the same article at once therefore both keep their
work; there is no read-modify-write of an article's data. A note is one row per article, last
writer wins, with a version: `save_note(..., expected=version)` refuses to overwrite a note
someone else changed since that version was read (`NoteConflict`), so the editor can warn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import psycopg
from psycopg import errors as pg_errors

from briefing_app.core.annotations import (
    Collection,
    CollectionTree,
    InvalidName,
    Note,
    NoteConflict,
    UserRecord,
    clean_collection_name,
    clean_tag,
    conflict_message,
    find_highlight,
    new_collection_id,
)
from briefing_app.core.catalog import UserRow
from briefing_app.core.highlights import Highlight, valid_colour
from briefing_app.core.team.transactions import Connector, Transactions, iso_utc, storable

_HIGHLIGHT_COLUMNS = 'id, paragraph, "offset", quote, colour, comment, created, orphaned'
# pg_advisory_xact_lock(class, key) class of one article's user data: "BRFU".
ARTICLE_LOCK = 0x42524655


def lock_article(conn: psycopg.Connection, article_id: str) -> None:
    """Hold the article's lock until the transaction ends. Changes of one article's rows then
    run one after another: two analysts adding the same tags in opposite orders wait for each
    other instead of deadlocking. Other articles are not held up."""
    conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ARTICLE_LOCK, article_id))


def _highlight(row: tuple) -> Highlight:
    return Highlight(*row)


class TeamNotes:
    """Tags, collection membership, highlights and notes of articles in a team library.

    `TeamNotes(source)`: `source` is a connection factory (`Callable[[], psycopg.Connection]`)
    or a location (`postgresql://…`, `service=…`); the schema must be migrated.
    """

    def __init__(self, source: Connector | str):
        self.db = Transactions(source)

    def close(self) -> None:
        self.db.close()

    # -- whole records (a new version's copy, an undone delete) -----------------------------
    def read(self, article_id: str) -> UserRecord:
        with self.db.transaction() as conn:
            return self._read(conn, article_id)

    @staticmethod
    def _read(conn: psycopg.Connection, article_id: str) -> UserRecord:
        tags = conn.execute(
            "SELECT tag FROM article_tags WHERE article_id = %s ORDER BY seq", (article_id,)
        ).fetchall()
        collections = conn.execute(
            "SELECT collection_id FROM article_collections WHERE article_id = %s ORDER BY seq",
            (article_id,),
        ).fetchall()
        highlights = conn.execute(
            f"SELECT {_HIGHLIGHT_COLUMNS} FROM article_highlights"
            " WHERE article_id = %s ORDER BY seq",
            (article_id,),
        ).fetchall()
        return UserRecord(
            [t for (t,) in tags], [c for (c,) in collections], [_highlight(h) for h in highlights]
        )

    def write(self, article_id: str, record: UserRecord) -> None:
        """Replace the article's tags, membership and highlights with `record`'s (one
        transaction). For a whole copy only: single edits go through the methods below."""
        tags = [storable(clean_tag(t), "tag") for t in record.tags]
        with self.db.transaction() as conn:
            lock_article(conn, article_id)
            for table in ("article_tags", "article_collections", "article_highlights"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = %s", (article_id,))
            self._add_tags(conn, article_id, tags)
            for collection_id in record.collections:
                # A collection deleted meanwhile is skipped, as `collections_of` skips it.
                conn.execute(
                    "INSERT INTO article_collections (article_id, collection_id)"
                    " SELECT %s, id FROM collections WHERE id = %s ON CONFLICT DO NOTHING",
                    (article_id, collection_id),
                )
            for highlight in record.highlights:
                self._insert_highlight(conn, article_id, highlight)

    # -- tags -------------------------------------------------------------------------------
    def change_tags(self, article_id: str, add: list[str] = (), remove: list[str] = ()) -> None:
        """Add and remove tags (compared without case; an existing spelling is kept)."""
        gone = {clean_tag(t).casefold() for t in remove}
        added = [storable(clean_tag(t), "tag") for t in add]
        with self.db.transaction() as conn:
            lock_article(conn, article_id)
            if gone:
                conn.execute(
                    "DELETE FROM article_tags WHERE article_id = %s AND tag_folded = ANY(%s)",
                    (article_id, sorted(gone)),
                )
            self._add_tags(conn, article_id, [t for t in added if t.casefold() not in gone])

    @staticmethod
    def _add_tags(conn: psycopg.Connection, article_id: str, tags: list[str]) -> None:
        for tag in tags:
            conn.execute(
                "INSERT INTO article_tags (article_id, tag, tag_folded) VALUES (%s, %s, %s)"
                " ON CONFLICT (article_id, md5(tag_folded)) DO NOTHING",
                (article_id, tag, tag.casefold()),
            )

    # -- collection membership --------------------------------------------------------------
    def file(self, article_id: str, collection_id: str, *, remove: bool = False) -> None:
        """Put the article into a collection, or take it out."""
        with self.db.transaction() as conn:
            if remove:
                conn.execute(
                    "DELETE FROM article_collections WHERE article_id = %s AND collection_id = %s",
                    (article_id, collection_id),
                )
                return
            try:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO article_collections (article_id, collection_id)"
                        " VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (article_id, collection_id),
                    )
            except pg_errors.ForeignKeyViolation:
                raise InvalidName(
                    f"The collection {collection_id!r} no longer exists (deleted by someone else?)."
                ) from None

    # -- highlights -------------------------------------------------------------------------
    def add_highlight(self, article_id: str, highlight: Highlight) -> None:
        with self.db.transaction() as conn:
            self._insert_highlight(conn, article_id, highlight)

    @staticmethod
    def _insert_highlight(conn: psycopg.Connection, article_id: str, h: Highlight) -> None:
        storable(h.quote + h.comment, "highlight")
        conn.execute(
            f"INSERT INTO article_highlights (article_id, {_HIGHLIGHT_COLUMNS})"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (article_id, h.id, h.paragraph, h.offset, h.quote, h.colour, h.comment, h.created)
            + (h.orphaned,),
        )

    def update_highlight(
        self,
        article_id: str,
        highlight_id: str,
        *,
        colour: str | None = None,
        comment: str | None = None,
    ) -> Highlight:
        colour = valid_colour(colour) if colour is not None else None
        comment = storable(comment.strip(), "comment") if comment is not None else None
        with self.db.transaction() as conn:
            found = self._find_highlight(conn, article_id, highlight_id)
            found.colour = colour if colour is not None else found.colour
            found.comment = comment if comment is not None else found.comment
            conn.execute(
                "UPDATE article_highlights SET colour = %s, comment = %s"
                " WHERE article_id = %s AND id = %s",
                (found.colour, found.comment, article_id, found.id),
            )
        return found

    def remove_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        with self.db.transaction() as conn:
            found = self._find_highlight(conn, article_id, highlight_id)
            conn.execute(
                "DELETE FROM article_highlights WHERE article_id = %s AND id = %s",
                (article_id, found.id),
            )
        return found

    @staticmethod
    def _find_highlight(conn: psycopg.Connection, article_id: str, prefix: str) -> Highlight:
        rows = conn.execute(
            f"SELECT {_HIGHLIGHT_COLUMNS} FROM article_highlights"
            " WHERE article_id = %s AND starts_with(id, %s) FOR UPDATE",
            (article_id, storable(prefix, "highlight id")),
        ).fetchall()
        return find_highlight([_highlight(r) for r in rows], article_id, prefix)

    # -- notes ------------------------------------------------------------------------------
    def note(self, article_id: str) -> str:
        return self.read_note(article_id).text

    def read_note(self, article_id: str) -> Note:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT text, version, updated_at, updated_by FROM article_notes"
                " WHERE article_id = %s",
                (article_id,),
            ).fetchone()
        return self._note(row)

    @staticmethod
    def _note(row: tuple | None) -> Note:
        """A stored row as a Note; a blank note is no note (as a deleted note file is)."""
        if row is None or not row[0].strip():
            return Note("", "")
        text, version, updated_at, updated_by = row
        return Note(text, str(version), iso_utc(updated_at), updated_by)

    def write_note(self, article_id: str, text: str) -> None:
        """Write the note, whatever is there (last writer wins)."""
        self.save_note(article_id, text)

    def save_note(self, article_id: str, text: str, expected: str | None = None) -> Note:
        """Write the note unless it changed since version `expected` was read (NoteConflict);
        `expected=None` writes whatever is there."""
        text = storable(text if text.strip() else "", "note")
        with self.db.transaction() as conn:
            # The row exists (blank) before it is locked, so two first notes at once are
            # ordered by the lock too instead of both passing the check.
            conn.execute(
                "INSERT INTO article_notes (article_id, text, version) VALUES (%s, '', 0)"
                " ON CONFLICT (article_id) DO NOTHING",
                (article_id,),
            )
            row = conn.execute(
                "SELECT text, version, updated_at, updated_by FROM article_notes"
                " WHERE article_id = %s FOR UPDATE",
                (article_id,),
            ).fetchone()
            current = self._note(row)
            if expected is not None and current.version != expected:
                raise NoteConflict(conflict_message(article_id, current))
            row = conn.execute(
                "UPDATE article_notes SET text = %s, version = version + 1, updated_at = now(),"
                " updated_by = current_user WHERE article_id = %s"
                " RETURNING text, version, updated_at, updated_by",
                (text, article_id),
            ).fetchone()
        return self._note(row)

    # -- what the catalog keeps -------------------------------------------------------------
    def has_data(self, article_id: str) -> bool:
        with self.db.transaction() as conn:
            return bool(
                conn.execute(
                    f"SELECT EXISTS (SELECT 1 FROM ({_WITH_DATA}) d WHERE article_id = %s)",
                    (article_id,),
                ).fetchone()[0]
            )

    def ids_with_data(self) -> list[str]:
        """Ids of articles with a tag, a membership, a highlight or a note."""
        with self.db.transaction() as conn:
            return [
                i
                for (i,) in conn.execute(
                    f"SELECT DISTINCT article_id FROM ({_WITH_DATA}) d ORDER BY 1"
                )
            ]

    def catalog_row(self, article_id: str) -> UserRow:
        """The catalog's copy of one article's tags, collections and note."""
        record = self.read(article_id)
        return UserRow(
            article_id, tuple(record.tags), tuple(record.collections), self.note(article_id)
        )

    def catalog_rows(self) -> Iterator[UserRow]:
        """Catalog rows of every article with user data, read in three queries."""
        with self.db.transaction() as conn:
            tags = dict(
                conn.execute(
                    "SELECT article_id, array_agg(tag ORDER BY seq) FROM article_tags"
                    " GROUP BY article_id"
                ).fetchall()
            )
            members = dict(
                conn.execute(
                    "SELECT article_id, array_agg(collection_id ORDER BY seq)"
                    " FROM article_collections GROUP BY article_id"
                ).fetchall()
            )
            notes = dict(
                conn.execute("SELECT article_id, text FROM article_notes WHERE text <> ''")
            )
            ids = [
                i
                for (i,) in conn.execute(
                    f"SELECT DISTINCT article_id FROM ({_WITH_DATA}) d ORDER BY 1"
                )
            ]
        for article_id in ids:
            note = notes.get(article_id, "")
            yield UserRow(
                article_id,
                tuple(tags.get(article_id, ())),
                tuple(members.get(article_id, ())),
                note if note.strip() else "",
            )


_WITH_DATA = (
    "SELECT article_id FROM article_tags UNION ALL SELECT article_id FROM article_collections"
    " UNION ALL SELECT article_id FROM article_highlights"
    " UNION ALL SELECT article_id FROM article_notes WHERE btrim(text) <> ''"
)
# Every table holding rows of one article's user data (names are constants, never input).
_ARTICLE_TABLES = (
    "article_tags",
    "article_collections",
    "article_highlights",
    "article_notes",
    "metadata_corrections",
    "claim_corrections",
)


def forget_user_data(conn: psycopg.Connection, article_ids: Iterable[str]) -> None:
    """Delete every user-data row of these articles (in the caller's transaction)."""
    ids = list(article_ids)
    for table in _ARTICLE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", (ids,))


def _nested_in(conn: psycopg.Connection, collection_id: str, ancestor: str) -> bool:
    """True when `collection_id` is `ancestor` or nested in it at any depth."""
    row = conn.execute(
        "WITH RECURSIVE up(id, parent) AS (SELECT id, parent FROM collections WHERE id = %s"
        " UNION SELECT c.id, c.parent FROM collections c JOIN up ON c.id = up.parent)"
        " SELECT 1 FROM up WHERE id = %s",
        (collection_id, ancestor),
    ).fetchone()
    return row is not None


class TeamShelf(CollectionTree):
    """The team library's collections and tag colours.

    `TeamShelf(source)`: a connection factory or a location, as `TeamNotes`.
    """

    def __init__(self, source: Connector | str):
        self.db = Transactions(source)

    def close(self) -> None:
        self.db.close()

    # -- collections ------------------------------------------------------------------------
    def collections(self) -> list[Collection]:
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT id, name, parent FROM collections ORDER BY seq").fetchall()
        return [Collection(*row) for row in rows]

    def create(self, name: str, parent: str | None = None) -> Collection:
        name = storable(clean_collection_name(name), "collection name")
        parent_id = self.find(parent).id if parent else None
        collection = Collection(new_collection_id(), name, parent_id)
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "INSERT INTO collections (id, name, name_folded, parent)"
                    " VALUES (%s, %s, %s, %s)",
                    (collection.id, name, name.casefold(), parent_id),
                )
        except pg_errors.UniqueViolation:
            raise InvalidName(f"There is already a collection {name!r} there.") from None
        except pg_errors.ForeignKeyViolation:
            raise InvalidName(f"No collection named {parent!r} (deleted meanwhile?).") from None
        return collection

    def ensure(self, path: str) -> Collection:
        """The collection at "A/B/C", creating the levels that do not exist yet (a level made
        by someone else at the same moment is taken, not made twice)."""
        names = [clean_collection_name(p) for p in path.split("/") if p.strip()]
        if not names:
            raise InvalidName(f"{path!r} cannot be a collection name.")
        parent: Collection | None = None
        with self.db.transaction() as conn:
            for name in names:
                storable(name, "collection name")
                parent_id = parent.id if parent else None
                conn.execute(
                    "INSERT INTO collections (id, name, name_folded, parent) VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT (COALESCE(parent, ''), md5(name_folded)) DO NOTHING",
                    (new_collection_id(), name, name.casefold(), parent_id),
                )
                row = conn.execute(
                    "SELECT id, name, parent FROM collections"
                    " WHERE COALESCE(parent, '') = %s AND md5(name_folded) = md5(%s)",
                    (parent_id or "", name.casefold()),
                ).fetchone()
                parent = Collection(*row)
        return parent

    def rename(self, name_or_path: str, new_name: str) -> Collection:
        target = self.find(name_or_path)
        new_name = storable(clean_collection_name(new_name), "collection name")
        try:
            with self.db.transaction() as conn:
                row = conn.execute(
                    "UPDATE collections SET name = %s, name_folded = %s WHERE id = %s"
                    " RETURNING parent",
                    (new_name, new_name.casefold(), target.id),
                ).fetchone()
        except pg_errors.UniqueViolation:
            raise InvalidName(f"There is already a collection {new_name!r} there.") from None
        if row is None:
            raise InvalidName(f"No collection named {name_or_path!r} (deleted meanwhile?).")
        return Collection(target.id, new_name, row[0])

    def remove(self, name_or_path: str) -> Collection:
        """Delete a collection; its sub-collections move up to its parent. Articles stay (their
        membership of it goes with it)."""
        target = self.find(name_or_path)
        try:
            with self.db.transaction() as conn:
                row = conn.execute(
                    "SELECT parent FROM collections WHERE id = %s FOR UPDATE", (target.id,)
                ).fetchone()
                if row is None:
                    raise InvalidName(f"No collection named {name_or_path!r} (deleted meanwhile?).")
                conn.execute(
                    "UPDATE collections SET parent = %s WHERE parent = %s", (row[0], target.id)
                )
                conn.execute("DELETE FROM collections WHERE id = %s", (target.id,))
        except pg_errors.UniqueViolation:
            raise InvalidName(
                f"{name_or_path!r} holds a collection named like one beside it; rename that one "
                "first, so the two do not meet when it moves up."
            ) from None
        return Collection(target.id, target.name, row[0])

    def move(self, name_or_path: str, new_parent: str | None) -> Collection:
        """Nest a collection inside another (None: at the top level), never inside itself or
        a collection nested in it (checked in the transaction that moves it)."""
        target = self.find(name_or_path)
        parent_id = self.find(new_parent).id if new_parent else None
        try:
            with self.db.transaction() as conn:
                conn.execute("LOCK TABLE collections IN SHARE ROW EXCLUSIVE MODE")
                if parent_id is not None and _nested_in(conn, parent_id, target.id):
                    raise InvalidName(f"{target.name!r} cannot go inside itself.")
                moved = conn.execute(
                    "UPDATE collections SET parent = %s WHERE id = %s RETURNING id",
                    (parent_id, target.id),
                ).fetchone()
        except pg_errors.UniqueViolation:
            raise InvalidName(f"There is already a collection {target.name!r} there.") from None
        except pg_errors.ForeignKeyViolation:
            raise InvalidName(f"No collection named {new_parent!r} (deleted meanwhile?).") from None
        if moved is None:
            raise InvalidName(f"No collection named {name_or_path!r} (deleted meanwhile?).")
        return Collection(target.id, target.name, parent_id)

    def put_back(self, collection: Collection, children: Iterable[str] = ()) -> Collection:
        """A deleted collection made again as it was (its id, name and place), with `children`
        — the collections that moved up when it went — nested in it again. Its place is the
        top level when its parent has gone since."""
        name = storable(clean_collection_name(collection.name), "collection name")
        try:
            with self.db.transaction() as conn:
                parent = conn.execute(
                    "SELECT id FROM collections WHERE id = %s FOR SHARE", (collection.parent,)
                ).fetchone()
                parent_id = parent[0] if parent else None
                conn.execute(
                    "INSERT INTO collections (id, name, name_folded, parent)"
                    " VALUES (%s, %s, %s, %s)",
                    (collection.id, name, name.casefold(), parent_id),
                )
                conn.execute(  # those still where they moved up to
                    "UPDATE collections SET parent = %s"
                    " WHERE id = ANY(%s) AND parent IS NOT DISTINCT FROM %s",
                    (collection.id, list(children), parent_id),
                )
        except pg_errors.UniqueViolation as exc:
            if exc.diag.constraint_name == "collections_pkey":
                raise InvalidName(f"The collection {name!r} exists already.") from None
            raise InvalidName(f"There is already a collection {name!r} there.") from None
        return Collection(collection.id, name, parent_id)

    # -- tag colours ------------------------------------------------------------------------
    def tag_colours(self) -> dict[str, str]:
        with self.db.transaction() as conn:
            return dict(conn.execute("SELECT tag, colour FROM tag_colours ORDER BY tag_folded"))

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        tag = storable(clean_tag(tag), "tag")
        with self.db.transaction() as conn:
            if not colour:
                conn.execute(
                    "DELETE FROM tag_colours WHERE md5(tag_folded) = md5(%s)", (tag.casefold(),)
                )
                return
            conn.execute(
                "INSERT INTO tag_colours (tag, tag_folded, colour) VALUES (%s, %s, %s)"
                " ON CONFLICT (md5(tag_folded))"
                " DO UPDATE SET tag = EXCLUDED.tag, colour = EXCLUDED.colour",
                (tag, tag.casefold(), valid_colour(colour)),
            )
