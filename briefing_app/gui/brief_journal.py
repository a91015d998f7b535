"""Journals an editor's unsaved text to the recovery store, never over the user's file.

The journal is written a quarter of a second after typing pauses, at least once a second
while typing goes on (so a kill loses at most the last second of a long burst), and at
once when the editor, its window or the application loses focus. A brief with no unsaved
changes has no journal entry.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from briefing_app.core.errors import BriefingError
from briefing_app.core.recovery import RecoveryStore

log = logging.getLogger(__name__)

PAUSE_MS = 250  # written this long after the last keystroke
MAX_WAIT_MS = 1000  # and never more than this after the first unjournalled keystroke


class BriefJournal(QObject):
    """Keeps the recovery entry of one editor up to date."""

    journal_failed = Signal(str)

    def __init__(
        self,
        editor,  # a BriefEditor: its focus_lost signal triggers a journal write
        file_info: Callable[[], tuple[Path | None, str | None]],
        text: Callable[[], str],
        store: RecoveryStore | None = None,
    ):
        super().__init__(editor)
        self.editor = editor
        self.store = store or RecoveryStore()
        self.doc_id = f"brief-{uuid.uuid4().hex}"
        self._text = text  # the exact editor text (no-break spaces kept)
        self._file_info = file_info  # () -> (path, digest of the disk version the text is based on)
        self._pause = QTimer(self)  # restarted by every keystroke
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.journal_now)
        self._deadline = QTimer(self)  # started by the first keystroke after a write
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_WAIT_MS)
        self._deadline.timeout.connect(self.journal_now)
        editor.document().contentsChanged.connect(self._on_change)
        editor.focus_lost.connect(self.journal_now)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)
        self._failed_once = False

    def _on_change(self) -> None:
        self._pause.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.journal_now()

    def journal_now(self) -> None:
        """Write (or drop) the entry for the editor's current text."""
        self._pause.stop()
        self._deadline.stop()
        try:
            if not self.editor.document().isModified():
                self.store.discard(self.doc_id)
                return
            path, digest = self._file_info()
            # The exact text: toPlainText() would turn no-break spaces into spaces.
            self.store.journal(self.doc_id, self._text(), path=path, base_digest=digest)
            self._failed_once = False
        except (BriefingError, OSError) as exc:
            log.warning("Could not write the recovery journal: %s", exc)
            if not self._failed_once:  # say it once, not on every keystroke
                self._failed_once = True
                self.journal_failed.emit(str(exc))

    def has_entry(self) -> bool:
        """True when the store holds an entry for this editor."""
        return self.store.has(self.doc_id)

    def discard(self) -> None:
        """Forget the entry (after a save, or when the brief is closed on purpose)."""
        self._pause.stop()
        self._deadline.stop()
        try:
            self.store.discard(self.doc_id)
        except OSError as exc:
            log.warning("Could not remove the recovery journal entry: %s", exc)

    def renew(self) -> None:
        """Start a new document identity (a new or newly opened brief)."""
        self.discard()
        self.doc_id = f"brief-{uuid.uuid4().hex}"

    def detach(self) -> None:
        """Stop listening to the application (the tab is going away)."""
        self._pause.stop()
        self._deadline.stop()
        app = QGuiApplication.instance()
        if app is not None:
            try:
                app.applicationStateChanged.disconnect(self._on_application_state)
            except (RuntimeError, TypeError):
                pass
