"""The search index of a team library: `SearchIndex`'s interface over a PostgreSQL backend.

The engine (`core/team/search.py`, a `core.search.backend.SearchBackend` built from a
connection factory) keeps its tables in the team's database, so there is no cache folder,
no index lock and no staleness marker file: what the folder index does with them, the
database does with transactions. What is left here is the engine-free part `SearchIndex`
also does: parsing the query, naming collections, building the request, turning articles
into documents with the analyst's tags, collections and note, and a rebuild when the engine
says it needs one or holds other articles than the library.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable

from briefing_app.core.article import Article
from briefing_app.core.errors import ArticleNotFound, LibraryError
from briefing_app.core.search import query as qlang
from briefing_app.core.search import user_fields
from briefing_app.core.search.backend import SearchRequest
from briefing_app.core.search.results import SearchResults

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class TeamIndex:
    """Search over a team library (the methods the workspace, CLI and GUI use)."""

    warning = ""  # never stale-and-unwritable: the database is the index

    def __init__(self, storage):
        self.storage = storage  # gives the engine and the analyst's stores when first needed
        self.library = storage.library
        self._backend = None
        self._stale = False

    @property
    def backend(self):
        if self._backend is None:
            self._backend = self.storage.search_backend()
        return self._backend

    @functools.cached_property
    def notes_store(self):
        return self.storage.notes_store()  # its catalog_row(id): tags, collections, note

    @functools.cached_property
    def shelf(self):
        return self.storage.shelf()

    # -- keeping it in step ------------------------------------------------------------------
    @contextlib.contextmanager
    def changing(self):
        """While this desk stores or removes articles and until their search rows follow,
        the difference is work in progress, on every desk: their check (`needs_rebuild`)
        would otherwise find the rows out of step and rebuild them all, on every search
        made during another desk's import. A desk killed meanwhile loses the mark with its
        connection, and the difference it left is then found."""
        with self.backend.changing():
            yield

    def mark_stale(self) -> None:
        self._stale = True

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt first, or None. Asked before every search, so it
        reads one row on each side, whatever the library's size: the digest and count of
        the live ids (kept by the database's triggers, schema step v0005) against those the
        index holds (kept by its writes). An article another desk stored or deleted without
        indexing it, or an import killed between storing and indexing, shows as a difference."""
        if self._stale:
            return "stale"
        problem = self.backend.needs_rebuild()
        if problem is not None:
            return problem
        state = self.backend.state()
        digest, count = self.library.live_digest()
        if count != state.count + state.skipped or digest != state.digest:
            if self.backend.being_changed():
                return None  # a desk is storing or removing articles: its rows follow
            return "out of sync with the library"
        return None

    def ensure_current(self, progress: Progress | None = None) -> bool:
        if self.needs_rebuild() is None:
            return False
        return self.rebuild(progress)

    def wait_for_rebuild(self, progress: Progress | None = None) -> bool:
        return self.ensure_current(progress)

    def _prepare(self, article: Article):
        from briefing_app.core.search.index import prepare

        return prepare(article, self.notes_store.catalog_row(article.id))

    def rebuild(self, progress: Progress | None = None, cancelled=None) -> bool:
        ids = self.library.ids()
        done = 0

        def prepared():
            for article_id in ids:
                try:
                    yield self._prepare(self.library.get(article_id))
                except LibraryError as exc:  # one unreadable article must not stop the rebuild
                    log.warning("Not indexed: %s", exc)
                    yield None

        def advanced(count: int, title: str) -> None:
            nonlocal done
            done += count
            progress(done, len(ids), title)

        indexed = self.backend.rebuild(
            [prepared],
            digest=self.backend.ids_digest(ids),
            sample=[],
            cancelled=cancelled,
            progress=advanced if progress else None,
        )
        if indexed is None:
            return False
        self._stale = False
        if progress:
            progress(len(ids), len(ids), "")
        return True

    def add_articles(self, articles: list[Article], executor=None) -> None:
        """Index articles; with `executor` (an import's worker processes) their rows are made
        there and written by a later call or by `flush`."""
        if articles:
            self.backend.add([self._prepare(a) for a in articles], executor)

    def refresh_articles(self, ids: list[str]) -> None:
        """Index articles again after a change, read in this desk's turn to write the index
        (`Backend.add_current`): of two desks changing one article at once, the later
        writer indexes both changes."""
        if ids:
            self.backend.add_current(list(ids), self._read_prepared)

    def defer_refresh(self, ids: list[str]) -> bool:
        """Index these articles again now: the search rows are the team's, written in this
        desk's turn, and there is no local place a note of them would be seen by the other
        desks (see `SearchIndex.defer_refresh`). False: nothing was left for later."""
        self.refresh_articles(ids)
        return False

    def has_pending(self) -> bool:
        return False

    def refresh_pending(self) -> int:
        return 0

    def _read_prepared(self, ids: list[str]) -> list:
        prepared = []
        for article_id in ids:
            try:
                prepared.append(self._prepare(self.library.get(article_id)))
            except ArticleNotFound:
                continue  # deleted meanwhile: its deletion takes it out of the index
        return prepared

    def flush(self) -> None:
        """Write what `add_articles` left to the import's workers."""
        if self._backend is not None:
            self._backend.flush()

    def remove_articles(self, ids: list[str]) -> None:
        if ids:
            self.backend.remove(list(ids))

    # -- searching ---------------------------------------------------------------------------
    def parse(self, query: str, shelf=None):
        tree = qlang.parse(query)
        if user_fields.has_collection(tree):
            tree = user_fields.resolve_collections(tree, shelf or self.shelf)
        return tree

    def _filters(self, filters: dict | None) -> dict[str, frozenset[str]]:
        chosen = {k: frozenset(v) for k, v in (filters or {}).items() if v}
        if chosen.get("collection"):
            chosen["collection"] = user_fields.filter_ids(chosen["collection"], self.shelf)
        return chosen

    def search(self, query: str, *, filters: dict | None = None, **options) -> SearchResults:
        """One page of hits (the options of `SearchIndex.search`)."""
        tree = self.parse(query)
        request = SearchRequest.checked(query, tree, filters=self._filters(filters), **options)
        results = user_fields.with_named_collections(self.backend.search(request), self.shelf)
        results.warning = self.warning
        return results

    def matching_ids(
        self, query: str, all_versions: bool = False, filters: dict | None = None
    ) -> list[str]:
        return self.backend.matching_ids(self.parse(query), all_versions, self._filters(filters))

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
