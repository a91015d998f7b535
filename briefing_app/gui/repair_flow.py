"""Undoing and restoring the importer's guessed repairs, from the reader's context menu.

Undoing a repair re-reads the article from its original bytes (claims included), which can
take a moment for a long article, so it runs in the background; the window then shows the
new version in the reader and the outline.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from briefing_app.core.article import Article
from briefing_app.gui.workers import TaskRunner


class RepairFlow(QObject):
    """Runs repair undo/restore requests against the workspace, one after another."""

    article_changed = Signal(object)  # the Article as stored after the change
    failed = Signal(str)

    def __init__(self, workspace, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner

    def undo(self, article_id: str, repair_id: str) -> None:
        """Reject one heuristic repair: the article shows its original text there."""
        workspace = self.workspace
        self._run(lambda: workspace.set_repair_rejected(article_id, repair_id, True))

    def restore_all(self, article_id: str) -> None:
        """Put back every repair of the article that was undone."""
        workspace = self.workspace

        def restore() -> Article:
            article = workspace.article(article_id)
            for repair_id in list(article.rejected_repairs):
                article = workspace.set_repair_rejected(article_id, repair_id, False)
            return article

        self._run(restore)

    def _run(self, change) -> None:
        self.runner.start(
            lambda _progress, _cancelled: change(),
            on_result=self.article_changed.emit,
            on_error=self.failed.emit,
            name="repairs",
        )
