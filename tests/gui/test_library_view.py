"""The Library dock driven by real clicks and keys: sort, filter, multi-select, tag, collect,
export, delete to the trash and undo, open in the reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest

from tests.gui.real_input import choose
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401

TITLES = ["Gas pipeline talks", "Astana hosts summit", "Wheat exports rise", "Caspian oil deal"]


@pytest.fixture
def library(workspace, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, title in enumerate(TITLES):
        (folder / f"a{n}.md").write_text(
            f"# {title}\n\nBy Author{n} Person\n\nPublished 2023-0{n + 1}-10.\n\n"
            f"The {title.lower()} paragraph with enough words to be an article body number {n}.\n",
            encoding="utf-8",
        )
    results = workspace.import_paths([folder])
    assert [r.status for r in results] == ["imported"] * len(TITLES)
    return workspace


@pytest.fixture
def window(qtbot, library, popups):  # noqa: F811
    win = make_window(qtbot, library)
    win.library_dock.show()
    yield win
    close_window(win)


def _titles(view) -> list[str]:
    model = view.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _click_row(view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.table.visualRect(view.model.index(row, 0))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _click_header(view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_empty_filter_shows_the_whole_library_sorted_and_filtered(qtbot, window):
    view = window.library_view
    assert sorted(_titles(view)) == sorted(TITLES)
    assert view.count_label.text() == "4 articles"
    _click_header(view, 0)
    assert _titles(view) == sorted(TITLES)
    _click_header(view, 0)
    assert _titles(view) == sorted(TITLES, reverse=True)
    _click_header(view, 3)  # date
    dates = [view.model.index(r, 3).data() for r in range(4)]
    assert dates in (sorted(dates), sorted(dates, reverse=True))

    view.filter_box.setFocus()
    QTest.keyClicks(view.filter_box, "pipe")
    qtbot.waitUntil(lambda: _titles(view) == ["Gas pipeline talks"], timeout=3000)
    assert view.count_label.text() == "1 matching"
    QTest.keyClick(view.filter_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view.filter_box, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: len(_titles(view)) == 4, timeout=3000)


def test_filter_by_tag_collection_and_note(qtbot, window):
    view = window.library_view
    data = window.workspace.userdata
    by_title = {a.title: a.id for a in window.workspace.articles()}
    data.tag([by_title["Wheat exports rise"], by_title["Caspian oil deal"]], add=["trade"])
    data.file([by_title["Caspian oil deal"]], data.ensure_collection("Energy/Oil").id)
    data.set_note(by_title["Astana hosts summit"], "Ask the embassy")
    view.filter_box.setFocus()
    for typed, expected in (
        ("tag:trade", ["Caspian oil deal", "Wheat exports rise"]),
        ("tag:trade wheat", ["Wheat exports rise"]),
        ("collection:Energy", ["Caspian oil deal"]),
        ('note:"the embassy"', ["Astana hosts summit"]),
    ):
        QTest.keyClick(view.filter_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(view.filter_box, typed)
        qtbot.waitUntil(lambda e=expected: sorted(_titles(view)) == e, timeout=3000)


def test_multi_select_tag_collect_export(qtbot, window, tmp_path, monkeypatch):
    view = window.library_view
    _click_header(view, 0)  # title ascending: Astana, Caspian, Gas, Wheat
    _click_row(view, 0)
    _click_row(view, 2, Qt.KeyboardModifier.ControlModifier)
    assert [view.model.index(r, 0).data() for r in view.selected_rows()] == [
        "Astana hosts summit",
        "Gas pipeline talks",
    ]
    ids = view.selected_ids()

    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "energy, Central Asia")
    QTest.mouseClick(view.tag_button, Qt.MouseButton.LeftButton)
    assert view.model.index(0, 5).data() == "energy, Central Asia"
    assert view.model.index(1, 5).data() == ""
    assert window.workspace.userdata.tag_counts() == {"Central Asia": 2, "energy": 2}
    assert view.selected_ids() == ids  # the selection survives the refresh

    view.collection_box.lineEdit().setFocus()
    QTest.keyClicks(view.collection_box.lineEdit(), "Project/Gas")
    QTest.mouseClick(view.collect_button, Qt.MouseButton.LeftButton)
    assert sorted(window.workspace.userdata.members("Project")) == sorted(ids)

    target = tmp_path / "refs.bib"
    monkeypatch.setattr(type(view), "ask_export_path", lambda self, fmt: str(target))

    def choose_bibtex():
        menu = view.export_button.menu()
        QTest.keyClick(menu, Qt.Key.Key_Down)
        QTest.keyClick(menu, Qt.Key.Key_Down)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(200, choose_bibtex)
    QTest.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=5000)
    text = target.read_text(encoding="utf-8")
    assert text.count("@") == 2 and "Astana hosts summit" in text and "Gas pipeline" in text


def test_delete_to_the_trash_and_undo(qtbot, window):
    view = window.library_view
    _click_header(view, 0)
    _click_row(view, 1)
    _click_row(view, 3, Qt.KeyboardModifier.ShiftModifier)  # Caspian, Gas, Wheat
    ids = view.selected_ids()
    assert len(ids) == 3
    window.workspace.userdata.set_note(ids[0], "keep me")
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Delete)
    assert _titles(view) == ["Astana hosts summit"]
    assert all(i not in window.workspace.library for i in ids)
    QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(_titles(view)) == sorted(TITLES)
    assert sorted(view.selected_ids()) == sorted(ids)
    assert window.workspace.userdata.note(ids[0]) == "keep me"
    assert not view.undo_button.isEnabled()


def test_double_click_opens_the_reader(qtbot, window):
    view = window.library_view
    _click_header(view, 0)
    rect = view.table.visualRect(view.model.index(3, 0))
    # A real double-click: the first click's press and release, then the double-click event.
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    reader = window.current_article_view()
    assert reader is not None and reader.article.title == "Wheat exports rise"


def test_layout_restores_the_library_dock(qtbot, library, popups):  # noqa: F811
    first = make_window(qtbot, library)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.library_dock)
    close_window(first)
    second = make_window(qtbot, library)
    second.restore_layout()
    assert second.dockWidgetArea(second.library_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    close_window(second)


def _type_search(qtbot, window, text: str) -> None:
    """Replace the Search panel's query by typing, as a user does."""
    box = window.search_panel.query_box
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Backspace)
    if text:
        QTest.keyClicks(box, text)


