"""Tab close buttons look like close buttons (a cross in the text colour), in both schemes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTabBar, QTabWidget

from briefing_app.gui import app as gui_app


def _close_button_colours(qtbot, dark: bool) -> list[QColor]:
    """The opaque pixels of the first tab's close button, drawn by the app's style."""
    qapp = gui_app.create_application()
    gui_app.apply_theme(qapp, "dark" if dark else "light")
    tabs = QTabWidget()
    tabs.setTabsClosable(True)
    tabs.addTab(QLabel("one"), "One")
    tabs.addTab(QLabel("two"), "Two")
    qtbot.addWidget(tabs)
    tabs.show()
    qtbot.waitExposed(tabs)
    button = tabs.tabBar().tabButton(0, QTabBar.ButtonPosition.RightSide)
    image = button.grab().toImage()
    background = tabs.tabBar().grab().toImage().pixelColor(2, 2)
    colours = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200 and colour.rgb() != background.rgb():
                colours.append(colour)
    gui_app.apply_theme(qapp, "light")
    return colours


@pytest.mark.parametrize("dark", [False, True])
def test_tab_close_button_is_a_plain_cross_not_a_red_square(qtbot, dark):
    """No reddish fill; the cross is drawn in (close to) the scheme's text colour."""
    colours = _close_button_colours(qtbot, dark)
    assert colours, "nothing was drawn"
    reddish = [c for c in colours if c.red() > 150 and c.green() < 110 and c.blue() < 110]
    assert not reddish, f"{len(reddish)} red pixels in the close button"
    ink = [c.lightness() for c in colours]
    if dark:
        assert max(ink) > 150, "the cross does not stand out on the dark scheme"
    else:
        assert min(ink) < 110, "the cross does not stand out on the light scheme"
