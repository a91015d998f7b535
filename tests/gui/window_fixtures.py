"""Shared set-up for main-window tests: a window on a library, with popups patched out."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.import_flow import ImportFlow
from briefing_app.gui.main_window import MainWindow


@pytest.fixture
def popups(monkeypatch):
    """Record every message the window, the import and briefs would show, instead of blocking."""
    shown = []
    monkeypatch.setattr(
        MainWindow, "show_error", lambda self, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(
        ImportFlow, "show_message", lambda self, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(
        BriefTab, "_show_error", lambda self, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args[1:]))
    # Closing a window with an unsaved brief discards it unless a test answers otherwise.
    monkeypatch.setattr(
        MainWindow,
        "ask_save",
        lambda self, brief: shown.append(("ask", brief)) or QMessageBox.StandardButton.Discard,
    )
    return shown


def make_window(qtbot, workspace) -> MainWindow:
    """A shown main window on `workspace` with settings from the isolated home."""
    window = MainWindow(workspace, Settings.load())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window: MainWindow) -> None:
    """Close without prompts and wait for background work."""
    for brief in window.briefs():
        brief.editor.document().setModified(False)
    window.close()
    window.runner.wait()
