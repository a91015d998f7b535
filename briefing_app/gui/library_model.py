"""The Library table: every current article, read from the catalog a page at a time.

Opening, sorting and filtering ask the catalog for the first page only (a LIMIT query, which
SQLite answers with a top-N sort) and the count. The first time the view needs a row beyond
it, the model reads the ordered ids once (ids only) and from then on fetches any page by id,
so scrolling deep never pays for an ever larger OFFSET. Tags come from the articles' user
files, a page at a time.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from briefing_app.core.errors import BriefingError

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
        self._tags: dict[str, list[str]] = {}
        self.error = ""
        self.refresh()

    # -- what is shown -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget every fetched page and count again (after an import, a delete, a filter)."""
        self.beginResetModel()
        self._pages.clear()
        self._order = None
        self._tags.clear()
        if self.waiting:
            self.total, self.error = 0, self.tr("Rebuilding the catalog…")
            self.endResetModel()
            return
        try:
            listing = self._listing(0, PAGE_SIZE)
            self.total = listing.total
            if listing.entries:
                self._store(0, listing.entries)
            self.error = ""
        except BriefingError as exc:
            self.total, self.error = 0, str(exc)
        self.endResetModel()

    def _listing(self, offset: int, limit: int):
        return self.workspace.library.catalog.listing(
            sort=self.sort_key,
            descending=self.descending,
            filters=self._criteria(),
            limit=limit,
            offset=offset,
        )

    def _criteria(self) -> dict:
        """The catalog filters of the filter box: its words (`text`) and its `tag:`,
        `collection:` and `note:` terms."""
        filters: dict = {}
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
        if self.search_ids is not None:
            filters["ids"] = self.search_ids
        return filters

    def set_search_ids(self, ids: list[str] | None) -> None:
        """Show only these articles (the search box's hits), in the table's own order;
        None shows the whole library again. The filter box narrows them further."""
        if ids != self.search_ids:
            self.search_ids = None if ids is None else list(ids)
            self.refresh()

    def set_filter(self, text: str) -> None:
        text = text.strip()
        if text != self.text:
            self.text = text
            self.refresh()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:  # Qt override
        key = self.columns[column][1]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
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
        if self._order is None:
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
