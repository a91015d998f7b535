"""User settings: typed defaults, loaded from and saved to one JSON file.

Only values that differ from the defaults are written, so a later release can change a
default and users who never touched it get the new one. A missing or damaged file means
defaults (the damage is logged, never raised): settings must not stop the app starting.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from briefing_app import paths
from briefing_app.core import atomicio

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
LOCATOR_STYLES = ("pilcrow", "para")
LANGUAGES = ("", "en", "de")  # "": follow the system locale (BRIEFING_LANG overrides both)
MAX_RECENT = 10


@dataclass
class Settings:
    """Every user setting with its default; `load()`/`save()` read and write the file."""

    library_dir: str = ""  # empty: the default library folder
    theme: str = "system"
    editor_font: str = ""  # empty: the system's fixed-width font
    editor_font_size: int = 11
    locator_style: str = "pilcrow"  # "¶2" or "para. 2" in rendered citations
    access_dates: bool = True
    ibid: bool = False
    language: str = ""  # empty: the system's language
    recent_briefs: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState()
    library_main: bool = False  # the Library as the main view (a centre tab), not a dock

    path: Path | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Settings:
        """Read the settings file; defaults for anything missing, wrong-typed or unreadable."""
        target = Path(path) if path else paths.settings_file()
        settings = cls(path=target)
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            log.warning("Ignoring unreadable settings file %s (%s); using defaults.", target, exc)
            return settings
        if isinstance(data, dict):
            settings.update(data)
        return settings

    def update(self, data: dict[str, Any]) -> None:
        """Take known keys whose values have the default's type; ignore and log the rest."""
        defaults = type(self)()
        for f in fields(self):
            if f.name == "path" or f.name not in data:
                continue
            value, default = data[f.name], getattr(defaults, f.name)
            if _same_type(value, default):
                setattr(self, f.name, value)
            else:
                log.warning(
                    "Ignoring setting %s=%r (expected %s).", f.name, value, type(default).__name__
                )
        self._clamp()

    def _clamp(self) -> None:
        """Bring out-of-range values back to something usable."""
        if self.theme not in THEMES:
            self.theme = "system"
        if self.locator_style not in LOCATOR_STYLES:
            self.locator_style = "pilcrow"
        if self.language not in LANGUAGES:
            self.language = ""
        self.editor_font_size = min(max(self.editor_font_size, 6), 72)
        self.recent_briefs = [p for p in self.recent_briefs if isinstance(p, str)][:MAX_RECENT]

    def non_defaults(self) -> dict[str, Any]:
        """The values that differ from the defaults (what the file holds)."""
        defaults = type(self)()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "path" and getattr(self, f.name) != getattr(defaults, f.name)
        }

    def save(self) -> None:
        """Write the non-default values atomically (raises SaveError on failure)."""
        atomicio.write_json(self.path or paths.settings_file(), self.non_defaults())

    def add_recent_brief(self, path: Path | str) -> None:
        """Put a brief at the top of the recent list (no duplicates, at most MAX_RECENT)."""
        text = str(Path(path).expanduser().resolve())
        self.recent_briefs = [text] + [p for p in self.recent_briefs if p != text]
        del self.recent_briefs[MAX_RECENT:]


def _same_type(value: Any, default: Any) -> bool:
    """True when a loaded value can stand where the default stands (bool is not an int here)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    return isinstance(value, type(default))
