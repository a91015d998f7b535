"""Saved searches and the trash: the local store and the team store behave alike.

Each behaviour test runs against the library folder's store and the PostgreSQL one; the team
runs skip without a PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import re

import psycopg
import pytest

from briefing_app.core.errors import BriefingError, LibraryError, QueryError
from briefing_app.core.search.saved import SavedSearches
from briefing_app.core.team.saved import TeamSavedSearches
from briefing_app.core.team.trash import TeamTrash
from briefing_app.core.team.userdata import TeamNotes
from briefing_app.core.trash import Trash
from tests.core.search_helpers import make_article, store
from tests.core.team.team_helpers import HOSTILE, migrated

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


@pytest.fixture(params=["local", "team"])
def saved(request, tmp_path):
    if request.param == "local":
        yield SavedSearches(tmp_path)
        return
    searches = TeamSavedSearches(migrated(request.getfixturevalue("pg_url")))
    yield searches
    searches.close()


# -- saved searches -------------------------------------------------------------------------
def test_saving_again_replaces_and_moves_last(saved):
    saved.save("gas", "gas")
    saved.save("oil", "oil")
    saved.record_run("gas", ["b", "a", "a"])
    assert saved.get("gas").seen == ["a", "b"]
    saved.save("gas", "gas OR lng")  # replaced: new query, no run yet, last in the list
    assert [(s.name, s.query, s.last_run, s.seen) for s in saved.load()] == [
        ("oil", "oil", "", []),
        ("gas", "gas OR lng", "", []),
    ]


def test_a_bad_query_or_name_is_never_saved(saved):
    with pytest.raises(QueryError):
        saved.save("broken", "(oil")
    with pytest.raises(LibraryError, match="needs a name"):
        saved.save("   ", "oil")
    assert saved.load() == []
    with pytest.raises(LibraryError, match="No saved search"):
        saved.get("broken")
    with pytest.raises(LibraryError, match="No saved search"):
        saved.remove("broken")


def test_runs_are_recorded_and_new_hits_counted(saved):
    saved.save("  iran  ", "iran")
    saved.save("bad", "collection:nowhere")
    saved.record_run("iran", ["a", "b"])
    assert STAMP.match(saved.get("iran").last_run)
    saved.record_run("nobody", ["a"])  # an unknown name changes nothing

    def all_ids(query):
        if query.startswith("collection:"):
            raise QueryError("No collection named 'nowhere'.")
        return ["a", "b", "c", "d"]

    counted = {s.name: (s.new, s.problem) for s in saved.with_counts(all_ids)}
    assert counted == {"iran": (2, ""), "bad": (0, "No collection named 'nowhere'.")}
    saved.remove("iran")
    assert [s.name for s in saved.load()] == ["bad"]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_names_come_back_unchanged(saved, text):
    name = text.strip()
    saved.save(text, f'"{name[:30]}" OR energy')
    saved.record_run(name, [name[:40]])
    found = saved.get(name)
    assert (found.name, found.seen) == (name, [name[:40]])
    saved.remove(name)
    assert saved.load() == []


# -- trash ----------------------------------------------------------------------------------
ARTICLES = [make_article(f"Article {n}", [f"Paragraph of article {n}."]) for n in range(3)]
IDS = [a.id for a in ARTICLES]


class LocalBin:
    """The local trash over a library holding ARTICLES."""

    def __init__(self, workspace):
        store(workspace.library, ARTICLES)
        self.trash = Trash(workspace.library, workspace)
        self.library = workspace.library

    def present(self) -> list[str]:
        return sorted(i for i in IDS if i in self.library)


class TeamBin:
    """The team trash over a stand-in articles table (the library's own table is not ours)."""

    def __init__(self, url: str):
        self.url = url
        with psycopg.connect(url) as conn:
            conn.execute("CREATE TABLE stand_in_articles (id text PRIMARY KEY)")
            conn.cursor().executemany(
                "INSERT INTO stand_in_articles VALUES (%s)", [(i,) for i in IDS]
            )
        self.trash = TeamTrash(url, self.delete_articles)

    @staticmethod
    def delete_articles(conn, ids):
        conn.execute("DELETE FROM stand_in_articles WHERE id = ANY(%s)", (ids,))

    def present(self) -> list[str]:
        """Articles the library shows: in its table and not marked as trashed."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT id FROM stand_in_articles a WHERE NOT EXISTS"
                " (SELECT 1 FROM trashed_articles t WHERE t.article_id = a.id) ORDER BY id"
            ).fetchall()
        return [i for (i,) in rows]


@pytest.fixture(params=["local", "team"])
def bin_(request):
    if request.param == "local":
        yield LocalBin(request.getfixturevalue("workspace"))
        return
    made = TeamBin(migrated(request.getfixturevalue("pg_url")))
    yield made
    made.trash.close()


writing = contextlib.nullcontext


def test_trash_and_restore_a_batch(bin_):
    first = bin_.trash.put([IDS[0], IDS[1]], writing)
    second = bin_.trash.put([IDS[2]], writing)
    assert bin_.present() == []
    batches = bin_.trash.batches()
    assert {b["id"]: b["ids"] for b in batches} == {first: IDS[:2], second: IDS[2:]}
    stamps = [b["deleted_at"] for b in batches]
    assert stamps == sorted(stamps, reverse=True)  # newest first (to the second)
    assert all(STAMP.match(b["deleted_at"]) for b in batches)
    assert bin_.trash.take_back(first, writing) == [IDS[0], IDS[1]]
    assert bin_.present() == sorted(IDS[:2])
    assert [b["id"] for b in bin_.trash.batches()] == [second]
    with pytest.raises(BriefingError, match="no deleted batch"):
        bin_.trash.take_back(first, writing)


def test_some_articles_of_a_batch_taken_back_leave_the_rest_in_it(bin_):
    batch = bin_.trash.put([IDS[0], IDS[1], IDS[2]], writing)
    assert bin_.trash.take_back(batch, writing, only=[IDS[1], "not-in-it"]) == [IDS[1]]
    assert bin_.present() == [IDS[1]]
    assert [(b["id"], b["ids"]) for b in bin_.trash.batches()] == [(batch, [IDS[0], IDS[2]])]
    assert bin_.trash.take_back(batch, writing, only=[IDS[0], IDS[2]]) == [IDS[0], IDS[2]]
    assert bin_.present() == sorted(IDS[:3]) and bin_.trash.batches() == []


def test_emptying_a_batch_deletes_for_good(bin_):
    batch = bin_.trash.put([IDS[0]], writing)
    assert bin_.trash.empty(batch, writing) == [IDS[0]]
    assert bin_.trash.batches() == []
    assert bin_.present() == sorted(IDS[1:])
    with pytest.raises(BriefingError, match="no deleted batch"):
        bin_.trash.take_back(batch, writing)
    with pytest.raises(BriefingError, match="no deleted batch"):
        bin_.trash.empty(batch, writing)


def test_nothing_to_trash_is_an_error(bin_):
    with pytest.raises(BriefingError, match="No articles"):
        bin_.trash.put([], writing)


def test_team_trash_keeps_user_data_until_emptied(pg_url):
    url = migrated(pg_url)
    team = TeamBin(url)
    notes = TeamNotes(url)
    notes.change_tags(IDS[0], add=["energy"])
    notes.write_note(IDS[0], "kept while in the trash")
    batch = team.trash.put([IDS[0]], writing)
    assert team.trash.is_trashed(IDS[0])
    with pytest.raises(BriefingError, match="already in the trash"):
        team.trash.put([IDS[1], IDS[0]], writing)
    assert not team.trash.is_trashed(IDS[1])  # the refused batch left nothing behind
    team.trash.take_back(batch, writing)
    assert notes.read(IDS[0]).tags == ["energy"] and not team.trash.is_trashed(IDS[0])
    team.trash.empty(team.trash.put([IDS[0]], writing), writing)
    assert notes.read(IDS[0]).tags == [] and notes.note(IDS[0]) == ""
    assert notes.ids_with_data() == []
    notes.close()
    team.trash.close()


@pytest.mark.parametrize(
    "batch_id", ["../..", "20260101T000000-abcdef/../x", "x'; DROP TABLE t;--"]
)
def test_a_batch_id_that_is_not_one_names_no_batch(bin_, batch_id):
    bin_.trash.put([IDS[0]], writing)
    with pytest.raises(BriefingError, match="no deleted batch"):
        bin_.trash.empty(batch_id, writing)
    with pytest.raises(BriefingError, match="no deleted batch"):
        bin_.trash.take_back(batch_id, writing)
    assert len(bin_.trash.batches()) == 1
