"""The Note pane: the Markdown note of the article in front, saved as the analyst types.

Saving waits for a pause in typing (and happens at once when another article comes to the
front or the window closes), so a note is never more than a moment behind the keyboard.
Each save names the version of the note it started from; when someone else saved the note
meanwhile (a team library), nothing is overwritten: the analyst's text is saved below theirs,
for merging by hand, and the pane says so.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from briefing_app.core.annotations import NoteConflict, merged_note
from briefing_app.core.errors import BriefingError

SAVE_DELAY_MS = 800


class NotesPane(QWidget):
    failed = Signal(str)  # a note could not be saved: the reason

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notesPane")
        self.workspace = workspace
        self.article_id: str | None = None
        self._version = ""  # the version of the note the editor's text started from
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName(self.tr("Note on the article"))
        self.editor.setPlaceholderText(
            self.tr("Notes on this article, in Markdown. They are saved as you type.")
        )
        self.status = QLabel()
        self.status.setObjectName("noteStatus")
        self.status.setEnabled(False)
        layout.addWidget(self.heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._on_text_changed)
        self.set_article(None)

    def set_article(self, article) -> None:
        """Show the note of `article` (None: no article in front); the previous one is saved."""
        self.save()
        self.article_id = article.id if article is not None else None
        self.editor.blockSignals(True)
        try:
            note = self.workspace.userdata.read_note(article.id) if article is not None else None
        except BriefingError as exc:
            note = None
            self.failed.emit(str(exc))
        text, self._version = (note.text, note.version) if note is not None else ("", "")
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self._dirty = False
        writable = article is not None and not self.workspace.read_only
        self.editor.setReadOnly(not writable)
        self.editor.setEnabled(article is not None)
        self.heading.setText(article.title if article is not None else self.tr("No article open"))
        self.status.setText(
            self.tr("Read-only: another window is writing to the library.")
            if article is not None and self.workspace.read_only
            else ""
        )

    def _on_text_changed(self) -> None:
        self._dirty = True
        self.status.setText(self.tr("Editing…"))
        self.timer.start()

    def save(self) -> bool:
        """Write the note now when it changed; True when nothing is left unsaved."""
        self.timer.stop()
        if not self._dirty or self.article_id is None:
            return True
        data, text = self.workspace.userdata, self.editor.toPlainText()
        saved_below = False
        try:
            try:
                saved = data.set_note(self.article_id, text, expected=self._version)
            except NoteConflict:
                newer = data.read_note(self.article_id)
                text = merged_note(newer.text, text)
                saved = data.set_note(self.article_id, text, expected=newer.version)
                saved_below = True
        except BriefingError as exc:
            self.status.setText(self.tr("Not saved: {0}").format(exc))
            self.failed.emit(str(exc))
            return False
        self._version, self._dirty = saved.version, False
        if saved_below:
            self._show_merged(text)
        else:
            self.status.setText(self.tr("Saved"))
        return True

    def _show_merged(self, text: str) -> None:
        """Show the note as saved after a conflict: theirs, then the analyst's text."""
        # The analyst's text is now at the end: keep the cursor as far from the end as it was.
        # (Positions count the document's characters, as Qt does, not Python's.)
        document = self.editor.document()
        from_end = document.characterCount() - self.editor.textCursor().position()
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        cursor = self.editor.textCursor()
        cursor.setPosition(max(0, document.characterCount() - from_end))
        self.editor.setTextCursor(cursor)
        self.status.setText(
            self.tr(
                "Someone else changed this note meanwhile. Your text was saved below theirs, "
                "after a rule: merge the two."
            )
        )
