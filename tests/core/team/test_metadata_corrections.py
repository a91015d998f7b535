"""Corrected metadata in a team library: one row per (article, field), shown everywhere.

Two analysts correcting different fields of one article at the same moment both keep theirs;
the same field corrected by both keeps the later save's value. The interleaving tests hold one
analyst's edit between reading the article and saving it while another's edit runs whole (the
order in which a read-modify-write of the record lost the first analyst's field).
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from briefing_app.core import bibliography
from briefing_app.core.errors import BriefingError
from briefing_app.core.team import schema
from briefing_app.core.team.library import _INSERT, TeamLibrary, _row_values
from briefing_app.core.workspace import Workspace
from tests.core.search_helpers import make_article
from tests.core.team.team_helpers import HOSTILE, HeldEdit, together

URL = "https://news.example.org/clinics"


def clipping(folder, name: str, body: str) -> str:
    """A web clipping (Markdown with front matter) of the page at URL; its path."""
    path = folder / name
    path.write_text(
        f"---\ntitle: Clinics reopen\nsource: {URL}\npublished: 2024-03-01\n---\n\n{body}\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def desks(pg_url, tmp_path):
    """Two workstations on one team library holding one article: (first, second, its id)."""
    first, second = Workspace(pg_url), Workspace(pg_url)
    (result,) = first.import_paths([clipping(tmp_path, "a.md", "The minister said so.")])
    assert result.status == "imported", result
    yield first, second, result.id
    first.close()
    second.close()


def _rows(url: str, article_id: str) -> dict:
    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT field, value FROM metadata_corrections WHERE article_id = %s", (article_id,)
        ).fetchall()
    return dict(found)


def _lock_wait(url: str) -> bool:
    """Some transaction of the library waits for a lock another holds."""
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0] > 0


def test_a_correction_is_a_row_and_every_reader_sees_it(desks, pg_url):
    first, second, aid = desks
    title = HOSTILE[2]
    first.userdata.edit(aid, {"title": title, "authors": "Berg, Anna; Roe, Jane"})
    assert _rows(pg_url, aid) == {"title": title, "authors": ["Berg, Anna", "Roe, Jane"]}
    with psycopg.connect(pg_url) as conn:
        stored, column = conn.execute(
            "SELECT record -> 'metadata' ->> 'title', title FROM articles WHERE id = %s",
            (aid,),
        ).fetchone()
    assert stored == "Clinics reopen"  # the record keeps what was extracted
    assert column == title  # the catalog's column shows the correction
    seen = second.article(aid)
    assert seen.title == title and seen.metadata.authors == ["Berg, Anna", "Roe, Jane"]
    assert seen.overrides["title"]["extracted"] == "Clinics reopen"
    assert second.listing().entries[0].title == title
    assert "Berg" in bibliography.render([seen], "bibtex")
    hits = second.search('title:"DROP TABLE article_tags"')
    assert [h.id for h in hits.hits] == [aid]
    # Clearing it brings the extracted value back, for everyone.
    first.userdata.edit(aid, clear=["title"])
    assert _rows(pg_url, aid) == {"authors": ["Berg, Anna", "Roe, Jane"]}
    assert second.article(aid).title == "Clinics reopen"


def test_two_analysts_correcting_different_fields_at_once_both_keep_theirs(desks, pg_url):
    first, second, aid = desks
    held = HeldEdit(
        first.library, "resolve", lambda: first.userdata.edit(aid, {"title": "Clinics open"})
    )
    second.userdata.edit(aid, {"publisher": "Desk Wire"})  # whole, while first waits
    assert held.release() == []
    for ws in (first, second, Workspace(pg_url)):
        article = ws.article(aid)
        assert (article.title, article.metadata.publisher) == ("Clinics open", "Desk Wire")
    assert set(_rows(pg_url, aid)) == {"title", "publisher"}
    found = second.search("publisher:desk")
    assert [h.id for h in found.hits] == [aid]
    assert [h.id for h in second.search('title:"clinics open"').hits] == [aid]


def test_a_reindex_held_after_its_reading_ends_with_the_other_desks_change(
    desks, pg_url, monkeypatch
):
    """The first desk's re-index has read the article (its own change saved) and not yet
    written it when the second desk saves another field and re-indexes: the search rows end
    holding both changes. (Read before the index was held, the first desk's reading was
    written last and the second's field was not found until the next save.)"""
    first, second, aid = desks
    saved, holding, go = threading.Event(), threading.Event(), threading.Event()
    save_edit, get = first.library.save_edit, first.library.get

    def saving(*args, **kwargs):
        save_edit(*args, **kwargs)
        saved.set()

    def reading(*args, **kwargs):
        found = get(*args, **kwargs)
        if saved.is_set() and not holding.is_set():
            holding.set()
            assert go.wait(20), "never released"
        return found

    monkeypatch.setattr(first.library, "save_edit", saving)
    monkeypatch.setattr(first.library, "get", reading)
    errors: list[BaseException] = []

    def run(work) -> threading.Thread:
        def guarded() -> None:
            try:
                work()
            except BaseException as exc:  # the test asserts on it
                errors.append(exc)

        thread = threading.Thread(target=guarded)
        thread.start()
        return thread

    first_edit = run(lambda: first.userdata.edit(aid, {"title": "Clinics open"}))
    assert holding.wait(20)
    second_edit = run(lambda: second.userdata.edit(aid, {"publisher": "Desk Wire"}))
    deadline = time.monotonic() + 20
    # The second desk's change is saved and its re-index has run, or waits for its turn.
    while second_edit.is_alive() and not ("publisher" in _rows(pg_url, aid) and _lock_wait(pg_url)):
        assert time.monotonic() < deadline and not errors, errors
        time.sleep(0.02)
    go.set()
    first_edit.join(20)
    second_edit.join(20)
    assert errors == []
    for ws in (first, second):
        assert [h.id for h in ws.search("publisher:desk").hits] == [aid]
        assert [h.id for h in ws.search('title:"clinics open"').hits] == [aid]


def test_many_edits_of_different_fields_at_once_all_survive(desks, pg_url):
    first, second, aid = desks
    desks_of = [first, second, Workspace(pg_url), Workspace(pg_url)]
    fields = ["title", "publisher", "series", "volume"]
    try:
        for round_ in range(3):

            def edit(n: int, round_: int = round_) -> None:
                desks_of[n].userdata.edit(aid, {fields[n]: f"{fields[n]} {round_}"})

            errors = together(edit, 4)
            assert errors == []
            article = desks_of[round_ % 4].article(aid)
            for field in fields:
                assert getattr(article.metadata, field) == f"{field} {round_}"
    finally:
        for ws in desks_of[2:]:
            ws.close()


def test_the_same_field_corrected_by_two_analysts_keeps_the_later_save(desks, pg_url):
    first, second, aid = desks
    held = HeldEdit(
        first.library, "resolve", lambda: first.userdata.edit(aid, {"title": "From the first"})
    )
    second.userdata.edit(aid, {"title": "From the second", "publisher": "Desk"})
    assert held.release() == []
    article = second.article(aid)
    assert article.title == "From the first"  # saved last
    assert article.metadata.publisher == "Desk"  # the second's other field is kept


def test_a_rewrite_of_the_record_keeps_corrections_made_since_it_was_read(desks):
    """Code that rewrites the whole record (a claim refresh, a new version linked) works on
    an article read earlier: the correction made meanwhile is a row and stays."""
    first, second, aid = desks
    stale = first.library.get(aid)
    second.userdata.edit(aid, {"title": "Corrected meanwhile"})
    first.library.save(stale)
    assert second.article(aid).title == "Corrected meanwhile"
    assert first.listing().entries[0].title == "Corrected meanwhile"


def test_a_new_version_carries_the_corrections_as_rows(desks, pg_url, tmp_path):
    first, second, aid = desks
    first.userdata.edit(aid, {"publisher": "Desk Wire"})
    extracted = first.article(aid).overrides["publisher"]["extracted"]
    (result,) = first.import_paths([clipping(tmp_path, "b.md", "The clinics reopened.")])
    assert result.supersedes == aid
    assert _rows(pg_url, result.id) == {"publisher": "Desk Wire"}
    newer = second.article(result.id)
    assert newer.metadata.publisher == "Desk Wire"
    assert newer.overrides["publisher"]["extracted"] == extracted


def test_corrections_kept_in_records_before_are_moved_to_rows(pg_url):
    """A library written before corrections were rows: schema step v0005 copies them."""
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn, schema.STEPS[:4])
        article = make_article("Clinics reopen", ["Text."], publisher="Wire")
        article.original_name = "original.txt"
        article.overrides["publisher"] = {
            "value": "Desk",
            "extracted": "Wire",
            "set_at": "2026-01-01T00:00:00+00:00",
        }
        article.metadata.publisher = "Desk"
        record = article.to_record()
        original = article.text.encode("utf-8")
        from psycopg.types.json import Jsonb

        conn.execute(
            _INSERT,
            (*_row_values(record), Jsonb(record), original, "original.txt", article.sha256),
        )
    team = TeamLibrary(pg_url)  # migrates to the newest step
    try:
        assert _rows(pg_url, article.id) == {"publisher": "Desk"}
        read = team.get(article.id)
        assert read.metadata.publisher == "Desk" and read.overrides["publisher"]["extracted"] == (
            "Wire"
        )
        assert team.live_digest()[1] == 1
    finally:
        team.close()


def test_a_nul_in_a_correction_is_refused_plainly_and_nothing_changes(desks, pg_url):
    """PostgreSQL cannot hold a NUL: the analyst is told so, not shown a driver error."""
    first, _second, aid = desks
    with pytest.raises(BriefingError, match="NUL character"):
        first.userdata.edit(aid, {"title": "Clinics\x00reopen"})
    assert _rows(pg_url, aid) == {}
    assert first.article(aid).title == "Clinics reopen"


def test_a_team_desk_in_the_window_indexes_its_change_at_once(desks):
    """A team library's search rows are the team's: a window's change is indexed in its own
    turn, not noted for later on this workstation where no other desk would see the note."""
    first, second, article_id = desks
    asked: list = []
    first.refresh_later = lambda: asked.append(1)
    first.userdata.tag([article_id], add=["ports"])
    assert asked == [] and not first.index.has_pending()
    assert second.index.search("tag:ports").ids() == [article_id]
