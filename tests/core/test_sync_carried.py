"""`briefing sync` carries what changes after both sides hold an article, both ways: corrections
made on both sides, repairs undone, claims extracted again, tag colours, collections (empty
ones too) and the trash; with a team library in a folder and in PostgreSQL."""

from __future__ import annotations

import copy
import json

import pytest

from briefing_app.cli import main
from briefing_app.core.claims import EXTRACTOR_VERSION
from briefing_app.core.errors import BriefingError
from briefing_app.core.sync.state import FILE_NAME
from briefing_app.core.workspace import Workspace
from tests.core import sync_helpers
from tests.core.sync_helpers import highlight, ids_of, import_files, run, snapshot
from tests.core.test_sync import Gone, fail_second_call

# The fixtures every sync test starts from: a team library (a folder, then PostgreSQL) and a
# local library.
team_location, team, local = sync_helpers.team_location, sync_helpers.team, sync_helpers.local

GAS = "Gas transit talks stall again"
GRAIN = "Grain corridor reopens for exports"
POWER = "Power grid links to the west"


def both(team, local):
    return ((team, "team"), (local, "local"))


def in_trash(ws) -> set[str]:
    return set(ws.userdata.trashed())


def assert_in_step(team, local) -> None:
    """Both sides hold the same, and another sync finds nothing to do."""
    assert snapshot(team) == snapshot(local)
    assert not run(team, local).changed


# -- records changed after both sides hold them ------------------------------------------------
def test_metadata_corrected_on_both_sides_merges_field_by_field(team, local):
    run(team, local)
    grain = ids_of(team, GRAIN)
    local.userdata.edit(grain, {"title": "Grain corridor open", "published": "2026-11-21"})
    team.userdata.edit(grain, {"title": "Corridor reopens", "authors": "Ivan Petrov"})
    report = run(team, local)
    (clash,) = report.conflicts
    assert (clash.article, clash.what) == (grain, "metadata title")
    assert (clash.local, clash.team, clash.resolution) == (
        "Grain corridor open",
        "Corridor reopens",
        "team's value kept",
    )
    for ws in (team, local):
        article = ws.library.get(grain)
        assert article.metadata.title == "Corridor reopens"  # the team's, the local one reported
        assert article.metadata.published == "2026-11-21"  # each side's other fields kept
        assert article.metadata.authors == ["Ivan Petrov"]
        assert article.overrides["publisher"]["value"] == "Port Bulletin"
    assert_in_step(team, local)


def undone_repair(ws, article_id: str) -> str:
    (repair,) = [r for r in ws.library.get(article_id).repairs if not r.certain]
    return repair.id


def test_a_repair_undone_on_one_side_is_undone_on_the_other_and_restored_likewise(team, local):
    (wrapped,) = import_files(team, "wrapped.txt")
    team.userdata.tag([wrapped], add=["border"])
    run(team, local)
    repair = undone_repair(local, wrapped)
    local.set_repair_rejected(wrapped, repair)
    team.userdata.set_note(wrapped, "Queues again.")
    report = run(team, local)
    assert wrapped in report.merged and not report.conflicts
    for ws in (team, local):
        article = ws.library.get(wrapped)
        assert article.rejected_repairs == [repair]
        assert "geo-\npolitics" in article.text or "geo-politics" in article.text
        assert ws.userdata.note(wrapped) == "Queues again."  # the record made again, data kept
        assert ws.userdata.tags(wrapped) == ["border"]
    assert team.library.get(wrapped).text == local.library.get(wrapped).text
    team.set_repair_rejected(wrapped, repair, rejected=False)  # the desk restores it
    run(team, local)
    assert local.library.get(wrapped).rejected_repairs == []
    assert "geopolitics of the route" in local.library.get(wrapped).text
    assert not run(team, local).changed


