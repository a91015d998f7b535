"""Metadata corrections: validated, kept with the extracted value, kept over re-imports, re-keyed on request."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.cli import main
from briefing_app.core import overrides
from briefing_app.core.library import Library
from tests.conftest import SEED_FILE
from tests.new_version import import_new_version


def test_correction_is_effective_and_keeps_the_extracted_value(seeded):
    (article,) = seeded.articles()
    extracted = article.metadata.published
    edited = seeded.userdata.edit(article.id, {"published": "2022-05-01"})
    assert edited.metadata.published == "2022-05-01"
    assert edited.overrides["published"]["extracted"] == extracted
    sources = overrides.provenance(edited)
    assert sources["published"] == {"value": "2022-05-01", "source": "user", "extracted": extracted}
    assert sources["title"]["source"] == "extracted"
    # The record on disk holds it (a fresh Library reads the same).
    again = Library(seeded.root).get(article.id)
    assert again.metadata.published == "2022-05-01"


@pytest.mark.parametrize(
    "field, value",
    [
        ("published", "2023-02-30"),
        ("published", "yesterday"),
        ("published", "2023-13"),
        ("url", "jamestown.org/x"),
        ("title", "   "),
        ("type", "novel"),
        ("language", "English!"),
        ("colour", "red"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(seeded, field, value):
    (article,) = seeded.articles()
    before = (seeded.library.folder(article.id) / "article.json").read_bytes()
    with pytest.raises(overrides.InvalidValue):
        seeded.userdata.edit(article.id, {"publisher": "Someone Else", field: value})
    assert (seeded.library.folder(article.id) / "article.json").read_bytes() == before


@given(st.dates())
def test_every_calendar_date_is_accepted_in_all_three_precisions(day):
    iso = day.isoformat()
    if len(iso) != 10:  # years before 1000 are not four digits
        return
    for text in (iso, iso[:7], iso[:4]):
        assert overrides.normalise("published", text) == text


@given(st.text(max_size=12))
def test_a_date_is_a_date_or_refused(text):
    try:
        value = overrides.normalise("published", text)
    except overrides.InvalidValue:
        return
    assert value == "" or value[:4].isdigit()


def test_setting_back_to_the_extracted_value_drops_the_override(seeded):
    (article,) = seeded.articles()
    original = article.metadata.publisher
    seeded.userdata.edit(article.id, {"publisher": "Other"})
    back = seeded.userdata.edit(article.id, {"publisher": original})
    assert "publisher" not in back.overrides
    seeded.userdata.edit(article.id, {"publisher": "Other"})
    cleared = seeded.userdata.edit(article.id, clear=["publisher"])
    assert cleared.metadata.publisher == original and not cleared.overrides


def test_reimport_of_the_same_bytes_keeps_corrections(seeded):
    (article,) = seeded.articles()
    seeded.userdata.edit(article.id, {"title": "Corrected title"})
    (result,) = seeded.import_paths([SEED_FILE])
    assert result.status == "unchanged"
    assert seeded.library.get(article.id).title == "Corrected title"


def test_new_version_keeps_corrections_over_fresh_extraction(seeded, tmp_path):
    (article,) = seeded.articles()
    seeded.userdata.edit(article.id, {"published": "2022-05-01", "authors": "Doe, Jane"})
    new_id = import_new_version(seeded, tmp_path, b"Recently,", b"Only recently,")
    new = seeded.library.get(new_id)
    assert new.metadata.published == "2022-05-01"
    assert new.metadata.authors == ["Doe, Jane"]
    assert new.overrides["published"]["extracted"] == article.metadata.published
    assert new.key == article.key


def test_rekey_only_when_asked_and_the_old_key_still_resolves(seeded):
    (article,) = seeded.articles()
    old_key = article.key
    edited = seeded.userdata.edit(article.id, {"authors": "Jane Doe", "published": "2021"})
    assert edited.key == old_key  # a correction alone leaves the key alone
    rekeyed = seeded.userdata.edit(article.id, rekey=True)
    assert rekeyed.key == "doe2021kazakhstans"
    assert rekeyed.key_aliases == [old_key]
    library = Library(seeded.root)
    assert library.resolve(old_key).id == article.id
    assert library.by_key()[old_key].id == article.id
    assert library.by_key()["doe2021kazakhstans"].id == article.id
    assert old_key in library.keys()  # a later import cannot take the old key


def test_repair_undo_keeps_corrections(seeded):
    (article,) = seeded.articles()
    heuristic = [r for r in article.repairs if not r.certain]
    if not heuristic:
        pytest.skip("the seed article has no heuristic repair")
    seeded.userdata.edit(article.id, {"title": "Corrected"})
    rebuilt = seeded.set_repair_rejected(article.id, heuristic[0].id)
    assert rebuilt.title == "Corrected" and rebuilt.overrides["title"]["extracted"] == article.title


def test_cli_edit_and_show_json(seeded, capsys):
    (article,) = seeded.articles()
    root = str(seeded.root)
    assert main(["--library", root, "edit", article.key, "--set", "published=2023-02-30"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["--library", root, "edit", article.key, "--set", "published=2022-05-01"]) == 0
    capsys.readouterr()
    assert main(["--library", root, "show", article.key, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["published"] == "2022-05-01"
    assert shown["metadata_sources"]["published"]["source"] == "user"
    assert shown["metadata_sources"]["published"]["extracted"] == article.metadata.published
    assert main(["--library", root, "edit", article.key, "--rekey", "--json"]) == 0
    edited = json.loads(capsys.readouterr().out)
    assert edited["key"] == "avdaliani2022kazakhstans"
    assert edited["key_aliases"] == [article.key]
