"""File ▸ Export…: choose a format, an output file and the evidence appendix, then export.

DOCX, ODT, HTML and Markdown come from the core exporter (pandoc for the word-processor
formats) and run off the GUI thread; PDF is drawn by Qt. The dialog stays responsive and
reports success or a plain-language error in place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_exporting import FORMATS, export_brief
from briefing_app.gui.workers import TaskRunner


class ExportDialog(QDialog):
    """Collects the export choices and runs the export in the background."""

    exported = Signal(str)  # the written file
    export_failed = Signal(str)

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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._browse)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

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
    def start_export(self) -> None:
        """Validate the choices and run the export (PDF on the GUI thread, the rest in the pool)."""
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

    def _succeed(self, path) -> None:
        self._set_busy(False)
        self.message.setText(self.tr("Exported to %1").replace("%1", str(path)))
        self.exported.emit(str(path))
        self.accept()

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

    def __init__(self, workspace, text, fmt, path, evidence, settings, source):
        self.args = (workspace, text, fmt, path, evidence, settings, source)

    def __call__(self) -> Path:
        workspace, text, fmt, path, evidence, settings, source = self.args
        return export_brief(
            workspace, text, fmt, path, evidence=evidence, settings=settings, source=source
        )
