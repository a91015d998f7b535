"""Edit ▸ Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) act on what has the focus: the Library's
history (gui/library_undo.py) while the focus is in the Library, the brief in front otherwise.
While the Library has the focus the menu names the step ("Undo Rename Collection")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("UndoRouting", text)


class UndoRouting(QObject):
    def __init__(
        self,
        parent: QObject,
        undo: QAction,
        redo: QAction,
        library: QWidget,
        brief: Callable[[], object | None],
    ):
        super().__init__(parent)
        self.undo_action, self.redo_action = undo, redo
        self.library, self.brief = library, brief
        self.history = library.history
        self.stack = library.history.stack
        self._plain = {undo: (undo.text(), undo.toolTip()), redo: (redo.text(), redo.toolTip())}
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        for signal in (self.stack.canUndoChanged, self.stack.canRedoChanged):
            signal.connect(self.update)
        self.stack.undoTextChanged.connect(self.update)
        self.stack.redoTextChanged.connect(self.update)
        QApplication.instance().focusChanged.connect(self.update)
        # The application outlives the window: stop following the focus once it is going.
        library.destroyed.connect(self._stop)
        parent.destroyed.connect(self._stop)
        self.update()

    def _stop(self, *_args) -> None:
        if self.library is None:
            return  # stopped already (the library goes before the window)
        QApplication.instance().focusChanged.disconnect(self.update)
        self.library = None

    def in_library(self) -> bool:
        if self.library is None:
            return False
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self.library or self.library.isAncestorOf(focus))

    def undo(self) -> None:
        if self.in_library():
            self.history.undo()
        elif (brief := self.brief()) is not None:
            brief.undo()

    def redo(self) -> None:
        if self.in_library():
            self.history.redo()
        elif (brief := self.brief()) is not None:
            brief.redo()

    def update(self, *_args) -> None:
        """Enable and name the two actions for what has the focus now."""
        if self.library is None:
            return
        if self.in_library():
            self._show(
                self.undo_action, self.stack.canUndo(), tr("&Undo {0}"), self.stack.undoText()
            )
            self._show(
                self.redo_action, self.stack.canRedo(), tr("&Redo {0}"), self.stack.redoText()
            )
            return
        has_brief = self.brief() is not None
        for action in (self.undo_action, self.redo_action):
            action.setText(self._plain[action][0])
            action.setToolTip(self._plain[action][1])
            action.setEnabled(has_brief)

    def _show(self, action: QAction, possible: bool, pattern: str, step: str) -> None:
        action.setEnabled(possible)
        if possible:
            action.setText(pattern.format(step))
            action.setToolTip(
                (
                    tr("Undo “{0}” in the library")
                    if action is self.undo_action
                    else tr("Redo “{0}” in the library")
                ).format(step)
            )
        else:
            action.setText(self._plain[action][0])
            action.setToolTip(self._plain[action][1])
