"""One facade over library, index and settings, shared by the CLI and the GUI."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from functools import cached_property
from pathlib import Path

from briefing_app import paths
from briefing_app.core.article import Article
from briefing_app.core.catalog import Listing
from briefing_app.core.errors import BriefingError, LibraryReadOnly
from briefing_app.core.ingest import ImportResult, import_paths
from briefing_app.core.library import ArticleList
from briefing_app.core.storage import open_storage

log = logging.getLogger(__name__)

COPY_BATCH = 64  # articles copied from another library between two index updates
# Articles an import indexes together: in a worker process (one segment each, see
# search.whoosh_writer) when the import has workers, else here. Batches start at the first
# size and grow with a long import up to the second (`Importer.batch_limit`): a batch of 500
# holds about 50 MB of articles and their documents in memory.
INDEX_BATCH = 100
LARGEST_INDEX_BATCH = 500


class Workspace:
    """The user's library plus everything derived from it."""

    def __init__(self, library_dir: Path | str | None = None, *, read_only: bool = False):
        # A folder or a team's PostgreSQL (`postgresql://…`, `service=…`): chosen once, here.
        self.storage = open_storage(library_dir)
        self.library = self.storage.library
        self.read_only = read_only  # True: another process is the writer; writes are refused
        self.writer_pid: int | None = None
        # Set by the window: asked to index noted changes on a worker thread (`_reindex`).
        self.refresh_later: Callable[[], None] | None = None

    @classmethod
    def try_writer(cls, library_dir: Path | str | None = None) -> Workspace:
        """Open as the library's one writer (lock held until close()), else read-only."""
        workspace = cls(library_dir)
        if not workspace.library.lock.try_acquire():
            workspace.read_only = True
            workspace.writer_pid = workspace.library.lock.owner()
        return workspace

    def close(self) -> None:
        """Give up the writer lock taken by try_writer() (a team library: its connection)."""
        self.storage.close()

    def _check_writable(self) -> None:
        if self.read_only:
            who = f"process {self.writer_pid}" if self.writer_pid else "another window"
            raise LibraryReadOnly(
                f"The library is open read-only here because {who} is writing to it. "
                "Close the other window to make changes."
            )

    @property
    def root(self) -> Path | None:
        """The library folder (None for a team library, which has none)."""
        return self.storage.root

    @property
    def location(self) -> str:
        """The library as the user names it: a folder, or a team library without secrets."""
        return self.storage.location

    @cached_property
    def index(self):
        """The search index (a cache of the library folder, or the team's search tables)."""
        return self.storage.open_index()

    # -- search ----------------------------------------------------------------------------
    def search(self, query: str, **options):
        """Search the library (see `SearchIndex.search`); the index is brought up to date first."""
        self.index.ensure_current()
        return self.index.search(query, **options)

    @cached_property
    def saved_searches(self):
        """The library's saved searches (`core.search.saved.SavedSearches`)."""
        return self.storage.saved_searches()

    @cached_property
    def userdata(self):
        """Corrections, tags, collections, notes, highlights (`core.userdata.UserData`)."""
        from briefing_app.core.userdata import UserData

        return UserData(self)

    def matching_ids(self, query: str, filters: dict | None = None) -> list[str]:
        """Ids of every article matching `query` and the facet `filters` (saved-search
        counts, the library view following the search box)."""
        self.index.ensure_current()
        return self.index.matching_ids(query, filters=filters)

    # -- archive ---------------------------------------------------------------------------
    def is_empty(self) -> bool:
        """True when the library holds no article; never waits for a catalog rebuild."""
        if self.library.catalog_problem() is None:
            return len(self.library) == 0
        return not self.library.has_records()

    def ensure_seeded(self) -> list[ImportResult]:
        """On a first run (empty library), import the bundled seed articles."""
        if self.read_only or not self.storage.seeds_on_first_run:
            return []
        if not self.is_empty() or not paths.seeds_dir().is_dir():
            return []
        return self.import_paths([paths.seeds_dir()])

    def import_paths(
        self,
        sources: Iterable[str | Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportResult]:
        """Import files, folders and zips; new articles are indexed batch by batch."""
        from briefing_app.core.ingest.importer import MAX_FILE_BYTES
        from briefing_app.core.ingest.pipeline import ParallelBuilder

        self._check_writable()
        with self.index.changing(), ParallelBuilder(MAX_FILE_BYTES) as builder:
            try:
                results = import_paths(
                    self.library,
                    sources,
                    progress=progress,
                    cancelled=cancelled,
                    on_batch=lambda articles: self._index_batch(articles, builder.executor),
                    builder=builder,
                    batch_size=INDEX_BATCH,
                    largest_batch=LARGEST_INDEX_BATCH,
                )
            finally:
                self._guard_index(self.index.flush)  # the last batch's segment, from a worker
        self._carry_user_data([r.id for r in results if r.supersedes and r.id])
        return results

    def add_copies(
        self, items: Iterable[tuple[Article, bytes]]
    ) -> tuple[list[Article], list[tuple[Article, BriefingError]]]:
        """Store articles copied from another library (`briefing sync`): each record as it is
        there (key, corrections, repairs undone) with its original bytes, indexed batch by
        batch. A key another writer claimed meanwhile is changed to the next free one (the
        stored articles are returned); an article that cannot be stored is returned with the
        reason, and the others are stored."""
        self._check_writable()
        stored: list[Article] = []
        failed: list[tuple[Article, BriefingError]] = []
        batch: list[Article] = []
        with self.index.changing(), self.library.lock, self.library.writing():
            for article, original in items:
                try:
                    self.library.add(article, original)
                except BriefingError as exc:
                    failed.append((article, exc))
                    continue
                self._link_previous_version(article)
                stored.append(article)
                batch.append(article)
                if len(batch) >= COPY_BATCH:
                    self._index_batch(batch)
                    batch = []
            if batch:
                self._index_batch(batch)
        return stored, failed

    def _link_previous_version(self, article: Article) -> None:
        """The version a copied article supersedes names it, as after an import."""
        previous_id = article.supersedes
        if not previous_id or previous_id not in self.library:
            return
        previous = self.library.get(previous_id)
        if previous.superseded_by != article.id:
            previous = copy.deepcopy(previous)  # others may hold the cached article
            previous.superseded_by = article.id
            self.library.save(previous)

    def _carry_user_data(self, new_version_ids: list[str]) -> None:
        """New versions keep the user's tags, collections, notes and highlights."""
        with self.library.lock:
            carried = [i for i in new_version_ids if self.userdata.carry_over(i)]
        if carried:  # indexed before their user data came over: index them again
            self._reindex(carried)

    def _index_batch(self, articles: list[Article], executor: Executor | None = None) -> None:
        self._guard_index(lambda: self.index.add_articles(articles, executor))

    def _reindex(self, ids: list[str]) -> None:
        """Index again articles this workspace changed, as they are when the index is held
        for writing (with what another writer changed meanwhile; see `refresh_articles`).

        In the window (`refresh_later` set) the change is noted and indexed on a worker
        thread, so that tagging thousands of articles does not freeze it; the search results
        catch up when that is done."""
        if self.refresh_later is None:
            self._guard_index(lambda: self.index.refresh_articles(ids))
        elif self._guard_index(lambda: self.index.defer_refresh(ids)):
            self.refresh_later()

    def _guard_index(self, update: Callable[[], object]) -> object:
        """What `update()` returns; None when it failed (the index is then marked stale)."""
        try:
            return update()
        except Exception as exc:  # the index is a cache: a failure must not fail the import
            log.warning("Indexing failed (%s); the index will be rebuilt.", exc)
            self.index.mark_stale()
            return None

    def article(self, id_or_key: str) -> Article:
        return self.library.resolve(id_or_key)

    def articles(self) -> ArticleList:
        """Every article in id order, each read from its record only when accessed."""
        return ArticleList(self.library, self.library.ids())

    def listing(self, **options) -> Listing:
        """A sorted, filtered page of catalog entries (see `Catalog.listing`); reads no record."""
        return self.library.catalog.listing(**options)

    def facet_counts(self, column: str, **options) -> list[tuple[str, int]]:
        """(value, count) of a catalog column among current articles (see `Catalog.facet_counts`)."""
        return self.library.catalog.facet_counts(column, **options)

    def refresh_claims(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Re-extract claims stored by an older extractor version; returns the articles changed."""
        from briefing_app.core.ingest.enrich import refresh_claims

        self._check_writable()
        changed = []
        with self.library.lock, self.library.writing():
            for article_id in list(ids) if ids is not None else self.library.ids():
                article = self.library.get(article_id)
                if refresh_claims(article):
                    self.library.save(article)
                    changed.append(article)
        if changed:
            self._index_batch(changed)
        return changed

    def set_repair_rejected(self, id_or_key: str, repair_id: str, rejected: bool = True) -> Article:
        """Reject (or restore) a heuristic repair: the article is re-read from its original bytes."""
        self._check_writable()
        article = self.library.resolve(id_or_key)
        current = set(article.rejected_repairs)
        if rejected and repair_id not in article.undoable_repairs():
            raise BriefingError(
                f"Article {article.id} has no heuristic repair {repair_id!r} to undo."
            )
        if not rejected and repair_id not in current:
            raise BriefingError(f"Repair {repair_id!r} of article {article.id} was not undone.")
        return self.set_rejected_repairs(
            article.id, current | {repair_id} if rejected else current - {repair_id}
        )

    def set_rejected_repairs(self, id_or_key: str, rejected: Iterable[str]) -> Article:
        """Re-read the article from its original bytes with exactly these heuristic repairs
        undone (one re-read however many change); its key, corrections and links kept."""
        from briefing_app.core.ingest.importer import build_article

        self._check_writable()
        with self.library.lock:
            article = self.library.resolve(id_or_key)
            current = set(rejected)
            data = self.library.original_bytes(article)
            rebuilt = build_article(
                data,
                article.original_name,
                source_path=article.source_path,
                rejected_repairs=current,
            )
            for name in (
                "key",
                "imported_at",
                "supersedes",
                "superseded_by",
                "original_name",
                "attached_to",
            ):
                setattr(rebuilt, name, getattr(article, name))
            from briefing_app.core.overrides import reapply

            rebuilt.key_aliases = list(article.key_aliases)
            reapply(article.overrides, rebuilt)  # the user's corrections outlive a re-read
            self.library.save(rebuilt)
        self._index_batch([rebuilt])
        return rebuilt

    def delete(self, id_or_key: str) -> None:
        self._check_writable()
        article_id = self.library.resolve_id(id_or_key)  # an unreadable record can go too
        with self.index.changing():
            with self.library.lock:
                self.library.delete(article_id)
            self._guard_index(lambda: self.index.remove_articles([article_id]))
