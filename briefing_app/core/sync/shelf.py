"""The library-wide part of the analyst's layer, merged three ways against the sync state like
the articles' data: tag colours, and the collections themselves (empty ones too).

- **Tag colours** by tag (without case): set, changed or removed on one side: taken; coloured
  differently on both sides: the team's colour kept, the local one reported.
- **Collections** by path ("Desk/Caucasus", without case): made on one side: made on the other;
  deleted on one side: deleted on the other, deepest first (a rename is a new path and a
  deleted one). A collection is never deleted while it still holds articles on the side that
  would lose it (it is kept, and reported), nor while a collection nested in it is kept.

Each side is written only through `Workspace.userdata`, one change at a time, so a sync cut
short leaves whole collections and colours, and the next sync merges what is left to itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.sync import merge


@dataclass
class Side:
    """One library of the sync, and whether the sync writes to it."""

    ws: Any
    name: str  # "local" or "team"
    writes: bool


@dataclass
class Outcome:
    """What merging one library-wide part did."""

    base: Any  # what the sync state keeps as the base of the next sync
    changed: list[str] = field(default_factory=list)  # names written (or, dry, to be) on a side
    conflicts: list[merge.Conflict] = field(default_factory=list)


def _next_base(merged, local_now, team_now, local: Side, team: Side):
    """The base of the next sync: the merge when both sides took it, else what the side left
    alone holds, so the changes it has not received still count as changes next time."""
    if local.writes == team.writes:
        return merged
    return team_now if local.writes else local_now


# -- tag colours -------------------------------------------------------------------------------
def _colours(ws) -> tuple[dict[str, str], dict[str, str]]:
    """(folded tag → colour, folded tag → the tag as spelled there)."""
    colours, spelled = {}, {}
    for tag, colour in ws.userdata.shelf.tag_colours().items():
        colours[tag.casefold()] = colour
        spelled[tag.casefold()] = tag
    return colours, spelled


def sync_tag_colours(base: dict[str, str], local: Side, team: Side, *, dry_run: bool) -> Outcome:
    local_now, local_spelled = _colours(local.ws)
    team_now, team_spelled = _colours(team.ws)
    spelled = {**local_spelled, **team_spelled}
    merged, clashes = merge.merge_mapping(base, local_now, team_now)
    outcome = Outcome(_next_base(merged, local_now, team_now, local, team))
    for tag in clashes:
        both = local_now.get(tag) is not None and team_now.get(tag) is not None
        outcome.conflicts.append(
            merge.Conflict(
                "",
                f"tag colour {spelled[tag]}",
                local_now.get(tag),
                team_now.get(tag),
                "team's colour kept" if both else "colour kept (removed on the other side)",
            )
        )
    for side, have in ((local, local_now), (team, team_now)):
        if not side.writes:
            continue
        changes = [(t, c) for t, c in merged.items() if have.get(t) != c]
        changes += [(t, None) for t in have if t not in merged]
        for tag, colour in changes:
            if spelled[tag] not in outcome.changed:
                outcome.changed.append(spelled[tag])
            if not dry_run:
                side.ws.userdata.set_tag_colour(spelled[tag], colour)
    return outcome


# -- collections -------------------------------------------------------------------------------
def _within(path: str, top: str | None) -> bool:
    return top is None or path == top or path.startswith(top + "/")


def _paths(ws, top: str | None) -> dict[str, str]:
    """Folded path → path, of every collection (at or under `top`)."""
    shelf = ws.userdata.shelf
    collections = shelf.collections()
    by_id = {c.id: c for c in collections}
    out = {}
    for c in collections:
        path = shelf.path_of(c, by_id)
        if _within(path.casefold(), top):
            out[path.casefold()] = path
    return out


def _with_parents(paths: set[str], top: str | None) -> set[str]:
    """The paths and those of their parents (at or under `top`: a sync of one collection
    makes its parents when it makes it, and never deletes them)."""
    out = set()
    for path in paths:
        parts = path.split("/")
        out |= {"/".join(parts[:n]) for n in range(1, len(parts) + 1)}
    return {p for p in out if _within(p, top)}


def sync_collections(
    base: list[str], local: Side, team: Side, *, top: str | None, dry_run: bool
) -> Outcome:
    """`top`: the folded path of the collection a `--collection` sync takes (None: all)."""
    local_now, team_now = _paths(local.ws, top), _paths(team.ws, top)
    spelled = {**local_now, **team_now}
    base_folded = [p.casefold() for p in base if _within(p.casefold(), top)]
    merged = _with_parents(set(merge.merge_sets(base_folded, local_now, team_now)), top)
    outcome = Outcome(None)
    written = [(side, have) for side, have in ((local, local_now), (team, team_now)) if side.writes]
    for side, have in written:
        outcome.conflicts += _keep_filled(side, have, merged, local_now, team_now, top)
    for side, have in written:
        made = sorted(merged - set(have), key=lambda p: (p.count("/"), p))
        # Deepest first: nothing nested moves up into the place of a parent deleted before it.
        deleted = sorted(set(have) - merged, key=lambda p: (-p.count("/"), p))
        outcome.changed += [spelled[p] for p in [*made, *deleted]]
        if dry_run:
            continue
        for path in made:
            side.ws.userdata.ensure_collection(spelled[path])
        for path in deleted:
            side.ws.userdata.delete_collection(have[path])
    outcome.changed = list(dict.fromkeys(outcome.changed))
    outside = [p for p in base if not _within(p.casefold(), top)]
    here = _next_base(
        sorted(spelled[p] for p in merged),
        list(local_now.values()),
        list(team_now.values()),
        local,
        team,
    )
    outcome.base = sorted({*outside, *here})
    return outcome


def _keep_filled(
    side: Side,
    have: dict[str, str],
    merged: set[str],
    local_now: dict[str, str],
    team_now: dict[str, str],
    top: str | None,
) -> list[merge.Conflict]:
    """Collections the merge would delete on `side` that still hold articles there: put back
    into `merged` (with their parents), and reported."""
    conflicts = []
    for path in sorted(set(have) - merged):
        holding = side.ws.userdata.members(have[path], nested=False)
        if not holding:
            continue
        merged |= _with_parents({path}, top)
        conflicts.append(
            merge.Conflict(
                "",
                f"collection {have[path]}",
                _presence(local_now, path),
                _presence(team_now, path),
                f"deleted on one side, it still holds {len(holding)} articles in the "
                f"{side.name} library: kept",
            )
        )
    return conflicts


def _presence(paths: dict[str, str], path: str) -> str:
    return "present" if path in paths else "deleted"
