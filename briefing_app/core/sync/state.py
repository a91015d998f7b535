"""What each article's analyst data looked like when it was last synced: the base of the
three-way merge (`core/sync/merge.py`).

Kept in the local library, one entry per team library it was synced with::

    <local root>/sync-state.json
    {"format": 1, "teams": {"<team location>": {
        "last_sync": "2026-12-02T05:00:00+00:00",
        "articles": {"<id>": <view>, ...},
        "saved_searches": {"<name>": "<query>", ...}}}}

Written atomically (core/atomicio.py) after every batch of articles, so a sync cut short keeps
what it finished; an article whose entry was not written yet is merged again by the next sync,
and merging again what is already merged changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.errors import LibraryError

FILE_NAME = "sync-state.json"
FORMAT = 1


class SyncState:
    """The sync state of one local library with one team library."""

    def __init__(self, root: Path, team: str):
        self.path = Path(root) / FILE_NAME
        self.team = team
        self._all = self._read()
        entry = self._all["teams"].get(team) or {}
        self.last_sync: str = str(entry.get("last_sync") or "")
        self.articles: dict[str, dict[str, Any]] = dict(entry.get("articles") or {})
        self.saved_searches: dict[str, str] = dict(entry.get("saved_searches") or {})

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": FORMAT, "teams": {}}
        except (OSError, ValueError) as exc:
            raise LibraryError(
                f"The sync state {self.path} is unreadable ({exc}). Move it away to sync afresh: "
                "nothing is lost, but notes edited on both sides since the last sync are then "
                "kept twice."
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("teams"), dict):
            raise LibraryError(f"The sync state {self.path} is not a sync state.")
        if int(data.get("format", FORMAT)) > FORMAT:
            raise LibraryError(
                f"The sync state {self.path} was written by a newer version of Briefing."
            )
        return data

    def base(self, article_id: str) -> dict[str, Any] | None:
        """The article's data at its last sync (None: never synced)."""
        return self.articles.get(article_id)

    def save(self, when: str | None = None) -> None:
        """Write the state (atomically); `when` marks a sync that finished."""
        if when:
            self.last_sync = when
        self._all["teams"][self.team] = {
            "last_sync": self.last_sync,
            "articles": dict(sorted(self.articles.items())),
            "saved_searches": dict(sorted(self.saved_searches.items())),
        }
        self._all["format"] = FORMAT
        atomicio.write_json(self.path, self._all)