def test_library_follows_the_search_box(qtbot, window):
    view = window.library_view
    _type_search(qtbot, window, "wheat OR caspian")
    expected = ["Caspian oil deal", "Wheat exports rise"]
    qtbot.waitUntil(lambda: sorted(_titles(view)) == expected, timeout=10000)
    assert view.count_label.text() == "2 matching"
    _click_header(view, 0)  # the catalog's sort still orders the matches
    assert _titles(view) == expected
    view.filter_box.setFocus()  # the library's own filter narrows the matches further
    QTest.keyClicks(view.filter_box, "oil")
    qtbot.waitUntil(lambda: _titles(view) == ["Caspian oil deal"], timeout=3000)
    QTest.keyClick(view.filter_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view.filter_box, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: sorted(_titles(view)) == expected, timeout=3000)
    _type_search(qtbot, window, "")  # an empty search shows the whole library
    qtbot.waitUntil(lambda: len(_titles(view)) == 4, timeout=10000)
    assert view.count_label.text() == "4 articles"


def test_each_new_search_narrows_the_tables_own_order_in_memory(qtbot, window, monkeypatch):
    """Following the search box reads the table's order once; each later set of matches
    narrows it without asking the catalog again, page by page (one row a page here), in the
    order the catalog itself gives the matches. Sorting reads the order again."""
    from briefing_app.gui import library_model

    monkeypatch.setattr(library_model, "PAGE_SIZE", 1)
    view, catalog = window.library_view, window.workspace.library.catalog
    asked = []
    ordered_ids = catalog.ordered_ids
    monkeypatch.setattr(catalog, "ordered_ids", lambda **o: asked.append(o) or ordered_ids(**o))

    def catalogs_own(sort, descending):
        ids = window.workspace.index.matching_ids(window.search_panel.query_box.text())
        entries = catalog.listing(sort=sort, descending=descending, filters={"ids": ids}).entries
        return [e.title for e in entries]

    _type_search(qtbot, window, "wheat OR caspian OR gas")
    qtbot.waitUntil(lambda: len(_titles(view)) == 3, timeout=10000)
    assert _titles(view) == catalogs_own("imported", True)
    assert asked  # the order, read once the first matches came
    window.runner.wait()
    asked.clear()
    _type_search(qtbot, window, "wheat OR gas")
    qtbot.waitUntil(lambda: len(_titles(view)) == 2, timeout=10000)
    assert _titles(view) == catalogs_own("imported", True)
    assert view.count_label.text() == "2 matching"
    assert asked == []  # narrowed in memory
    _click_header(view, 0)  # title ascending: the order is read again
    assert (
        _titles(view)
        == catalogs_own("title", False)
        == ["Gas pipeline talks", "Wheat exports rise"]
    )
    assert len(asked) == 1


