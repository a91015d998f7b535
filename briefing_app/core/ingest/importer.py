"""The import loop: walk the inputs, parse each file, store new articles, report every file.

A bad file never stops a batch: it gets one `failed` result with a plain reason and the
loop goes on, whatever went wrong (an unexpected error too: it is logged with its traceback
and reported as that file's failure). Nothing is written outside the library, and nothing
is read outside the imported folders: a symbolic link that leads out of a folder is
reported and not followed. Only regular files are read; FIFOs, sockets and devices are
reported (see core/regular_files.py).
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.core import regular_files
from briefing_app.core.article import Article, article_id
from briefing_app.core.display import printable_path
from briefing_app.core.errors import AlreadyStored, BriefingError, IngestError
from briefing_app.core.ingest import archive, containers, formats, restore
from briefing_app.core.ingest.document import ImportResult, Source
from briefing_app.core.ingest.enrich import assign_key, enrich_article
from briefing_app.core.library import Library
from briefing_app.core.overrides import carry_over

if TYPE_CHECKING:
    from briefing_app.core.ingest.pipeline import ParallelBuilder

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024

ProgressCallback = Callable[[int, int, str], None]  # (done, total, current path)


@dataclass
class _Batch:
    results: list[ImportResult] = field(default_factory=list)
    added: list[Article] = field(default_factory=list)


def _failed(path: Path | str, reason: str) -> ImportResult:
    return ImportResult(printable_path(path), "failed", error=reason)


def _skipped(path: Path | str, reason: str) -> ImportResult:
    """An entry left alone on purpose (not a file one imports): reported, not an error."""
    return ImportResult(printable_path(path), "skipped", error=reason)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def unexpected_reason(exc: BaseException) -> str:
    """A failure nobody planned for, in one line (the traceback goes to the log)."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"unexpected error ({type(exc).__name__}{': ' + detail if detail else ''})"


def _log_unexpected(exc: BaseException, display: str) -> str:
    """Log an unplanned failure (its traceback at debug level, for a bug report); the reason."""
    reason = unexpected_reason(exc)
    log.warning("%s: %s", display, reason)
    log.debug("Traceback of the unexpected error for %s", display, exc_info=exc)
    return reason


@dataclass
class _Tree:
    """One imported folder: where it really is, and the folders entered (loops, duplicates)."""

    real_root: str
    seen: set[tuple[int, int]] = field(default_factory=set)

    def contains(self, real_path: str) -> bool:
        return real_path == self.real_root or real_path.startswith(
            self.real_root.rstrip(os.sep) + os.sep
        )


def _walk(folder: Path) -> Iterator[Source | ImportResult]:
    """Every entry under a folder, depth first in a stable order: each a source or a result.

    Files of a folder come before its subfolders (sorted by name). A folder entered twice
    (a symbolic link loop, or two links to one folder) is walked once: folders are known by
    device and inode. Hidden entries are skipped. An explicit stack, not recursion: a
    hostile tree may be nested deeper than Python's recursion limit.
    """
    tree = _Tree(os.path.realpath(folder))
    stack = [(folder, folder)]  # (path shown, path read)
    while stack:
        shown, current = stack.pop()
        try:
            info = os.stat(current)
            if (info.st_dev, info.st_ino) in tree.seen:
                yield _skipped(shown, "a link to a folder already imported (a loop?)")
                continue
            tree.seen.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            yield _failed(shown, f"folder skipped: {_os_reason(exc)}")
            continue
        # A saved web page's asset folder ("page_files" beside "page.html") is part of it.
        assets = formats.asset_folders(
            [e.name for e in entries if _is_folder(e)], [e.name for e in entries]
        )
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in assets:
                continue
            entry_shown = shown / entry.name
            try:
                kind, path = _classify(entry, entry_shown, tree)
            except OSError as exc:
                yield _failed(entry_shown, _os_reason(exc))
                continue
            if kind == "folder":
                subfolders.append((entry_shown, path))
            elif isinstance(kind, ImportResult):
                yield kind
            else:
                yield from _sources_of(path, shown_as=entry_shown, follow_symlinks=False)
        stack.extend(reversed(subfolders))


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _classify(entry: os.DirEntry, shown: Path, tree: _Tree):
    """("folder" | "file", path to read) for an entry, or (ImportResult, None).

    A symbolic link is followed only when it leads to somewhere inside the imported folder;
    the path returned is then its target, opened without following links again.
    """
    path = Path(entry.path)
    if not entry.is_symlink():
        return ("folder" if entry.is_dir(follow_symlinks=False) else "file"), path
    try:
        target = os.stat(path)  # follows the link: ELOOP for a loop, ENOENT when dangling
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return _failed(shown, "a symbolic link that leads nowhere"), None
        raise
    real = os.path.realpath(path)
    if not tree.contains(real):
        what = "a folder" if stat.S_ISDIR(target.st_mode) else regular_files.kind_of(target.st_mode)
        return _skipped(
            shown,
            f"a symbolic link to {what} outside the imported folder ({printable_path(real)})",
        ), None
    return ("folder" if stat.S_ISDIR(target.st_mode) else "file"), Path(real)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | ImportResult]:
    """Expand paths (files, folders, zip archives) into sources, or failures for bad ones."""
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(path)
            elif os.path.lexists(path):
                yield from _sources_of(path, shown_as=path, follow_symlinks=True)  # user's choice
            else:
                yield _failed(path, "no such file or folder")
        except OSError as exc:
            yield _failed(path, _os_reason(exc))
        except Exception as exc:  # one bad input must not end the batch; logged in full
            yield _failed(path, _log_unexpected(exc, printable_path(path)))


