"""One article's analyst data on one side of a sync, as plain JSON values, read and written only
through a workspace's public interface (`Workspace.library`, `Workspace.userdata`).

A view is what the sync state stores and what the three-way merge compares::

    {"key": "smith2024gas", "aliases": [...], "tags": [...], "collections": ["Trip/Gas", ...],
     "note": "...", "highlights": {id: Highlight.to_dict()}, "metadata": {field: value},
     "claims": [correction, ...], "repairs": [undone repair id, ...], "claims_version": 2}

Collections are named by path ("Parent/Child"): each library gives its collections its own
ids, so the path is what is the same on both sides.

Two parts are the record's own: the heuristic repairs undone (`Article.rejected_repairs`, a set
merged like tags) and the version of the claims extractor that made the claims (only ever
raised: the side holding older claims extracts them again, as `briefing claims` does).
"""

from __future__ import annotations

import json
from typing import Any

from briefing_app.core import overrides
from briefing_app.core.claims import EXTRACTOR_VERSION, corrections
from briefing_app.core.highlights import Highlight
from briefing_app.core.sync import merge

FIELDS = (
    "key",
    "aliases",
    "tags",
    "collections",
    "note",
    "highlights",
    "metadata",
    "claims",
    "repairs",
    "claims_version",
)


def empty_view() -> dict[str, Any]:
    """What an article held before its first sync (no key: the team's is taken)."""
    return {
        "key": None,
        "aliases": [],
        "tags": [],
        "collections": [],
        "note": "",
        "highlights": {},
        "metadata": {},
        "claims": [],
        "repairs": [],
        "claims_version": 0,
    }


def completed(view: dict[str, Any]) -> dict[str, Any]:
    """A view kept by an earlier version of the sync state, with the parts it lacked as they
    are before a first sync (so what either side holds of them counts as its own change)."""
    return {**empty_view(), **view}


def read_view(ws, article_id: str) -> dict[str, Any]:
    """The article's data as it is now on `ws`."""
    article = ws.library.get(article_id)
    userdata = ws.userdata
    shelf = userdata.shelf
    return {
        "key": article.key,
        "aliases": list(article.key_aliases),
        "tags": list(userdata.tags(article_id)),
        "collections": sorted(shelf.path_of(c) for c in userdata.collections_of(article_id)),
        "note": userdata.note(article_id),
        "highlights": {
            p.highlight.id: p.highlight.to_dict() for p in userdata.highlights(article_id)
        },
        "metadata": {f: e["value"] for f, e in sorted(article.overrides.items())},
        "claims": claim_corrections(ws, article_id),
        "repairs": sorted(article.rejected_repairs),
        "claims_version": article.claims_version,
    }


def claim_corrections(ws, article_id: str) -> list[dict[str, Any]]:
    """The article's own claim corrections (not those it inherits from an older version)."""
    return list(ws.library.corrections_document(article_id)["corrections"])


