"""The trash of a team library: the PostgreSQL twin of `core.trash.Trash`.

In a team library a deleted article is marked, not moved: its rows stay where they are, and a
row in `trashed_articles` (with its batch in `trash_batches`) says it is in the trash. The team
library leaves marked articles out of everything it lists and finds
(`NOT EXISTS (SELECT 1 FROM trashed_articles t WHERE t.article_id = …)`); restoring a batch
removes the marks, so the articles, with their tags, notes and highlights, are back as they
were. Emptying a batch deletes its articles for good, with their user data, in one transaction.
An article is in at most one batch: trashing it twice (two analysts at once) is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import psycopg
from psycopg import errors as pg_errors

from briefing_app.core.errors import BriefingError
from briefing_app.core.team.transactions import Connector, Transactions, iso_utc
from briefing_app.core.team.userdata import forget_user_data
from briefing_app.core.trash import new_batch_id, no_batch

# Deletes the articles' own rows (records, originals, claims, search rows) on the connection it
# is given, inside the transaction that empties the batch.
ArticleDeleter = Callable[[psycopg.Connection, list[str]], None]


class TeamTrash:
    """Trash, restore and empty batches of articles in a team library.

    `TeamTrash(source, delete_articles)`: `source` is a connection factory
    (`Callable[[], psycopg.Connection]`) or a location; `delete_articles(conn, ids)` removes the
    library's own rows of articles when a batch is emptied.
    """

    def __init__(self, source: Connector | str, delete_articles: ArticleDeleter):
        self.db = Transactions(source)
        self.delete_articles = delete_articles

    def close(self) -> None:
        self.db.close()

    def put(self, ids: list[str], writing: Callable) -> str:
        """Mark the articles as trashed, as one batch; the batch id `take_back` takes."""
        if not ids:
            raise BriefingError("No articles to delete.")
        ids = list(dict.fromkeys(ids))
        batch_id = new_batch_id()
        with writing():
            try:
                with self.db.transaction() as conn:
                    conn.execute("INSERT INTO trash_batches (id) VALUES (%s)", (batch_id,))
                    # In id order: two batches sharing articles lock them in the same order,
                    # so one waits for the other (and is refused) instead of deadlocking.
                    for position, article_id in sorted(enumerate(ids), key=lambda p: p[1]):
                        conn.execute(
                            "INSERT INTO trashed_articles (article_id, batch_id, position)"
                            " VALUES (%s, %s, %s)",
                            (article_id, batch_id, position),
                        )
            except pg_errors.UniqueViolation:
                raise BriefingError(
                    "One of these articles is already in the trash (deleted by someone else "
                    "meanwhile?); nothing was deleted."
                ) from None
        return batch_id

    def batches(self) -> list[dict]:
        """Batches, newest first: {"id", "deleted_at", "ids"}."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT b.id, b.deleted_at, array_agg(t.article_id ORDER BY t.position)"
                " FROM trash_batches b JOIN trashed_articles t ON t.batch_id = b.id"
                " GROUP BY b.id, b.deleted_at ORDER BY b.deleted_at DESC, b.id DESC"
            ).fetchall()
        return [
            {"id": batch_id, "deleted_at": iso_utc(when), "ids": list(ids)}
            for batch_id, when, ids in rows
        ]

    def is_trashed(self, article_id: str) -> bool:
        with self.db.transaction() as conn:
            return conn.execute(
                "SELECT EXISTS (SELECT 1 FROM trashed_articles WHERE article_id = %s)",
                (article_id,),
            ).fetchone()[0]

    def take_back(
        self, batch_id: str, writing: Callable, only: Iterable[str] | None = None
    ) -> list[str]:
        """Unmark a batch (undo a delete), or only the articles `only` names of it (the rest
        stay in the trash, in the same batch); the ids restored."""
        with writing(), self.db.transaction() as conn:
            ids = self._lock(conn, batch_id)
            chosen = None if only is None else set(only)
            wanted = [i for i in ids if chosen is None or i in chosen]
            if len(wanted) < len(ids):
                conn.execute(
                    "DELETE FROM trashed_articles WHERE batch_id = %s AND article_id = ANY(%s)",
                    (batch_id, wanted),
                )
            else:
                conn.execute("DELETE FROM trash_batches WHERE id = %s", (batch_id,))
        return wanted

    def empty(self, batch_id: str, writing: Callable) -> list[str]:
        """Delete a batch's articles for good, with their user data; the ids deleted."""
        with writing(), self.db.transaction() as conn:
            ids = self._lock(conn, batch_id)
            self.delete_articles(conn, ids)
            forget_user_data(conn, ids)
            conn.execute("DELETE FROM trash_batches WHERE id = %s", (batch_id,))
        return ids

    @staticmethod
    def _lock(conn: psycopg.Connection, batch_id: str) -> list[str]:
        """The batch's ids, locked so a second restore or emptying waits and then finds none."""
        found = conn.execute(
            "SELECT 1 FROM trash_batches WHERE id = %s FOR UPDATE", (batch_id,)
        ).fetchone()
        if found is None:
            raise no_batch(batch_id)
        rows = conn.execute(
            "SELECT article_id FROM trashed_articles WHERE batch_id = %s ORDER BY position",
            (batch_id,),
        ).fetchall()
        return [i for (i,) in rows]
