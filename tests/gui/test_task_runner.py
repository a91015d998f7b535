"""Background tasks: results reach the GUI thread, unless the window that ran them is gone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from briefing_app.gui.workers import TaskRunner


def test_result_reaches_its_callback(qtbot):
    window = QObject()
    runner, got = TaskRunner(window), []
    runner.start(lambda _progress, _cancelled: 42, on_result=got.append)
    qtbot.waitUntil(lambda: got == [42], timeout=5000)


def test_result_queued_when_the_window_went_is_dropped(qtbot):
    """A task done just before its window was deleted: its queued result must not reach
    callbacks of deleted widgets (they raised "Internal C++ object already deleted")."""
    window = QObject()
    runner, got = TaskRunner(window), []
    runner.start(lambda _progress, _cancelled: 42, on_result=got.append)
    runner.wait()  # finished; the result waits in the event queue
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(100)  # the queued result is delivered now, to nobody
    assert got == []
