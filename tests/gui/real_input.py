"""Real mouse input on item views: clicks where a user would click, on the view's viewport."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox


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


def choose(combo: QComboBox, index: int) -> None:
    """Pick item `index` of a combo box as a user does: open its list, click the item."""
    combo.showPopup()
    view = combo.view()
    click(view, view.model().index(index, combo.modelColumn()))
    assert not view.isVisible(), "the click did not choose the item"
