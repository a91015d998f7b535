"""Permanent status-bar widgets: the brief's word count and the progress of long work.

The word count follows the brief in front (its Markdown source, front matter and markup
left out, so it counts what a reader of the brief will read). The progress bar shows any long
background job that reports progress (an import, an index rebuild) and hides when it ends.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from briefing_app.gui.numbers import count_text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)
_CITATION = re.compile(r"\[@[^\]]*\]")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def count_words(markdown: str) -> int:
    """Words a reader of the brief sees: front matter, citations and markup not counted."""
    body = _CITATION.sub(" ", _FRONT_MATTER.sub("", markdown))
    return len(_WORD.findall(body))


class WordCount(QLabel):
    """'1,234 words' for the brief in front; empty when no brief is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("wordCount")
        self._editor = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # counting a long brief on every key would lag typing
        self._timer.timeout.connect(self.update_count)

    def follow(self, editor) -> None:
        """Count the words of `editor` (a QPlainTextEdit), or nothing with None."""
        if self._editor is not None:
            try:
                self._editor.textChanged.disconnect(self._timer.start)
            except (RuntimeError, TypeError):
                pass  # the editor was closed and deleted already
        self._editor = editor
        if editor is not None:
            editor.textChanged.connect(self._timer.start)
        self.update_count()

    def update_count(self) -> None:
        if self._editor is None:
            self.setText("")
            return
        words = count_words(self._editor.toPlainText())
        text = self.tr("1 word") if words == 1 else self.tr("{0} words").format(count_text(words))
        self.setText(text)


class StatusProgress(QProgressBar):
    """A small bar in the status bar for long jobs; hidden when none runs."""

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        self.setObjectName("statusProgress")
        self.setMaximumWidth(220)
        self.setTextVisible(True)
        self.hide()
        self._label = QLabel(status_bar)
        self._label.setObjectName("statusProgressLabel")
        self._label.hide()
        status_bar.addPermanentWidget(self._label)
        status_bar.addPermanentWidget(self)

    def report(self, what: str, done: int, total: int) -> None:
        """Show `what` at done/total; hide when done reaches total."""
        if total <= 0 or done >= total:
            self.finish()
            return
        self._label.setText(what)
        self.setMaximum(total)
        self.setValue(done)
        self.setFormat(f"{done}/{total}")
        self._label.show()
        self.show()

    # Slots the window connects directly (not through lambdas), so a signal arriving after
    # the window is gone is dropped by Qt instead of reaching a deleted widget.
    def importing(self, done: int, total: int, _name: str = "") -> None:
        self.report(self.tr("Importing"), done, total)

    def indexing(self, done: int, total: int) -> None:
        self.report(self.tr("Indexing"), done, total)

    def cataloguing(self, done: int, total: int, _name: str = "") -> None:
        self.report(self.tr("Cataloguing"), done, total)

    def finish(self, *_args) -> None:
        self.hide()
        self._label.hide()
