"""Where Briefing keeps things on disk: the only module that asks platformdirs.

`BRIEFING_HOME` puts everything (library, cache, state, config) under one folder; tests
and portable installs use it so nothing touches the user's real directories.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import platformdirs

from briefing_app import APP_ID

HOME_ENV = "BRIEFING_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The per-user data folder (holds the default library)."""
    home = _home()
    return home if home else Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_library_dir() -> Path:
    """The library used when neither `--library` nor a setting names another."""
    return data_dir() / "library"


def cache_dir() -> Path:
    """Disposable caches (the search index, the catalog)."""
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_ID, appauthor=False))


def state_dir() -> Path:
    """State that must survive a crash but is not a document (recovery journal)."""
    home = _home()
    return home / "state" if home else Path(platformdirs.user_state_dir(APP_ID, appauthor=False))


def config_dir() -> Path:
    """Settings."""
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def _library_digest(library: Path) -> str:
    return hashlib.sha1(str(Path(library).resolve()).encode("utf-8")).hexdigest()[:16]


def index_dir(library: Path) -> Path:
    """The search-index cache of one library (several libraries never share an index)."""
    return cache_dir() / "index" / _library_digest(library)


def catalog_file(library: Path) -> Path:
    """The catalog cache of one library (SQLite; rebuilt from the records at will)."""
    return cache_dir() / "catalog" / f"{_library_digest(library)}.sqlite3"


def recovery_dir() -> Path:
    """Where the editor journals unsaved briefs."""
    return state_dir() / "recovery"


def settings_file() -> Path:
    """The settings file (only non-default values are written)."""
    return config_dir() / "settings.json"


def resource_root() -> Path:
    """Top of `seeds/` and `resources/`: a PyInstaller bundle, a wheel install or the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parent
    installed = package / "_data"  # where setup.py's build step puts them in a wheel
    if installed.is_dir():
        return installed
    return package.parent


def seeds_dir() -> Path:
    """The seed articles a first run imports into an empty library."""
    return resource_root() / "seeds"


def user_guide_file() -> Path:
    """The user guide (Markdown) that Help ▸ User Guide shows."""
    return resource_root() / "docs" / "user-guide.md"


def resources_dir() -> Path:
    """Icons, style sheets, translations, desktop files."""
    return resource_root() / "resources"
