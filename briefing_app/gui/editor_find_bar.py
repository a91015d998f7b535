"""The find bar under the brief editor: incremental search, next/previous, match count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from briefing_app.gui.editor import BriefEditor


class EditorFindBar(QWidget):
    """A non-modal bar that finds text in a BriefEditor; Escape closes it."""

    closed = Signal()

    def __init__(self, editor: BriefEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("editorFindBar")
        self.editor = editor
        self._matches = 0
        self._build_ui()
        self._connect_signals()
        self.hide()

    def _build_ui(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Find in brief"))
        self.query.setAccessibleName(self.tr("Find in brief"))
        self.query.setClearButtonEnabled(True)
        self.case = QCheckBox(self.tr("Match case"), self)
        self.previous_button = self._tool_button("\u25b2", self.tr("Previous match (Shift+F3)"))
        self.next_button = self._tool_button("\u25bc", self.tr("Next match (F3)"))
        self.close_button = self._tool_button("\u2715", self.tr("Close the find bar (Escape)"))
        self.count = QLabel(self)
        layout.addWidget(self.query, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.case)
        layout.addWidget(self.count)
        layout.addWidget(self.close_button)

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button

    def _connect_signals(self) -> None:
        self.query.textChanged.connect(self._search_from_selection_start)
        self.query.returnPressed.connect(self.find_next)
        self.case.toggled.connect(self._search_from_selection_start)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.find_next)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious), self, self.find_previous)

    def open_bar(self) -> None:
        """Show the bar, seeded with the editor's selection, and focus the query."""
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.query.setText(selected)
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        self._highlight_all()

    def close_bar(self) -> None:
        """Hide the bar, clear match highlights and give the focus back to the editor."""
        self.hide()
        self.editor.set_find_matches([])
        self.editor.setFocus()
        self.closed.emit()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def find_next(self) -> bool:
        """Select the next match, wrapping at the end."""
        return self._find(backward=False)

    def find_previous(self) -> bool:
        """Select the previous match, wrapping at the start."""
        return self._find(backward=True)

    def _find(self, *, backward: bool, cursor: QTextCursor | None = None) -> bool:
        text = self.query.text()
        if not text:
            return False
        doc = self.editor.document()
        start = cursor or self.editor.textCursor()
        found = doc.find(text, start, self._flags(backward))
        if found.isNull():  # wrap around
            edge = QTextCursor(doc)
            edge.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            found = doc.find(text, edge, self._flags(backward))
        if found.isNull():
            return False
        self.editor.setTextCursor(found)
        self.editor.ensureCursorVisible()
        return True

    def _search_from_selection_start(self, *_args) -> None:
        cursor = QTextCursor(self.editor.textCursor())
        cursor.setPosition(cursor.selectionStart())
        found = self._find(backward=False, cursor=cursor)
        self._highlight_all()
        self.query.setProperty("notFound", bool(self.query.text()) and not found)

    def _highlight_all(self) -> None:
        text = self.query.text()
        ranges: list[tuple[int, int]] = []
        if text:
            doc = self.editor.document()
            cursor = doc.find(text, 0, self._flags())
            while not cursor.isNull() and len(ranges) < 10000:
                ranges.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = doc.find(text, cursor, self._flags())
        self.editor.set_find_matches(ranges)
        self._matches = len(ranges)
        if not text:
            self.count.clear()
        elif len(ranges) == 1:
            self.count.setText(self.tr("1 match"))
        else:
            self.count.setText(self.tr("%1 matches").replace("%1", str(len(ranges))))

    def match_count(self) -> int:
        """How many matches the last search highlighted."""
        return self._matches
