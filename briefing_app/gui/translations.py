"""Which language the interface speaks, and the translator that loads it.

The language comes from `BRIEFING_LANG` (e.g. `de`, `en`, `de_AT`), else from the Language
setting, else from the system locale. Translations live in `resources/i18n/briefing_<lang>.qm`,
built from the `.ts` files by `scripts/update-translations.sh`.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLocale, QTranslator

from briefing_app.core.settings import Settings

LANG_ENV = "BRIEFING_LANG"


def chosen_locale(settings: Settings | None = None) -> QLocale:
    """The locale the user asked for: environment, then setting, then the system's."""
    value = os.environ.get(LANG_ENV, "").strip()
    if not value:
        value = (settings if settings is not None else Settings.load()).language
    return QLocale(value) if value else QLocale.system()


class ContextFallbackTranslator(QTranslator):
    """A translator that also looks in the empty context when a class context has no entry.

    `pyside6-lupdate` files strings from module-level helpers (menu texts built in
    `window_actions`, outline section names) under the empty context, while at run time
    they are asked for under the class name their helper passes; this bridges the two.
    """

    def translate(self, context, source_text, disambiguation=None, n=-1):  # Qt override
        text = super().translate(context, source_text, disambiguation, n)
        if not text and context:
            text = super().translate("", source_text, disambiguation, n)
        return text or None  # None (a null string) lets Qt fall back to the source text
