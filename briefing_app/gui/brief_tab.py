"""The brief editor tab: Markdown source and live preview side by side, with safe saving.

The tab owns one brief file. It never overwrites a file that changed on disk (it asks with a
bar: keep / reload / compare), journals unsaved text to the recovery store, inserts exact
quotations with their citations as single undo steps, and checks quotations in the
background so the editor can underline the ones that do not hold.
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from briefing_app.core.brief.storage import BriefFile
from briefing_app.core.errors import BriefingError, SaveConflict
from briefing_app.core.recovery import RecoveryEntry, RecoveryStore
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_checking import BriefChecker
from briefing_app.gui.brief_journal import BriefJournal
from briefing_app.gui.brief_rendering import make_renderer, preview_css
from briefing_app.gui.check_panel import CheckPanel
from briefing_app.gui.diff_dialog import DiffDialog, unified_diff
from briefing_app.gui.disk_change_bar import DiskChangeBar
from briefing_app.gui.editor import BriefEditor, from_utf16, to_utf16
from briefing_app.gui.editor_find_bar import EditorFindBar
from briefing_app.gui.preview import BriefPreview

log = logging.getLogger(__name__)

DISK_POLL_MS = 2000  # a watcher loses track of a file replaced by rename; polling catches it


def new_brief_text(today: _dt.date | None = None) -> str:
    """The front matter an untitled brief starts with."""
    day = (today or _dt.date.today()).isoformat()
    return f"---\ntitle: Untitled brief\ndate: {day}\n---\n\n"


class BriefTab(QWidget):
    """One brief: editor + preview in a splitter, find bar, check panel, disk-change bar."""

    modified_changed = Signal(bool)
    title_changed = Signal(str)  # the display name (file name, or "Untitled brief")
    status_message = Signal(str)  # something worth a line in the status bar

    def __init__(self, workspace, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefTab")
        self.workspace = workspace
        self.settings = settings or Settings()
        self._file = BriefFile()
        self._force_next_save = False  # the user chose "keep my version" over a disk change
        self._checked_text = ""  # the text the check panel's results (and fixes) belong to
        self._diff_dialogs: list[DiffDialog] = []
        self._build_ui()
        self._connect_signals()
        self.apply_settings()
        self.new()

    # -- construction -----------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.editor = BriefEditor(self)
        self.preview = BriefPreview(make_renderer(self.workspace, self.settings), self)
        self.preview.set_style_sheet(preview_css(self.palette()))
        self.find_bar = EditorFindBar(self.editor, self)
        self.disk_bar = DiskChangeBar(self)
        self.check_panel = CheckPanel(self)
        self.check_panel.hide()
        editor_side = QWidget(self)
        side_layout = QVBoxLayout(editor_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.editor, 1)
        side_layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("briefSplitter")
        self.splitter.addWidget(editor_side)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1, 1])
        self.vertical = QSplitter(Qt.Orientation.Vertical, self)
        self.vertical.addWidget(self.splitter)
        self.vertical.addWidget(self.check_panel)
        self.vertical.setStretchFactor(0, 4)
        self.vertical.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.disk_bar)
        layout.addWidget(self.vertical, 1)
        self.journal = BriefJournal(self.editor, self._journal_info, self.text, RecoveryStore())
        self.checker = BriefChecker(self.workspace, self)
        self._watcher = QFileSystemWatcher(self)
        self._disk_timer = QTimer(self)
        self._disk_timer.setInterval(DISK_POLL_MS)

    def _connect_signals(self) -> None:
        self.editor.document().modificationChanged.connect(self._on_modification_changed)
        self.editor.document().contentsChanged.connect(self._on_text_changed)
        self.editor.quotation_dropped.connect(self.insert_quotation)
        self.disk_bar.keep_requested.connect(self.keep_my_version)
        self.disk_bar.reload_requested.connect(self.reload_from_disk)
        self.disk_bar.compare_requested.connect(self.compare_with_disk)
        self.check_panel.line_activated.connect(self.editor.go_to_line)
        self.check_panel.recheck_requested.connect(self.check_quotations)
        self.check_panel.fix_requested.connect(self.apply_fix)
        self.checker.checked.connect(self._on_checked)
        self.checker.failed.connect(self.check_panel.show_error)
        self.journal.journal_failed.connect(self._on_journal_failed)
        self.preview.render_failed.connect(self._on_render_failed)
        self._watcher.fileChanged.connect(self._on_file_event)
        self._disk_timer.timeout.connect(self._recheck_disk)
        self._disk_timer.start()

    def apply_settings(self) -> None:
        """Take the editor font and the citation style from the settings."""
        self.editor.set_editor_font(self.settings.editor_font, self.settings.editor_font_size)
        self.preview.schedule(self.text())  # the renderer reads the citation options each time

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.preview.set_style_sheet(preview_css(self.palette()))

    # -- identity -----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The brief's file, or None while it is untitled."""
        return self._file.path

    def display_name(self) -> str:
        """The file name, or "Untitled brief"."""
        return self.path.name if self.path else self.tr("Untitled brief")

    def is_modified(self) -> bool:
        """True when the editor holds changes that are not on disk."""
        return self.editor.document().isModified()

    def text(self) -> str:
        """The brief's Markdown source as it stands in the editor."""
        return self.editor.plain_text()

    # -- new / open -----------------------------------------------------------------------------
    def new(self) -> None:
        """Start a fresh untitled brief."""
        self._adopt(BriefFile(), new_brief_text())
        self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def open(self, path: Path | str) -> bool:
        """Open a brief from disk; False (with a message) when it cannot be read."""
        try:
            brief = BriefFile.open(path)
        except BriefingError as exc:
            self._show_error(self.tr("Could not open the brief"), str(exc))
            return False
        self._adopt(brief, brief.text)
        return True

    def _adopt(self, brief: BriefFile, text: str) -> None:
        """Make `brief` the tab's file with `text` in the editor, unmodified."""
        self.journal.renew()
        self._file = brief
        self._force_next_save = False
        self.disk_bar.hide()
        self.editor.setPlainText(text)  # also clears the undo history
        self.editor.document().setModified(False)
        self.editor.set_flags([])
        self.check_panel.clear()
        self._watch()
        self.preview.set_base_dir(brief.path.parent if brief.path else None)
        self.preview.render_now(text)
        self.title_changed.emit(self.display_name())
        self.modified_changed.emit(False)

    def _watch(self) -> None:
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        if self.path is not None and self.path.exists():
            self._watcher.addPath(str(self.path))

    # -- save -------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save to the brief's file (asking for a name when untitled); False if not saved."""
        if self.path is None:
            target = self._ask_save_path()
            return self.save_as(target) if target else False
        try:
            self._file.save(self.text(), force=self._force_next_save)
        except SaveConflict as exc:
            self._show_disk_bar()
            self._show_error(self.tr("The brief was not saved"), str(exc))
            return False
        except BriefingError as exc:
            self._show_error(self.tr("The brief was not saved"), str(exc))
            return False
        self._after_save()
        return True

    def save_as(self, path: Path | str) -> bool:
        """Save under a new name and keep editing that file; False if not saved."""
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".md")
        try:
            self._file.save_as(target, self.text())
        except BriefingError as exc:
            self._show_error(self.tr("The brief was not saved"), str(exc))
            return False
        self._after_save()
        self.preview.set_base_dir(self._file.path.parent)
        self.title_changed.emit(self.display_name())
        return True

    def _after_save(self) -> None:
        self._force_next_save = False
        self.disk_bar.hide()
        self.editor.document().setModified(False)
        self.journal.discard()
        self._watch()
        self.status_message.emit(self.tr("Saved %1").replace("%1", str(self.path)))

    def _ask_save_path(self) -> str:
        """Ask for a file name (patched out in tests)."""
        start = str(Path.home() / "brief.md")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save brief as"), start, self.tr("Markdown briefs (*.md);;All files (*)")
        )
        return path

    def _show_error(self, title: str, message: str) -> None:
        """Tell the user something failed (patched out in tests)."""
        QMessageBox.warning(self, title, message)

    # -- external changes ---------------------------------------------------------------------
    def _on_file_event(self, _path: str) -> None:
        # Let a rename-over settle before looking; the context object ties the call to this tab.
        QTimer.singleShot(100, self, self._recheck_disk)

    def _recheck_disk(self) -> None:
        self.check_disk()  # a slot returning nothing: PySide mishandles bools from timer callables

    def check_disk(self) -> bool:
        """Show the keep/reload/compare bar if the file changed on disk; True if it did."""
        if self.path is None or self._force_next_save or self.disk_bar.isVisible():
            return self.disk_bar.isVisible()
        if not self._file.changed_on_disk():
            return False
        self._show_disk_bar()
        return True

    def _show_disk_bar(self) -> None:
        self.disk_bar.show_changed(
            self.display_name(), deleted=self._file.deleted_on_disk(), unsaved=self.is_modified()
        )

    def keep_my_version(self) -> None:
        """Keep the editor's text; the next save replaces the changed file on purpose."""
        self._force_next_save = True
        self.disk_bar.hide()
        self.editor.document().setModified(True)

    def reload_from_disk(self) -> bool:
        """Replace the editor's text with the file on disk (one undoable step)."""
        try:
            text = self._file.reload()
        except BriefingError as exc:
            self._show_error(self.tr("Could not reload the brief"), str(exc))
            return False
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.editor.document().setModified(False)
        self._force_next_save = False
        self.disk_bar.hide()
        self.journal.discard()
        self._watch()
        return True

    def compare_with_disk(self) -> DiffDialog | None:
        """Open a window with the differences between the file on disk and the editor."""
        try:
            disk = self._file.disk_text()
        except BriefingError as exc:
            self._show_error(self.tr("Could not read the file on disk"), str(exc))
            return None
        diff = unified_diff(
            disk or "", self.text(), f"{self.display_name()} (on disk)", self.tr("your version")
        )
        dialog = DiffDialog(
            self.tr("Compare with the file on disk"),
            self.tr("Lines starting with “-” are only on disk; “+” only in your version."),
            diff,
            self,
        )
        self._diff_dialogs = [d for d in self._diff_dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    # -- editing ----------------------------------------------------------------------------------
    def insert_quotation(self, article_id: str, start: int, end: int) -> bool:
        """Insert the exact passage with its citation at the cursor, as one undo step."""
        from briefing_app.core.brief.quoting import quotation_markdown

        try:
            article = self.workspace.article(article_id)
            markdown = quotation_markdown(article, start, end)
        except BriefingError as exc:
            self._show_error(self.tr("Could not insert the quotation"), str(exc))
            return False
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.insertText(_fit_into_text(self.text(), cursor.position(), markdown))
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        return True

    def undo(self) -> None:
        self.editor.undo()

    def redo(self) -> None:
        self.editor.redo()

    def find(self) -> None:
        """Open the find bar."""
        self.find_bar.open_bar()

    def _on_modification_changed(self, modified: bool) -> None:
        self.modified_changed.emit(modified)

    def _on_text_changed(self) -> None:
        self.preview.schedule(self.text())
        self.checker.schedule(self.text())

    def _on_render_failed(self, message: str) -> None:
        self.status_message.emit(
            self.tr("The preview could not be rendered: %1").replace("%1", message)
        )

    def _on_journal_failed(self, message: str) -> None:
        self.status_message.emit(self.tr("Recovery copy not written: %1").replace("%1", message))

    # -- quotations ---------------------------------------------------------------------------------
    def check_quotations(self) -> None:
        """Check every quotation now and show the results in the panel."""
        if not self.check_panel.isVisible():
            total = max(1, sum(self.vertical.sizes()))
            panel = min(180, total // 3)
            self.check_panel.show()
            self.vertical.setSizes([total - panel, panel])
        self.check_panel.set_running()
        self.checker.check_now(self.text())

    def _on_checked(self, text: str, results: list) -> None:
        if text != self.text():
            return  # the brief changed while the check ran; a newer check is on its way
        self._checked_text = text
        self.editor.set_flags(self.checker.flags_for(text, results))
        self.check_panel.set_results(results)

    def apply_fix(self, fix) -> bool:
        """Apply a quick fix's edits as one undo step, then check again; False if stale."""
        if self.text() != self._checked_text:
            self.status_message.emit(self.tr("The brief changed since the check; checking again."))
            self.check_quotations()
            return False
        text = self.text()
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
            cursor.setPosition(to_utf16(text, edit.start))
            cursor.setPosition(to_utf16(text, edit.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(edit.text)
        cursor.endEditBlock()
        self.check_quotations()
        return True

    # -- export ---------------------------------------------------------------------------------------
    def export(self, fmt: str | None = None, path: Path | str | None = None):
        """Export the brief: with a format and path directly, otherwise through the dialog."""
        from briefing_app.gui.export_dialog import ExportDialog

        dialog = ExportDialog(self.workspace, self.text(), self.path, self, settings=self.settings)
        dialog.check_requested.connect(self.check_quotations)
        dialog.exported.connect(
            lambda written: self.status_message.emit(
                self.tr("Exported to %1").replace("%1", written)
            )
        )
        if fmt and path:
            dialog.set_choice(fmt, Path(path))
            dialog.start_export()
            return dialog
        dialog.open()
        return dialog

    # -- recovery --------------------------------------------------------------------------------------
    def _journal_info(self) -> tuple[Path | None, str | None]:
        return self._file.path, self._file.digest

    def journal_now(self) -> None:
        """Write the recovery copy now (the window is losing focus, or a test asks)."""
        self.journal.journal_now()

    def restore(self, entry: RecoveryEntry, store: RecoveryStore | None = None) -> bool:
        """Load a recovered text: open its file (if any) and put the recovered text in, unsaved."""
        if entry.path is not None and entry.path.exists():
            if not self.open(entry.path):
                return False
        else:
            self.new()
            if entry.path is not None:
                self._file = BriefFile(entry.path)  # the file is gone: saving recreates it
                self.title_changed.emit(self.display_name())
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(entry.text)
        cursor.endEditBlock()
        self.editor.document().setModified(True)
        # Journal the text under this tab before the old entry goes: if the journal cannot
        # be written, the old entry stays and is offered again.
        self.journal.journal_now()
        if self.journal.has_entry():
            (store or self.journal.store).discard(entry)
        return True

    def discard_recovery(self) -> None:
        """Forget the recovery copy (the user closed the brief on purpose)."""
        self.journal.discard()

    def shutdown(self) -> None:
        """Stop timers and background work before the tab is destroyed."""
        self._disk_timer.stop()
        self.journal.detach()
        self.checker.shutdown()


def _fit_into_text(text: str, position: int, markdown: str) -> str:
    """Pad a quotation so it joins the text around the cursor (a Qt position) as valid Markdown."""
    index = from_utf16(text, position)
    before, after = text[:index], text[index:]
    if markdown.endswith("\n"):  # a blockquote needs a blank line on either side
        if not before or before.endswith("\n\n"):
            lead = ""
        else:
            lead = "\n" if before.endswith("\n") else "\n\n"
        if not after:
            trail = "\n"
        elif after.startswith("\n\n"):
            trail = ""
        else:
            trail = "\n" if after.startswith("\n") else "\n\n"
        return lead + markdown.rstrip("\n") + trail
    lead = " " if before and not before[-1].isspace() and before[-1] not in "([{" else ""
    trail = " " if after and after[0].isalnum() else ""
    return lead + markdown + trail
