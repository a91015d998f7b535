"""The analyst's own data on disk, beside the records it belongs to.

Layout::

    <root>/articles/<id>/user.json   tags, collection ids, highlights of one article
    <root>/articles/<id>/note.md     the article's Markdown note
    <root>/collections.json          the collections (named, nestable) and tag colours

Every file is written atomically (core/atomicio.py), so a kill mid-write leaves the old file
or the new one. The importer never writes these files: re-importing the same bytes leaves
them alone, and a new version gets a copy (`carry_over`).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.errors import BriefingError, LibraryError
from briefing_app.core.highlights import Highlight

log = logging.getLogger(__name__)

USER_FILE = "user.json"
NOTE_FILE = "note.md"
COLLECTIONS_FILE = "collections.json"
FORMAT = 1
_TAG_FORBIDDEN = re.compile(r"[,\n\r\t\"]")


class InvalidName(BriefingError):
    """A tag or collection name that cannot be used."""


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner spaces collapsed; no commas or quotes (they separate)."""
    tag = " ".join(tag.split())
    if not tag:
        raise InvalidName("A tag cannot be empty.")
    if _TAG_FORBIDDEN.search(tag) or tag.startswith("-"):
        raise InvalidName(f"{tag!r} cannot be a tag: no commas, quotes or leading '-'.")
    return tag


def merge_tags(current: list[str], add: list[str] = (), remove: list[str] = ()) -> list[str]:
    """Tags after adding and removing (compared without case; the first spelling is kept)."""
    gone = {clean_tag(t).casefold() for t in remove}
    out: dict[str, str] = {}
    for tag in [*current, *(clean_tag(t) for t in add)]:
        folded = tag.casefold()
        if folded not in gone:
            out.setdefault(folded, tag)
    return list(out.values())


@dataclass
class UserRecord:
    """What `user.json` holds for one article."""

    tags: list[str]
    collections: list[str]  # collection ids
    highlights: list[Highlight]

    @classmethod
    def empty(cls) -> UserRecord:
        return cls([], [], [])

    def is_empty(self) -> bool:
        return not (self.tags or self.collections or self.highlights)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "tags": list(self.tags),
            "collections": list(self.collections),
            "highlights": [h.to_dict() for h in self.highlights],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UserRecord:
        return cls(
            [str(t) for t in data.get("tags") or []],
            [str(c) for c in data.get("collections") or []],
            [Highlight.from_dict(h) for h in data.get("highlights") or []],
        )


def _read_json(path: Path) -> Any | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryError(f"Could not read {path}: {atomicio.describe_os_error(exc)}.") from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LibraryError(f"{path} is damaged ({exc}); restore it from a backup.") from exc


