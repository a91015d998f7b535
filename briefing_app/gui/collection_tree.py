"""The Library's collection tree: every collection, nested as the analyst nested them, with
how many articles each holds (those of its sub-collections included).

Click a collection to list its articles; drop articles from the table onto one to file them;
drag a collection onto another to nest it there (onto All Articles: to the top level);
right-click for a new (sub-)collection, rename or delete; F2 or a double-click renames in
place. Every change goes through `UserData`, which takes the library's write lock, and is one
step of the Library's undo history (gui/library_undo.py). The counts
come from one catalog aggregate (`Catalog.collection_counts`), counted off the GUI thread when
a task runner is given: the tree is filled at once with the counts last known, and they are
put right when the aggregate returns (a fraction of a second at 100,000 articles).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMimeData, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDrag, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QMessageBox, QTreeView

from briefing_app.core.errors import BriefingError
from briefing_app.gui import library_undo
from briefing_app.gui.library_model import ARTICLE_IDS_MIME
from briefing_app.gui.library_undo import LibraryUndo
from briefing_app.gui.numbers import count_text
from briefing_app.gui.workers import Latest

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the collection id; "" on the All Articles row
COUNT_COLUMN = 1
COLLECTION_MIME = "application/x-briefing-collection-id"  # a collection dragged in the tree


def tr(text: str) -> str:
    return QCoreApplication.translate("CollectionTree", text)


def _subtree(item: QStandardItem) -> list[str]:
    """The ids of a row and of every row under it."""
    out, todo = [], [item]
    while todo:
        node = todo.pop()
        out.append(node.data(ID_ROLE))
        todo.extend(node.child(r, 0) for r in range(node.rowCount()))
    return out


def _nested_in_itself(collection_id: str, by_id: dict) -> bool:
    """True when following the parents from a collection leads back to it."""
    seen, node = set(), by_id[collection_id].parent
    while node and node not in seen:
        if node == collection_id:
            return True
        seen.add(node)
        node = by_id[node].parent if node in by_id else None
    return False


class CollectionStore(QStandardItemModel):
    """The tree's rows; a collection dragged out carries its id."""

    def mimeTypes(self) -> list[str]:  # Qt override
        return [COLLECTION_MIME]

    def mimeData(self, indexes) -> QMimeData:  # Qt override
        ids = sorted({i.data(ID_ROLE) for i in indexes if i.data(ID_ROLE)})
        data = QMimeData()
        data.setData(COLLECTION_MIME, " ".join(ids).encode("utf-8"))
        return data

    def supportedDragActions(self) -> Qt.DropAction:  # Qt override
        return Qt.DropAction.MoveAction


