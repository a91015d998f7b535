"""Edit ▸ Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) act on what has the focus: the Library's
history (gui/library_undo.py) while the focus is in the Library, the brief in front otherwise.
While the Library has the focus they show what the Library's own Undo and Redo show ("Undo
Rename Collection"): the step's name is said in one place, `library_undo`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget


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
        # The Library's own actions, named after the step: the window's copy them.
        self._steps = {undo: library.undo_action, redo: library.redo_action}
        self._plain = {undo: (undo.text(), undo.toolTip()), redo: (redo.text(), redo.toolTip())}
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        for step in self._steps.values():
            step.changed.connect(self.update)
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
        in_library = self.in_library()
        has_brief = self.brief() is not None
        for action, step in self._steps.items():
            if in_library and step.isEnabled():
                action.setText(step.text())
                action.setToolTip(step.toolTip())
            else:
                action.setText(self._plain[action][0])
                action.setToolTip(self._plain[action][1])
            action.setEnabled(step.isEnabled() if in_library else has_brief)
