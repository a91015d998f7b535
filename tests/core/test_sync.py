"""`briefing sync` of a local library with a folder or a team library (PostgreSQL): round trip, three-way merge, keys, scope, faults."""

from __future__ import annotations

import json
import os

import pytest

from briefing_app.cli import main
from briefing_app.core.errors import LibraryError
from briefing_app.core.sync.merge import NOTE_MARKER
from briefing_app.core.sync.run import SyncInterrupted
from briefing_app.core.sync.state import FILE_NAME
from briefing_app.core.workspace import Workspace
from tests.conftest import SEED_FILE
from tests.core import sync_helpers
from tests.core.sync_helpers import TEAM_FILES, highlight, ids_of, import_files, run, snapshot
from tests.new_version import import_new_version

# The fixtures every sync test starts from: a team library (a folder, then PostgreSQL) and a
# local library.
team_location, team, local = sync_helpers.team_location, sync_helpers.team, sync_helpers.local


def test_first_sync_copies_the_team_library_whole(team, local):
    report = run(team, local)
    assert len(report.pulled) == 3 and not report.pushed and not report.conflicts
    assert snapshot(local) == snapshot(team)
    assert [s.query for s in local.saved_searches.load()] == ["gas"]
    for article_id in team.library.ids():  # the same bytes, so the same article
        article = team.library.get(article_id)
        copy = local.library.get(article_id)
        assert local.library.original_bytes(copy) == team.library.original_bytes(article)
        assert copy.to_record() == article.to_record()
    assert local.search("tariffs").total == 1  # indexed as it arrived


def test_round_trip_local_and_team_changes_meet_nothing_duplicated(team, local):
    """A change made on the trip reaches the team, one made meanwhile at the desk reaches the
    trip copy; every article is there once."""
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    grain = ids_of(team, "Grain corridor reopens for exports")
    (trip,) = import_files(local, "trip.txt")
    local.userdata.tag([trip, gas], add=["field"])
    local.userdata.tag([gas], remove=["talks"])
    local.userdata.set_note(trip, "Seen from the crossing.")
    mark = highlight(local, trip, "Trucks queued")
    team.userdata.tag([grain], add=["shipping"])
    team.userdata.set_note(grain, "Insurers matter here.")
    local.saved_searches.save("floods", "floods")

    report = run(team, local)

    assert report.pushed == [trip] and not report.pulled
    assert not report.conflicts
    assert sorted(report.merged) == sorted({gas, grain, trip})
    assert snapshot(team) == snapshot(local)
    assert len(team.library.ids()) == len(set(team.library.ids())) == 4
    assert sorted(local.library.ids()) == sorted(team.library.ids())
    assert sorted(team.userdata.tags(gas)) == ["energy", "field"]  # removal travelled too
    assert team.userdata.note(trip) == "Seen from the crossing."
    assert [p.highlight.id for p in team.userdata.highlights(trip)] == [mark.id]
    assert local.userdata.tags(grain) == ["shipping"]
    assert local.userdata.note(grain) == "Insurers matter here."
    assert {s.name for s in team.saved_searches.load()} == {"gas", "floods"}


def test_articles_pushed_to_a_folder_are_searchable_there(isolated_home, local):
    """(A team library's search is its own backend's: its tests cover what a copy adds.)"""
    team = Workspace(isolated_home / "desk")
    import_files(team, *TEAM_FILES)
    run(team, local)
    import_files(local, "trip.txt")
    run(team, local)
    assert team.search("Trucks").total == 1


def fingerprint(ws) -> object:
    """What a sync could have written: a folder's files with their times, else every record,
    the analyst's data and the saved searches."""
    if ws.root is None:
        records = {i: ws.library.get(i).to_record() for i in ws.library.ids()}
        saved = [(s.name, s.query) for s in ws.saved_searches.load()]
        return records, snapshot(ws), saved
    out = {}
    for folder, _dirs, files in os.walk(ws.root):
        for name in files:
            if name not in (FILE_NAME, ".write.lock"):
                path = os.path.join(folder, name)
                out[path] = os.stat(path).st_mtime_ns
    return out


def test_a_sync_with_nothing_changed_changes_nothing(team, local):
    run(team, local)
    before = (fingerprint(team), fingerprint(local))
    report = run(team, local)
    assert not report.changed and not report.conflicts
    assert (fingerprint(team), fingerprint(local)) == before


