"""Drives the real app in a child process for the crash-recovery test.

`type LIBRARY TEXT` starts the main window, types TEXT into the new brief with QTest, prints
{"text", "pid"} as JSON the moment the last key is in, and keeps the event loop running
until it is killed (the test kills it half a second later).
`recover LIBRARY` starts the app again, accepts whatever the recovery dialog offers,
restores it into brief tabs and prints {"offered", "at_start", "restored", "pid"} as JSON.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from briefing_app.gui import app as gui_app
from briefing_app.gui import recovery_dialog


def _type_into(widget, text: str) -> None:
    """Key presses for every character; QTest's ASCII table cannot send "ü" or "—"."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _type(library: str, text: str) -> None:
    app, window = gui_app.start(library, first_run_seed=False)
    gui_app.journal_on_terminate(app, window)  # as gui_app.run() does
    window.show()
    tab = window.tabs.currentWidget()
    tab.editor.setFocus()
    _type_into(tab.editor, text)
    print(json.dumps({"text": tab.text(), "pid": os.getpid()}), flush=True)
    app.exec()  # until killed, or until SIGTERM quits it


def _recover(library: str) -> None:
    offered: list[str] = []

    def accept_all(dialog) -> int:
        offered.extend(entry.text for entry in dialog.entries)
        dialog._chosen = list(dialog.entries)
        return QDialog.DialogCode.Accepted

    recovery_dialog.RecoveryDialog.exec = accept_all
    _app, window = gui_app.start(library, first_run_seed=False)
    QTest.qWait(300)
    offered_at_start = bool(offered)
    if not offered_at_start:
        # Start-up did not offer it (yet): ask the dialog helper directly, as start-up should.
        for entry in recovery_dialog.offer_recovery(window):
            window.new_brief().restore(entry)
    restored = [tab.text() for tab in window.briefs() if tab.is_modified()]
    report = {"offered": offered, "at_start": offered_at_start, "restored": restored}
    print(json.dumps(report | {"pid": os.getpid()}))
    QTimer.singleShot(0, window.close)


if __name__ == "__main__":
    if sys.argv[1] == "type":
        _type(sys.argv[2], sys.argv[3])
    else:
        _recover(sys.argv[2])
