"""The Whoosh backend: two Whoosh indexes in one folder, built, updated and searched.

"articles" holds one document per article (its paragraph layout stored, so a hit knows its
paragraph) and "claims" one per claim. `briefing-index.json` beside them holds the schema
version and the digest of the indexed ids. A rebuild writes a fresh folder and swaps it in,
so searches go on against the old index meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import queue
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core.errors import LibraryBusy
from briefing_app.core.search import index_files
from briefing_app.core.search.backend import IndexState, Prepared, SearchRequest
from briefing_app.core.search.documents import claims_key, id_hash, ids_digest
from briefing_app.core.search.phrases import common_words
from briefing_app.core.search.results import SearchResults
from briefing_app.core.search.whoosh_schema import normalize, schemas
from briefing_app.core.search.whoosh_search import ARTICLES, CLAIMS, Engine
from briefing_app.core.search.whoosh_writer import (
    Staged,
    Stopped,
    can_list,
    discard,
    dropping_emptied,
    list_staged,
    open_writer,
    remove_abandoned,
    stage_documents,
    stage_part,
    to_fold,
)
from briefing_app.core.worker_lifetime import exit_with, started_pool

log = logging.getLogger(__name__)

SCHEMA_VERSION = 13  # 13: claim documents store nothing (article id and number as columns); 12: claims read their facets through the article id; 11: compact positions, segments written by worker processes; 10: tags, collections and notes of the analyst; 7: each index its own fields; 8: facets as columns, claims stored once
META_NAME = "briefing-index.json"
Part = Callable[[], Iterable[Prepared | None]]  # picklable: run in a worker process


def _not_index_data(name: str) -> bool:
    """Files beside Whoosh's own, which change without a commit: its `*_WRITELOCK` locks,
    the stale marker and the metadata (Whoosh's data files are `.toc`, `.seg`, `.col`, ...)."""
    return "." not in name or name.endswith(".json")


class _Cancelled(Exception):
    """A rebuild was cancelled: its writers are cancelled, not committed."""


@contextlib.contextmanager
def _committed(writer, cwriter):
    """The article and claim writers, both committed at the end or both cancelled."""
    try:
        yield writer, cwriter
    except _Cancelled:
        writer.cancel()
        cwriter.cancel()
        return
    except BaseException:
        writer.cancel()
        cwriter.cancel()
        raise
    writer.commit()
    cwriter.commit()


def _start_method() -> str:
    # Not "fork": a forked child of a threaded program (the GUI) may inherit held locks.
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


_REPORTS = _STOP = None  # a rebuild worker's progress queue and stop event


def _part_worker(reports, stop, owner_pid: int) -> None:
    global _REPORTS, _STOP
    _REPORTS, _STOP = reports, stop
    exit_with(owner_pid)  # a killed rebuild leaves no workers behind


def _stage_part(folder: str, part: Part):
    """Worker process: one part of a rebuild (None when it was cancelled)."""
    try:
        return stage_part(
            folder,
            part,
            (ARTICLES, CLAIMS),
            lambda count, title: _REPORTS.put((count, title)),
            _STOP.is_set,
        )
    except Stopped:
        return None


# Import batches a library's worker processes may be writing at once (see `Backend.add`).
PIPELINED = 2


@dataclass
class _Batch:
    """Articles being written as a segment of each index by worker processes."""

    futures: list[Future]  # one task per index, each giving a list of `Staged`
    prepared: list[Prepared]
    taken: set[str]  # ids of the index's segments the new ones take in


def _discard_results(futures: list[Future]) -> None:
    """Wait for these tasks and throw away the segments they wrote."""
    for future in futures:
        with contextlib.suppress(Exception):
            discard(future.result())


class Backend:
    """A library's Whoosh indexes in `folder` (see `backend.SearchBackend`)."""

    def __init__(self, folder: Path, *, lock_timeout: float = 3.0):
        self.folder = Path(folder)
        self.lock_timeout = lock_timeout
        self._engine: Engine | None = None
        self._pending: list[_Batch] = []  # batches being written by workers, oldest first

    # -- state ---------------------------------------------------------------------------------
    ids_digest = staticmethod(ids_digest)  # the XOR of each id's SHA-1 (`documents.id_hash`)

    def _meta(self) -> dict:
        return json.loads((self.folder / META_NAME).read_text(encoding="utf-8"))

    @staticmethod
    def _write_meta(folder: Path, digest: str, skipped: int = 0) -> None:
        # `skipped`: unreadable records left out, so they do not look like a library change.
        meta = {"schema": SCHEMA_VERSION, "digest": digest, "skipped": skipped}
        atomicio.write_json(folder / META_NAME, meta)
        index_files.record(folder, skip=_not_index_data)

    def needs_rebuild(self) -> str | None:
        if not (self.folder / META_NAME).is_file():
            return "missing"
        try:
            meta = self._meta()
        except (OSError, ValueError):
            return "corrupt"
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
            return "old schema"
        opening = self._engine is None
        if opening and (damage := index_files.damage(self.folder, deep=False)):
            log.info("Search index damaged (%s).", damage)
            return "corrupt"
        try:
            self.engine().doc_count()
        except Exception as exc:  # Whoosh raises many kinds on damaged files: which one?
            self.close()
            damage = self.damage()
            if damage is None:
                raise  # the files are as committed: not damage but a bug
            log.info("Search index unreadable (%s): %r", damage, exc)
            return "corrupt"
        return None

    def damage(self) -> str | None:
        return index_files.damage(self.folder)

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(self.folder)
        return self._engine

    def warm(self) -> None:
        self.engine().warm()

    def state(self) -> IndexState:
        meta, engine = self._meta(), self.engine()
        return IndexState(
            digest=str(meta.get("digest")),
            skipped=int(meta.get("skipped") or 0),
            count=engine.doc_count(),
            generation=engine.generation(),
        )

    def close(self) -> None:
        if self._pending:  # a worker's segment is not left behind unlisted
            try:
                self.flush()
            except Exception as exc:  # the index is a cache: the digest shows what it missed
                log.warning("Could not finish indexing a batch (%r).", exc)
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    # -- writing -------------------------------------------------------------------------------
    def _create(self, folder: Path, sample: list[str]):
        """Empty article and claim indexes in `folder` (common words learnt from `sample`)."""
        from whoosh import index

        folder.mkdir(parents=True, exist_ok=True)
        articles, claims = schemas(common_words(sample, normalize))
        return (
            index.create_in(str(folder), articles, indexname=ARTICLES),
            index.create_in(str(folder), claims, indexname=CLAIMS),
        )

    def rebuild(
        self,
        parts: list[Part],
        *,
        digest: str,
        sample: list[str],
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, str], None] | None = None,
    ) -> int | None:
        building = self.folder.with_name(self.folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        try:
            ix, cix = self._create(building, sample)
            if len(parts) == 1:
                filled = self._fill(building, parts[0], cancelled, progress)
            else:
                filled = self._fill_in_workers(building, parts, cancelled, progress)
            if filled is None:
                shutil.rmtree(building, ignore_errors=True)
                return None
            staged, indexed, skipped = filled
            self._list(ix, cix, staged)
            self._write_meta(building, digest, skipped)
            self._swap_in(building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)  # a full disk leaves nothing behind
            raise
        return indexed

    @staticmethod
    def _fill(building: Path, part: Part, cancelled, progress):
        """Index one part in this process: (staged segments, indexed, skipped), None if cancelled."""
        try:
            return stage_part(str(building), part, (ARTICLES, CLAIMS), progress, cancelled)
        except Stopped:
            return None

    @classmethod
    def _fill_in_workers(cls, building: Path, parts: list[Part], cancelled, progress):
        """Index each part in its own worker process, each writing its own segments; in this
        process, one part after another, when the workers cannot start."""
        context = multiprocessing.get_context(_start_method())
        reports, stop = context.Queue(), context.Event()
        pool = started_pool(
            lambda: ProcessPoolExecutor(
                len(parts),
                mp_context=context,
                initializer=_part_worker,
                initargs=(reports, stop, os.getpid()),
            )
        )
        if pool is None:
            log.warning("Index workers cannot start; rebuilding in this process instead.")
            return cls._fill_here(building, parts, cancelled, progress)
        with pool:
            futures = [pool.submit(_stage_part, str(building), part) for part in parts]
            while not all(f.done() for f in futures) or not reports.empty():
                if cancelled and cancelled():
                    stop.set()
                with contextlib.suppress(queue.Empty):
                    count, title = reports.get(timeout=0.2)
                    if progress:
                        progress(count, title)
            results = [f.result() for f in futures]
        if any(r is None for r in results):
            return None
        staged = [item for r in results for item in r[0]]
        return staged, sum(r[1] for r in results), sum(r[2] for r in results)

    @classmethod
    def _fill_here(cls, building: Path, parts: list[Part], cancelled, progress):
        """Index the parts one after another in this process, as the workers would."""
        staged, indexed, skipped = [], 0, 0
        for part in parts:
            filled = cls._fill(building, part, cancelled, progress)
            if filled is None:
                return None
            staged += filled[0]
            indexed += filled[1]
            skipped += filled[2]
        return staged, indexed, skipped

    @staticmethod
    def _list(ix, cix, staged: list[Staged]) -> None:
        """Make staged segments part of the fresh indexes (both committed, or neither)."""
        with _committed(open_writer(ix), open_writer(cix)) as writers:
            for item in staged:
                list_staged(writers[0] if item.name == ARTICLES else writers[1], item)
            for writer in writers:
                writer.merge = False  # the segments are as the workers wrote them

    def _swap_in(self, building: Path) -> None:
        self.close()
        old = self.folder.with_name(f"{self.folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, old)
        os.replace(building, self.folder)
        shutil.rmtree(old, ignore_errors=True)

    def _open_writers(self):
        from whoosh import index
        from whoosh.index import LockError

        try:
            ix = index.open_dir(str(self.folder), indexname=ARTICLES)
            cix = index.open_dir(str(self.folder), indexname=CLAIMS)
            options = dict(timeout=self.lock_timeout, delay=0.1)
            return open_writer(ix, **options), open_writer(cix, **options)
        except LockError:
            raise LibraryBusy(
                "The search index is busy: another program is updating it. Try again shortly."
            ) from None

    def add(self, prepared: list[Prepared], executor: Executor | None = None) -> None:
        """Index `prepared`; with an `executor` (worker processes) new articles are written
        there, a segment of each index in its own task (so the two run side by side), and
        listed in the index once written, by a later `add` or by `flush`.

        Up to PIPELINED batches are written at once, so the import goes on while a batch
        that takes in large segments is written; a batch never takes in a segment that one
        still being written takes in."""
        self._list_written()
        if not (self.folder / META_NAME).is_file():  # the first batch of a new library
            self.flush()
            self.close()
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(self.folder)
            self._create(self.folder, [])
            self._write_meta(self.folder, f"{0:016x}")
        if executor is None or not prepared or self._present(prepared):
            self._update(prepared, [])  # replacing documents needs the writer's deletions
            return
        while len(self._pending) >= PIPELINED:
            self._list_oldest()
        documents = {
            ARTICLES: [p.article for p in prepared],
            CLAIMS: [doc for p in prepared for doc in p.claims],
        }
        taken = {segment for batch in self._pending for segment in batch.taken}
        fold = {
            name: to_fold(
                [s for s in self._segments(name) if s.segment_id() not in taken], len(docs)
            )
            for name, docs in documents.items()
        }
        remove_abandoned(self.folder)
        futures = []
        try:
            for name, docs in documents.items():
                futures.append(
                    executor.submit(
                        stage_documents, str(self.folder), {name: docs}, fold, os.getpid()
                    )
                )
        except Exception as exc:  # a broken or closed pool: index here
            log.info("Indexing here, not in a worker (%r).", exc)
            _discard_results(futures)
            self._update(prepared, [])
            return
        self._pending.append(_Batch(futures, prepared, {s for ids in fold.values() for s in ids}))

    def flush(self) -> None:
        """List the segments workers wrote for earlier `add`s, waiting for them; the articles
        of a batch whose worker failed, or that took in a segment changed meanwhile, are
        indexed here."""
        while self._pending:
            self._list_oldest()

    def _list_written(self) -> None:
        """List the batches written so far, oldest first, without waiting for any."""
        while self._pending and all(f.done() for f in self._pending[0].futures):
            self._list_oldest()

    def _list_oldest(self) -> None:
        batch = self._pending.pop(0)
        try:
            staged = [item for future in batch.futures for item in future.result()]
        except Exception as exc:  # a worker died or failed: the articles are indexed here
            log.warning("Indexing in a worker failed (%r); indexing here.", exc)
            _discard_results(batch.futures)  # what the other index's task wrote
            self._update(batch.prepared, [])
            return
        try:
            listed = self._list_new(staged, batch.prepared)
        finally:
            discard(staged)  # what was listed has left its staging folder already
        if not listed:
            self._update(batch.prepared, [])

    def _list_new(self, staged: list[Staged], prepared: list[Prepared]) -> bool:
        meta = self._meta()
        digest = int(meta["digest"], 16)
        with _committed(*self._open_writers()) as writers:
            chosen = dict(zip((ARTICLES, CLAIMS), writers, strict=True))
            listed = all(can_list(chosen[item.name], item) for item in staged)
            listed = listed and not self._present_ids(writers[0], [p.id for p in prepared])
            if listed:
                for item in staged:
                    list_staged(chosen[item.name], item)
                for item in prepared:
                    digest ^= id_hash(item.id)
            for writer in writers:
                writer.merge = False  # segments are merged by the workers (see to_fold)
        if listed:
            self._write_meta(self.folder, f"{digest:016x}", int(meta.get("skipped") or 0))
        return listed

    def _segments(self, name: str) -> list:
        from whoosh import index

        return index.open_dir(str(self.folder), indexname=name)._read_toc().segments

    def _present(self, prepared: list[Prepared]) -> bool:
        """True when one of these articles is indexed already (its documents are replaced)."""
        from whoosh import index

        with index.open_dir(str(self.folder), indexname=ARTICLES).searcher() as searcher:
            return any(searcher.document_number(aid=p.id) is not None for p in prepared)

    def remove(self, ids: list[str]) -> None:
        self._update([], ids)

    def _update(self, prepared: list[Prepared], removed: list[str]) -> None:
        self.flush()
        meta = self._meta()
        digest = int(meta["digest"], 16)
        latest = {item.id: item for item in prepared}  # the last of repeated ids wins
        gone, kept = set(removed), set()
        with _committed(*self._open_writers()) as (writer, cwriter):
            dropping_emptied(writer)
            dropping_emptied(cwriter)
            # Deleted first, all through one searcher of each index, then added (as Whoosh
            # advises for many documents: `update_document` opens a searcher per call).
            with writer.searcher() as searcher, cwriter.searcher() as csearcher:
                for article_id in dict.fromkeys([*removed, *latest]):
                    docnum = searcher.document_number(aid=article_id)
                    if docnum is None:
                        continue
                    writer.delete_by_term("aid", article_id, searcher=searcher)
                    digest ^= id_hash(article_id)
                    item = None if article_id in gone else latest[article_id]
                    key = claims_key(item.article.get("info")) if item else None
                    if key and key == claims_key(searcher.stored_fields(docnum).get("info")):
                        kept.add(article_id)  # its claim documents stay as they are
                    else:
                        cwriter.delete_by_term("aid", article_id, searcher=csearcher)
            for item in latest.values():
                digest ^= id_hash(item.id)
            articles = [item.article for item in latest.values()]
            claims = [d for i in latest.values() if i.id not in kept for d in i.claims]
            # Thousands of articles (a large selection tagged) fit too: past the writer's
            # memory its postings go to term runs on disk (`whoosh_writer.BulkPool`).
            for doc in articles:
                writer.add_document(**doc)
            for doc in claims:
                cwriter.add_document(**doc)
        self._write_meta(self.folder, f"{digest:016x}", int(meta.get("skipped") or 0))

    @staticmethod
    def _present_ids(writer, ids: list[str]) -> set[str]:
        with writer.searcher() as searcher:
            return {i for i in ids if searcher.document_number(aid=i) is not None}

    # -- searching -----------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        return self.engine().search(request)

    def matching_ids(self, tree, all_versions: bool = False, filters=None) -> list[str]:
        return self.engine().matching_ids(tree, all_versions, filters)
