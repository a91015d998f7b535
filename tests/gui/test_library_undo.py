"""The Library's undo history driven by real input: collections made, renamed, moved and
deleted, articles filed and taken out, each taken back with Ctrl+Z (Edit ▸ Undo, named after
the step) while the Library has the focus, and made again with Ctrl+Shift+Z."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from briefing_app.core.errors import LibraryBusy
from briefing_app.gui import library_undo
from tests.gui.real_input import (
    choose_in_menu,
    click,
    context_menu,
    context_menu_at,
    drag_index,
    drag_rows,
)
from tests.gui.test_library_sidebar import (  # noqa: F401
    _answer,
    _collection,
    _counts,
    _index,
    _name_editor,
    _shows_counts,
    window,
)
from tests.gui.test_library_view import _click_header, _click_row, _titles, library  # noqa: F401
from tests.gui.window_fixtures import popups  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def _undo(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Z, CTRL)


def _redo(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)


def _focus(qtbot, window, widget) -> None:  # noqa: F811
    """The focus in `widget`, its window active again once a menu or dialog has gone (as the
    window manager does)."""
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def _rename(qtbot, tree, collection_id: str, name: str) -> None:
    """Rename a collection in place: choose it, F2, type the name, Enter."""
    click(tree, _index(tree, collection_id))
    QTest.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(editor, name)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    shelf = tree.workspace.userdata.shelf
    qtbot.waitUntil(lambda: shelf.find(collection_id).name == name, timeout=3000)


def _undo_text(window) -> str:  # noqa: F811
    return window.actions["undo"].text().replace("&", "")


def test_rename_is_undone_and_redone_from_the_keyboard(qtbot, window):  # noqa: F811
    tree = window.library_view.collection_tree
    shelf = window.workspace.userdata.shelf
    oil = _collection(window, "Energy/Oil")
    click(tree, _index(tree, oil))
    assert not window.actions["undo"].isEnabled()  # nothing to undo, no brief open
    _rename(qtbot, tree, oil, "Crude")
    _focus(qtbot, window, tree)
    assert _undo_text(window) == "Undo Rename Collection"
    assert window.library_view.undo_button.text() == "Undo Rename Collection"
    _undo(tree)
    assert shelf.find(oil).name == "Oil"
    assert tree.item_of(oil).text() == "Oil"
    assert window.actions["redo"].text().replace("&", "") == "Redo Rename Collection"
    _redo(tree)
    assert shelf.find(oil).name == "Crude"
    assert tree.item_of(oil).text() == "Crude"


def test_edit_menu_shows_the_names_the_library_gives_its_steps(qtbot, window):  # noqa: F811
    """Edit ▸ Undo and Redo say what the Library's own Undo and Redo say (one source of the
    step names), accelerator and tooltip included, and go back to the brief's once the focus
    leaves the Library."""
    view, tree = window.library_view, window.library_view.collection_tree
    undo, redo = window.actions["undo"], window.actions["redo"]
    plain = (undo.text(), undo.toolTip())
    oil = _collection(window, "Energy/Oil")
    _rename(qtbot, tree, oil, "Crude")
    _focus(qtbot, window, tree)
    assert (undo.text(), undo.toolTip()) == (view.undo_action.text(), view.undo_action.toolTip())
    assert undo.text() == "&Undo Rename Collection"
    assert undo.toolTip() == "Undo “Rename Collection” in the library"
    assert view.undo_button.text() == "Undo Rename Collection"
    _undo(tree)
    assert (redo.text(), redo.toolTip()) == (view.redo_action.text(), view.redo_action.toolTip())
    assert redo.text() == "&Redo Rename Collection"
    assert undo.isEnabled() == view.undo_action.isEnabled() is False
    assert (undo.text(), undo.toolTip()) == plain
    window.new_brief()
    _focus(qtbot, window, window.current_brief().editor)
    assert (undo.text(), undo.toolTip()) == plain


def test_a_new_collection_is_undone(qtbot, window):  # noqa: F811
    tree = window.library_view.collection_tree
    shelf = window.workspace.userdata.shelf
    chosen: list[str] = []
    choose_in_menu("newCollection", chosen)
    context_menu(tree, _index(tree, ""))
    qtbot.waitUntil(lambda: _name_editor(tree) is not None, timeout=3000)
    QTest.keyClick(_name_editor(tree), Qt.Key.Key_Return)  # keep the offered name
    qtbot.waitUntil(lambda: "New Collection" in _counts(tree), timeout=3000)
    _focus(qtbot, window, tree)
    made = shelf.find("New Collection").id
    assert _undo_text(window) == "Undo New Collection"
    _undo(tree)
    assert all(c.id != made for c in shelf.collections())
    assert "New Collection" not in _counts(tree)
    _redo(tree)  # back with the same id: a later step naming it still finds it
    assert shelf.find("New Collection").id == made


def test_deleting_a_collection_with_articles_is_undone_with_its_members(qtbot, window):  # noqa: F811
    view, tree = window.library_view, window.library_view.collection_tree
    data = window.workspace.userdata
    energy, oil = _collection(window, "Energy"), _collection(window, "Energy/Oil")
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1"})
    members = data.members(energy, nested=False)
    chosen, seen = [], []
    choose_in_menu("deleteCollection", chosen)
    _answer(QMessageBox.StandardButton.Yes, seen)
    context_menu(tree, _index(tree, energy))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    _shows_counts(qtbot, tree, {"Oil": "1"})
    _focus(qtbot, window, tree)
    assert _undo_text(window) == "Undo Delete Collection"
    _undo(tree)
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1"})
    assert data.shelf.find(energy).parent is None and data.shelf.find(oil).parent == energy
    assert data.members(energy, nested=False) == members
    click(tree, _index(tree, energy))
    assert sorted(_titles(view)) == ["Caspian oil deal", "Gas pipeline talks"]
    _redo(tree)
    _shows_counts(qtbot, tree, {"Oil": "1"})


def test_undoing_a_delete_files_back_only_what_changed_and_names_the_trashed(
    qtbot,
    window,  # noqa: F811
    monkeypatch,
):
    """In a library folder a deleted collection's members keep their membership: the undo
    writes none of them. One moved to the trash since is named as not put back."""
    view, tree = window.library_view, window.library_view.collection_tree
    data = window.workspace.userdata
    by_title = {a.title: a.id for a in window.workspace.articles()}
    energy = _collection(window, "Energy")
    wheat = by_title["Wheat exports rise"]
    data.file([wheat], energy)  # Energy holds Gas and Wheat
    tree.refresh()
    _shows_counts(qtbot, tree, {"Energy": "3", "Energy/Oil": "1"})
    chosen, seen = [], []
    choose_in_menu("deleteCollection", chosen)
    _answer(QMessageBox.StandardButton.Yes, seen)
    context_menu(tree, _index(tree, energy))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    data.trash([wheat])  # meanwhile, from the command line
    file = data.notes_store.file
    written: list[str] = []
    monkeypatch.setattr(
        data.notes_store, "file", lambda i, c, remove=False: written.append(i) or file(i, c)
    )
    told: list[str] = []
    view.message.connect(told.append)
    _focus(qtbot, window, tree)
    _undo(tree)
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1"})
    assert written == []
    assert data.members(energy, nested=False) == [by_title["Gas pipeline talks"]]
    assert told == ["Not put back in “Energy”, moved to the trash since: “Wheat exports rise”."]
    assert window.actions["redo"].text().replace("&", "") == "Redo Delete Collection"


def test_articles_dragged_into_a_collection_come_out_again(qtbot, window):  # noqa: F811
    view, tree = window.library_view, window.library_view.collection_tree
    data = window.workspace.userdata
    oil = _collection(window, "Energy/Oil")
    _click_header(view, 0)  # Astana, Caspian, Gas, Wheat
    _click_row(view, 1)
    _click_row(view, 2, CTRL)  # Caspian (in Oil already) and Gas
    ids = view.selected_ids()
    assert drag_rows(view.table, 2, tree, _index(tree, oil))
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "2"})
    _focus(qtbot, window, view.table)
    assert _undo_text(window) == "Undo Add to Collection"
    _undo(view.table)
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1"})
    assert data.members(oil) == [ids[0]]  # the one in it before stays in it
    assert sorted(view.selected_ids()) == sorted(ids)


def test_taking_articles_out_of_a_collection_is_undone(qtbot, window):  # noqa: F811
    view, tree = window.library_view, window.library_view.collection_tree
    data = window.workspace.userdata
    energy = _collection(window, "Energy")
    click(tree, _index(tree, energy))
    _click_header(view, 0)
    _click_row(view, 0)
    _click_row(view, 1, Qt.KeyboardModifier.ShiftModifier)  # Caspian (in Oil) and Gas (in Energy)
    before = {c: data.members(c, nested=False) for c in (energy, _collection(window, "Energy/Oil"))}
    chosen: list[str] = []
    choose_in_menu("removeFromCollection", chosen)
    rect = view.table.visualRect(view.model.index(0, 0))
    context_menu_at(view.table.viewport(), rect.center())
    assert chosen == ["removeFromCollection"] and _titles(view) == []
    _focus(qtbot, window, view.table)
    assert _undo_text(window) == "Undo Remove from Collection"
    _undo(view.table)
    assert {c: data.members(c, nested=False) for c in before} == before
    assert sorted(_titles(view)) == ["Caspian oil deal", "Gas pipeline talks"]


def _remove_two_from_energy(qtbot, window) -> tuple[list[str], dict[str, list[str]]]:  # noqa: F811
    """Take Caspian (in Energy/Oil) and Gas (in Energy) out of Energy from the table's menu:
    one step of two parts, Oil's and Energy's. The members of both before it."""
    view, tree = window.library_view, window.library_view.collection_tree
    data = window.workspace.userdata
    energy, oil = _collection(window, "Energy"), _collection(window, "Energy/Oil")
    click(tree, _index(tree, energy))
    _click_header(view, 0)
    _click_row(view, 0)
    _click_row(view, 1, Qt.KeyboardModifier.ShiftModifier)
    before = {c: data.members(c, nested=False) for c in (energy, oil)}
    ids = view.selected_ids()
    chosen: list[str] = []
    choose_in_menu("removeFromCollection", chosen)
    context_menu_at(view.table.viewport(), view.table.visualRect(view.model.index(0, 0)).center())
    assert chosen == ["removeFromCollection"] and _titles(view) == []
    return ids, before


def _busy_once_on_second_collection(monkeypatch, data) -> list[tuple[str, str, bool]]:
    """The library's writes of membership from now on, each (article, collection, removed);
    the first one naming a second collection is refused as busy (another process writing).
    A write refused is not listed: it did not happen."""
    file = data.notes_store.file
    written: list[tuple[str, str, bool]] = []
    refused: list[str] = []

    def busy_once(article_id: str, collection_id: str, *, remove: bool = False) -> None:
        if not refused and written and collection_id != written[0][1]:
            refused.append(collection_id)
            raise LibraryBusy("The library is busy: another process is writing to it.")
        file(article_id, collection_id, remove=remove)
        written.append((article_id, collection_id, remove))

    monkeypatch.setattr(data.notes_store, "file", busy_once)
    return written


def test_an_undo_stopped_by_a_busy_library_stays_to_be_finished(qtbot, window, monkeypatch):  # noqa: F811
    """A passing refusal half-way through a step leaves the step to undo, the part already
    undone undone: the next Ctrl+Z finishes it, each article filed back once."""
    view, data = window.library_view, window.workspace.userdata
    ids, before = _remove_two_from_energy(qtbot, window)
    written = _busy_once_on_second_collection(monkeypatch, data)
    told: list[str] = []
    view.message.connect(told.append)
    _focus(qtbot, window, view.table)
    _undo(view.table)
    assert told[-1].startswith("“Remove from Collection” is not undone yet: The library is busy")
    assert told[-1].endswith("Press Undo again to finish it.")
    assert _undo_text(window) == "Undo Remove from Collection"
    assert not window.actions["redo"].isEnabled()
    assert len(written) == 1  # one part undone, the other refused
    (first,) = written
    assert data.members(first[1], nested=False) == before[first[1]]
    _undo(view.table)
    assert {c: data.members(c, nested=False) for c in before} == before
    assert sorted(written) == sorted({(i, c, False) for c in before for i in before[c]})
    assert not window.actions["undo"].isEnabled()
    assert window.actions["redo"].text().replace("&", "") == "Redo Remove from Collection"
    assert sorted(view.selected_ids()) == sorted(ids)


def test_a_redo_stopped_by_a_busy_library_stays_to_be_finished(qtbot, window, monkeypatch):  # noqa: F811
    view, data = window.library_view, window.workspace.userdata
    _ids, before = _remove_two_from_energy(qtbot, window)
    _focus(qtbot, window, view.table)
    _undo(view.table)
    written = _busy_once_on_second_collection(monkeypatch, data)
    told: list[str] = []
    view.message.connect(told.append)
    _redo(view.table)
    assert told[-1].endswith("Press Redo again to finish it.")
    assert window.actions["redo"].text().replace("&", "") == "Redo Remove from Collection"
    assert len(written) == 1
    _redo(view.table)
    assert all(data.members(c, nested=False) == [] for c in before)
    assert sorted(written) == sorted({(i, c, True) for c in before for i in before[c]})
    assert _undo_text(window) == "Undo Remove from Collection"


def test_a_collection_dragged_onto_another_moves_and_moves_back(qtbot, window):  # noqa: F811
    tree = window.library_view.collection_tree
    shelf = window.workspace.userdata.shelf
    oil = _collection(window, "Energy/Oil")
    trade = window.workspace.userdata.ensure_collection("Trade").id
    tree.refresh()
    click(tree, _index(tree, oil))
    assert not drag_rows_of(tree, oil, oil)  # not onto itself
    assert drag_rows_of(tree, oil, trade)
    _shows_counts(qtbot, tree, {"Energy": "1", "Trade": "1", "Trade/Oil": "1"})
    assert shelf.find(oil).parent == trade
    _focus(qtbot, window, tree)
    assert _undo_text(window) == "Undo Move Collection"
    _undo(tree)
    _shows_counts(qtbot, tree, {"Energy": "2", "Energy/Oil": "1", "Trade": "0"})
    energy = _collection(window, "Energy")
    assert not drag_rows_of(tree, energy, oil)  # never inside itself
    assert drag_rows_of(tree, oil, "")  # onto All Articles: the top level
    assert shelf.find(oil).parent is None


def test_the_list_follows_a_collection_moved_out_of_the_chosen_one(qtbot, window):  # noqa: F811
    """The chosen collection lists what is nested in it: when an undo takes a collection back
    out of it, its articles leave the list (and the tag counts) at once."""
    view, tree = window.library_view, window.library_view.collection_tree
    oil = _collection(window, "Energy/Oil")
    trade = window.workspace.userdata.ensure_collection("Trade").id
    tree.refresh()
    assert drag_rows_of(tree, oil, trade)
    click(tree, _index(tree, trade))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)  # Oil's article
    _focus(qtbot, window, tree)
    _undo(tree)  # Oil goes back into Energy
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=3000)
    assert tree.scope() == [trade]


def test_ctrl_z_right_after_tagging_from_the_box_takes_the_tags_off(qtbot, window):  # noqa: F811
    """Enter in the tag box tags the rows and gives the table the focus, so the next Ctrl+Z
    is the Library's Undo, not the box's own undo of its typing."""
    view = window.library_view
    data = window.workspace.userdata
    _click_header(view, 0)
    _click_row(view, 2)
    (chosen,) = view.selected_ids()
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "watch")
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)
    assert "watch" in data.tags(chosen)
    _undo(QApplication.focusWidget())
    assert "watch" not in data.tags(chosen)


def test_tagging_a_selection_reads_no_record_to_know_what_to_undo(qtbot, window, monkeypatch):  # noqa: F811
    """Which articles had the tag already comes from the catalog in one query: no selected
    article's record is read before it is written but by the write that tags it (at 100,000
    selected rows a read of each before the writes stalled the window)."""
    view = window.library_view
    data = window.workspace.userdata
    store = data.notes_store
    read, write = store.read, store.write
    events: list[tuple[str, str]] = []
    monkeypatch.setattr(store, "read", lambda i: events.append(("read", i)) or read(i))
    monkeypatch.setattr(store, "write", lambda i, r: events.append(("write", i)) or write(i, r))
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_A, CTRL)  # every row
    ids = view.selected_ids()
    assert len(ids) == 4
    had = {i for i in ids if "trade" in data.tags(i)}  # Caspian and Wheat
    events.clear()
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "trade")
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)
    for article_id in ids:
        first_write = events.index(("write", article_id))
        assert events[:first_write].count(("read", article_id)) == 1  # the write's own
    _undo(view.table)
    assert {i for i in ids if "trade" in data.tags(i)} == had


def drag_rows_of(tree, collection_id: str, onto: str) -> bool:
    """Drag the row of one collection onto another's ("": All Articles)."""
    click(tree, _index(tree, collection_id))
    return drag_index(tree, _index(tree, collection_id), tree, _index(tree, onto))