def test_a_repair_the_other_copy_lacks_is_reported_and_the_rest_synced(team, local):
    """A repair undone on a copy read by another version of Briefing, which the other side's
    copy never made: left there and reported, never an article stuck at every sync."""
    (wrapped,) = import_files(team, "wrapped.txt")
    run(team, local)
    article = copy.deepcopy(local.library.get(wrapped))
    article.rejected_repairs = ["repair-of-another-version"]
    with local.library.lock:
        local.library.save(article)
    local.userdata.set_note(wrapped, "Checked at the border.")
    report = run(team, local)
    assert wrapped in report.merged and wrapped not in [s["id"] for s in report.skipped]
    assert [(c.article, c.what) for c in report.conflicts] == [
        (wrapped, "repair repair-of-another-version")
    ]
    assert team.userdata.note(wrapped) == "Checked at the border."
    assert team.library.get(wrapped).rejected_repairs == []


def stored_by_an_older_extractor(ws, article_id: str) -> None:
    article = copy.deepcopy(ws.library.get(article_id))
    article.claims, article.claims_version = [], EXTRACTOR_VERSION - 1
    with ws.library.lock:
        ws.library.save(article)


def test_claims_extracted_again_on_one_side_reach_the_other(team, local):
    power = ids_of(team, POWER)
    fresh = team.library.get(power).claims
    stored_by_an_older_extractor(team, power)
    run(team, local)
    assert local.library.get(power).claims_version == EXTRACTOR_VERSION - 1  # copied as it was
    local.refresh_claims([power])  # what `briefing claims` does on the trip
    report = run(team, local)
    assert report.merged == [power] and not report.conflicts
    article = team.library.get(power)
    assert article.claims_version == EXTRACTOR_VERSION
    assert fresh and article.claims == fresh
    assert not run(team, local).changed


# -- tag colours -------------------------------------------------------------------------------
def test_tag_colours_travel_both_ways_and_a_clash_keeps_the_teams(team, local):
    team.userdata.set_tag_colour("energy", "#ff0000")
    run(team, local)
    assert local.userdata.shelf.tag_colours() == {"energy": "#ff0000"}
    local.userdata.set_tag_colour("talks", "#00aa00")
    local.userdata.set_tag_colour("Energy", "#0000ff")  # another spelling, the same tag
    team.userdata.set_tag_colour("energy", "#ffaa00")
    report = run(team, local)
    (clash,) = report.conflicts
    assert (clash.what, clash.local, clash.team) == ("tag colour energy", "#0000ff", "#ffaa00")
    assert clash.resolution == "team's colour kept"
    for ws in (team, local):
        colours = {t.casefold(): c for t, c in ws.userdata.shelf.tag_colours().items()}
        assert colours == {"energy": "#ffaa00", "talks": "#00aa00"}
    team.userdata.set_tag_colour("talks", None)  # a colour removed at the desk
    report = run(team, local)
    assert report.tag_colours == ["talks"] and not report.conflicts
    assert "talks" not in local.userdata.shelf.tag_colours()
    assert not run(team, local).changed


# -- collections -------------------------------------------------------------------------------
def paths(ws) -> list[str]:
    shelf = ws.userdata.shelf
    return sorted(shelf.path_of(c) for c in shelf.collections())


def test_empty_collections_travel_and_deleted_ones_are_deleted_on_both_sides(team, local):
    team.userdata.ensure_collection("Desk/Empty")
    run(team, local)
    assert paths(local) == ["Desk", "Desk/Empty", "Desk/Trip"]
    local.userdata.ensure_collection("Trip/Later")  # made on the trip, still empty
    team.userdata.delete_collection("Desk/Empty")
    report = run(team, local)
    assert not report.conflicts
    assert sorted(report.collections) == ["Desk/Empty", "Trip", "Trip/Later"]
    for ws in (team, local):
        assert paths(ws) == ["Desk", "Desk/Trip", "Trip", "Trip/Later"]
    assert not run(team, local).changed


def test_a_collection_renamed_on_one_side_is_renamed_on_the_other(team, local):
    run(team, local)
    gas = ids_of(team, GAS)
    local.userdata.rename_collection("Desk/Trip", "Journey")
    run(team, local)
    for ws in (team, local):
        assert paths(ws) == ["Desk", "Desk/Journey"]
        assert gas in ws.userdata.members("Desk/Journey")


