"""The import loop: walk the inputs, parse each file, store new articles, report every file.

A bad file never stops a batch: it gets one `failed` result with a plain reason and the
loop goes on. Nothing is written outside the library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.core.article import Article, article_id
from briefing_app.core.errors import BriefingError, IngestError
from briefing_app.core.ingest import archive, containers, formats
from briefing_app.core.ingest.document import ImportResult, Source
from briefing_app.core.ingest.enrich import assign_key, enrich_article
from briefing_app.core.library import Library
from briefing_app.core.overrides import carry_over

if TYPE_CHECKING:
    from briefing_app.core.ingest.pipeline import ParallelBuilder

MAX_FILE_BYTES = 50 * 1024 * 1024

ProgressCallback = Callable[[int, int, str], None]  # (done, total, current path)


@dataclass
class _Batch:
    results: list[ImportResult] = field(default_factory=list)
    added: list[Article] = field(default_factory=list)


def _walk(path: Path) -> Iterator[Path]:
    """Files under a folder, in a stable order; symlinked folders are not followed."""
    for root, dirs, files in os.walk(path, followlinks=False):
        assets = formats.asset_folders(dirs, files)  # a saved page's images, scripts, styles
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in assets)
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _file_source(path: Path) -> Source:
    size = path.stat().st_size
    return Source(
        display=str(path), name=path.name, read=path.read_bytes, size=size, origin=str(path)
    )


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | ImportResult]:
    """Expand paths (files, folders, zip archives) into sources, or failures for bad ones."""
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                candidates = list(_walk(path))
            elif path.exists():
                candidates = [path]
            else:
                yield ImportResult(str(path), "failed", error="no such file or folder")
                continue
        except OSError as exc:
            yield ImportResult(str(path), "failed", error=f"cannot read: {exc.strerror or exc}")
            continue
        for candidate in candidates:
            yield from _sources_of(candidate)


def _sources_of(path: Path) -> Iterator[Source | ImportResult]:
    try:
        if path.is_symlink() and not path.resolve().is_file():
            yield ImportResult(str(path), "failed", error="a symbolic link that leads nowhere")
            return
        if archive.is_archive(path):
            yield from archive.iter_members(path)
            return
        yield _file_source(path)
    except OSError as exc:
        yield ImportResult(str(path), "failed", error=f"cannot read: {exc.strerror or exc}")


class Importer:
    """Imports sources into a library; call `run()` while holding the library's write lock."""

    def __init__(
        self,
        library: Library,
        *,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_batch: Callable[[list[Article]], None] | None = None,
        batch_size: int = 25,
        builder: ParallelBuilder | None = None,
    ):
        self.library = library
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        self.on_batch = on_batch
        self.batch_size = batch_size
        self._keys: set[str] | None = None
        self.builder = builder  # parses in worker processes ahead of the loop (pipeline.py)

    def run(self, paths: Iterable[str | Path]) -> list[ImportResult]:
        """Import everything under `paths`; returns one result per file, in order."""
        sources = list(iter_sources(paths))
        if self.builder is not None:
            self.builder.start(sources, known=self.library.__contains__)
        total = len(sources)
        batch = _Batch()
        pending: list[Article] = []
        for done, item in enumerate(sources):
            if self.cancelled():
                break
            label = item.display if isinstance(item, Source) else item.path
            if self.progress:
                self.progress(done, total, label)
            if isinstance(item, ImportResult):
                batch.results.append(item)
            else:
                batch.results.extend(self.import_item(item, pending))
            if len(pending) >= self.batch_size:
                self._flush(pending)
        self._flush(pending)
        if self.progress and not self.cancelled():
            self.progress(total, total, "")
        return batch.results

    def _flush(self, pending: list[Article]) -> None:
        if pending and self.on_batch:
            self.on_batch(list(pending))
        pending.clear()

    def import_item(self, source: Source, pending: list[Article]) -> list[ImportResult]:
        """Import a file, or each article of a web archive or e-mail with attachments."""
        reason = formats.skip_reason(source.name)
        if reason:
            return [ImportResult(source.display, "skipped", error=reason)]
        if not containers.may_hold_several(source.name):
            return [self.import_source(source, pending)]
        try:
            members = containers.split(source)
        except BriefingError as exc:
            return [ImportResult(source.display, "failed", error=str(exc))]
        except OSError as exc:
            return [
                ImportResult(source.display, "failed", error=f"cannot read: {exc.strerror or exc}")
            ]
        return [
            ImportResult(m.display, "skipped", error=reason)
            if (reason := formats.skip_reason(m.name))
            else self.import_source(m, pending)
            for m in members
        ]

    def import_source(self, source: Source, pending: list[Article]) -> ImportResult:
        """Import one file; every expected problem becomes a `failed` result."""
        try:
            if source.size > MAX_FILE_BYTES:
                raise IngestError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            data = source.read()
            if len(data) > MAX_FILE_BYTES:
                raise IngestError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            aid = article_id(data)
            if aid in self.library:
                existing = self.library.get(aid)
                return ImportResult(source.display, "unchanged", id=aid, title=existing.title)
            build = self.builder.build if self.builder is not None else build_article
            article = build(data, source.name, source_path=source.origin or source.display)
            article.attached_to = source.attached_to or None
            previous = self._current_version(article)
            if previous is not None:
                # A new version keeps the key, so briefs citing it follow to the new text
                # (and the checker can tell a quotation that changed since it was made).
                article.supersedes = previous.id
                article.key = previous.key
                carry_over(previous, article)  # the user's corrections win over re-extraction
            else:
                article.key = assign_key(article, self._existing_keys())
            self.library.add(article, data)
            if previous is not None:
                previous.superseded_by = article.id
                self.library.save(previous)
            self._existing_keys().add(article.key)
            pending.append(article)
            return ImportResult(
                source.display,
                "imported",
                id=article.id,
                title=article.title,
                supersedes=article.supersedes,
            )
        except BriefingError as exc:
            return ImportResult(source.display, "failed", error=str(exc))
        except OSError as exc:
            return ImportResult(
                source.display, "failed", error=f"cannot read: {exc.strerror or exc}"
            )
        except MemoryError:
            return ImportResult(source.display, "failed", error="too large to process in memory")
        except RecursionError:
            return ImportResult(source.display, "failed", error="too deeply nested to process")

    def _existing_keys(self) -> set[str]:
        if self._keys is None:
            self._keys = self.library.keys()
        return self._keys

    def _current_version(self, article: Article) -> Article | None:
        """The newest stored article with the same URL, which this one supersedes."""
        return self.library.current_version(article.metadata.url)


