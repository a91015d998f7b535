"""The team library's migrations and locations (needs a PostgreSQL server; skips without one)."""

from __future__ import annotations

import threading
import types
from pathlib import Path

import psycopg
import pytest

from briefing_app.core.errors import LibraryError
from briefing_app.core.team import connection, schema


def _step(name: str, sql: str) -> types.ModuleType:
    module = types.ModuleType(f"briefing_app.core.team.schema.{name}")
    module.SQL = sql
    return module


STEPS = [
    _step("v0001_first", "CREATE TABLE one (id integer PRIMARY KEY); INSERT INTO one VALUES (1);"),
    _step("v0002_second", "ALTER TABLE one ADD COLUMN label text DEFAULT 'x';"),
]


def test_a_new_database_gets_every_step_once(pg_url):
    with psycopg.connect(pg_url) as conn:
        assert schema.current_version(conn) == 0
        assert schema.migrate(conn, STEPS) == 2
        assert schema.migrate(conn, STEPS) == 2  # nothing left to apply
        assert conn.execute("SELECT id, label FROM one").fetchall() == [(1, "x")]
        names = conn.execute("SELECT name FROM briefing_schema ORDER BY version").fetchall()
        assert names == [("first",), ("second",)]


def test_an_older_database_is_brought_forward(pg_url):
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn, STEPS[:1])
        assert schema.current_version(conn) == 1
        assert schema.migrate(conn, STEPS) == 2


def test_a_newer_schema_is_refused_and_left_alone(pg_url):
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn, STEPS)
        with pytest.raises(schema.SchemaTooNew, match="version 2.*only up to 1"):
            schema.migrate(conn, STEPS[:1])
        assert schema.current_version(conn) == 2


def test_a_failing_step_leaves_the_schema_as_it_was(pg_url):
    broken = [*STEPS[:1], _step("v0002_broken", "ALTER TABLE missing ADD COLUMN x text;")]
    with psycopg.connect(pg_url) as conn:
        with pytest.raises(psycopg.errors.UndefinedTable):
            schema.migrate(conn, broken)
        conn.rollback()
        assert schema.current_version(conn) == 0
        assert conn.execute("SELECT to_regclass('one')").fetchone()[0] is None


def test_steps_out_of_order_are_a_programming_error():
    with pytest.raises(RuntimeError, match="out of order"):
        schema.steps([STEPS[1], STEPS[0]])


def test_a_step_added_between_two_applied_ones_is_applied(pg_url):
    third = _step("v0003_third", "CREATE TABLE three (id integer);")
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn, [STEPS[0], third])
        assert schema.migrate(conn, [*STEPS, third]) == 3
        assert conn.execute("SELECT label FROM one").fetchone() == ("x",)


def test_two_workstations_opening_a_new_library_apply_each_step_once(pg_url):
    errors = []

    def open_library():
        try:
            with psycopg.connect(pg_url) as conn:
                schema.migrate(conn, STEPS)
        except Exception as exc:  # reported below: the test fails on any of them
            errors.append(exc)

    threads = [threading.Thread(target=open_library) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM briefing_schema").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM one").fetchone()[0] == 1


@pytest.mark.parametrize(
    "location, team",
    [
        ("postgresql://db.example.org/briefing", True),
        ("postgres://db/briefing", True),
        ("service=analysts", True),
        ("/home/analyst/Briefing", False),
        ("postgresql-notes", False),
    ],
)
def test_team_locations_are_told_from_folders(location, team):
    assert connection.is_team_location(location) is team


def test_a_location_with_a_password_is_refused_without_echoing_it():
    with pytest.raises(LibraryError, match="pgpass") as caught:
        connection.parse("postgresql://analyst:s3cret@db.example.org/briefing")
    assert "s3cret" not in str(caught.value)


def test_locations_are_displayed_without_secrets():
    assert connection.display("postgresql://analyst@db.example.org:5433/briefing") == (
        "PostgreSQL briefing on db.example.org:5433"
    )
    assert connection.display("service=analysts") == "service=analysts"


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    location = f"postgresql:///briefing?host={tmp_path}"
    with pytest.raises(LibraryError, match="Could not reach the team library"):
        connection.connect(location)


def test_every_step_on_disk_is_listed_in_order():
    """A migration file left out of STEP_NAMES would never run: every one is listed, and the
    numbers run 1, 2, 3… with no gap for a later step to fall into."""
    folder = Path(schema.__file__).parent
    on_disk = sorted(p.stem for p in folder.glob("v[0-9][0-9][0-9][0-9]_*.py"))
    assert list(schema.STEP_NAMES) == on_disk
    assert [step.version for step in schema.steps()] == list(range(1, len(on_disk) + 1))
