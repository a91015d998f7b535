"""The app's icons: small hand-made SVGs under resources/icons, tinted to the palette.

Each SVG is drawn in the placeholder colour #333333; we swap in the palette's text colour
so the same files read well in the light and the dark scheme.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from briefing_app import paths

PLACEHOLDER = "#333333"
SIZES = (16, 24, 32, 48)


def icon_path(name: str):
    return paths.resources_dir() / "icons" / f"{name}.svg"


def _text_colour() -> str:
    app = QGuiApplication.instance()
    if app is None:
        return PLACEHOLDER
    return app.palette().color(QPalette.ColorRole.WindowText).name()


@lru_cache(maxsize=128)
def _build(name: str, colour: str) -> QIcon:
    try:
        svg = icon_path(name).read_text(encoding="utf-8")
    except OSError:
        return QIcon()  # a missing icon leaves the text label; never a crash
    renderer = QSvgRenderer(QByteArray(svg.replace(PLACEHOLDER, colour).encode("utf-8")))
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def icon(name: str) -> QIcon:
    """The named icon in the current palette's text colour."""
    return _build(name, _text_colour())


def clear_cache() -> None:
    """Forget tinted icons (after a scheme change)."""
    _build.cache_clear()
