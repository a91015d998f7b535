"""The Library's sidebar driven by real input: the collection tree (choose, drag articles onto
a collection, a sub-collection from its context menu, rename with F2 and by double-click,
delete after confirming) and the tag list (choose a tag, colour it from its context menu)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from briefing_app.gui.collection_tree import ID_ROLE, CollectionTree
from briefing_app.gui.tag_chips import TAGS_ROLE
from tests.gui.real_input import choose_in_menu, click, context_menu, double_click, drag_rows
from tests.gui.test_library_view import _click_header, _click_row, _titles, library  # noqa: F401
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


@pytest.fixture
def window(qtbot, library, popups):  # noqa: F811
    data = library.userdata
    by_title = {a.title: a.id for a in library.articles()}
    data.file([by_title["Caspian oil deal"]], data.ensure_collection("Energy/Oil").id)
    data.file([by_title["Gas pipeline talks"]], data.ensure_collection("Energy").id)
    data.tag([by_title["Wheat exports rise"], by_title["Caspian oil deal"]], add=["trade"])
    data.tag([by_title["Caspian oil deal"]], add=["oil"])
    win = make_window(qtbot, library)
    win.library_dock.show()
    win.resizeDocks([win.library_dock], [420], Qt.Orientation.Vertical)
    yield win
    close_window(win)


def _index(tree, collection_id: str):
    return tree.item_of(collection_id).index()


def _counts(tree) -> dict[str, str]:
    """Path → count shown, for every collection row."""
    return {
        tree.path_of(item.data(ID_ROLE)): item.index().siblingAtColumn(1).data()
        for item in tree._items()
        if item.data(ID_ROLE)
    }


def _shows_counts(qtbot, tree, expected: dict[str, str]) -> None:
    """The tree shows these counts once its count (off the GUI thread) is back."""
    qtbot.waitUntil(lambda: _counts(tree) == expected, timeout=5000)


def _name_editor(tree) -> QLineEdit | None:
    """The line edit open on a collection's name, if any."""
    shown = [e for e in tree.viewport().findChildren(QLineEdit) if e.isVisible()]
    return shown[0] if shown else None


def _collection(window, path: str) -> str:
    return window.workspace.userdata.shelf.find(path).id


def test_choosing_a_collection_lists_its_articles_nested_included(qtbot, window):
    view, tree = window.library_view, window.library_view.collection_tree
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1"})
    assert _index(tree, "").siblingAtColumn(1).data() == "4"  # All Articles
    click(tree, _index(tree, _collection(window, "Energy")))
    assert sorted(_titles(view)) == ["Caspian oil deal", "Gas pipeline talks"]
    click(tree, _index(tree, _collection(window, "Energy/Oil")))
    assert _titles(view) == ["Caspian oil deal"]
    click(tree, _index(tree, ""))
    assert len(_titles(view)) == 4


def test_dragging_articles_onto_a_collection_files_them(qtbot, window):
    view, tree = window.library_view, window.library_view.collection_tree
    oil = _collection(window, "Energy/Oil")
    _click_header(view, 0)  # Astana, Caspian, Gas, Wheat
    _click_row(view, 2)
    _click_row(view, 3, Qt.KeyboardModifier.ControlModifier)  # Gas and Wheat
    ids = view.selected_ids()
    assert drag_rows(view.table, 3, tree, _index(tree, oil))
    data = window.workspace.userdata
    assert set(ids) <= set(data.members("Energy/Oil"))
    _shows_counts(qtbot, tree, {"Energy": "3", "Energy/Oil": "3"})
    assert view.selected_ids() == ids  # the drag kept the selection
    assert not drag_rows(view.table, 3, tree, _index(tree, ""))  # not onto All Articles


def test_new_sub_collection_from_the_context_menu_named_in_place(qtbot, window):
    tree = window.library_view.collection_tree
    energy = _collection(window, "Energy")
    chosen: list[str] = []
    choose_in_menu("newSubCollection", chosen)
    context_menu(tree, _index(tree, energy))
    assert chosen == ["newSubCollection"]
    qtbot.waitUntil(lambda: _name_editor(tree) is not None, timeout=3000)
    editor = _name_editor(tree)  # the new row's name, open for typing
    assert editor.text() == "New Collection"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "Gas")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    shelf = window.workspace.userdata.shelf
    qtbot.waitUntil(lambda: "Energy/Gas" in _counts(tree), timeout=3000)
    made = shelf.find("Energy/Gas")
    assert made.parent == energy
    assert "Energy/Gas" in _counts(tree)
    assert window.library_view.collection_box.findText("Energy/Gas") >= 0


