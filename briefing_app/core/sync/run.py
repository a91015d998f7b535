"""`briefing sync`: a local copy of a team library (or of one collection) for a trip or an
outage, and what was imported or annotated there sent back, nothing duplicated.

Both sides are `Workspace`s, read and written only through their public interface, so the
same code syncs a folder with a team's PostgreSQL library or with another folder.

0. **The trash**: an article synced before that one side moved to its trash (or took out of
   it) since the last sync is moved (or taken back) on the other side, unless changed there:
   see `trash.py`.
1. **Articles** are the same on both sides when their ids are (an id is the hash of the
   original's bytes). Articles only the local copy holds are pushed first: a citation key the
   team already uses gets the team's next free key, and the local copy takes that key too,
   keeping its own as an alias. Then the team's articles the local copy lacks are pulled.
   Records travel whole with their original bytes; nothing is parsed again. An article
   deleted for good on one side since the last sync is not copied back.
2. **The analyst's data** of every article both sides hold is merged three ways against the
   sync state (`state.py`): see `merge.py` and `views.py`.
3. **Saved searches** and **tag colours** (a whole-library sync only) merge by name, then the
   **collections** themselves (empty ones too): see `shelf.py`.

Every write is one of the ordinary writes of each side, each complete on its own; the sync
state is written after them. A sync cut short (the server gone, the process killed) leaves
both sides readable, and the next sync finishes the job: articles already copied are found
by id, data already merged merges to itself.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.errors import BriefingError, ConnectionLost
from briefing_app.core.sync import merge, shelf, trash, views
from briefing_app.core.sync.shelf import Side
from briefing_app.core.sync.state import SyncState

log = logging.getLogger(__name__)

STATE_BATCH = 50  # articles merged between two writes of the sync state


class SyncInterrupted(BriefingError):
    """A library stopped answering during a sync (what was done is whole; run it again)."""


@dataclass
class SyncReport:
    """What a sync did (or, with `dry_run`, would do)."""

    team: str
    local: str
    dry_run: bool = False
    pulled: list[str] = field(default_factory=list)  # article ids copied team → local
    pushed: list[str] = field(default_factory=list)  # article ids copied local → team
    merged: list[str] = field(default_factory=list)  # articles whose data changed on a side
    rekeyed: list[dict[str, str]] = field(default_factory=list)  # {"id", "old", "new"}
    conflicts: list[merge.Conflict] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"id", "reason"}
    deleted: list[dict[str, str]] = field(default_factory=list)  # {"id", "side"}: not copied back
    trashed: list[dict[str, str]] = field(default_factory=list)  # {"id", "side"}: moved there
    restored: list[dict[str, str]] = field(default_factory=list)  # {"id", "side"}: back there
    saved_searches: list[str] = field(default_factory=list)  # names changed on a side
    tag_colours: list[str] = field(default_factory=list)  # tags whose colour changed on a side
    collections: list[str] = field(default_factory=list)  # collections made or deleted on a side

    def to_json(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "local": self.local,
            "dry_run": self.dry_run,
            "pulled": len(self.pulled),
            "pushed": len(self.pushed),
            "annotations_merged": len(self.merged),
            "saved_searches_merged": len(self.saved_searches),
            "tag_colours_merged": len(self.tag_colours),
            "collections_merged": len(self.collections),
            "conflicts": [c.to_json() for c in self.conflicts],
            "rekeyed": list(self.rekeyed),
            "skipped": list(self.skipped),
            "deleted_since_last_sync": list(self.deleted),
            "trashed": list(self.trashed),
            "restored": list(self.restored),
            "articles": {
                "pulled": list(self.pulled),
                "pushed": list(self.pushed),
                "merged": list(self.merged),
            },
        }

    @property
    def changed(self) -> bool:
        return bool(
            self.pulled
            or self.pushed
            or self.merged
            or self.rekeyed
            or self.saved_searches
            or self.trashed
            or self.restored
            or self.tag_colours
            or self.collections
        )


def sync(
    team,
    local,
    *,
    team_name: str,
    collection: str | None = None,
    pull: bool = True,
    push: bool = True,
    dry_run: bool = False,
) -> SyncReport:
    """Sync the workspace `local` (a library folder) with the workspace `team`.

    `team_name` is how the team library is named in the sync state (its location without
    secrets). `collection` limits the sync to the articles in that collection (and those
    nested in it) on either side, plus those synced before. `pull=False` leaves the local
    copy as it is, `push=False` the team library.
    """
    if local.root is None:
        raise BriefingError("The local copy must be a library folder.")
    if not dry_run:
        if push:
            team._check_writable()
        if pull:
            local._check_writable()
    report = SyncReport(team=team_name, local=str(local.root), dry_run=dry_run)
    state = SyncState(local.root, team_name)
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    job = _Job(team, local, state, report, pull=pull, push=push, dry_run=dry_run, when=when)
    with contextlib.ExitStack() as locks:
        # Each side that is written is held for the whole sync (a window open on it would
        # see its library change under it); a dry run writes nothing and holds nothing.
        for ws, writes in ((local, pull), (team, push)):
            if writes and not dry_run:
                locks.enter_context(ws.library.lock)
        try:
            job.run(collection)
        except ConnectionLost as exc:  # a server restart: what was done is whole
            raise _interrupted(exc) from exc
    return report


def _interrupted(exc: BriefingError) -> SyncInterrupted:
    return SyncInterrupted(
        f"The sync stopped part-way: {exc} Both libraries are whole; run the same "
        "sync again to finish it."
    )


class _Job:
    def __init__(self, team, local, state, report, *, pull, push, dry_run, when):
        self.team, self.local, self.state, self.report = team, local, state, report
        self.pull, self.push, self.dry_run, self.when = pull, push, dry_run, when

    def run(self, collection: str | None) -> None:
        team_ids, local_ids = set(self.team.library.ids()), set(self.local.library.ids())
        scope = self._scope(collection, team_ids, local_ids)
        synced = set(self.state.articles)
        # The two libraries and whether this sync writes to each: one pair for every part.
        sides = {
            "local": Side(self.local, "local", self.pull),
            "team": Side(self.team, "team", self.push),
        }
        # Every article synced before, held by a side or not (in both trashes, say).
        settled = self._settle_trash(sides, sorted(synced), team_ids, local_ids)
        to_push = sorted(scope & local_ids - team_ids - settled)
        to_pull = sorted(scope & team_ids - local_ids - settled)
        for ids, side in ((to_push, "team"), (to_pull, "local")):
            gone = [i for i in ids if i in synced]  # was on both sides: deleted since
            self.report.deleted += [{"id": i, "side": side} for i in gone]
        to_push = [i for i in to_push if i not in synced]
        to_pull = [i for i in to_pull if i not in synced]
        copied: dict[str, dict] = {}  # dry run: the view a copy would have
        if self.push:
            order = self._in_version_order(self.local, to_push)
            copied.update(self._copy(order, self.local, self.team, self.report.pushed))
        if self.pull:
            order = self._in_version_order(self.team, to_pull)
            copied.update(self._copy(order, self.team, self.local, self.report.pulled))
        both = scope & team_ids & local_ids
        both |= set(self.report.pushed) | set(self.report.pulled)
        for number, article_id in enumerate(sorted(both), 1):
            self._merge_article(article_id, copied)
            if number % STATE_BATCH == 0 and not self.dry_run:
                self.state.save()
        if collection is None:
            self._merge_saved_searches()
            self._merge_tag_colours(sides)
        self._merge_collection_tree(sides, collection)
        if not self.dry_run:
            self.state.save(self.when)

    # -- the trash --------------------------------------------------------------------------
    def _settle_trash(
        self, sides: dict[str, Side], candidates: list[str], team_ids: set, local_ids: set
    ) -> set[str]:
        """Carry what was moved to the trash, or taken out of it, on one side since the last
        sync (see `trash.py`); `team_ids` and `local_ids` are updated to match. The articles
        it dealt with are left out of the copying."""
        held = {"local": local_ids, "team": team_ids}
        plan = trash.plan(self.state, candidates, sides, held)
        self.report.conflicts += plan.conflicts
        if not self.dry_run:
            for ids, exc in trash.carry_out(plan, sides):
                for article_id in ids:
                    self._skip(article_id, exc)
        for name in sides:
            self.report.trashed += [{"id": i, "side": name} for i in plan.trash[name]]
            self.report.restored += [{"id": i, "side": name} for i in plan.restore[name]]
        if self.dry_run:
            return plan.settled
        for name, ids in held.items():
            ids -= set(plan.trash[name])
            ids |= set(plan.restore[name])
        in_both = {i for i in candidates if all(i in plan.in_trash[n] for n in sides)}
        self.state.trashed = (self.state.trashed - set(candidates)) | in_both
        return plan.settled

    # -- which articles --------------------------------------------------------------------
    def _scope(self, collection: str | None, team_ids: set[str], local_ids: set[str]) -> set[str]:
        if collection is None:
            return team_ids | local_ids
        found = False
        scope = set(self.state.articles)  # once synced, an article stays in the sync
        for ws in (self.team, self.local):
            try:
                scope |= set(ws.userdata.members(collection))
                found = True
            except BriefingError:
                continue  # not on this side (yet)
        if not found:
            raise BriefingError(f"Neither library has a collection named {collection!r}.")
        return scope

    @staticmethod
    def _in_version_order(ws, ids: list[str]) -> list[str]:
        """Older versions before the newer versions that supersede them."""
        order, placed, wanted = [], set(), set(ids)

        def place(article_id: str, seen: set[str]) -> None:
            if article_id in placed or article_id in seen:
                return
            seen.add(article_id)
            try:
                previous = ws.library.get(article_id).supersedes
            except BriefingError:
                previous = None  # unreadable: copying it reports why
            if previous in wanted:
                place(previous, seen)
            placed.add(article_id)
            order.append(article_id)

        for article_id in ids:
            place(article_id, set())
        return order

    # -- copying articles ------------------------------------------------------------------
    def _copy(self, ids: list[str], source, target, done: list[str]) -> dict[str, dict]:
        """Copy articles (records and originals), each key made free on the target first.
        A dry run returns the data each copy would start with."""
        taken = target.library.keys()
        would: dict[str, dict] = {}

        def copies():
            for article_id in ids:
                try:
                    article = copy.deepcopy(source.library.get(article_id))
                    original = source.library.original_bytes(article)
                except BriefingError as exc:
                    self._skip(article_id, exc)
                    continue
                if article.key in taken and not self._versions_key(article, target):
                    self._free_key(article, source, target, taken)
                taken.add(article.key)
                if self.dry_run:
                    would[article_id] = _record_view(article)
                    done.append(article_id)
                    continue
                yield article, original

        if self.dry_run:
            list(copies())
            return would
        stored, failed = target.add_copies(copies())
        for article in stored:
            done.append(article.id)
            own_key = source.library.get(article.id).key
            if target is self.team and article.key != own_key:
                self._adopt_team_key(article.id, own_key, article.key)
        for article, exc in failed:
            if article.id in target.library:  # stored meanwhile by another writer: the same file
                done.append(article.id)
            else:
                self._skip(article.id, exc)
        return {}

    @staticmethod
    def _versions_key(article, target) -> bool:
        """True when the key is the one of the earlier version this article supersedes on the
        target (a new version keeps its predecessor's key)."""
        previous = article.supersedes
        return (
            bool(previous)
            and previous in target.library
            and (target.library.get(previous).key == article.key)
        )

    def _skip(self, article_id: str, exc: BriefingError) -> None:
        """Report an article one side refused, and go on — unless a side stopped answering
        (the server gone or restarted): then the sync stops, to be run again."""
        if isinstance(exc, ConnectionLost):
            raise _interrupted(exc) from exc
        for ws in (self.team, self.local):
            try:
                ws.library.has_records()
            except BriefingError as gone:
                raise _interrupted(gone) from gone
        self.report.skipped.append({"id": article_id, "reason": str(exc)})
        log.warning("Article %s not synced: %s", article_id, exc)

    def _free_key(self, article, source, target, taken: set[str]) -> None:
        """The key is someone else's on the target: the team's key wins, the other side's
        article gets the next free key (its old key kept as its alias)."""
        from briefing_app.core.ingest.citekey import make_key

        if target is self.team:
            article.key = make_key(article.metadata, taken | source.library.keys())
            return
        # Pulling: the local article holding the team's key is one the team does not know.
        holder = target.library.by_key().id_of(article.key)
        if holder is None or holder == article.id or target.library.get(holder).key != article.key:
            return  # free, or only an alias here: the team's article's own key wins
        new_key = make_key(target.library.get(holder).metadata, taken | source.library.keys())
        self.report.rekeyed.append({"id": holder, "old": article.key, "new": new_key})
        if not self.dry_run:
            target.userdata.adopt_key(holder, new_key)

    def _adopt_team_key(self, article_id: str, old: str, team_key: str) -> None:
        self.report.rekeyed.append({"id": article_id, "old": old, "new": team_key})
        self.local.userdata.adopt_key(article_id, team_key)

    # -- merging the analyst's data --------------------------------------------------------
    def _merge_article(self, article_id: str, copied: dict[str, dict]) -> None:
        local_view = copied.get(article_id) if article_id in self.report.pulled else None
        team_view = copied.get(article_id) if article_id in self.report.pushed else None
        try:
            local_view = local_view or views.read_view(self.local, article_id)
            team_view = team_view or views.read_view(self.team, article_id)
            base = self._base(article_id, local_view, team_view)
            if views.same(local_view, team_view):
                self._remember(article_id, local_view)
                return
            result = views.merge_views(
                base, local_view, team_view, article=article_id, when=self.when
            )
            wanted = self._key_free_on_team(article_id, result.value, team_view)
            self.report.conflicts += result.conflicts
            views.checked_metadata(wanted)
            write_local = self.pull and not views.same(wanted, local_view)
            write_team = self.push and not views.same(wanted, team_view)
            changed = write_local or write_team
            if changed and not self.dry_run:
                self.state.intend(article_id, wanted, local_view, team_view)
            if write_local and wanted["key"] != local_view["key"]:
                self.report.rekeyed.append(
                    {"id": article_id, "old": local_view["key"], "new": wanted["key"]}
                )
            if write_local and not self.dry_run:
                self._written("local", article_id, local_view, wanted)
            if write_team and not self.dry_run:
                self._written("team", article_id, team_view, wanted)
        except BriefingError as exc:
            self._skip(article_id, exc)
            return
        if changed:
            self.report.merged.append(article_id)
        # The base is what the side left unchanged holds, so its changes still count next time.
        self._remember(
            article_id,
            wanted if self.pull == self.push else (team_view if self.pull else local_view),
        )

    def _written(self, side: str, article_id: str, current: dict, wanted: dict) -> None:
        """Write the merged data to one side; a repair undone on the other side that this
        side's copy has no such repair for is left and reported."""
        ws = self.local if side == "local" else self.team
        for repair_id in views.write_view(ws, article_id, current, wanted):
            self.report.conflicts.append(
                merge.Conflict(
                    article_id,
                    f"repair {repair_id}",
                    "undone" if side == "team" else "no such repair",
                    "undone" if side == "local" else "no such repair",
                    f"not undone in the {side} library: its copy of the text has no such repair "
                    "(read by another version of Briefing)",
                )
            )

    def _base(self, article_id: str, local_view: dict, team_view: dict) -> dict:
        """The article's data at the last sync; for a merge a sync cut short began to write,
        part by part: a part one side holds as merged counts as changed only by that merge."""
        base = views.completed(self.state.base(article_id) or {})
        pending = self.state.pending.get(article_id)
        if not pending:
            return base
        pending = {side: views.completed(pending[side]) for side in ("merged", "local", "team")}
        merged, now_local, now_team = (
            views.normalised(v) for v in (pending["merged"], local_view, team_view)
        )
        base = dict(base)
        for part in views.FIELDS:
            at_local, at_team = now_local[part] == merged[part], now_team[part] == merged[part]
            if at_local and at_team:
                base[part] = pending["merged"][part]
            elif at_local:
                base[part] = pending["team"][part]
            elif at_team:
                base[part] = pending["local"][part]
        return base

    def _key_free_on_team(self, article_id: str, wanted: dict, team_view: dict) -> dict:
        """A key chosen locally that the team gives another article: the team's key stays."""
        if not self.push or wanted["key"] == team_view["key"]:
            return wanted
        holder = self.team.library.by_key().id_of(wanted["key"])
        if holder is None or holder == article_id:
            return wanted
        self.report.conflicts.append(
            merge.Conflict(
                article_id,
                "key",
                wanted["key"],
                team_view["key"],
                "the local key names another team article: team's key kept, the local one an alias",
            )
        )
        aliases = sorted({*wanted["aliases"], wanted["key"]} - {team_view["key"]})
        return {**wanted, "key": team_view["key"], "aliases": aliases}

    def _remember(self, article_id: str, view: dict) -> None:
        if not self.dry_run:
            self.state.articles[article_id] = view

    # -- tag colours and collections -------------------------------------------------------
    def _merge_tag_colours(self, sides: dict[str, Side]) -> None:
        outcome = shelf.sync_tag_colours(
            self.state.tag_colours, sides["local"], sides["team"], dry_run=self.dry_run
        )
        self.report.tag_colours += outcome.changed
        self.report.conflicts += outcome.conflicts
        if not self.dry_run:
            self.state.tag_colours = outcome.base

    def _merge_collection_tree(self, sides: dict[str, Side], collection: str | None) -> None:
        outcome = shelf.sync_collections(
            self.state.collections,
            sides["local"],
            sides["team"],
            top=self._collection_path(collection),
            dry_run=self.dry_run,
        )
        self.report.collections += outcome.changed
        self.report.conflicts += outcome.conflicts
        if not self.dry_run:
            self.state.collections = outcome.base

    def _collection_path(self, collection: str | None) -> str | None:
        """The folded path of the collection a `--collection` sync takes."""
        if collection is None:
            return None
        for ws in (self.team, self.local):
            try:
                found = ws.userdata.shelf.find(collection)
            except BriefingError:
                continue
            return ws.userdata.shelf.path_of(found).casefold()
        raise BriefingError(f"Neither library has a collection named {collection!r}.")

    # -- saved searches --------------------------------------------------------------------
    def _merge_saved_searches(self) -> None:
        local = {s.name: s.query for s in self.local.saved_searches.load()}
        team = {s.name: s.query for s in self.team.saved_searches.load()}
        base = self.state.saved_searches
        merged, clashes = merge.merge_mapping(base, local, team)
        for name in clashes:
            if local.get(name) is not None and team.get(name) is not None:
                twin = f"{name} (local copy)"
                merged[twin] = local[name]
                resolution = f"team's query kept; the local one saved as {twin!r}"
            else:
                resolution = "edit kept"
            self.report.conflicts.append(
                merge.Conflict(
                    "", f"saved search {name}", local.get(name), team.get(name), resolution
                )
            )
        for side, have, write in ((self.local, local, self.pull), (self.team, team, self.push)):
            if not write or have == merged:
                continue
            changed = [n for n in merged if have.get(n) != merged[n]]
            gone = [n for n in have if n not in merged]
            self.report.saved_searches += [
                n for n in [*changed, *gone] if n not in self.report.saved_searches
            ]
            if self.dry_run:
                continue
            for name in changed:
                side.saved_searches.save(name, merged[name])
            for name in gone:
                side.saved_searches.remove(name)
        if not self.dry_run:
            self.state.saved_searches = (
                merged if self.pull == self.push else (team if self.pull else local)
            )


def _record_view(article) -> dict[str, Any]:
    """The data a copy of `article` starts with: what its record carries."""
    view = views.empty_view()
    view["key"] = article.key
    view["aliases"] = list(article.key_aliases)
    view["metadata"] = {f: e["value"] for f, e in sorted(article.overrides.items())}
    view["repairs"] = sorted(article.rejected_repairs)
    view["claims_version"] = article.claims_version
    return view
