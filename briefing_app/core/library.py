"""The library on disk: the truth everything else (the index included) is built from.

Layout::

    <root>/articles/<id>/original.<ext>   the imported file, byte for byte
    <root>/articles/<id>/article.json     the record (metadata, paragraphs, repairs, claims)
    <root>/.write.lock                    held by the one process writing

The original is written before the record, so a folder without `article.json` is an
interrupted import: it is invisible to readers and removed by `clean_incomplete`.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core.article import Article
from briefing_app.core.errors import ArticleNotFound, LibraryError
from briefing_app.core.lock import WriteLock

log = logging.getLogger(__name__)

RECORD_NAME = "article.json"


class Library:
    """Reads and writes article records under one root folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser()
        self.articles_dir = self.root / "articles"
        self.lock = WriteLock(self.root / ".write.lock")
        self._cache: dict[str, tuple[float, Article]] = {}
        self.broken: dict[str, str] = {}  # id -> why its record could not be read

    # -- reading ---------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """Ids of every complete article, sorted."""
        if not self.articles_dir.is_dir():
            return []
        return sorted(p.name for p in self.articles_dir.iterdir() if (p / RECORD_NAME).is_file())

    def __len__(self) -> int:
        return len(self.ids())

    def __contains__(self, article_id: str) -> bool:
        return (self.articles_dir / article_id / RECORD_NAME).is_file()

    def folder(self, article_id: str) -> Path:
        return self.articles_dir / article_id

    def get(self, article_id: str) -> Article:
        """Load one article by id; raise ArticleNotFound or LibraryError."""
        path = self.folder(article_id) / RECORD_NAME
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.") from None
        cached = self._cache.get(article_id)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            article = Article.from_record(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise LibraryError(f"The record of article {article_id} is unreadable: {exc}") from exc
        self._cache[article_id] = (mtime, article)
        return article

    def articles(self) -> Iterator[Article]:
        """Every readable article; unreadable records are noted in `broken`, not raised."""
        for article_id in self.ids():
            try:
                yield self.get(article_id)
            except LibraryError as exc:
                self.broken[article_id] = str(exc)
                log.warning("%s", exc)

    def resolve(self, id_or_key: str) -> Article:
        """Find an article by id, id prefix (unique) or citation key."""
        if id_or_key in self:
            return self.get(id_or_key)
        matches = [a for a in self.current_articles() if a.key == id_or_key]
        if not matches:  # a key the user replaced still names its article
            matches = [a for a in self.current_articles() if id_or_key in a.key_aliases]
        if not matches and len(id_or_key) >= 4:
            matches = [a for a in self.articles() if a.id.startswith(id_or_key)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ArticleNotFound(
                f"{id_or_key!r} matches {len(matches)} articles; give more of the id."
            )
        raise ArticleNotFound(f"No article with id or key {id_or_key!r} in the library.")

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
        """Current articles by citation key (a new version keeps its predecessor's key).

        A key the user replaced (`Article.key_aliases`) maps to its article too, unless another
        article holds it as its own key."""
        current = self.current_articles()
        out = {alias: a for a in current for alias in a.key_aliases}
        out.update({a.key: a for a in current})
        return out

    def find_by_url(self, url: str) -> list[Article]:
        return [a for a in self.articles() if url and a.metadata.url == url]

    def keys(self) -> set[str]:
        """Keys and replaced keys in use: a new key must be none of them."""
        return {k for a in self.articles() for k in (a.key, *a.key_aliases)}

    def original_path(self, article: Article) -> Path:
        return self.folder(article.id) / article.original_name

    def original_bytes(self, article: Article) -> bytes:
        return self.original_path(article).read_bytes()

    # -- writing (callers hold self.lock) ----------------------------------------------------
    def add(self, article: Article, original: bytes) -> None:
        """Store a new article: original first, record last (the record marks it complete)."""
        folder = self.folder(article.id)
        atomicio.write_bytes(folder / article.original_name, original)
        self.save(article)

    def save(self, article: Article) -> None:
        """Write (or rewrite) an article's record atomically."""
        path = self.folder(article.id) / RECORD_NAME
        atomicio.write_json(path, article.to_record())
        self._cache.pop(article.id, None)

    def delete(self, article_id: str) -> None:
        """Remove an article and its original."""
        folder = self.folder(article_id)
        if not folder.is_dir():
            raise ArticleNotFound(f"No article with id {article_id!r} in the library.")
        # Drop the record first: a crash mid-delete then leaves an incomplete folder.
        (folder / RECORD_NAME).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        self._cache.pop(article_id, None)

    def clean_incomplete(self) -> list[Path]:
        """Remove leftovers of interrupted writes: temp files and folders with no record."""
        removed = atomicio.clean_orphans(self.root)
        if self.articles_dir.is_dir():
            for folder in self.articles_dir.iterdir():
                if folder.is_dir() and not (folder / RECORD_NAME).exists():
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        return removed
