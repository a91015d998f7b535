"""The claims outline as a Qt item model: sections → speakers → claims, and cited sources.

The tree itself is plain Python (`OutlineNode`), built from the article's claim dicts; the
model only exposes it to views. Rows never change in place: a new article resets the model.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from briefing_app.core.article import Article
from briefing_app.gui import outline_tree
from briefing_app.gui.outline_tree import OutlineNode
from briefing_app.gui.reader import QUOTE_MIME, quote_mime_data

SPAN_ROLE = Qt.ItemDataRole.UserRole + 1  # (start, end) of what a quotation takes, or None
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "section", "speaker", "claim" or "source"
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 3  # the claim dict (claims only)
HEDGED_ROLE = Qt.ItemDataRole.UserRole + 4
HIGHLIGHT_ROLE = (
    Qt.ItemDataRole.UserRole + 5
)  # (start, end) of the whole claim, speaker and cue too

COLUMNS = 2  # text, paragraph number
_NO_INDEX = QModelIndex()  # the invalid index, as a default argument


def tr(text: str) -> str:
    return QCoreApplication.translate("ClaimsModel", text)


def build_outline(article: Article | None) -> OutlineNode:
    """The outline tree with its labels translated."""
    return outline_tree.build_outline(article, tr)


class ClaimsModel(QAbstractItemModel):
    """A read-only tree model over `build_outline(article)`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = OutlineNode("root", "")
        self.article: Article | None = None

    def set_article(self, article: Article | None, claims: list[dict] | None = None) -> None:
        """Show the outline of `article` (None clears it); `claims` replace its stored claims
        (the analyst's corrections applied) while `article` stays the object shown."""
        self.beginResetModel()
        self.article = article
        shown = article if claims is None or article is None else replace(article, claims=claims)
        self._root = build_outline(shown)
        self.endResetModel()

    def node(self, index: QModelIndex) -> OutlineNode:
        return index.internalPointer() if index.isValid() else self._root

    # -- Qt overrides -------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=_NO_INDEX) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index=_NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent=_NO_INDEX) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent=_NO_INDEX) -> int:
        return COLUMNS

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.node(index).kind == "claim":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [QUOTE_MIME, "text/plain"]

    def mimeData(self, indexes) -> QMimeData | None:  # Qt override: a dragged claim is a quote
        for index in indexes:
            node = self.node(index)
            if node.kind == "claim" and node.span and self.article is not None:
                start, end = node.span
                return quote_mime_data(self.article.id, start, end, self.article.text[start:end])
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (tr("Claim"), tr("¶"))[section] if 0 <= section < COLUMNS else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:
                return str(node.paragraph) if node.paragraph else ""
            return f"{node.label}  ⚠" if node.hedged else node.label
        return self._extra_data(node, index.column(), role)

    def _extra_data(self, node: OutlineNode, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip or node.label
        if role == Qt.ItemDataRole.FontRole and (
            node.kind in ("section", "speaker") or node.hedged
        ):
            font = QFont()
            font.setBold(node.kind != "claim")
            font.setItalic(node.hedged)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and node.hedged:
            return tr("hedged claim")
        if role == SPAN_ROLE:
            return node.span
        if role == HIGHLIGHT_ROLE:
            return node.highlight or node.span
        if role == KIND_ROLE:
            return node.kind
        if role == CLAIM_ROLE:
            return node.claim
        if role == HEDGED_ROLE:
            return node.hedged
        return None
