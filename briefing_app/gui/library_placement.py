"""Where the Library lives: a dock (the first-run place) or the main view, a tab in the centre
beside the briefs and articles (View ▸ Library as Main View, remembered in the settings).

The one LibraryView moves between the two; nothing is rebuilt, so the table keeps its sort,
filter, selection and sidebar choice.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QTabWidget, QWidget


class LibraryPlacement(QObject):
    def __init__(self, window: QMainWindow, tabs: QTabWidget, dock: QDockWidget, view: QWidget):
        super().__init__(window)
        self.window, self.tabs, self.dock, self.view = window, tabs, dock, view
        self.action: QAction | None = None
        # What the dock holds while the library is the main view (a dock needs a widget).
        self.stand_in = QWidget()

    def bind(self, action: QAction) -> None:
        """The checkable View menu action that switches the place."""
        self.action = action
        action.setCheckable(True)
        action.setChecked(self.is_central())
        action.toggled.connect(self.set_central)

    def is_central(self) -> bool:
        return self.tabs.indexOf(self.view) >= 0

    def set_central(self, central: bool) -> None:
        """Move the library into the centre (first tab, shown) or back into its dock."""
        if central == self.is_central():
            self._sync(central)
            return
        if central:
            self.dock.setWidget(self.stand_in)
            self.dock.hide()
            index = self.tabs.insertTab(0, self.view, self.dock.windowTitle())
            # Not closed like an article: Close Tab (or the menu) puts it back in its dock.
            self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, None)
            self.tabs.setTabToolTip(index, self.tr("The library as the main view"))
            self.tabs.setCurrentIndex(index)
        else:
            self.tabs.removeTab(self.tabs.indexOf(self.view))
            self.dock.setWidget(self.view)
            self.view.show()
            self.dock.show()
            self.dock.raise_()
        self._sync(central)
        if self.window.settings.library_main != central:
            self.window.settings.library_main = central
            self.window._save_settings()

    def _sync(self, central: bool) -> None:
        """The menu's tick and the dock's own toggle follow the place."""
        if self.action is not None and self.action.isChecked() != central:
            self.action.blockSignals(True)
            self.action.setChecked(central)
            self.action.blockSignals(False)
        self.dock.toggleViewAction().setEnabled(not central)
        if central:
            self.dock.hide()  # a restored dock layout may show the (empty) dock again
