"""Tags drawn as chips in their colours, and the menu that sets a tag's colour.

A tag's colour lives in the library's `collections.json` (`UserData.set_tag_colour`): one of
the highlight colours or any #rrggbb. Chips are painted (not widgets) so a table of 100,000
rows pays only for the rows on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from briefing_app.core.errors import BriefingError
from briefing_app.gui.highlights_panel import colour_names, colour_of

TAGS_ROLE = Qt.ItemDataRole.UserRole + 20  # a row's tags as a list
CHIP_GAP = 4
CHIP_PAD = 6
DOT = 8


def tr(text: str) -> str:
    return QCoreApplication.translate("TagChips", text)


def colour_for(tag: str, colours: dict[str, str]) -> QColor | None:
    """The colour given to `tag` (compared without case, as tags are), or None."""
    folded = tag.casefold()
    for name, colour in colours.items():
        if name.casefold() == folded:
            return colour_of(colour)
    return None


def dot_icon(colour: QColor | None, size: int = 12) -> QIcon:
    """A round dot of the tag's colour; an empty ring when it has none."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if colour is None:
        pen = QApplication.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
    else:
        painter.setPen(colour.darker(130))
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)


def chip_width(painter: QPainter, tag: str, coloured: bool) -> int:
    """A chip's width: its words, padding, and room for the colour's dot when it has one."""
    dot = DOT + CHIP_GAP if coloured else 0
    return painter.fontMetrics().horizontalAdvance(tag) + 2 * CHIP_PAD + dot


def paint_chips(
    painter: QPainter, rect: QRect, tags: list[str], colours: dict[str, str], palette: QPalette
) -> list[tuple[str, QRect]]:
    """Draw `tags` left to right inside `rect` (an ellipsis when they do not fit); returns each
    drawn chip's rectangle."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = painter.fontMetrics()
    height = min(rect.height() - 4, metrics.height() + 4)
    top = rect.top() + (rect.height() - height) // 2
    x = rect.left() + 2
    drawn = []
    ellipsis = metrics.horizontalAdvance("…") + CHIP_GAP
    for n, tag in enumerate(tags):
        colour = colour_for(tag, colours)
        width = chip_width(painter, tag, colour is not None)
        room = rect.right() - x - (ellipsis if n < len(tags) - 1 else 0)
        if width > room:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(QRect(x, top, ellipsis, height), Qt.AlignmentFlag.AlignVCenter, "…")
            break
        chip = QRect(x, top, width, height)
        fill = QColor(colour) if colour is not None else palette.color(QPalette.ColorRole.Mid)
        fill.setAlpha(70 if colour is not None else 40)
        painter.setPen(colour.darker(120) if colour is not None else fill.darker(150))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        dot = QRectF(x + CHIP_PAD - 2, top + (height - DOT) / 2, DOT, DOT)
        if colour is not None:
            painter.setPen(colour.darker(130))
            painter.setBrush(colour)
            painter.drawEllipse(dot)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        indent = CHIP_PAD + (DOT + CHIP_GAP if colour is not None else 0)
        text = QRect(x + indent, top, width - indent, height)
        painter.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, tag)
        drawn.append((tag, chip))
        x += width + CHIP_GAP
    painter.restore()
    return drawn


class TagChipDelegate(QStyledItemDelegate):
    """Paints a cell's tags (its TAGS_ROLE) as chips in their colours."""

    def __init__(self, colours: Callable[[], dict[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.colours = colours  # tag → colour, read when painting (kept by the model)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # Qt
        tags = index.data(TAGS_ROLE) or []
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the selection and row background only: the chips are the text
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        palette = QPalette(option.palette)
        if option.state & QStyle.StateFlag.State_Selected:
            palette.setColor(
                QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText)
            )
        paint_chips(painter, option.rect.adjusted(2, 0, -2, 0), tags, self.colours(), palette)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # Qt override
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))


def add_colour_actions(
    menu: QMenu, tag: str, current: QColor | None, apply: Callable[[str, str | None], None]
) -> None:
    """A tag's colour choices in `menu`: the named colours, a custom one, none.
    `apply(tag, colour)` stores the choice (colour None: no colour)."""
    for name, label in colour_names().items():
        action = menu.addAction(dot_icon(colour_of(name)), label)
        action.setObjectName(f"tagColour_{name}")
        action.setCheckable(True)
        action.setChecked(current is not None and current == colour_of(name))
        action.triggered.connect(lambda _c=False, n=name: apply(tag, n))
    menu.addSeparator()
    custom = menu.addAction(tr("Other Colour…"))
    custom.setObjectName("tagColour_custom")
    custom.triggered.connect(lambda: _choose_custom(menu.parentWidget(), tag, current, apply))
    plain = menu.addAction(tr("No Colour"))
    plain.setObjectName("tagColour_none")
    plain.setEnabled(current is not None)
    plain.triggered.connect(lambda: apply(tag, None))


def store_colour(workspace, tag: str, colour: str | None) -> str:
    """Give `tag` a colour (None: none) in the library; the reason when it was refused."""
    try:
        workspace.userdata.set_tag_colour(tag, colour)
    except BriefingError as exc:
        return str(exc)
    return ""


def _choose_custom(parent, tag: str, current: QColor | None, apply) -> None:
    colour = QColorDialog.getColor(
        current or QColor("#888888"), parent, tr("Colour of the tag “{0}”").format(tag)
    )
    if colour.isValid():
        apply(tag, colour.name())