def test_rename_with_f2_and_double_click(qtbot, window):
    tree = window.library_view.collection_tree
    oil = _collection(window, "Energy/Oil")
    click(tree, _index(tree, oil))
    QTest.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "Oil and gas")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the view commits the edit once back in its loop
    shelf = window.workspace.userdata.shelf
    qtbot.waitUntil(lambda: shelf.path_of(shelf.find(oil)) == "Energy/Oil and gas", timeout=3000)
    assert window.library_view.model.total == 1  # still listing the renamed collection

    told: list[str] = []
    window.library_view.message.connect(told.append)
    double_click(tree, _index(tree, oil))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "Bad/name")  # refused: the old name stays, the reason is shown
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(told) == 1, timeout=3000)
    qtbot.waitUntil(lambda: tree.item_of(oil).text() == "Oil and gas", timeout=3000)
    assert window.workspace.userdata.shelf.find(oil).name == "Oil and gas"
    assert len(told) == 1 and told[0].startswith("'Bad/name' cannot be a collection name")


def _answer(button: QMessageBox.StandardButton, seen: list) -> None:
    """Click `button` of the confirmation once it is shown."""

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return QTimer.singleShot(50, press)
        seen.append(box.text())
        QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        return None

    QTimer.singleShot(50, press)


def test_delete_asks_first_and_keeps_the_articles(qtbot, window):
    view, tree = window.library_view, window.library_view.collection_tree
    energy = _collection(window, "Energy")
    click(tree, _index(tree, energy))
    assert view.model.total == 2
    chosen, seen = [], []
    choose_in_menu("deleteCollection", chosen)
    _answer(QMessageBox.StandardButton.Cancel, seen)
    context_menu(tree, _index(tree, energy))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    assert "“Energy”" in seen[0]
    assert window.workspace.userdata.shelf.find("Energy").id == energy  # cancelled: kept

    choose_in_menu("deleteCollection", chosen)
    _answer(QMessageBox.StandardButton.Yes, seen)
    context_menu(tree, _index(tree, energy))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
    _shows_counts(qtbot, tree, {"Oil": "1"})  # moved up a level
    assert tree.current_id() == "" and len(_titles(view)) == 4  # every article is still there


def test_new_collection_on_all_articles(qtbot, window):
    tree = window.library_view.collection_tree
    chosen: list[str] = []
    choose_in_menu("newCollection", chosen)
    context_menu(tree, _index(tree, ""))
    assert chosen == ["newCollection"]
    qtbot.waitUntil(lambda: _name_editor(tree) is not None, timeout=3000)
    QTest.keyClick(_name_editor(tree), Qt.Key.Key_Return)  # keep the offered name
    qtbot.wait(50)
    assert window.workspace.userdata.shelf.find("New Collection").parent is None


