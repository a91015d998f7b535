"""The non-blocking bar shown when the open brief changed on disk: keep / reload / compare."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class DiskChangeBar(QFrame):
    """Asks what to do about an external change instead of deciding silently."""

    keep_requested = Signal()
    reload_requested = Signal()
    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("diskChangeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("Keep my version"), self)
        self.keep_button.setToolTip(
            self.tr("Keep editing your version; the next save replaces the file on disk.")
        )
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setToolTip(self.tr("Replace your version with the file on disk."))
        self.compare_button = QPushButton(self.tr("Compare…"), self)
        self.compare_button.setToolTip(self.tr("Show the differences between the two versions."))
        layout.addWidget(self.message, 1)
        for button in (self.compare_button, self.reload_button, self.keep_button):
            layout.addWidget(button)
        self.keep_button.clicked.connect(self.keep_requested)
        self.reload_button.clicked.connect(self.reload_requested)
        self.compare_button.clicked.connect(self.compare_requested)
        self.hide()

    def show_changed(self, name: str, *, deleted: bool, unsaved: bool) -> None:
        """Explain what happened to `name` and offer the choices that make sense."""
        if deleted:
            text = self.tr("“%1” was deleted or moved on disk. Your text is still here.")
        elif unsaved:
            text = self.tr("“%1” was changed by another program, and you have unsaved changes.")
        else:
            text = self.tr("“%1” was changed by another program.")
        self.message.setText(text.replace("%1", name))
        self.reload_button.setEnabled(not deleted)
        self.compare_button.setEnabled(not deleted)
        self.show()