class CollectionTree(QTreeView):
    # The collections whose articles to list (one and those nested in it); None: all articles.
    scope_changed = Signal(object)
    filed = Signal(list)  # article ids dropped onto a collection and filed there
    changed = Signal()  # a collection was made, renamed or deleted
    message = Signal(str)  # a line for the status bar
    counted = Signal()  # the counts shown are the catalog's now

    def __init__(
        self,
        workspace,
        parent=None,
        runner=None,
        *,
        waiting: bool = False,
        history: LibraryUndo | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("collectionTree")
        if history is None:  # on its own: its own history, and it follows its own steps
            history = LibraryUndo(workspace, self)
            history.stepped.connect(self._after_rename)
            history.message.connect(self.message)
        self.history = history
        # The catalog is being rebuilt in the background: no counts until it is ready (asking
        # for them would rebuild it here as well).
        self.waiting = waiting
        self.counts: dict[str, int] = {}  # as last counted
        self._shown_scope: list[str] | None = None  # the scope last told to the listing
        self.total = 0
        self.counter = Latest(runner, "collection counts", self)  # None: count in line
        self.counter.result.connect(self._show_counts)
        self.counter.failed.connect(self.message)
        self.setAccessibleName(tr("Collections"))
        self.workspace = workspace
        self.store = CollectionStore(0, 2, self)
        self.setModel(self.store)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragEnabled(True)  # a collection onto another
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self._paths: dict[str, str] = {}  # collection id → "Parent/Child"
        self._filling = False
        self._refresh_waiting = False
        self._seen: set[str] = set()  # collections shown before (new ones start expanded)
        self.customContextMenuRequested.connect(self._show_menu)
        self.store.itemChanged.connect(self._renamed)
        self.refresh()
        self.selectionModel().currentChanged.connect(self._on_current)

    # -- filling ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the collections and their counts again, keeping the choice and what is open.
        While a name is being edited, this waits for the edit to end (it would close it)."""
        if self.state() == QAbstractItemView.State.EditingState:
            self._refresh_waiting = True
            return
        self._refresh_waiting = False
        chosen = self.current_id()
        collapsed = self._collapsed()
        data = self.workspace.userdata
        try:
            collections = data.collections()
        except BriefingError as exc:
            collections = []
            self.message.emit(str(exc))
        counts, total = self.counts, self.total
        self._filling = True
        self.store.removeRows(0, self.store.rowCount())
        everything = self._row("", tr("All Articles"), total)
        everything[0].setEditable(False)
        self.store.appendRow(everything)
        items = {}
        by_id = {c.id: c for c in collections}
        self._paths = {c.id: data.shelf.path_of(c, by_id) for c in collections}
        for collection in sorted(collections, key=lambda c: c.name.casefold()):
            items[collection.id] = self._row(
                collection.id, collection.name, counts.get(collection.id, 0)
            )
        for collection in sorted(collections, key=lambda c: c.name.casefold()):
            parent = items.get(collection.parent) if collection.parent else None
            if parent is None or _nested_in_itself(collection.id, by_id):
                parent = everything  # a damaged file's loop is shown flat, never drawn round
            parent[0].appendRow(items[collection.id])
        self._filling = False
        self.expand(everything[0].index())
        for collection_id, row in items.items():
            if collection_id not in collapsed:
                self.expand(row[0].index())
        self._seen = set(items)
        self._select(chosen if chosen in items else "", emit=chosen not in items and chosen != "")
        if self.scope() != self._shown_scope:  # a collection moved into or out of the chosen one
            self._emit_scope()
        if not self.waiting:
            self._count([(c.id, c.parent) for c in collections])

    def _count(self, tree: list[tuple[str, str | None]]) -> None:
        """Count the articles of every collection (and all articles) again."""
        catalog = self.workspace.library.catalog
        self.counter.run(lambda: (catalog.current_count(), catalog.collection_counts(tree)))

    def _show_counts(self, counted: tuple[int, dict[str, int]]) -> None:
        self.total, self.counts = counted
        for item in self._items():
            collection_id = item.data(ID_ROLE)
            count = self.counts.get(collection_id, 0) if collection_id else self.total
            cell = self.store.itemFromIndex(item.index().siblingAtColumn(COUNT_COLUMN))
            self._filling = True
            cell.setText(count_text(count))
            self._filling = False
        self.counted.emit()

    def closeEditor(self, editor, hint) -> None:  # Qt override: a refresh held back now runs
        super().closeEditor(editor, hint)
        if self._refresh_waiting:
            QTimer.singleShot(0, self.refresh)

    def _row(self, collection_id: str, name: str, count: int) -> list[QStandardItem]:
        name_item = QStandardItem(name)
        name_item.setData(collection_id, ID_ROLE)
        name_item.setToolTip(self._paths.get(collection_id, name))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if collection_id:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if not self.workspace.read_only:
                flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        name_item.setFlags(flags)
        count_item = QStandardItem(count_text(count))
        count_item.setData(collection_id, ID_ROLE)
        count_item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
        count_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [name_item, count_item]

    def _collapsed(self) -> set[str]:
        """Collections shown before and closed by the analyst (kept closed on a refresh)."""
        out = set()
        for item in self._items():
            cid = item.data(ID_ROLE)
            if cid in self._seen and item.hasChildren() and not self.isExpanded(item.index()):
                out.add(cid)
        return out

    def _items(self) -> list[QStandardItem]:
        out, todo = [], [self.store.item(r, 0) for r in range(self.store.rowCount())]
        while todo:
            item = todo.pop()
            out.append(item)
            todo.extend(item.child(r, 0) for r in range(item.rowCount()))
        return out

    def item_of(self, collection_id: str) -> QStandardItem | None:
        for item in self._items():
            if item.data(ID_ROLE) == collection_id:
                return item
        return None

    def _select(self, collection_id: str, *, emit: bool = False) -> None:
        item = self.item_of(collection_id)
        if item is None:
            return
        self.selectionModel().blockSignals(not emit)
        self.setCurrentIndex(item.index())
        self.selectionModel().blockSignals(False)

    # -- what is chosen --------------------------------------------------------------------------
    def current_id(self) -> str:
        """The chosen collection's id ("" for All Articles or nothing)."""
        index = self.currentIndex()
        return index.data(ID_ROLE) or "" if index.isValid() else ""

    def path_of(self, collection_id: str) -> str:
        return self._paths.get(collection_id, "")

    def scope(self) -> list[str] | None:
        """The chosen collection and those nested in it, as the tree shows them (None: all)."""
        collection_id = self.current_id()
        if not collection_id:
            return None
        item = self.item_of(collection_id)
        return sorted(_subtree(item)) if item is not None else [collection_id]

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._emit_scope()

    def _emit_scope(self) -> None:
        self._shown_scope = self.scope()
        self.scope_changed.emit(self._shown_scope)

    # -- changes ---------------------------------------------------------------------------------
    def new_collection(self, parent_id: str = "") -> str | None:
        """Make a collection (inside `parent_id` when given) and open its name for editing."""
        name = self._free_name(parent_id)
        data = self.workspace.userdata
        try:
            made = data.create_collection(name, parent_id or None)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return None
        library_undo.created(self.history, made)
        self.refresh()
        self.changed.emit()
        self._select(made.id, emit=True)
        # Opened once the context menu is gone (its closing would end an editor opened now).
        QTimer.singleShot(0, lambda: self._edit_name(made.id))
        return made.id

    def _edit_name(self, collection_id: str) -> None:
        item = self.item_of(collection_id)
        if item is not None:
            self.setFocus()
            self.edit(item.index())

    def _free_name(self, parent_id: str) -> str:
        siblings = {
            c.name.casefold()
            for c in self.workspace.userdata.collections()
            if (c.parent or "") == parent_id
        }
        base = tr("New Collection")
        name, n = base, 2
        while name.casefold() in siblings:
            name, n = f"{base} {n}", n + 1
        return name

    def _renamed(self, item: QStandardItem) -> None:
        collection_id = item.data(ID_ROLE)
        if self._filling or item.column() != 0 or not collection_id:
            return
        data = self.workspace.userdata
        try:
            old = data.shelf.find(collection_id).name
            new = data.rename_collection(collection_id, item.text()).name
        except BriefingError as exc:
            self.message.emit(str(exc))
        else:
            if new != old:
                library_undo.renamed(self.history, collection_id, old, new)
        # Filled again once the edit is over: the item is still the editor's while it commits.
        QTimer.singleShot(0, self._after_rename)

    def _after_rename(self, *_args) -> None:
        self.refresh()
        self.changed.emit()

    def delete_collection(self, collection_id: str) -> bool:
        """Delete a collection after asking; its articles stay, its sub-collections move up."""
        path = self.path_of(collection_id)
        if not path or not self.confirm_delete(path):
            return False
        try:
            library_undo.delete_collection(self.history, collection_id)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return False
        chosen = self.current_id()
        self.refresh()
        if chosen == collection_id:
            self._select("", emit=True)
        self.changed.emit()
        self.message.emit(
            tr("Deleted the collection “{0}”; its articles stay. Undo brings it back.").format(path)
        )
        return True

    def confirm_delete(self, path: str) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Delete Collection"),
            tr(
                "Delete the collection “{0}”?\n\nThe articles in it stay in the library; "
                "collections inside it move up a level."
            ).format(path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- context menu ----------------------------------------------------------------------------
    def menu_at(self, pos: QPoint) -> QMenu:
        """The context menu for the row under `pos` (viewport coordinates)."""
        index = self.indexAt(pos)
        collection_id = index.data(ID_ROLE) if index.isValid() else ""
        writable = not self.workspace.read_only
        menu = QMenu(self)
        menu.setObjectName("collectionMenu")
        if collection_id:
            sub = menu.addAction(tr("New Sub-collection"))
            sub.setObjectName("newSubCollection")
            sub.triggered.connect(lambda: self.new_collection(collection_id))
            rename = menu.addAction(tr("Rename"))
            rename.setObjectName("renameCollection")
            rename.setShortcut(Qt.Key.Key_F2)
            rename.triggered.connect(lambda: self.edit(index.siblingAtColumn(0)))
            menu.addSeparator()
            delete = menu.addAction(tr("Delete Collection…"))
            delete.setObjectName("deleteCollection")
            delete.triggered.connect(lambda: self.delete_collection(collection_id))
            for action in (sub, rename, delete):
                action.setEnabled(writable)
        else:
            new = menu.addAction(tr("New Collection"))
            new.setObjectName("newCollection")
            new.setEnabled(writable)
            new.triggered.connect(lambda: self.new_collection(""))
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- dragging a collection, dropping articles or a collection -------------------------------
    def startDrag(self, _actions) -> None:  # Qt override: the tree is filled again on a drop,
        # so the view must not take the dragged row out afterwards as a moved row
        index = self.currentIndex()
        if not index.isValid() or not index.data(ID_ROLE) or self.workspace.read_only:
            return
        drag = QDrag(self)
        drag.setMimeData(self.store.mimeData([index]))
        drag.exec(Qt.DropAction.MoveAction)

    def _row_under(self, event) -> str | None:
        """The collection id under a drag ("" on All Articles); None off every row."""
        index = self.indexAt(event.position().toPoint())
        return index.data(ID_ROLE) or "" if index.isValid() else None

    def _target(self, event) -> str:
        """The collection under a drag of articles ("" when none, or when it carries none)."""
        if not event.mimeData().hasFormat(ARTICLE_IDS_MIME) or self.workspace.read_only:
            return ""
        return self._row_under(event) or ""

    def _new_parent(self, event) -> tuple[str, str] | None:
        """(collection dragged, where it goes: "" for the top level) for a collection dragged
        where it may go — not onto itself, inside itself, or where it is already."""
        if not event.mimeData().hasFormat(COLLECTION_MIME) or self.workspace.read_only:
            return None
        dragged = bytes(event.mimeData().data(COLLECTION_MIME)).decode("utf-8").split()
        under = self._row_under(event)
        item = self.item_of(dragged[0]) if len(dragged) == 1 else None
        if item is None or under is None:
            return None
        # Read from the tree's rows, not the library: this runs at every move of the mouse.
        parent = item.parent().data(ID_ROLE) or "" if item.parent() is not None else ""
        if under in _subtree(item) or under == parent:
            return None
        return dragged[0], under

    def dragEnterEvent(self, event) -> None:  # Qt override
        kinds = (ARTICLE_IDS_MIME, COLLECTION_MIME)
        if any(event.mimeData().hasFormat(k) for k in kinds) and not self.workspace.read_only:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # Qt override: only onto a collection
        move = self._new_parent(event)
        target = move[1] if move else self._target(event)
        if target or move:
            event.setDropAction(Qt.DropAction.MoveAction if move else Qt.DropAction.CopyAction)
            event.accept()
            item = self.item_of(target)
            self.selectionModel().blockSignals(True)  # show where they go, without listing it
            self.selectionModel().select(
                item.index(),
                self.selectionModel().SelectionFlag.ClearAndSelect
                | self.selectionModel().SelectionFlag.Rows,
            )
            self.selectionModel().blockSignals(False)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # Qt override
        self._select(self.current_id())
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:  # Qt override
        move = self._new_parent(event)
        if move is not None:
            self._select(self.current_id())
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.move_collection(*move)
            return
        target = self._target(event)
        ids = bytes(event.mimeData().data(ARTICLE_IDS_MIME)).decode("ascii").split()
        self._select(self.current_id())
        if not target or not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        try:
            library_undo.file_articles(self.history, ids, [target])
        except BriefingError as exc:
            self.message.emit(str(exc))
            return
        self.refresh()
        self.filed.emit(ids)
        self.message.emit(
            tr("{0} articles added to “{1}”.").format(count_text(len(ids)), self.path_of(target))
        )

    def move_collection(self, collection_id: str, parent_id: str) -> bool:
        """Nest a collection inside another ("": at the top level), as one undoable step."""
        data = self.workspace.userdata
        try:
            moving = data.shelf.find(collection_id)
            data.move_collection(collection_id, parent_id or None)
        except BriefingError as exc:
            self.message.emit(str(exc))
            return False
        library_undo.moved(self.history, collection_id, moving.parent, parent_id or None)
        self.refresh()
        self.changed.emit()
        name = moving.name
        if parent_id:
            self.message.emit(tr("Moved “{0}” into “{1}”.").format(name, self.path_of(parent_id)))
        else:
            self.message.emit(tr("Moved “{0}” to the top level.").format(name))
        return True
