"""The window on a team library (PostgreSQL): the same actions as on a folder, by real input.

Skips with the cluster fixture's reason where the PostgreSQL server is not installed.
"""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from briefing_app.core.workspace import Workspace
from tests.gui.real_input import double_click
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401

TITLES = ["Caspian oil deal", "Wheat exports rise"]


@pytest.fixture
def team(pg_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, title in enumerate(TITLES):
        (folder / f"a{n}.md").write_text(
            f"# {title}\n\nBy Author{n} Person\n\nPublished 2023-0{n + 1}-10.\n\n"
            f"The {title.lower()} paragraph, said the minister, with enough words for a body.\n",
            encoding="utf-8",
        )
    workspace = Workspace(pg_url)
    results = workspace.import_paths([folder])
    assert [r.status for r in results] == ["imported"] * len(TITLES)
    yield workspace
    workspace.close()


@pytest.fixture
def window(qtbot, team, popups):  # noqa: F811
    win = make_window(qtbot, team)
    win.library_dock.show()
    yield win
    close_window(win)


def _titles(view) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def test_the_window_lists_searches_opens_and_tags_a_team_library(qtbot, window, team, pg_url):
    view, panel = window.library_view, window.search_panel
    qtbot.waitUntil(lambda: sorted(_titles(view)) == TITLES, timeout=10000)
    assert window.library_dock.windowTitle().startswith("Team Library — PostgreSQL t_")

    box = panel.query_box
    box.setFocus()
    QTest.keyClicks(box, "wheat")
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    qtbot.waitUntil(lambda: _titles(view) == ["Wheat exports rise"], timeout=10000)

    double_click(panel.results, panel.results.indexFromItem(panel.results.item(0)))
    qtbot.waitUntil(lambda: window.current_article_view() is not None, timeout=10000)
    assert window.current_article_view().article.title == "Wheat exports rise"

    rect = view.table.visualRect(view.model.index(0, 0))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "grain")
    QTest.mouseClick(view.tag_button, Qt.MouseButton.LeftButton)
    ids = {team.library.get(i).title: i for i in team.library.ids()}
    assert team.userdata.tags(ids["Wheat exports rise"]) == ["grain"]

    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(box, "tag:grain")
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    other = Workspace(pg_url)
    try:  # another workstation sees the tag at once: it is in the team's database
        assert other.userdata.tags(ids["Wheat exports rise"]) == ["grain"]
    finally:
        other.close()


def test_a_key_taken_while_saving_the_metadata_form_loses_nothing_typed(
    qtbot,
    window,
    team,
    pg_url,
    popups,  # noqa: F811
):
    """The new key is claimed by another analyst between the form's choice and its save: one
    line says so, and the form opens again with what was typed; OK then saves it."""
    from PySide6.QtWidgets import QDialogButtonBox

    typed = {"title": "Pipeline deal signed", "authors": "Roe, Jane"}
    mine, theirs = sorted(team.library.ids(), key=lambda i: team.article(i).title)
    other = Workspace(pg_url)
    library = window.workspace.library
    choosing = library.keys

    def keys_then_claimed():
        library.keys = choosing  # once
        found = choosing()
        other.userdata.edit(theirs, typed, rekey=True)  # the same new key, saved first
        return found

    library.keys = keys_then_claimed  # this window's object only
    try:
        view = window.open_article(mine)
        view.setFocus()
        QTest.keyClick(
            view,
            Qt.Key.Key_M,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        dialog = window.article_tools.metadata_dialog
        qtbot.waitUntil(lambda: dialog.isVisible())
        for name, text in typed.items():
            editor = dialog.editors[name]
            editor.selectAll()
            QTest.keyClicks(editor, text)
        QTest.mouseClick(dialog.rekey_box, Qt.MouseButton.LeftButton)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

        taken = other.article(theirs).key
        qtbot.waitUntil(lambda: window.article_tools.metadata_dialog is not dialog)
        again = window.article_tools.metadata_dialog
        qtbot.waitUntil(lambda: again.isVisible())
        (title, message), *_ = [p for p in popups if "was just taken" in p[1]]
        assert title == "The metadata was not changed" and "\n" not in message
        assert taken in message
        assert team.article(mine).title != typed["title"]  # nothing was stored
        assert again.editors["title"].text() == typed["title"] and again.rekey()
        QTest.mouseClick(
            again.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(lambda: not again.isVisible())
        saved = Workspace(pg_url)
        try:
            article = saved.article(mine)
            assert (article.title, article.key) == (typed["title"], taken + "a")
        finally:
            saved.close()
    finally:
        other.close()


def test_an_undo_the_dropped_connection_stopped_is_finished_by_the_next(
    qtbot, window, team, pg_url
):
    """The server drops every connection (a restart): Ctrl+Z in the Library says the step is
    not undone yet and keeps it; the next Ctrl+Z connects again and takes the tag off."""
    view = window.library_view
    qtbot.waitUntil(lambda: sorted(_titles(view)) == TITLES, timeout=10000)
    rect = view.table.visualRect(view.model.index(0, 0))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (chosen,) = view.selected_ids()
    view.tag_box.setFocus()
    QTest.keyClicks(view.tag_box, "grain")
    QTest.keyClick(view.tag_box, Qt.Key.Key_Return)  # the table has the focus again
    assert team.userdata.tags(chosen) == ["grain"]
    told: list[str] = []
    view.message.connect(told.append)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert told[-1].startswith("“Tag Articles” is not undone yet: Lost the connection")
    assert window.actions["undo"].text() == "&Undo Tag Articles"
    # Each of the library's stores keeps its own connection and finds it gone at its next
    # call: the next Undo may meet another, said the same way and leaving the step to undo.
    for _attempt in range(3):
        QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        if not window.actions["undo"].isEnabled():
            break
        assert told[-1].startswith("“Tag Articles” is not undone yet: Lost the connection")
    assert team.userdata.tags(chosen) == []
    assert not window.actions["undo"].isEnabled()
    assert window.actions["redo"].text() == "&Redo Tag Articles"
