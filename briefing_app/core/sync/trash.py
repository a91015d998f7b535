"""The trash, synced: an article synced before that one side holds and the other has in its
trash was moved to the trash (or taken back out of it) on one side since the last sync.

- In the trash on one side, **unchanged** on the other since the last sync: moved to the trash
  there too (one batch per side and sync, so `briefing` can undo it as one delete).
- In the trash on one side, **changed** on the other (a tag, a note, a highlight, a
  correction…): a conflict. The change wins, so nothing is lost: the article is taken back out
  of the trash where it is, then merged as usual; the report says so.
- In the trash on both sides at the last sync and **restored** on one side since: restored on
  the other too.
- Deleted for good on one side (no longer in its trash either): not copied back, and reported,
  as before; a trip never deletes anything for good on the team library.

Only the articles a batch held are taken back out of it (`UserData.restore_articles`); the rest
of the batch stays in the trash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing_app.core.errors import BriefingError
from briefing_app.core.sync import merge, views
from briefing_app.core.sync.shelf import Side


@dataclass
class TrashPlan:
    """What the sync does with the trash of each side (article ids by side name)."""

    trash: dict[str, list[str]] = field(default_factory=lambda: {"local": [], "team": []})
    restore: dict[str, list[str]] = field(default_factory=lambda: {"local": [], "team": []})
    conflicts: list[merge.Conflict] = field(default_factory=list)
    in_trash: dict[str, set[str]] = field(default_factory=dict)  # after the plan is carried out
    settled: set[str] = field(default_factory=set)  # held on one side, in the other's trash


def plan(state, candidates: list[str], sides: dict[str, Side], held: dict[str, set[str]]):
    """Decide, for every synced article in the sync's scope, what the trash asks of each side.

    `held`: the ids each side holds now (outside its trash)."""
    out = TrashPlan()
    if all(i in held["local"] and i in held["team"] for i in candidates):
        out.in_trash = {name: set() for name in sides}  # both hold every one: no trash to read
        return out
    trashed_now = {name: set(side.ws.userdata.trashed()) for name, side in sides.items()}
    for article_id in candidates:
        holders = [name for name in sides if article_id in held[name]]
        if len(holders) != 1:
            continue
        (holder,) = holders
        other = "team" if holder == "local" else "local"
        if article_id not in trashed_now[other]:
            continue  # deleted for good there: reported by the copying step
        out.settled.add(article_id)
        if article_id in state.trashed:  # in both trashes at the last sync: restored since
            _ask(out.restore, other, sides, article_id)
            continue
        if not views.analyst_changed(
            views.read_view(sides[holder].ws, article_id), state.base(article_id)
        ):
            _ask(out.trash, holder, sides, article_id)
            continue
        kept = _ask(out.restore, other, sides, article_id)
        there = f"the {other} library"
        out.conflicts.append(
            merge.Conflict(
                article_id,
                "trash",
                "in the trash" if other == "local" else "changed",
                "in the trash" if other == "team" else "changed",
                f"moved to the trash in {there}, changed in the {holder} library since: kept, "
                + (
                    "and taken back out of the trash there"
                    if kept
                    else "still in the trash there until a sync that writes to it"
                ),
            )
        )
    for name in sides:
        out.in_trash[name] = (trashed_now[name] | set(out.trash[name])) - set(out.restore[name])
    return out


def _ask(wanted: dict[str, list[str]], name: str, sides: dict[str, Side], article_id: str) -> bool:
    """Ask `name` to do something with the article, if the sync writes to that side."""
    if not sides[name].writes:
        return False
    wanted[name].append(article_id)
    return True


def carry_out(out: TrashPlan, sides: dict[str, Side]) -> list[tuple[list[str], BriefingError]]:
    """Do what the plan asks of each side; what a side refused (the article trashed there by
    someone else meanwhile, say) is taken out of the plan and returned with the reason."""
    refused = []
    for name, side in sides.items():
        for wanted, act in (
            (out.trash, side.ws.userdata.trash),
            (out.restore, side.ws.userdata.restore_articles),
        ):
            if not wanted[name]:
                continue
            try:
                act(wanted[name])
            except BriefingError as exc:
                refused.append((wanted[name], exc))
                out.in_trash[name] = set(side.ws.userdata.trashed())
                wanted[name] = []
    return refused