def test_a_collection_moved_on_one_side_is_moved_on_the_other(team, local):
    run(team, local)
    gas = ids_of(team, GAS)
    team.userdata.ensure_collection("Archive")
    team.userdata.move_collection("Desk/Trip", "Archive")
    run(team, local)
    for ws in (team, local):
        assert paths(ws) == ["Archive", "Archive/Trip", "Desk"]
        assert gas in ws.userdata.members("Archive/Trip")
    assert_in_step(team, local)


def deleted_here_filled_there(team, local) -> str:
    """The collection "Watch" deleted on the trip and, at the desk, given an article (its id)."""
    team.userdata.ensure_collection("Watch")
    run(team, local)
    power = ids_of(team, POWER)
    local.userdata.delete_collection("Watch")
    team.userdata.file([power], team.userdata.shelf.find("Watch").id)
    return power


def test_a_collection_deleted_on_one_side_and_filled_on_the_other_is_kept(team, local):
    power = deleted_here_filled_there(team, local)
    report = run(team, local)
    for ws in (team, local):
        assert "Watch" in paths(ws) and ws.userdata.members("Watch") == [power]
    assert not report.conflicts  # the article put in it brought it back: nothing clashed
    assert not run(team, local).changed


def test_a_collection_that_still_holds_articles_is_not_deleted_and_is_reported(team, local):
    power = deleted_here_filled_there(team, local)
    report = run(team, local, pull=False)  # the local copy does not take the article's change
    (clash,) = report.conflicts
    assert (clash.what, clash.local, clash.team) == ("collection Watch", "deleted", "present")
    assert "still holds 1 articles in the team library: kept" in clash.resolution
    assert team.userdata.members("Watch") == [power]
    run(team, local)  # the full sync: the article's collection comes to the local copy
    assert local.userdata.members("Watch") == [power]
    assert paths(team) == paths(local)


def test_a_collection_sync_carries_empty_collections_under_it_only(team, local):
    team.userdata.ensure_collection("Desk/Trip/Empty")
    team.userdata.ensure_collection("Elsewhere")
    run(team, local, collection="Desk/Trip")
    assert paths(local) == ["Desk", "Desk/Trip", "Desk/Trip/Empty"]
    local.userdata.ensure_collection("Desk/Trip/Made")
    local.userdata.ensure_collection("Outside")
    run(team, local, collection="Desk/Trip")
    assert "Desk/Trip/Made" in paths(team) and "Outside" not in paths(team)


# -- the trash ---------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["local", "team"])
def test_an_article_trashed_on_one_side_and_untouched_on_the_other_is_trashed_on_both(
    team, local, where
):
    run(team, local)
    power = ids_of(team, POWER)
    sides = dict((name, ws) for ws, name in both(team, local))
    other = "team" if where == "local" else "local"
    sides[where].userdata.trash([power])
    report = run(team, local)
    assert report.trashed == [{"id": power, "side": other}]
    assert not report.deleted and not report.pulled and not report.pushed
    for ws in (team, local):
        assert power not in ws.library and power in in_trash(ws)
    assert not run(team, local).changed
    # Undone on the side that trashed it last: it comes back on the other one as well.
    sides[other].userdata.restore_articles([power])
    report = run(team, local)
    assert report.restored == [{"id": power, "side": where}]
    for ws in (team, local):
        assert power in ws.library and not in_trash(ws)
    assert_in_step(team, local)


def test_an_article_trashed_on_both_sides_then_restored_on_one_comes_back_on_both(team, local):
    run(team, local)
    power = ids_of(team, POWER)
    team.userdata.trash([power])
    local.userdata.trash([power])
    assert not run(team, local).trashed  # already in both trashes: nothing to do
    team.userdata.restore_articles([power])
    report = run(team, local)
    assert report.restored == [{"id": power, "side": "local"}] and not report.trashed
    for ws in (team, local):
        assert power in ws.library and not in_trash(ws)
    assert_in_step(team, local)


