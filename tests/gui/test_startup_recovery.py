"""Start-up offers what a crashed process left unsaved, and restores it into brief tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from briefing_app.core.recovery import RecoveryStore
from briefing_app.gui import app as gui_app
from briefing_app.gui import recovery_dialog
from tests.gui.test_recovery_dialog import _orphan
from tests.gui.window_fixtures import close_window, popups  # noqa: F401

UNTITLED = "---\ntitle: Draft\n---\n\nMinisters met in Zürich — “no statement”.\n"


def _accept_all(monkeypatch) -> list:
    """Patch the dialog so it accepts every entry; returns the texts it was offered."""
    offered = []

    def accept(dialog) -> int:
        offered.extend(entry.text for entry in dialog.entries)
        dialog._chosen = list(dialog.entries)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec", accept)
    return offered


def test_start_offers_and_restores_untitled_and_saved_briefs(
    qtbot,
    monkeypatch,
    isolated_home,
    seeded,
    tmp_path,
    popups,  # noqa: F811
):
    """A dead process's journal is offered at start; each brief holds the journaled text."""
    store = RecoveryStore()
    memo = tmp_path / "memo.md"
    memo.write_text("old text\n", encoding="utf-8")
    _orphan(store, "untitled-1", UNTITLED)
    _orphan(store, "memo", "new text\n", memo)
    offered = _accept_all(monkeypatch)
    _app, window = gui_app.start(str(seeded.root))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(offered) == 2, timeout=10000)
    assert sorted(offered) == sorted([UNTITLED, "new text\n"])
    texts = {b.path.name if b.path else None: b.text() for b in window.briefs()}
    assert texts == {None: UNTITLED, "memo.md": "new text\n"}
    assert all(b.is_modified() for b in window.briefs())
    assert memo.read_text(encoding="utf-8") == "old text\n"  # restoring never saves by itself
    assert store.pending() == []  # taken over by this process's journal
    close_window(window)
    window.runner.wait()
    window.workspace.close()


def test_first_run_offers_recovery_after_seeding(qtbot, monkeypatch, isolated_home, popups):  # noqa: F811
    """On a first run the offer comes once the sample articles are in, beside the seed tabs."""
    _orphan(RecoveryStore(), "untitled-2", UNTITLED)
    offered = _accept_all(monkeypatch)
    _app, window = gui_app.start(str(isolated_home / "library"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.seeded, timeout=60000):
        window.show()
    assert offered == [UNTITLED]
    assert [b.text() for b in window.briefs()] == [UNTITLED]
    assert window.article_views(), "the seed article is open as well"
    close_window(window)
    window.runner.wait()
    window.workspace.close()
