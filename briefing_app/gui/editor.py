"""The Markdown source editor: indentation keys, list continuation, line numbers, flags.

Flags are the quotations the checker could not verify: they are wave-underlined with
`ExtraSelection`s (so they never enter the undo history) and their reason is the tooltip.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from briefing_app.gui.highlighter import MarkdownHighlighter

INDENT = "    "
# Drag data of a passage from the reader or the claims outline: {"article_id", "start", "end"}.
QUOTATION_MIME = "application/x-briefing-quotation"
# A line's continuation prefix: blockquote markers, then an optional list marker.
CONTINUATION = re.compile(r"^(\s*(?:>\s?)*)(\s*)([-*+]\s+|(\d+)([.)])\s+)?")


@dataclass(frozen=True)
class QuotationFlag:
    """An unverified quotation: a character range of the document and why it failed."""

    start: int
    end: int
    status: str
    reason: str


def to_utf16(text: str, index: int) -> int:
    """The Qt document position (UTF-16 units) of Python string index `index` in `text`."""
    prefix = text[:index]
    return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def from_utf16(text: str, position: int) -> int:
    """The Python string index of Qt document position `position` in `text`."""
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def parse_quotation_mime(data: bytes) -> tuple[str, int, int] | None:
    """(article id, start, end) from quotation drag data, or None when it is malformed."""
    try:
        value = json.loads(data.decode("utf-8"))
        article, start, end = value["article_id"], value["start"], value["end"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(article, str) or not all(isinstance(v, int) for v in (start, end)):
        return None
    return article, start, end


def quotation_mime_data(article_id: str, start: int, end: int) -> bytes:
    """The drag payload the reader and the outline put under QUOTATION_MIME."""
    return json.dumps({"article_id": article_id, "start": start, "end": end}).encode("utf-8")


class LineNumberArea(QWidget):
    """The gutter left of the text; painting is delegated to the editor."""

    def __init__(self, editor: BriefEditor):
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.editor.line_number_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.editor.paint_line_numbers(event)


class BriefEditor(QPlainTextEdit):
    """A QPlainTextEdit tuned for writing Markdown briefs."""

    flags_changed = Signal()
    focus_lost = Signal()
    quotation_dropped = Signal(str, int, int)  # article id, start, end (the cursor is at the drop)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefEditor")
        self.setAccessibleName(self.tr("Brief source"))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())
        self._flags: list[QuotationFlag] = []
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        self._line_numbers = LineNumberArea(self)
        self._line_numbers.setVisible(False)
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_line_numbers)
        self.set_editor_font("", 0)

    def plain_text(self) -> str:
        """The exact text: unlike toPlainText(), no-break spaces are kept as they are."""
        return self.document().toRawText().replace("\u2029", "\n")

    # -- appearance ----------------------------------------------------------------------
    def set_editor_font(self, family: str, size: int) -> None:
        """Use `family`/`size` (empty/0: the system fixed-width font at its default size)."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if family:
            font = QFont(family)
            font.setStyleHint(QFont.StyleHint.Monospace)
        if size > 0:
            font.setPointSize(size)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * len(INDENT))
        self._update_margins()

    def set_line_numbers_visible(self, visible: bool) -> None:
        """Show or hide the line-number gutter."""
        self._line_numbers.setVisible(visible)
        self._update_margins()

    def line_numbers_visible(self) -> bool:
        return self._line_numbers.isVisibleTo(self)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
            self._refresh_selections()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.focus_lost.emit()

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
            self.indent_or_insert()
        elif key == Qt.Key.Key_Backtab:
            self.dedent()
        elif (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods == Qt.KeyboardModifier.NoModifier
        ):
            self.new_line_continuing()
        else:
            super().keyPressEvent(event)

    def indent_or_insert(self) -> None:
        """Tab: indent the selected lines, or insert spaces up to the next tab stop."""
        cursor = self.textCursor()
        if cursor.hasSelection() and self._selection_spans_lines(cursor):
            self._change_indent(cursor, indent=True)
            return
        column = cursor.positionInBlock()
        cursor.insertText(" " * (len(INDENT) - column % len(INDENT)))

    def dedent(self) -> None:
        """Shift+Tab: remove one indent level from the current or selected lines."""
        self._change_indent(self.textCursor(), indent=False)

    def new_line_continuing(self) -> None:
        """Enter: keep the blockquote/list prefix; on an empty item, end the list instead."""
        cursor = self.textCursor()
        line = cursor.block().text()[: cursor.positionInBlock()]
        match = CONTINUATION.match(line)
        quote, spaces, marker = match.group(1), match.group(2), match.group(3)
        prefix = quote + spaces
        if marker:
            number = match.group(4)
            prefix += f"{int(number) + 1}{match.group(5)} " if number else marker.strip() + " "
        bare_prefix = line.strip() == (quote + spaces + (marker or "")).strip()
        if (quote.strip() or marker) and bare_prefix and not cursor.hasSelection():
            # An empty list item or an empty "> " line: end the construct, as word processors do.
            cursor.beginEditBlock()
            cursor.movePosition(
                QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
            cursor.endEditBlock()
            return
        cursor.insertText("\n" + prefix)
        self.ensureCursorVisible()

    @staticmethod
    def _selection_spans_lines(cursor: QTextCursor) -> bool:
        doc = cursor.document()
        return doc.findBlock(cursor.selectionStart()) != doc.findBlock(cursor.selectionEnd())

    def _change_indent(self, cursor: QTextCursor, *, indent: bool) -> None:
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        block = first
        while block.isValid():
            edit.setPosition(block.position())
            if indent:
                edit.insertText(INDENT)
            else:
                text = block.text()
                width = len(text) - len(text.lstrip(" "))
                edit.movePosition(
                    QTextCursor.MoveOperation.Right,
                    QTextCursor.MoveMode.KeepAnchor,
                    min(width, len(INDENT)),
                )
                edit.removeSelectedText()
            if block == last:
                break
            block = block.next()
        edit.endEditBlock()

    # -- drops -------------------------------------------------------------------------------
    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802 (Qt override)
        return source.hasFormat(QUOTATION_MIME) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:  # noqa: N802 (Qt override)
        """A dropped passage becomes a cited quotation; anything else is inserted as text."""
        if source.hasFormat(QUOTATION_MIME):
            passage = parse_quotation_mime(bytes(source.data(QUOTATION_MIME)))
            if passage is not None:
                self.quotation_dropped.emit(*passage)
                return
        if source.hasText():
            self.textCursor().insertText(source.text())

    # -- flags (unverified quotations) --------------------------------------------------------
    def set_flags(self, flags: list[QuotationFlag]) -> None:
        """Underline these ranges with their reasons as tooltips (replacing earlier flags)."""
        self._flags = list(flags)
        self._refresh_selections()
        self.flags_changed.emit()

    def flags(self) -> list[QuotationFlag]:
        return list(self._flags)

    def flag_at(self, position: int) -> QuotationFlag | None:
        """The flag covering a document position, if any."""
        for flag in self._flags:
            if flag.start <= position < flag.end:
                return flag
        return None

    def set_find_matches(self, ranges: list[tuple[int, int]]) -> None:
        """Highlight every match of the find bar."""
        self._find_selections = []
        color = self.palette().color(QPalette.ColorRole.Highlight)
        color.setAlpha(70)
        for start, end in ranges:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._range_cursor(start, end)
            selection.format.setBackground(color)
            self._find_selections.append(selection)
        self._refresh_selections()

    def _range_cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        last = max(0, self.document().characterCount() - 1)
        cursor.setPosition(min(start, last))
        cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _refresh_selections(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        wave = QColor("#ff6b6b") if dark else QColor("#c00000")
        selections = list(self._find_selections)
        for flag in self._flags:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._range_cursor(flag.start, flag.end)
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            selection.format.setUnderlineColor(wave)
            selections.append(selection)
        self.setExtraSelections(selections)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(
                self.viewport().mapFromGlobal(event.globalPos())
            ).position()
            flag = self.flag_at(position)
            if flag is not None:
                QToolTip.showText(event.globalPos(), flag.reason, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # -- line numbers -----------------------------------------------------------------------
    def line_number_width(self) -> int:
        if not self._line_numbers.isVisibleTo(self):
            return 0
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margins(self, *_args) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _scroll_line_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self._line_numbers.scroll(0, dy)
        else:
            self._line_numbers.update(0, rect.y(), self._line_numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._line_numbers.setGeometry(
            QRect(rect.left(), rect.top(), self.line_number_width(), rect.height())
        )

    def paint_line_numbers(self, event) -> None:
        """Paint the numbers of the visible lines into the gutter."""
        painter = QPainter(self._line_numbers)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        width = self._line_numbers.width() - 6
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(
                    0, top, width, height, Qt.AlignmentFlag.AlignRight, str(block.blockNumber() + 1)
                )
            block = block.next()
            top = bottom
        painter.end()

    # -- navigation -------------------------------------------------------------------------
    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of 1-based `line` and show it."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            cursor = QTextCursor(block)
            self.setTextCursor(cursor)
            self.centerCursor()
            self.setFocus()
