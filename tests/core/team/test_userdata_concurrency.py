"""Several analysts editing the same article in a team library at once: nobody's work is lost,
and a note edited from an older version is refused instead of written over another's.

Each analyst is a store with its own connection, in its own thread; a barrier starts them
together so their transactions overlap.
"""

from __future__ import annotations

import threading

import pytest

from briefing_app.core.annotations import NoteConflict
from briefing_app.core.errors import BriefingError
from briefing_app.core.highlights import Highlight
from briefing_app.core.team.trash import TeamTrash
from briefing_app.core.team.userdata import TeamNotes, TeamShelf
from tests.core.team.team_helpers import migrated, together

ANALYSTS = 4
ROUNDS = 15


@pytest.fixture
def url(pg_url):
    return migrated(pg_url)


def test_analysts_tagging_one_article_at_once_keep_every_tag(url):
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]

    def tag(n: int) -> None:
        for r in range(ROUNDS):
            stores[n].change_tags("a1", add=[f"analyst{n}-{r}", "shared"])

    assert together(tag) == []
    tags = stores[0].read("a1").tags
    assert sorted(tags) == sorted(
        ["shared"] + [f"analyst{n}-{r}" for n in range(ANALYSTS) for r in range(ROUNDS)]
    )


def test_one_analyst_removing_a_tag_leaves_the_others_additions(url):
    first, second = TeamNotes(url), TeamNotes(url)
    first.change_tags("a1", add=["old"])

    def work(n: int) -> None:
        for r in range(ROUNDS):
            if n == 0:
                first.change_tags("a1", add=[f"first{r}"], remove=["old"])
            else:
                second.change_tags("a1", add=[f"second{r}"])

    assert together(work, 2) == []
    tags = set(first.read("a1").tags)
    assert "old" not in tags and len(tags) == 2 * ROUNDS


def test_analysts_filing_one_article_at_once_keep_every_membership(url):
    shelf = TeamShelf(url)
    collections = [shelf.create(f"Desk {n}") for n in range(ANALYSTS)]
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]

    def file(n: int) -> None:
        for article in ("a1", "a2", "a3"):
            stores[n].file(article, collections[n].id)

    assert together(file) == []
    for article in ("a1", "a2", "a3"):
        assert sorted(stores[0].read(article).collections) == sorted(c.id for c in collections)


def test_analysts_highlighting_one_article_at_once_keep_every_highlight(url):
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]

    def mark(n: int) -> None:
        for r in range(ROUNDS):
            stores[n].add_highlight("a1", Highlight(f"h{n}-{r}", 1, r, "words"))

    assert together(mark) == []
    assert len(stores[0].read("a1").highlights) == ANALYSTS * ROUNDS


def test_a_stale_note_edit_is_refused_and_the_newer_note_kept(url):
    mine, theirs = TeamNotes(url), TeamNotes(url)
    mine.write_note("a1", "draft")
    opened = mine.read_note("a1")
    newer = theirs.save_note("a1", "their revision", expected=theirs.read_note("a1").version)
    assert newer.updated_by  # the role that wrote it, for the warning
    with pytest.raises(NoteConflict, match=f"by {newer.updated_by}"):
        mine.save_note("a1", "my revision", expected=opened.version)
    assert mine.note("a1") == "their revision"
    reopened = mine.read_note("a1")
    assert mine.save_note("a1", "merged", expected=reopened.version).text == "merged"


def test_of_analysts_saving_from_one_version_at_once_exactly_one_wins(url):
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]
    stores[0].write_note("a1", "start")
    version = stores[0].read_note("a1").version
    errors = together(lambda n: stores[n].save_note("a1", f"edit {n}", expected=version))
    assert len(errors) == ANALYSTS - 1
    assert all(isinstance(e, NoteConflict) for e in errors)
    assert stores[0].note("a1").startswith("edit ")


def test_first_notes_written_at_once_are_ordered_not_lost_silently(url):
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]
    errors = together(lambda n: stores[n].save_note("a1", f"first {n}", expected=""))
    assert len(errors) == ANALYSTS - 1 and all(isinstance(e, NoteConflict) for e in errors)


def test_analysts_making_one_collection_path_at_once_get_one_collection(url):
    shelves = [TeamShelf(url) for _ in range(ANALYSTS)]
    made = [None] * ANALYSTS

    def ensure(n: int) -> None:
        made[n] = shelves[n].ensure("Region/Caspian/Energy")

    assert together(ensure) == []
    assert len({c.id for c in made}) == 1
    assert len(shelves[0].collections()) == 3


def test_a_collection_deleted_meanwhile_is_a_clear_error_when_filing(url):
    shelf, notes = TeamShelf(url), TeamNotes(url)
    gone = shelf.create("Gone")
    shelf.remove(gone.id)
    with pytest.raises(BriefingError, match="no longer exists"):
        notes.file("a1", gone.id)


def test_analysts_trashing_one_article_at_once_make_one_batch(url):
    bins = [TeamTrash(url, lambda conn, ids: None) for _ in range(ANALYSTS)]
    errors = together(lambda n: bins[n].put(["a1"], threading.Lock))
    assert len(errors) == ANALYSTS - 1
    assert all("already in the trash" in str(e) for e in errors)
    assert [b["ids"] for b in bins[0].batches()] == [["a1"]]


def test_the_same_tags_added_in_opposite_orders_at_once_do_not_deadlock(url):
    stores = [TeamNotes(url) for _ in range(ANALYSTS)]
    tags = [f"t{r}" for r in range(ROUNDS)]

    def tag(n: int) -> None:
        for article in ("a1", "a2", "a3"):
            stores[n].change_tags(article, add=tags if n % 2 else tags[::-1])

    assert together(tag) == []
    assert sorted(stores[0].read("a2").tags) == sorted(tags)


def test_batches_sharing_articles_in_opposite_orders_do_not_deadlock(url):
    bins = [TeamTrash(url, lambda conn, ids: None) for _ in range(2)]
    ids = [f"a{n}" for n in range(ROUNDS)]
    errors = together(lambda n: bins[n].put(ids if n else ids[::-1], threading.Lock), 2)
    assert len(errors) == 1 and "already in the trash" in str(errors[0])
    assert len(bins[0].batches()) == 1
