"""The claims outline dock: a filter box over a tree of the open article's claims.

The panel only emits intent: `claim_selected` when the current row changes (the reader
highlights it) and `quote_requested` on double-click or Enter (the brief inserts it).
Corrections (context menu, Delete, F2) are stored by `claim_corrections.CorrectionFlow` when the
window gives the panel its library.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.article import Article
from briefing_app.core.claims import corrections as claim_corrections
from briefing_app.core.errors import BriefingError
from briefing_app.gui.claim_corrections import CorrectionFlow, claim_menu_actions
from briefing_app.gui.claims_model import (
    CLAIM_ROLE,
    HIGHLIGHT_ROLE,
    KIND_ROLE,
    SPAN_ROLE,
    ClaimsModel,
)


class ClaimsPanel(QWidget):
    """Outline of the open article: reported statements by speaker, assessments, sources."""

    claim_selected = Signal(int, int)  # start, end in Article.text
    quote_requested = Signal(str, int, int)  # article id, start, end

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self.model = ClaimsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.corrections = CorrectionFlow(self)
        self.stale_corrections: list = []
        # Set by the window: () -> (start, end) of the text selected in the reader, or None.
        self.selection_provider = None
        self._build_ui()
        self._connect_signals()
        self.set_article(None)

    def __del__(self) -> None:
        """The panel's Python side is going: its tree stops asking the model. When the panel
        goes in a collection of unreachable objects, it is finalised before the collector
        clears any of their attributes (the model's outline among them), and its Qt object,
        still shown, is destroyed after: hiding the tree then would ask the model for rows."""
        tree = getattr(self, "tree", None)  # None when __init__ failed before making it
        if tree is not None and shiboken6.isValid(tree):
            tree.setModel(None)

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
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(self.tr("Open an article to see its claims."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        self.stale_label = QLabel(self)
        self.stale_label.setObjectName("staleCorrections")
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stale_label)
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
        self.tree.customContextMenuRequested.connect(self._context_menu)

    def set_library(self, library) -> None:
        """Let the analyst correct claims; corrections are stored in `library`."""
        self.corrections.library = library
        self.show_corrections()

    def show_corrections(self) -> None:
        """Show the open article again with its stored corrections applied."""
        self.set_article(self.article)

    def _corrected(self, article: Article | None):
        library = self.corrections.library
        if article is None or library is None:
            return None, []
        try:
            return claim_corrections.corrected_claims(library, article)
        except BriefingError as exc:  # a damaged corrections file: show what was extracted
            self.empty_label.setText(str(exc))
            return None, []

    def people(self) -> list[str]:
        """The open article's speakers (after corrections), for choosing a speaker."""
        if self.article is None:
            return []
        claims, _stale = self._corrected(self.article)
        return claim_corrections.people(self.article, claims)

    def selected_passage(self) -> tuple[int, int] | None:
        span = self.selection_provider() if self.selection_provider else None
        return span if span and span[0] < span[1] else None

    def current_claim(self) -> dict | None:
        index = self.tree.currentIndex()
        if not index.isValid() or index.data(KIND_ROLE) != "claim":
            return None
        return index.data(CLAIM_ROLE)

    def _context_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        claim = index.data(CLAIM_ROLE) if index.isValid() else None
        menu = QMenu(self)
        claim_menu_actions(self, menu, claim)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _correction_key(self, key) -> bool:
        """Delete rejects the current claim, F2 sets its speaker; True when handled."""
        claim = self.current_claim()
        if claim is None or not self.corrections.available():
            return False
        if key == Qt.Key.Key_Delete:
            self.corrections.reject(claim)
            return True
        if key == Qt.Key.Key_F2 and claim.get("kind") == "reported":
            self.corrections.set_speaker(claim)
            return True
        return False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        """Enter or Return on a claim quotes it (the tree's own `activated` is not used);
        Delete and F2 correct it."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._quote_index(self.tree.currentIndex())
                return True
            if self._correction_key(event.key()):
                return True
        return super().eventFilter(watched, event)

    def set_article(self, article: Article | None) -> None:
        """Show the outline of `article` (None: the empty state)."""
        claims, self.stale_corrections = self._corrected(article)
        self.model.set_article(article, claims)
        self.tree.expandAll()
        has_rows = self.model.rowCount() > 0
        self.tree.setVisible(has_rows)
        self.filter_box.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        if article is not None and not has_rows:
            self.empty_label.setText(self.tr("No claims were found in this article."))
        elif article is None:
            self.empty_label.setText(self.tr("Open an article to see its claims."))
        self._report_stale()

    def _report_stale(self) -> None:
        """Corrections whose passage changed are said, never dropped in silence."""
        if not self.stale_corrections:
            self.stale_label.hide()
            return
        self.stale_label.setText(
            self.tr(
                "%Ln correction(s) no longer apply: the text they point at has changed.",
                "",
                len(self.stale_corrections),
            )
        )
        self.stale_label.setToolTip(
            "\n".join(
                f"{p.correction['action']}: {p.correction['text'][:80]}"
                for p in self.stale_corrections
            )
        )
        self.stale_label.show()

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
