"""The Library: the whole archive as a sortable, filterable table, with actions on a selection.

The Search panel's query narrows the table to its matches (an empty search shows the whole
library); the filter box narrows further as you type (title, authors, publisher or key, and
`tag:`, `collection:`, `note:`). Click a header to sort; select rows
(Shift/Ctrl) to tag them, put them in a collection, export their bibliography, or delete
them — into the trash. Each change here and in the sidebar (collections made, renamed, moved,
deleted; articles filed, taken out, tagged, deleted) is one step of the Library's undo
history (gui/library_undo.py): Edit ▸ Undo (Ctrl+Z while the Library has the focus) or the Undo
button takes it back, naming it ("Undo Rename Collection"). Double-click (or Enter) opens an
article in the reader.

Beside the table, the sidebar lists the collections (a tree, with counts; rows dragged from
the table onto one are filed there) and the tags in use (with their colours); choosing one
lists its articles. Tags are drawn as chips in their colours (gui/tag_chips.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import atomicio, bibliography
from briefing_app.core.errors import BriefingError
from briefing_app.gui import library_undo
from briefing_app.gui.collection_tree import CollectionTree
from briefing_app.gui.library_model import TAGS_COLUMN, LibraryModel
from briefing_app.gui.library_undo import LibraryUndo
from briefing_app.gui.numbers import count_text
from briefing_app.gui.tag_chips import TagChipDelegate
from briefing_app.gui.tag_list import TagList

FILTER_DELAY_MS = 150
SIDEBAR_MIN_WIDTH = 170
TITLE_MIN_WIDTH = 240


class LibraryView(QWidget):
    article_opened = Signal(str)  # article id
    # Articles deleted or restored, filed or collections changed (search results are stale).
    library_changed = Signal()
    message = Signal(str)  # a line for the status bar
    searches_changed = Signal()  # a collection was saved as a search
    tags_recoloured = Signal()  # a tag's colour changed (other views repaint theirs)

    def __init__(
        self, workspace, parent: QWidget | None = None, runner=None, *, waiting: bool = False
    ):
        super().__init__(parent)
        self.setObjectName("libraryView")
        self.workspace = workspace
        self.runner = runner  # background work (the collection counts); None: done in line
        self.history = LibraryUndo(workspace, self)
        self.model = LibraryModel(workspace, self, waiting=waiting)
        self._build()
        self._update_count()
        self._update_buttons()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)
        sidebar = QSplitter(Qt.Orientation.Vertical)
        sidebar.setObjectName("librarySidebar")
        sidebar.setChildrenCollapsible(False)
        waiting = self.model.waiting
        self.collection_tree = CollectionTree(
            self.workspace, runner=self.runner, waiting=waiting, history=self.history
        )
        self.tag_list = TagList(self.workspace, runner=self.runner, waiting=waiting)
        sidebar.addWidget(self.collection_tree)
        sidebar.addWidget(self.tag_list)
        sidebar.setStretchFactor(0, 3)
        sidebar.setStretchFactor(1, 2)
        sidebar.setMinimumWidth(SIDEBAR_MIN_WIDTH)
        self.splitter.addWidget(sidebar)
        main = QWidget()
        layout = QVBoxLayout(main)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter.addWidget(main)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 900])
        top = QHBoxLayout()
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("libraryFilter")
        self.filter_box.setPlaceholderText(
            self.tr("Filter: title, author, publisher or key; tag:…, collection:…, note:…")
        )
        self.filter_box.setAccessibleName(self.tr("Filter the library"))
        self.filter_box.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setAccessibleName(self.tr("Articles in the library"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # after the indicator: the model's own order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)  # rows onto a collection in the sidebar
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.chips = TagChipDelegate(lambda: self.model.tag_colours, self.table)
        self.table.setItemDelegateForColumn(TAGS_COLUMN, self.chips)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_table_menu)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column, width in ((1, 140), (2, 130), (3, 85), (4, 75), (5, 170), (6, 55), (7, 85)):
            header.resizeSection(column, width)
        # The title takes the width the other columns leave, but never less than a readable
        # minimum (a narrow window scrolls sideways instead of cutting titles to a word).
        self.table.viewport().installEventFilter(self)
        header.sectionResized.connect(self._fit_title)
        layout.addWidget(self.table, 1)

        # A tool bar, not a row of buttons: when the library is narrow (the main view between
        # two docks on a small screen) what does not fit goes under its » button.
        row = QToolBar()
        row.setObjectName("libraryActions")
        self.tag_box = QLineEdit()
        self.tag_box.setObjectName("libraryTagBox")
        self.tag_box.setPlaceholderText(self.tr("tag, another tag"))
        self.tag_box.setAccessibleName(self.tr("Tags to add to the selected articles"))
        self.tag_button = QPushButton(self.tr("&Tag"))
        self.tag_button.setObjectName("libraryTag")
        self.collection_box = QComboBox()
        self.collection_box.setObjectName("libraryCollection")
        self.collection_box.setEditable(True)
        self.collection_box.setMinimumContentsLength(14)
        self.collection_box.lineEdit().setPlaceholderText(self.tr("Collection"))
        self.collection_box.setAccessibleName(self.tr("Collection (type a new name to create one)"))
        self.collect_button = QPushButton(self.tr("Add to &Collection"))
        self.collect_button.setObjectName("libraryCollect")
        self.search_button = QPushButton(self.tr("Save as &Search"))
        self.search_button.setObjectName("librarySaveSearch")
        self.search_button.setToolTip(
            self.tr("Save a search that finds the articles of this collection")
        )
        self.export_button = QToolButton()
        self.export_button.setObjectName("libraryExport")
        self.export_button.setText(self.tr("E&xport Bibliography"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt, label in (
            ("csl-json", self.tr("CSL-JSON…")),
            ("bibtex", self.tr("BibTeX…")),
            ("ris", self.tr("RIS…")),
        ):
            action = menu.addAction(label)
            action.setObjectName(f"export_{fmt}")
            action.triggered.connect(lambda _c=False, f=fmt: self.export_selected(f))
        self.export_button.setMenu(menu)
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.setObjectName("libraryDelete")
        self.delete_button.setToolTip(self.tr("Move the selected articles to the trash"))
        # Named after the step it takes back ("Undo Rename Collection"); Ctrl+Z is the
        # window's Edit ▸ Undo, which comes here while the Library has the focus.
        self.undo_action = self.history.action(self)
        self.undo_action.setObjectName("libraryUndoAction")
        self.redo_action = self.history.action(self, redo=True)
        self.undo_button = QToolButton()
        self.undo_button.setObjectName("libraryUndo")
        self.undo_button.setDefaultAction(self.undo_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        for widget in (
            self.tag_box,
            self.tag_button,
            self.collection_box,
            self.collect_button,
            self.search_button,
            self.export_button,
            spacer,
            self.delete_button,
            self.undo_button,
        ):
            row.addWidget(widget)
        layout.addWidget(row)

        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self._apply_filter)
        self.filter_box.textChanged.connect(self.filter_timer.start)
        self.filter_box.returnPressed.connect(self._apply_filter)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_count)
        self.tag_button.clicked.connect(self.tag_selected)
        self.tag_box.returnPressed.connect(self.tag_selected)
        self.collect_button.clicked.connect(self.collect_selected)
        self.search_button.clicked.connect(self.save_collection_search)
        self.delete_button.clicked.connect(self.delete_selected)
        self.history.stepped.connect(self._after_step)
        self.history.message.connect(self.message)
        self.collection_tree.scope_changed.connect(self._on_scope)
        self.collection_tree.scope_changed.connect(self.tag_list.set_scope)
        self.tag_list.tag_chosen.connect(self._on_scope)
        self.collection_tree.filed.connect(self._on_filed)
        self.collection_tree.changed.connect(self._on_collections_changed)
        self.tag_list.colours_changed.connect(self.recolour)
        for source in (self.collection_tree, self.tag_list):
            source.message.connect(self.message)
        self.fill_collections()

    def fill_collections(self) -> None:
        current = self.collection_box.currentText()
        self.collection_box.clear()
        data = self.workspace.userdata
        try:
            collections = data.collections()
            by_id = {c.id: c for c in collections}  # one read of the file, not one a path
            paths = sorted(data.shelf.path_of(c, by_id) for c in collections)
        except BriefingError:
            paths = []
        self.collection_box.addItems(paths)
        self.collection_box.setEditText(current)

    def eventFilter(self, watched, event) -> bool:  # Qt override: the table's width changed
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _fit_title(self, column: int = -1, *_sizes) -> None:
        if column == 0:
            return  # the title itself was resized (by hand, or here)
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        width = self.table.viewport().width() - others
        header.resizeSection(0, max(width, TITLE_MIN_WIDTH))

    # -- state ---------------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        """Read the catalog again (after an import, a correction, a delete)."""
        self.model.refresh()
        self.fill_collections()
        self.collection_tree.refresh()
        self.tag_list.refresh()
        self._update_buttons()

    def catalog_progress(self, done: int, total: int) -> None:
        """The catalog being rebuilt in the background: how far it is."""
        text = self.tr("Rebuilding the catalog… {0} of {1}").format(
            count_text(done), count_text(total)
        )
        self.count_label.setText(text)

    def catalog_ready(self, error: str = "") -> None:
        """The background rebuild ended: read the catalog (or say why it cannot be)."""
        self.model.waiting = self.collection_tree.waiting = self.tag_list.waiting = False
        self.refresh()
        if error:
            self.count_label.setText(self.tr("The catalog could not be rebuilt: {0}").format(error))

    def recolour(self) -> None:
        """A tag's colour changed: repaint the chips and the tag list."""
        try:
            self.model.tag_colours = self.workspace.userdata.shelf.tag_colours()
        except BriefingError as exc:
            self.message.emit(str(exc))
        self.table.viewport().update()
        self.tag_list.refresh()
        self.tags_recoloured.emit()

    def _on_scope(self, *_args) -> None:
        """The sidebar's collection or tag changed: list their articles."""
        self.model.set_scope(self.collection_tree.scope(), self.tag_list.current_tag())
        self._update_buttons()

    def _on_filed(self, ids: list[str]) -> None:
        self.fill_collections()
        self.library_changed.emit()  # the search panel's collection facet counts them
        if self.model.scope_collections is not None:
            self._keep_selection(self.model.refresh, ids)

    def _on_collections_changed(self) -> None:
        self.fill_collections()
        self.library_changed.emit()  # the search panel's collection facet names them

    def show_matches(self, ids: list[str] | None) -> None:
        """Follow the search box: its matches only (in this table's order), or the whole
        library when it is empty (None)."""
        self.model.set_search_ids(ids)
        self._update_buttons()

    def _apply_filter(self) -> None:
        self.filter_timer.stop()
        self.model.set_filter(self.filter_box.text())

    def _update_count(self) -> None:
        total = self.model.total
        if self.model.error:
            self.count_label.setText(self.model.error)
        elif self.model.text or self.model.search_ids is not None:
            self.count_label.setText(self.tr("{0} matching").format(count_text(total)))
        elif total == 1:
            self.count_label.setText(self.tr("1 article"))
        else:
            self.count_label.setText(self.tr("{0} articles").format(count_text(total)))

    def _update_buttons(self, *_args) -> None:
        chosen = bool(self.selected_rows())
        writable = not self.workspace.read_only
        for widget in (self.tag_button, self.collect_button, self.delete_button):
            widget.setEnabled(chosen and writable)
        self.delete_action.setEnabled(chosen and writable)
        self.export_button.setEnabled(chosen)
        self.search_button.setEnabled(writable)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        return [i for i in (self.model.id_at(r) for r in self.selected_rows()) if i]

    def select_ids(self, ids: list[str]) -> None:
        """Select the rows of these articles (among the rows fetched)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for article_id in ids:
            row = self.model.row_of(article_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)

    def _open_index(self, index) -> None:
        article_id = self.model.id_at(index.row())
        if article_id:
            self.article_opened.emit(article_id)

    # -- actions -------------------------------------------------------------------------------
    def tag_selected(self) -> bool:
        ids = self.selected_ids()
        tags = [t for t in self.tag_box.text().split(",") if t.strip()]
        if not ids or not tags:
            return False
        try:
            library_undo.tag_articles(self.history, ids, tags)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return False
        self.tag_box.clear()
        self.table.setFocus()  # so Ctrl+Z takes the step back, not the box's typing
        self._keep_selection(self.refresh, ids)
        self.library_changed.emit()  # `tag:` searches and the article's tag editor follow
        self.message.emit(self.tr("Tagged {0} articles.").format(count_text(len(ids))))
        return True

    def collect_selected(self) -> bool:
        ids = self.selected_ids()
        name = self.collection_box.currentText().strip()
        if not ids or not name:
            return False
        data = self.workspace.userdata
        try:
            collection = library_undo.add_to_new_path(self.history, ids, name)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return False
        self._keep_selection(self.fill_collections, ids)
        self.collection_tree.refresh()
        self.table.setFocus()  # so Ctrl+Z takes the step back, not the box's typing
        self.message.emit(
            self.tr("{0} articles added to “{1}”.").format(
                count_text(len(ids)), data.shelf.path_of(collection)
            )
        )
        return True

    def save_collection_search(self) -> bool:
        """A collection turned into a saved search (`collection:"Path"`), named after it."""
        name = self.collection_box.currentText().strip()
        saved = name and self._attempt(lambda: self.workspace.userdata.save_collection_search(name))
        if not saved:
            return False
        self.searches_changed.emit()
        self.message.emit(self.tr("Saved the search “{0}”: {1}").format(saved.name, saved.query))
        return True

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        batch = ids and self._attempt(lambda: library_undo.trash(self.history, ids))
        if not batch:
            return False
        self.refresh()
        self.library_changed.emit()
        self.message.emit(
            self.tr("{0} articles moved to the trash. Undo brings them back.").format(
                count_text(len(ids))
            )
        )
        return True

    def _after_step(self, ids: list[str]) -> None:
        """A step was undone or redone: show the library as it is now."""
        self.refresh()
        if ids:
            self.select_ids(ids)
        self.library_changed.emit()

    def table_menu(self) -> QMenu:
        """The selected rows' menu: open, take out of the collection chosen, delete."""
        menu = QMenu(self)
        menu.setObjectName("libraryTableMenu")
        ids = self.selected_ids()
        opened = menu.addAction(self.tr("Open"))
        opened.setObjectName("openArticle")
        opened.setEnabled(bool(ids))
        opened.triggered.connect(lambda: ids and self.article_opened.emit(ids[0]))
        collection = self.collection_tree.current_id()
        if collection:
            path = self.collection_tree.path_of(collection)
            unfile = menu.addAction(self.tr("Remove from “{0}”").format(path))
            unfile.setObjectName("removeFromCollection")
            unfile.setEnabled(bool(ids) and not self.workspace.read_only)
            unfile.triggered.connect(self.remove_from_collection)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _show_table_menu(self, pos) -> None:
        menu = self.table_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def remove_from_collection(self) -> bool:
        """Take the selected articles out of the collection chosen in the sidebar (and out of
        those nested in it, where the listing found them too). They stay in the library."""
        ids, chosen = self.selected_ids(), self.collection_tree.current_id()
        if not ids or not chosen:
            return False
        data = self.workspace.userdata
        try:
            inside = sorted(data.shelf.descendants(chosen))
            library_undo.file_articles(self.history, ids, inside, remove=True)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return False
        self.refresh()
        self.library_changed.emit()
        self.message.emit(
            self.tr("{0} articles taken out of “{1}”.").format(
                count_text(len(ids)), self.collection_tree.path_of(chosen)
            )
        )
        return True

    def export_selected(self, fmt: str) -> Path | None:
        ids = self.selected_ids()
        if not ids:
            return None
        path = self.ask_export_path(fmt)
        if not path:
            return None
        try:
            articles = [self.workspace.library.get(i) for i in ids]
            atomicio.write_text(path, bibliography.render(articles, fmt))
        except BriefingError as exc:
            self.message.emit(str(exc))
            return None
        self.message.emit(
            self.tr("Bibliography of {0} articles saved to {1}.").format(count_text(len(ids)), path)
        )
        return Path(path)

    def ask_export_path(self, fmt: str) -> str:
        """Where to save the bibliography (patched out in tests)."""
        suffix = bibliography.FORMATS[fmt]
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export bibliography"),
            str(Path.home() / f"bibliography{suffix}"),
            f"*{suffix}",
        )
        return path

    def _attempt(self, change):
        """Run a change; one refused (a BriefingError) is told in the status bar: None."""
        try:
            return change()
        except BriefingError as exc:
            self.message.emit(str(exc))
            return None

    def _keep_selection(self, change, ids: list[str]) -> None:
        change()
        self.select_ids(ids)
