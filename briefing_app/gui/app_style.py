"""Fusion with our own tab close buttons.

Without a desktop icon theme (Xvfb, a bare X session, offscreen) Qt falls back to its
built-in tab close pixmaps, which show as red squares. We draw a thin cross in the palette's
text colour instead, with a soft rounded backdrop while the pointer is over it, so the
buttons read as ordinary close buttons in the light and in the dark scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle


class BriefingStyle(QProxyStyle):
    """The Fusion style with palette-coloured tab close buttons."""

    def __init__(self):
        super().__init__("Fusion")

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # Qt override
        if element == QStyle.PrimitiveElement.PE_IndicatorTabClose:
            draw_tab_close(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)


def draw_tab_close(option, painter: QPainter) -> None:
    """A cross in the text colour; a backdrop when hovered, a darker one when pressed."""
    state = option.state
    palette = option.palette
    text = palette.color(QPalette.ColorRole.WindowText)
    rect = QRectF(option.rect).adjusted(1, 1, -1, -1)
    side = min(rect.width(), rect.height())
    box = QRectF(0, 0, side, side)
    box.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    hovered = bool(state & QStyle.StateFlag.State_MouseOver)
    pressed = bool(state & QStyle.StateFlag.State_Sunken)
    if hovered or pressed:
        backdrop = QColor(text)
        backdrop.setAlpha(70 if pressed else 40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(backdrop)
        painter.drawRoundedRect(box, 3, 3)
    colour = QColor(text)
    if not (state & QStyle.StateFlag.State_Enabled):
        colour.setAlpha(90)
    elif not (hovered or pressed or state & QStyle.StateFlag.State_Selected):
        colour.setAlpha(170)  # quieter on tabs in the background
    pen = QPen(colour, max(1.2, side / 10))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    inset = side * 0.3
    inner = box.adjusted(inset, inset, -inset, -inset)
    painter.drawLine(inner.topLeft(), inner.bottomRight())
    painter.drawLine(QPointF(inner.right(), inner.top()), QPointF(inner.left(), inner.bottom()))
    painter.restore()
