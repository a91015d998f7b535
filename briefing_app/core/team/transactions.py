"""One connection a team store keeps, and the transactions every change runs in.

A store is given a connection factory (`Callable[[], psycopg.Connection]`) or a location
(`postgresql://…`, `service=…`). It opens a connection on first use and keeps it; every read
and every change is one transaction, so a change is all there or not at all and nothing is left
open between two calls. A lost connection is a clear `LibraryError`, and the next call opens a
new one: nothing is retried behind the analyst's back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from briefing_app.core.errors import BriefingError, LibraryError
from briefing_app.core.team import connection

Connector = Callable[[], psycopg.Connection]


def connector(source: Connector | str) -> Connector:
    """A connection factory from a factory or a location string."""
    if isinstance(source, str):
        location = source
        connection.parse(location)  # a password or a malformed location is refused now
        return lambda: connection.connect(location, autocommit=True)
    return source


def iso_utc(value: dt.datetime | None) -> str:
    """A database time as the local stores write one: ISO 8601, UTC, to the second."""
    if value is None:
        return ""
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def without_nul(text: str, what: str) -> str:
    """`text` unchanged; PostgreSQL text cannot hold NUL, so one is refused with a clear error
    instead of failing inside the driver."""
    if "\x00" in text:
        raise BriefingError(
            f"The {what} contains a NUL character, which the team library cannot store."
        )
    return text


class Transactions:
    """A kept connection and a transaction per call."""

    def __init__(self, source: Connector | str):
        self._connect = connector(source)
        self._conn: psycopg.Connection | None = None

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = self._connect()
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """A connection inside a transaction, committed when the block ends without error."""
        conn = self._connection()
        try:
            with conn.transaction():
                yield conn
        except psycopg.OperationalError as exc:
            if conn.broken or conn.closed:
                self._conn = None
                raise LibraryError(f"Lost the connection to the team library: {exc}") from exc
            raise

    def close(self) -> None:
        if self._conn is not None and not self._conn.closed:
            self._conn.close()
        self._conn = None