def build_article(
    data: bytes, name: str, *, source_path: str = "", rejected_repairs: Iterable[str] = ()
) -> Article:
    """Parse bytes into a complete Article (no key yet): text, metadata, citations, claims."""
    doc = formats.parse_bytes(data, name, rejected_repairs=frozenset(rejected_repairs))
    aid = article_id(data)
    article = Article(
        id=aid,
        sha256=hashlib.sha256(data).hexdigest(),
        key="",
        metadata=doc.metadata,
        paragraphs=doc.paragraphs,
        repairs=doc.repairs,
        original_name="original" + doc.extension,
        source_path=source_path,
        media_type=doc.media_type,
        imported_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        rejected_repairs=sorted(rejected_repairs),
        pages=doc.pages,
        notes=doc.notes,
        captions=doc.captions,
        attachments=doc.attachments,
    )
    enrich_article(article)
    return article


def import_paths(
    library: Library,
    paths: Iterable[str | Path],
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_batch: Callable[[list[Article]], None] | None = None,
    builder: ParallelBuilder | None = None,
) -> list[ImportResult]:
    """Import files/folders/zips into `library` under its write lock."""
    with library.lock, library.writing():
        importer = Importer(
            library, progress=progress, cancelled=cancelled, on_batch=on_batch, builder=builder
        )
        return importer.run(paths)