def test_tag_list_filters_and_colours_show_everywhere(qtbot, window):
    view, tags = window.library_view, window.library_view.tag_list
    qtbot.waitUntil(  # counted off the GUI thread
        lambda: (
            [tags.topLevelItem(r).text(0) for r in range(tags.topLevelItemCount())]
            == ["Any Tag", "oil", "trade"]
        ),
        timeout=5000,
    )
    assert tags.item_of("trade").text(1) == "2"
    click(tags, tags.indexFromItem(tags.item_of("trade")))
    assert sorted(_titles(view)) == ["Caspian oil deal", "Wheat exports rise"]
    click(
        window.library_view.collection_tree,
        _index(view.collection_tree, _collection(window, "Energy")),
    )
    assert _titles(view) == ["Caspian oil deal"]  # the tag within the collection

    chosen: list[str] = []
    choose_in_menu("tagColour_green", chosen)
    context_menu(tags, tags.indexFromItem(tags.item_of("trade")))
    assert chosen == ["tagColour_green"]
    assert window.workspace.userdata.shelf.tag_colours() == {"trade": "green"}
    # The table's chips, the tag list's dot and the search panel's tag facet show it.
    assert view.model.tag_colours == {"trade": "green"}
    row = view.model.index(0, 5)
    assert row.data(TAGS_ROLE) == ["trade", "oil"]
    shot = view.table.viewport().grab(view.table.visualRect(row)).toImage()
    greens = {
        (c.red() // 40, c.green() // 40, c.blue() // 40)
        for x in range(shot.width())
        for y in range(shot.height())
        if (c := QColor(shot.pixel(x, y))).green() > c.red() + 40
    }
    assert greens, "no green chip painted in the Tags column"
    dot = tags.item_of("trade").icon(0).pixmap(12, 12).toImage()
    assert QColor(dot.pixel(6, 6)).green() > QColor(dot.pixel(6, 6)).red()

    facet = window.search_panel.facet_combos["tag"]  # the Search panel's Tag facet too
    window.search_panel.query_box.setFocus()
    QTest.keyClicks(window.search_panel.query_box, "paragraph")
    qtbot.waitUntil(lambda: facet.findData("trade") > 0, timeout=10000)
    swatch = facet.itemIcon(facet.findData("trade")).pixmap(12, 12).toImage()
    assert QColor(swatch.pixel(6, 6)).green() > QColor(swatch.pixel(6, 6)).red()

    choose_in_menu("tagColour_none", chosen)
    context_menu(tags, tags.indexFromItem(tags.item_of("trade")))
    assert window.workspace.userdata.shelf.tag_colours() == {}


def _tag_counts(tags) -> dict[str, str]:
    rows = (tags.topLevelItem(r) for r in range(1, tags.topLevelItemCount()))
    return {item.text(0): item.text(1) for item in rows}


def test_tag_counts_follow_the_chosen_collection(qtbot, window):
    """Choosing a collection recounts the tags within it (nested collections included); the
    tag chosen stays chosen, and All Articles counts the whole library again."""
    view, tree, tags = (
        window.library_view,
        window.library_view.collection_tree,
        window.library_view.tag_list,
    )
    qtbot.waitUntil(lambda: _tag_counts(tags) == {"oil": "1", "trade": "2"}, timeout=5000)
    click(tags, tags.indexFromItem(tags.item_of("trade")))
    click(tree, _index(tree, _collection(window, "Energy")))
    qtbot.waitUntil(lambda: _tag_counts(tags) == {"oil": "1", "trade": "1"}, timeout=5000)
    assert tags.current_tag() == "trade" and _titles(view) == ["Caspian oil deal"]
    gas = window.workspace.userdata.ensure_collection("Gas")
    tree.refresh()
    click(tree, _index(tree, gas.id))
    qtbot.waitUntil(lambda: _tag_counts(tags) == {"oil": "0", "trade": "0"}, timeout=5000)
    assert tags.current_tag() == "trade" and _titles(view) == []
    click(tree, _index(tree, ""))
    qtbot.waitUntil(lambda: _tag_counts(tags) == {"oil": "1", "trade": "2"}, timeout=5000)


def test_remove_from_the_chosen_collection_from_the_table_menu(qtbot, window):
    view, tree = window.library_view, window.library_view.collection_tree
    click(tree, _index(tree, _collection(window, "Energy")))
    _click_header(view, 0)  # Caspian (in Energy/Oil), Gas (in Energy)
    _click_row(view, 0)
    _click_row(view, 1, Qt.KeyboardModifier.ControlModifier)
    chosen: list[str] = []
    choose_in_menu("removeFromCollection", chosen)
    context_menu(view.table, view.model.index(1, 0))
    assert chosen == ["removeFromCollection"]
    assert window.workspace.userdata.members("Energy") == []  # nested ones included
    assert _titles(view) == []
    _shows_counts(qtbot, tree, {"Energy": "0", "Energy/Oil": "0"})
    click(tree, _index(tree, ""))
    assert len(_titles(view)) == 4  # still in the library

    _click_row(view, 0)
    choose_in_menu("openArticle", chosen)
    context_menu(view.table, view.model.index(0, 0))
    assert window.current_article_view().article.title == "Astana hosts summit"


def test_a_damaged_file_nesting_collections_in_each_other_is_shown_flat(qtbot, library):  # noqa: F811
    shelf = library.userdata.shelf
    a, b = shelf.create("A"), shelf.create("B")
    data = json.loads(shelf.path.read_text(encoding="utf-8"))
    for c in data["collections"]:  # A inside B and B inside A, as a damaged file may say
        c["parent"] = b.id if c["id"] == a.id else a.id
    shelf.path.write_text(json.dumps(data), encoding="utf-8")
    tree = CollectionTree(library)
    qtbot.addWidget(tree)
    top = tree.store.item(0, 0)
    assert sorted(top.child(r, 0).text() for r in range(top.rowCount())) == ["A", "B"]
