"""The Library's Undo and Redo are named after the step in a pattern each language can say:
"Undo Rename Collection", German "Rückgängig: Sammlung umbenennen". The accelerator is for
the window's Edit menu, which shows these names; a button shows them without it."""

from __future__ import annotations

import pytest
import shiboken6

from briefing_app.gui import library_undo
from briefing_app.gui.library_undo import LibraryUndo
from tests.gui.languages import language


@pytest.fixture(params=["en", "de"])
def app_language(request, qapp):
    with language(qapp, request.param):
        yield request.param


NAMES = {
    "en": ("&Undo", "&Undo Rename Collection", "&Redo Rename Collection"),
    "de": ("&Rückgängig", "&Rückgängig: Sammlung umbenennen", "&Wiederholen: Sammlung umbenennen"),
}


def test_actions_name_the_step(qtbot, app_language):
    plain, undo_named, redo_named = NAMES[app_language]
    history = LibraryUndo(workspace=None)
    undo, redo = history.action(history), history.action(history, redo=True)
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == (plain, False, False)
    names = []
    history.push(library_undo.tr("Rename Collection"), lambda: names.append("old"), lambda: None)
    assert (undo.text(), undo.isEnabled()) == (undo_named, True)
    assert undo.iconText() == undo_named.replace("&", "")  # as a button shows it
    undo.trigger()
    assert names == ["old"]
    assert (redo.text(), redo.isEnabled(), undo.isEnabled()) == (redo_named, True, False)
    assert undo.text() == plain
    shiboken6.delete(history)  # as the Library view does when it closes: the stack signals
