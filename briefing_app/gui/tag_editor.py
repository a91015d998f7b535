"""The tags of the article in front, above its note: chips in their colours and a box to add
more (completing the tags in use). Right-click a chip to colour the tag or take it off the
article."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QMenu, QSizePolicy, QWidget

from briefing_app.core.errors import BriefingError
from briefing_app.gui.tag_chips import add_colour_actions, colour_for, paint_chips, store_colour


def tr(text: str) -> str:
    return QCoreApplication.translate("TagEditor", text)


class ChipStrip(QWidget):
    """A row of tag chips; a right-click on one opens its menu (`menu_for`)."""

    def __init__(self, owner: TagEditor):
        super().__init__(owner)
        self.owner = owner
        self.tags: list[str] = []
        self.colours: dict[str, str] = {}
        self._chips: list[tuple[str, QRect]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # Qt override: one row of chips
        return QSize(200, self.fontMetrics().height() + 10)

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(40, self.sizeHint().height())

    def show_tags(self, tags: list[str], colours: dict[str, str]) -> None:
        self.tags, self.colours = list(tags), dict(colours)
        self.setToolTip(", ".join(tags))
        self.update()

    def paintEvent(self, _event) -> None:  # Qt override
        painter = QPainter(self)
        self._chips = paint_chips(painter, self.rect(), self.tags, self.colours, self.palette())
        painter.end()

    def chip_at(self, pos: QPoint) -> str | None:
        return next((tag for tag, rect in self._chips if rect.contains(pos)), None)

    def chip_rect(self, tag: str) -> QRect | None:
        return next((rect for name, rect in self._chips if name == tag), None)

    def contextMenuEvent(self, event) -> None:  # Qt override
        tag = self.chip_at(event.pos())
        if tag is None:
            return
        menu = self.owner.menu_for(tag)
        menu.exec(event.globalPos())
        menu.deleteLater()


class TagEditor(QWidget):
    changed = Signal()  # the article's tags changed
    colours_changed = Signal()  # a tag's colour changed
    failed = Signal(str)

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.workspace = workspace
        self.article_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chips = ChipStrip(self)
        self.chips.setObjectName("articleTags")
        self.chips.setAccessibleName(tr("Tags of the article"))
        self.add_box = QLineEdit()
        self.add_box.setObjectName("addTag")
        self.add_box.setPlaceholderText(tr("Add tags…"))
        self.add_box.setAccessibleName(tr("Tags to add to the article (separated by commas)"))
        self.add_box.setMaximumWidth(160)
        self.completer = QCompleter([], self.add_box)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.add_box.setCompleter(self.completer)
        layout.addWidget(self.chips, 1)
        layout.addWidget(self.add_box)
        self.add_box.returnPressed.connect(self.add_typed)
        self.set_article(None)

    def set_article(self, article) -> None:
        self.article_id = article.id if article is not None else None
        self.reload()

    def reload(self) -> None:
        """Read the article's tags, the colours and the tags in use again."""
        tags, colours, known = [], {}, []
        data = self.workspace.userdata
        try:
            if self.article_id is not None:  # (no article: nothing to complete, no catalog asked)
                tags = data.tags(self.article_id)
                known = sorted(data.tag_counts(), key=str.casefold)
            colours = data.shelf.tag_colours()
        except BriefingError as exc:
            self.failed.emit(str(exc))
        self.chips.show_tags(tags, colours)
        self.completer.model().setStringList(known)
        writable = self.article_id is not None and not self.workspace.read_only
        self.add_box.setEnabled(writable)

    def add_typed(self) -> None:
        tags = [t for t in self.add_box.text().split(",") if t.strip()]
        if tags and self._change(add=tags):
            self.add_box.clear()

    def remove(self, tag: str) -> None:
        self._change(remove=[tag])

    def _change(self, add=(), remove=()) -> bool:
        if self.article_id is None:
            return False
        try:
            self.workspace.userdata.tag([self.article_id], add=add, remove=remove)
        except BriefingError as exc:
            self.failed.emit(str(exc))
            return False
        self.reload()
        self.changed.emit()
        return True

    def set_colour(self, tag: str, colour: str | None) -> None:
        refused = store_colour(self.workspace, tag, colour)
        if refused:
            self.failed.emit(refused)
            return
        self.reload()
        self.colours_changed.emit()

    def menu_for(self, tag: str) -> QMenu:
        """A chip's menu: the tag's colour, and taking it off this article."""
        menu = QMenu(self)
        menu.setObjectName("articleTagMenu")
        menu.addSection(tr("Colour of “{0}”").format(tag))
        add_colour_actions(menu, tag, colour_for(tag, self.chips.colours), self.set_colour)
        menu.addSeparator()
        remove = menu.addAction(tr("Remove Tag from the Article"))
        remove.setObjectName("removeTag")
        remove.triggered.connect(lambda: self.remove(tag))
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and not self.workspace.read_only)
        return menu
