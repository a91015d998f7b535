"""Analyst corrections from the claims outline: reject a claim, fix its speaker, mark a passage.

The outline's context menu (and Delete / F2 on a claim row) calls `CorrectionFlow`; the flow
stores the correction with the article (core `claims.corrections`, under the library's write
lock) and asks the panel to show the corrected outline.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.claims import corrections
from briefing_app.core.errors import BriefingError


class SpeakerDialog(QDialog):
    """Choose a speaker among the article's people, or type another name."""

    def __init__(self, people: list[str], current: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("speakerDialog")
        self.setWindowTitle(self.tr("Set Speaker"))
        self.combo = QComboBox(self)
        self.combo.setObjectName("speakerChoice")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(people)
        self.combo.setAccessibleName(self.tr("Speaker"))
        self.combo.setCurrentText(current or "")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Who said this? Choose a person or type a name."), self))
        layout.addWidget(self.combo)
        layout.addWidget(buttons)

    @property
    def speaker(self) -> str:
        return self.combo.currentText().strip()


class CorrectionFlow(QObject):
    """Stores a correction for the panel's article and refreshes the panel."""

    def __init__(self, panel, library=None):
        super().__init__(panel)
        self.panel = panel
        self.library = library

    def available(self) -> bool:
        return self.library is not None and self.panel.article is not None

    def reject(self, claim: dict) -> None:
        self._store("reject", claim["content_start"], claim["content_end"])

    def set_speaker(self, claim: dict) -> None:
        dialog = SpeakerDialog(self.panel.people(), claim.get("speaker_name"), self.panel)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.speaker:
            self._store("speaker", claim["content_start"], claim["content_end"], dialog.speaker)

    def mark_passage(self, start: int, end: int) -> None:
        dialog = SpeakerDialog(self.panel.people(), None, self.panel)
        dialog.setWindowTitle(self.tr("Mark as Claim"))
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.speaker:
            self._store("add", start, end, dialog.speaker)

    def _store(self, action: str, start, end, speaker: str | None = None) -> None:
        article = self.panel.article
        if not self.available() or start is None or end is None:
            return
        try:
            correction = corrections.make(action, article.text, start, end, speaker)
            with self.library.lock:
                corrections.add(self.library, article, correction)
        except BriefingError as exc:
            QMessageBox.warning(self.panel, self.tr("Correction Not Saved"), str(exc))
            return
        self.panel.show_corrections()


def claim_menu_actions(panel, menu, claim: dict | None) -> None:
    """Fill the outline's context menu for `claim` (None: a row that is not a claim)."""
    flow = panel.corrections
    if claim is not None and flow.available():
        reject = menu.addAction(panel.tr("Reject Claim"))
        reject.triggered.connect(lambda: flow.reject(claim))
        if claim.get("kind") == "reported":
            fix = menu.addAction(panel.tr("Set Speaker…"))
            fix.triggered.connect(lambda: flow.set_speaker(claim))
    span = panel.selected_passage() if flow.available() else None
    mark = menu.addAction(panel.tr("Mark Selected Text as Claim…"))
    mark.setEnabled(span is not None)
    if span is not None:
        mark.triggered.connect(lambda: flow.mark_passage(*span))
