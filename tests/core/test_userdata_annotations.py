"""Tags, collections, notes and highlights: on disk beside the records, atomic, carried to new versions."""

from __future__ import annotations

import dataclasses
import json

import pytest

from briefing_app.cli import main
from briefing_app.core import highlights as hl
from briefing_app.core.annotations import InvalidName
from briefing_app.core.library import Library
from briefing_app.core.workspace import Workspace
from tests.new_version import import_new_version


def test_tags_are_free_words_without_case_duplicates(seeded):
    (article,) = seeded.articles()
    seeded.userdata.tag([article.id], add=["energy", "Central Asia", "Energy"])
    assert seeded.userdata.tags(article.id) == ["energy", "Central Asia"]
    seeded.userdata.tag([article.key], remove=["ENERGY"])
    assert seeded.userdata.tags(article.id) == ["Central Asia"]
    with pytest.raises(InvalidName):
        seeded.userdata.tag([article.id], add=["a,b"])
    seeded.userdata.set_tag_colour("Central Asia", "#00aa00")
    assert seeded.userdata.shelf.tag_colours() == {"Central Asia": "#00aa00"}
    assert seeded.userdata.tag_counts() == {"Central Asia": 1}


def test_tagging_and_filing_a_selection_read_no_record(seeded, monkeypatch):
    """What the window waits for when it tags a selection (its indexing left to the task
    pool): ids taken as they are, no record read, the catalog's copy written once."""
    (article,) = seeded.articles()
    seeded.refresh_later = lambda: None  # as the window has it
    library, reads, catalog_writes = seeded.library, [], []
    get, store = library.get, library.store_user_data
    monkeypatch.setattr(library, "get", lambda *a, **k: reads.append(a) or get(*a, **k))
    monkeypatch.setattr(library, "store_user_data", lambda rows: catalog_writes.append(
        store(list(rows))))  # fmt: skip
    seeded.userdata.tag([article.id], add=["energy"])
    seeded.userdata.create_collection("Project")
    seeded.userdata.file([article.id], "Project")
    assert reads == [] and len(catalog_writes) == 2
    assert seeded.userdata.tags_of([article.id]) == {article.id: ["energy"]}
    assert seeded.userdata.members("Project") == [article.id]


def test_collections_nest_and_hold_an_article_in_many(seeded):
    (article,) = seeded.articles()
    data = seeded.userdata
    data.create_collection("Project")
    data.create_collection("Gas", parent="Project")
    data.create_collection("Reading list")
    data.file([article.id], "Project/Gas")
    data.file([article.id], "Reading list")
    assert data.members("Project") == [article.id]  # nested members count
    assert data.members("Project", nested=False) == []
    assert {c.name for c in data.collections_of(article.id)} == {"Gas", "Reading list"}
    by_name = {c.name: c.id for c in data.collections()}
    assert data.collection_counts() == {  # the article counts in Project through Gas
        by_name["Project"]: 1,
        by_name["Gas"]: 1,
        by_name["Reading list"]: 1,
    }
    with pytest.raises(InvalidName):
        data.create_collection("gas", parent="Project")
    data.delete_collection("Project")  # Gas moves up, the article stays in it
    assert data.shelf.path_of(data.shelf.find("Gas")) == "Gas"
    assert data.members("Gas") == [article.id]
    data.file([article.id], "Gas", remove=True)
    assert data.members("Gas") == []


def test_note_is_markdown_beside_the_record(seeded):
    (article,) = seeded.articles()
    seeded.userdata.set_note(article.id, "# Why\n\n*Useful* for the gas brief.\n")
    path = seeded.library.folder(article.id) / "note.md"
    assert path.read_text(encoding="utf-8").startswith("# Why")
    seeded.userdata.set_note(article.id, "  \n")
    assert not path.exists() and seeded.userdata.note(article.id) == ""


def test_highlight_anchors_to_paragraph_offsets_and_words(seeded):
    (article,) = seeded.articles()
    start, end = hl.find_passage(article, "critical artery")
    made = seeded.userdata.add_highlight(article.id, start, end, colour="green", comment="key")
    assert made.quote == "critical artery"
    assert article.paragraphs[made.paragraph - 1][made.offset :].startswith("critical artery")
    (placed,) = seeded.userdata.highlights(article.id)
    assert (placed.start, placed.end, placed.orphaned) == (start, end, False)
    with pytest.raises(hl.InvalidHighlight):
        seeded.userdata.add_highlight(article.id, start, end, colour="ultraviolet")
    seeded.userdata.remove_highlight(article.id, made.id[:6])
    assert seeded.userdata.highlights(article.id) == []


