"""The analyst's own layer over the archive: corrections, tags, collections, notes, highlights.

One object per workspace (`Workspace.userdata`) that takes the library's write lock for
every change and keeps the search index in step, so the CLI and the window do the same.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from briefing_app.core import highlights as hl
from briefing_app.core import overrides
from briefing_app.core.annotations import (
    Collection,
    InvalidName,
    Note,
    merge_tags,
)
from briefing_app.core.article import Article

log = logging.getLogger(__name__)


class UserData:
    def __init__(self, workspace):
        self.ws = workspace
        self.library = workspace.library
        self.notes_store = workspace.storage.notes_store()
        self.shelf = workspace.storage.shelf()

    @contextmanager
    def _writing(self):
        """The library's write lock, with the catalog marked dirty until its copy of the
        analyst's data is stored again (a kill in between makes the next open rebuild it)."""
        self.ws._check_writable()
        with self.library.lock, self.library.writing():
            yield

    def _write(self, article_id: str, record=None, note: str | None = None) -> None:
        """Write an article's user file and/or note, then the catalog's copy of them."""
        if record is not None:
            self.notes_store.write(article_id, record)
        if note is not None:
            self.notes_store.write_note(article_id, note)
        self._store_catalog_rows([article_id])

    def _store_catalog_rows(self, ids: list[str]) -> None:
        self.library.store_user_data(self.notes_store.catalog_row(i) for i in ids)

    # -- metadata corrections ---------------------------------------------------------------
    def edit(
        self,
        id_or_key: str,
        values: Mapping[str, Any] | None = None,
        *,
        clear: Iterable[str] = (),
        rekey: bool = False,
    ) -> Article:
        """Correct fields (all validated before anything is written), clear corrections, and
        re-make the citation key from the corrected metadata when `rekey` is asked."""
        values = dict(values or {})
        for field, value in values.items():
            overrides.normalise(field, value)  # every value checked before any is written
        with self._writing():
            before = self.library.resolve(id_or_key)
            # A copy: the cached article others hold (an open reader) changes only when saved.
            article = copy.deepcopy(before)
            for field in clear:
                overrides.clear_field(article, field)
            for field, value in values.items():
                overrides.set_field(article, field, value)
            rekeyed = rekey and overrides.rekey(article, self.library.keys())
            # Only what this edit changed is stored: in a team library another analyst's
            # correction of another field meanwhile is kept, and a key taken meanwhile is a
            # KeyTaken error with nothing changed.
            self.library.save_edit(before, article, [before.key] if rekeyed else [])
        self.ws._reindex([article.id])
        return self.library.get(article.id)  # with what others corrected meanwhile

    # -- tags -------------------------------------------------------------------------------
    def tags(self, article_id: str) -> list[str]:
        return self.notes_store.read(article_id).tags

    def tags_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The tags of many articles (a selection) in one catalog query; an article without
        tags is left out."""
        return self.library.catalog.tags_of(list(ids))

    def tag(self, ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        add, remove = list(add), list(remove)
        merge_tags([], add, remove)  # validates every name before anything is written
        ids = self._ids(ids)
        with self._writing():
            for article_id in ids:
                # One change, not a rewrite of the article's tags: in a team library another
                # analyst's tag added meanwhile is kept.
                self.notes_store.change_tags(article_id, add, remove)
            self._store_catalog_rows(ids)  # one catalog transaction for the selection
        self.ws._reindex(ids)

    def tag_counts(self, collections: Iterable[str] | None = None) -> dict[str, int]:
        """Every tag in use and on how many current articles (from the catalog); with
        `collections` (ids), on how many of those filed in them."""
        return dict(self.library.catalog.tag_counts(collections))

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        with self._writing():
            self.shelf.set_tag_colour(tag, colour)

    # -- collections ------------------------------------------------------------------------
    def collections(self) -> list[Collection]:
        return self.shelf.collections()

    def create_collection(self, name: str, parent: str | None = None) -> Collection:
        with self._writing():
            return self.shelf.create(name, parent)

    def collection_counts(self) -> dict[str, int]:
        """Collection id → current articles in it or nested in it (one catalog query)."""
        tree = [(c.id, c.parent) for c in self.shelf.collections()]
        return self.library.catalog.collection_counts(tree)

    def ensure_collection(self, path: str) -> Collection:
        """The collection at "Parent/Child", created (with its parents) when missing."""
        with self._writing():
            return self.shelf.ensure(path)

    def rename_collection(self, name_or_path: str, new_name: str) -> Collection:
        with self._writing():
            return self.shelf.rename(name_or_path, new_name)

    def delete_collection(self, name_or_path: str) -> Collection:
        with self._writing():
            return self.shelf.remove(name_or_path)

    def move_collection(self, name_or_path: str, new_parent: str | None) -> Collection:
        """Nest a collection inside another (None: at the top level)."""
        with self._writing():
            return self.shelf.move(name_or_path, new_parent)

    def put_back_collection(
        self, collection: Collection, children: Iterable[str] = (), members: Iterable[str] = ()
    ) -> Collection:
        """Undo a delete: the collection as it was (id, name, place), the collections that
        moved up when it went nested in it again, and `members` filed in it again."""
        with self._writing():
            made = self.shelf.put_back(collection, children)
        self.file_back(members, made.id)
        return made

    def file_back(self, ids: Iterable[str], collection: str) -> list[str]:
        """A put-back collection's members (`ids`, read before it was deleted) filed in it
        again, writing only those not in it now: a library folder keeps an article's
        membership when its collection goes (nothing is written), a team library drops it.
        Returns the ids not put back: no longer in the library (moved to the trash since,
        or deleted for good); a folder's trash keeps their membership, a team's does not."""
        ids = list(ids)
        if not ids:
            return []
        target = self.shelf.find(collection)
        present = set(
            self.library.catalog.ordered_ids(
                sort="id", descending=False, filters={"ids": ids}, current_only=False
            )
        )
        inside = set(self.members(target.id, nested=False))
        moving = [i for i in ids if i in present and i not in inside]
        if moving:
            self.file(moving, target.id)
        return [i for i in ids if i not in present]

    def file(self, ids: Iterable[str], collection: str, *, remove: bool = False) -> Collection:
        """Put articles into a collection (or take them out)."""
        target = self.shelf.find(collection)
        ids = self._ids(ids)
        with self._writing():
            for article_id in ids:
                self.notes_store.file(article_id, target.id, remove=remove)
            self._store_catalog_rows(ids)
        self.ws._reindex(ids)
        return target

    def members(self, collection: str, *, nested: bool = True) -> list[str]:
        """Ids of the current articles in a collection (and in those nested in it)."""
        target = self.shelf.find(collection)
        wanted = self.shelf.descendants(target.id) if nested else {target.id}
        return self.library.catalog.ordered_ids(
            sort="id", descending=False, filters={"collection": sorted(wanted)}
        )

    def collect_search(self, query: str, collection: str) -> tuple[Collection, int]:
        """A search turned into a collection: every current article `query` finds now goes
        into the collection `collection` (an id, name or path; a path is made when missing).
        The collection and how many articles the search put there."""
        found = self.ws.matching_ids(query)  # a bad query fails here, before any write
        current = set(self.library.current_ids())
        ids = [i for i in found if i in current]
        try:
            target = self.shelf.find(collection)
        except InvalidName:
            target = self.ensure_collection(collection)
        if ids:
            self.file(ids, target.id)
        return target, len(ids)

    def save_collection_search(self, collection: str, name: str = ""):
        """A collection turned into a saved search (`collection:"Path"`, which finds the
        collections nested in it too), named after the collection unless `name` is given."""
        from briefing_app.core.search.user_fields import collection_query

        self.ws._check_writable()
        query = collection_query(self.shelf, collection)
        saved = self.ws.saved_searches.save(
            name or self.shelf.path_of(self.shelf.find(collection)), query
        )
        self.ws.saved_searches.record_run(saved.name, self.ws.matching_ids(query))
        return saved

    def collections_of(self, article_id: str) -> list[Collection]:
        known = {c.id: c for c in self.shelf.collections()}
        ids = self.notes_store.read(article_id).collections
        return [known[c] for c in ids if c in known]

    # -- notes ------------------------------------------------------------------------------
    def note(self, article_id: str) -> str:
        return self.notes_store.note(article_id)

    def read_note(self, article_id: str) -> Note:
        """The note with its version: hand the version back to `set_note` as `expected`."""
        return self.notes_store.read_note(article_id)

    def set_note(self, article_id: str, text: str, *, expected: str | None = None) -> Note:
        """Write the note; with `expected` (the version the editor opened), a note changed
        since by someone else is not overwritten: NoteConflict says so."""
        article_id = self.library.resolve(article_id).id
        with self._writing():
            saved = self.notes_store.save_note(article_id, text, expected)
            self._store_catalog_rows([article_id])
        self.ws._reindex([article_id])
        return saved

    # -- highlights -------------------------------------------------------------------------
    def highlights(self, article_id: str) -> list[hl.Placed]:
        """The article's highlights placed in its current text (orphans last)."""
        article = self.library.get(article_id)
        placed = [hl.place(article, h) for h in self.notes_store.read(article_id).highlights]
        return sorted(placed, key=lambda p: (p.orphaned, p.start, p.highlight.created))

    def add_highlight(
        self, article_id: str, start: int, end: int, *, colour: str = "yellow", comment: str = ""
    ) -> hl.Highlight:
        article = self.library.get(article_id)
        highlight = hl.new_highlight(article, start, end, colour=colour, comment=comment)
        with self._writing():
            self.notes_store.add_highlight(article_id, highlight)
        return highlight

    def update_highlight(
        self,
        article_id: str,
        highlight_id: str,
        *,
        colour: str | None = None,
        comment: str | None = None,
    ) -> hl.Highlight:
        with self._writing():
            return self.notes_store.update_highlight(
                article_id, highlight_id, colour=colour, comment=comment
            )

    def remove_highlight(self, article_id: str, highlight_id: str) -> hl.Highlight:
        with self._writing():
            return self.notes_store.remove_highlight(article_id, highlight_id)

    def store_highlights(self, article_id: str, highlights: list[hl.Highlight]) -> None:
        """Make the article's highlights exactly these, ids kept (highlights brought over from
        another copy of the library by `briefing sync`): one change per highlight, so in a
        team library another analyst's highlight added meanwhile is kept."""
        wanted = {h.id: h for h in highlights}
        with self._writing():
            current = {h.id: h for h in self.notes_store.read(article_id).highlights}
            for hid, have in current.items():
                want = wanted.get(hid)
                if want is None or _anchor(want) != _anchor(have):
                    self.notes_store.remove_highlight(article_id, hid)
                elif (want.colour, want.comment) != (have.colour, have.comment):
                    self.notes_store.update_highlight(
                        article_id, hid, colour=want.colour, comment=want.comment
                    )
            for hid, want in wanted.items():
                if hid not in current or _anchor(want) != _anchor(current[hid]):
                    self.notes_store.add_highlight(article_id, want)

    # -- claim corrections ------------------------------------------------------------------
    def replace_claim_corrections(self, article_id: str, items: list[dict[str, Any]]) -> None:
        """Make the article's own claim corrections exactly `items` (see `store_highlights`)."""
        from briefing_app.core.claims import corrections

        with self._writing():
            corrections.replace(self.library, self.library.get(article_id), items)

    # -- citation keys ----------------------------------------------------------------------
    def adopt_key(self, id_or_key: str, key: str, aliases: Iterable[str] = ()) -> Article:
        """Give the article `key` (the one another copy of the library settled on), its
        earlier keys and `aliases` kept as aliases, so briefs citing them still resolve."""
        with self._writing():
            before = self.library.resolve(id_or_key)
            article = copy.deepcopy(before)
            article.key = key
            article.key_aliases = sorted({*article.key_aliases, *aliases, before.key} - {key})
            self.library.save_edit(before, article, article.key_aliases)
        self.ws._reindex([article.id])
        return self.library.get(article.id)

    # -- new versions -----------------------------------------------------------------------
    def carry_over(self, article_id: str) -> bool:
        """Give a new version (which `supersedes` another) its predecessor's tags, collections,
        note and highlights; highlights are fitted to the new text (moved only to the same
        words, else orphaned). The importer already carried the metadata corrections into the
        record. Runs under the library's lock. True when something was carried.
        """
        article = self.library.get(article_id)
        previous_id = article.supersedes
        if not previous_id or not self.notes_store.has_data(previous_id):
            return False
        record = self.notes_store.read(previous_id)
        record.highlights = hl.reanchor(article, record.highlights)
        with self.library.writing():
            self._write(article.id, record, self.notes_store.note(previous_id))
        return True

    # -- trash ------------------------------------------------------------------------------
    def trash(self, ids: Iterable[str]) -> str:
        """Move articles (record, original, note, highlights) to the trash; returns the batch
        id that `restore` takes to undo it. Copied first, deleted after: a crash in between
        leaves the article in the library *and* in the trash, never in neither."""
        ids = self._ids(ids)
        with self.ws.index.changing():
            batch_id = self.bin.put(ids, self._writing)
            # Out of the search index as they leave the library (a failure marks it stale):
            # else the next search, on every desk of a team library, finds it out of step.
            self.ws._guard_index(lambda: self.ws.index.remove_articles(ids))
        return batch_id

    def restore(self, batch_id: str) -> list[str]:
        """Put a trashed batch back (undo a delete); returns the ids restored."""
        with self.ws.index.changing():
            restored = self.bin.take_back(batch_id, self._writing)
            self.ws._reindex(restored)
        return restored

    def trashed(self) -> dict[str, str]:
        """Every article in the trash → the batch that holds it."""
        return {i: batch["id"] for batch in self.bin.batches() for i in batch["ids"]}

    def restore_articles(self, ids: Iterable[str]) -> list[str]:
        """Put these articles back from the trash, whatever batches hold them (the rest of
        each batch stays in the trash); returns the ids restored."""
        held = self.trashed()
        by_batch: dict[str, list[str]] = {}
        for article_id in ids:
            if article_id in held:
                by_batch.setdefault(held[article_id], []).append(article_id)
        restored = []
        with self.ws.index.changing():
            for batch_id, wanted in by_batch.items():
                restored += self.bin.take_back(batch_id, self._writing, only=wanted)
            if restored:
                self.ws._reindex(restored)
        return restored

    def empty_trash(self, batch_id: str) -> list[str]:
        """Delete a trashed batch for good (no undo); returns the ids it held."""
        return self.bin.empty(batch_id, self._writing)

    @cached_property
    def bin(self):
        return self.ws.storage.trash(self.ws)

    # -- helpers ----------------------------------------------------------------------------
    def _ids(self, ids_or_keys: Iterable[str]) -> list[str]:
        # `resolve_id`, not `resolve`: a selection's ids are taken as they are, without
        # reading each record (a second of a thousand-article selection at 100,000).
        return [self.library.resolve_id(i) for i in ids_or_keys]

    def summary(self, article_id: str) -> dict[str, Any]:
        """Tags, collections, note and highlights of one article (`show --json`)."""
        return {
            "tags": self.tags(article_id),
            "collections": [self.shelf.path_of(c) for c in self.collections_of(article_id)],
            "note": self.note(article_id),
            "highlights": [placed_json(p) for p in self.highlights(article_id)],
        }


def _anchor(h: hl.Highlight) -> tuple:
    """What places a highlight (all but its colour and comment)."""
    return (h.paragraph, h.offset, h.quote, h.created, h.orphaned)


def placed_json(placed: hl.Placed) -> dict[str, Any]:
    h = placed.highlight
    return {
        **h.to_dict(),
        "orphaned": placed.orphaned,
        "moved": placed.moved,
        "start": placed.start,
        "end": placed.end,
    }
