"""The connections a team store keeps, and the transactions every change runs in.

A store is given a connection factory (`Callable[[], psycopg.Connection]`) or a location
(`postgresql://…`, `service=…`). It opens a connection on first use in each thread and keeps
it; every read and every change is one transaction, so a change is all there or not at all and
nothing is left open between two calls. A lost connection is a clear `LibraryError`, and the
next call opens a new one: nothing is retried behind the analyst's back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from briefing_app.core.errors import (
    BriefingError,
    ConnectionLost,
    LibraryReadOnly,
)
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


def storable(text: str, what: str) -> str:
    """`text` unchanged when PostgreSQL can hold it; a clear error before anything is written
    for what it cannot: a NUL character, or a lone surrogate (not UTF-8)."""
    if "\x00" in text:
        raise BriefingError(
            f"The {what} contains a NUL character, which the team library cannot store."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        raise BriefingError(
            f"The {what} holds characters that cannot be written as UTF-8 ({bad})."
        ) from None
    return text


def storable_values(value: Any, what: str) -> None:
    """`storable` for every key and string inside `value` (a JSON-like dict or list): its
    `repr` would escape a NUL and so hide it."""
    if isinstance(value, str):
        storable(value, what)
    elif isinstance(value, dict):
        for key, item in value.items():
            storable_values(key, what)
            storable_values(item, what)
    elif isinstance(value, (list, tuple)):
        for item in value:
            storable_values(item, what)


def _plain_error(exc: psycopg.Error, conn: psycopg.Connection) -> BriefingError | None:
    """The server's refusal or a dropped connection as the error the analyst is shown, or
    None for an error that is a bug (it propagates as it is)."""
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return LibraryReadOnly(
            "This server holds a read-only copy of the team library (a replica, or a login "
            "set to read only): make changes on the primary server."
        )
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return LibraryReadOnly(
            "Your login may only read this team library, not change it; ask its "
            f"administrator for the contributor role ({exc.diag.message_primary})."
        )
    if isinstance(exc, psycopg.OperationalError) and (conn.broken or conn.closed):
        return ConnectionLost(f"Lost the connection to the team library: {exc}")
    return None


@contextmanager
def server_errors(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Work on `conn` with the server's refusals and a dropped connection turned into the
    plain errors the analyst is shown; any other error propagates as the bug it is."""
    try:
        yield conn
    except (
        pg_errors.InsufficientPrivilege,
        pg_errors.ReadOnlySqlTransaction,
        psycopg.OperationalError,
    ) as exc:
        plain = _plain_error(exc, conn)
        if plain is None:
            raise
        raise plain from exc


class ThreadConnections:
    """A kept connection per thread, opened on first use there and again after it broke.

    Per thread, because two threads' transaction blocks on one connection would become one
    transaction (the window searches, counts and reads notes from worker threads at once)."""

    def __init__(self, source: Connector | str):
        self._connect = connector(source)
        self._local = threading.local()
        self._opened: list[psycopg.Connection] = []
        self._opened_lock = threading.Lock()

    def get(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._local.conn = self._connect()
            with self._opened_lock:
                self._opened = [c for c in self._opened if not c.closed] + [conn]
        return conn

    def close(self) -> None:
        """Close every connection opened (in any thread)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()
        self._local = threading.local()


class Transactions:
    """A kept connection per thread (`ThreadConnections`) and a transaction per call."""

    def __init__(self, source: Connector | str):
        self._connections = ThreadConnections(source)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """A connection inside a transaction, committed when the block ends without error."""
        conn = self._connections.get()  # a new one when the last was lost
        with server_errors(conn), conn.transaction():
            yield conn

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
        self._connections.close()
