"""Keeps the search index current for the window without ever blocking the GUI thread.

The index is a cache of the library. When it is missing, damaged, outdated or out of step,
`check()` rebuilds it on the task pool and reports progress, and the search panel says
"Rebuilding the search index… n/m" meanwhile. Searches ask `needs_rebuild()` on a pool
thread; when it says so they answer `REBUILD_NEEDED` instead of rebuilding in place, and the
panel holds the query until the rebuild is done.

A change made in the window (tags, collections, a note, a correction) is noted by the index
(`SearchIndex.defer_refresh`) and indexed again here on the task pool: tagging thousands of
articles takes the GUI thread only as long as writing the tags.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from briefing_app.core.errors import LibraryBusy
from briefing_app.gui.workers import TaskRunner

log = logging.getLogger(__name__)

REBUILD_NEEDED = "rebuild needed"  # what `search` answers while the index must be rebuilt
RETRY_AFTER_S = 30.0  # a search right after a rebuild does not ask for another one
REFRESH_RETRY_MS = 2000  # noted changes wait this long when another writer holds the index


class IndexKeeper(QObject):
    """Runs index checks and rebuilds in the background; searches and counts through it."""

    rebuild_progress = Signal(int, int)  # done, total (also once at the start: 0, total)
    rebuild_finished = Signal(bool, str)  # rebuilt, error message ("" when it went well)
    refreshed = Signal()  # changed articles were indexed again: searches now find the change
    _refresh_asked = Signal()

    def __init__(self, workspace, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.rebuilding = False
        self._checking = False
        self._last_rebuild = 0.0
        self._refreshing = self._refresh_again = False
        # A change made in the window (a tag, a note, a correction) is noted by the index
        # and indexed again here, on the task pool; asked from any thread, run on this one's.
        self._refresh_asked.connect(self._refresh)
        workspace.refresh_later = self._refresh_asked.emit

    @property
    def index(self):
        return self.workspace.index

    def check(self) -> None:
        """Rebuild the index in the background if it needs it (one check at a time)."""
        if self._checking:
            return
        self._checking = True
        index, library = self.index, self.workspace.library

        def run(progress, cancelled) -> bool:
            reason = index.needs_rebuild()
            if reason is None:
                return False
            progress(0, len(library.ids()), reason)
            # Another process may be rebuilding it already: show its progress, then look again.
            if index.wait_for_rebuild(progress) and index.needs_rebuild() is None:
                return True
            log.info("Rebuilding the search index (%s).", reason)
            return index.rebuild(progress=progress, cancelled=cancelled)

        self.runner.start(
            run,
            on_result=lambda rebuilt: self._done(bool(rebuilt), ""),
            on_error=lambda message: self._done(False, message),
            on_progress=self._on_progress,
            name="index",
        )

    def _on_progress(self, done: int, total: int, _label: str) -> None:
        self.rebuilding = True
        self.rebuild_progress.emit(done, total)

    def _done(self, rebuilt: bool, message: str) -> None:
        self._checking = self.rebuilding = False
        self._last_rebuild = time.monotonic()  # just checked: searches need not ask again
        if message:
            log.warning("Index rebuild failed: %s", message)
        self.rebuild_finished.emit(rebuilt, message)
        if message:
            return
        if self.index.has_pending():  # noted by a window killed before
            self._refresh()
        self._warm()

    def _warm(self) -> None:
        """Read the index's columns ahead on the task pool, so that the first search of the
        session does not wait for them. Best effort: should it fail, the first search reads
        them itself and handles what is wrong with the index."""
        index = self.index
        self.runner.start(
            lambda _progress, _cancelled: index.warm(),
            on_error=lambda message: log.info("Reading the search index ahead failed: %s", message),
            name="index warm",
        )

    def _refresh(self) -> None:
        """Index the noted changes on the task pool, one refresh at a time (a change noted
        meanwhile is taken by the next one)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing, self._refresh_again = True, False
        index = self.index

        def run(_progress, _cancelled) -> bool:
            """True when indexed; False when another writer held the index (an import)."""
            try:
                index.refresh_pending()
            except LibraryBusy:
                return False
            return True

        self.runner.start(
            run, on_result=self._refreshed, on_error=self._refresh_failed, name="index refresh"
        )

    def _refreshed(self, indexed: bool) -> None:
        self._refreshing = False
        if not indexed:  # the notes stay: try again once the other writer is done
            QTimer.singleShot(REFRESH_RETRY_MS, self._refresh)
            return
        if self._refresh_again:
            self._refresh()
            return
        self.refreshed.emit()

    def _refresh_failed(self, message: str) -> None:
        """Indexing the changes failed: the index is a cache, rebuilt from the library (which
        has the changes) instead of trying the same again."""
        self._refreshing = False
        log.warning("Indexing changed articles failed (%s); rebuilding the index.", message)
        self.index.mark_stale()
        self.check()

    def search(self, query: str, limit: int, filters: dict):
        """Runs on a pool thread: results, or REBUILD_NEEDED when the index must be rebuilt."""
        index = self.index
        recently = self._last_rebuild and time.monotonic() - self._last_rebuild < RETRY_AFTER_S
        if self.rebuilding or (not recently and index.needs_rebuild() is not None):
            return REBUILD_NEEDED
        return index.search(query, limit=limit, filters=filters)

    def matching_ids(self, query: str, filters: dict | None = None) -> list[str]:
        """Runs on a pool thread: ids of every article matching `query` and the facet
        `filters` (no rebuild)."""
        return self.index.matching_ids(query, filters=filters)
