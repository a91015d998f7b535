"""The Settings dialog: a form over `core.settings.Settings`, applied to the open window.

The dialog edits a copy of the values and writes them only on OK, through `Settings.save()`,
which keeps just the values that differ from the defaults. "Restore Defaults" fills the form
with the defaults; nothing is written until OK.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from briefing_app import paths
from briefing_app.core.errors import BriefingError, LibraryError
from briefing_app.core.settings import Settings
from briefing_app.core.team import connection
from briefing_app.core.team.connection import is_team_location

log = logging.getLogger(__name__)

# The settings this dialog edits (the rest, such as window layout, are kept by the window).
EDITED = (
    "library_dir",
    "locator_style",
    "access_dates",
    "ibid",
    "theme",
    "language",
    "editor_font",
    "editor_font_size",
)
# Settings that take effect when Briefing next starts.
NEEDS_RESTART = ("library_dir", "language")


class SettingsDialog(QDialog):
    """Library, citations, editing and appearance settings; OK saves the changed ones."""

    settings_changed = Signal(list)  # names of the settings that changed (saved already)

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self._build_ui()
        self.set_values({name: getattr(settings, name) for name in EDITED})

    # -- building ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._library_group())
        layout.addWidget(self._citation_group())
        layout.addWidget(self._editor_group())
        layout.addWidget(self._appearance_group())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout.addWidget(self.buttons)

    def _library_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Library"), self)
        form = QFormLayout(box)
        self.library_edit = QLineEdit(box)
        self.library_edit.setObjectName("libraryEdit")
        self.library_edit.setPlaceholderText(str(paths.default_library_dir()))
        self.library_edit.setClearButtonEnabled(True)
        browse = QPushButton(self.tr("&Browse…"), box)
        browse.clicked.connect(self._browse_library)
        row = QHBoxLayout()
        row.addWidget(self.library_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("&Folder:"), row)
        form.labelForField(row).setBuddy(self.library_edit)
        note = self.tr("Leave empty for the default folder. A change applies at the next start.")
        self.library_edit.setToolTip(note)
        return box

    def _citation_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Citations"), self)
        form = QFormLayout(box)
        self.locator_combo = QComboBox(box)
        self.locator_combo.setObjectName("locatorCombo")
        self.locator_combo.addItem(self.tr("Pilcrow (¶ 2)"), "pilcrow")
        self.locator_combo.addItem(self.tr("Abbreviation (para. 2)"), "para")
        form.addRow(self.tr("Paragraph &locator:"), self.locator_combo)
        self.access_dates_check = QCheckBox(self.tr("Give &access dates for web articles"), box)
        self.ibid_check = QCheckBox(self.tr("Use “&Ibid.” for a repeated source"), box)
        form.addRow(self.access_dates_check)
        form.addRow(self.ibid_check)
        return box

    def _editor_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Editor"), self)
        form = QFormLayout(box)
        self.system_font_check = QCheckBox(self.tr("Use the system’s &fixed-width font"), box)
        self.font_combo = QFontComboBox(box)
        self.font_combo.setObjectName("fontCombo")
        self.system_font_check.toggled.connect(lambda on: self.font_combo.setEnabled(not on))
        self.font_size_spin = QSpinBox(box)
        self.font_size_spin.setRange(6, 72)
        self.font_size_spin.setSuffix(self.tr(" pt"))
        form.addRow(self.system_font_check)
        form.addRow(self.tr("F&ont:"), self.font_combo)
        form.addRow(self.tr("Font &size:"), self.font_size_spin)
        return box

    def _appearance_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Appearance"), self)
        form = QFormLayout(box)
        self.theme_combo = QComboBox(box)
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.addItem(self.tr("Follow the system"), "system")
        self.theme_combo.addItem(self.tr("Light"), "light")
        self.theme_combo.addItem(self.tr("Dark"), "dark")
        form.addRow(self.tr("Colour &scheme:"), self.theme_combo)
        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("Follow the system"), "")
        # Language names stay in their own language, so a user can find theirs.
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("Deutsch", "de")
        self.language_combo.setToolTip(self.tr("A change applies at the next start."))
        form.addRow(self.tr("&Language:"), self.language_combo)
        return box

    # -- values --------------------------------------------------------------------------------
    def values(self) -> dict:
        """The settings as the form shows them."""
        return {
            "library_dir": self.library_edit.text().strip(),
            "locator_style": self.locator_combo.currentData(),
            "access_dates": self.access_dates_check.isChecked(),
            "ibid": self.ibid_check.isChecked(),
            "theme": self.theme_combo.currentData(),
            "language": self.language_combo.currentData(),
            "editor_font": ""
            if self.system_font_check.isChecked()
            else self.font_combo.currentFont().family(),
            "editor_font_size": self.font_size_spin.value(),
        }

    def set_values(self, values: dict) -> None:
        """Show `values` (keys as in `EDITED`) in the form."""
        self.library_edit.setText(values["library_dir"])
        _select_data(self.locator_combo, values["locator_style"])
        self.access_dates_check.setChecked(values["access_dates"])
        self.ibid_check.setChecked(values["ibid"])
        _select_data(self.theme_combo, values["theme"])
        _select_data(self.language_combo, values["language"])
        family = values["editor_font"]
        self.system_font_check.setChecked(not family)
        self.font_combo.setEnabled(bool(family))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.font_combo.setCurrentFont(QFont(family) if family else fixed)
        self.font_size_spin.setValue(values["editor_font_size"])

    def restore_defaults(self) -> None:
        """Fill the form with the default values (saved only on OK)."""
        defaults = Settings()
        self.set_values({name: getattr(defaults, name) for name in EDITED})

    def _browse_library(self) -> None:
        start = self.library_edit.text() or str(paths.default_library_dir().parent)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Library Folder"), start)
        if folder:
            self.library_edit.setText(folder)

    # -- saving --------------------------------------------------------------------------------
    def problem(self) -> str:
        """Why the form's values cannot be used, or "" when they can."""
        folder = self.library_edit.text().strip()
        if is_team_location(folder):
            try:
                connection.parse(folder)  # a password is never kept in the settings
            except LibraryError as exc:
                return str(exc)
            return ""
        if folder and Path(folder).expanduser().exists() and not Path(folder).expanduser().is_dir():
            return self.tr("The library location “{0}” is a file, not a folder.").format(folder)
        return ""

    def accept(self) -> None:  # Qt override: save, tell the window, then close
        problem = self.problem()
        if problem:
            self.show_error(self.tr("Settings not saved"), problem)
            return
        previous = {name: getattr(self.settings, name) for name in EDITED}
        self.settings.update(self.values())
        changed = [name for name in EDITED if getattr(self.settings, name) != previous[name]]
        if changed:
            try:
                self.settings.save()
            except BriefingError as exc:
                self.show_error(self.tr("Settings not saved"), str(exc))
                return
            self.settings_changed.emit(changed)
        super().accept()

    def show_error(self, title: str, message: str) -> None:
        """Tell the user why the settings were not saved (patched out in tests)."""
        QMessageBox.warning(self, title, message)


def _select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def apply_to_window(window, changed: list[str]) -> None:
    """Make saved changes visible in an open main window at once, where they can be."""
    if "theme" in changed:
        for action in window.theme_group.actions():
            action.setChecked(action.data() == window.settings.theme)
        window.theme_requested.emit(window.settings.theme)
    for brief in window.briefs():
        brief.apply_settings()  # editor font, citation style
        brief.preview.render_now(brief.text())  # citation style
    later = [name for name in changed if name in NEEDS_RESTART]
    if later:
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "SettingsDialog", "Some settings take effect when Briefing next starts."
            ),
            8000,
        )


def open_settings(window) -> SettingsDialog:
    """Show the Settings dialog for `window` (modal); its changes apply when it is accepted."""
    dialog = SettingsDialog(window.settings, window)
    dialog.settings_changed.connect(lambda changed: apply_to_window(window, changed))
    dialog.open()
    return dialog
