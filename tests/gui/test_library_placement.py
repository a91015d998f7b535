"""View ▸ Library as Main View: the library moves into the centre as a tab beside the briefs,
is remembered across restarts, and goes back into its dock (menu, shortcut or Close Tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from tests.gui.real_input import choose_in_menu, double_click
from tests.gui.test_library_view import _click_header, library  # noqa: F401
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


def _open_view_menu_and_choose(qtbot, window, object_name: str) -> None:
    bar = window.menuBar()
    view_menu = next(a for a in bar.actions() if a.text() == "&View")
    chosen: list[str] = []
    choose_in_menu(object_name, chosen)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(view_menu).center())
    qtbot.waitUntil(lambda: chosen == [object_name], timeout=3000)


def test_library_as_main_view_and_back(qtbot, library, popups):  # noqa: F811
    window = make_window(qtbot, library)
    brief = window.new_brief()
    view = window.library_view
    _open_view_menu_and_choose(qtbot, window, "action_library_main")
    assert window.tabs.indexOf(view) == 0 and window.tabs.currentWidget() is view
    assert window.tabs.indexOf(brief) == 1  # beside the brief editor
    assert not window.library_dock.isVisible()
    assert not window.library_dock.toggleViewAction().isEnabled()
    assert window.actions["library_main"].isChecked()
    assert window.windowTitle().startswith("Library")
    assert Settings.load().library_main  # remembered at once
    assert view.table.isVisible() and view.collection_tree.isVisible()

    _click_header(view, 0)  # the table works where it is: double-click opens the reader
    double_click(view.table, view.model.index(0, 0))
    assert window.current_article_view().article.title == "Astana hosts summit"
    window.tabs.setCurrentWidget(view)
    close_window(window)

    again = make_window(qtbot, library)  # a restart puts it back in the centre
    again.restore_layout()
    assert again.tabs.indexOf(again.library_view) == 0
    assert not again.library_dock.isVisible()
    again.tabs.setCurrentIndex(0)
    with qtbot.waitActive(again):
        again.activateWindow()
    again.library_view.table.setFocus()
    QTest.keyClick(
        again.library_view.table,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert again.tabs.indexOf(again.library_view) < 0
    assert again.library_dock.isVisible() and again.library_dock.widget() is again.library_view
    assert again.library_view.isVisible()
    assert not Settings.load().library_main

    again.library_place.set_central(True)
    again.tabs.setCurrentIndex(0)
    again.library_view.table.setFocus()
    QTest.keyClick(
        again.library_view.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )  # Close Tab
    assert again.tabs.indexOf(again.library_view) < 0 and again.library_dock.isVisible()
    assert not again.actions["library_main"].isChecked()
    assert all(isinstance(w, BriefTab) for w in again.briefs())
    close_window(again)
