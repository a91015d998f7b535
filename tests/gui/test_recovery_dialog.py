"""The recovery dialog: offered after a crash, diff against the disk, restore or discard."""

from __future__ import annotations

import subprocess
import sys

from briefing_app.core import sessions
from briefing_app.core.recovery import RecoveryStore
from briefing_app.gui import recovery_dialog
from briefing_app.gui.recovery_dialog import RecoveryDialog, offer_recovery


def _orphan(store: RecoveryStore, doc_id: str, text: str, path=None) -> None:
    """Journal an entry as an earlier run of the app, a process that has since died."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    crashed = RecoveryStore(store.folder, session=sessions.new_session(proc.pid))
    crashed.journal(doc_id, text, path=path, base_digest=None)
    crashed.close()  # what the kernel does to a killed process's session lock


def test_dialog_lists_untitled_and_saved_briefs_with_a_diff(qtbot, tmp_path):
    """Each unsaved brief is listed; the diff shows what differs from the file on disk."""
    store = RecoveryStore(tmp_path / "recovery")
    brief = tmp_path / "memo.md"
    brief.write_text("line one\nline two\n", encoding="utf-8")
    _orphan(store, "a", "line one\nline two, edited\n", brief)
    _orphan(store, "b", "an untitled draft\n")
    dialog = RecoveryDialog(store.pending(), store)
    qtbot.addWidget(dialog)
    titles = sorted(dialog.list.item(i).text().split("\n")[0] for i in range(dialog.list.count()))
    assert titles == ["Untitled brief", "memo.md"]
    row = next(i for i, e in enumerate(dialog.entries) if e.path)
    dialog.list.setCurrentRow(row)
    diff = dialog.diff.toPlainText()
    assert "-line two\n" in diff and "+line two, edited\n" in diff
    untitled = next(i for i, e in enumerate(dialog.entries) if e.path is None)
    dialog.list.setCurrentRow(untitled)
    assert "+an untitled draft" in dialog.diff.toPlainText()


def test_restore_returns_the_ticked_entries(qtbot, tmp_path):
    """Restore hands back only the ticked entries; the others stay for next time."""
    store = RecoveryStore(tmp_path / "recovery")
    _orphan(store, "a", "first\n")
    _orphan(store, "b", "second\n")
    dialog = RecoveryDialog(store.pending(), store)
    qtbot.addWidget(dialog)
    from PySide6.QtCore import Qt

    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.restore_button.click()
    assert [e.text for e in dialog.chosen()] == [dialog.entries[0].text]
    assert len(store.pending()) == 2  # nothing is deleted by restoring alone


def test_discard_removes_entries_after_confirmation(qtbot, tmp_path, monkeypatch):
    """Discard asks first, then deletes the ticked entries."""
    store = RecoveryStore(tmp_path / "recovery")
    _orphan(store, "a", "first\n")
    dialog = RecoveryDialog(store.pending(), store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(RecoveryDialog, "_confirm_discard", lambda self, n: False)
    dialog.discard_button.click()
    assert len(store.pending()) == 1
    monkeypatch.setattr(RecoveryDialog, "_confirm_discard", lambda self, n: True)
    dialog.discard_button.click()
    assert store.pending() == []


def test_offer_skips_entries_equal_to_the_disk(qtbot, tmp_path, monkeypatch):
    """An entry whose text was saved after all is dropped without asking."""
    store = RecoveryStore(tmp_path / "recovery")
    brief = tmp_path / "memo.md"
    brief.write_text("same\n", encoding="utf-8")
    _orphan(store, "a", "same\n", brief)
    monkeypatch.setattr(
        recovery_dialog.RecoveryDialog, "exec", lambda self: (_ for _ in ()).throw(AssertionError)
    )
    assert offer_recovery(None, store) == []
    assert store.pending() == []