def test_an_article_trashed_on_one_side_and_annotated_on_the_other_is_kept(team, local):
    run(team, local)
    gas, power = ids_of(team, GAS), ids_of(team, POWER)
    batch = local.userdata.trash([gas, power])
    team.userdata.set_note(gas, "Still relevant: the talks resume.")
    report = run(team, local)
    (clash,) = report.conflicts
    assert (clash.article, clash.what) == (gas, "trash")
    assert (clash.local, clash.team) == ("in the trash", "changed")
    assert "kept" in clash.resolution
    assert report.restored == [{"id": gas, "side": "local"}]
    assert report.trashed == [{"id": power, "side": "team"}]  # untouched at the desk: trashed
    assert local.userdata.note(gas) == "Still relevant: the talks resume."
    assert gas in team.library and gas in local.library
    assert [b["ids"] for b in local.userdata.bin.batches() if b["id"] == batch] == [[power]]
    assert_in_step(team, local)


def test_a_pull_only_sync_leaves_the_teams_trash_for_the_next_full_sync(team, local):
    run(team, local)
    power = ids_of(team, POWER)
    local.userdata.trash([power])
    report = run(team, local, push=False)
    assert not report.trashed and not report.deleted and not report.pulled
    assert power in team.library and power not in local.library
    assert run(team, local).trashed == [{"id": power, "side": "team"}]
    assert power not in team.library


def test_a_trash_one_side_refuses_is_reported_and_tried_again(team, local, monkeypatch):
    run(team, local)
    power = ids_of(team, POWER)
    local.userdata.trash([power])
    team.userdata.set_note(ids_of(team, GAS), "Desk note.")
    refusal = BriefingError("One of these articles is already in the trash.")

    def refuse(_ids):
        raise refusal

    monkeypatch.setattr(team.userdata, "trash", refuse)
    report = run(team, local)
    assert report.skipped == [{"id": power, "reason": str(refusal)}] and not report.trashed
    assert local.userdata.note(ids_of(team, GAS)) == "Desk note."  # the rest synced
    assert power in team.library and not report.pulled  # not copied back either
    monkeypatch.undo()
    assert run(team, local).trashed == [{"id": power, "side": "team"}]


# -- round trip, interruptions, the command ----------------------------------------------------
def test_round_trip_of_everything_carried_nothing_duplicated(team, local):
    """Changes of every kind made on both sides meet; every article and collection is there
    once, and a second sync finds nothing to do."""
    (wrapped,) = import_files(team, "wrapped.txt")
    run(team, local)
    gas, grain, power = ids_of(team, GAS), ids_of(team, GRAIN), ids_of(team, POWER)
    (trip,) = import_files(local, "trip.txt")
    local.userdata.set_tag_colour("field", "#123456")
    local.userdata.tag([trip], add=["field"])
    local.userdata.ensure_collection("Trip/Unsorted")
    local.set_repair_rejected(wrapped, undone_repair(local, wrapped))
    local.userdata.edit(grain, {"published": "2026-11-20"})
    local.userdata.trash([power])
    team.userdata.set_tag_colour("energy", "#ff0000")
    team.userdata.ensure_collection("Desk/Briefs")
    team.userdata.edit(gas, {"authors": "Anna Smith"}, rekey=True)
    highlight(local, gas, "state media", comment="trip")

    report = run(team, local)

    assert report.pushed == [trip] and not report.pulled and not report.conflicts
    assert report.trashed == [{"id": power, "side": "team"}]
    assert snapshot(team) == snapshot(local)
    assert sorted(team.library.ids()) == sorted(local.library.ids())
    assert len(team.library.ids()) == 4  # gas, grain, wrapped, trip: power in the trash
    for ws in (team, local):
        assert paths(ws) == ["Desk", "Desk/Briefs", "Desk/Trip", "Trip", "Trip/Unsorted"]
        assert len(ws.userdata.collections()) == 5
        assert ws.userdata.shelf.tag_colours() == {"energy": "#ff0000", "field": "#123456"}
        assert ws.library.get(wrapped).rejected_repairs
        assert in_trash(ws) == {power}
    assert team.library.get(gas).key == local.library.get(gas).key
    again = run(team, local)
    assert not again.changed and not again.conflicts


