"""Where a team library lives: libpq URLs and service names, and opening a connection.

A team library is named by what libpq understands — `postgresql://host/db` or
`service=name` — and libpq does the rest: `.pgpass` and service files for passwords, `PGSSLMODE`,
`sslrootcert` and the other TLS settings as the administrator configured them. Briefing never
keeps a password: a location that carries one is refused before anything is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_app.core.errors import LibraryError

if TYPE_CHECKING:
    import psycopg

SCHEMES = ("postgresql://", "postgres://")
APPLICATION_NAME = "Briefing"


def is_team_location(location: object) -> bool:
    """True for a libpq URL or service name, False for a folder path."""
    text = str(location).strip()
    return text.startswith(SCHEMES) or text.startswith("service=")


def parse(location: str) -> dict[str, str]:
    """The location's libpq parameters; refuses a malformed one and one holding a password."""
    import psycopg  # the driver loads only when a team library is opened
    from psycopg import conninfo

    try:
        params = conninfo.conninfo_to_dict(location.strip())
    except psycopg.ProgrammingError as exc:
        raise LibraryError(f"Not a PostgreSQL location: {location!r} ({exc}).") from exc
    if params.get("password"):
        raise LibraryError(
            "The library location contains a password. Briefing does not keep passwords: "
            "put it in ~/.pgpass (or a pg_service.conf entry) and give the location without it."
        )
    return {key: str(value) for key, value in params.items()}


def display(location: str) -> str:
    """The location as shown to the user (host, port, database; never a password)."""
    params = parse(location)
    if "service" in params and len(params) == 1:
        return f"service={params['service']}"
    host = params.get("host", "localhost")
    if host.startswith("/"):
        host = "local socket"
    port = f":{params['port']}" if "port" in params else ""
    return f"PostgreSQL {params.get('dbname', '')} on {host}{port}".replace("  ", " ")


def connect(location: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A new connection to the team library's database."""
    import psycopg

    params = parse(location)
    try:
        return psycopg.connect(
            location.strip(), autocommit=autocommit, application_name=APPLICATION_NAME
        )
    except psycopg.OperationalError as exc:
        where = display(location) if params else location
        raise LibraryError(f"Could not reach the team library ({where}): {exc}".strip()) from exc
