"""Real mouse input on item views: clicks where a user would click, on the view's viewport."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView


def _centre(view: QAbstractItemView, index: QModelIndex):
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), "the row is not visible"
    return rect.center()


def click(view: QAbstractItemView, index: QModelIndex) -> None:
    """One left click on the row of `index`."""
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        _centre(view, index),
    )


def double_click(view: QAbstractItemView, index: QModelIndex) -> None:
    """A left double-click on the row of `index` (press, release, double-click, release)."""
    point = _centre(view, index)
    viewport = view.viewport()
    none = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, none, point)
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, none, point)
