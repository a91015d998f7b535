"""A new citation key in a team library is claimed atomically: a key another analyst took a
moment ago is a `KeyTaken` error with nothing changed, never two articles with one key."""

from __future__ import annotations

import psycopg
import pytest

from briefing_app.core.errors import KeyTaken
from briefing_app.core.workspace import Workspace
from tests.core.team.team_helpers import HeldEdit, together

TITLE = {"title": "Pipeline deal signed"}


def _clippings(folder, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"c{n}.md"
        path.write_text(
            f"---\ntitle: Clipping {n}\nsource: https://news.example.org/{n}\n"
            f"published: 2024-03-0{n + 1}\n---\n\nText number {n}.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


@pytest.fixture
def desks(pg_url, tmp_path):
    """Two workstations on a team library of four articles: (first, second, ids)."""
    first, second = Workspace(pg_url), Workspace(pg_url)
    results = first.import_paths(_clippings(tmp_path, 4))
    assert [r.status for r in results] == ["imported"] * 4, results
    yield first, second, [r.id for r in results]
    first.close()
    second.close()


def _keys(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, key FROM articles ORDER BY id").fetchall()


def test_a_key_claimed_between_choosing_and_saving_is_refused_with_nothing_changed(desks, pg_url):
    first, second, (mine, theirs, *_) = desks
    old_key = first.article(mine).key
    # The first analyst's edit chooses its new key, then waits; the second re-keys another
    # article to the very same key and saves first.
    held = HeldEdit(first.library, "keys", lambda: first.userdata.edit(mine, TITLE, rekey=True))
    taken = second.userdata.edit(theirs, TITLE, rekey=True).key
    (error,) = held.release()
    assert isinstance(error, KeyTaken)
    assert (error.key, error.holder) == (taken, theirs)
    assert "\n" not in str(error) and taken in str(error)
    # Nothing of the refused edit was stored: neither key nor correction.
    article = second.article(mine)
    assert (article.key, article.title) == (old_key, "Clipping 0")
    assert second.library.resolve(taken).id == theirs
    assert second.library.resolve(old_key).id == mine
    # Saving again makes the next free key.
    again = first.userdata.edit(mine, TITLE, rekey=True)
    assert again.key == taken + "a" and again.key_aliases == [old_key]
    assert first.library.resolve(old_key).id == mine


def test_analysts_re_keying_at_once_never_share_a_key(desks, pg_url):
    first, second, ids = desks
    desks_of = [first, second, Workspace(pg_url), Workspace(pg_url)]
    try:
        errors = together(lambda n: desks_of[n].userdata.edit(ids[n], TITLE, rekey=True), len(ids))
        assert all(isinstance(e, KeyTaken) for e in errors), errors
        for each in ids:  # whoever was refused saves again
            if first.article(each).title != TITLE["title"]:
                first.userdata.edit(each, TITLE, rekey=True)
    finally:
        for ws in desks_of[2:]:
            ws.close()
    keys = [key for _id, key in _keys(pg_url)]
    assert len(set(keys)) == len(ids)
    for article_id, key in _keys(pg_url):
        assert first.library.resolve(key).id == article_id


def test_adopting_a_key_another_article_holds_is_refused(desks, pg_url):
    first, second, (mine, theirs, *_) = desks
    before = _keys(pg_url)
    with pytest.raises(KeyTaken, match="just taken by another article"):
        second.userdata.adopt_key(mine, first.article(theirs).key)
    assert _keys(pg_url) == before


def test_an_article_may_take_back_its_own_earlier_key(desks):
    first, _second, (mine, *_) = desks
    old_key = first.article(mine).key
    first.userdata.edit(mine, TITLE, rekey=True)
    back = first.userdata.adopt_key(mine, old_key)
    assert back.key == old_key
    assert first.library.resolve(old_key).id == mine
