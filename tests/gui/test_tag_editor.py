"""The article's tag editor (above its note) driven by real input: add tags by typing, colour
one and take one off from a chip's context menu; the library shows the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.real_input import choose_in_menu, click, context_menu_at, double_click
from tests.gui.test_library_view import _click_header, library  # noqa: F401
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def window(qtbot, library, popups):  # noqa: F811
    win = make_window(qtbot, library)
    win.library_dock.show()
    win.article_tools.note_dock.show()
    win.article_tools.note_dock.raise_()
    yield win
    close_window(win)


def test_tags_added_coloured_and_removed_from_the_article(qtbot, window):
    view = window.library_view
    _click_header(view, 0)  # Astana first
    double_click(view.table, view.model.index(0, 0))
    article = window.current_article_view().article
    editor = window.article_tools.notes.tags
    assert editor.article_id == article.id and editor.chips.tags == []

    editor.add_box.setFocus()
    QTest.keyClicks(editor.add_box, "energy, Central Asia")
    QTest.keyClick(editor.add_box, Qt.Key.Key_Return)
    assert window.workspace.userdata.tags(article.id) == ["energy", "Central Asia"]
    assert editor.chips.tags == ["energy", "Central Asia"] and editor.add_box.text() == ""
    assert view.model.index(0, 5).data() == "energy, Central Asia"  # the library follows
    qtbot.waitUntil(lambda: view.tag_list.item_of("energy") is not None, timeout=5000)

    qtbot.waitUntil(lambda: editor.chips.chip_rect("energy") is not None, timeout=3000)
    chosen: list[str] = []
    choose_in_menu("tagColour_blue", chosen)
    context_menu_at(editor.chips, editor.chips.chip_rect("energy").center())
    assert chosen == ["tagColour_blue"]
    assert window.workspace.userdata.shelf.tag_colours() == {"energy": "blue"}
    assert view.model.tag_colours == {"energy": "blue"}  # the table's chips repaint in blue
    assert editor.chips.colours == {"energy": "blue"}

    choose_in_menu("removeTag", chosen)
    context_menu_at(editor.chips, editor.chips.chip_rect("Central Asia").center())
    assert window.workspace.userdata.tags(article.id) == ["energy"]
    assert view.model.index(0, 5).data() == "energy"

    click(view.table, view.model.index(0, 0))  # tagging in the library shows there too
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "trade")
    QTest.mouseClick(view.tag_button, Qt.MouseButton.LeftButton)
    assert editor.chips.tags == ["energy", "trade"]


def test_a_bad_tag_is_refused_with_its_reason_and_the_typing_kept(qtbot, window):
    view = window.library_view
    double_click(view.table, view.model.index(0, 0))
    editor = window.article_tools.notes.tags
    told: list[str] = []
    editor.failed.connect(told.append)
    editor.add_box.setFocus()
    QTest.keyClicks(editor.add_box, "-minus")
    QTest.keyClick(editor.add_box, Qt.Key.Key_Return)
    assert told and "cannot be a tag" in told[0]
    assert editor.add_box.text() == "-minus" and editor.chips.tags == []