class ArticleNotes:
    """Reads and writes the user file and note of articles under one articles folder."""

    def __init__(self, articles_dir: Path):
        self.articles_dir = Path(articles_dir)

    def _folder(self, article_id: str) -> Path:
        folder = self.articles_dir / article_id
        if not folder.is_dir():
            raise LibraryError(f"No article folder for {article_id!r}.")
        return folder

    def read(self, article_id: str) -> UserRecord:
        data = _read_json(self.articles_dir / article_id / USER_FILE)
        return UserRecord.from_dict(data) if isinstance(data, dict) else UserRecord.empty()

    def write(self, article_id: str, record: UserRecord) -> None:
        path = self._folder(article_id) / USER_FILE
        if record.is_empty():
            path.unlink(missing_ok=True)
            return
        atomicio.write_json(path, record.to_dict())

    def note(self, article_id: str) -> str:
        try:
            return (self.articles_dir / article_id / NOTE_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        except (OSError, UnicodeDecodeError) as exc:
            raise LibraryError(f"The note of article {article_id} is unreadable: {exc}") from exc

    def write_note(self, article_id: str, text: str) -> None:
        path = self._folder(article_id) / NOTE_FILE
        if not text.strip():
            path.unlink(missing_ok=True)
            return
        atomicio.write_text(path, text)

    def has_data(self, article_id: str) -> bool:
        folder = self.articles_dir / article_id
        return (folder / USER_FILE).is_file() or (folder / NOTE_FILE).is_file()

    def catalog_row(self, article_id: str):
        """The catalog's copy of one article's tags, collections and note."""
        from briefing_app.core.catalog import UserRow

        record = self.read(article_id)
        return UserRow(
            article_id, tuple(record.tags), tuple(record.collections), self.note(article_id)
        )

    def catalog_rows(self) -> Iterator:
        """Catalog rows of every article with user data; an unreadable file is skipped."""
        for article_id in self.ids_with_data():
            try:
                yield self.catalog_row(article_id)
            except LibraryError as exc:
                log.warning("%s", exc)

    def ids_with_data(self) -> list[str]:
        """Ids of articles that have a user file or a note (one directory listing each)."""
        if not self.articles_dir.is_dir():
            return []
        return sorted(p.name for p in self.articles_dir.iterdir() if self.has_data(p.name))


@dataclass
class Collection:
    """A named set of articles; `parent` nests it inside another collection."""

    id: str
    name: str
    parent: str | None = None


class Shelf:
    """The library's collections and tag colours (`collections.json`)."""

    def __init__(self, root: Path):
        self.path = Path(root) / COLLECTIONS_FILE

    def _load(self) -> tuple[list[Collection], dict[str, str]]:
        data = _read_json(self.path) or {}
        names = set(Collection.__dataclass_fields__)
        collections = [
            Collection(**{k: v for k, v in c.items() if k in names})
            for c in data.get("collections") or []
        ]
        return collections, dict(data.get("tag_colours") or {})

    def _save(self, collections: list[Collection], colours: dict[str, str]) -> None:
        atomicio.write_json(
            self.path,
            {
                "format": FORMAT,
                "collections": [asdict(c) for c in collections],
                "tag_colours": colours,
            },
        )

    # -- collections ------------------------------------------------------------------------
    def collections(self) -> list[Collection]:
        return self._load()[0]

    def path_of(self, collection: Collection, by_id: dict[str, Collection] | None = None) -> str:
        """ "Parent/Child" — how the CLI names a nested collection."""
        by_id = by_id or {c.id: c for c in self.collections()}
        parts, seen, node = [], set(), collection
        while node is not None and node.id not in seen:
            seen.add(node.id)
            parts.append(node.name)
            node = by_id.get(node.parent) if node.parent else None
        return "/".join(reversed(parts))

    def find(self, name_or_path: str) -> Collection:
        """A collection by id, full path ("A/B") or unique name."""
        collections = self.collections()
        by_id = {c.id: c for c in collections}
        if name_or_path in by_id:
            return by_id[name_or_path]
        wanted = name_or_path.strip().strip("/").casefold()
        by_path = [c for c in collections if self.path_of(c, by_id).casefold() == wanted]
        by_name = [c for c in collections if c.name.casefold() == wanted]
        matches = by_path or by_name
        if len(matches) == 1:
            return matches[0]
        if matches:
            paths = ", ".join(self.path_of(c, by_id) for c in matches)
            raise InvalidName(
                f"{name_or_path!r} names several collections ({paths}); give the path."
            )
        raise InvalidName(f"No collection named {name_or_path!r}.")

    def create(self, name: str, parent: str | None = None) -> Collection:
        name = " ".join(name.split())
        if not name or "/" in name:
            raise InvalidName(f"{name!r} cannot be a collection name (empty, or contains '/').")
        collections, colours = self._load()
        parent_id = self.find(parent).id if parent else None
        if any(c.name.casefold() == name.casefold() and c.parent == parent_id for c in collections):
            raise InvalidName(f"There is already a collection {name!r} there.")
        collection = Collection(uuid.uuid4().hex[:10], name, parent_id)
        self._save([*collections, collection], colours)
        return collection

    def ensure(self, path: str) -> Collection:
        """The collection at "A/B/C", creating the levels that do not exist yet."""
        parent: Collection | None = None
        for name in [p for p in path.split("/") if p.strip()]:
            by_id = {c.id: c for c in self.collections()}
            wanted = " ".join(name.split()).casefold()
            parent_id = parent.id if parent else None
            found = [
                c for c in by_id.values() if c.parent == parent_id and c.name.casefold() == wanted
            ]
            parent = found[0] if found else self.create(name, parent_id)
        if parent is None:
            raise InvalidName(f"{path!r} cannot be a collection name.")
        return parent

    def rename(self, name_or_path: str, new_name: str) -> Collection:
        target = self.find(name_or_path)
        new_name = " ".join(new_name.split())
        if not new_name or "/" in new_name:
            raise InvalidName(f"{new_name!r} cannot be a collection name.")
        collections, colours = self._load()
        for c in collections:
            if c.id == target.id:
                c.name = new_name
        self._save(collections, colours)
        return Collection(target.id, new_name, target.parent)

    def remove(self, name_or_path: str) -> Collection:
        """Delete a collection; its sub-collections move up to its parent. Articles stay."""
        target = self.find(name_or_path)
        collections, colours = self._load()
        kept = [c for c in collections if c.id != target.id]
        for c in kept:
            if c.parent == target.id:
                c.parent = target.parent
        self._save(kept, colours)
        return target

    def descendants(self, collection_id: str) -> set[str]:
        """The collection and every collection nested in it, at any depth."""
        children: dict[str | None, list[str]] = {}
        for c in self.collections():
            children.setdefault(c.parent, []).append(c.id)
        out, todo = set(), [collection_id]
        while todo:
            node = todo.pop()
            if node not in out:
                out.add(node)
                todo.extend(children.get(node, []))
        return out

    # -- tag colours ------------------------------------------------------------------------
    def tag_colours(self) -> dict[str, str]:
        return self._load()[1]

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        from briefing_app.core.highlights import valid_colour

        tag = clean_tag(tag)
        collections, colours = self._load()
        colours = {k: v for k, v in colours.items() if k.casefold() != tag.casefold()}
        if colour:
            colours[tag] = valid_colour(colour)
        self._save(collections, colours)
