"""Three-way merges of the analyst's data: what both sides hold now against what they held at
the last sync (the *base*).

The rule for every kind of value: a change made on one side only is taken; the same change on
both sides is taken once; different changes on both sides are a conflict, settled so that
nothing is lost (both texts of a note kept, the local comment of a highlight kept beside the
team's) or, where a value cannot hold two (a corrected title, a citation key), the team's value
kept and the local one reported. Sets (tags, collections, claim corrections) merge member by
member: added on either side is kept, removed on one side is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
V = TypeVar("V")

NOTE_MARKER = "---- Edited in the local copy too (sync of {when}); its text follows ----"
COMMENT_MARKER = "[local copy] "


@dataclass
class Conflict:
    """Both sides changed the same thing differently since the last sync, and how it was settled."""

    article: str  # article id ("" for library-wide data: saved searches)
    what: str  # "note", "highlight <id>", "metadata <field>", "key", "saved search <name>"
    local: Any
    team: Any
    resolution: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Merged:
    value: Any
    conflicts: list[Conflict] = field(default_factory=list)


def merge_sets(
    base: Iterable[T], local: Iterable[T], team: Iterable[T], fold: Callable[[T], Hashable] = None
) -> list[T]:
    """Members kept on both sides, or added on one: local order first, then the team's.

    `fold` says when two members are the same (tags compare without case); the spelling of the
    side that holds it first (local, then team) is kept.
    """
    fold = fold or (lambda x: x)
    base_keys = {fold(x) for x in base}
    local, team = list(local), list(team)
    local_keys, team_keys = {fold(x) for x in local}, {fold(x) for x in team}
    out: dict[Hashable, T] = {}
    for item in [*local, *team]:
        key = fold(item)
        both = key in local_keys and key in team_keys
        added = key not in base_keys
        if both or added:
            out.setdefault(key, item)
    return list(out.values())


def merge_value(base: V | None, local: V | None, team: V | None) -> tuple[V | None, bool]:
    """One value three ways: (merged, conflict). On a conflict the team's value is returned."""
    if local == team:
        return local, False
    if local == base:
        return team, False
    if team == base:
        return local, False
    return team, True


def merge_mapping(
    base: dict[str, V], local: dict[str, V], team: dict[str, V]
) -> tuple[dict[str, V], list[str]]:
    """Entry by entry (None = absent): the merged mapping and the keys in conflict (team kept,
    except that an entry changed on one side and deleted on the other is kept, not deleted)."""
    out: dict[str, V] = {}
    conflicts = []
    for key in [*local, *(k for k in team if k not in local), *(k for k in base)]:
        if key in out or key in conflicts:
            continue
        b, lo, t = base.get(key), local.get(key), team.get(key)
        value, clash = merge_value(b, lo, t)
        if clash:
            conflicts.append(key)
            value = t if t is not None else lo  # a deletion never wins over an edit
        if value is not None:
            out[key] = value
    return out, conflicts


def merge_note(base: str, local: str, team: str, *, article: str, when: str) -> Merged:
    """A note three ways; edited on both sides: the team's text, then the local text under a
    marker (and a conflict reported). A note emptied on one side and edited on the other
    keeps the edit."""
    value, clash = merge_value(base, local, team)
    if not clash:
        return Merged(value)
    if not local.strip() or not team.strip():
        kept = local if local.strip() else team
        return Merged(
            kept,
            [
                Conflict(
                    article,
                    "note",
                    local,
                    team,
                    "deleted on one side, edited on the other: edit kept",
                )
            ],
        )
    marker = NOTE_MARKER.format(when=when)
    text = f"{team.rstrip()}\n\n{marker}\n\n{local.strip()}\n"
    return Merged(
        text,
        [Conflict(article, "note", local, team, "both texts kept: the local one after the team's")],
    )


def merge_highlights(
    base: dict[str, dict], local: dict[str, dict], team: dict[str, dict], *, article: str
) -> Merged:
    """Highlights by id (each a `Highlight.to_dict()`): added on either side kept, removed on
    one side removed, changed on one side taken; changed on both: the team's colour and both
    comments."""
    merged, clashes = merge_mapping(base, local, team)
    conflicts = []
    for hid in clashes:
        lo, t = local.get(hid), team.get(hid)
        if lo is not None and t is not None and lo.get("comment") != t.get("comment"):
            comments = [c for c in (t.get("comment", ""), lo.get("comment", "")) if c]
            if lo.get("comment"):
                comments[-1] = COMMENT_MARKER + lo["comment"]
            merged[hid] = {**t, "comment": "\n".join(comments)}
            resolution = "team's highlight kept with the local comment added"
        else:
            resolution = "team's highlight kept" if t is not None else "local highlight kept"
        conflicts.append(Conflict(article, f"highlight {hid}", lo, t, resolution))
    return Merged(merged, conflicts)


def merge_fields(
    base: dict[str, Any], local: dict[str, Any], team: dict[str, Any], *, article: str, what: str
) -> Merged:
    """Corrected metadata fields (field → value; absent = not corrected). Both sides corrected a
    field differently: the team's value kept, the local one reported."""
    merged, clashes = merge_mapping(base, local, team)
    return Merged(
        merged,
        [
            Conflict(
                article, f"{what} {name}", local.get(name), team.get(name), "team's value kept"
            )
            for name in clashes
        ],
    )
