"""Starting the desktop app: QApplication, translations, colour scheme, first run.

A first run (empty library) imports the bundled seed articles in the background, then
opens the seed article, its claims outline and a new untitled brief, so the window shows
something real from the first second.
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from briefing_app import APP_ID, APP_NAME, __version__, paths
from briefing_app.core.settings import Settings
from briefing_app.gui import translations
from briefing_app.gui.app_style import BriefingStyle

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    # Module-level strings: lupdate files them under the empty context (see translations.py).
    return QCoreApplication.translate("App", text)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName("org.briefingapp.Briefing")
    if not isinstance(app.style(), BriefingStyle):
        app.setStyle(BriefingStyle())  # Fusion everywhere; the palette below sets the scheme
    install_translations(app)
    return app


def install_translations(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load Qt's own and Briefing's translations for the locale, when they exist."""
    locale = locale or translations.chosen_locale()
    QLocale.setDefault(locale)  # numbers (counts: gui/numbers.py) are written as it writes them
    loaded = []
    sources = [
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("briefing", str(paths.resources_dir() / "i18n")),
    ]
    for name, folder in sources:
        translator = translations.ContextFallbackTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            loaded.append(translator)
    app.setProperty("briefing_translators", loaded)  # keep them alive with the app
    return loaded


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2d30"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f2023"),
        (roles.AlternateBase, "#26282b"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#33363a"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.ToolTipBase, "#3a3d41"),
        (roles.ToolTipText, "#f0f0f0"),
        (roles.Highlight, "#3d6fb4"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#7fb2ff"),
        (roles.PlaceholderText, "#9a9da3"),
        (roles.BrightText, "#ff6b6b"),
    ):
        p.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8085"))
    return p


def system_is_dark() -> bool:
    """True when the desktop asks for a dark scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> None:
    """Use the dark or the light palette ("system" follows the desktop)."""
    from briefing_app.gui import icons

    dark = theme == "dark" or (theme == "system" and system_is_dark())
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setProperty("briefing_dark", dark)
    icons.clear_cache()


def start(library: str | None = None, *, first_run_seed: bool = True):
    """Create the app and main window on `library`; returns (app, window)."""
    from briefing_app.core import startup
    from briefing_app.core.workspace import Workspace
    from briefing_app.gui.main_window import MainWindow

    app = create_application()
    settings = Settings.load()
    workspace = Workspace.try_writer(library or settings.library_dir or None)
    startup.tidy(workspace)
    startup.tidy_exports()
    apply_theme(app, settings.theme)
    window = MainWindow(workspace, settings)
    window.theme_requested.connect(lambda theme: _retheme(app, window, theme))
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: settings.theme == "system" and _retheme(app, window, "system")
    )
    window.restore_layout()
    if workspace.read_only:
        from briefing_app.gui.readonly_banner import show_if_read_only

        show_if_read_only(window, workspace)
        window.statusBar().showMessage(
            tr("Read-only: another Briefing window is writing to this library."), 0
        )
    if first_run_seed and workspace.is_empty() and not workspace.read_only:
        _seed_then_open(window)  # offers the recovery once the sample articles are in
    else:
        window.new_brief()
        window.index_keeper.check()  # rebuilt in the background when missing or stale
        # Once the event loop runs (the window is up), offer what a crash left unsaved.
        QTimer.singleShot(0, lambda: offer_recovery_at_start(window))
    return app, window


def offer_recovery_at_start(window, store=None) -> list:
    """Restore, each in a brief tab, the unsaved briefs the user picks after a crash."""
    from briefing_app.core.recovery import RecoveryStore
    from briefing_app.gui.recovery_dialog import offer_recovery

    store = store or RecoveryStore()
    restored = []
    for entry in offer_recovery(window, store):
        brief = window.current_brief()
        if brief is None or brief.path is not None or brief.is_modified():
            brief = window.new_brief()  # the blank start-up brief is reused once
        if brief.restore(entry, store):
            restored.append(brief)
    return restored


def _retheme(app: QApplication, window, theme: str) -> None:
    apply_theme(app, theme)
    for action in window.actions.values():  # icons are tinted to the palette
        name = action.property("icon_name")
        if name:
            from briefing_app.gui import icons

            action.setIcon(icons.icon(name))


def _seed_then_open(window) -> None:
    """Import the seeds off the GUI thread, then open the seed article and a new brief."""
    window.statusBar().showMessage(tr("First run: importing the sample articles…"))

    def opened(results) -> None:
        ids = [r.id for r in results if r.status in ("imported", "unchanged") and r.id]
        window.new_brief()
        if ids:
            window.open_article(ids[0])
        window.statusBar().showMessage(tr("Sample articles imported."), 5000)
        window.seeded.emit(ids)
        offer_recovery_at_start(window)

    def failed(message: str) -> None:
        window.new_brief()
        window.show_error(tr("The sample articles were not imported"), message)
        offer_recovery_at_start(window)

    window.runner.start(
        lambda _progress, _cancelled: window.workspace.ensure_seeded(),
        on_result=opened,
        on_error=failed,
        name="seed",
    )


def journal_on_terminate(app: QApplication, window) -> QTimer:
    """On SIGTERM (a logout, a shutdown, `kill`): journal every brief at once, then quit.

    Python runs a signal handler only when it gets control, so a timer hands it control
    a few times a second while Qt's loop runs. The entries are not discarded: the next
    start offers them, as after a crash. Returns that timer.
    """

    def terminate(_signum, _frame) -> None:
        for brief in window.briefs():
            brief.journal_now()
        # Not quit(): that would close the window and ask about unsaved briefs. Through the
        # loop: exit() before the loop runs (a SIGTERM during start-up) does nothing, and the
        # app would then run on.
        QTimer.singleShot(0, lambda: app.exit(0))

    signal.signal(signal.SIGTERM, terminate)
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(200)
    return ticker


def run(library: str | Path | None = None) -> int:
    """Run the app until its window closes; the exit code."""
    from briefing_app.core.recovery import RecoveryStore

    app, window = start(str(library) if library else None)
    journal_on_terminate(app, window)
    window.show()
    code = app.exec()
    window.workspace.close()
    # Entries still journalled (none after a normal close) stay for the next start to offer.
    RecoveryStore().close()
    return code
