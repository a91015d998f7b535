"""Libraries for the sync tests: a team library and a local copy, filled from tests/fixtures/sync."""

from __future__ import annotations

import pytest

from briefing_app.core.highlights import find_passage
from briefing_app.core.sync import sync
from briefing_app.core.workspace import Workspace
from tests.conftest import FIXTURES

SYNC = FIXTURES / "sync"
TEAM_FILES = ["gas.txt", "grain.txt", "power.txt"]


def import_files(ws: Workspace, *names: str) -> list[str]:
    results = ws.import_paths([SYNC / n for n in names])
    assert [r.status for r in results] == ["imported"] * len(names), results
    return [r.id for r in results]


def location(ws: Workspace) -> str:
    """How the command line names the library."""
    return ws.location


def run(team: Workspace, local: Workspace, **options):
    return sync(team, local, team_name=location(team), **options)


def snapshot(ws: Workspace) -> dict:
    """Everything a sync may change on one side, per article, in comparable form."""
    data = ws.userdata
    out = {}
    for article_id in ws.library.ids():
        article = ws.library.get(article_id)
        out[article_id] = {
            "key": article.key,
            "aliases": sorted(article.key_aliases),
            "tags": sorted(data.tags(article_id)),
            "collections": sorted(data.shelf.path_of(c) for c in data.collections_of(article_id)),
            "note": data.note(article_id),
            "highlights": sorted(
                (p.highlight.id, p.highlight.colour, p.highlight.comment)
                for p in data.highlights(article_id)
            ),
            "metadata": {f: e["value"] for f, e in article.overrides.items()},
        }
    return out


def highlight(ws: Workspace, article_id: str, words: str, **options):
    article = ws.library.get(article_id)
    start, end = find_passage(article, words)
    return ws.userdata.add_highlight(article_id, start, end, **options)


@pytest.fixture(params=["folder", "postgresql"])
def team_location(isolated_home, request) -> str:
    """Where the team library is, as the command line names it: a folder, or PostgreSQL."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(isolated_home / "team")


@pytest.fixture
def team(team_location):
    """A team library of three articles with tags, a collection, a note, a highlight, a
    corrected field and a saved search."""
    ws = Workspace(team_location)
    gas, grain, _power = import_files(ws, *TEAM_FILES)
    ws.userdata.tag([gas], add=["energy", "talks"])
    ws.userdata.file([gas, grain], ws.userdata.ensure_collection("Desk/Trip").id)
    ws.userdata.set_note(gas, "Watch the tariff dispute.")
    highlight(ws, gas, "stalled on Monday", comment="date")
    ws.userdata.edit(grain, {"publisher": "Port Bulletin"})
    ws.saved_searches.save("gas", "gas")
    return ws


@pytest.fixture
def local(isolated_home):
    return Workspace(isolated_home / "local")


def ids_of(ws, name):
    """The id of the article titled `name`."""
    return {ws.library.get(i).metadata.title: i for i in ws.library.ids()}[name]
