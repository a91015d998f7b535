"""The Library's tag list: every tag in use with its colour and how many articles carry it.

Click a tag to list only its articles (within the collection chosen above); "Any Tag" lists
them all again. Right-click a tag to give it a colour: one of the highlight colours, any
other (a colour dialog) or none. The counts are one catalog aggregate (`UserData.tag_counts`),
counted off the GUI thread when a task runner is given (the list shows the last counts until
the new ones are back). While a collection is chosen they count its articles (those of the
collections nested in it included); every tag in use stays listed, so a tag chosen stays
chosen when the collection changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem

from briefing_app.core.errors import BriefingError
from briefing_app.gui.numbers import count_text
from briefing_app.gui.tag_chips import add_colour_actions, colour_for, dot_icon, store_colour
from briefing_app.gui.workers import Latest

TAG_ROLE = Qt.ItemDataRole.UserRole + 1  # the tag; "" on the Any Tag row


def tr(text: str) -> str:
    return QCoreApplication.translate("TagList", text)


class TagList(QTreeWidget):
    tag_chosen = Signal(object)  # the tag to list (None: any)
    colours_changed = Signal()  # a tag's colour was set or cleared
    counted = Signal()  # the counts shown are the catalog's now
    message = Signal(str)

    def __init__(self, workspace, parent=None, runner=None, *, waiting: bool = False):
        super().__init__(parent)
        self.setObjectName("tagList")
        self.waiting = waiting  # the catalog is being rebuilt: no counts until it is ready
        self.counts: dict[str, int] = {}  # as last counted
        self.scope: list[str] | None = None  # the collections counted in (None: everything)
        self.counter = Latest(runner, "tag counts", self)  # None: count in line
        self.counter.result.connect(self._counted)
        self.counter.failed.connect(self.message)
        self.setAccessibleName(tr("Tags"))
        self.workspace = workspace
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.customContextMenuRequested.connect(self._show_menu)
        self.colours: dict[str, str] = {}
        self.refresh()
        self.currentItemChanged.connect(self._on_current)

    def refresh(self) -> None:
        """Show the colours now and the last counts, and count again."""
        try:
            self.colours = self.workspace.userdata.shelf.tag_colours()
        except BriefingError as exc:
            self.colours = {}
            self.message.emit(str(exc))
        self._fill()
        self._count()

    def set_scope(self, collections: list[str] | None) -> None:
        """Count the articles of these collections (ids; None: of the whole library)."""
        self.scope = None if collections is None else list(collections)
        self._count()

    def _count(self) -> None:
        if not self.waiting:
            scope, data = self.scope, self.workspace.userdata
            self.counter.run(lambda: data.tag_counts(scope))

    def _counted(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._fill()
        self.counted.emit()

    def _fill(self) -> None:
        chosen, counts = self.current_tag(), self.counts
        self.blockSignals(True)
        self.clear()
        everything = QTreeWidgetItem(self, [tr("Any Tag"), ""])
        everything.setData(0, TAG_ROLE, "")
        for tag, count in counts.items():
            item = QTreeWidgetItem(self, [tag, count_text(count)])
            item.setData(0, TAG_ROLE, tag)
            item.setIcon(0, dot_icon(colour_for(tag, self.colours)))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        found = self.item_of(chosen or "")
        self.setCurrentItem(found or everything)
        self.blockSignals(False)
        if chosen and found is None:  # the tag is gone: list every article again
            self.tag_chosen.emit(None)

    def item_of(self, tag: str) -> QTreeWidgetItem | None:
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.data(0, TAG_ROLE).casefold() == tag.casefold():
                return item
        return None

    def current_tag(self) -> str | None:
        item = self.currentItem()
        return (item.data(0, TAG_ROLE) or None) if item is not None else None

    def _on_current(self, *_args) -> None:
        self.tag_chosen.emit(self.current_tag())

    # -- colours ---------------------------------------------------------------------------------
    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The context menu of the tag under `pos` (viewport coordinates); None off a tag."""
        item = self.itemAt(pos)
        tag = item.data(0, TAG_ROLE) if item is not None else ""
        if not tag:
            return None
        menu = QMenu(self)
        menu.setObjectName("tagMenu")
        menu.addSection(tr("Colour of “{0}”").format(tag))
        add_colour_actions(menu, tag, colour_for(tag, self.colours), self.set_colour)
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and not self.workspace.read_only)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def set_colour(self, tag: str, colour: str | None) -> None:
        refused = store_colour(self.workspace, tag, colour)
        if refused:
            self.message.emit(refused)
            return
        self.refresh()
        self.colours_changed.emit()