def _sources_of(
    path: Path, *, shown_as: Path, follow_symlinks: bool
) -> Iterator[Source | ImportResult]:
    """One file as a source (a zip as its members), or why it cannot be read."""
    try:
        info = os.stat(path) if follow_symlinks else os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            # Checked before any open: opening a FIFO would wait for a writer forever.
            reason = regular_files.kind_of(info.st_mode)
            yield _skipped(shown_as, f"not a regular file but {reason}")
            return
        if archive.is_archive(path):
            yield from archive.iter_members(path, shown_as=printable_path(shown_as))
            return
        yield _file_source(path, shown_as, info.st_size, follow_symlinks=follow_symlinks)
    except OSError as exc:
        yield _failed(shown_as, _os_reason(exc))


def _file_source(path: Path, shown_as: Path, size: int, *, follow_symlinks: bool) -> Source:
    def read() -> bytes:
        return regular_files.read_regular(path, MAX_FILE_BYTES, follow_symlinks=follow_symlinks)

    display = printable_path(shown_as)
    return Source(
        display=display, name=printable_path(shown_as.name), read=read, size=size, origin=display
    )


def batch_limit(handed_on: int, smallest: int, largest: int) -> int:
    """Articles an import gathers before handing them on: `smallest` at first, then a tenth
    of what it has handed on so far (`handed_on`), up to `largest`.

    The index writes each batch as a segment and merges ten segments of one order of
    magnitude into one, so an article is rewritten about log10(library / batch) times.
    Batches that grow with a long import save most of those rewrites, while what was
    imported shows in searches after a delay of about a tenth of the time it took.
    """
    return max(smallest, min(largest, handed_on // 10))


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
        largest_batch: int | None = None,
        builder: ParallelBuilder | None = None,
    ):
        self.library = library
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        self.on_batch = on_batch
        self.batch_size = batch_size
        self.largest_batch = largest_batch or batch_size
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
        handed_on = 0  # articles of this import already handed to `on_batch`
        for done, item in enumerate(sources):
            if self.cancelled():
                break
            label = item.display if isinstance(item, Source) else item.path
            if self.progress:
                self.progress(done, total, label)
            if isinstance(item, ImportResult):
                batch.results.append(item)
            else:
                batch.results.extend(self._guarded(item, pending))
            if len(pending) >= batch_limit(handed_on, self.batch_size, self.largest_batch):
                handed_on += len(pending)
                self._flush(pending)
        self._flush(pending)
        if self.progress and not self.cancelled():
            self.progress(total, total, "")
        return batch.results

    def _flush(self, pending: list[Article]) -> None:
        if pending and self.on_batch:
            self.on_batch(list(pending))
        pending.clear()

    def _guarded(self, source: Source, pending: list[Article]) -> list[ImportResult]:
        """import_item, with anything unplanned made this file's failure (and logged)."""
        try:
            return self.import_item(source, pending)
        except Exception as exc:  # one bad file must not end the batch; logged in full
            return [
                ImportResult(source.display, "failed", error=_log_unexpected(exc, source.display))
            ]

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
            try:
                self.library.add(article, data)
            except AlreadyStored:  # another workstation imported the same file meanwhile
                existing = self.library.get(aid)
                return ImportResult(source.display, "unchanged", id=aid, title=existing.title)
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
    batch_size: int = 25,
    largest_batch: int | None = None,
) -> list[ImportResult]:
    """Import files/folders/zips into `library` under its write lock; `on_batch` gets the
    new articles in batches (see `batch_limit`).

    Articles a crash left without a record are finished first (from their originals).
    """
    with library.lock, library.writing():
        restore.restore_incomplete(library)
        importer = Importer(
            library,
            progress=progress,
            cancelled=cancelled,
            on_batch=on_batch,
            batch_size=batch_size,
            largest_batch=largest_batch,
            builder=builder,
        )
        return importer.run(paths)
