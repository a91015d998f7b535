"""The main window's actions, menus and toolbar: what each command is called and its keys.

Shortcuts come from `QKeySequence.StandardKey` so each platform gets its own; where a
platform defines none (Save As has no binding on some), the explicit fallback applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from briefing_app.gui import icons
from briefing_app.gui.highlights_panel import HIGHLIGHT_SHORTCUT
from briefing_app.gui.reader import QUOTE_SHORTCUT

SK = QKeySequence.StandardKey


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass
class Spec:
    """How one action looks: text, tooltip, icon, standard key and fallback key."""

    text: str
    tip: str
    icon: str = ""
    standard: QKeySequence.StandardKey | None = None
    fallback: str = ""


def _specs() -> dict[str, Spec]:
    return {
        "new": Spec(
            tr("&New Brief"), tr("Start a new, untitled brief"), "document-new", SK.New, "Ctrl+N"
        ),
        "open": Spec(
            tr("&Open Brief…"), tr("Open a brief from disk"), "document-open", SK.Open, "Ctrl+O"
        ),
        "save": Spec(tr("&Save"), tr("Save the current brief"), "document-save", SK.Save, "Ctrl+S"),
        "save_as": Spec(
            tr("Save &As…"), tr("Save the brief under a new name"), "", SK.SaveAs, "Ctrl+Shift+S"
        ),
        "export": Spec(
            tr("&Export…"),
            tr("Export the brief to DOCX, ODT, HTML or PDF"),
            "export",
            None,
            "Ctrl+E",
        ),
        "import_files": Spec(
            tr("Import &Files…"),
            tr("Import article files into the library"),
            "import-file",
            None,
            "Ctrl+I",
        ),
        "import_folder": Spec(
            tr("Import F&older…"),
            tr("Import every article in a folder"),
            "import-folder",
            None,
            "Ctrl+Shift+O",
        ),
        "close_tab": Spec(
            tr("&Close Tab"), tr("Close the current tab"), "close", SK.Close, "Ctrl+W"
        ),
        "quit": Spec(tr("&Quit"), tr("Quit Briefing"), "", SK.Quit, "Ctrl+Q"),
        "undo": Spec(tr("&Undo"), tr("Undo the last edit in the brief"), "undo", SK.Undo, "Ctrl+Z"),
        "redo": Spec(tr("&Redo"), tr("Redo the last undone edit"), "redo", SK.Redo, "Ctrl+Shift+Z"),
        "find": Spec(tr("&Find…"), tr("Find text in the brief"), "find", SK.Find, "Ctrl+F"),
        "quote": Spec(
            tr("&Quote Selection in Brief"),
            tr("Insert the passage selected in the article, with its citation"),
            "quote",
            None,
            QUOTE_SHORTCUT,
        ),
        "check": Spec(
            tr("&Check Quotations"),
            tr("Check every quotation against its source"),
            "check",
            None,
            "F7",
        ),
        "search": Spec(
            tr("&Search the Library"), tr("Move to the search box"), "search", None, "Ctrl+K"
        ),
        "settings": Spec(
            tr("Se&ttings…"),
            tr("Library, citations, editor and appearance"),
            "",
            SK.Preferences,
            "Ctrl+,",
        ),
        # The analyst's own layer (gui/article_tools.py)
        "edit_metadata": Spec(
            tr("Article &Metadata…"),
            tr("Correct the metadata of the article in front"),
            "",
            None,
            "Ctrl+Shift+M",
        ),
        "highlight": Spec(
            tr("&Highlight Selection"),
            tr("Mark the passage selected in the article"),
            "",
            None,
            HIGHLIGHT_SHORTCUT,
        ),
        "library_main": Spec(
            tr("&Library as Main View"),
            tr("Show the library in the centre, as a tab beside the briefs, or back in its panel"),
            "",
            None,
            "Ctrl+Shift+L",
        ),
        "user_guide": Spec(tr("&User Guide"), tr("Read the user guide"), "", SK.HelpContents, "F1"),
        "shortcuts": Spec(
            tr("&Keyboard Shortcuts"), tr("Every command with a key"), "", None, "Ctrl+/"
        ),
        "about": Spec(tr("&About Briefing"), tr("Version and licence"), "", SK.WhatsThis, ""),
        "about_qt": Spec(tr("About &Qt"), tr("The Qt version in use"), "", None, ""),
    }


def make_actions(owner: QObject) -> dict[str, QAction]:
    """Create every window action (parented to `owner`) with icons, tooltips and shortcuts."""
    actions = {}
    for name, spec in _specs().items():
        action = QAction(spec.text, owner)
        action.setObjectName(f"action_{name}")
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
            action.setProperty("icon_name", spec.icon)
        keys = QKeySequence.keyBindings(spec.standard) if spec.standard is not None else []
        if name == "about":
            keys = []  # WhatsThis only names the spec; About has no key of its own
        if not keys and spec.fallback:
            keys = [QKeySequence(spec.fallback)]
        action.setShortcuts(keys)
        actions[name] = action
    return actions


def make_theme_actions(owner: QObject) -> QActionGroup:
    """The exclusive System / Light / Dark scheme choice."""
    group = QActionGroup(owner)
    for value, text in (
        ("system", tr("Follow the &System")),
        ("light", tr("&Light")),
        ("dark", tr("&Dark")),
    ):
        action = QAction(text, group)
        action.setCheckable(True)
        action.setData(value)
        action.setObjectName(f"theme_{value}")
    return group


def build_menus(window: QMainWindow, a: dict[str, QAction], themes: QActionGroup, docks) -> QMenu:
    """File / Edit / View / Help; returns the (empty) Recent Briefs menu for the window to fill."""
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    file_menu.addActions([a["new"], a["open"]])
    recent = file_menu.addMenu(tr("Open &Recent"))
    recent.setObjectName("recentMenu")
    file_menu.addSeparator()
    file_menu.addActions([a["save"], a["save_as"], a["export"]])
    file_menu.addSeparator()
    file_menu.addActions([a["import_files"], a["import_folder"]])
    file_menu.addSeparator()
    file_menu.addActions([a["close_tab"], a["quit"]])
    edit_menu = bar.addMenu(tr("&Edit"))
    edit_menu.addActions([a["undo"], a["redo"]])
    edit_menu.addSeparator()
    edit_menu.addActions([a["find"], a["search"]])
    edit_menu.addSeparator()
    edit_menu.addActions([a["quote"], a["check"]])
    edit_menu.addSeparator()
    edit_menu.addActions([a["edit_metadata"], a["highlight"]])
    edit_menu.addSeparator()
    edit_menu.addAction(a["settings"])
    view_menu = bar.addMenu(tr("&View"))
    for dock in docks:
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    view_menu.addAction(a["library_main"])
    view_menu.addSeparator()
    scheme = view_menu.addMenu(tr("Colour &Scheme"))
    scheme.addActions(themes.actions())
    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addActions([a["user_guide"], a["shortcuts"]])
    help_menu.addSeparator()
    help_menu.addActions([a["about"], a["about_qt"]])
    return recent


def build_toolbar(window: QMainWindow, a: dict[str, QAction]) -> QToolBar:
    """The main toolbar: icon-only buttons, each with an accessible name and a tooltip."""
    bar = window.addToolBar(tr("Main toolbar"))
    bar.setObjectName("mainToolBar")
    bar.setMovable(False)
    for name in (
        "new",
        "open",
        "save",
        None,
        "import_files",
        "import_folder",
        None,
        "undo",
        "redo",
        "find",
        None,
        "quote",
        "check",
        "export",
    ):
        if name is None:
            bar.addSeparator()
            continue
        bar.addAction(a[name])
        button = bar.widgetForAction(a[name])
        button.setAccessibleName(a[name].text().replace("&", "").rstrip("…"))
        button.setToolTip(_tip_with_keys(a[name]))
    return bar


def _tip_with_keys(action: QAction) -> str:
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{action.toolTip()} ({key})" if key else action.toolTip()