def test_tagging_is_undone_only_where_the_tag_was_new(qtbot, window):  # noqa: F811
    view = window.library_view
    data = window.workspace.userdata
    _click_header(view, 0)  # Astana, Caspian, Gas, Wheat
    _click_row(view, 1)
    _click_row(view, 3, Qt.KeyboardModifier.ShiftModifier)  # Caspian (trade, oil), Gas, Wheat
    ids = view.selected_ids()
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "trade, watch")
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)
    assert all({"trade", "watch"} <= set(data.tags(i)) for i in ids)
    _focus(qtbot, window, view.table)
    assert _undo_text(window) == "Undo Tag Articles"
    _undo(view.table)
    assert [data.tags(i) for i in ids] == [["trade", "oil"], [], ["trade"]]


def test_ctrl_z_undoes_in_the_brief_or_the_library_after_the_focus(qtbot, window):  # noqa: F811
    tree = window.library_view.collection_tree
    shelf = window.workspace.userdata.shelf
    oil = _collection(window, "Energy/Oil")
    window.new_brief()
    brief = window.current_brief()
    _focus(qtbot, window, brief.editor)
    template = brief.text()
    QTest.keyClicks(brief.editor, "Draft")
    drafted = brief.text()
    assert drafted != template
    _rename(qtbot, tree, oil, "Crude")
    _focus(qtbot, window, tree)
    _undo(tree)
    assert shelf.find(oil).name == "Oil" and brief.text() == drafted
    _focus(qtbot, window, brief.editor)
    assert _undo_text(window) == "Undo"
    _undo(brief.editor)
    assert brief.text() == template and shelf.find(oil).name == "Oil"


