"""What each article's analyst data looked like when it was last synced: the base of the
three-way merge (`core/sync/merge.py`).

Kept in the local library, one entry per team library it was synced with::

    <local root>/sync-state.json
    {"format": 1, "teams": {"<team location>": {
        "last_sync": "2026-12-02T05:00:00+00:00",
        "articles": {"<id>": <view>, ...},
        "saved_searches": {"<name>": "<query>", ...},
        "tag_colours": {"<tag, case folded>": "#rrggbb", ...},
        "collections": ["Desk", "Desk/Caucasus", ...],
        "trashed": ["<id>", ...]}}}

`collections` are the paths of every collection, empty ones too; `trashed` the synced articles
that were in the trash on both sides. A state written before these were kept lacks them: they
then start empty (what either side holds counts as added there, nothing as removed).

Written atomically (core/atomicio.py) after every batch of articles, so a sync cut short keeps
what it finished. Before an article's merged data is written to either side, the merge (and
what each side held before it) goes into a small journal beside the state::

    <local root>/sync-journal.json
    {"format": 1, "team": "<team location>", "articles": {"<id>": {"merged": <view>,
        "local": <view>, "team": <view>}}}

so a sync cut short between the two sides' writes is recognised by the next one: a part one
side already holds as merged is compared against what the other side held before, and is
not merged (nor reported as a conflict) a second time. The journal is emptied each time the
state is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.errors import LibraryError

FILE_NAME = "sync-state.json"
JOURNAL_NAME = "sync-journal.json"
FORMAT = 1


class SyncState:
    """The sync state of one local library with one team library."""

    def __init__(self, root: Path, team: str):
        self.path = Path(root) / FILE_NAME
        self.team = team
        self._all = self._read()
        entry = self._all["teams"].get(team) or {}
        self._check(entry)
        self.last_sync: str = str(entry.get("last_sync") or "")
        self.articles: dict[str, dict[str, Any]] = dict(entry.get("articles") or {})
        self.saved_searches: dict[str, str] = dict(entry.get("saved_searches") or {})
        self.tag_colours: dict[str, str] = dict(entry.get("tag_colours") or {})
        self.collections: list[str] = list(entry.get("collections") or [])
        self.trashed: set[str] = set(entry.get("trashed") or [])
        self.journal_path = Path(root) / JOURNAL_NAME
        self.pending: dict[str, dict[str, Any]] = self._read_journal()

    def _read_journal(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.journal_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # Written atomically, so never half a file; a damaged one only costs the next
            # sync a second look at what it recorded (a note merged twice at worst).
            return {}
        if not isinstance(data, dict) or data.get("team") != self.team:
            return {}
        return dict(data.get("articles") or {})

    def intend(self, article_id: str, merged: dict, local: dict, team: dict) -> None:
        """Record, before writing it, the merge about to be written to both sides."""
        self.pending[article_id] = {"merged": merged, "local": local, "team": team}
        atomicio.write_json(
            self.journal_path, {"format": FORMAT, "team": self.team, "articles": self.pending}
        )

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": FORMAT, "teams": {}}
        except (OSError, ValueError) as exc:
            raise self._start_afresh(f"is unreadable ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("teams"), dict):
            raise LibraryError(f"The sync state {self.path} is not a sync state.")
        if int(data.get("format", FORMAT)) > FORMAT:
            raise LibraryError(
                f"The sync state {self.path} was written by a newer version of Briefing."
            )
        return data

    def _check(self, entry: object) -> None:
        """Refuse an entry whose parts are not what the sync wrote (a hand-edited or damaged
        file), before any of it is taken for the base of a merge."""
        shapes = {
            "last_sync": lambda v: isinstance(v, str),
            "articles": lambda v: _mapping(v, dict),
            "saved_searches": lambda v: _mapping(v, str),
            "tag_colours": lambda v: _mapping(v, str),
            "collections": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
            "trashed": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        }
        if not isinstance(entry, dict):
            bad = "its entry for this team library"
        else:
            bad = next((k for k, ok in shapes.items() if entry.get(k) and not ok(entry[k])), "")
        if bad:
            raise self._start_afresh(f"is damaged ({bad})")

    def _start_afresh(self, problem: str) -> LibraryError:
        return LibraryError(
            f"The sync state {self.path} {problem}. Move it away to sync afresh: nothing is "
            "lost, but notes edited on both sides since the last sync are then kept twice."
        )

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
            "tag_colours": dict(sorted(self.tag_colours.items())),
            "collections": sorted(self.collections),
            "trashed": sorted(self.trashed),
        }
        self._all["format"] = FORMAT
        atomicio.write_json(self.path, self._all)
        if self.pending:
            self.pending = {}
            self.journal_path.unlink(missing_ok=True)


def _mapping(value: object, kind: type) -> bool:
    """A dict of strings to values of `kind`."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, kind) for k, v in value.items()
    )
