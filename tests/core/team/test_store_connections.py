"""How a team store holds its connection: from a factory or a location, one transaction per
call, a lost connection a clear error and the next call connected again."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from briefing_app.core.errors import LibraryError, LibraryReadOnly
from briefing_app.core.team.saved import TeamSavedSearches
from briefing_app.core.team.userdata import TeamNotes
from tests.core.team.team_helpers import migrated, together


def test_a_store_from_a_factory_of_plain_connections_commits_each_change(pg_url):
    url = migrated(pg_url)
    notes = TeamNotes(lambda: psycopg.connect(url))  # not autocommit: the store commits
    notes.change_tags("a1", add=["energy"])
    with psycopg.connect(url) as other:
        assert other.execute("SELECT tag FROM article_tags").fetchall() == [("energy",)]
    notes.close()


def test_a_location_with_a_password_is_refused_before_connecting():
    with pytest.raises(LibraryError, match="pgpass"):
        TeamSavedSearches("postgresql://analyst:secret@db.example.org/briefing")


def test_a_lost_connection_is_a_clear_error_and_the_next_call_reconnects(pg_url):
    url = migrated(pg_url)
    notes = TeamNotes(url)
    notes.change_tags("a1", add=["before"])
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    with pytest.raises(LibraryError, match="Lost the connection to the team library"):
        notes.change_tags("a1", add=["lost"])
    notes.change_tags("a1", add=["after"])
    assert notes.read("a1").tags == ["before", "after"]
    notes.close()


def test_threads_sharing_a_store_each_get_their_own_transactions(pg_url):
    url = migrated(pg_url)
    notes = TeamNotes(url)
    errors = together(lambda n: [notes.change_tags(f"a{n}", add=[f"t{r}"]) for r in range(10)])
    assert errors == []
    assert [len(notes.read(f"a{n}").tags) for n in range(4)] == [10] * 4
    notes.close()
    assert notes.read("a0").tags[0] == "t0"  # closed: the next call connects again
    notes.close()


def test_a_login_that_may_only_read_gets_a_plain_read_only_error(pg_url):
    url = migrated(pg_url)
    role = "reader_" + url.rsplit("/", 1)[1].split("?")[0][-24:]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        admin.execute(
            sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(
                sql.Identifier(role)
            )
        )
    try:
        notes = TeamNotes(url.replace("briefing_admin@", f"{role}@"))
        assert notes.read("a1").tags == []  # reading is allowed
        with pytest.raises(LibraryReadOnly, match="may only read"):
            notes.change_tags("a1", add=["energy"])
        notes.close()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
