"""`briefing sync` with a team library in PostgreSQL: the server gone in the middle of a sync."""

from __future__ import annotations

import psycopg
import pytest

from briefing_app.core.sync.run import SyncInterrupted
from briefing_app.core.workspace import Workspace
from tests.core.sync_helpers import TEAM_FILES, import_files, run, snapshot


def _drop_connections(pg_cluster, url: str) -> None:
    """Every connection to the team's database ended by the server, as a restart would."""
    database = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )


def test_the_server_gone_mid_sync_and_the_next_sync_finishes(
    pg_cluster, pg_url, isolated_home, monkeypatch
):
    team, local = Workspace(pg_url), Workspace(isolated_home / "local")
    import_files(team, *TEAM_FILES)
    run(team, local)
    trip = import_files(local, "trip.txt", "gas_local.txt")
    for article_id in local.library.ids():
        local.userdata.tag([article_id], add=["trip"])
    calls = {"n": 0}
    real_add = team.library.add

    def add_then_lose_the_server(article, original):
        calls["n"] += 1
        if calls["n"] == 2:
            _drop_connections(pg_cluster, pg_url)
        return real_add(article, original)

    monkeypatch.setattr(team.library, "add", add_then_lose_the_server)
    with pytest.raises(SyncInterrupted, match="Lost the connection.*run the same sync again"):
        run(team, local)
    monkeypatch.undo()
    team = Workspace(pg_url)  # the next run of the command: a new connection
    assert len(set(team.library.ids()) & set(trip)) == 1  # the first whole, the second not at all
    report = run(team, local)
    assert len(report.pushed) == 1
    assert sorted(team.library.ids()) == sorted(local.library.ids())
    assert len(team.library.ids()) == 5
    assert snapshot(team) == snapshot(local)
    assert not run(team, local).changed
