"""Throwaway PostgreSQL databases for the benchmarks that measure a team library.

Without a server given, a cluster of the bench's own is started as the tests start theirs
(`tests/pg_cluster.py`: Debian's server binaries, a private socket, fsync off) and removed at
the end. With `--pg-url postgresql://…`, the databases are made on that server (its user must
be allowed to CREATE DATABASE) and dropped at the end.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from tests import pg_cluster

# The tables of schema step v0002 (`briefing_app/core/team/schema/v0002_search.py`): the
# search engine's rows, the rest of a team library's tables are the library itself.
SEARCH_TABLE = re.compile(r"^search_")
# The bench opens many workspaces in one process (and the window's stores open their own), so
# its own cluster allows more connections than the tests' (`--pg-url`: the server's limit).
CONNECTIONS = 400


def with_database(url: str, name: str) -> str:
    """`url` (a postgresql:// URL) naming database `name` instead of its own."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Databases:
    """Fresh databases on one server, each a team library's location (a postgresql:// URL)."""

    def __init__(self, url: str | None = None):
        self.cluster = None
        if url is None:
            reason = pg_cluster.missing_reason()
            if reason:
                raise SystemExit(f"No PostgreSQL to measure: {reason} (or give --pg-url).")
            self.cluster = pg_cluster.start_cluster(max_connections=CONNECTIONS)
            url = self.cluster.url()
        elif not url.startswith(("postgresql://", "postgres://")):
            raise SystemExit(f"--pg-url must be a postgresql:// URL, not {url!r}")
        self.admin = url
        self.made: list[str] = []

    def create(self, name: str) -> str:
        """A new empty database (dropped first if a run before left one of that name)."""
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return with_database(self.admin, name)

    def drop(self, location: str) -> None:
        import psycopg

        name = urlsplit(location).path.lstrip("/")
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def close(self) -> None:
        """Every database made here dropped; the bench's own cluster stopped and deleted."""
        try:
            for name in list(self.made):
                self.drop(with_database(self.admin, name))
        finally:
            if self.cluster is not None:
                self.cluster.stop()
                self.cluster = None


def table_bytes(location: str) -> dict[str, int]:
    """pg_total_relation_size (rows, TOAST and indexes) of each table of the public schema."""
    import psycopg

    with psycopg.connect(location) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
    return dict(rows)


def search_bytes(location: str) -> int:
    """The search engine's tables (the index of a team library), rows and indexes."""
    return sum(size for name, size in table_bytes(location).items() if SEARCH_TABLE.match(name))


def database_bytes(location: str) -> int:
    """pg_database_size: every table plus PostgreSQL's own catalogs (about 7 MB when empty)."""
    import psycopg

    with psycopg.connect(location) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def vacuum_full(location: str) -> None:
    """Every table rewritten to its live rows (dead rows of replaced articles gone)."""
    import psycopg

    with psycopg.connect(location, autocommit=True) as conn:
        conn.execute("VACUUM FULL")
