"""One library of each kind for tests that hold for both: a folder, and a team's PostgreSQL."""

from __future__ import annotations

from briefing_app.core.library import Library
from briefing_app.core.team.library import TeamLibrary

KINDS = ("folder", "postgresql")


def open_library(kind: str, tmp_path, request):
    """A new empty library of `kind` (the PostgreSQL one in a fresh database)."""
    if kind == "folder":
        return Library(tmp_path / "lib")
    return TeamLibrary(request.getfixturevalue("pg_url"))


def reopened(library):
    """The same library opened anew, as the next process (or workstation) would."""
    if isinstance(library, TeamLibrary):
        return TeamLibrary(library.location)
    return Library(library.root)
