"""The team library's schema: versioned migrations the app runs on open.

Each step is a module `vNNNN_name.py` holding `SQL`, named in STEP_NAMES,
in increasing order. `migrate()` applies the steps a database
lacks in one transaction under an advisory lock, so two workstations opening a new library at
once apply each step once and a failed step leaves the schema as it was; a database migrated by a newer Briefing is refused
rather than written with an older idea of its tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

import psycopg

from briefing_app.core.errors import LibraryError

# Every step, in number order: listed, not discovered on disk (the bundle's spec collects every
# submodule of the app, so a frozen bundle carries each one listed here).
STEP_NAMES = (
    "v0001_library",
    "v0002_search",
    "v0003_userdata",
    "v0004_live_articles",
    "v0005_live_digest",
    "v0006_text_positions",
    "v0007_article_words",
    "v0008_claim_words",
    "v0009_rank_words",
    "v0010_narrow_rows",
)
STEPS: list[ModuleType] = [import_module(f"{__name__}.{name}") for name in STEP_NAMES]

# pg_advisory_xact_lock key: "BRFG" as a 32-bit integer, shared by every Briefing migration.
LOCK_KEY = 0x42524647


class SchemaTooNew(LibraryError):
    """The team library was migrated by a newer Briefing than this one."""


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: str


def steps(modules: list[ModuleType] | None = None) -> list[Step]:
    """The migration steps, checked to be numbered in increasing order."""
    found: list[Step] = []
    for module in STEPS if modules is None else modules:
        short = module.__name__.rsplit(".", 1)[-1]
        number, _, name = short.partition("_")
        version = int(number.lstrip("v"))
        if found and version <= found[-1].version:
            raise RuntimeError(f"migration {short} is out of order (after v{found[-1].version})")
        found.append(Step(version, name, module.SQL))
    return found


def _table_exists(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('briefing_schema') IS NOT NULL").fetchone()[0]


def applied_versions(conn: psycopg.Connection) -> set[int]:
    """The steps applied to this database (none for a new one)."""
    if not _table_exists(conn):
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM briefing_schema")}


def current_version(conn: psycopg.Connection) -> int:
    """The highest step applied to this database (0 for a new one)."""
    return max(applied_versions(conn), default=0)


def refuse_newer(applied: set[int], known: list[Step]) -> None:
    """SchemaTooNew when the database holds a step this Briefing does not know."""
    unknown = applied - {step.version for step in known}
    if unknown:
        newest = known[-1].version if known else 0
        raise SchemaTooNew(
            f"This team library uses schema version {max(unknown)}, but this Briefing "
            f"knows only up to {newest}. Update Briefing before opening it."
        )


def migrate(conn: psycopg.Connection, modules: list[ModuleType] | None = None) -> int:
    """Bring the database to the newest schema this Briefing knows; the version it is at.

    Every known step not yet applied is applied, in order; a step the database has but this
    Briefing does not know means a newer Briefing migrated it, and nothing is touched."""
    known = steps(modules)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS briefing_schema ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = applied_versions(conn)
        refuse_newer(applied, known)
        for step in known:
            if step.version in applied:
                continue
            conn.execute(step.sql)
            conn.execute(
                "INSERT INTO briefing_schema (version, name) VALUES (%s, %s)",
                (step.version, step.name),
            )
    return current_version(conn)
