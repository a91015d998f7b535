"""The Speakers dock: everyone the archive quotes, and a chosen speaker's claims by date.

The list comes from core `claims.archive_speakers` (aliases and transliterations merged).
Choosing a speaker lists their claims across articles, oldest first; double-click or Enter on a
claim emits `quote_requested`, which the window turns into a quotation in the open brief.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.claims.archive_speakers import Speaker, archive_speakers

SPEAKER_ROLE = Qt.ItemDataRole.UserRole + 1
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 2  # (article id, start, end)


class SpeakersView(QWidget):
    """Speakers of the whole archive with their claim counts; their claims in date order."""

    quote_requested = Signal(str, int, int)  # article id, start, end

    def __init__(self, library=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("speakersView")
        self.library = library
        self.speakers: list[Speaker] = []
        self.people = QListWidget(self)
        self.people.setObjectName("speakersList")
        self.people.setAccessibleName(self.tr("Speakers"))
        self.claims = QListWidget(self)
        self.claims.setObjectName("speakerClaims")
        self.claims.setAccessibleName(self.tr("Claims of the chosen speaker"))
        self.claims.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.empty_label = QLabel(self.tr("No one is quoted in the archive yet."), self)
        self.empty_label.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.people)
        splitter.addWidget(self.claims)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.people.currentRowChanged.connect(self._show_claims)
        self.claims.itemActivated.connect(self._quote)
        self.claims.itemDoubleClicked.connect(self._quote)

    def refresh(self) -> None:
        """Read the archive again (after an import or a correction)."""
        self.speakers = archive_speakers(self.library) if self.library is not None else []
        self.people.clear()
        self.claims.clear()
        for speaker in self.speakers:
            item = QListWidgetItem(
                self.tr("{0} ({1})").format(speaker.name, speaker.count), self.people
            )
            item.setData(SPEAKER_ROLE, speaker.key)
            aliases = sorted(speaker.aliases - {speaker.name})
            if aliases:
                item.setToolTip(self.tr("Also written: {0}").format(", ".join(aliases)))
        self.empty_label.setVisible(not self.speakers)

    def _show_claims(self, row: int) -> None:
        self.claims.clear()
        if not 0 <= row < len(self.speakers):
            return
        for spoken in self.speakers[row].claims:
            claim = spoken.claim
            text = f"{spoken.date or '—'} · {spoken.title}\n{claim.get('content') or ''}"
            item = QListWidgetItem(text, self.claims)
            item.setToolTip(claim.get("content") or "")
            start, end = claim.get("content_start"), claim.get("content_end")
            if isinstance(start, int) and isinstance(end, int):
                item.setData(QUOTE_ROLE, (spoken.article_id, start, end))

    def _quote(self, item: QListWidgetItem) -> None:
        target = item.data(QUOTE_ROLE)
        if target:
            self.quote_requested.emit(*target)
