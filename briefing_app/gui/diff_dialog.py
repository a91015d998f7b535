"""A read-only view of a unified diff, coloured line by line (added, removed, headers)."""

from __future__ import annotations

import difflib

from PySide6.QtGui import QColor, QFontDatabase, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


def unified_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff of two texts with every line ending in a newline."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_label, new_label
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class DiffHighlighter(QSyntaxHighlighter):
    """Green for added lines, red for removed ones, muted for the headers."""

    def __init__(self, document, palette: QPalette):
        super().__init__(document)
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        lightness = 170 if dark else 70
        self.added = QTextCharFormat()
        self.added.setForeground(QColor.fromHsl(120, 140, lightness))
        self.removed = QTextCharFormat()
        self.removed.setForeground(QColor.fromHsl(0, 160, lightness))
        self.header = QTextCharFormat()
        self.header.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        if text.startswith(("+++", "---", "@@")):
            self.setFormat(0, len(text), self.header)
        elif text.startswith("+"):
            self.setFormat(0, len(text), self.added)
        elif text.startswith("-"):
            self.setFormat(0, len(text), self.removed)


class DiffView(QPlainTextEdit):
    """A read-only, fixed-width, coloured diff."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setAccessibleName(self.tr("Differences"))
        self._highlighter = DiffHighlighter(self.document(), self.palette())

    def set_diff(self, diff: str, empty_message: str = "") -> None:
        """Show `diff`, or `empty_message` when there is no difference."""
        self.setPlainText(diff if diff.strip() else empty_message)


class DiffDialog(QDialog):
    """A modeless window comparing two versions of a brief."""

    def __init__(self, title: str, explanation: str, diff: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        label = QLabel(explanation, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.view = DiffView(self)
        self.view.set_diff(diff, self.tr("The two versions are identical."))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
