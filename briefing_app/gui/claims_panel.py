"""The claims outline dock: a filter box over a tree of the open article's claims.

The panel only emits intent: `claim_selected` when the current row changes (the reader
highlights it) and `quote_requested` on double-click or Enter (the brief inserts it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.article import Article
from briefing_app.gui.claims_model import HIGHLIGHT_ROLE, KIND_ROLE, SPAN_ROLE, ClaimsModel


class ClaimsPanel(QWidget):
    """Outline of the open article: reported statements by speaker, assessments, sources."""

    claim_selected = Signal(int, int)  # start, end in Article.text
    quote_requested = Signal(str, int, int)  # article id, start, end

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self.model = ClaimsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self._build_ui()
        self._connect_signals()
        self.set_article(None)

    def _build_ui(self) -> None:
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("claimsFilter")
        self.filter_box.setPlaceholderText(self.tr("Filter claims…"))
        self.filter_box.setAccessibleName(self.tr("Filter claims"))
        self.filter_box.setClearButtonEnabled(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("claimsTree")
        self.tree.setAccessibleName(self.tr("Claims outline"))
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)  # double-click quotes a claim
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(self.tr("Open an article to see its claims."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)

    def _connect_signals(self) -> None:
        self.filter_box.textChanged.connect(self._apply_filter)
        # Double-click and Enter quote, once each. Not `activated` too: Qt emits it for the same
        # double-click (or for a single click, on platforms that activate on one), which
        # inserted the quotation twice.
        self.tree.doubleClicked.connect(self._quote_index)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        """Enter or Return on a claim quotes it (the tree's own `activated` is not used)."""
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._quote_index(self.tree.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def set_article(self, article: Article | None) -> None:
        """Show the outline of `article` (None: the empty state)."""
        self.model.set_article(article)
        self.tree.expandAll()
        has_rows = self.model.rowCount() > 0
        self.tree.setVisible(has_rows)
        self.filter_box.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        if article is not None and not has_rows:
            self.empty_label.setText(self.tr("No claims were found in this article."))
        elif article is None:
            self.empty_label.setText(self.tr("Open an article to see its claims."))

    @property
    def article(self) -> Article | None:
        return self.model.article

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        span = current.data(HIGHLIGHT_ROLE) if current.isValid() else None
        if span:
            self.claim_selected.emit(*span)

    def _quote_index(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) != "claim" or self.article is None:
            return
        span = index.data(SPAN_ROLE)
        if span:
            self.quote_requested.emit(self.article.id, *span)

    def find_rows(self, text: str) -> list[QModelIndex]:
        """Proxy indexes (column 0) whose label contains `text` (used by tests and shortcuts)."""
        found = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if text in (index.data() or ""):
                    found.append(index)
                stack.append(index)
        return found
