"""The banner a second window shows when another process is the library's writer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar


class ReadOnlyBanner(QToolBar):
    """A fixed strip above the window's content: this library is open read-only."""

    def __init__(self, writer_pid: int | None, parent=None):
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not something to hide by accident
        who = (
            self.tr("process {pid}").format(pid=writer_pid)
            if writer_pid
            else self.tr("another window")
        )
        self.label = QLabel(
            self.tr(
                "Read-only: {who} is writing to this library. You can search, read and "
                "write briefs; importing and deleting articles are turned off here."
            ).format(who=who),
            self,
        )
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("QLabel { padding: 4px 8px; font-weight: 600; }")
        self.addWidget(self.label)


def show_if_read_only(window: QMainWindow, workspace) -> ReadOnlyBanner | None:
    """Add the banner to `window` when `workspace` was opened read-only."""
    if not getattr(workspace, "read_only", False):
        return None
    banner = ReadOnlyBanner(workspace.writer_pid, window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    return banner
