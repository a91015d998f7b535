"""The library on disk: the truth everything else (the index included) is built from.

Layout::

    <root>/articles/<id>/original.<ext>   the imported file, byte for byte
    <root>/articles/<id>/article.json     the record (metadata, paragraphs, repairs, claims)
    <root>/quarantine/                    records (and folders) that failed their checks
    <root>/.write.lock                    held by the one process writing

Records are untrusted input (libraries are copied between colleagues and shared on servers):
each is checked against the record schema when read (core/record_validation.py), an
article's folder is named by a validated id (16 hex digits) that its record must repeat,
and nothing is read or written through a symbolic link inside the library.

The original is written before the record, so a folder without `article.json` is an
interrupted import (or a deleted record): it is invisible to readers, and the next writer
rebuilds its record from the original (core/ingest/restore.py). An unreadable record is
rebuilt the same way: in memory for a reader, on disk (the bad record kept in quarantine)
for the writer. An original is never deleted by tidying.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from briefing_app.core import atomicio, regular_files
from briefing_app.core.article import Article
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


class Library:
    """Reads and writes article records under one root folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser()
        self.articles_dir = self.root / "articles"
        self.quarantine_dir = self.root / QUARANTINE_NAME
        self.lock = WriteLock(self.root / ".write.lock")
        self._cache: dict[str, tuple[float, Article]] = {}
        self.broken: dict[str, str] = {}  # id -> why its record could not be read
        self.recovered: dict[str, str] = {}  # id -> how its record was rebuilt on disk

    # -- reading ---------------------------------------------------------------------------
    def _folder_entries(self) -> list[os.DirEntry]:
        """Entries of the articles folder named like an article and really folders."""
        try:
            with os.scandir(self.articles_dir) as listing:
                return [
                    e for e in listing if is_article_id(e.name) and e.is_dir(follow_symlinks=False)
                ]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def ids(self) -> list[str]:
        """Ids of every complete article (a folder named by an id, holding a record), sorted."""
        return sorted(
            e.name
            for e in self._folder_entries()
            if os.path.lexists(os.path.join(e.path, RECORD_NAME))
        )

    def __len__(self) -> int:
        return len(self.ids())

    def __contains__(self, article_id: str) -> bool:
        if not is_article_id(article_id):
            return False
        folder = self.articles_dir / article_id
        return not folder.is_symlink() and os.path.lexists(folder / RECORD_NAME)

    def folder(self, article_id: str) -> Path:
        """The folder of an article; LibraryError for anything but a well-formed id.

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

    def load(self, article_id: str) -> Article:
        """The article as its record says, checked; ArticleNotFound or LibraryError otherwise.

        Unlike `get`, an unreadable record is not rebuilt from the original.
        """
        path = self._record_path(article_id)
        try:
            mtime = path.lstat().st_mtime_ns
        except OSError:
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.") from None
        cached = self._cache.get(article_id)
        if cached and cached[0] == mtime:
            return cached[1]
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
        self._cache[article_id] = (mtime, article)
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
            rebuilt = self._rebuilt(article_id, exc)
            if rebuilt is None:
                raise
            return rebuilt

    def _rebuilt(self, article_id: str, problem: LibraryError) -> Article | None:
        # Imported here: rebuilding parses the original, and the parsers use the library.
        from briefing_app.core.ingest import restore

        try:
            mtime = self._record_path(article_id).lstat().st_mtime_ns
        except (OSError, LibraryError):
            mtime = None
        cached = self._cache.get(article_id)
        if cached and cached[0] == mtime and mtime is not None:
            return cached[1]
        article = restore.rederive(self, article_id)
        if article is None:
            return None
        if self.lock.held():
            restore.replace_record(self, article, str(problem))
            self.broken.pop(article_id, None)
            return self.load(article_id)
        self.broken[article_id] = (
            f"{problem} Shown rebuilt from its stored original; the next import saves it."
        )
        log.info("%s", self.broken[article_id])
        self._cache[article_id] = (mtime, article)
        return article

    def articles(self) -> Iterator[Article]:
        """Every readable article; unreadable records are noted in `broken`, not raised."""
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
        matches = [a for a in self.current_articles() if a.key == id_or_key]
        if not matches and len(id_or_key) >= 4:
            matches = [a for a in self.articles() if a.id.startswith(id_or_key)]
        if len(matches) == 1:
            return matches[0]
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
        return {a.supersedes for a in self.articles() if a.supersedes}

    def current_articles(self) -> list[Article]:
        """Every article that no newer version supersedes."""
        articles = list(self.articles())  # one pass over the records, not two
        superseded = {a.supersedes for a in articles if a.supersedes}
        return [a for a in articles if a.id not in superseded]

    def by_key(self) -> dict[str, Article]:
        """Current articles by citation key (a new version keeps its predecessor's key)."""
        return {a.key: a for a in self.current_articles()}

    def find_by_url(self, url: str) -> list[Article]:
        return [a for a in self.articles() if url and a.metadata.url == url]

    def keys(self) -> set[str]:
        return {a.key for a in self.articles()}

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
    def _encoded_record(self, article: Article) -> tuple[Path, bytes]:
        """Where the record goes and its bytes, checked before anything is written."""
        path = self._record_path(article.id)
        data = atomicio.encode_json(article.to_record(), path)
        Article.from_record(json.loads(data))  # what is written must pass the checks on read
        return path, data

    def add(self, article: Article, original: bytes) -> None:
        """Store a new article: original first, record last (the record marks it complete)."""
        path, record = self._encoded_record(article)  # a record that cannot be written stops here
        if not ORIGINAL_NAME.match(article.original_name):
            raise LibraryError(f"{article.original_name!r} is not a name for a stored original.")
        atomicio.write_bytes(path.parent / article.original_name, original, follow_symlinks=False)
        atomicio.write_bytes(path, record, follow_symlinks=False)
        self._cache.pop(article.id, None)

    def save(self, article: Article) -> None:
        """Write (or rewrite) an article's record atomically."""
        path, record = self._encoded_record(article)
        atomicio.write_bytes(path, record, follow_symlinks=False)
        self._cache.pop(article.id, None)

    def delete(self, article_id: str) -> None:
        """Remove an article and its original (its folder, found by its validated id only)."""
        folder = self.folder(article_id)
        self._cache.pop(article_id, None)
        if folder.is_symlink():
            folder.unlink()  # a planted link: remove the link, never what it points to
            return
        if not folder.is_dir():
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
        # Drop the record first: a crash mid-delete then leaves an incomplete folder.
        (folder / RECORD_NAME).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)  # rmtree never follows links inside
        self.broken.pop(article_id, None)

    def quarantine(self, path: Path, label: str) -> Path:
        """Move a bad record or folder out of the articles, into `quarantine/`; its new path."""
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = self.quarantine_dir / f"{label}.{stamp}"
        os.replace(path, target)
        atomicio.fsync_dir(self.quarantine_dir)
        atomicio.fsync_dir(path.parent)
        return target

    def incomplete_folders(self) -> list[Path]:
        """Folders in `articles/` with no record (after temp files are cleared), sorted."""
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
        return removed
