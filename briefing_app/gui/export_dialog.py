"""File ▸ Export…: choose a format, an output file and the evidence appendix, then export.

DOCX, ODT, HTML and Markdown come from the core exporter (pandoc for the word-processor
formats) and run off the GUI thread; PDF is drawn by Qt. The dialog stays responsive and
reports success (where the file went, with a button to open its folder) or a plain-language
error in place. Quotations are checked first: when any is not verified nothing is written,
the failures are listed, and the user can open the check panel or export anyway (the evidence
appendix then marks each unverified quotation).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.brief.gate import UnverifiedQuotations, failure_line
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_exporting import FORMATS, export_brief
from briefing_app.gui.workers import TaskRunner


class ExportDialog(QDialog):
    """Collects the export choices and runs the export in the background."""

    exported = Signal(str)  # the written file
    export_failed = Signal(str)
    check_requested = Signal()  # the user wants the check panel for the failing quotations

    def __init__(
        self,
        workspace,
        text: str,
        brief_path: Path | None,
        parent: QWidget | None = None,
        settings: Settings | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export brief"))
        self.workspace = workspace
        self.text = text
        self.brief_path = brief_path
        self.settings = settings
        self.runner = TaskRunner(self, max_threads=1)
        self.last_error = ""
        self.written: Path | None = None
        self._allow_unverified = False
        self._build_ui()
        self._connect_signals()
        self._suggest_path()

    def _build_ui(self) -> None:
        self.format_box = QComboBox(self)
        for code, label in FORMATS.items():
            self.format_box.addItem(self.tr(label), code)
        self.format_box.setAccessibleName(self.tr("Export format"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("Output file"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.setToolTip(self.tr("Choose where to write the exported file"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.evidence_box = QCheckBox(self.tr("Add an evidence appendix"), self)
        self.evidence_box.setToolTip(
            self.tr(
                "For each quotation: its source, paragraph, access date and the SHA-256 "
                "of the archived original"
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.tr("Save to:"), path_row)
        form.addRow("", self.evidence_box)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: pandoc reports no progress
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.failure_list = QListWidget(self)
        self.failure_list.setAccessibleName(self.tr("Quotations that are not verified"))
        self.failure_list.hide()
        self.check_button = QPushButton(self.tr("Show in Check Panel"), self)
        self.check_button.setToolTip(self.tr("Close this dialog and list every quotation's check"))
        self.anyway_button = QPushButton(self.tr("Export Anyway"), self)
        self.anyway_button.setToolTip(
            self.tr("Export with the evidence appendix marking each unverified quotation")
        )
        self.folder_button = QPushButton(self.tr("Open Folder"), self)
        self.folder_button.setToolTip(self.tr("Show the folder the file was written to"))
        actions = QHBoxLayout()
        for button in (self.check_button, self.anyway_button, self.folder_button):
            button.hide()
            actions.addWidget(button)
        actions.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.failure_list, 1)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._browse)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self._show_check_panel)
        self.anyway_button.clicked.connect(self.export_anyway)
        self.folder_button.clicked.connect(self._open_folder)

    # -- choices -----------------------------------------------------------------------------
    def fmt(self) -> str:
        return self.format_box.currentData()

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_choice(self, fmt: str, path: Path, evidence: bool = False) -> None:
        """Preset the format, the output file and the appendix option."""
        index = self.format_box.findData(fmt)
        if index < 0:
            raise ValueError(f"unknown export format {fmt!r}")
        self.format_box.setCurrentIndex(index)
        self.path_edit.setText(str(path))
        self.evidence_box.setChecked(evidence)

    def _suggest_path(self) -> None:
        stem = self.brief_path.with_suffix("") if self.brief_path else Path.home() / "brief"
        self.path_edit.setText(f"{stem}.{self.fmt()}")

    def _on_format_changed(self, _index: int) -> None:
        path = self.output_path()
        if path is not None:
            self.path_edit.setText(str(path.with_suffix("." + self.fmt())))

    def _browse(self) -> None:
        path = self._ask_path()
        if path:
            self.path_edit.setText(path)

    def _ask_path(self) -> str:
        """Ask for the output file (patched out in tests)."""
        label = FORMATS[self.fmt()]
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path_edit.text(), f"{label} (*.{self.fmt()})"
        )
        return path

    # -- running --------------------------------------------------------------------------------
    def export_anyway(self) -> None:
        """Export although quotations are not verified (the evidence appendix marks them)."""
        self._allow_unverified = True
        self.start_export()

    def start_export(self) -> None:
        """Validate the choices and run the export (PDF on the GUI thread, the rest in the pool)."""
        self._reset_outcome()
        path = self.output_path()
        if path is None:
            self._fail(self.tr("Choose a file to export to."))
            return
        if path.suffix.lower() != "." + self.fmt():
            path = path.with_suffix(path.suffix + "." + self.fmt())
        self._set_busy(True)
        job = _ExportJob(
            self.workspace,
            self.text,
            self.fmt(),
            path,
            self.evidence_box.isChecked(),
            self.settings,
            self.brief_path,
            self._allow_unverified,
        )
        if self.fmt() == "pdf":  # Qt painting objects belong to the GUI thread
            try:
                self._succeed(job())
            except Exception as exc:  # shown in the dialog; the app keeps running
                self._fail(str(exc))
            return
        self.runner.start(
            lambda _progress, _cancelled: job(),
            on_result=self._succeed,
            on_error=self._fail,
            name="export brief",
        )

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        self.message.setText(self.tr("Exporting…") if busy else "")

    def _reset_outcome(self) -> None:
        self.failure_list.clear()
        for widget in (
            self.failure_list,
            self.check_button,
            self.anyway_button,
            self.folder_button,
        ):
            widget.hide()

    def _succeed(self, outcome) -> None:
        self._set_busy(False)
        if isinstance(outcome, UnverifiedQuotations):
            self._refused(outcome)
            return
        self.written = Path(outcome)
        self.message.setText(self.tr("Exported to %1").replace("%1", str(outcome)))
        self.folder_button.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.exported.emit(str(outcome))

    def _refused(self, refusal: UnverifiedQuotations) -> None:
        """Nothing was written: list the failing quotations and offer the way on."""
        count = len(refusal.failures)
        self.last_error = str(refusal)
        self.message.setText(self.tr("Not exported: %Ln quotation(s) are not verified.", "", count))
        self.failure_list.addItems([failure_line(check) for check in refusal.failures])
        for widget in (self.failure_list, self.check_button, self.anyway_button):
            widget.show()
        self.export_failed.emit(self.last_error)

    def _show_check_panel(self) -> None:
        self.check_requested.emit()
        self.reject()

    def _open_folder(self) -> None:
        """Open the folder of the written file in the desktop's file manager."""
        if self.written is not None:
            self._open_url(QUrl.fromLocalFile(str(self.written.parent)))

    def _open_url(self, url: QUrl) -> None:
        """Hand a URL to the desktop (patched out in tests)."""
        QDesktopServices.openUrl(url)

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self.last_error = message
        self.message.setText(self.tr("The export failed: %1").replace("%1", message))
        self.export_failed.emit(message)

    def wait(self, msecs: int = 60000) -> bool:
        """Block until a running export is done (tests)."""
        return self.runner.wait(msecs)


class _ExportJob:
    """Everything an export needs, captured so it can run on another thread."""

    def __init__(self, workspace, text, fmt, path, evidence, settings, source, allow_unverified):
        self.args = (workspace, text, fmt, path, evidence, settings, source, allow_unverified)

    def __call__(self) -> Path | UnverifiedQuotations:
        """The written file, or the refusal (a result to show, not an error to report)."""
        workspace, text, fmt, path, evidence, settings, source, allow = self.args
        try:
            return export_brief(
                workspace,
                text,
                fmt,
                path,
                evidence=evidence,
                settings=settings,
                source=source,
                allow_unverified=allow,
            )
        except UnverifiedQuotations as refusal:
            return refusal
