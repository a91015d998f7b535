"""`UserData` driving the team stores: what the window and the command line do to an article's
tags, collections, note and highlights lands in PostgreSQL, one change at a time."""

from __future__ import annotations

import pytest

from briefing_app.core.annotations import NoteConflict
from briefing_app.core.team.userdata import TeamNotes, TeamShelf
from tests.core.team.team_helpers import migrated


@pytest.fixture
def team_data(seeded, pg_url):
    """The seeded workspace's UserData with its stores in a team library."""
    url = migrated(pg_url)
    data = seeded.userdata
    data.notes_store, data.shelf = TeamNotes(url), TeamShelf(url)
    yield data, url
    data.notes_store.close()
    data.shelf.close()


def test_userdata_tags_files_notes_and_highlights_through_the_team_stores(team_data, seeded):
    data, url = team_data
    (article,) = seeded.articles()
    data.tag([article.key], add=["energy", "Caspian"])
    data.tag([article.id], remove=["caspian"])
    desk = data.ensure_collection("Desk/Kazakhstan")
    data.file([article.id], "Desk/Kazakhstan")
    opened = data.read_note(article.id)
    data.set_note(article.id, "Check the *export* figures.", expected=opened.version)
    start = article.text.index("Kazakhstan")
    made = data.add_highlight(article.id, start, start + len("Kazakhstan"), colour="green")
    data.update_highlight(article.id, made.id[:5], comment="the country")

    elsewhere = TeamNotes(url)  # another workstation sees all of it
    assert elsewhere.read(article.id).tags == ["energy"]
    assert elsewhere.read(article.id).collections == [desk.id]
    assert elsewhere.note(article.id) == "Check the *export* figures."
    assert [h.comment for h in elsewhere.read(article.id).highlights] == ["the country"]
    summary = data.summary(article.id)
    assert summary["collections"] == ["Desk/Kazakhstan"]
    assert summary["highlights"][0]["start"] == start
    assert data.members("Desk") == [article.id]  # from the catalog's copy
    with pytest.raises(NoteConflict):
        data.set_note(article.id, "stale", expected=opened.version)
    data.remove_highlight(article.id, made.id)
    assert elsewhere.read(article.id).highlights == []
    elsewhere.close()