def test_tags_and_collections_merge_three_ways(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    local.userdata.tag([gas], remove=["energy"], add=["Pipeline"])
    team.userdata.tag([gas], add=["pipeline", "winter"])  # same tag, other case
    team.userdata.file([gas], team.userdata.shelf.find("Desk/Trip").id, remove=True)
    local.userdata.file([gas], local.userdata.ensure_collection("Later").id)
    run(team, local)
    for ws in (team, local):
        assert sorted(t.casefold() for t in ws.userdata.tags(gas)) == [
            "pipeline",
            "talks",
            "winter",
        ]
        paths = [ws.userdata.shelf.path_of(c) for c in ws.userdata.collections_of(gas)]
        assert paths == ["Later"]


def test_a_note_edited_on_both_sides_keeps_both_texts(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    local.userdata.set_note(gas, "Local view: the delegates are stalling.")
    team.userdata.set_note(gas, "Desk view: tariffs are the issue.")
    report = run(team, local)
    (conflict,) = report.conflicts
    assert (conflict.article, conflict.what) == (gas, "note")
    for ws in (team, local):
        note = ws.userdata.note(gas)
        assert note.index("Desk view") < note.index("Local view")
        assert NOTE_MARKER.split("{")[0] in note
    again = run(team, local)
    assert not again.conflicts and not again.changed


def test_a_note_changed_on_one_side_only_is_taken_without_conflict(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    team.userdata.set_note(gas, "Updated at the desk.")
    report = run(team, local)
    assert not report.conflicts
    assert local.userdata.note(gas) == "Updated at the desk."


def test_highlights_merge_by_id(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    (old,) = [p.highlight for p in team.userdata.highlights(gas)]
    mine = highlight(local, gas, "resume after the holidays", colour="green")
    theirs = highlight(team, gas, "state media")
    team.userdata.remove_highlight(gas, old.id)
    local.userdata.update_highlight(gas, mine.id, comment="check")
    run(team, local)
    for ws in (team, local):
        got = {p.highlight.id: p.highlight.comment for p in ws.userdata.highlights(gas)}
        assert got == {mine.id: "check", theirs.id: ""}


def test_a_highlight_commented_on_both_sides_keeps_both_comments(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    (mark,) = [p.highlight for p in team.userdata.highlights(gas)]
    team.userdata.update_highlight(gas, mark.id, comment="desk")
    local.userdata.update_highlight(gas, mark.id, comment="trip")
    report = run(team, local)
    assert [c.what for c in report.conflicts] == [f"highlight {mark.id}"]
    for ws in (team, local):
        (placed,) = ws.userdata.highlights(gas)
        assert "desk" in placed.highlight.comment and "trip" in placed.highlight.comment


def test_metadata_and_claim_corrections_travel(team, local):
    from briefing_app.core.claims import corrections

    run(team, local)
    grain = ids_of(team, "Grain corridor reopens for exports")
    local.userdata.edit(grain, {"published": "2026-11-20"}, clear=["publisher"])
    article = local.library.get(grain)
    start = article.text.index("Ships are moving")
    fix = corrections.make("add", article.text, start, start + 16, "Port spokesman")
    corrections.add(local.library, article, fix)
    run(team, local)
    stored = team.library.get(grain)
    assert stored.metadata.published == "2026-11-20"
    assert "publisher" not in stored.overrides
    assert team.library.corrections_document(grain)["corrections"] == [fix]


def test_a_taken_key_gets_the_teams_next_free_key_and_stays_an_alias(team, local):
    """The trip's article is cited as the key the team already uses for another article: on
    the team it gets a free key, and the trip copy keeps the old key as its alias."""
    (mine,) = import_files(local, "gas_local.txt")
    taken = local.library.get(mine).key
    gas = ids_of(team, "Gas transit talks stall again")
    assert team.library.get(gas).key == taken
    report = run(team, local, push=True, pull=False)
    new_key = team.library.get(mine).key
    assert new_key != taken and report.rekeyed == [{"id": mine, "old": taken, "new": new_key}]
    article = local.library.get(mine)
    assert article.key == new_key and taken in article.key_aliases
    assert local.article(taken).id == mine  # a brief written on the trip still resolves
    assert team.article(taken).id == gas  # the team's own key still names its article
    again = run(team, local)  # the full sync afterwards: nothing twice, keys agree
    assert not again.pushed and len(again.pulled) == 3 and not again.rekeyed
    assert snapshot(team) == snapshot(local)


def test_a_key_changed_on_the_trip_reaches_the_team_with_the_old_key_an_alias(team, local):
    run(team, local)
    power = ids_of(team, "Power grid links to the west")
    old = team.library.get(power).key
    local.userdata.edit(power, {"authors": "Anna Smith", "published": "2026-10-05"}, rekey=True)
    new = local.library.get(power).key
    assert new != old
    report = run(team, local)
    assert not report.conflicts
    article = team.library.get(power)
    assert article.key == new and old in article.key_aliases
    assert article.metadata.authors == ["Anna Smith"]
    assert team.article(old).id == power  # briefs citing the old key still resolve
    assert snapshot(team) == snapshot(local)


def test_saved_searches_edited_on_both_sides_keep_both_queries(team, local):
    run(team, local)
    local.saved_searches.save("gas", "gas AND tariffs")
    team.saved_searches.save("gas", "gas OR pipeline")
    report = run(team, local)
    assert [c.what for c in report.conflicts] == ["saved search gas"]
    for ws in (team, local):
        queries = {s.name: s.query for s in ws.saved_searches.load()}
        assert queries == {"gas": "gas OR pipeline", "gas (local copy)": "gas AND tariffs"}
    local.saved_searches.remove("gas (local copy)")
    run(team, local)
    assert [s.name for s in team.saved_searches.load()] == ["gas"]


def test_a_key_the_team_changed_is_taken_here_the_old_one_an_alias(team, local):
    run(team, local)
    grain = ids_of(team, "Grain corridor reopens for exports")
    old = team.library.get(grain).key
    team.userdata.adopt_key(grain, "ivanov2026grain")
    report = run(team, local)
    assert report.rekeyed == [{"id": grain, "old": old, "new": "ivanov2026grain"}]
    assert local.article(old).id == grain and local.article("ivanov2026grain").id == grain


def test_a_new_version_imported_on_the_trip_supersedes_the_teams(team, local, tmp_path):
    (seed,) = [r.id for r in team.import_paths([SEED_FILE])]
    team.userdata.tag([seed], add=["caspian"])
    run(team, local)
    newer = import_new_version(local, tmp_path, b"Recently,", b"Only very recently,")
    assert local.userdata.tags(newer) == ["caspian"]  # carried to the new version here
    report = run(team, local)
    assert report.pushed == [newer]
    assert team.library.get(newer).supersedes == seed
    assert team.library.get(seed).superseded_by == newer
    assert seed not in team.library.current_ids() and newer in team.library.current_ids()
    assert team.library.get(newer).key == team.library.get(seed).key
    assert team.userdata.tags(newer) == ["caspian"]
    assert snapshot(team) == snapshot(local)


def test_a_collection_sync_takes_only_that_collection(team, local):
    report = run(team, local, collection="Desk/Trip")
    gas = ids_of(team, "Gas transit talks stall again")
    grain = ids_of(team, "Grain corridor reopens for exports")
    assert sorted(report.pulled) == sorted([gas, grain])
    assert sorted(local.library.ids()) == sorted([gas, grain])
    assert local.saved_searches.load() == []  # library-wide data stays out
    trip, other = import_files(local, "trip.txt", "gas_local.txt")
    local.userdata.file([trip], local.userdata.shelf.find("Desk/Trip").id)
    report = run(team, local, collection="Trip")
    assert report.pushed == [trip]
    assert other not in team.library
    assert trip in team.userdata.members("Desk/Trip")


def test_pull_only_leaves_the_team_alone_and_the_next_sync_sends_the_changes(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    local.userdata.tag([gas], remove=["energy"])
    team.userdata.set_note(gas, "Desk edit.")
    before = snapshot(team)
    report = run(team, local, push=False)
    assert snapshot(team) == before and not report.pushed
    assert local.userdata.note(gas) == "Desk edit." and local.userdata.tags(gas) == ["talks"]
    run(team, local)
    assert team.userdata.tags(gas) == ["talks"]
    assert snapshot(team) == snapshot(local)


def test_push_only_leaves_the_local_copy_alone(team, local):
    run(team, local)
    gas = ids_of(team, "Gas transit talks stall again")
    (trip,) = import_files(local, "trip.txt")
    team.userdata.tag([gas], add=["desk"])
    before = snapshot(local)
    report = run(team, local, pull=False)
    assert report.pushed == [trip] and snapshot(local) == before
    run(team, local)
    assert "desk" in local.userdata.tags(gas)


def test_dry_run_says_what_would_change_and_changes_nothing(team, local):
    dry = run(team, local, dry_run=True)
    assert local.library.ids() == [] and not (local.root / FILE_NAME).exists()
    real = run(team, local)
    assert dry.to_json()["pulled"] == real.to_json()["pulled"] == 3
    assert sorted(dry.merged) == sorted(real.merged)


def test_an_article_deleted_for_good_since_the_last_sync_is_not_copied_back(team, local):
    run(team, local)
    power = ids_of(team, "Power grid links to the west")
    local.delete(power)
    report = run(team, local)
    assert power not in local.library and not report.pulled
    assert report.deleted == [{"id": power, "side": "local"}]
    assert power in team.library  # a deletion on the trip never deletes the team's copy


class Gone(ConnectionError):
    """The server went away."""


def fail_second_call(monkeypatch, owner, name: str) -> None:
    """`owner.name` works once, then the server is gone (until `monkeypatch.undo()`)."""
    real = getattr(owner, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise Gone("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def test_a_sync_cut_short_while_copying_is_finished_by_the_next(team, local, monkeypatch):
    run(team, local)
    trip, extra = import_files(local, "trip.txt", "gas_local.txt")
    local.userdata.tag([trip, extra], add=["field"])
    fail_second_call(monkeypatch, team.library, "add")
    with pytest.raises(Gone):
        run(team, local)
    monkeypatch.undo()
    assert len(set(team.library.ids()) & {trip, extra}) == 1  # one stored whole, not two
    report = run(team, local)
    assert len(report.pushed) == 1
    assert snapshot(team) == snapshot(local)
    assert sorted(team.library.ids()) == sorted(local.library.ids())
    assert len(team.library.ids()) == 5


def test_a_sync_cut_short_while_merging_is_finished_by_the_next(team, local, monkeypatch):
    run(team, local)
    ids = sorted(team.library.ids())
    for article_id in ids:
        local.userdata.set_note(article_id, f"trip note {article_id}")
        team.userdata.set_note(article_id, f"desk note {article_id}")
        team.userdata.tag([article_id], add=["desk"])
    fail_second_call(monkeypatch, team.userdata, "set_note")
    with pytest.raises(Gone):
        run(team, local)
    monkeypatch.undo()
    report = run(team, local)
    assert snapshot(team) == snapshot(local)
    for article_id in ids:
        note = team.userdata.note(article_id)
        # Both texts once each: the interrupted article is not merged twice.
        assert note.count(f"trip note {article_id}") == 1
        assert note.count(f"desk note {article_id}") == 1
        assert "desk" in local.userdata.tags(article_id)
    assert len(report.conflicts) <= len(ids)
    assert not run(team, local).changed


def test_an_article_refused_is_reported_and_the_rest_synced(team, local, monkeypatch):
    run(team, local)
    trip, extra = import_files(local, "trip.txt", "gas_local.txt")
    real_add = team.library.add

    def refuse_one(article, original):
        if article.id == extra:
            raise LibraryError("The team library cannot store this article: a NUL character.")
        return real_add(article, original)

    monkeypatch.setattr(team.library, "add", refuse_one)
    report = run(team, local)
    assert report.pushed == [trip]
    assert report.skipped == [
        {"id": extra, "reason": "The team library cannot store this article: a NUL character."}
    ]
    monkeypatch.undo()
    assert run(team, local).pushed == [extra]  # the next sync tries it again


def test_a_library_that_stops_answering_stops_the_sync(team, local, monkeypatch):
    run(team, local)
    trip, extra = import_files(local, "trip.txt", "gas_local.txt")
    lost = LibraryError("Lost the connection to the team library.")

    def gone(*_args):
        raise lost

    monkeypatch.setattr(team.library, "add", gone)
    monkeypatch.setattr(team.library, "has_records", gone)
    with pytest.raises(SyncInterrupted, match="run the same sync again"):
        run(team, local)
    monkeypatch.undo()
    report = run(team, local)
    assert sorted(report.pushed) == sorted([trip, extra]) and not report.skipped
    assert snapshot(team) == snapshot(local)


def test_cli_sync_reports_counts_and_json(team, team_location, local, capsys):
    team.close()
    local.close()
    code = main(["sync", team_location, str(local.root), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["pulled"], out["pushed"], out["conflicts"]) == (3, 0, [])
    code = main(["sync", team_location, str(local.root), "--dry-run"])
    assert code == 0
    assert capsys.readouterr().out.startswith("0 articles would be pulled, 0 would be pushed")


def test_cli_sync_refuses_the_same_library_twice(local, capsys):
    local.close()
    assert main(["sync", str(local.root), str(local.root)]) == 2
    assert "same library" in capsys.readouterr().err
