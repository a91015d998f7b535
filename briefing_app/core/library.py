"""The library on disk: the truth everything else (index, catalog) is built from.

Layout::

    <root>/articles/<id>/original.<ext>   the imported file, byte for byte
    <root>/articles/<id>/article.json     the record (metadata, paragraphs, repairs, claims)
    <root>/quarantine/                    records (and folders) that failed their checks
    <root>/.write.lock                    held by the one process writing

Records are untrusted input (libraries are copied between colleagues and shared on servers):
each is checked against the record schema when read (core/record_validation.py), an
article's folder is named by a validated id (16 hex digits) that its record must repeat,
and nothing is read or written through a symbolic link inside the library. A record that
fails its checks is rebuilt from the stored original (core/ingest/restore.py): in memory
for a reader, on disk (the bad record kept in quarantine) for the writer.

Listing and lookups (by key, id prefix, URL) go through the catalog (`core/catalog.py`), a
SQLite cache that every write here keeps in step and that is rebuilt from the records when
it is missing, damaged or stale. Parsed articles are kept in a bounded LRU cache.

The original is written before the record, so a folder without `article.json` is an
interrupted import (or a deleted record): it is invisible to readers, and the next writer
rebuilds its record from the original. An original is never deleted by tidying.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import shutil
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from briefing_app import paths
from briefing_app.core import atomicio, key_aliases, regular_files
from briefing_app.core.annotations import ArticleNotes
from briefing_app.core.article import Article
from briefing_app.core.catalog import SCHEMA_VERSION, Catalog, CatalogDamaged, row_of
from briefing_app.core.claims.archive_speakers import speaker_rows
from briefing_app.core.errors import ArticleNotFound, IngestError, LibraryError
from briefing_app.core.lock import WriteLock
from briefing_app.core.record_validation import ORIGINAL_NAME, is_article_id

log = logging.getLogger(__name__)

RECORD_NAME = "article.json"
QUARANTINE_NAME = "quarantine"
# A record holds the text several times over (paragraphs, claims), of an original of at
# most 50 MB; anything far larger is not a record we wrote.
MAX_RECORD_BYTES = 512 * 1024 * 1024
MAX_ORIGINAL_BYTES = 256 * 1024 * 1024
CACHE_SIZE = 256  # articles kept parsed in memory (a brief cites far fewer)
ROW_BATCH = 64  # catalog rows stored per transaction during a long import
_PROGRESS_EVERY = 250  # records read between progress reports of a catalog rebuild

Progress = Callable[[int, int, str], None]


def record_text(record: dict) -> str:
    """The record as JSON text: one top-level field per line.

    Readable in a diff, and each value goes through the C encoder (pretty-printing every
    nested level with `indent` takes the pure-Python one, 5× slower on records with claims).
    """
    fields = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in record.items()]
    return "{\n" + ",\n".join(fields) + "\n}\n"


class Library:
    """Reads and writes article records under one root folder, keeping its catalog in step."""

    def __init__(self, root: Path | str, *, catalog_path: Path | str | None = None):
        self.root = Path(root).expanduser()
        self.articles_dir = self.root / "articles"
        self.quarantine_dir = self.root / QUARANTINE_NAME
        self.lock = WriteLock(self.root / ".write.lock")
        self._cache = ArticleCache()
        self.broken: dict[str, str] = {}  # id -> why its record could not be read
        self.recovered: dict[str, str] = {}  # id -> how its record was rebuilt on disk
        self._catalog = Catalog(catalog_path or paths.catalog_file(self.root))
        self._catalog_lock = threading.RLock()  # one rebuild at a time within the process
        self._writing = 0  # depth of `writing()`: a dirty mark then means "under way"
        self.catalog_rebuilds = 0  # how often this object rebuilt the catalog (diagnosis, tests)
        self._catalog_lost = False  # a catalog write failed: rebuild before trusting it again
        self._uncommitted = 0  # catalog rows stored in the open transaction
        self._tidy_before = True  # whether tidying was due before the current write began

    # -- the catalog -----------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The catalog, rebuilt first when it is missing, damaged or stale."""
        self.ensure_catalog()
        return self._catalog

    def _articles_stamp(self) -> int | None:
        try:
            return self.articles_dir.stat().st_mtime_ns
        except OSError:
            return None

    def catalog_problem(self) -> str | None:
        """Why the catalog must be rebuilt, or None; reads no record (one stat, one query)."""
        if self._writing and not self._catalog_lost:
            # Checked when the write began and kept in step by it since: an import asks the
            # catalog several times per file, and the query was a tenth of its own time.
            # A catalog damaged meanwhile is found by the query that reads it (`_ask`).
            return None
        try:
            state = self._catalog.state()
        except CatalogDamaged as exc:
            log.info("Catalog unreadable: %s", exc)
            return "damaged"
        if state.schema != SCHEMA_VERSION:
            return "old schema"
        if self._catalog_lost:
            return "a write to it failed"
        if not state.dirty and state.stamp == self._articles_stamp():
            return None
        if self._writing or self.lock.owner() not in (None, os.getpid()):
            return None  # a write is under way (here or in the writing process): not a crash
        return "interrupted write" if state.dirty else "changed on disk"

    def ensure_catalog(self, progress: Progress | None = None) -> bool:
        """Rebuild the catalog when it needs it; True when a rebuild ran."""
        if self.catalog_problem() is None:
            return False
        with self._catalog_lock:
            reason = self.catalog_problem()
            if reason is None:
                return False
            log.info("Rebuilding the catalog (%s).", reason)
            self.rebuild_catalog(damaged=reason == "damaged", progress=progress)
            return True

    def rebuild_catalog(self, *, damaged: bool = False, progress: Progress | None = None) -> int:
        """Read every record into a fresh catalog (the one place that reads them all);
        `progress(done, total, "")` every few hundred records."""
        with self._catalog_lock:
            if damaged:
                self._catalog.remove_files()
            stamp = self._articles_stamp()  # before the scan: a change during it is seen later
            rows, speakers = [], []
            folders = self.record_folders()
            for done, (row, spoken) in enumerate(self._scan_rows(folders), 1):
                rows.append(row)
                speakers.extend(spoken)
                if progress and done % _PROGRESS_EVERY == 0:
                    progress(done, len(folders), "")
            user = list(ArticleNotes(self.articles_dir).catalog_rows())  # tags, collections, notes
            try:
                self._catalog.replace_all(rows, stamp, user, speakers)
            except CatalogDamaged:
                self._catalog.remove_files()
                self._catalog.replace_all(rows, stamp, user, speakers)
            self.catalog_rebuilds += 1
            self._catalog_lost = False
            return len(rows)

    def _scan_rows(self, folders: list[os.DirEntry]) -> Iterator[tuple[tuple, list[tuple]]]:
        """(catalog row, claim_speakers rows) of every readable record of `folders`."""
        for folder in folders:
            path = Path(folder.path) / RECORD_NAME
            try:
                updated = path.lstat().st_mtime_ns
            except OSError:
                continue  # no record: an interrupted import, invisible to readers
            try:
                article = self._read_record(folder.name, path)
            except LibraryError as exc:
                # Listed as rebuilt from its original, so `list` and search agree.
                rebuilt = self._rebuilt(folder.name, exc, persist=False)
                if rebuilt is None:
                    self.broken[folder.name] = str(exc)
                    log.info("%s", exc)  # callers report `broken` (the CLI on stderr)
                    continue
                article = rebuilt
            else:
                self.broken.pop(folder.name, None)
            yield row_of(article.to_record(), updated), speaker_rows(self, article)

    def record_folders(self) -> list[os.DirEntry]:
        """Article folders on disk (named by an id, really folders, not links), by name."""
        try:
            with os.scandir(self.articles_dir) as listing:
                found = [
                    e for e in listing if is_article_id(e.name) and e.is_dir(follow_symlinks=False)
                ]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(found, key=lambda e: e.name)

    def _read_record(self, article_id: str, path: Path) -> Article:
        """A record read and checked: never through a link, never past the size limit."""
        try:
            raw = regular_files.read_regular(path, MAX_RECORD_BYTES, follow_symlinks=False)
            article = Article.from_record(json.loads(raw.decode("utf-8")))
        except (OSError, ValueError, IngestError, RecursionError) as exc:
            reason = atomicio.describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
            raise LibraryError(
                f"The record of article {article_id} is unreadable: {reason}"
            ) from exc
        if article.id != article_id:
            raise LibraryError(
                f"The record of article {article_id} names another article ({article.id})."
            )
        return article

    def _ask(self, question):
        """Run a catalog query; a catalog found damaged meanwhile is rebuilt and asked again."""
        try:
            return question(self.catalog)
        except CatalogDamaged:
            self.rebuild_catalog(damaged=True)
            return question(self._catalog)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Around one or many writes: the catalog is marked dirty until the last one is stored.

        Nesting is cheap: only the outermost level marks and clears, so an import of
        thousands of files costs two catalog commits more, not two per file.
        """
        self.ensure_catalog()  # never build on a stale catalog
        with self._catalog_lock:
            if self._writing == 0:
                self._tidy_before = self.needs_tidy()
                self._catalog_call(self._catalog.mark_dirty)
            self._writing += 1
        try:
            yield
        finally:
            with self._catalog_lock:
                self._writing -= 1
                if self._writing == 0:
                    self._commit_rows()
                    if not self._catalog_lost:
                        self._catalog_call(
                            self._catalog.mark_clean, self._articles_stamp(), self._tidy_before
                        )

    def needs_tidy(self) -> bool:
        """True when a write may have been cut short since the library was last tidied."""
        try:
            return self._catalog.state().tidy
        except (CatalogDamaged, sqlite3.Error):
            return True

    def _catalog_call(self, method, *args) -> None:
        """A catalog write; when it fails the catalog is dropped (rebuilt on next use)."""
        try:
            method(*args)
        except (CatalogDamaged, OSError, sqlite3.Error) as exc:  # a cache: never fail the write
            log.warning("Catalog write failed (%s); it will be rebuilt.", exc)
            self._catalog_lost = True
            if isinstance(exc, CatalogDamaged):
                with contextlib.suppress(OSError):
                    self._catalog.remove_files()

    def _queue_row(self, row: tuple) -> None:
        """Store a row in the catalog, committed in batches while the writes go on.

        Until the outermost `writing()` ends the catalog stays marked dirty, so a crash
        before the last batch is committed still makes the next open rebuild it.
        """
        self._catalog_call(self._catalog.put, [row])
        self._uncommitted += 1
        if self._uncommitted >= ROW_BATCH:
            self._commit_rows()

    def _commit_rows(self) -> None:
        with self._catalog_lock:
            if self._uncommitted:
                self._uncommitted = 0
                self._catalog_call(self._catalog.commit)

    # -- reading ---------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """Ids of every complete, readable article, sorted."""
        return self._ask(Catalog.ids)

    def __len__(self) -> int:
        return self._ask(Catalog.count)

    def __contains__(self, article_id: str) -> bool:
        if not is_article_id(article_id):
            return False
        folder = self.articles_dir / article_id
        return not folder.is_symlink() and os.path.lexists(folder / RECORD_NAME)

    def has_records(self) -> bool:
        """True when at least one article folder holds a record (stops at the first)."""
        if not self.articles_dir.is_dir():
            return False
        with os.scandir(self.articles_dir) as entries:
            return any(os.path.isfile(os.path.join(e.path, RECORD_NAME)) for e in entries)

    def folder(self, article_id: str) -> Path:
        """The folder of an article; ArticleNotFound for anything but a well-formed id.

        The id is all a path is made of, so a tampered id ("../../x") cannot lead out.
        """
        if not is_article_id(article_id):
            raise ArticleNotFound(f"{article_id!r} is not an article id.")
        return self.articles_dir / article_id

    def _record_path(self, article_id: str) -> Path:
        folder = self.folder(article_id)
        if folder.is_symlink():
            raise LibraryError(f"The folder of article {article_id} is a symbolic link; refused.")
        return folder / RECORD_NAME

    def _remember(self, article_id: str, mtime: int, article: Article) -> None:
        self._cache.put(article_id, mtime, article)

    def load(self, article_id: str) -> Article:
        """The article as its record says, checked; ArticleNotFound or LibraryError otherwise.

        Unlike `get`, an unreadable record is not rebuilt from the original.
        """
        path = self._record_path(article_id)
        try:
            mtime = path.lstat().st_mtime_ns
        except OSError:
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.") from None
        cached = self._cache.get(article_id, mtime)
        if cached is not None:
            return cached
        article = self._read_record(article_id, path)
        self._remember(article_id, mtime, article)
        return article

    def get(self, article_id: str) -> Article:
        """Load one article by id; raise ArticleNotFound or LibraryError.

        A record that fails its checks is noted in `broken` and the article rebuilt from its
        stored original: saved (the bad record quarantined) when this process holds the
        write lock, kept in memory otherwise.
        """
        try:
            return self.load(article_id)
        except ArticleNotFound:
            raise
        except LibraryError as exc:
            self.broken[article_id] = str(exc)
            rebuilt = self._rebuilt(article_id, exc, persist=True)
            if rebuilt is None:
                raise
            return rebuilt

    def _rebuilt(self, article_id: str, problem: LibraryError, *, persist: bool) -> Article | None:
        # Imported here: rebuilding parses the original, and the parsers use the library.
        from briefing_app.core.ingest import restore

        try:
            mtime = self._record_path(article_id).lstat().st_mtime_ns
        except (OSError, LibraryError):
            mtime = -1
        cached = self._cache.get(article_id, mtime) if mtime != -1 else None
        if cached is not None:
            return cached
        article = restore.rederive(self, article_id)
        if article is None:
            return None
        if persist and self.lock.held():
            restore.replace_record(self, article, str(problem))
            self.broken.pop(article_id, None)
            return self.load(article_id)
        self.broken[article_id] = (
            f"{problem} Shown rebuilt from its stored original; the next import saves it."
        )
        log.info("%s", self.broken[article_id])
        self._remember(article_id, mtime, article)
        return article

    def cached_count(self) -> int:
        """How many articles are held parsed in memory (bounded by CACHE_SIZE)."""
        return len(self._cache)

    def articles(self) -> Iterator[Article]:
        """Every readable article, loaded one by one (reads every record: not for listings)."""
        for article_id in self.ids():
            try:
                yield self.get(article_id)
            except ArticleNotFound:
                continue  # deleted since the listing
            except LibraryError as exc:
                self.broken[article_id] = str(exc)
                log.info("%s", exc)  # callers report `broken` (the CLI on stderr)

    def resolve(self, id_or_key: str) -> Article:
        """Find an article by id, id prefix (unique) or citation key."""
        if id_or_key in self:
            return self.get(id_or_key)
        article_id = self.by_key().id_of(id_or_key)
        matches = [article_id] if article_id else []
        if not matches and len(id_or_key) >= 4:
            matches = self._ask(lambda c: c.ids_with_prefix(id_or_key))
        if len(matches) == 1:
            return self.get(matches[0])
        if len(matches) > 1:
            raise ArticleNotFound(
                f"{id_or_key!r} matches {len(matches)} articles; give more of the id."
            )
        raise ArticleNotFound(f"No article with id or key {id_or_key!r} in the library.")

    def resolve_id(self, id_or_key: str) -> str:
        """The id an id, prefix or key names; a full id even when its record is unreadable."""
        if is_article_id(id_or_key) and self.folder(id_or_key).is_dir():
            return id_or_key
        return self.resolve(id_or_key).id

    def superseded_ids(self) -> set[str]:
        """Ids of articles that a newer version supersedes.

        Derived from the newer records' `supersedes`, not from the older ones'
        `superseded_by`: the newer record is written first, so a crash between the two
        writes must not leave two current versions.
        """
        return self._ask(Catalog.superseded_ids)

    def current_ids(self) -> list[str]:
        """Ids of every article that no newer version supersedes, sorted."""
        return self._ask(Catalog.current_ids)

    def current_articles(self) -> Sequence[Article]:
        """Every article that no newer version supersedes (loaded when accessed)."""
        return ArticleList(self, self.current_ids())

    def by_key(self) -> KeyedArticles:
        """Current articles by citation key (a new version keeps its predecessor's key)."""
        return KeyedArticles(self)

    def current_id_for_key(self, key: str) -> str | None:
        """The current article citing as `key` (the highest id when several share it)."""
        return self._ask(lambda c: c.current_id_for_key(key))

    def current_key_ids(self) -> dict[str, str]:
        """key → article id for every current article, in one catalog query."""
        return self._ask(Catalog.current_key_ids)

    def current_keys(self) -> list[str]:
        return self._ask(Catalog.current_keys)

    def key_alias_target(self, key: str) -> str | None:
        """The current key a key the user replaced stands for, or None."""
        return key_aliases.target(self.root, key)

    def record_key_alias(self, old: str, new: str) -> None:
        """Remember that `old` is now `new`, so briefs citing `old` still find the article."""
        key_aliases.record(self.root, old, new)

    def current_version(self, url: str) -> Article | None:
        """The newest current article with this URL (the one a new import supersedes)."""
        if not url:
            return None
        article_id = self._ask(lambda c: c.current_id_for_url(url))
        return self.get(article_id) if article_id else None

    def find_by_url(self, url: str) -> list[Article]:
        if not url:
            return []
        return [self.get(i) for i in self._ask(lambda c: c.ids_for_url(url))]

    def keys(self) -> set[str]:
        """Keys and replaced keys in use: a new key must be none of them."""
        return self._ask(Catalog.keys) | set(key_aliases.load(self.root))

    def original_path(self, article: Article) -> Path:
        if not ORIGINAL_NAME.match(article.original_name or ""):
            raise LibraryError(f"Article {article.id} names no stored original.")
        return self._record_path(article.id).parent / article.original_name

    def original_bytes(self, article: Article) -> bytes:
        """The stored original; never read through a symbolic link, never a FIFO or device."""
        path = self.original_path(article)
        try:
            return regular_files.read_regular(path, MAX_ORIGINAL_BYTES, follow_symlinks=False)
        except IngestError as exc:
            raise LibraryError(
                f"The original of article {article.id} is unreadable: {exc}"
            ) from exc

    # -- writing (callers hold self.lock) ----------------------------------------------------
    def _encoded_record(self, article: Article) -> tuple[Path, dict, bytes]:
        """Where the record goes, the record and its bytes, checked before anything is written."""
        path = self._record_path(article.id)
        record = article.to_record()
        data = atomicio.encode_text(record_text(record), path)
        Article.from_record(json.loads(data))  # what is written must pass the checks on read
        return path, record, data

    def add(self, article: Article, original: bytes) -> None:
        """Store a new article: original first, record last (the record marks it complete)."""
        encoded = self._encoded_record(article)  # a record that cannot be written stops here
        if not ORIGINAL_NAME.match(article.original_name):
            raise LibraryError(f"{article.original_name!r} is not a name for a stored original.")
        with self.writing():
            atomicio.write_bytes(
                encoded[0].parent / article.original_name, original, follow_symlinks=False
            )
            self._store(article, *encoded)

    def save(self, article: Article) -> None:
        """Write (or rewrite) an article's record atomically (never through a link)."""
        self._store(article, *self._encoded_record(article))

    def save_edit(self, before: Article, after: Article, aliases: Sequence[str] = ()) -> None:
        """Store an analyst's edit of `before` (corrections, a new key whose earlier keys are
        `aliases`). One writer holds the folder's lock, so the whole record is written; a team
        library stores only what changed (`TeamLibrary.save_edit`)."""
        for old in aliases:
            self.record_key_alias(old, after.key)
        self.save(after)

    def _store(self, article: Article, path: Path, record: dict, data: bytes) -> None:
        with self.writing():
            atomicio.write_bytes(path, data, follow_symlinks=False)
            self._forget(article.id)
            self._catalog_call(self._catalog.put_speakers, article.id, speaker_rows(self, article))
            self._queue_row(row_of(record, path.lstat().st_mtime_ns))
            # Newer versions may inherit this one's corrections (after a restore from the trash).
            self._recount_speakers(self._newer_versions(article.id))

    def store_speakers(self, article_id: str) -> None:
        """Recount who an article quotes after its corrections changed.

        Newer versions inherit an article's corrections when they have none of their own,
        so they are recounted too (each reads its own record only).
        """
        with self.writing():
            self._recount_speakers([article_id, *self._newer_versions(article_id)])

    def _newer_versions(self, article_id: str) -> list[str]:
        return self._ask(lambda c: c.newer_version_ids(article_id))

    newer_version_ids = _newer_versions

    def corrections_document(self, article_id: str) -> dict:
        """The analyst's corrections of an article's claims (`corrections.json` beside it)."""
        from briefing_app.core.claims import corrections

        return corrections.read(self.folder(article_id))

    def write_corrections(self, article_id: str, document: dict) -> None:
        from briefing_app.core.claims import corrections

        corrections.write(self.folder(article_id), document)

    def add_correction(self, article_id: str, correction: dict, inherited: list) -> list[dict]:
        """Store one more claim correction (see `claims.corrections.add`); all of them."""
        return self._change_corrections(article_id, correction, inherited, adding=True)

    def remove_correction(self, article_id: str, correction: dict, inherited: list) -> list[dict]:
        return self._change_corrections(article_id, correction, inherited, adding=False)

    def _change_corrections(self, article_id, correction, inherited, *, adding) -> list[dict]:
        from briefing_app.core.claims import corrections

        document = self.corrections_document(article_id)
        document["corrections"] = corrections.changed(
            document, inherited, correction, adding=adding
        )
        self.write_corrections(article_id, document)
        return document["corrections"]

    def _recount_speakers(self, article_ids: list[str]) -> None:
        """Store these articles' claim_speakers rows afresh (inside `writing()`)."""
        for article_id in article_ids:
            try:
                article = self.get(article_id)
            except LibraryError as exc:  # unreadable: the catalog keeps what it had
                log.warning("%s", exc)
                continue
            self._catalog_call(self._catalog.put_speakers, article_id, speaker_rows(self, article))
            self._uncommitted += 1  # committed when the outermost write ends

    def speaker_counts(self) -> list[tuple[str, str, int]]:
        """(speaker key, name as written, claims) over the current articles; reads no record."""
        return self._ask(Catalog.speaker_counts)

    def speaker_article_ids(self, keys) -> list[str]:
        """Ids of the current articles quoting a speaker under any of `keys`, oldest first."""
        return self._ask(lambda c: c.speaker_article_ids(keys))

    def _forget(self, article_id: str) -> None:
        self._cache.forget(article_id)

    def delete(self, article_id: str) -> None:
        """Remove an article and its original (its folder, found by its validated id only)."""
        folder = self.folder(article_id)
        if folder.is_symlink():
            folder.unlink()  # a planted link: remove the link, never what it points to
            return
        if not folder.is_dir():
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
        self.broken.pop(article_id, None)
        with self.writing():
            newer = self._newer_versions(article_id)
            # Drop the record first: a crash mid-delete then leaves an incomplete folder.
            (folder / RECORD_NAME).unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            self._forget(article_id)
            self._catalog_call(self._catalog.remove, [article_id])
            # Newer versions lose the corrections they inherited from this one.
            self._recount_speakers(newer)

    def store_user_data(self, rows) -> None:
        """Keep the catalog's copy of articles' tags, collections and notes in step."""
        with self.writing():
            self._catalog_call(self._catalog.put_users, list(rows))

    def quarantine(self, path: Path, label: str) -> Path:
        """Move a bad record or folder out of the articles, into `quarantine/`; its new path."""
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = self.quarantine_dir / f"{label}.{stamp}"
        with self.writing():
            os.replace(path, target)
            atomicio.fsync_dir(self.quarantine_dir)
            atomicio.fsync_dir(path.parent)
            if is_article_id(path.name):
                self._forget(path.name)
                self._catalog_call(self._catalog.remove, [path.name])
        return target

    def incomplete_folders(self) -> list[Path]:
        """Entries of `articles/` that are not complete articles (no record, odd names), sorted."""
        if not self.articles_dir.is_dir():
            return []
        found = []
        for entry in sorted(os.scandir(self.articles_dir), key=lambda e: e.name):
            path = Path(entry.path)
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                found.append(path)  # nothing a writer of this library puts here
            elif not is_article_id(entry.name) or not os.path.lexists(path / RECORD_NAME):
                found.append(path)
        return found

    def clean_incomplete(self) -> list[Path]:
        """Remove leftovers of interrupted writes: temp files, then folders left empty.

        A folder that still holds anything (an original above all) is left for
        `core/ingest/restore.py`, which rebuilds its record or quarantines it.
        """
        removed = atomicio.clean_orphans(self.root)
        for folder in self.incomplete_folders():
            if not folder.is_symlink() and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                removed.append(folder)
        if not self._writing:
            self._catalog_call(self._catalog.set_tidy, False)
        else:
            self._tidy_before = False
        return removed


class ArticleCache:
    """Parsed articles by id, each with the version of its record it was read from (a
    modification time, a row version); the least recently used go beyond CACHE_SIZE."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[object, Article]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def version(self, article_id: str) -> object | None:
        """The version the cached copy was read from (None when there is none)."""
        with self._lock:
            cached = self._items.get(article_id)
        return cached[0] if cached else None

    def get(self, article_id: str, version: object) -> Article | None:
        """The cached article when it was read from `version`, else None."""
        with self._lock:
            cached = self._items.get(article_id)
            if cached is None or cached[0] != version:
                return None
            self._items.move_to_end(article_id)
            return cached[1]

    def put(self, article_id: str, version: object, article: Article) -> None:
        with self._lock:
            self._items[article_id] = (version, article)
            self._items.move_to_end(article_id)
            while len(self._items) > CACHE_SIZE:
                self._items.popitem(last=False)

    def forget(self, article_id: str) -> None:
        with self._lock:
            self._items.pop(article_id, None)


class ArticleList(Sequence):
    """Articles by id, each read from its record only when it is accessed."""

    def __init__(self, library: Library, ids: list[str]):
        self._library = library
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return ArticleList(self._library, self._ids[position])
        return self._library.get(self._ids[position])

    def __iter__(self) -> Iterator[Article]:
        for article_id in self._ids:
            try:
                yield self._library.get(article_id)
            except LibraryError as exc:  # removed or damaged since the listing: skip it
                log.warning("%s", exc)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)


class KeyedArticles(Mapping):
    """Current articles by citation key, looked up in the catalog one key at a time.

    Rendering a brief asks for the keys it cites, so its cost depends on the brief, not on
    the size of the library; iterating is possible but reads every record it yields. Made
    for one operation (a render, a check, an export): each key is looked up once.
    """

    def __init__(self, library: Library):
        self._library = library
        self._seen: dict[str, Article | None] = {}

    def id_of(self, key: str) -> str | None:
        found = self._library.current_id_for_key(key)
        if found is None:  # a key the user replaced still names its article
            current = self._library.key_alias_target(key)
            if current is not None:
                found = self._library.current_id_for_key(current)
        return found

    def ids(self) -> dict[str, str]:
        """key → article id for every current article, in one query."""
        return self._library.current_key_ids()

    def _lookup(self, key: str) -> Article | None:
        if key not in self._seen:
            article_id = self.id_of(key)
            try:
                self._seen[key] = self._library.get(article_id) if article_id else None
            except LibraryError as exc:  # listed but unreadable: as good as unknown here
                log.warning("%s", exc)
                self._seen[key] = None
        return self._seen[key]

    def __getitem__(self, key: str) -> Article:
        article = self._lookup(key) if isinstance(key, str) else None
        if article is None:
            raise KeyError(key)
        return article

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._library.current_keys())

    def __len__(self) -> int:
        return len(self._library.current_keys())
