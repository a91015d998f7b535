"""SIGTERM (a logout, a shutdown) journals every brief and quits, even when it arrives while
the app is still starting, before Qt's event loop runs."""

from __future__ import annotations

import os
import signal

from PySide6.QtCore import QTimer

from briefing_app.gui.app import journal_on_terminate


class _Brief:
    def __init__(self):
        self.journalled = 0

    def journal_now(self) -> None:
        self.journalled += 1


class _Window:
    def __init__(self):
        self.brief = _Brief()

    def briefs(self):
        return [self.brief]


def test_sigterm_before_the_loop_runs_still_quits(qapp):
    window = _Window()
    previous = signal.getsignal(signal.SIGTERM)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: qapp.exit(1))  # the app ran on: fail instead of hanging
    try:
        ticker = journal_on_terminate(qapp, window)
        os.kill(os.getpid(), signal.SIGTERM)  # Python runs the handler here, before exec()
        assert window.brief.journalled == 1
        guard.start(5000)
        assert qapp.exec() == 0
    finally:
        guard.stop()
        ticker.stop()
        ticker.deleteLater()
        signal.signal(signal.SIGTERM, previous)
