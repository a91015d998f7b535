"""Real mouse input on item views: clicks and drags where a user would make them, on the
view's viewport."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QMenu, QWidget


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


def drag_rows(
    source: QAbstractItemView, row: int, target: QAbstractItemView, index: QModelIndex
) -> bool:
    """Drag the selected rows of `source`, grabbed at `row`, onto `index` of `target`.

    The mouse goes down on the row and moves past the drag distance, so the view starts its
    drag as it would for a user. The offscreen platform ends every drag at once (its
    QPlatformDrag drops nothing), so the drop side gets the events a platform's drag
    delivers: enter, move and drop on the target's viewport, carrying what the source's
    model puts on the drag (its mimeData of the selected rows). True when the target took
    the drop."""
    return drag_index(source, source.model().index(row, 0), target, index)


def drag_index(
    source: QAbstractItemView, grabbed: QModelIndex, target: QAbstractItemView, index: QModelIndex
) -> bool:
    """`drag_rows` for a row anywhere in the source (a tree's nested row): grabbed at
    `grabbed`, dropped onto `index` of `target`."""
    viewport = source.viewport()
    start = _centre(source, grabbed)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(2, 0))
    assert source.state() == QAbstractItemView.State.DraggingState, "the drag did not start"
    QTest.mouseMove(viewport, start + QPoint(QApplication.startDragDistance() * 3, 0))
    rows = sorted(source.selectionModel().selectedRows(), key=lambda i: i.row())
    data = source.model().mimeData(rows)
    point = QPointF(_centre(target, index))
    actions = source.model().supportedDragActions()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    drop_area = target.viewport()
    # The QPointF constructors: those taking a QPoint are deprecated.
    enter = QDragEnterEvent(point, actions, data, left, none)
    QApplication.sendEvent(drop_area, enter)
    move = QDragMoveEvent(point, actions, data, left, none)
    if enter.isAccepted():
        QApplication.sendEvent(drop_area, move)
    dropped = enter.isAccepted() and move.isAccepted()
    if dropped:
        QApplication.sendEvent(drop_area, QDropEvent(point, actions, data, left, none))
    # The button comes up over the target, where the drag ended.
    QTest.mouseRelease(drop_area, Qt.MouseButton.LeftButton, none, point.toPoint())
    return dropped


def context_menu(view: QAbstractItemView, index: QModelIndex) -> None:
    """A right-click on the row of `index` (see `context_menu_at`)."""
    context_menu_at(view.viewport(), _centre(view, index))


def context_menu_at(widget: QWidget, point: QPoint) -> None:
    """A right-click at `point`: the button, then the context-menu event the platform sends
    for it (QTest's clicks reach the widget without passing the window that turns a
    right-click into one). The widget shows its own menu; pick from it with `choose_in_menu`."""
    QTest.mouseClick(widget, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)


def choose_in_menu(object_name: str, chosen: list) -> None:
    """Once a popup menu is open, click its item `object_name` (where it is drawn) and note
    the name in `chosen`. Call before the action that opens the (blocking) menu."""

    def pick():
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, pick)
            return
        action = next(a for a in menu.actions() if a.objectName() == object_name)
        chosen.append(object_name)
        QTest.mouseClick(
            menu,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            menu.actionGeometry(action).center(),
        )

    QTimer.singleShot(20, pick)
