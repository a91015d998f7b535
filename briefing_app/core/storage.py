"""Where a workspace keeps its library: a folder on this machine, or a team's PostgreSQL.

`open_storage(location)` is asked once, when a `Workspace` opens, and the object it returns
answers every question that depends on where the library lives: the library object itself,
its search index, its saved searches, the analyst's tags/collections/notes/highlights, the
trash, and the housekeeping a crashed writer makes necessary. Nothing else in the app asks
which kind of library it has.

A storage provides:

- `library`: `core.library.Library` or `core.team.library.TeamLibrary`;
- `location`: how the user names it (a folder, or a libpq location without secrets);
- `open_index()`: the search index (`SearchIndex`'s interface);
- `saved_searches()`, `notes_store()`, `shelf()`, `trash(workspace)`: the stores
  `core/search/saved.py`, `core/annotations.py` and `core/trash.py` define for a folder;
- `tidy()`: finish or clear what an interrupted write left (list of what went);
- `seeds_on_first_run`: whether an empty library gets the bundled sample articles.
"""

from __future__ import annotations

from pathlib import Path

from briefing_app import paths
from briefing_app.core.library import Library


class LocalStorage:
    """A library folder on this machine: files are the truth, index and catalog caches."""

    seeds_on_first_run = True

    def __init__(self, root: Path):
        self.library = Library(root)
        self.location = str(root)

    @property
    def root(self) -> Path:
        return self.library.root

    def open_index(self):
        from briefing_app.core.search.index import SearchIndex

        return SearchIndex(paths.index_dir(self.root), self.library)

    def saved_searches(self):
        from briefing_app.core.search.saved import SavedSearches

        return SavedSearches(self.root)

    def notes_store(self):
        from briefing_app.core.annotations import ArticleNotes

        return ArticleNotes(self.library.articles_dir)

    def shelf(self):
        from briefing_app.core.annotations import Shelf

        return Shelf(self.root)

    def trash(self, workspace):
        from briefing_app.core.trash import Trash

        return Trash(self.library, workspace)

    def tidy(self) -> list[Path]:
        """Under the write lock (skipped when another process holds it): temp files of dead
        writers removed, half-imported articles rebuilt from their originals or quarantined.

        A folder without a record may be an import another process is writing right now, so
        nothing is touched without the lock; originals are never deleted here.
        """
        from briefing_app.core import atomicio
        from briefing_app.core.ingest import restore

        library = self.library
        if not library.lock.try_acquire():
            return []
        try:
            if not library.needs_tidy() and library.catalog_problem() is None:
                # Every library write marks the catalog first, so a clean catalog whose stamp
                # matches the folder means no write was cut short: no need to walk every folder.
                return atomicio.clean_orphans(library.root, recursive=False)
            removed = library.clean_incomplete()
            restore.restore_incomplete(library)
            return removed
        finally:
            library.lock.release()

    def close(self) -> None:
        while self.library.lock.held():
            self.library.lock.release()


def open_storage(location: Path | str | None):
    """The storage a location names: a libpq URL or `service=` name, else a folder."""
    from briefing_app.core.team.connection import is_team_location

    if location is not None and is_team_location(location):
        from briefing_app.core.team.storage import TeamStorage

        return TeamStorage(str(location))
    root = Path(location).expanduser() if location else paths.default_library_dir()
    return LocalStorage(root)
