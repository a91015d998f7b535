"""Saved searches of a team library: the PostgreSQL twin of `core.search.saved.SavedSearches`.

One row per saved search, shared by the team: name → query, with when it last ran and the ids
that run saw. Saving a name again replaces its query (and forgets its last run), as locally;
`record_run` replaces one search's run, so two analysts running different searches never
touch each other's rows, and two running the same one leave the later run.
"""

from __future__ import annotations

from briefing_app.core.errors import LibraryError
from briefing_app.core.search.saved import SavedSearch, checked, count_new
from briefing_app.core.team.transactions import Connector, Transactions, iso_utc, storable

_COLUMNS = "name, query, last_run, seen"


def _saved(row: tuple) -> SavedSearch:
    name, query, last_run, seen = row
    return SavedSearch(name=name, query=query, last_run=iso_utc(last_run), seen=list(seen))


class TeamSavedSearches:
    """Load, change and save the saved searches of a team library.

    `TeamSavedSearches(source)`: a connection factory (`Callable[[], psycopg.Connection]`) or a
    location (`postgresql://…`, `service=…`); the schema must be migrated.
    """

    def __init__(self, source: Connector | str):
        self.db = Transactions(source)

    def close(self) -> None:
        self.db.close()

    def load(self) -> list[SavedSearch]:
        """Every saved search, in the order they were saved."""
        with self.db.transaction() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM saved_searches ORDER BY seq").fetchall()
        return [_saved(row) for row in rows]

    def get(self, name: str) -> SavedSearch:
        with self.db.transaction() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM saved_searches WHERE md5(name) = md5(%s) AND name = %s",
                (storable(name, "search name"), name),
            ).fetchone()
        if row is None:
            raise LibraryError(f"No saved search named {name!r}.")
        return _saved(row)

    def save(self, name: str, query: str) -> SavedSearch:
        """Add (or replace the query of) a saved search; the query is checked first."""
        name = storable(checked(name, query), "search name")
        storable(query, "query")
        with self.db.transaction() as conn:
            # Saved again: a new query, no run yet, and last in the list (as locally).
            conn.execute(
                "INSERT INTO saved_searches (name, query) VALUES (%s, %s)"
                " ON CONFLICT (md5(name)) DO UPDATE SET query = EXCLUDED.query,"
                " last_run = NULL, seen = '{}', saved_by = current_user, seq = DEFAULT",
                (name, query),
            )
        return SavedSearch(name, query)

    def remove(self, name: str) -> None:
        with self.db.transaction() as conn:
            gone = conn.execute(
                "DELETE FROM saved_searches WHERE md5(name) = md5(%s) AND name = %s",
                (storable(name, "search name"), name),
            ).rowcount
        if not gone:
            raise LibraryError(f"No saved search named {name!r}.")

    def record_run(self, name: str, ids: list[str]) -> None:
        """Remember that `name` ran now and saw these article ids."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE saved_searches SET last_run = date_trunc('second', now()), seen = %s"
                " WHERE md5(name) = md5(%s) AND name = %s",
                (sorted(set(ids)), storable(name, "search name"), name),
            )

    def with_counts(self, all_ids) -> list[SavedSearch]:
        """Saved searches with `new` = hits (from `all_ids(query)`) unseen at the last run; a
        query that no longer runs gets its `problem` instead, and the others are counted."""
        return count_new(self.load(), all_ids)
