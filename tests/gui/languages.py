"""The app's language for one test: translations and locale as start-up installs them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLocale

from briefing_app.gui import app as gui_app


@contextmanager
def language(qapp, name: str) -> Iterator[list]:
    """Install `name`'s translations and make it the default locale; put both back after."""
    before = QLocale()
    loaded = gui_app.install_translations(qapp, QLocale(name))
    try:
        yield loaded
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
