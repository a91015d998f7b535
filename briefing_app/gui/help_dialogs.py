"""Help ▸ User Guide and Help ▸ Keyboard Shortcuts.

The guide is the same Markdown file as `docs/user-guide.md`, shipped with the app and
rendered here, so it reads the same offline as on the project page; links to other pages
open nothing remote. The shortcuts list is read from the window's actions each time it
opens, so it can never disagree with the keys that really work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing_app import paths


def user_guide_text() -> str | None:
    """The guide's Markdown, or None when it is not where the app ships it."""
    try:
        return paths.user_guide_file().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle(self.tr("Briefing User Guide"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuideBrowser")
        self.browser.setOpenLinks(False)  # nothing remote, and no other file, is ever loaded
        self.browser.anchorClicked.connect(self._follow)
        text = user_guide_text()
        if text is None:
            self.browser.setPlainText(
                self.tr("The user guide is missing from this installation ({0}).").format(
                    paths.user_guide_file()
                )
            )
        else:
            # Images are screenshots beside the guide on the web; in the app the text is enough.
            self.browser.setMarkdown(text)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 640)

    def _follow(self, url) -> None:
        if url.hasFragment() and not url.path():
            self.browser.scrollToAnchor(url.fragment())


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(command, keys) for every action that has a shortcut, sorted by command, no duplicates."""
    rows = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
        if keys and name:
            rows[name] = ", ".join(keys)
    return sorted(rows.items(), key=lambda kv: kv[0].casefold())


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Every command with a key, as this window has them:")))
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(keys)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 560)
