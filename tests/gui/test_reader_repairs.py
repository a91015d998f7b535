"""Undoing a guessed repair from the reader's context menu, and restoring undone ones."""

from __future__ import annotations

import pytest

from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def window(qtbot, seeded, popups):  # noqa: F811
    """The window on the real imported seed, with the seed article open."""
    win = make_window(qtbot, seeded)
    win.open_article(seeded.articles()[0].id)
    yield win
    close_window(win)


def _point_of(view, offset: int):
    """A viewport point over the character at Article.text `offset`."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(view.doc_position(offset) + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return view.cursorRect(cursor).center()


def _action(menu, name):
    found = [a for a in menu.actions() if a.objectName() == name]
    return found[0] if found else None


def test_undo_a_guessed_repair_then_restore_it(qtbot, window, seeded, popups):  # noqa: F811
    """Undo puts "Kazakhstans" back in the reader and outline; Restore brings the repair back."""
    view = window.current_article_view()
    article = view.article
    repair = next(r for r in article.repairs if not r.certain and r.before == "Kazakhstans")
    assert article.text[repair.start : repair.end] == "Kazakhstan's"
    certain = next(r for r in article.repairs if r.certain and r.start >= 0)
    assert _action(view.context_menu(_point_of(view, certain.start)), "undoRepair") is None

    menu = view.context_menu(_point_of(view, repair.start))
    assert _action(menu, "restoreRepairs") is None
    undo = _action(menu, "undoRepair")
    assert undo is not None and "Kazakhstans" in undo.text()
    undo.trigger()
    qtbot.waitUntil(lambda: view.article is not article, timeout=15000)
    changed = view.article
    assert changed.rejected_repairs == [repair.id]
    assert repair.id not in {r.id for r in changed.repairs}
    assert "Kazakhstans refusal" in changed.text and "Kazakhstans refusal" in view.toPlainText()
    assert window.claims_panel.article is changed
    assert seeded.article(article.id).rejected_repairs == [repair.id]  # stored

    restore = _action(view.context_menu(_point_of(view, 0)), "restoreRepairs")
    assert restore is not None
    restore.trigger()
    qtbot.waitUntil(lambda: view.article is not changed, timeout=15000)
    assert view.article.rejected_repairs == []
    assert "Kazakhstan's refusal" in view.toPlainText()
    assert window.claims_panel.article is view.article
    assert not popups