def test_new_version_moves_an_anchor_only_to_unchanged_words(seeded, tmp_path):
    """Text before the highlight grows: the same words are found, the anchor moves."""
    (article,) = seeded.articles()
    start, end = hl.find_passage(article, "critical artery")
    seeded.userdata.add_highlight(article.id, start, end)
    seeded.userdata.tag([article.id], add=["energy"])
    seeded.userdata.set_note(article.id, "kept")
    new_id = import_new_version(seeded, tmp_path, b"Recently,", b"Only very recently,")
    new = seeded.library.get(new_id)
    (placed,) = seeded.userdata.highlights(new_id)
    assert not placed.orphaned
    assert new.text[placed.start : placed.end] == "critical artery"
    assert placed.start != start  # it moved with its words
    assert seeded.userdata.tags(new_id) == ["energy"]
    assert seeded.userdata.note(new_id) == "kept"


def test_new_version_orphans_a_highlight_whose_words_changed(seeded, tmp_path):
    """The marked words were reworded: the highlight is orphaned with its words, not re-attached."""
    (article,) = seeded.articles()
    start, end = hl.find_passage(article, "critical artery")
    seeded.userdata.add_highlight(article.id, start, end, comment="mine")
    new_id = import_new_version(seeded, tmp_path, b"critical artery", b"critical arteries")
    (placed,) = seeded.userdata.highlights(new_id)
    assert placed.orphaned and placed.highlight.quote == "critical artery"
    assert placed.highlight.comment == "mine"
    # The look-alike passage is there, but the highlight is not attached to it.
    assert "critical arteries" in seeded.library.get(new_id).text
    stored = json.loads((seeded.library.folder(new_id) / "user.json").read_text("utf-8"))
    assert stored["highlights"][0]["orphaned"] is True


def test_words_found_twice_after_a_change_orphan_rather_than_guess(seeded):
    article = seeded.articles()[0]
    start, end = hl.find_passage(article, "critical artery")
    made = hl.new_highlight(article, start, end)
    moved = hl.Highlight(**{**made.to_dict(), "paragraph": 1, "offset": 0})
    twice = dataclasses.replace(article, paragraphs=[*article.paragraphs, "critical artery"])
    assert hl.place(twice, moved).orphaned
    assert not hl.place(article, moved).orphaned  # one unchanged occurrence: it moves


def test_user_data_survives_a_fresh_process_and_read_only_refuses_writes(seeded):
    (article,) = seeded.articles()
    seeded.userdata.tag([article.id], add=["kept"])
    reader = Workspace(seeded.root, read_only=True)
    assert reader.userdata.tags(article.id) == ["kept"]
    from briefing_app.core.errors import LibraryReadOnly

    with pytest.raises(LibraryReadOnly):
        reader.userdata.tag([article.id], add=["no"])
    assert Library(seeded.root).get(article.id).id == article.id


def test_damaged_user_file_is_a_clear_error(seeded):
    (article,) = seeded.articles()
    (seeded.library.folder(article.id) / "user.json").write_text("{not json", encoding="utf-8")
    from briefing_app.core.errors import LibraryError

    with pytest.raises(LibraryError, match="damaged"):
        seeded.userdata.tags(article.id)


def test_cli_forms_with_json(seeded, capsys):
    (article,) = seeded.articles()
    lib = ["--library", str(seeded.root)]

    def run(*args) -> object:
        capsys.readouterr()
        assert main([*lib, *args]) == 0
        return json.loads(capsys.readouterr().out)

    assert run("tag", article.key, "--add", "energy", "--json") == [
        {"id": article.id, "tags": ["energy"]}
    ]
    assert run("tags", "--colour", "energy", "green", "--json") == [
        {"tag": "energy", "articles": 1, "colour": "green"}
    ]
    run("collection", "Project", "--create", "--json")
    made = run(
        "collection", "Gas", "--create", "--parent", "Project", "--add", article.key, "--json"
    )
    assert made["path"] == "Project/Gas" and made["articles"][0]["id"] == article.id
    tree = run("collections", "--json")
    assert [(c["path"], c["articles"]) for c in tree] == [("Project", 1), ("Project/Gas", 1)]
    assert run("note", article.key, "--set", "# Note", "--json")["note"] == "# Note"
    (h,) = run("highlights", article.key, "--add", "critical artery", "--comment", "c", "--json")
    assert h["quote"] == "critical artery" and h["paragraph"] == 2 and not h["orphaned"]
    shown = run("show", article.key, "--json")
    assert shown["tags"] == ["energy"] and shown["collections"] == ["Project/Gas"]
    assert shown["note"] == "# Note" and shown["highlights"][0]["id"] == h["id"]
    assert run("highlights", article.key, "--remove", h["id"], "--json") == []
    capsys.readouterr()
    assert main([*lib, "highlights", article.key, "--add", "not in the article"]) == 2
    assert "word for word" in capsys.readouterr().err
