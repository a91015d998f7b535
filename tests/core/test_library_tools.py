"""Trash with undo, bibliography formats, nested collection paths — in core and on the command line."""

from __future__ import annotations

import json

from briefing_app.cli import main
from briefing_app.core import bibliography


def test_trash_keeps_everything_and_restore_brings_it_back(seeded):
    (article,) = seeded.articles()
    data = seeded.userdata
    data.tag([article.id], add=["energy"])
    data.set_note(article.id, "note")
    batch = data.trash([article.key])
    assert article.id not in seeded.library
    assert seeded.library.catalog.count() == 0
    assert [b["id"] for b in data.bin.batches()] == [batch]
    assert data.restore(batch) == [article.id]
    assert seeded.library.get(article.id).text == article.text
    assert data.tags(article.id) == ["energy"] and data.note(article.id) == "note"
    assert seeded.library.catalog.count() == 1
    assert data.bin.batches() == []
    assert [h.id for h in seeded.search("critical artery").hits] == [article.id]


def test_bibliography_formats(seeded):
    (article,) = seeded.articles()
    seeded.userdata.edit(article.id, {"type": "report"})
    article = seeded.library.get(article.id)
    items = json.loads(bibliography.render([article], "csl-json"))
    assert items[0]["id"] == article.key and items[0]["type"] == "report"
    bib = bibliography.render([article], "bibtex")
    assert bib.startswith(f"@techreport{{{article.key},")
    assert "author = {Avdaliani, Emil}" in bib and "year = {2023}" in bib
    ris = bibliography.render([article], "ris")
    assert (
        ris.startswith("TY  - RPRT")
        and "AU  - Avdaliani, Emil" in ris
        and ris.rstrip().endswith("ER  -")
    )


def test_collection_paths_are_created_level_by_level(seeded):
    data = seeded.userdata
    leaf = data.ensure_collection("Project/Gas/Pipelines")
    assert data.shelf.path_of(leaf) == "Project/Gas/Pipelines"
    assert data.ensure_collection("project/gas/pipelines").id == leaf.id
    assert len(data.collections()) == 3


def test_cli_trash_and_bibliography(seeded, capsys, tmp_path):
    (article,) = seeded.articles()
    lib = ["--library", str(seeded.root)]
    assert main([*lib, "collection", "Reading", "--create", "--add", article.key]) == 0
    out = tmp_path / "refs.ris"
    assert (
        main([*lib, "bibliography", "--collection", "Reading", "--to", "ris", "-o", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8").startswith("TY  - ")
    capsys.readouterr()
    assert main([*lib, "trash", article.key, "--json"]) == 0
    (batch,) = json.loads(capsys.readouterr().out)
    assert batch["ids"] == [article.id]
    assert main([*lib, "trash", "--restore", batch["id"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main([*lib, "show", article.key, "--json"]) == 0
    assert main([*lib, "trash", article.key]) == 0
    (batch,) = seeded.userdata.bin.batches()
    capsys.readouterr()
    assert main([*lib, "trash", "--empty", batch["id"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main([*lib, "show", article.key]) == 2  # gone for good
    assert main([*lib, "trash", "--restore", batch["id"]]) == 2


def test_tags_collections_and_notes_reach_the_catalog_and_survive_a_rebuild(seeded):
    (article,) = seeded.articles()
    data = seeded.userdata
    data.tag([article.id], add=["Energy"])
    data.file([article.id], data.ensure_collection("Project/Gas").id)
    data.set_note(article.id, "Ask about the 100% pipeline_plan")
    catalog = seeded.library.catalog

    def found(**filters) -> list[str]:
        return catalog.ordered_ids(sort="id", filters=filters)

    project = sorted(data.shelf.descendants(data.shelf.find("Project").id))
    for _ in range(2):
        assert found(tag="energy") == [article.id]  # tags compare without case
        assert found(collection=project) == [article.id]
        assert found(note="100% pipeline_") == [article.id]
        assert found(note="100 pipeline") == []  # % and _ are literal
        assert catalog.tag_counts() == [("Energy", 1)]
        seeded.library.rebuild_catalog()  # rebuilt from the files on disk: the same answers
    data.tag([article.id], remove=["energy"])
    assert found(tag="energy") == [] and catalog.tag_counts() == []


def test_a_saved_search_becomes_a_collection(seeded, capsys):
    (article,) = seeded.articles()
    lib = ["--library", str(seeded.root)]
    seeded.saved_searches.save("gas", '"gas union"')
    assert main([*lib, "collection", "Gas", "--create", "--from-search", "gas", "--json"]) == 0
    assert [a["id"] for a in json.loads(capsys.readouterr().out)["articles"]] == [article.id]


def test_cli_analyst_data_is_printed_with_control_characters_escaped(seeded, capsys):
    """Tags, notes and highlights are the analyst's words, but libraries are shared: an escape
    sequence in them is shown as text, never sent to the terminal."""
    article = seeded.articles()[0]
    lib = ["--library", str(seeded.root)]
    hostile = "\x1b]0;PWNED\x07\x1b[2J"
    assert main([*lib, "tag", article.key, "--add", f"red{hostile}"]) == 0
    assert main([*lib, "note", article.key, "--set", f"first{hostile}\nsecond"]) == 0
    capsys.readouterr()
    assert main([*lib, "tags"]) == 0
    assert main([*lib, "note", article.key]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;PWNED" in out and "second" in out
