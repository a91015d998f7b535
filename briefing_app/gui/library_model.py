"""The Library table: every current article, read from the catalog a page at a time.

Opening, sorting and filtering ask the catalog for the first page only (a LIMIT query, which
SQLite answers with a top-N sort) and the count. The first time the view needs a row beyond
it, the model reads the ordered ids once (ids only) and from then on fetches any page by id,
so scrolling deep never pays for an ever larger OFFSET. Following the search box, the
matches narrow that order in memory. Tags come from the catalog, a page at a time.
"""

from __future__ import annotations

import re
from itertools import islice

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QMimeData, QModelIndex, Qt

from briefing_app.core.errors import BriefingError
from briefing_app.gui.tag_chips import TAGS_ROLE

PAGE_SIZE = 200
# `tag:energy`, `collection:"Project/Gas"`, `note:pipeline` in the filter box.
_FIELD = re.compile(r'\b(tag|collection|note):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
# What the Type column says for a stored original's media type.
_KINDS = {
    "text/html": "HTML",
    "application/pdf": "PDF",
    "text/plain": "Text",
    "text/markdown": "Markdown",
}
ID_ROLE = Qt.ItemDataRole.UserRole
# Rows dragged out of the table (onto a collection): their article ids, one a line.
ARTICLE_IDS_MIME = "application/x-briefing-article-ids"
TAGS_COLUMN = 5


def tr(text: str) -> str:
    return QCoreApplication.translate("LibraryModel", text)


# (header, catalog sort key or None when the column cannot be sorted in the catalog)
def columns() -> list[tuple[str, str | None]]:
    return [
        (tr("Title"), "title"),
        (tr("Authors"), "author"),
        (tr("Publisher"), "publisher"),
        (tr("Date"), "published"),
        (tr("Type"), "type"),
        (tr("Tags"), None),
        (tr("Claims"), "claims"),
        (tr("Added"), "imported"),
    ]


class LibraryModel(QAbstractTableModel):
    def __init__(self, workspace, parent=None, *, waiting: bool = False):
        super().__init__(parent)
        self.workspace = workspace
        # While the catalog is rebuilt in the background, nothing asks it (an ask would
        # rebuild it here, on the GUI thread): the table stays empty until `catalog_ready`.
        self.waiting = waiting
        self.columns = columns()
        self.sort_key = "imported"
        self.descending = True
        self.text = ""
        self.search_ids: list[str] | None = None  # the Search panel's hits (None: no search)
        self.total = 0
        self._pages: dict[int, list] = {}
        self._order: list[str] | None = None  # every id in order, read when first needed
        self._unsearched: list[str] | None = None  # the order without the search box's matches
        self._unsearched_set: frozenset[str] = frozenset()
        self._wanted: set[str] | None = None  # the search box's matches the order is narrowed to
        self._tags: dict[str, list[str]] = {}
        self.tag_colours: dict[str, str] = {}  # read once a refresh, for the chips
        # The sidebar's choice: collection ids (a collection and those nested in it), a tag.
        self.scope_collections: list[str] | None = None
        self.scope_tag: str | None = None
        self.error = ""
        self.refresh()

    # -- what is shown -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget every fetched page and count again (after an import, a delete, a filter)."""
        self._unsearched = None
        self._reset()

    def _reset(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._order = None
        self._wanted = None  # (set again by `_first_page` when the search box has matches)
        self._tags.clear()
        if self.waiting:
            self.total, self.error = 0, self.tr("Rebuilding the catalog…")
            self.endResetModel()
            return
        try:
            self.tag_colours = self.workspace.userdata.shelf.tag_colours()
        except BriefingError:
            self.tag_colours = {}  # a damaged collections file: the chips go plain, rows stay
        try:
            self.total, entries = self._first_page()
            if entries:
                self._store(0, entries)
            self.error = ""
        except BriefingError as exc:
            self.total, self.error = 0, str(exc)
        self.endResetModel()

    def _first_page(self) -> tuple[int, list]:
        """(rows in all, the entries of the first page).

        Following the search box, the table's own order is read once (ids only) and each
        new set of matches narrows it in memory: asking the catalog for a page of tens of
        thousands of ids made every keystroke join them in SQLite on the GUI thread. The
        order ends on the id, so the narrowed list is the order the catalog would give.
        """
        if self.search_ids is None:
            listing = self._listing(0, PAGE_SIZE)
            return listing.total, listing.entries
        wanted = set(self.search_ids)
        criteria = self._criteria()
        if self._unsearched is None or (not criteria and not wanted <= self._unsearched_set):
            # (A match the whole library's order lacks: another process added it since.)
            self._unsearched = self.workspace.library.catalog.ordered_ids(
                sort=self.sort_key, descending=self.descending, filters=criteria
            )
            self._unsearched_set = frozenset(self._unsearched)
        self._wanted = wanted
        # The first page only: the whole narrowed order waits until a later page is shown
        # (a common word matches most of the library, and each keystroke narrows again).
        first = list(islice(filter(wanted.__contains__, self._unsearched), PAGE_SIZE))
        held = self._unsearched_set
        total = len(wanted) if wanted <= held else len(held.intersection(wanted))
        return total, self.workspace.library.catalog.entries(first)

    def _listing(self, offset: int, limit: int):
        return self.workspace.library.catalog.listing(
            sort=self.sort_key,
            descending=self.descending,
            filters=self._criteria(),
            limit=limit,
            offset=offset,
        )

    def _criteria(self) -> dict:
        """The catalog filters of the filter box (its words, `text`, and its `tag:`,
        `collection:` and `note:` terms) and of the sidebar. The search box's matches are not
        one of them: they narrow the order these give (`_first_page`)."""
        filters: dict = {}
        if self.scope_collections is not None:
            filters["collection"] = self.scope_collections
        if self.scope_tag is not None:
            filters["tag"] = self.scope_tag
        for name, quoted, bare in _FIELD.findall(self.text):
            value = quoted or bare
            if name.lower() == "collection":
                data = self.workspace.userdata
                try:
                    wanted = data.shelf.descendants(data.shelf.find(value).id)
                except BriefingError:
                    wanted = {value}  # no such collection: it matches nothing
                filters["collection"] = sorted(wanted)
            else:
                filters[name.lower()] = value
        words = " ".join(_FIELD.sub(" ", self.text).split())
        if words:
            filters["text"] = words
        return filters

    def set_search_ids(self, ids: list[str] | None) -> None:
        """Show only these articles (the search box's hits), in the table's own order;
        None shows the whole library again. The filter box narrows them further."""
        if ids != self.search_ids:
            self.search_ids = None if ids is None else list(ids)
            self._reset()  # the table's own order stays: only the matches changed

    def set_scope(self, collections: list[str] | None, tag: str | None) -> None:
        """The sidebar's choice: only these collections' articles (None: every collection),
        only those with this tag (None: any). The filter box's own `collection:` or `tag:`
        term takes the place of the sidebar's."""
        if (collections, tag) != (self.scope_collections, self.scope_tag):
            self.scope_collections = None if collections is None else sorted(collections)
            self.scope_tag = tag
            self.refresh()

    def set_filter(self, text: str) -> None:
        text = text.strip()
        if text != self.text:
            self.text = text
            self.refresh()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # Qt override
        key = self.columns[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self.sort_key, self.descending):
            return  # (the view asks once more for the order it already has when it opens)
        self.sort_key = key
        self.descending = descending
        self.refresh()

    # -- fetching ------------------------------------------------------------------------------
    def entry(self, row: int):
        """The catalog entry at `row`, fetching its page when it is not loaded yet."""
        page = row // PAGE_SIZE
        if page not in self._pages:
            ids = self.ordered_ids()[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            self._store(page, self.workspace.library.catalog.entries(ids))
        entries = self._pages[page]
        index = row - page * PAGE_SIZE
        return entries[index] if index < len(entries) else None

    def ordered_ids(self) -> list[str]:
        """Every id the table shows, in its order (one ids-only query per sort and filter)."""
        if self._order is None and self._wanted is not None:
            self._order = list(filter(self._wanted.__contains__, self._unsearched or []))
        elif self._order is None:
            self._order = self.workspace.library.catalog.ordered_ids(
                sort=self.sort_key, descending=self.descending, filters=self._criteria()
            )
        return self._order

    def _store(self, page: int, entries: list) -> None:
        self._pages[page] = entries
        # From the catalog in one query (reading each article's user file took most of a
        # page's time, so of following a search).
        self._tags.update(self.workspace.library.catalog.tags_of([e.id for e in entries]))

    def loaded_pages(self) -> int:
        return len(self._pages)

    def id_at(self, row: int) -> str | None:
        entry = self.entry(row)
        return entry.id if entry else None

    def row_of(self, article_id: str) -> int:
        """The row of an article among the pages fetched so far (-1 when not fetched)."""
        for page, entries in self._pages.items():
            for i, entry in enumerate(entries):
                if entry.id == article_id:
                    return page * PAGE_SIZE + i
        return -1

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # Qt override
        return 0 if parent is not None and parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # Qt override
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:  # Qt override: rows can be dragged
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # Qt override
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:  # Qt override: the dragged rows' ids
        rows = sorted({i.row() for i in indexes})
        ids = [i for i in (self.id_at(r) for r in rows) if i]
        data = QMimeData()
        data.setData(ARTICLE_IDS_MIME, "\n".join(ids).encode("ascii"))
        return data

    def supportedDragActions(self) -> Qt.DropAction:  # Qt override: filing copies
        return Qt.DropAction.CopyAction

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == ID_ROLE:
            return entry.id
        if role == TAGS_ROLE:
            return self._tags.get(entry.id, [])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{entry.title}\n{entry.key}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return entry.title or entry.key
        if column == 1:
            return "; ".join(entry.authors)
        if column == 2:
            return entry.metadata.publisher
        if column == 3:
            return entry.metadata.published
        if column == 4:
            return _KINDS.get(entry.media_type, entry.media_type)
        if column == 5:
            return ", ".join(self._tags.get(entry.id, []))
        if column == 6:
            return entry.claims
        return (entry.imported_at or "")[:10]
