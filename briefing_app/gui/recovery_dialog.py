"""After a crash: offer each unsaved brief for restoring, with its difference from the disk.

Nothing is thrown away unless the user says so: entries not restored or discarded stay in
the recovery folder and are offered again at the next start.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.recovery import RecoveryEntry, RecoveryStore
from briefing_app.gui.diff_dialog import DiffView


class RecoveryDialog(QDialog):
    """Lists recovered briefs; `chosen()` holds the ones to restore after `exec()`."""

    def __init__(
        self, entries: list[RecoveryEntry], store: RecoveryStore, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover unsaved briefs"))
        self.entries = list(entries)
        self.store = store
        self._chosen: list[RecoveryEntry] = []
        self._build_ui()
        self._fill()

    def _build_ui(self) -> None:
        intro = QLabel(
            self.tr(
                "Briefing did not close normally. These briefs had changes that were not saved. "
                "Tick the ones to restore; they open as unsaved briefs you can review and save."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Recovered briefs"))
        self.diff = DiffView(self)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.diff, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([240, 560])
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            self.tr("Restore ticked"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button = QPushButton(self.tr("Discard ticked…"), self)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = self.buttons.addButton(
            self.tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 540)
        self.list.currentRowChanged.connect(self._show_entry)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)

    def _fill(self) -> None:
        for entry in self.entries:
            when = _dt.datetime.fromtimestamp(entry.saved_at).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{entry.title}\n{when}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(str(entry.path) if entry.path else self.tr("Never saved"))
            self.list.addItem(item)
        if self.entries:
            self.list.setCurrentRow(0)

    def _show_entry(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        if entry.path is None:
            note = self.tr("An untitled brief that was never saved. Its full text is shown.")
        elif not entry.path.exists():
            note = self.tr("%1 no longer exists on disk.").replace("%1", str(entry.path))
        elif entry.disk_changed():
            note = self.tr(
                "%1 was changed on disk after this text was recovered; compare carefully."
            ).replace("%1", str(entry.path))
        else:
            note = self.tr("Differences from %1 on disk:").replace("%1", str(entry.path))
        self.detail.setText(note)
        self.diff.set_diff(
            self.store.diff(entry), self.tr("The recovered text equals the file on disk.")
        )

    def ticked(self) -> list[RecoveryEntry]:
        """The entries whose box is ticked."""
        return [
            entry
            for row, entry in enumerate(self.entries)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def chosen(self) -> list[RecoveryEntry]:
        """The entries to restore (after the dialog was accepted)."""
        return list(self._chosen)

    def _restore(self) -> None:
        self._chosen = self.ticked()
        self.accept()

    def _discard(self) -> None:
        doomed = self.ticked()
        if not doomed or not self._confirm_discard(len(doomed)):
            return
        for entry in doomed:
            self.store.discard(entry)
        self.entries = [e for e in self.entries if e not in doomed]
        self.list.clear()
        self._fill()
        if not self.entries:
            self.reject()

    def _confirm_discard(self, count: int) -> bool:
        """Ask before throwing recovered text away (patched out in tests)."""
        answer = QMessageBox.question(
            self,
            self.tr("Discard recovered briefs"),
            self.tr("Throw away %1 recovered brief(s)? This cannot be undone.").replace(
                "%1", str(count)
            ),
        )
        return answer == QMessageBox.StandardButton.Yes


def offer_recovery(
    parent: QWidget | None, store: RecoveryStore | None = None
) -> list[RecoveryEntry]:
    """Show the dialog if a crash left unsaved briefs; return the entries to restore."""
    store = store or RecoveryStore()
    pending = []
    for entry in store.pending():
        if entry.matches_disk():
            store.discard(entry)  # the text was saved after all: nothing to recover
        else:
            pending.append(entry)
    if not pending:
        return []
    dialog = RecoveryDialog(pending, store, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
