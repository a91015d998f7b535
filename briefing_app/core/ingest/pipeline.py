"""Parsing and claim extraction in worker processes, so an import uses every core.

The import loop (`importer.Importer`) stays in charge and in order: it reads each file,
decides whether it is new, stores it and reports it. `ParallelBuilder` only runs ahead of it:
it reads the next files (up to LOOKAHEAD_PER_WORKER a worker), hands the new ones to a pool of worker processes to be parsed
and enriched (`importer.build_article`), and gives each finished article back when the loop
reaches that file. A file that fails in a worker fails alone, with the same message it would
have had in the parent; a worker that dies (a parser crash, the out-of-memory killer) is
replaced, and the file it was working on is tried once more before it is reported. A file is
blamed only when fresh workers are shown to run (they answer a first call) and it kills them
again: when workers cannot start at all, the files are built in this process instead, and a
file that kills its worker never is (it would take the caller down with it).

The pool uses the `forkserver` start method: workers are forked from a clean server process,
never from the caller (which may be a GUI with threads), and start with the parsers imported.
As with any such pool, a script that imports must keep its work under
`if __name__ == "__main__":` (the workers import the main module).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from briefing_app.core.article import Article, article_id
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import containers, formats
from briefing_app.core.ingest.document import Source
from briefing_app.core.worker_lifetime import exit_with, started_pool

log = logging.getLogger(__name__)

MIN_FILES = 12  # below this, starting workers costs more than it saves
# Files read ahead and queued per worker: enough to keep the workers busy while the import
# loop hands a batch to the index (about a second, for the largest batches), and no more
# than LOOKAHEAD_BYTES of them (at least one a worker), so that large PDFs queue few.
LOOKAHEAD_PER_WORKER = 40
LOOKAHEAD_BYTES = 32 * 1024 * 1024
_PRELOAD = ["briefing_app.core.ingest.importer"]


def _build(data: bytes, name: str, source_path: str) -> Article:
    """Runs in a worker: the same parse + enrichment the serial import does."""
    from briefing_app.core.ingest.importer import build_article

    return build_article(data, name, source_path=source_path)


def worker_count() -> int:
    """Worker processes to use: one per core, none in a frozen bundle or on one core."""
    if getattr(sys, "frozen", False):
        return 0  # a bundle cannot start the forkserver's interpreter: parse in-process
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if (cores or 1) > 1 else 0


@dataclass
class _Job:
    data: bytes
    name: str
    source_path: str
    future: Future
    generation: int  # which pool it was submitted to
    retried: bool = False


class ParallelBuilder:
    """Builds articles in worker processes ahead of the import loop (a context manager)."""

    def __init__(
        self,
        max_file_bytes: int,
        *,
        workers: int | None = None,
        min_files: int = MIN_FILES,
        work: Callable[[bytes, str, str], Article] = _build,
    ):
        self.max_file_bytes = max_file_bytes
        self.work = work  # what a worker runs (a module-level function, so it can be pickled)
        self.from_workers = 0  # articles built in a worker (for tests and diagnosis)
        self.workers = worker_count() if workers is None else workers
        self.min_files = min_files
        self._pool: ProcessPoolExecutor | None = None
        self._sources: list[Source] = []
        self._cursor = 0
        self._jobs: dict[str, _Job] = {}  # article id -> job in flight
        self._queued_bytes = 0  # of the files in `_jobs`
        self._known = lambda aid: False
        self._generation = 0

    def __enter__(self) -> ParallelBuilder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._jobs.clear()
        self._queued_bytes = 0
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def executor(self) -> ProcessPoolExecutor | None:
        """The worker processes, while there are some (the import also indexes there)."""
        return self._pool

    # -- called by the import loop -------------------------------------------------------------
    def start(self, sources: list[Source], known) -> None:
        """Begin reading ahead; `known(article_id)` says which files are already stored."""
        self._sources = [s for s in sources if isinstance(s, Source)]
        self._known = known
        self._cursor = 0
        if self.workers and len(self._sources) >= self.min_files:
            self._pool = self._new_pool()
            self._top_up()

    def build(self, data: bytes, name: str, *, source_path: str = "") -> Article:
        """The article for these bytes: from a worker when it was read ahead, else built here."""
        from briefing_app.core.ingest.importer import build_article

        job = self._jobs.pop(article_id(data), None)
        if job is not None:
            self._queued_bytes -= len(job.data)
        self._top_up()
        if job is None:
            return build_article(data, name, source_path=source_path)
        return self._result(job)

    # -- internals ------------------------------------------------------------------------------
    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=exit_with,
            initargs=(os.getpid(),),  # a killed import leaves no workers behind
        )

    def _top_up(self) -> None:
        """Read ahead and queue files up to the count and byte bounds (`_room_for_more`)."""
        if self._pool is None:
            return
        while self._cursor < len(self._sources) and self._room_for_more():
            source = self._sources[self._cursor]
            self._cursor += 1
            if formats.skip_reason(source.name) or containers.may_hold_several(source.name):
                continue  # the loop skips it, or splits it into members it builds itself
            try:
                if source.size > self.max_file_bytes:
                    continue
                data = source.read()
            except (OSError, IngestError, MemoryError):
                continue  # the import loop reads it again and reports the problem
            aid = article_id(data)
            if len(data) > self.max_file_bytes or aid in self._jobs or self._known(aid):
                continue
            origin = source.origin or source.display
            future = self._submit(data, source.name, origin)
            self._jobs[aid] = _Job(data, source.name, origin, future, self._generation)
            self._queued_bytes += len(data)

    def _room_for_more(self) -> bool:
        if len(self._jobs) < self.workers:
            return True
        return (
            len(self._jobs) < self.workers * LOOKAHEAD_PER_WORKER
            and self._queued_bytes < LOOKAHEAD_BYTES
        )

    def _submit(self, data: bytes, name: str, source_path: str) -> Future:
        future: Future = Future()
        if self._pool is None:
            future.set_exception(BrokenProcessPool("no workers"))
            return future
        try:
            return self._pool.submit(self.work, data, name, source_path)
        except BrokenProcessPool as exc:  # reported through the future, like a worker's death
            future.set_exception(exc)
            return future

    def _result(self, job: _Job) -> Article:
        from briefing_app.core.ingest.importer import build_article

        while True:
            if self._pool is None:  # workers could not be kept running: build here instead
                return build_article(job.data, job.name, source_path=job.source_path)
            try:
                article = job.future.result()
                self.from_workers += 1
                return article
            except BrokenProcessPool:
                if job.generation == self._generation:
                    self._restart()
                    if job.retried and self._pool is not None:
                        # It broke two pools, and a third runs: the file kills its worker.
                        raise IngestError(
                            "the parser stopped abruptly on this file"
                            " (it may be too large or damaged)"
                        ) from None
                    job.retried = True
                # else: queued in a pool another file broke, not this file's fault
                job.generation = self._generation
                job.future = self._submit(job.data, job.name, job.source_path)

    def _restart(self) -> None:
        """A fresh pool, once it has shown that its workers run; files queued in the broken
        one are resubmitted when they are reached.

        Workers that cannot start (a main script without the `if __name__ == "__main__":`
        guard kills every one) are given up, and the rest is built in this process.
        """
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._generation += 1
        self._pool = started_pool(self._new_pool)
        if self._pool is not None:
            log.warning("An import worker died; restarting the workers.")
        else:
            log.warning("Import workers cannot start; parsing in this process instead.")
