"""The main window driven through the analyst's real flow, on the real imported seed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.reader import ArticleView
from briefing_app.gui.search_panel import HIT_ROLE
from tests.gui.real_input import double_click
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def window(qtbot, seeded, popups):  # noqa: F811
    """The window on the seed library, with a new untitled brief open."""
    win = make_window(qtbot, seeded)
    win.new_brief()
    yield win
    close_window(win)


def _search_and_open(qtbot, window, query):
    panel = window.search_panel
    panel.query_box.setText(query)
    qtbot.waitUntil(lambda: panel.results.count() > 0 and panel.last_query == query, timeout=15000)
    item = panel.results.item(0)
    double_click(panel.results, panel.results.indexFromItem(item))
    return item.data(HIT_ROLE)


def test_search_open_outline_quote_preview(qtbot, window):
    """search "gas union" → open the seed → outline → double-click → exact quotation, cited, footnoted."""
    hit = _search_and_open(qtbot, window, "gas union")
    view = window.current_article_view()
    assert isinstance(view, ArticleView) and view.article.id == hit.id
    assert {view.article.text[s:e].lower() for s, e in view.search_matches()} >= {"gas", "union"}
    outline = window.claims_panel
    assert outline.article is view.article
    assert outline.find_rows("Bolat Akchulakov — Kazakhstani Energy Minister")
    [declared] = outline.find_rows("declared: while his country maintains close ties")
    xi = outline.find_rows("Xi Jinping — Chinese President")[0]
    statements = [xi.model().index(r, 0, xi).data() for r in range(xi.model().rowCount(xi))]
    assert [s.split(":")[0] for s in statements] == ["underscored", "pledged"]

    [pledged] = outline.find_rows("pledged: to defend")
    outline.tree.setCurrentIndex(pledged)
    assert view.extraSelections()[-1].cursor.selectedText().startswith("the Chinese leader")
    double_click(outline.tree, pledged)
    brief = window.current_brief()
    assert isinstance(brief, BriefTab)
    quotation = "“to defend Kazakhstan's territorial integrity” [@avdaliani2023kazakhstans, ¶3]"
    assert brief.text().count(quotation) == 1  # once: the double-click is one request
    assert brief.is_modified() and window.isWindowModified()
    assert window.tabs.tabText(window.tabs.indexOf(brief)).endswith("•")

    window.tabs.setCurrentWidget(brief)
    qtbot.waitUntil(lambda: "Avdaliani" in brief.preview.toPlainText(), timeout=10000)
    html = brief.preview.toHtml()
    assert "to defend Kazakhstan" in brief.preview.toPlainText()
    assert "Eurasia Daily Monitor" in brief.preview.toPlainText()
    assert "#fn" in html or "footnote" in html.lower()


def test_reader_selection_quoted_with_the_window_shortcut(qtbot, window):
    """Selecting a passage and pressing the Quote shortcut puts it in the brief."""
    _search_and_open(qtbot, window, "Astana")
    view = window.current_article_view()
    start = view.article.text.index("first official visit abroad")
    view.select_span(start, start + len("first official visit abroad"))
    with qtbot.waitActive(window):
        window.activateWindow()
    view.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert (
        "“first official visit abroad” [@avdaliani2023kazakhstans, ¶3]"
        in window.current_brief().text()
    )


def test_save_and_reopen_brief(qtbot, window, tmp_path):
    """A quoted brief saved to disk comes back from the Recent menu with its quotation."""
    _search_and_open(qtbot, window, "Akchulakov")
    [declared] = window.claims_panel.find_rows("declared:")
    double_click(window.claims_panel.tree, declared)
    brief = window.current_brief()
    target = tmp_path / "memo.md"
    assert brief.save_as(target)
    assert not window.isWindowModified()
    window.close_tab(window.tabs.indexOf(brief))
    assert window.briefs() == []
    [recent] = window.recent_menu.actions()
    recent.trigger()
    reopened = window.current_brief()
    assert reopened.path == target.resolve()
    assert "[@avdaliani2023kazakhstans, ¶1]" in reopened.text()
    assert "no formal discussions have been held" in reopened.text()


def test_close_prompts_for_unsaved_brief(qtbot, window, monkeypatch):
    """Closing with an unsaved brief asks; Cancel keeps the window, Discard closes it."""
    brief = window.current_brief()
    brief.editor.insertPlainText("Draft line.")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(type(window), "ask_save", lambda self, b: asked.append(b) or answers.pop(0))
    assert not window.close()
    assert window.isVisible() and asked == [brief]
    assert window.close()
    assert len(asked) == 2


def test_window_and_dock_layout_restored(qtbot, seeded, popups):  # noqa: F811
    """Dock placement and visibility come back after a restart."""
    first = make_window(qtbot, seeded)
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.search_dock)
    first.claims_dock.hide()
    close_window(first)
    second = make_window(qtbot, seeded)
    second.restore_layout()
    assert second.dockWidgetArea(second.search_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert second.claims_dock.isHidden()
    close_window(second)


def test_actions_have_shortcuts_names_and_tooltips(qtbot, window):
    """Standard commands have keys; every toolbar button has an accessible name and a tooltip."""
    for name in ("new", "open", "save", "save_as", "undo", "redo", "find", "quote", "quit"):
        assert not window.actions[name].shortcut().isEmpty(), name
    for action in window.toolbar.actions():
        if action.isSeparator():
            continue
        button = window.toolbar.widgetForAction(action)
        assert button.accessibleName() and button.toolTip(), action.objectName()


def test_about_box_shows_version(qtbot, window, popups):  # noqa: F811
    """Help → About names the app and its version."""
    from briefing_app import __version__

    window.actions["about"].trigger()
    assert __version__ in popups[-1][1]


def test_files_dropped_on_window_are_imported(qtbot, window, tmp_path):
    """Dropping a file onto the window imports it through the progress flow."""
    article = tmp_path / "note.txt"
    article.write_text("A Dropped Note\n\nThe minister said that talks would resume in spring.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.import_flow.finished, timeout=20000) as done:
        window.dropEvent(event)
    assert [r.status for r in done.args[0]] == ["imported"]
    assert len(window.workspace.articles()) == 2