def test_a_match_another_process_added_is_followed_too(qtbot, window, tmp_path):
    """The Library's own order is read again when a match is missing from it: an article
    another process imported after the order was read is listed with the other matches."""
    from briefing_app.core.workspace import Workspace

    view = window.library_view
    _type_search(qtbot, window, "paragraph")
    qtbot.waitUntil(lambda: view.count_label.text() == "4 matching", timeout=10000)
    window.runner.wait()
    other = Workspace(window.workspace.root)  # another window or the command line
    folder = tmp_path / "later"
    folder.mkdir()
    (folder / "late.md").write_text(
        "# Grain deal signed\n\nBy Author9 Person\n\nPublished 2023-09-10.\n\n"
        "The grain deal signed paragraph with enough words to be an article body.\n",
        encoding="utf-8",
    )
    assert [r.status for r in other.import_paths([folder])] == ["imported"]
    other.close()
    _type_search(qtbot, window, "paragraph OR grain")
    qtbot.waitUntil(lambda: len(_titles(view)) == 5, timeout=10000)
    assert "Grain deal signed" in _titles(view)
    assert view.count_label.text() == "5 matching"


def test_tag_and_collection_facets_filter_the_search_and_the_library(qtbot, window):
    view, panel = window.library_view, window.search_panel
    _click_header(view, 0)  # title ascending: Astana, Caspian, Gas, Wheat
    _click_row(view, 1)
    _click_row(view, 3, Qt.KeyboardModifier.ControlModifier)
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "trade")
    QTest.mouseClick(view.tag_button, Qt.MouseButton.LeftButton)
    _click_row(view, 1)
    view.collection_box.lineEdit().setFocus()
    QTest.keyClicks(view.collection_box.lineEdit(), "Energy/Oil")
    QTest.mouseClick(view.collect_button, Qt.MouseButton.LeftButton)

    _type_search(qtbot, window, "paragraph")
    qtbot.waitUntil(lambda: panel.results.count() == 4 and len(_titles(view)) == 4, timeout=10000)
    tags, collections = panel.facet_combos["tag"], panel.facet_combos["collection"]
    assert tags.itemText(1) == "trade (2)"
    assert collections.itemText(1) == "Energy/Oil (1)"
    choose(tags, 1)
    expected = ["Caspian oil deal", "Wheat exports rise"]
    qtbot.waitUntil(lambda: panel.results.count() == 2, timeout=10000)
    qtbot.waitUntil(lambda: sorted(_titles(view)) == expected, timeout=10000)
    choose(collections, 1)
    qtbot.waitUntil(lambda: _titles(view) == ["Caspian oil deal"], timeout=10000)
    # The hits and the Library's matches come from two tasks: either may land first.
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    choose(tags, 0)  # "All tags"
    choose(collections, 0)
    _type_search(qtbot, window, "collection:energy")  # nested: Energy holds Energy/Oil
    qtbot.waitUntil(lambda: _titles(view) == ["Caspian oil deal"], timeout=10000)
    _type_search(qtbot, window, "tag:trade -wheat")
    qtbot.waitUntil(lambda: _titles(view) == ["Caspian oil deal"], timeout=10000)


