"""Counts as the reader's locale writes them: 12,345 in English, 12.345 in German.

At 100,000 articles a bare "12345" is hard to read, so every count the window shows goes
through `count_text` (or `%Ln` in a translated plural, which Qt formats the same way). The
locale is the application's default (`QLocale.setDefault`, set with the translations).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale


def count_text(count: int) -> str:
    """`count` with the locale's digit grouping."""
    return QLocale().toString(int(count))