def test_a_sync_cut_short_in_the_trash_and_collections_is_finished_by_the_next(
    team, local, monkeypatch
):
    run(team, local)
    gas, power = ids_of(team, GAS), ids_of(team, POWER)
    local.userdata.trash([power])
    team.userdata.trash([gas])
    for name in ("A", "B", "C"):
        local.userdata.ensure_collection(f"Trip/{name}")
    local.userdata.set_tag_colour("energy", "#00ff00")
    fail_second_call(monkeypatch, team.userdata, "ensure_collection")
    with pytest.raises(Gone):
        run(team, local)
    monkeypatch.undo()
    report = run(team, local)
    assert not report.conflicts
    for ws in (team, local):
        assert in_trash(ws) == {gas, power}
        assert paths(ws) == ["Desk", "Desk/Trip", "Trip", "Trip/A", "Trip/B", "Trip/C"]
        assert ws.userdata.shelf.tag_colours() == {"energy": "#00ff00"}
    assert_in_step(team, local)


def test_a_sync_state_from_before_keeps_what_both_sides_hold(team, local):
    """A state written before colours, collections and repairs were kept: what either side
    holds of them counts as added there, so nothing is removed."""
    team.userdata.set_tag_colour("energy", "#ff0000")
    team.userdata.ensure_collection("Desk/Empty")
    run(team, local)
    state_file = local.root / FILE_NAME
    state = json.loads(state_file.read_text(encoding="utf-8"))
    for entry in state["teams"].values():
        for part in ("tag_colours", "collections", "trashed"):
            del entry[part]
        for view in entry["articles"].values():
            del view["repairs"], view["claims_version"]
    state_file.write_text(json.dumps(state), encoding="utf-8")
    local.userdata.ensure_collection("Trip")
    report = run(team, local)
    assert not report.conflicts and report.collections == ["Trip"]
    for ws in (team, local):
        assert paths(ws) == ["Desk", "Desk/Empty", "Desk/Trip", "Trip"]
        assert ws.userdata.shelf.tag_colours() == {"energy": "#ff0000"}


@pytest.mark.parametrize("since", ["an upgrade", "claims extracted again"])
def test_an_untouched_article_trashed_on_one_side_is_trashed_on_both_after(team, local, since):
    """Neither a state from before repairs and the claims' version were kept, nor claims
    extracted again by a newer extractor, is an analyst's change: the trash travels."""
    power = ids_of(team, POWER)
    stored_by_an_older_extractor(team, power)
    run(team, local)
    if since == "an upgrade":
        state_file = local.root / FILE_NAME
        state = json.loads(state_file.read_text(encoding="utf-8"))
        for entry in state["teams"].values():
            for view in entry["articles"].values():
                del view["repairs"], view["claims_version"]
        state_file.write_text(json.dumps(state), encoding="utf-8")
    else:
        team.refresh_claims([power])
    local.userdata.trash([power])
    report = run(team, local)
    assert not report.conflicts
    assert report.trashed == [{"id": power, "side": "team"}] and not report.restored
    assert power in in_trash(team) and power in in_trash(local)


def test_a_dry_run_reports_the_trash_colours_and_collections_and_writes_nothing(team, local):
    run(team, local)
    power = ids_of(team, POWER)
    local.userdata.trash([power])
    team.userdata.set_tag_colour("energy", "#ff0000")
    team.userdata.ensure_collection("Desk/Empty")
    before = (snapshot(team), snapshot(local), paths(local), in_trash(team))
    state = (local.root / FILE_NAME).read_bytes()
    dry = run(team, local, dry_run=True)
    assert dry.trashed == [{"id": power, "side": "team"}]
    assert dry.tag_colours == ["energy"] and dry.collections == ["Desk/Empty"]
    assert (snapshot(team), snapshot(local), paths(local), in_trash(team)) == before
    assert (local.root / FILE_NAME).read_bytes() == state
    real = run(team, local)
    assert (real.trashed, real.tag_colours, real.collections) == (
        dry.trashed,
        dry.tag_colours,
        dry.collections,
    )


def test_cli_sync_prints_what_it_moved_to_the_trash(team, team_location, local, capsys):
    run(team, local)
    power = ids_of(team, POWER)
    local.userdata.trash([power])
    team.userdata.set_tag_colour("energy", "#ff0000")
    team.close()
    local.close()
    assert main(["sync", team_location, str(local.root)]) == 0
    out = capsys.readouterr().out
    assert "1 tag colours and 0 collections merged" in out
    assert f"moved to the trash: article {power} in the team library" in out
    assert power in Workspace(local.root).userdata.trashed()
