"""Edit ▸ Article Metadata…: correct an article's metadata, the extracted value shown beside.

The form validates as the user types (core/overrides.py decides what is valid, so the window
and `briefing edit` accept the same values); OK stays disabled while a field is invalid. The
dialog only collects the changes: the window stores them through `Workspace.userdata`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import overrides
from briefing_app.core.article import Article


def tr(text: str) -> str:
    return QCoreApplication.translate("MetadataDialog", text)


def _labels() -> dict[str, str]:
    return {
        "title": tr("&Title:"),
        "authors": tr("&Authors:"),
        "publisher": tr("&Publisher:"),
        "series": tr("&Series:"),
        "volume": tr("&Volume:"),
        "issue": tr("&Issue:"),
        "published": tr("&Date:"),
        "url": tr("&URL:"),
        "type": tr("T&ype:"),
        "language": tr("&Language:"),
    }


def _shown(value: Any) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value or "")


class MetadataDialog(QDialog):
    """One row per field: label, the corrected value (editable), the extracted value, reset."""

    def __init__(self, article: Article, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("metadataDialog")
        self.setWindowTitle(self.tr("Article Metadata — {0}").format(article.key))
        self.article = article
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, str] = {}
        self._extracted = {s.name: s.extracted for s in overrides.field_states(article)}
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Corrections are kept when the article is imported again. The value the "
                "importer found is shown on the right."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        header = QLabel(self.tr("Extracted"))
        header.setEnabled(False)
        grid.addWidget(header, 0, 2)
        labels = _labels()
        for row, state in enumerate(overrides.field_states(article), 1):
            editor = self._editor_for(state.name, state.value)
            label = QLabel(labels[state.name])
            label.setBuddy(editor)
            extracted = QLabel(_shown(state.extracted) or "—")
            extracted.setObjectName(f"extracted_{state.name}")
            extracted.setEnabled(False)  # drawn muted: it is the reference, not the value
            extracted.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            extracted.setWordWrap(True)
            reset = QToolButton()
            reset.setObjectName(f"reset_{state.name}")
            reset.setText(self.tr("Reset"))
            reset.setToolTip(self.tr("Use the extracted value again"))
            reset.setAccessibleName(
                self.tr("Reset {0}").format(labels[state.name].replace("&", ""))
            )
            reset.clicked.connect(lambda _c=False, n=state.name: self.reset(n))
            grid.addWidget(label, row, 0)
            grid.addWidget(editor, row, 1)
            grid.addWidget(extracted, row, 2)
            grid.addWidget(reset, row, 3)
            self.editors[state.name] = editor
        layout.addLayout(grid)
        self.error_label = QLabel()
        self.error_label.setObjectName("metadataError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error_label)
        self.rekey_box = QCheckBox(
            self.tr(
                "Make the citation key from the corrected metadata (the old key {0} keeps working)"
            ).format(article.key)
        )
        self.rekey_box.setObjectName("rekeyBox")
        layout.addWidget(self.rekey_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, self.sizeHint().height())
        self.validate()

    def _editor_for(self, name: str, value: Any) -> QLineEdit | QComboBox:
        if name == "type":
            combo = QComboBox()
            combo.addItem(self.tr("(derived from the other fields)"), "")
            for kind in overrides.TYPES:
                combo.addItem(kind, kind)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(self.validate)
            combo.setObjectName("edit_type")
            return combo
        edit = QLineEdit(_shown(value))
        edit.setObjectName(f"edit_{name}")
        if name == "published":
            edit.setPlaceholderText(self.tr("YYYY-MM-DD, YYYY-MM or YYYY"))
        elif name == "authors":
            edit.setPlaceholderText(self.tr("Separate names with ;"))
        edit.textChanged.connect(self.validate)
        return edit

    def _text(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return editor.text()

    def reset(self, name: str) -> None:
        editor = self.editors[name]
        value = self._extracted[name]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText(_shown(value))

    def validate(self) -> bool:
        """Check every field; mark the invalid ones and disable OK while any is."""
        self.errors = {}
        for name, editor in self.editors.items():
            try:
                overrides.normalise(name, self._text(name))
            except overrides.InvalidValue as exc:
                self.errors[name] = str(exc)
            invalid = name in self.errors
            self._mark_corrected(name, editor, invalid)
            editor.setProperty("invalid", invalid)
            editor.setStyleSheet("border: 1px solid #c0392b;" if invalid else "")
            editor.setToolTip(self.errors.get(name, ""))
        self.error_label.setText("\n".join(self.errors.values()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.errors)
        return not self.errors

    def _mark_corrected(self, name: str, editor, invalid: bool) -> None:
        """A value that differs from the extracted one is shown in bold: it is a correction."""
        corrected = False
        if not invalid:
            corrected = overrides.normalise(name, self._text(name)) != self._extracted[name]
        font = editor.font()
        font.setBold(corrected)
        editor.setFont(font)
        editor.setProperty("corrected", corrected)

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the article's current (effective) one."""
        out = {}
        for name in self.editors:
            value = overrides.normalise(name, self._text(name))
            if value != getattr(self.article.metadata, name):
                out[name] = value
        return out

    def rekey(self) -> bool:
        return self.rekey_box.isChecked()

    def fill(self, changes: dict[str, Any], rekey: bool) -> None:
        """Put back values typed before (a save that was refused), as `changes()` gave them."""
        for name, value in changes.items():
            editor = self.editors[name]
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            else:
                editor.setText(_shown(value))
        self.rekey_box.setChecked(rekey)
        self.validate()
