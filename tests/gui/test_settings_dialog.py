"""Settings dialog: shows the settings, writes only changed non-defaults, applies to the window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from briefing_app.core.settings import Settings
from briefing_app.gui import settings_dialog
from briefing_app.gui.settings_dialog import SettingsDialog
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def settings(tmp_path):
    """Settings backed by a file in the test's folder."""
    return Settings.load(tmp_path / "settings.json")


@pytest.fixture
def dialog(qtbot, settings, monkeypatch):
    """A dialog over `settings`, with its error box recorded instead of shown."""
    shown = []
    monkeypatch.setattr(SettingsDialog, "show_error", lambda self, t, m: shown.append((t, m)))
    dlg = SettingsDialog(settings)
    dlg.errors = shown
    qtbot.addWidget(dlg)
    return dlg


def test_form_shows_current_settings(qtbot, settings):
    """Every edited setting appears in the form as stored."""
    settings.update({"theme": "dark", "locator_style": "para", "ibid": True})
    settings.update({"editor_font_size": 14, "access_dates": False, "language": "de"})
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    values = dlg.values()
    assert values["theme"] == "dark"
    assert values["locator_style"] == "para"
    assert values["ibid"] is True and values["access_dates"] is False
    assert values["editor_font_size"] == 14
    assert values["language"] == "de"
    assert values["editor_font"] == ""  # the system fixed-width font
    assert not dlg.font_combo.isEnabled()


def test_ok_without_changes_writes_nothing(dialog, settings, qtbot):
    """Accepting an unchanged form creates no settings file and signals nothing."""
    with qtbot.assertNotEmitted(dialog.settings_changed):
        dialog.accept()
    assert not settings.path.exists()


def test_only_changed_non_defaults_are_written(dialog, settings, qtbot):
    """Changing two values writes exactly those two keys."""
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    dialog.ibid_check.setChecked(True)
    with qtbot.waitSignal(dialog.settings_changed) as signal:
        dialog.accept()
    assert sorted(signal.args[0]) == ["ibid", "theme"]
    assert json.loads(settings.path.read_text()) == {"theme": "light", "ibid": True}
    assert settings.theme == "light"


def test_chosen_font_is_saved(dialog, settings):
    """Unticking the system font saves the family picked in the font box."""
    dialog.system_font_check.setChecked(False)
    assert dialog.font_combo.isEnabled()
    family = dialog.font_combo.currentFont().family()
    dialog.font_size_spin.setValue(16)
    dialog.accept()
    saved = json.loads(settings.path.read_text())
    assert saved == {"editor_font": family, "editor_font_size": 16}


def test_restore_defaults_then_ok_leaves_empty_file(qtbot, settings, monkeypatch):
    """Restoring defaults removes every edited key from the file, keeping other settings."""
    settings.update({"theme": "dark", "editor_font_size": 14, "recent_briefs": ["/tmp/a.md"]})
    settings.save()
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    dlg.restore_defaults()
    assert dlg.values()["theme"] == "system"
    dlg.accept()
    assert json.loads(settings.path.read_text()) == {"recent_briefs": ["/tmp/a.md"]}


def test_cancel_changes_nothing(dialog, settings):
    """Rejecting the dialog leaves settings and disk untouched."""
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.reject()
    assert settings.theme == "system"
    assert not settings.path.exists()


def test_library_that_is_a_file_is_refused(dialog, settings, tmp_path):
    """A library location naming a file gets a plain message and nothing is saved."""
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    dialog.library_edit.setText(str(not_a_folder))
    dialog.accept()
    assert dialog.errors and "not a folder" in dialog.errors[0][1]
    assert settings.library_dir == ""
    assert not settings.path.exists()


def test_library_folder_is_saved(dialog, settings, tmp_path):
    """A new library folder is stored as typed (it applies at the next start)."""
    dialog.library_edit.setText(str(tmp_path / "elsewhere"))
    dialog.accept()
    assert json.loads(settings.path.read_text()) == {"library_dir": str(tmp_path / "elsewhere")}


def _click_ok(dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_team_library_with_a_password_is_refused(dialog, settings, qtbot):
    """A PostgreSQL location typed with a password: refused before the settings file is
    written, and the message does not repeat the password."""
    dialog.library_edit.clear()
    QTest.keyClicks(dialog.library_edit, "postgresql://anna:s3cret@db.example.org/briefing")
    _click_ok(dialog)
    assert dialog.errors and "pgpass" in dialog.errors[0][1]
    assert "s3cret" not in dialog.errors[0][1]
    assert settings.library_dir == "" and not settings.path.exists()


def test_a_team_library_location_is_saved(dialog, settings):
    """A libpq service name is kept as typed (a team library, opened at the next start)."""
    dialog.library_edit.clear()
    QTest.keyClicks(dialog.library_edit, "service=analysts")
    _click_ok(dialog)
    assert json.loads(settings.path.read_text()) == {"library_dir": "service=analysts"}


def test_settings_action_in_edit_menu(qtbot, workspace, popups):  # noqa: F811
    """The Edit menu offers Settings… with the platform's Preferences key or Ctrl+,."""
    window = make_window(qtbot, workspace)
    action = window.actions["settings"]
    edit_menu = window.menuBar().actions()[1].menu()
    assert action in edit_menu.actions()
    expected = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [
        QKeySequence("Ctrl+,")
    ]
    assert action.shortcuts() == expected
    close_window(window)


def test_accepted_changes_reach_the_window(qtbot, workspace, popups, monkeypatch):  # noqa: F811
    """Theme, editor font and citation style apply to the open window at once."""
    monkeypatch.setattr(SettingsDialog, "open", lambda self: None)
    window = make_window(qtbot, workspace)
    brief = window.new_brief()
    dlg = None
    with qtbot.waitSignal(window.theme_requested) as themed:
        window.actions["settings"].trigger()
        dlg = window.findChild(SettingsDialog)
        dlg.theme_combo.setCurrentIndex(dlg.theme_combo.findData("dark"))
        dlg.font_size_spin.setValue(19)
        dlg.library_edit.setText(str(workspace.root.parent / "other"))
        dlg.accept()
    assert themed.args == ["dark"]
    assert window.findChild(type(window.theme_group.actions()[0]), "theme_dark").isChecked()
    assert brief.editor.font().pointSize() == 19
    assert "next starts" in window.statusBar().currentMessage()
    close_window(window)


def test_apply_without_restart_settings_leaves_status_alone(qtbot, workspace, popups):  # noqa: F811
    """Only settings that wait for a restart put the restart note in the status bar."""
    window = make_window(qtbot, workspace)
    window.statusBar().clearMessage()
    settings_dialog.apply_to_window(window, ["ibid"])
    assert window.statusBar().currentMessage() == ""
    close_window(window)
