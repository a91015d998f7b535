"""Settings: typed defaults, only non-defaults written, damage tolerated."""

from __future__ import annotations

import json

from briefing_app.core.settings import MAX_RECENT, Settings


def test_defaults_when_file_missing(tmp_path):
    """A missing file gives the documented defaults."""
    s = Settings.load(tmp_path / "settings.json")
    assert s.theme == "system"
    assert s.editor_font_size == 11
    assert s.recent_briefs == []


def test_only_non_defaults_are_written(tmp_path):
    """Saving writes just what the user changed."""
    path = tmp_path / "settings.json"
    s = Settings.load(path)
    s.theme = "dark"
    s.save()
    assert json.loads(path.read_text()) == {"theme": "dark"}
    assert Settings.load(path).theme == "dark"


def test_wrong_types_and_unknown_keys_are_ignored(tmp_path):
    """A hand-edited file with bad values still loads, keeping the good ones."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": 3, "editor_font_size": True, "ibid": True, "zzz": 1}))
    s = Settings.load(path)
    assert s.theme == "system"
    assert s.editor_font_size == 11
    assert s.ibid is True


def test_damaged_file_gives_defaults(tmp_path):
    """Invalid JSON never stops start-up."""
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert Settings.load(path).non_defaults() == {}


def test_out_of_range_values_are_clamped(tmp_path):
    """A theme name we do not know falls back to following the system."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "purple", "editor_font_size": 0}))
    s = Settings.load(path)
    assert s.theme == "system"
    assert s.editor_font_size == 6


def test_recent_briefs_most_recent_first_without_duplicates(tmp_path):
    """Recent briefs keep order, drop duplicates and stay bounded."""
    s = Settings.load(tmp_path / "s.json")
    for i in range(MAX_RECENT + 3):
        s.add_recent_brief(tmp_path / f"b{i}.md")
    s.add_recent_brief(tmp_path / "b5.md")
    assert s.recent_briefs[0].endswith("b5.md")
    assert len(s.recent_briefs) == MAX_RECENT
    assert len(set(s.recent_briefs)) == MAX_RECENT


def test_default_path_is_the_settings_file(isolated_home):
    """Without a path, settings live in the config folder under BRIEFING_HOME."""
    s = Settings.load()
    s.ibid = True
    s.save()
    assert (isolated_home / "config" / "settings.json").is_file()


def test_a_setting_from_an_older_release_is_ignored(tmp_path):
    """A key this release no longer has (the old recovery delay) loads and is not written back."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"autosave_seconds": 30, "theme": "dark"}))
    s = Settings.load(path)
    s.save()
    assert json.loads(path.read_text()) == {"theme": "dark"}
