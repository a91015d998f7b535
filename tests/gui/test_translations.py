"""Translations: the German .ts is complete and compiled, and a German locale shows German menus."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from briefing_app import paths
from briefing_app.core.settings import Settings
from briefing_app.gui import translations
from tests.gui.languages import language
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "briefing_de.ts"
QM = ROOT / "resources" / "i18n" / "briefing_de.qm"
PLACEHOLDER = re.compile(r"\{\w*\}|%\d|%L?n")


def qt_tool(name: str) -> str:
    """Path of a PySide6 command-line tool installed next to this Python (skip when absent)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def messages(ts_path: Path):
    """(context, source, [translations], numerus) for every message of a .ts file."""
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            unfinished = translation.get("type") in ("unfinished", "vanished", "obsolete")
            yield name, message.findtext("source"), forms, unfinished


@pytest.fixture
def german(qapp):
    """Briefing's and Qt's German translations installed for one test, removed after it."""
    with language(qapp, "de") as loaded:
        yield loaded


def test_german_ts_is_complete():
    """Every message has a finished, non-empty German translation."""
    found = list(messages(TS))
    assert len(found) > 100
    missing = [(c, s) for c, s, forms, unfinished in found if unfinished or not all(forms)]
    assert not missing, f"untranslated: {missing[:10]}"


def test_translations_keep_placeholders_and_accelerators():
    """A translation keeps the source's {0}/%1/%n placeholders and its & accelerator."""
    for context, source, forms, _ in messages(TS):
        for text in forms:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                context,
                source,
            )
            assert ("&" in text) == ("&" in source.replace("&&", "")), (context, source)


def test_ts_covers_every_gui_string(tmp_path):
    """lupdate finds no GUI string the .ts lacks (run scripts/update-translations.sh, then translate)."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    lupdate = qt_tool("pyside6-lupdate")
    subprocess.run(
        [lupdate, "-extensions", "py", "-locations", "none", "-no-obsolete"]
        + [str(ROOT / "briefing_app" / "gui"), "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    new = [(c, s) for c, s, forms, unfinished in messages(copy) if unfinished]
    assert not new, f"GUI strings missing from {TS.name}: {new[:10]}"


def test_qm_is_compiled_from_current_ts(tmp_path):
    """The committed .qm is exactly what lrelease makes of the committed .ts."""
    lrelease = qt_tool("pyside6-lrelease")
    fresh = tmp_path / QM.name
    subprocess.run(
        [lrelease, "-nounfinished", "-removeidentical", str(TS), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == QM.read_bytes(), "run scripts/update-translations.sh release"


def test_qm_is_where_the_app_looks():
    """The app finds the compiled German file under its resources folder."""
    assert (paths.resources_dir() / "i18n" / QM.name).is_file()


def test_german_locale_translates_main_menu(qtbot, workspace, popups, german):  # noqa: F811
    """With the German locale the menu bar reads Datei / Bearbeiten / Ansicht / Hilfe."""
    assert german, "no translation was loaded"
    window = make_window(qtbot, workspace)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:3] == ["&Datei", "&Bearbeiten", "&Ansicht"]
    assert titles[-1] == "&Hilfe"
    assert window.actions["settings"].text() == "&Einstellungen …"
    assert window.search_dock.windowTitle() == "Suche"
    close_window(window)


def test_english_is_the_source_language(qtbot, workspace, popups, qapp):  # noqa: F811
    """Without a translation loaded, the menus show the English source texts."""
    with language(qapp, "en"):
        window = make_window(qtbot, workspace)
        assert window.menuBar().actions()[0].text() == "&File"
        close_window(window)


def test_class_context_falls_back_to_module_strings(german):
    """Strings lupdate filed under the empty context are found from their class context."""
    assert QCoreApplication.translate("MainWindow", "&Edit") == "&Bearbeiten"
    assert QCoreApplication.translate("ClaimsModel", "Cited sources") == "Zitierte Quellen"
    assert QCoreApplication.translate("MainWindow", "no such text") == "no such text"


def test_environment_overrides_setting(monkeypatch):
    """BRIEFING_LANG wins over the Language setting, which wins over the system locale."""
    settings = Settings(language="en")
    monkeypatch.setenv(translations.LANG_ENV, "de_AT")
    assert translations.chosen_locale(settings).name() == "de_AT"
    monkeypatch.delenv(translations.LANG_ENV)
    assert translations.chosen_locale(settings).language() == QLocale.Language.English
    assert translations.chosen_locale(Settings()).name() == QLocale.system().name()


def test_language_setting_read_from_file(monkeypatch):
    """The saved Language setting is used when no settings object is passed."""
    monkeypatch.delenv(translations.LANG_ENV, raising=False)
    settings = Settings.load()
    settings.language = "de"
    settings.save()
    assert translations.chosen_locale().language() == QLocale.Language.German