def _canonical(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def merge_views(
    base: dict[str, Any], local: dict[str, Any], team: dict[str, Any], *, article: str, when: str
) -> merge.Merged:
    """The view both sides should hold after the sync, and the conflicts met on the way."""
    conflicts: list[merge.Conflict] = []
    key, clash = merge.merge_value(base["key"], local["key"], team["key"])
    if clash and base["key"] is not None:
        conflicts.append(
            merge.Conflict(
                article,
                "key",
                local["key"],
                team["key"],
                "team's key kept; the local one is an alias",
            )
        )
    note = merge.merge_note(base["note"], local["note"], team["note"], article=article, when=when)
    lights = merge.merge_highlights(
        base["highlights"], local["highlights"], team["highlights"], article=article
    )
    fields = merge.merge_fields(
        base["metadata"], local["metadata"], team["metadata"], article=article, what="metadata"
    )
    claims, claim_conflicts = _merge_claims(
        base["claims"], local["claims"], team["claims"], article
    )
    conflicts += [*note.conflicts, *lights.conflicts, *fields.conflicts, *claim_conflicts]
    old_keys = {local["key"], team["key"], base["key"]} - {key, None}
    aliases = merge.merge_sets([], [*local["aliases"], *old_keys], team["aliases"])
    merged = {
        "key": key,
        "aliases": sorted(a for a in aliases if a != key),
        "tags": merge.merge_sets(base["tags"], local["tags"], team["tags"], fold=str.casefold),
        "collections": sorted(
            merge.merge_sets(base["collections"], local["collections"], team["collections"])
        ),
        "note": note.value,
        "highlights": lights.value,
        "metadata": fields.value,
        "claims": claims,
        "repairs": sorted(merge.merge_sets(base["repairs"], local["repairs"], team["repairs"])),
        "claims_version": max(local["claims_version"], team["claims_version"]),
    }
    return merge.Merged(merged, conflicts)


def _merge_claims(
    base: list[dict], local: list[dict], team: list[dict], article: str
) -> tuple[list[dict], list[merge.Conflict]]:
    """Claim corrections as a set; two different corrections of one passage (one per side):
    the team's kept, the local one reported."""
    merged = merge.merge_sets(base, local, team, fold=_canonical)
    team_keys = {_canonical(c) for c in team}
    conflicts, out = [], []
    for correction in merged:
        rivals = [
            c
            for c in merged
            if c is not correction
            and corrections.same_target(c, correction)
            and _canonical(c) in team_keys
        ]
        if rivals and _canonical(correction) not in team_keys:
            conflicts.append(
                merge.Conflict(
                    article, "claim correction", correction, rivals[0], "team's correction kept"
                )
            )
            continue
        out.append(correction)
    return out, conflicts


def normalised(view: dict[str, Any]) -> dict[str, Any]:
    """A view compared by content only (tag case and member order aside)."""
    out = dict(view)
    out["tags"] = sorted(t.casefold() for t in view["tags"])
    out["collections"] = sorted(view["collections"])
    out["aliases"] = sorted(view["aliases"])
    out["claims"] = sorted(_canonical(c) for c in view["claims"])
    out["repairs"] = sorted(view["repairs"])
    # Claims made by a newer extractor than this one count as this one's: it cannot make
    # them on the other side, and must not take them for a change at every sync.
    out["claims_version"] = min(view["claims_version"], EXTRACTOR_VERSION)
    return out


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return normalised(a) == normalised(b)


def analyst_changed(now: dict[str, Any], base: dict[str, Any] | None) -> bool:
    """Whether an analyst changed the article since the sync that kept `base`: only the parts
    the base holds count (a state from an older version lacks some, and what it lacks is no
    change), and not the claims' extractor version (`briefing claims` re-extracting is not).
    """
    parts = [part for part in (base or {}) if part != "claims_version"]
    return not same(now, {**now, **{part: base[part] for part in parts}})


def write_view(ws, article_id: str, current: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """Change what differs between `current` (read from `ws`) and `wanted`, part by part,
    each through the same interface the CLI and the window use; the undone repairs this
    side's copy does not have (see `write_repairs`)."""
    userdata = ws.userdata
    # First, as they make the record again from the original (corrections and key kept).
    unknown = write_repairs(ws, article_id, current["repairs"], wanted["repairs"])
    if wanted["key"] != current["key"] or set(wanted["aliases"]) - set(current["aliases"]):
        userdata.adopt_key(article_id, wanted["key"], wanted["aliases"])
    if wanted["metadata"] != current["metadata"]:
        changed = {f: v for f, v in wanted["metadata"].items() if current["metadata"].get(f) != v}
        cleared = [f for f in current["metadata"] if f not in wanted["metadata"]]
        userdata.edit(article_id, changed, clear=cleared)
    have = {t.casefold() for t in current["tags"]}
    want = {t.casefold() for t in wanted["tags"]}
    if have != want:
        userdata.tag(
            [article_id],
            add=[t for t in wanted["tags"] if t.casefold() not in have],
            remove=[t for t in current["tags"] if t.casefold() not in want],
        )
    for path in sorted(set(wanted["collections"]) - set(current["collections"])):
        userdata.file([article_id], userdata.ensure_collection(path).id)
    for path in sorted(set(current["collections"]) - set(wanted["collections"])):
        userdata.file([article_id], userdata.shelf.find(path).id, remove=True)
    if wanted["note"] != current["note"]:
        userdata.set_note(article_id, wanted["note"])
    if wanted["highlights"] != current["highlights"]:
        userdata.store_highlights(
            article_id, [Highlight.from_dict(h) for h in wanted["highlights"].values()]
        )
    if normalised(wanted)["claims"] != normalised(current)["claims"]:
        write_claim_corrections(ws, article_id, wanted["claims"])
    held = ws.library.get(article_id).claims_version  # a repair undone re-extracts them
    if held < min(wanted["claims_version"], EXTRACTOR_VERSION):
        ws.refresh_claims([article_id])
    return unknown


def write_repairs(ws, article_id: str, current: list[str], wanted: list[str]) -> list[str]:
    """Undo the repairs `wanted` adds and restore those it drops, in one re-read of the
    article; the ids this side's copy has no such repair for (its text read by another
    version of Briefing), left as they are there and returned to be reported."""
    known = ws.library.get(article_id).undoable_repairs() | set(current)
    unknown = sorted(set(wanted) - known)
    rejected = set(wanted) & known
    if rejected != set(current):
        ws.set_rejected_repairs(article_id, rejected)
    return unknown


def write_claim_corrections(ws, article_id: str, wanted: list[dict[str, Any]]) -> None:
    """Store the article's claim corrections (and recount who it quotes)."""
    ws.userdata.replace_claim_corrections(article_id, wanted)


def checked_metadata(view: dict[str, Any]) -> None:
    """Every corrected value valid before anything is written (a bad one stops the article)."""
    for field, value in view["metadata"].items():
        overrides.normalise(field, value)
