"""The Highlights panel: the passages marked in the article in front.

A highlight is made from the reader's selection (Ctrl+Shift+H, or the panel's button), listed
here with its colour, paragraph and comment, quoted into the brief like a claim (Enter, or
the Quote button), and removed. A highlight whose words a new version of the article no
longer has is listed as orphaned, with its words, and cannot be quoted.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.errors import BriefingError
from briefing_app.core.highlights import Placed


def tr(text: str) -> str:
    return QCoreApplication.translate("HighlightsPanel", text)


HIGHLIGHT_SHORTCUT = "Ctrl+Shift+H"
# Named colours as the reader paints them (light enough for text over them in both schemes
# once drawn translucent).
RGB = {
    "yellow": (255, 214, 10),
    "green": (80, 200, 120),
    "blue": (90, 160, 255),
    "pink": (255, 120, 180),
    "orange": (255, 150, 40),
}
ROLE_ID = Qt.ItemDataRole.UserRole


def colour_of(name: str, alpha: int = 255) -> QColor:
    """The QColor of a highlight colour (a name or #rrggbb)."""
    colour = QColor(*RGB[name]) if name in RGB else QColor(name)
    colour.setAlpha(alpha)
    return colour


def colour_names() -> dict[str, str]:
    return {
        "yellow": tr("Yellow"),
        "green": tr("Green"),
        "blue": tr("Blue"),
        "pink": tr("Pink"),
        "orange": tr("Orange"),
    }


def _swatch(name: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour_of(name))
    return QIcon(pixmap)


class HighlightsPanel(QWidget):
    quote_requested = Signal(str, int, int)  # article id, start, end in Article.text
    show_requested = Signal(str, int, int)  # scroll the reader to a highlight
    changed = Signal(str)  # an article's highlights changed (the reader repaints them)
    failed = Signal(str)

    COLUMNS = 3  # quote, paragraph, comment

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("highlightsPanel")
        self.workspace = workspace
        self.article = None
        self.placed: list[Placed] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tree = QTreeWidget()
        self.tree.setObjectName("highlightsTree")
        self.tree.setAccessibleName(self.tr("Highlights"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Passage"), self.tr("¶"), self.tr("Comment")])
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 44)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(
            QTreeWidget.EditTrigger.EditKeyPressed | QTreeWidget.EditTrigger.SelectedClicked
        )
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.colour_box = QComboBox()
        self.colour_box.setObjectName("highlightColour")
        self.colour_box.setAccessibleName(self.tr("Colour of new highlights"))
        for name, label in colour_names().items():
            self.colour_box.addItem(_swatch(name), label, name)
        self.add_button = QPushButton(self.tr("&Highlight Selection"))
        self.add_button.setObjectName("addHighlight")
        self.add_button.setToolTip(
            self.tr("Mark the passage selected in the article ({0})").format(
                QKeySequence(HIGHLIGHT_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.quote_button = QPushButton(self.tr("&Quote in Brief"))
        self.quote_button.setObjectName("quoteHighlight")
        self.quote_button.setToolTip(self.tr("Insert the highlighted passage, with its citation"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removeHighlight")
        for widget in (self.colour_box, self.add_button, self.quote_button, self.remove_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.quote_button.clicked.connect(self.quote_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.tree.itemActivated.connect(lambda _item, _col: self.quote_current())
        # itemSelectionChanged carries no item: a slot holding items that clear() deletes
        # crashes PySide's garbage collection at exit.
        self.tree.itemSelectionChanged.connect(self._on_current_changed)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.set_article(None)

    # -- showing -----------------------------------------------------------------------------
    def set_article(self, article) -> None:
        self.article = article
        self.reload()

    def reload(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self.placed = []
        if self.article is not None:
            try:
                self.placed = self.workspace.userdata.highlights(self.article.id)
            except BriefingError as exc:
                self.failed.emit(str(exc))
        for placed in self.placed:
            self.tree.addTopLevelItem(self._item(placed))
        self.tree.blockSignals(False)
        writable = self.article is not None and not self.workspace.read_only
        self.add_button.setEnabled(writable)
        self.colour_box.setEnabled(writable)
        self._on_current_changed()

    def _item(self, placed: Placed) -> QTreeWidgetItem:
        h = placed.highlight
        item = QTreeWidgetItem([f"“{h.quote}”", "", h.comment])
        item.setData(0, ROLE_ID, h.id)
        item.setIcon(0, _swatch(h.colour) if h.colour in RGB else QIcon())
        item.setToolTip(0, h.quote)
        if placed.orphaned:
            item.setText(1, self.tr("orphaned"))
            item.setToolTip(
                1,
                self.tr(
                    "The article changed and these words are no longer in it: the highlight "
                    "is kept with its words but not attached to any passage."
                ),
            )
            font = item.font(0)
            font.setItalic(True)
            item.setFont(0, font)
        else:
            item.setText(1, str(self.article.paragraph_at(placed.start)))
        if not self.workspace.read_only:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def spans(self) -> list[tuple[int, int, str]]:
        """(start, end, colour) of the highlights placed in the text, for the reader."""
        return [(p.start, p.end, p.highlight.colour) for p in self.placed if not p.orphaned]

    def current(self) -> Placed | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        wanted = item.data(0, ROLE_ID)
        return next((p for p in self.placed if p.highlight.id == wanted), None)

    def _on_current_changed(self) -> None:
        placed = self.current()
        self.quote_button.setEnabled(placed is not None and not placed.orphaned)
        self.remove_button.setEnabled(placed is not None and not self.workspace.read_only)
        if placed is not None and not placed.orphaned:
            self.show_requested.emit(self.article.id, placed.start, placed.end)

    # -- acting ------------------------------------------------------------------------------
    def highlight(self, start: int, end: int) -> bool:
        """Mark Article.text[start:end] of the article shown, in the chosen colour."""
        if self.article is None:
            return False
        try:
            made = self.workspace.userdata.add_highlight(
                self.article.id, start, end, colour=self.colour_box.currentData()
            )
        except BriefingError as exc:
            self.failed.emit(str(exc))
            return False
        self.reload()
        self._select(made.id)
        self.changed.emit(self.article.id)
        return True

    def _select(self, highlight_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ROLE_ID) == highlight_id:
                self.tree.setCurrentItem(item)

    def quote_current(self) -> None:
        placed = self.current()
        if placed is not None and not placed.orphaned:
            self.quote_requested.emit(self.article.id, placed.start, placed.end)

    def remove_current(self) -> None:
        placed = self.current()
        if placed is None:
            return
        try:
            self.workspace.userdata.remove_highlight(self.article.id, placed.highlight.id)
        except BriefingError as exc:
            self.failed.emit(str(exc))
        self.reload()
        self.changed.emit(self.article.id)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self.article is None:
            return
        if column != 2:
            self.reload()  # only the comment is editable; put the passage back as stored
            return
        try:
            self.workspace.userdata.update_highlight(
                self.article.id, item.data(0, ROLE_ID), comment=item.text(2)
            )
        except BriefingError as exc:
            self.failed.emit(str(exc))
        self.placed = self.workspace.userdata.highlights(self.article.id)
