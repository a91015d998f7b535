"""Saved searches of one library: name → query, with what the last run saw.

Stored in `<library root>/saved-searches.json` (written atomically), so they travel with the
library. Each entry keeps the ids of the hits seen at its last run; "new since last run" is
the hits of a fresh run that are not among them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.errors import LibraryError, QueryError
from briefing_app.core.search import query as qlang

FILE_NAME = "saved-searches.json"
FORMAT = 1


@dataclass
class SavedSearch:
    """A named query and what its last run returned."""

    name: str
    query: str
    last_run: str = ""  # ISO 8601 UTC; empty until first run
    seen: list[str] = field(default_factory=list)  # article ids of every hit at the last run
    new: int = 0  # hits not in `seen` (filled in by `SavedSearches.with_counts`)
    # Why the query no longer runs (a `collection:` whose collection was renamed or deleted).
    problem: str = ""

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "query": self.query, "last_run": self.last_run, "new": self.new}
        if self.problem:
            out["problem"] = self.problem
        return out


class SavedSearches:
    """Load, change and save the saved searches of a library."""

    def __init__(self, library_root: Path | str):
        self.path = Path(library_root) / FILE_NAME

    def load(self) -> list[SavedSearch]:
        """Every saved search, in the order they were saved."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise LibraryError(f"The saved searches file {self.path} is unreadable: {exc}") from exc
        entries = data.get("searches", []) if isinstance(data, dict) else []
        return [
            SavedSearch(
                name=str(e.get("name", "")),
                query=str(e.get("query", "")),
                last_run=str(e.get("last_run", "")),
                seen=[str(i) for i in e.get("seen", [])],
            )
            for e in entries
            if isinstance(e, dict) and e.get("name")
        ]

    def _store(self, searches: list[SavedSearch]) -> None:
        records = []
        for s in searches:
            record = asdict(s)
            record.pop("new")
            record.pop("problem")
            records.append(record)
        atomicio.write_json(self.path, {"format": FORMAT, "searches": records})

    def get(self, name: str) -> SavedSearch:
        for saved in self.load():
            if saved.name == name:
                return saved
        raise LibraryError(f"No saved search named {name!r}.")

    def save(self, name: str, query: str) -> SavedSearch:
        """Add (or replace the query of) a saved search; the query is checked first."""
        name = checked(name, query)
        searches = [s for s in self.load() if s.name != name]
        saved = SavedSearch(name, query)
        searches.append(saved)
        self._store(searches)
        return saved

    def remove(self, name: str) -> None:
        searches = self.load()
        kept = [s for s in searches if s.name != name]
        if len(kept) == len(searches):
            raise LibraryError(f"No saved search named {name!r}.")
        self._store(kept)

    def record_run(self, name: str, ids: list[str]) -> None:
        """Remember that `name` ran now and saw these article ids."""
        searches = self.load()
        now = run_stamp()
        for saved in searches:
            if saved.name == name:
                saved.last_run, saved.seen = now, sorted(set(ids))
        self._store(searches)

    def with_counts(self, all_ids) -> list[SavedSearch]:
        """Saved searches with `new` = hits (from `all_ids(query)`) unseen at the last run; a
        query that no longer runs gets its `problem` instead, and the others are counted."""
        return count_new(self.load(), all_ids)


def count_new(searches: list[SavedSearch], all_ids) -> list[SavedSearch]:
    """`searches` with `new` (or `problem`) filled in from `all_ids(query)`."""
    for saved in searches:
        seen = set(saved.seen)
        try:
            saved.new = sum(1 for i in all_ids(saved.query) if i not in seen)
        except QueryError as exc:
            saved.problem = str(exc)
    return searches


def checked(name: str, query: str) -> str:
    """The name a search is saved under (trimmed); refuses a blank name and a malformed query."""
    name = name.strip()
    if not name:
        raise LibraryError("A saved search needs a name.")
    qlang.parse(query)  # QueryError for a malformed query: never save one
    return name


def run_stamp() -> str:
    """Now, as a saved search's `last_run` is written."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
