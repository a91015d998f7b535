"""Tags, collections, highlights and notes: the local store and the team store behave alike.

Each behaviour test runs against `ArticleNotes`/`Shelf` (files) and `TeamNotes`/`TeamShelf`
(PostgreSQL); the team runs skip without a PostgreSQL server.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest

from briefing_app.core.annotations import (
    ArticleNotes,
    InvalidName,
    NoteConflict,
    Shelf,
    UserRecord,
    merged_note,
)
from briefing_app.core.catalog import UserRow
from briefing_app.core.errors import BriefingError
from briefing_app.core.highlights import Highlight, InvalidHighlight
from briefing_app.core.team.userdata import TeamNotes, TeamShelf
from tests.core.team.team_helpers import HOSTILE, migrated

IDS = ["a1", "a2", "a3"]


@dataclass
class Stores:
    notes: ArticleNotes | TeamNotes
    shelf: Shelf | TeamShelf
    url: str = ""  # the team library's location ("" for the local one)


@pytest.fixture
def team(pg_url):
    url = migrated(pg_url)
    made = Stores(TeamNotes(url), TeamShelf(url), url)
    yield made
    made.notes.close()
    made.shelf.close()


@pytest.fixture(params=["local", "team"])
def stores(request, tmp_path):
    if request.param == "team":
        return request.getfixturevalue("team")
    for article_id in IDS:
        (tmp_path / "articles" / article_id).mkdir(parents=True)
    return Stores(ArticleNotes(tmp_path / "articles"), Shelf(tmp_path))


def highlight(hid: str, **fields) -> Highlight:
    return Highlight(hid, 2, 5, fields.pop("quote", "marked words"), created="2026-01-01", **fields)


# -- tags -----------------------------------------------------------------------------------
def test_tags_are_added_once_without_case_and_removed(stores):
    notes = stores.notes
    notes.change_tags("a1", add=["Energy", "gas  pipeline", "energy"])
    assert notes.read("a1").tags == ["Energy", "gas pipeline"]
    notes.change_tags("a1", add=["ENERGY", "oil"], remove=["GAS PIPELINE"])
    assert notes.read("a1").tags == ["Energy", "oil"]
    notes.change_tags("a1", add=["coal"], remove=["coal"])  # removal wins, as merge_tags
    assert notes.read("a1").tags == ["Energy", "oil"]
    assert notes.read("a2").tags == []


def test_a_bad_tag_is_refused_before_anything_changes(stores):
    with pytest.raises(InvalidName):
        stores.notes.change_tags("a1", add=["fine", "no,commas"])
    assert stores.notes.read("a1").tags == []


# -- collection membership ------------------------------------------------------------------
def test_articles_are_filed_and_taken_out(stores):
    notes, shelf = stores.notes, stores.shelf
    one, two = shelf.create("Caspian"), shelf.create("Energy")
    notes.file("a1", one.id)
    notes.file("a1", two.id)
    notes.file("a1", one.id)  # filed twice: still once
    assert sorted(notes.read("a1").collections) == sorted([one.id, two.id])
    notes.file("a1", one.id, remove=True)
    assert notes.read("a1").collections == [two.id]


# -- highlights -----------------------------------------------------------------------------
def test_highlights_are_added_changed_and_removed_by_id_prefix(stores):
    notes = stores.notes
    notes.add_highlight("a1", highlight("abc111"))
    notes.add_highlight("a1", highlight("abd222", colour="blue", comment="why"))
    assert [h.id for h in notes.read("a1").highlights] == ["abc111", "abd222"]
    changed = notes.update_highlight("a1", "abc", colour="Green", comment="  see ¶2  ")
    assert (changed.colour, changed.comment) == ("green", "see ¶2")
    assert notes.read("a1").highlights[0] == changed
    with pytest.raises(InvalidHighlight):
        notes.update_highlight("a1", "ab", comment="two match")
    with pytest.raises(InvalidHighlight):
        notes.remove_highlight("a1", "zzz")
    with pytest.raises(InvalidHighlight):
        notes.update_highlight("a1", "abd", colour="not a colour")
    removed = notes.remove_highlight("a1", "abd")
    assert removed.comment == "why"
    assert [h.id for h in notes.read("a1").highlights] == ["abc111"]


# -- notes ----------------------------------------------------------------------------------
def test_a_note_is_written_read_and_blank_means_none(stores):
    notes = stores.notes
    assert notes.note("a1") == "" and notes.read_note("a1").version == ""
    notes.write_note("a1", "# Heading\n\nSome *Markdown*.\n")
    assert notes.note("a1") == "# Heading\n\nSome *Markdown*.\n"
    assert notes.read_note("a1").updated_at
    notes.write_note("a1", "  \n ")
    assert notes.note("a1") == "" and not notes.has_data("a1")


def test_a_note_saved_from_an_older_version_is_refused(stores):
    notes = stores.notes
    opened = notes.read_note("a1")  # no note yet
    mine = notes.save_note("a1", "first", expected=opened.version)
    assert mine.text == "first" and mine.version
    notes.save_note("a1", "someone else's edit", expected=mine.version)
    with pytest.raises(NoteConflict, match="changed .*since you opened it"):
        notes.save_note("a1", "my stale edit", expected=mine.version)
    assert notes.note("a1") == "someone else's edit"
    notes.save_note("a1", "overwritten on purpose")  # no version: last writer wins
    assert notes.note("a1") == "overwritten on purpose"


def test_a_first_note_is_refused_when_someone_wrote_one_meanwhile(stores):
    opened = stores.notes.read_note("a1")
    stores.notes.write_note("a1", "theirs")
    with pytest.raises(NoteConflict):
        stores.notes.save_note("a1", "mine", expected=opened.version)
    assert stores.notes.note("a1") == "theirs"


# -- whole records and the catalog's copy ---------------------------------------------------
def test_a_whole_record_is_written_and_copied_to_the_catalog(stores):
    notes, shelf = stores.notes, stores.shelf
    collection = shelf.create("Caspian")
    record = UserRecord(["energy", "gas"], [collection.id], [highlight("h1")])
    notes.write("a2", record)
    notes.write_note("a2", "note")
    notes.change_tags("a3", add=["oil"])
    assert notes.read("a2") == record
    assert notes.catalog_row("a2") == UserRow("a2", ("energy", "gas"), (collection.id,), "note")
    assert notes.ids_with_data() == ["a2", "a3"]
    assert list(notes.catalog_rows()) == [
        UserRow("a2", ("energy", "gas"), (collection.id,), "note"),
        UserRow("a3", ("oil",), (), ""),
    ]
    assert notes.has_data("a2") and not notes.has_data("a1")
    notes.write("a2", UserRecord.empty())
    assert notes.read("a2") == UserRecord.empty() and notes.note("a2") == "note"


# -- collections ----------------------------------------------------------------------------
def test_collections_nest_are_found_by_path_and_name(stores):
    shelf = stores.shelf
    region = shelf.create("Region")
    caspian = shelf.create("  Caspian   Sea ", parent="Region")
    other = shelf.create("Caspian Sea")
    assert caspian.name == "Caspian Sea" and caspian.parent == region.id
    assert [c.id for c in shelf.collections()] == [region.id, caspian.id, other.id]
    assert shelf.path_of(caspian) == "Region/Caspian Sea"
    assert shelf.find("region/caspian sea") == caspian
    assert shelf.find(other.id) == other
    assert shelf.find("caspian sea") == other  # a full path before a nested name
    shelf.create("Sea", parent=region.id)
    shelf.create("Sea", parent=other.id)
    with pytest.raises(InvalidName, match="several collections"):
        shelf.find("sea")
    with pytest.raises(InvalidName, match="already a collection"):
        shelf.create("caspian sea", parent=region.id)
    with pytest.raises(InvalidName):
        shelf.create("a/b")
    with pytest.raises(InvalidName):
        shelf.create("   ")
    assert len(shelf.descendants(region.id)) == 3


def test_ensure_makes_only_missing_levels(stores):
    shelf = stores.shelf
    first = shelf.ensure("Europe/ Baltic /Estonia")
    assert shelf.path_of(first) == "Europe/Baltic/Estonia"
    again = shelf.ensure("europe/baltic/estonia")
    assert again == first and len(shelf.collections()) == 3
    shelf.ensure("Europe/Nordic")
    assert len(shelf.collections()) == 4
    with pytest.raises(InvalidName):
        shelf.ensure(" / ")


def test_rename_and_remove_keep_the_tree(stores):
    shelf = stores.shelf
    top = shelf.create("Top")
    middle = shelf.create("Middle", parent=top.id)
    low = shelf.create("Low", parent=middle.id)
    renamed = shelf.rename("Top/Middle", "Centre")
    assert (renamed.id, renamed.name, renamed.parent) == (middle.id, "Centre", top.id)
    assert shelf.path_of(shelf.find(low.id)) == "Top/Centre/Low"
    shelf.create("Side", parent=top.id)
    with pytest.raises(InvalidName, match="already a collection"):
        shelf.rename("Top/Centre", "side")
    assert shelf.remove("Top/Centre").id == middle.id
    assert shelf.find(low.id).parent == top.id  # moved up
    assert {c.name for c in shelf.collections()} == {"Top", "Low", "Side"}


def test_move_nests_elsewhere_never_inside_itself(stores):
    shelf = stores.shelf
    top = shelf.create("Top")
    middle = shelf.create("Middle", parent=top.id)
    low = shelf.create("Low", parent=middle.id)
    side = shelf.create("Side")
    moved = shelf.move(middle.id, side.id)
    assert (moved.id, moved.name, moved.parent) == (middle.id, "Middle", side.id)
    assert shelf.path_of(shelf.find(low.id)) == "Side/Middle/Low"
    for inside in (middle.id, low.id):
        with pytest.raises(InvalidName, match="inside itself"):
            shelf.move(middle.id, inside)
    shelf.create("middle")
    with pytest.raises(InvalidName, match="already a collection"):
        shelf.move(middle.id, None)
    assert shelf.move("Side/Middle/Low", None).parent is None
    assert shelf.path_of(shelf.find(low.id)) == "Low"
    assert shelf.find(top.id).parent is None and shelf.find(middle.id).parent == side.id


def test_put_back_restores_a_deleted_collection_with_its_children(stores):
    shelf = stores.shelf
    top = shelf.create("Top")
    middle = shelf.create("Middle", parent=top.id)
    low = shelf.create("Low", parent=middle.id)
    gone = shelf.remove(middle.id)
    back = shelf.put_back(gone, [low.id])
    assert (back.id, back.name, back.parent) == (middle.id, "Middle", top.id)
    assert shelf.path_of(shelf.find(low.id)) == "Top/Middle/Low"
    with pytest.raises(InvalidName, match="exists already"):
        shelf.put_back(gone, [])
    shelf.remove(middle.id)
    shelf.create("middle", parent=top.id)  # its name taken meanwhile
    with pytest.raises(InvalidName, match="already a collection"):
        shelf.put_back(gone, [low.id])
    assert shelf.find(low.id).parent == top.id  # nothing changed
    shelf.remove("Top/middle")
    shelf.remove(top.id)  # its parent gone too: it comes back at the top level
    assert shelf.put_back(gone, [low.id]).parent is None
    assert shelf.path_of(shelf.find(low.id)) == "Middle/Low"


def test_tag_colours_are_set_replaced_without_case_and_cleared(stores):
    shelf = stores.shelf
    shelf.set_tag_colour("Energy", "Blue")
    shelf.set_tag_colour("oil", "#AA00ff")
    shelf.set_tag_colour("energy", "green")
    assert shelf.tag_colours() == {"energy": "green", "oil": "#aa00ff"}
    shelf.set_tag_colour("ENERGY", None)
    assert shelf.tag_colours() == {"oil": "#aa00ff"}
    with pytest.raises(InvalidHighlight):
        shelf.set_tag_colour("oil", "plaid")
    assert shelf.tag_colours() == {"oil": "#aa00ff"}


# -- hostile text ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_tags_names_and_notes_come_back_unchanged(stores, text):
    notes, shelf = stores.notes, stores.shelf
    notes.change_tags("a1", add=[text])
    assert notes.read("a1").tags == [text]
    collection = shelf.create(text)
    child = shelf.create(text, parent=collection.id)
    assert shelf.path_of(shelf.find(child.id)) == f"{text}/{text}"
    assert shelf.find(text) == collection  # the path wins over the nested namesake
    notes.file("a1", collection.id)
    shelf.set_tag_colour(text, "pink")
    assert shelf.tag_colours() == {text: "pink"}
    note = f"{text}\n\n\t{text}\r\n"
    notes.write_note("a1", note)
    notes.add_highlight("a1", highlight("h1", quote=text, comment=text))
    assert notes.catalog_row("a1") == UserRow("a1", (text,), (collection.id,), note)
    assert notes.read("a1").highlights[0].quote == text
    renamed = shelf.rename(collection.id, text + " 2")
    assert shelf.find(renamed.id).name == text + " 2"
    notes.change_tags("a1", remove=[text])
    assert notes.read("a1").tags == []


def test_the_team_tables_survive_hostile_text(team):
    stores = team
    for text in HOSTILE:
        stores.notes.change_tags("a1", add=[text])
        stores.shelf.ensure(text)
    with psycopg.connect(stores.url) as conn:
        tables = {
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
    assert {"article_tags", "collections", "article_notes"} <= tables
    assert len(stores.notes.read("a1").tags) == len(HOSTILE)


def test_nul_and_lone_surrogates_are_refused_by_the_team_library_with_nothing_written(team):
    """PostgreSQL text cannot hold NUL (files can), nor lone surrogates: refused with a clear
    error, not a crash."""
    stores = team
    with pytest.raises(BriefingError, match="NUL"):
        stores.notes.change_tags("a1", add=["ok", "bad\x00tag"])
    with pytest.raises(BriefingError, match="NUL"):
        stores.notes.write_note("a1", "note\x00")
    with pytest.raises(BriefingError, match="NUL"):
        stores.shelf.create("bad\x00name")
    with pytest.raises(BriefingError, match="UTF-8"):
        stores.notes.write_note("a1", "lone \ud800 surrogate")
    assert stores.notes.read("a1") == UserRecord.empty() and stores.notes.note("a1") == ""
    assert stores.shelf.collections() == []


@pytest.mark.parametrize(
    "theirs, mine, merged",
    [
        ("Theirs\n", "Mine", "Theirs\n\n---\n\nMine"),
        ("", "Mine", "Mine"),
        ("Theirs", "  ", "Theirs"),
        ("Same\n", "Same", "Same\n"),
    ],
)
def test_a_conflicting_note_keeps_both_texts(theirs, mine, merged):
    assert merged_note(theirs, mine) == merged