def test_an_undo_the_library_refuses_is_told_and_leaves_the_history(qtbot, window):  # noqa: F811
    tree = window.library_view.collection_tree
    data = window.workspace.userdata
    oil = _collection(window, "Energy/Oil")
    _rename(qtbot, tree, oil, "Crude")
    data.delete_collection(oil)  # meanwhile, from the command line
    told: list[str] = []
    window.library_view.message.connect(told.append)
    _focus(qtbot, window, tree)
    _undo(tree)
    assert told and told[-1].startswith("Could not undo or redo “Rename Collection”")
    assert not window.library_view.history.stack.canUndo()
    assert not window.actions["undo"].isEnabled()
    assert "Energy/Oil" not in _counts(tree) and "Energy/Crude" not in _counts(tree)


def test_undoing_a_new_path_leaves_a_collection_another_desk_made_meanwhile(
    qtbot,
    window,  # noqa: F811
    monkeypatch,
):
    """Only the collections the step made go on undo: one made elsewhere at that moment (in a
    team library, by another analyst) stays."""
    view, data = window.library_view, window.workspace.userdata
    ensure = data.ensure_collection

    def ensure_while_another_desk_works(path: str):
        ensure("Elsewhere")  # the other desk's, made between the step's two looks
        return ensure(path)

    monkeypatch.setattr(data, "ensure_collection", ensure_while_another_desk_works)
    ids = [next(iter(window.workspace.library.ids()))]
    library_undo.add_to_new_path(view.history, ids, "Desk/New")
    monkeypatch.undo()
    view.history.stack.undo()
    names = {data.shelf.path_of(c) for c in data.collections()}
    assert "Elsewhere" in names and not {"Desk", "Desk/New"} & names
