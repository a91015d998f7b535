"""The Markdown source editor: keys, highlighting, line numbers, flags, drops and the find bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from briefing_app.gui.editor import (
    QUOTATION_MIME,
    BriefEditor,
    QuotationFlag,
    parse_quotation_mime,
    quotation_mime_data,
)
from briefing_app.gui.editor_find_bar import EditorFindBar


@pytest.fixture
def editor(qtbot):
    """A shown editor."""
    widget = BriefEditor()
    widget.resize(600, 400)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(qtbot, editor: BriefEditor, text: str) -> None:
    for ch in text:
        if ch == "\n":
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(editor, ch)


def test_tab_inserts_spaces_to_the_next_stop(qtbot, editor):
    """Tab in a line inserts spaces up to the next multiple of four."""
    qtbot.keyClicks(editor, "ab")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "ab  "


def test_tab_and_backtab_indent_selected_lines(qtbot, editor):
    """With several lines selected, Tab indents each and Shift+Tab takes it back in one undo."""
    editor.setPlainText("one\ntwo\nthree")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "    one\n    two\n    three"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.toPlainText() == "one\ntwo\nthree"
    editor.undo()
    assert editor.toPlainText() == "    one\n    two\n    three"


def test_enter_continues_lists_and_blockquotes(qtbot, editor):
    """Enter repeats the list marker (numbers count up) and the blockquote marker."""
    _type(qtbot, editor, "- first\nsecond\n")
    assert editor.toPlainText() == "- first\n- second\n- "
    editor.clear()
    _type(qtbot, editor, "1. alpha\nbeta")
    assert editor.toPlainText() == "1. alpha\n2. beta"
    editor.clear()
    _type(qtbot, editor, "> quoted\nmore")
    assert editor.toPlainText() == "> quoted\n> more"


def test_enter_on_an_empty_item_ends_the_list(qtbot, editor):
    """Enter on a bare list marker removes it instead of adding another."""
    _type(qtbot, editor, "- item\n\n")
    assert editor.toPlainText() == "- item\n"


def test_enter_on_an_indented_blank_line_still_breaks_the_line(qtbot, editor):
    """Plain indentation is carried over, never swallowed."""
    editor.setPlainText("    ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "    \n    "


def test_line_numbers_take_room_only_when_shown(editor):
    """The gutter has no width when hidden and a width when shown."""
    assert editor.line_number_width() == 0
    editor.set_line_numbers_visible(True)
    assert editor.line_numbers_visible()
    assert editor.line_number_width() > 0
    assert editor.viewportMargins().left() == editor.line_number_width()


def test_font_comes_from_the_settings(editor):
    """The configured family and size are used."""
    editor.set_editor_font("DejaVu Sans Mono", 15)
    assert editor.font().pointSize() == 15
    assert editor.font().family() == "DejaVu Sans Mono"


def test_flags_are_wave_underlined_with_their_reason(editor, monkeypatch):
    """An unverified quotation is underlined, and hovering it shows the reason."""
    editor.setPlainText("He said “gas union” [@x, ¶1] today.")
    start = editor.toPlainText().index("“")
    end = editor.toPlainText().index("]") + 1
    editor.set_flags([QuotationFlag(start, end, "not_found", "Not found: differs at “union”")])
    [selection] = editor.extraSelections()
    assert selection.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == (start, end)
    assert editor.flag_at(start + 2).reason == "Not found: differs at “union”"
    assert editor.flag_at(0) is None
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start + 3)
    point = editor.cursorRect(cursor).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor, event)
    assert shown == ["Not found: differs at “union”"]


def test_flags_never_enter_the_undo_history(editor):
    """Underlining is not an edit: the document stays unmodified and undo has nothing."""
    editor.setPlainText("“a” [@k]")
    editor.document().setModified(False)
    editor.set_flags([QuotationFlag(0, 3, "not_found", "Not found")])
    assert not editor.document().isModified()
    assert not editor.document().isUndoAvailable()


def test_highlighter_marks_citations_quotes_and_front_matter(editor):
    """Citations, quotations and front matter get their own formats."""
    editor.setPlainText(
        "---\ntitle: T\n---\n# Head\nSaid “gas union” [@avdaliani2023kazakhstans, ¶2]."
    )
    doc = editor.document()
    fm = doc.findBlockByNumber(1).layout().formats()
    assert (
        fm and fm[0].format.foreground() == editor.highlighter.formats["front_matter"].foreground()
    )
    last = doc.findBlockByNumber(4)
    text = last.text()
    ranges = {
        (r.start, r.start + r.length): QTextCharFormat(r.format) for r in last.layout().formats()
    }
    cite_start = text.index("[@")
    cite_fmt = next(f for (s, e), f in ranges.items() if s <= cite_start < e)
    assert cite_fmt.foreground() == editor.highlighter.formats["citation"].foreground()
    quote_start = text.index("“") + 1
    quote_fmt = next(f for (s, e), f in ranges.items() if s <= quote_start < e)
    assert quote_fmt.foreground() == editor.highlighter.formats["quotation"].foreground()


def test_highlighter_colours_follow_a_dark_palette(editor):
    """With a dark base the accent colours are light, so text stays readable."""
    palette = QPalette(editor.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    editor.setPalette(palette)
    for name in ("heading", "quotation", "citation"):
        assert editor.highlighter.formats[name].foreground().color().lightness() > 128


def test_quotation_drop_emits_the_passage(qtbot, editor):
    """Quotation mime data asks for a quotation instead of pasting its text."""
    mime = QMimeData()
    mime.setData(QUOTATION_MIME, quotation_mime_data("abc123", 4, 20))
    mime.setText("the passage")
    assert editor.canInsertFromMimeData(mime)
    with qtbot.waitSignal(editor.quotation_dropped) as blocker:
        editor.insertFromMimeData(mime)
    assert blocker.args == ["abc123", 4, 20]
    assert editor.toPlainText() == ""


def test_plain_text_drop_inserts_text(editor):
    """Plain text is inserted as it is."""
    mime = QMimeData()
    mime.setText("just words")
    editor.insertFromMimeData(mime)
    assert editor.toPlainText() == "just words"


def test_malformed_quotation_data_is_ignored():
    """Broken drag payloads are rejected, not raised."""
    assert parse_quotation_mime(b"{not json") is None
    assert parse_quotation_mime(b'{"article_id": 5, "start": 1, "end": 2}') is None
    assert parse_quotation_mime(b'{"article_id": "a", "start": "1", "end": 2}') is None


def test_go_to_line_moves_the_cursor(editor):
    """go_to_line puts the cursor at the start of that line."""
    editor.setPlainText("a\nb\nc\nd")
    editor.go_to_line(3)
    assert editor.textCursor().blockNumber() == 2
    assert editor.textCursor().positionInBlock() == 0


def test_find_bar_counts_and_wraps(qtbot, editor):
    """The find bar highlights every match and wraps around at the end."""
    bar = EditorFindBar(editor)
    qtbot.addWidget(bar)
    editor.setPlainText("gas union, gas transit, Gas prices")
    bar.open_bar()
    bar.query.setText("gas")
    assert bar.match_count() == 3
    assert bar.count.text() == "3 matches"
    assert editor.textCursor().selectionStart() == 0
    assert bar.find_next() and editor.textCursor().selectionStart() == 11
    assert bar.find_next() and editor.textCursor().selectionStart() == 24
    assert bar.find_next() and editor.textCursor().selectionStart() == 0
    bar.case.setChecked(True)
    assert bar.match_count() == 2
    bar.close_bar()
    assert editor.extraSelections() == []


def test_find_bar_reports_no_match(editor, qtbot):
    """A query with no match finds nothing and highlights nothing."""
    bar = EditorFindBar(editor)
    qtbot.addWidget(bar)
    editor.setPlainText("nothing here")
    bar.open_bar()
    bar.query.setText("union")
    assert bar.match_count() == 0
    assert not bar.find_next()
