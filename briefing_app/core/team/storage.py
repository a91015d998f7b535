"""A team library's answers to what depends on where a library lives (see core/storage.py).

Every store here is built from one connection factory (`TeamStorage.connect`, a new
autocommit connection each call; a store opens its own transactions): the search
engine (`core/team/search.py`), the analyst's data (`core/team/userdata.py`), saved searches
(`core/team/saved.py`) and the trash (`core/team/trash.py`) each open what they need from it.
There is nothing to tidy after a crash: a killed writer's transaction is rolled back.
"""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.team import connection
from briefing_app.core.team.library import TeamLibrary


class TeamStorage:
    """A library in a team's PostgreSQL database."""

    seeds_on_first_run = False  # a shared library gets what the team imports, not samples

    def __init__(self, location: str):
        self.location = connection.display(location)  # shown to the user: never a secret
        self.library = TeamLibrary(location)
        self.connect = self.library.connect  # the factory every team store is built from

    root = None  # no folder: paths derived from one (index, catalog, trash) do not apply

    def open_index(self):
        from briefing_app.core.team.index import TeamIndex

        return TeamIndex(self)

    def search_backend(self):
        """The PostgreSQL search engine (`core.search.backend.SearchBackend`)."""
        from briefing_app.core.team.search import Backend

        return Backend(self.connect)

    def saved_searches(self):
        from briefing_app.core.team.saved import TeamSavedSearches

        return TeamSavedSearches(self.connect)

    def notes_store(self):
        from briefing_app.core.team.userdata import TeamNotes

        return TeamNotes(self.connect)

    def shelf(self):
        from briefing_app.core.team.userdata import TeamShelf

        return TeamShelf(self.connect)

    def trash(self, workspace):
        from briefing_app.core.team.trash import TeamTrash

        return TeamTrash(self.connect, self.library.delete_rows)

    def tidy(self) -> list[Path]:
        return []  # transactions leave nothing half-written

    def close(self) -> None:
        self.library.close()
