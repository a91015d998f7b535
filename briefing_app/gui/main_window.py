"""The main window: search dock, centre tabs (articles and briefs), claims outline dock.

Widgets emit intent (`article_opened`, `quote_requested`, `claim_selected`); the window
decides what happens. Briefs are `BriefTab`s; quotations go to the current brief, or to the
brief used last when an article tab is in front, or to a new one when there is none.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from briefing_app import APP_NAME, __version__
from briefing_app.core.display import visible_control
from briefing_app.core.errors import BriefingError
from briefing_app.core.settings import Settings
from briefing_app.gui import settings_dialog, window_actions
from briefing_app.gui.article_tools import ArticleTools
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.claims_panel import ClaimsPanel
from briefing_app.gui.import_flow import ImportFlow
from briefing_app.gui.index_keeper import IndexKeeper
from briefing_app.gui.library_placement import LibraryPlacement
from briefing_app.gui.library_view import LibraryView
from briefing_app.gui.reader import ArticleView, query_terms
from briefing_app.gui.repair_flow import RepairFlow
from briefing_app.gui.search_panel import SearchPanel
from briefing_app.gui.speakers_view import SpeakersView
from briefing_app.gui.status_widgets import StatusProgress, WordCount
from briefing_app.gui.undo_routing import UndoRouting
from briefing_app.gui.workers import TaskRunner

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Briefing's one window."""

    theme_requested = Signal(str)  # "system", "light" or "dark"
    seeded = Signal(list)  # ids of the sample articles a first run imported and opened

    def __init__(self, workspace, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.settings = settings
        self.runner = TaskRunner(self)
        self._last_brief: BriefTab | None = None
        self.undo_routing: UndoRouting | None = None  # made once the Library is built
        # Asked once here (a stat and one query); a catalog that needs rebuilding is rebuilt
        # on the task pool, never on the GUI thread, with its progress shown.
        self._catalog_problem = workspace.library.catalog_problem()
        self._build_ui()
        self._connect_signals()
        self._update_title()
        self._update_actions()
        if self._catalog_problem is not None:
            self._rebuild_catalog()

    # -- building ----------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("centreTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.setCentralWidget(self.tabs)
        self.index_keeper = IndexKeeper(self.workspace, self.runner, self)
        self.search_panel = SearchPanel(
            self.index_keeper.search,
            self.runner,
            self.workspace.saved_searches,
            self.index_keeper.matching_ids,
            self,
            collect=self._collect_search,
        )
        self.search_dock = self._dock(
            "searchDock", self.tr("Search"), self.search_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.claims_panel = ClaimsPanel(self)
        self.claims_dock = self._dock(
            "claimsDock",
            self.tr("Claims"),
            self.claims_panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.claims_panel.set_library(self.workspace.library)
        self.claims_panel.selection_provider = self._reader_selection
        self.speakers_view = SpeakersView(self.workspace.library, self)
        self.speakers_dock = self._dock(
            "speakersDock",
            self.tr("Speakers"),
            self.speakers_view,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.tabifyDockWidget(self.claims_dock, self.speakers_dock)
        self.claims_dock.raise_()
        self.speakers_dock.visibilityChanged.connect(
            lambda shown: shown and self.speakers_view.refresh()
        )
        self.library_view = LibraryView(  # the whole archive, as a table
            self.workspace, self, self.runner, waiting=self._catalog_problem is not None
        )
        library_title = self.tr("Library")
        if self.workspace.root is None:  # a team library: say whose, so nobody mistakes it
            library_title = self.tr("Team Library — {0}").format(self.workspace.location)
        self.library_dock = self._dock(
            "libraryDock",
            library_title,
            self.library_view,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.library_place = LibraryPlacement(self, self.tabs, self.library_dock, self.library_view)
        self.article_tools = ArticleTools(self)  # Note and Highlights docks, metadata, help
        self.article_tools.place_docks(self.claims_dock)
        self.actions = window_actions.make_actions(self)
        self.theme_group = window_actions.make_theme_actions(self)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.settings.theme)
        self.recent_menu = window_actions.build_menus(
            self,
            self.actions,
            self.theme_group,
            [
                self.search_dock,
                self.library_dock,
                self.claims_dock,
                self.speakers_dock,
                *self.article_tools.docks(),
            ],
        )
        self.toolbar = window_actions.build_toolbar(self, self.actions)
        self.import_flow = ImportFlow(self.workspace, self.runner, self)
        self.repair_flow = RepairFlow(self.workspace, self.runner, self)
        self.statusBar().setObjectName("statusBar")
        self.word_count = WordCount(self)
        self.statusBar().addPermanentWidget(self.word_count)
        self.status_progress = StatusProgress(self.statusBar())
        self.resize(1280, 800)
        # First-run widths: the outline needs room for a speaker and the start of a claim.
        self.resizeDocks(
            [self.search_dock, self.claims_dock], [300, 380], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.library_dock], [220], Qt.Orientation.Vertical)
        self.library_place.bind(self.actions["library_main"])
        self.library_place.set_central(self.settings.library_main)
        self._fill_recent_menu()

    def _dock(self, name: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _rebuild_catalog(self) -> None:
        library = self.workspace.library

        def progress(done: int, total: int, name: str) -> None:
            self.status_progress.cataloguing(done, total, name)
            self.library_view.catalog_progress(done, total)

        def ended(error: str = "") -> None:
            self.status_progress.finish()
            self.library_view.catalog_ready(error)

        self.runner.start(
            lambda report, _cancelled: library.ensure_catalog(report),
            on_result=lambda _rebuilt: ended(),
            on_error=ended,
            on_progress=progress,
            name="catalog",
        )

    def _connect_signals(self) -> None:
        a = self.actions
        a["new"].triggered.connect(self.new_brief)
        a["open"].triggered.connect(self.open_brief_dialog)
        a["save"].triggered.connect(lambda: self._with_brief(lambda b: b.save()))
        a["save_as"].triggered.connect(self.save_brief_as_dialog)
        a["export"].triggered.connect(lambda: self._with_brief(lambda b: b.export()))
        a["import_files"].triggered.connect(self.import_files_dialog)
        a["import_folder"].triggered.connect(self.import_folder_dialog)
        a["close_tab"].triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        a["quit"].triggered.connect(self.close)
        self.undo_routing = UndoRouting(
            self, a["undo"], a["redo"], self.library_view, self.current_brief
        )
        a["find"].triggered.connect(lambda: self._with_brief(lambda b: b.find()))
        a["check"].triggered.connect(lambda: self._with_brief(lambda b: b.check_quotations()))
        a["quote"].triggered.connect(self._quote_reader_selection)
        a["search"].triggered.connect(self.focus_search)
        a["settings"].triggered.connect(lambda: settings_dialog.open_settings(self))
        a["about"].triggered.connect(self.show_about)
        a["about_qt"].triggered.connect(QApplication.aboutQt)
        self.article_tools.connect_actions(a)
        self.article_tools.article_changed.connect(self._on_article_changed)
        self.library_view.article_opened.connect(self.open_article)
        self.library_view.message.connect(self._status_message)
        self.library_view.library_changed.connect(self.search_panel.run_now)
        self.seeded.connect(self.library_view.refresh)  # a first run's samples
        self.import_flow.progressed.connect(self.status_progress.importing)
        self.import_flow.finished.connect(self.status_progress.finish)
        self.index_keeper.rebuild_progress.connect(self.status_progress.indexing)
        self.index_keeper.rebuild_finished.connect(self.status_progress.finish)
        self.theme_group.triggered.connect(lambda action: self.set_theme(action.data()))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.search_panel.article_opened.connect(self.open_article)
        self.search_panel.query_changed.connect(self._on_query_changed)
        self.search_panel.matches_changed.connect(self.library_view.show_matches)
        self.search_panel.collection_made.connect(self.library_view.refresh)
        self.library_view.searches_changed.connect(self.search_panel.saved_combo.refresh)
        self.search_panel.tag_colours = self.workspace.userdata.shelf.tag_colours
        self.library_view.tags_recoloured.connect(self.search_panel.recolour_tags)
        self._connect_tag_editor(self.article_tools.notes.tags)
        self.search_panel.rebuild_needed.connect(self.index_keeper.check)
        self.index_keeper.rebuild_progress.connect(self.search_panel.set_rebuilding)
        self.index_keeper.rebuild_finished.connect(self.search_panel.rebuild_done)
        self.index_keeper.refreshed.connect(self.search_panel.run_again)  # tags now searchable
        self.claims_panel.claim_selected.connect(self._on_claim_selected)
        self.claims_panel.quote_requested.connect(self.insert_quotation)
        self.speakers_view.quote_requested.connect(self.insert_quotation)
        self.import_flow.finished.connect(self._on_import_finished)
        self.repair_flow.article_changed.connect(self._on_article_changed)
        self.repair_flow.failed.connect(
            lambda message: self.show_error(self.tr("The repair was not changed"), message)
        )

    def _connect_tag_editor(self, editor) -> None:
        """The article's tag editor and the library show the same tags and colours."""
        editor.changed.connect(self.library_view.refresh)
        editor.changed.connect(self.search_panel.run_now)  # `tag:` queries and the facet
        editor.colours_changed.connect(self.library_view.recolour)
        self.library_view.tags_recoloured.connect(editor.reload)
        self.library_view.library_changed.connect(editor.reload)

    # -- search --------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.query_box.setFocus()
        self.search_panel.query_box.selectAll()

    def _on_query_changed(self, query: str) -> None:
        terms = query_terms(query)
        for view in self.article_views():
            view.set_search_terms(terms)

    # -- articles ------------------------------------------------------------------------------------
    def article_views(self) -> list[ArticleView]:
        return [w for w in self._tab_widgets() if isinstance(w, ArticleView)]

    def briefs(self) -> list[BriefTab]:
        return [w for w in self._tab_widgets() if isinstance(w, BriefTab)]

    def _tab_widgets(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _collect_search(self, query: str, path: str) -> tuple[str, int]:
        """The Search panel's "put every match into a collection" (see UserData)."""
        data = self.workspace.userdata
        made, count = data.collect_search(query, path)
        return data.shelf.path_of(made), count

    def open_article(self, article_id: str, paragraph: int = 0) -> ArticleView | None:
        """Show an article in a tab (reusing its tab when open) with the outline beside it."""
        for view in self.article_views():
            if view.article.id == article_id:
                self.tabs.setCurrentWidget(view)
                break
        else:
            try:
                article = self.workspace.article(article_id)
            except BriefingError as exc:
                self.show_error(self.tr("Could not open the article"), str(exc))
                return None
            view = ArticleView(article, self.tabs)
            view.quote_action.setShortcuts([])  # the window's Quote action owns the key
            view.quote_requested.connect(self.insert_quotation)
            view.repair_undo_requested.connect(self.repair_flow.undo)
            view.repairs_restore_requested.connect(self.repair_flow.restore_all)
            view.set_search_terms(query_terms(self.search_panel.last_query))
            index = self.tabs.addTab(view, visible_control(article.title or article.key))
            self.tabs.setTabToolTip(index, visible_control(article.title))
            self.tabs.setCurrentIndex(index)
        if paragraph:
            view.highlight_claim(view.article.paragraph_span(paragraph))
        return view

    def _on_article_changed(self, article) -> None:
        """Show the new version of an article (a repair undone or restored) wherever it is open."""
        for view in self.article_views():
            if view.article.id == article.id:
                view.set_article(article)
        shown = self.claims_panel.article
        if shown is not None and shown.id == article.id:
            self.claims_panel.set_article(article)
        self._after_article_update(article)

    def _status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _after_article_update(self, article) -> None:
        """Tab titles, highlights and search results follow a changed record."""
        for view in self.article_views():
            if view.article.id == article.id:
                self.tabs.setTabText(self.tabs.indexOf(view), article.title or article.key)
        self.article_tools.article_updated(article)
        self.library_view.refresh()
        self.search_panel.run_now()

    def current_article_view(self) -> ArticleView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ArticleView) else None

    def _on_claim_selected(self, start: int, end: int) -> None:
        view = self.current_article_view()
        if view is not None and view.article is self.claims_panel.article:
            view.highlight_claim((start, end))

    def _quote_reader_selection(self) -> None:
        view = self.current_article_view()
        if view is not None:
            view.request_quote()

    # -- briefs --------------------------------------------------------------------------------------
    def new_brief(self) -> BriefTab:
        """Open a new untitled brief in a tab."""
        brief = BriefTab(self.workspace, self.settings, self.tabs)
        brief.modified_changed.connect(lambda _m, b=brief: self._update_brief_tab(b))
        brief.title_changed.connect(lambda _t, b=brief: self._update_brief_tab(b))
        brief.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        index = self.tabs.addTab(brief, brief.display_name())
        self.tabs.setCurrentIndex(index)
        self._last_brief = brief
        self._update_brief_tab(brief)
        return brief

    def open_brief(self, path: Path | str) -> BriefTab | None:
        """Open a brief file (or show its tab when it is open already)."""
        path = Path(path).expanduser().resolve()
        for brief in self.briefs():
            if brief.path and brief.path.resolve() == path:
                self.tabs.setCurrentWidget(brief)
                return brief
        current = self.current_brief()
        reuse = current is not None and current.path is None and not current.is_modified()
        brief = current if reuse else self.new_brief()
        if not brief.open(path):
            if not reuse:
                self.close_tab(self.tabs.indexOf(brief), ask=False)
            return None
        self._update_brief_tab(brief)
        return brief

    def open_brief_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open brief"),
            str(Path.home()),
            self.tr("Markdown briefs (*.md);;All files (*)"),
        )
        if path:
            self.open_brief(path)

    def save_brief_as_dialog(self) -> None:
        brief = self.current_brief()
        if brief is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save brief as"),
            str(brief.path or Path.home() / "brief.md"),
            self.tr("Markdown briefs (*.md)"),
        )
        if path:
            brief.save_as(path)

    def current_brief(self) -> BriefTab | None:
        """The brief in front, else the one used last (if still open)."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, BriefTab):
            return widget
        if self._last_brief is not None and self.tabs.indexOf(self._last_brief) >= 0:
            return self._last_brief
        return None

    def _with_brief(self, fn) -> None:
        brief = self.current_brief()
        if brief is not None:
            fn(brief)

    def _reader_selection(self) -> tuple[int, int] | None:
        """The passage selected in the open article, for marking it as a claim."""
        widget = self.tabs.currentWidget()
        return widget.selected_span() if isinstance(widget, ArticleView) else None

    def insert_quotation(self, article_id: str, start: int, end: int) -> None:
        """Quote a passage into the current brief (a new brief when none is open)."""
        brief = self.current_brief()
        if brief is None:
            current = self.tabs.currentWidget()
            brief = self.new_brief()
            if current is not None:
                self.tabs.setCurrentWidget(current)
        if brief.insert_quotation(article_id, start, end):
            self.statusBar().showMessage(
                self.tr("Quotation inserted into “{0}”.").format(brief.display_name()), 5000
            )

    def _update_brief_tab(self, brief: BriefTab) -> None:
        if brief.path and not brief.is_modified():
            self._remember_recent(brief.path)  # just saved or opened
        index = self.tabs.indexOf(brief)
        if index >= 0:
            name = brief.display_name()
            self.tabs.setTabText(index, f"{name} •" if brief.is_modified() else name)
            self.tabs.setTabToolTip(index, str(brief.path) if brief.path else name)
        self._update_title()

    def _remember_recent(self, path: Path) -> None:
        text = str(Path(path).expanduser().resolve())
        if self.settings.recent_briefs[:1] != [text]:
            self.settings.add_recent_brief(text)
            self._save_settings()
            self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for text in self.settings.recent_briefs:
            action = self.recent_menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, p=text: self.open_brief(p))
        self.recent_menu.setEnabled(bool(self.settings.recent_briefs))

    # -- tabs ----------------------------------------------------------------------------------------
    def _on_tab_changed(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, BriefTab):
            self._last_brief = widget
        elif isinstance(widget, ArticleView) and widget.article is not self.claims_panel.article:
            self.claims_panel.set_article(widget.article)
        self.article_tools.follow(self.current_article_view())
        self.word_count.follow(widget.editor if isinstance(widget, BriefTab) else None)
        self._update_title()
        self._update_actions()

    def close_tab(self, index: int, *, ask: bool = True) -> bool:
        """Close a tab; a modified brief is saved or discarded first (as the user says)."""
        widget = self.tabs.widget(index)
        if widget is None:
            return False
        if widget is self.library_view:  # the main view goes back into its dock
            self.library_place.set_central(False)
            return True
        if isinstance(widget, BriefTab):
            if ask and not self._confirm_discard([widget]):
                return False
            widget.discard_recovery()
            widget.shutdown()
        if isinstance(widget, ArticleView) and widget.article is self.claims_panel.article:
            self.claims_panel.set_article(None)
        self.tabs.removeTab(index)
        widget.deleteLater()
        if widget is self._last_brief:
            self._last_brief = None
        return True

    def _update_title(self) -> None:
        widget = self.tabs.currentWidget()
        brief = self.current_brief()
        if isinstance(widget, ArticleView):
            name = visible_control(widget.article.title)
        elif widget is self.library_view:
            name = self.library_dock.windowTitle()
        else:
            name = brief.display_name() if brief else ""
        self.setWindowModified(any(b.is_modified() for b in self.briefs()))
        self.setWindowTitle(f"{name}[*] — {APP_NAME}" if name else f"{APP_NAME}[*]")

    def _update_actions(self) -> None:
        has_brief = self.current_brief() is not None
        for name in ("save", "save_as", "export", "find", "check"):
            self.actions[name].setEnabled(has_brief)
        if self.undo_routing is not None:
            self.undo_routing.update()
        self.actions["quote"].setEnabled(self.current_article_view() is not None)
        self.actions["close_tab"].setEnabled(self.tabs.count() > 0)

    # -- import --------------------------------------------------------------------------------------
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            str(Path.home()),
            self.tr("Articles (*.txt *.md *.html *.htm *.pdf *.zip);;All files (*)"),
        )
        if files:
            self.import_flow.start(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import a folder of articles"), str(Path.home())
        )
        if folder:
            self.import_flow.start([folder])

    def _on_import_finished(self, results: list) -> None:
        self.library_view.refresh()
        self.search_panel.run_now()
        self.search_panel.saved_combo.refresh()  # new articles may be new hits

    def dragEnterEvent(self, event) -> None:  # Qt override: files dropped on the window import
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_flow.start(paths)

    # -- settings, theme, about, close ---------------------------------------------------------------
    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        self._save_settings()
        self.theme_requested.emit(theme)

    def restore_layout(self) -> None:
        """Put window geometry and dock layout back as they were when the window last closed."""
        if self.settings.window_geometry:
            self.restoreGeometry(
                QByteArray.fromBase64(self.settings.window_geometry.encode("ascii"))
            )
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode("ascii")))
        self.library_place.set_central(self.settings.library_main)

    def remember_layout(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.window_state = bytes(self.saveState().toBase64()).decode("ascii")
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except BriefingError as exc:
            self.statusBar().showMessage(self.tr("Settings not saved: {0}").format(exc), 8000)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {0}").format(APP_NAME),
            self.tr(
                "<h3>{0} {1}</h3><p>An offline briefing editor: archive, search, claims outline and quotation-checked briefs.</p><p>Licensed under the GNU GPL, version 3 or later.</p>"
            ).format(APP_NAME, __version__),
        )

    def show_error(self, title: str, message: str) -> None:
        """Tell the user something failed (patched out in tests)."""
        QMessageBox.warning(self, title, message)

    def _confirm_discard(self, briefs: list[BriefTab]) -> bool:
        """Ask to save modified briefs; False when the user cancels."""
        for brief in [b for b in briefs if b.is_modified()]:
            self.tabs.setCurrentWidget(brief)
            answer = self.ask_save(brief)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save and not brief.save():
                return False
        return True

    def ask_save(self, brief: BriefTab) -> QMessageBox.StandardButton:
        """Save / Discard / Cancel for one modified brief (patched out in tests)."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("“{0}” has unsaved changes. Save them?").format(brief.display_name()),
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self._confirm_discard(self.briefs()):
            event.ignore()
            return
        self.article_tools.save()  # a note typed a moment ago
        self.import_flow.cancel()
        self.runner.cancel_all()
        self.remember_layout()
        for brief in self.briefs():
            brief.discard_recovery()
            brief.shutdown()
        self.runner.wait(10000)
        event.accept()
