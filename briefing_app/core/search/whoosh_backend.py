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
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core.errors import LibraryBusy
from briefing_app.core.search import index_files
from briefing_app.core.search.backend import IndexState, Prepared, SearchRequest
from briefing_app.core.search.documents import id_hash
from briefing_app.core.search.phrases import common_words
from briefing_app.core.search.results import SearchResults
from briefing_app.core.search.whoosh_schema import normalize, schemas, writer_options
from briefing_app.core.search.whoosh_search import ARTICLES, CLAIMS, Engine

log = logging.getLogger(__name__)

SCHEMA_VERSION = 10  # 10: tags, collections and notes of the analyst; 7: each index its own fields; 8: facets as columns, claims stored once
META_NAME = "briefing-index.json"
WRITER_MEMORY_MB = 96


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


class Backend:
    """A library's Whoosh indexes in `folder` (see `backend.SearchBackend`)."""

    def __init__(self, folder: Path, *, lock_timeout: float = 3.0):
        self.folder = Path(folder)
        self.lock_timeout = lock_timeout
        self._engine: Engine | None = None

    # -- state ---------------------------------------------------------------------------------
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

    def state(self) -> IndexState:
        meta, engine = self._meta(), self.engine()
        return IndexState(
            digest=str(meta.get("digest")),
            skipped=int(meta.get("skipped") or 0),
            count=engine.doc_count(),
            generation=engine.generation(),
        )

    def close(self) -> None:
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
        prepared: Iterable[Prepared | None],
        *,
        digest: str,
        sample: list[str],
        cancelled: Callable[[], bool] | None = None,
        workers: int = 1,
    ) -> int | None:
        building = self.folder.with_name(self.folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        try:
            ix, cix = self._create(building, sample)
            indexed, skipped = self._fill(ix, cix, prepared, cancelled, workers)
            if indexed is None:
                shutil.rmtree(building, ignore_errors=True)
                return None
            self._write_meta(building, digest, skipped)
            self._swap_in(building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)  # a full disk leaves nothing behind
            raise
        return indexed

    @staticmethod
    def _fill(ix, cix, prepared, cancelled, workers: int) -> tuple[int | None, int]:
        """Add every prepared article; (number indexed or None when cancelled, skipped).

        With `workers` > 1, Whoosh's own multiprocess writer analyses the documents in that
        many processes, each writing its own segments (kept apart, not merged).
        """
        options = dict(limitmb=WRITER_MEMORY_MB, **writer_options())
        if workers > 1:
            options.update(procs=workers, multisegment=True)
        indexed = skipped = 0
        stopped = False
        with _committed(ix.writer(**options), cix.writer(**options)) as (writer, cwriter):
            for item in prepared:
                if cancelled and cancelled():
                    stopped = True
                    raise _Cancelled
                if item is None:
                    skipped += 1
                    continue
                writer.add_document(**item.article)
                for doc in item.claims:
                    cwriter.add_document(**doc)
                indexed += 1
        return (None if stopped else indexed), skipped

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
            options = dict(timeout=self.lock_timeout, delay=0.1, **writer_options())
            return ix.writer(**options), cix.writer(**options)
        except LockError:
            raise LibraryBusy(
                "The search index is busy: another program is updating it. Try again shortly."
            ) from None

    def add(self, prepared: list[Prepared]) -> None:
        if not (self.folder / META_NAME).is_file():  # the first batch of a new library
            self.close()
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(self.folder)
            self._create(self.folder, [])
            self._write_meta(self.folder, f"{0:016x}")
        self._update(prepared, [])

    def remove(self, ids: list[str]) -> None:
        self._update([], ids)

    def _update(self, prepared: list[Prepared], removed: list[str]) -> None:
        meta = self._meta()
        digest = int(meta["digest"], 16)
        with _committed(*self._open_writers()) as (writer, cwriter):
            present = self._present_ids(writer, [p.id for p in prepared] + list(removed))
            for article_id in set(removed) & present:
                writer.delete_by_term("aid", article_id)
                cwriter.delete_by_term("aid", article_id)
                digest ^= id_hash(article_id)
                present.discard(article_id)
            for item in prepared:
                if item.id in present:  # deleting needs a reader: only when replacing
                    writer.update_document(**item.article)
                    cwriter.delete_by_term("aid", item.id)
                else:
                    writer.add_document(**item.article)
                    digest ^= id_hash(item.id)
                for doc in item.claims:
                    cwriter.add_document(**doc)
                present.add(item.id)
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