def test_tagging_a_selection_indexes_it_on_the_task_pool(qtbot, window, monkeypatch):
    """Tagging writes the tags on the GUI thread and leaves indexing the tagged articles again
    to the task pool (at 20,000 articles, a thousand of them took seconds); the search shown
    is run again once they are indexed."""
    import threading
    import time

    view, panel = window.library_view, window.search_panel
    index = window.workspace.index
    threads: list = []
    refresh = index.refresh_articles

    def slow_refresh(ids):  # slower than the search the Library runs right after tagging
        threads.append(threading.current_thread())
        time.sleep(0.5)
        refresh(ids)

    monkeypatch.setattr(index, "refresh_articles", slow_refresh)
    _type_search(qtbot, window, "paragraph")  # every article: the Library lists all four
    qtbot.waitUntil(lambda: panel.results.count() == 4 and len(_titles(view)) == 4, timeout=10000)
    tags = panel.facet_combos["tag"]
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_ids()) == 4
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "harbour")
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)
    assert all("harbour" in window.workspace.userdata.tags(i) for i in view.selected_ids())
    # the search shown is run again once the index has the tags: its Tag facet counts them
    qtbot.waitUntil(
        lambda: [tags.itemText(i) for i in range(tags.count())][1:] == ["harbour (4)"],
        timeout=10000,
    )
    assert threads and threading.main_thread() not in threads
    assert not index.has_pending()


def _tag_first_row(view, tag: str) -> str:
    """Tag the first row through the tag box, as a user does; its article id."""
    _click_row(view, 0)
    (chosen,) = view.selected_ids()
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, tag)
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)
    return chosen


def test_a_change_waits_while_another_writer_holds_the_index(qtbot, window, monkeypatch):
    """Indexing a tag finds the index held by another writer (an import): the note stays and
    is indexed a moment later."""
    from briefing_app.core.errors import LibraryBusy
    from briefing_app.gui import index_keeper

    monkeypatch.setattr(index_keeper, "REFRESH_RETRY_MS", 100)
    index = window.workspace.index
    refresh, tries = index.refresh_pending, []

    def busy_once():
        tries.append(1)
        if len(tries) == 1:
            raise LibraryBusy("The search index is busy.")
        return refresh()

    monkeypatch.setattr(index, "refresh_pending", busy_once)
    with qtbot.waitSignal(window.index_keeper.refreshed, timeout=10000):
        chosen = _tag_first_row(window.library_view, "harbour")
    assert len(tries) == 2 and not index.has_pending()
    assert index.search("tag:harbour").ids() == [chosen]


def test_a_change_that_cannot_be_indexed_rebuilds_the_index(qtbot, window, monkeypatch):
    index = window.workspace.index

    def broken():
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(index, "refresh_pending", broken)
    with qtbot.waitSignal(window.index_keeper.rebuild_finished, timeout=20000) as finished:
        chosen = _tag_first_row(window.library_view, "harbour")
    assert finished.args[0] is True  # rebuilt from the library, which has the tag
    assert index.search("tag:harbour").ids() == [chosen]
    assert not index.has_pending()


def test_search_to_collection_and_collection_to_saved_search(qtbot, window, monkeypatch):
    view, panel = window.library_view, window.search_panel
    data = window.workspace.userdata
    _type_search(qtbot, window, "wheat OR gas")
    qtbot.waitUntil(lambda: len(_titles(view)) == 2, timeout=10000)
    monkeypatch.setattr(type(panel), "_ask_collection", lambda self, suggestion: "Work/Picks")
    QTest.mouseClick(panel.collect_button, Qt.MouseButton.LeftButton)
    by_title = {a.title: a.id for a in window.workspace.articles()}
    picks = sorted([by_title["Wheat exports rise"], by_title["Gas pipeline talks"]])
    assert sorted(data.members("Work/Picks")) == picks
    assert view.collection_box.findText("Work/Picks") >= 0  # the library knows it now

    view.collection_box.lineEdit().setFocus()
    QTest.keyClick(
        view.collection_box.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
    )
    QTest.keyClicks(view.collection_box.lineEdit(), "Work")
    QTest.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    saved = window.workspace.saved_searches.get("Work")
    assert saved.query == 'collection:"Work"'
    combo = panel.saved_combo
    qtbot.waitUntil(lambda: combo.count() == 2, timeout=10000)  # the menu and "Work"
    _type_search(qtbot, window, "")
    qtbot.waitUntil(lambda: len(_titles(view)) == 4, timeout=10000)
    choose(combo, 1)  # run the saved search: the library shows the collection
    qtbot.waitUntil(lambda: sorted(by_title[t] for t in _titles(view)) == picks, timeout=10000)
