"""Metadata form, note pane, highlights panel, help, word count and status progress — driven
by real clicks and keys on the real window over the imported seed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QToolButton

from briefing_app.core import highlights as hl
from briefing_app.core.library import Library
from briefing_app.gui.article_tools import HIGHLIGHT_ALPHA
from briefing_app.gui.highlights_panel import colour_of
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401
from tests.new_version import import_new_version

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, seeded, popups):  # noqa: F811
    win = make_window(qtbot, seeded)
    yield win
    close_window(win)


def _open_seed(window):
    (article,) = window.workspace.articles()
    view = window.open_article(article.id)
    window.activateWindow()
    view.setFocus()
    return view


def _select_by_mouse(qtbot, view, start: int, end: int) -> None:
    """Click before the first word and shift-click after the last, as a reader would."""
    view.highlight_claim((start, end))  # scroll the passage into view
    QTest.qWait(50)
    for offset, modifier in (
        (start, Qt.KeyboardModifier.NoModifier),
        (end, Qt.KeyboardModifier.ShiftModifier),
    ):
        cursor = view.textCursor()
        cursor.setPosition(view.doc_position(offset))
        point = view.cursorRect(cursor).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)
    assert view.selected_span() == (start, end), view.textCursor().selectedText()


def _retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


# -- metadata ------------------------------------------------------------------------------------
def test_metadata_form_validates_and_keeps_the_correction_over_a_reimport(qtbot, window, tmp_path):
    view = _open_seed(window)
    original = view.article.metadata.published
    QTest.keyClick(view, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = window.article_tools.metadata_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    date = dialog.editors["published"]
    assert dialog.findChild(QLabel, "extracted_published").text() == original

    _retype(qtbot, date, "2023-02-30")
    assert not ok.isEnabled() and "not a date" in dialog.error_label.text()
    _retype(qtbot, date, "2022-05-01")
    assert ok.isEnabled() and not dialog.error_label.text()
    assert date.property("corrected") and date.font().bold()  # differs from the extracted
    _retype(qtbot, dialog.editors["authors"], "Doe, Jane; Emil Avdaliani")
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    stored = Library(window.workspace.root).get(view.article.id)
    assert stored.metadata.published == "2022-05-01"
    assert stored.overrides["published"]["extracted"] == original
    assert stored.key == "avdaliani2023kazakhstans"  # not re-keyed: the box was not ticked
    assert "2022-05-01" in window.current_article_view().toPlainText()

    new_id = import_new_version(window.workspace, tmp_path, b"Recently,", b"Only recently,")
    view = window.open_article(new_id)
    assert view.article.metadata.published == "2022-05-01"
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = window.article_tools.metadata_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.editors["published"].text() == "2022-05-01"
    # Reset puts the extracted value back; ticking the box re-keys with the old key kept.
    QTest.mouseClick(dialog.findChild(QToolButton, "reset_published"), Qt.MouseButton.LeftButton)
    assert dialog.editors["published"].text() == original
    QTest.mouseClick(dialog.rekey_box, Qt.MouseButton.LeftButton)
    QTest.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = Library(window.workspace.root).get(new_id)
    assert "published" not in stored.overrides
    assert stored.key == "doe2023kazakhstans"
    assert Library(window.workspace.root).by_key()["avdaliani2023kazakhstans"].id == new_id


# -- notes -----------------------------------------------------------------------------------------
def _click_into_note_pane(qtbot, window):
    """The seed open and the Note pane shown and clicked into; (reader, pane)."""
    view = _open_seed(window)
    pane = window.article_tools.notes
    window.article_tools.note_dock.show()
    window.article_tools.note_dock.raise_()
    qtbot.waitExposed(pane.editor)
    QTest.mouseClick(pane.editor.viewport(), Qt.MouseButton.LeftButton)
    return view, pane


def test_note_typed_beside_the_reader_is_saved(qtbot, window):
    view, pane = _click_into_note_pane(qtbot, window)
    QTest.keyClicks(pane.editor, "# Gas")
    QTest.keyClick(pane.editor, Qt.Key.Key_Return)
    QTest.keyClicks(pane.editor, "Ask about the pipeline.")
    qtbot.waitUntil(lambda: pane.status.text() == "Saved", timeout=5000)
    note = window.workspace.library.folder(view.article.id) / "note.md"
    assert note.read_text(encoding="utf-8") == "# Gas\nAsk about the pipeline."
    window.new_brief()  # another tab in front: the pane has no article
    assert not pane.editor.isEnabled()
    window.tabs.setCurrentWidget(view)
    assert pane.editor.toPlainText() == "# Gas\nAsk about the pipeline."


# -- highlights ------------------------------------------------------------------------------------
def test_highlight_made_from_a_selection_then_quoted_into_the_brief(qtbot, window):
    brief = window.new_brief()
    view = _open_seed(window)
    start, end = hl.find_passage(view.article, "critical artery")
    _select_by_mouse(qtbot, view, start, end)
    panel = window.article_tools.highlights
    panel.colour_box.setFocus()
    QTest.keyClick(panel.colour_box, Qt.Key.Key_Down)  # yellow → green
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_H, CTRL_SHIFT)
    assert panel.tree.topLevelItemCount() == 1
    item = panel.tree.topLevelItem(0)
    assert item.text(0) == "“critical artery”" and item.text(1) == "2"
    painted = [s.cursor.selectedText() for s in view.extraSelections()]
    assert "critical artery" in painted
    (stored,) = window.workspace.userdata.highlights(view.article.id)
    assert stored.highlight.colour == "green"

    rect = panel.tree.visualItemRect(item)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseClick(panel.quote_button, Qt.MouseButton.LeftButton)
    assert "“critical artery” [@avdaliani2023kazakhstans, ¶2]" in brief.text()

    green = colour_of("green", HIGHLIGHT_ALPHA)
    assert green in [s.format.background().color() for s in view.extraSelections()]
    QTest.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.tree.topLevelItemCount() == 0
    assert green not in [s.format.background().color() for s in view.extraSelections()]


def test_highlight_orphaned_after_a_changed_reimport(qtbot, window, tmp_path):
    view = _open_seed(window)
    start, end = hl.find_passage(view.article, "critical artery")
    _select_by_mouse(qtbot, view, start, end)
    QTest.keyClick(view, Qt.Key.Key_H, CTRL_SHIFT)
    new_id = import_new_version(
        window.workspace, tmp_path, b"critical artery", b"critical arteries"
    )
    new_view = window.open_article(new_id)
    panel = window.article_tools.highlights
    item = panel.tree.topLevelItem(0)
    assert item.text(0) == "“critical artery”" and item.text(1) == "orphaned"
    assert "critical arteries" not in [s.cursor.selectedText() for s in new_view.extraSelections()]
    QTest.mouseClick(
        panel.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.tree.visualItemRect(item).center(),
    )
    assert not panel.quote_button.isEnabled()  # an orphan has no passage to quote


# -- help, word count, progress --------------------------------------------------------------------
def test_help_user_guide_opens_offline(qtbot, window):
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.article_tools.help_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    text = dialog.browser.toPlainText()
    assert "User guide" in text or "user guide" in text.lower()
    assert "Import" in text


def test_keyboard_shortcuts_are_read_from_the_actions(qtbot, window):
    extra = QAction("Brand-new command", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.addAction(extra)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = window.article_tools.shortcuts_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Brand-new command"] == QKeySequence("Ctrl+Alt+J").toString(native)
    for action in window.actions.values():
        if not action.shortcut().isEmpty():
            name = action.text().replace("&", "").rstrip("…")
            assert action.shortcut().toString(native) in rows[name], name


def test_word_count_follows_the_brief_in_front(qtbot, window):
    brief = window.new_brief()
    brief.editor.setFocus()
    QTest.keyClick(brief.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    before = int(window.word_count.text().split()[0].replace(",", ""))
    QTest.keyClick(brief.editor, Qt.Key.Key_Return)
    QTest.keyClicks(brief.editor, "Three more words")
    qtbot.waitUntil(lambda: window.word_count.text() == f"{before + 3} words", timeout=3000)
    _open_seed(window)
    assert window.word_count.text() == ""


def test_import_shows_progress_in_the_status_bar(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"a{n}.txt").write_text(
            f"Title {n}\n\nBody number {n} of a test.\n", encoding="utf-8"
        )
    seen = []
    window.import_flow.progressed.connect(
        lambda done, total, _n: seen.append(window.status_progress.isVisible() or done >= total)
    )
    window.import_flow.start([str(folder)])
    qtbot.waitUntil(lambda: window.import_flow.task is None, timeout=30000)
    assert seen and all(seen)
    assert not window.status_progress.isVisible()


def test_a_note_changed_elsewhere_meanwhile_keeps_both_texts(qtbot, window):
    """Another analyst saves the note while this one types: nothing is written over, the
    typed text is saved below theirs and the pane says so."""
    view, pane = _click_into_note_pane(qtbot, window)
    QTest.keyClicks(pane.editor, "Mine")
    qtbot.waitUntil(lambda: pane.status.text() == "Saved", timeout=5000)
    window.workspace.userdata.set_note(view.article.id, "Theirs")  # the other analyst
    QTest.keyClicks(pane.editor, " too")
    qtbot.waitUntil(lambda: "Someone else changed" in pane.status.text(), timeout=5000)
    assert window.workspace.userdata.note(view.article.id) == "Theirs\n\n---\n\nMine too"
    assert pane.editor.toPlainText() == "Theirs\n\n---\n\nMine too"
    QTest.keyClicks(pane.editor, "!")  # typing goes on at the end of the analyst's text
    qtbot.waitUntil(lambda: pane.status.text() == "Saved", timeout=5000)
    assert window.workspace.userdata.note(view.article.id) == "Theirs\n\n---\n\nMine too!"
