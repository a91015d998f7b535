"""The keystroke-to-journal path has no window where typed text exists only in memory.

Real typing (QTest) into a brief tab: the journal is on disk within a second of the last
key, at least once a second during a long burst, at once when focus moves elsewhere, with
the exact characters typed; a failed save (also on closing the window) and a restore that
cannot be journalled keep it.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from briefing_app.core.recovery import RecoveryStore
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from tests.gui.test_recovery_dialog import _orphan
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(BriefTab, "_show_error", lambda self, title, msg: shown.append(msg))
    return shown


@pytest.fixture
def window(qtbot, workspace, errors, tmp_path):
    """A top-level window holding a brief tab (default settings) and a line edit beside it."""
    top = QWidget()
    tab = BriefTab(workspace, Settings(path=tmp_path / "settings.json"))
    other = QLineEdit(top)
    layout = QVBoxLayout(top)
    layout.addWidget(tab)
    layout.addWidget(other)
    qtbot.addWidget(top)
    top.show()
    top.activateWindow()
    qtbot.waitExposed(top)
    tab.editor.setFocus()
    yield top, tab, other
    tab.shutdown()


def _entry_text(tab: BriefTab) -> str | None:
    entry = RecoveryStore._load(tab.journal.store._file_for(tab.journal.doc_id))
    return entry.text if entry else None


def test_journal_is_on_disk_within_a_second_of_the_last_key(qtbot, window):
    """With the default settings the typed text is journalled well inside one second."""
    _top, tab, _other = window
    QTest.keyClicks(tab.editor, "typed just now")
    last_key = time.monotonic()
    qtbot.waitUntil(lambda: _entry_text(tab) == tab.text(), timeout=1000)
    assert time.monotonic() - last_key < 1.0


def test_a_long_burst_is_journalled_while_typing_goes_on(qtbot, window):
    """Typing without a pause still reaches the disk about once a second."""
    _top, tab, _other = window
    journalled_during_burst = []
    for char in "abcdefghijklmnopqrst":  # 20 keys, 100 ms apart: no pause of 250 ms
        QTest.keyClicks(tab.editor, char)
        QTest.qWait(100)
        journalled_during_burst.append(_entry_text(tab))
    assert any(journalled_during_burst[:15]), "nothing was journalled in 1.5 s of typing"
    assert "abc" in next(t for t in journalled_during_burst if t)


def test_clicking_elsewhere_journals_at_once(qtbot, window):
    """Moving the focus out of the editor with the mouse writes the journal immediately."""
    _top, tab, other = window
    QTest.keyClicks(tab.editor, "before the click")
    assert _entry_text(tab) is None  # the timers have not fired yet
    QTest.mouseClick(other, Qt.MouseButton.LeftButton)
    assert other.hasFocus()
    assert _entry_text(tab) == tab.text()


def test_the_journal_keeps_no_break_spaces(qtbot, window):
    """The journal holds the exact characters typed (no-break spaces are not flattened)."""
    _top, tab, _other = window
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "10\u00a0km")
        QApplication.sendEvent(tab.editor, event)
    qtbot.waitUntil(lambda: _entry_text(tab) is not None, timeout=1000)
    assert "10\u00a0km" in _entry_text(tab)
    assert _entry_text(tab) == tab.text()


def test_a_failed_save_keeps_the_journal(qtbot, window, tmp_path, errors):
    """A save that fails (here: the folder is a file) leaves the text journalled."""
    _top, tab, _other = window
    QTest.keyClicks(tab.editor, "not saved anywhere yet")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert not tab.save_as(blocker / "brief.md")
    assert errors, "the failed save was not reported"
    qtbot.waitUntil(lambda: _entry_text(tab) == tab.text(), timeout=1000)
    assert tab.is_modified()


def test_a_restore_that_cannot_be_journalled_keeps_the_crashed_entry(qtbot, window, tmp_path):
    """Restoring drops the crashed run's entry only once the restored text is journalled."""
    _top, tab, _other = window
    store = RecoveryStore()
    _orphan(store, "crashed", "recovered words\n")
    [entry] = store.pending()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    tab.journal.store = RecoveryStore(blocker / "recovery")  # every journal write fails
    assert tab.restore(entry, store)
    assert tab.text() == "recovered words\n"
    assert entry.file.exists(), "the only copy on disk was dropped"


def test_closing_with_a_save_that_fails_keeps_window_and_journal(
    qtbot,
    workspace,
    popups,  # noqa: F811
    monkeypatch,
    tmp_path,
):
    """Close → Save → the save fails: the window stays open and the typed text journalled."""
    main = make_window(qtbot, workspace)
    brief = main.new_brief()
    brief.editor.setFocus()
    QTest.keyClicks(brief.editor, "words that must survive")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(type(main), "ask_save", lambda self, b: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(BriefTab, "_ask_save_path", lambda self: str(blocker / "brief.md"))
    assert not main.close()
    assert main.isVisible() and brief.is_modified()
    qtbot.waitUntil(lambda: _entry_text(brief) == brief.text(), timeout=1000)
    close_window(main)
