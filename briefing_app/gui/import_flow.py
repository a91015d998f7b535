"""Importing from the window: a background task with a cancellable progress dialog.

The import itself is the core importer, which commits article by article and indexes in
batches, so a cancel keeps what was imported so far. The dialog is window-modal but the
event loop keeps running: the window repaints and the cancel button answers at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from briefing_app.gui.numbers import count_text
from briefing_app.gui.workers import Task, TaskRunner

MAX_LISTED_FAILURES = 15


class ImportFlow(QObject):
    """Runs one import at a time for the main window and reports what happened."""

    finished = Signal(list)  # the ImportResults (also after a cancel)
    progressed = Signal(int, int, str)

    def __init__(self, workspace, runner: TaskRunner, window: QMainWindow):
        super().__init__(window)
        self.workspace = workspace
        self.runner = runner
        self.window = window
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None

    def busy(self) -> bool:
        return self.task is not None

    def start(self, paths: list[str]) -> bool:
        """Import `paths` in the background; False when an import is already running."""
        if self.task is not None:
            self.window.statusBar().showMessage(self.tr("An import is already running."), 5000)
            return False
        self.dialog = self._make_dialog()
        workspace = self.workspace
        self.task = self.runner.start(
            lambda progress, cancelled: workspace.import_paths(
                paths, progress=progress, cancelled=cancelled
            ),
            on_result=self._on_result,
            on_error=self._on_error,
            on_progress=self._on_progress,
            name="import",
        )
        self.dialog.canceled.connect(self.task.cancel)
        self.dialog.show()
        return True

    def _make_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(
            self.tr("Looking for articles…"), self.tr("Cancel"), 0, 0, self.window
        )
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle(self.tr("Importing"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        return dialog

    def cancel(self) -> None:
        """Stop the running import after the file in hand (what is done stays imported)."""
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        dialog = self.dialog  # setValue() of a modal dialog processes events: the import may end
        if dialog is not None and not dialog.wasCanceled():
            name = label if len(label) <= 60 else "…" + label[-59:]
            dialog.setLabelText(
                self.tr("Importing {0} of {1}\n{2}").format(
                    count_text(min(done + 1, total)), count_text(total), name
                )
            )
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)
        self.progressed.emit(done, total, label)

    def _close(self) -> bool:
        cancelled = self.task.is_cancelled() if self.task else False
        self.task = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        return cancelled

    def _on_result(self, results: list) -> None:
        cancelled = self._close()
        counts = {
            s: sum(r.status == s for r in results) for s in ("imported", "unchanged", "failed")
        }
        message = self.tr("{0} imported, {1} already in the library, {2} failed.").format(
            counts["imported"], counts["unchanged"], counts["failed"]
        )
        skipped = sum(r.status == "skipped" for r in results)
        if skipped:  # data, code, images beside the articles: named by `briefing import`
            message += " " + self.tr("{0} skipped (not articles).").format(skipped)
        if cancelled:
            message = self.tr("Import cancelled: ") + message
        self.window.statusBar().showMessage(message, 10000)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            self._report_failures(failed)
        self.finished.emit(list(results))

    def _on_error(self, message: str) -> None:
        self._close()
        self.show_message(self.tr("Import failed"), message)
        self.finished.emit([])

    def _report_failures(self, failed: list) -> None:
        lines = [f"• {r.path}: {r.error}" for r in failed[:MAX_LISTED_FAILURES]]
        if len(failed) > MAX_LISTED_FAILURES:
            lines.append(
                self.tr("… and {0} more").format(count_text(len(failed) - MAX_LISTED_FAILURES))
            )
        self.show_message(
            self.tr("Some files were not imported"),
            self.tr("These files were skipped; the rest were imported:")
            + "\n\n"
            + "\n".join(lines),
        )

    def show_message(self, title: str, text: str) -> None:
        """Tell the user (patched out in tests)."""
        QMessageBox.warning(self.window, title, text)
