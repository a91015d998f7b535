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

import abc
import datetime as dt
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing_app.core import atomicio
from briefing_app.core.errors import BriefingError, LibraryError
from briefing_app.core.highlights import Highlight, InvalidHighlight, valid_colour

log = logging.getLogger(__name__)

USER_FILE = "user.json"
NOTE_FILE = "note.md"
COLLECTIONS_FILE = "collections.json"
FORMAT = 1
_TAG_FORBIDDEN = re.compile(r"[,\n\r\t\"]")


class InvalidName(BriefingError):
    """A tag or collection name that cannot be used."""


class NoteConflict(BriefingError):
    """A note was changed by someone else since the text being saved was opened."""


@dataclass(frozen=True)
class Note:
    """An article's note and which version of it this is (for a conflict check on save)."""

    text: str
    version: str  # opaque; "" when the article has no note
    updated_at: str = ""  # ISO 8601 UTC; "" when there is no note
    updated_by: str = ""  # who wrote it, where the store knows (the team library)


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner spaces collapsed; no commas or quotes (they separate)."""
    tag = " ".join(tag.split())
    if not tag:
        raise InvalidName("A tag cannot be empty.")
    if _TAG_FORBIDDEN.search(tag) or tag.startswith("-"):
        raise InvalidName(f"{tag!r} cannot be a tag: no commas, quotes or leading '-'.")
    return tag


def clean_collection_name(name: str) -> str:
    """A collection name as stored: trimmed, inner spaces collapsed; no '/' (it separates)."""
    name = " ".join(name.split())
    if not name or "/" in name:
        raise InvalidName(f"{name!r} cannot be a collection name (empty, or contains '/').")
    return name


def note_version(text: str) -> str:
    """The version of a note kept in a file: a digest of its text ("" for no note)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text.strip() else ""


def find_highlight(highlights: list[Highlight], article_id: str, highlight_id: str) -> Highlight:
    """The one highlight whose id starts with `highlight_id` (an id or a unique prefix)."""
    matches = [h for h in highlights if h.id.startswith(highlight_id)]
    if len(matches) != 1:
        raise InvalidHighlight(f"Article {article_id} has no highlight {highlight_id!r}.")
    return matches[0]


def conflict_message(article_id: str, current: Note) -> str:
    """What the analyst is told when their note edit started from an older version."""
    who = f" by {current.updated_by}" if current.updated_by else ""
    when = f" at {current.updated_at}" if current.updated_at else ""
    return (
        f"The note of article {article_id} was changed{who}{when} since you opened it; "
        "your text was not saved over it. Copy your text, reopen the note and merge the two."
    )


def merged_note(theirs: str, mine: str) -> str:
    """A note two people edited at once, with nothing lost: the text saved first, a rule, then
    the text that met the conflict, for the analyst to merge by hand."""
    if not theirs.strip():
        return mine
    if not mine.strip() or mine.strip() == theirs.strip():
        return theirs
    return f"{theirs.rstrip()}\n\n---\n\n{mine.lstrip()}"


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
            # Bytes decoded as they are: a note's "\r\n" is the analyst's, not for translating.
            return (self.articles_dir / article_id / NOTE_FILE).read_bytes().decode("utf-8")
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

    def read_note(self, article_id: str) -> Note:
        """The note with its version and when it was last written."""
        text = self.note(article_id)
        if not text.strip():
            return Note("", "")
        path = self.articles_dir / article_id / NOTE_FILE
        try:
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        except OSError:
            stamp = None  # removed since it was read: the text is what was read
        when = stamp.isoformat(timespec="seconds") if stamp else ""
        return Note(text, note_version(text), when)

    def save_note(self, article_id: str, text: str, expected: str | None = None) -> Note:
        """Write the note unless it changed since version `expected` was read (NoteConflict);
        `expected=None` writes whatever is there. The library's write lock is held."""
        if expected is not None:
            current = self.read_note(article_id)
            if current.version != expected:
                raise NoteConflict(conflict_message(article_id, current))
        self.write_note(article_id, text)
        return self.read_note(article_id)

    # -- one change at a time (what UserData asks of every store) ---------------------------
    def change_tags(self, article_id: str, add: list[str] = (), remove: list[str] = ()) -> None:
        record = self.read(article_id)
        record.tags = merge_tags(record.tags, add, remove)
        self.write(article_id, record)

    def file(self, article_id: str, collection_id: str, *, remove: bool = False) -> None:
        """Put the article into a collection, or take it out."""
        record = self.read(article_id)
        members = [c for c in record.collections if c != collection_id]
        record.collections = members if remove else [*members, collection_id]
        self.write(article_id, record)

    def add_highlight(self, article_id: str, highlight: Highlight) -> None:
        record = self.read(article_id)
        record.highlights.append(highlight)
        self.write(article_id, record)

    def update_highlight(
        self,
        article_id: str,
        highlight_id: str,
        *,
        colour: str | None = None,
        comment: str | None = None,
    ) -> Highlight:
        record = self.read(article_id)
        found = find_highlight(record.highlights, article_id, highlight_id)
        if colour is not None:
            found.colour = valid_colour(colour)
        if comment is not None:
            found.comment = comment.strip()
        self.write(article_id, record)
        return found

    def remove_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        record = self.read(article_id)
        found = find_highlight(record.highlights, article_id, highlight_id)
        record.highlights = [h for h in record.highlights if h.id != found.id]
        self.write(article_id, record)
        return found

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


class CollectionTree(abc.ABC):
    """Naming and nesting over `collections()`: shared by every shelf, wherever it is kept."""

    @abc.abstractmethod
    def collections(self) -> list[Collection]:
        """Every collection, in the order they were made."""

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


def _refuse_sibling_clash(
    collections: list[Collection], name: str, parent: str | None, moving: str = ""
) -> None:
    """Refuse a second collection of this name (in any case) at one level."""
    folded = name.casefold()
    if any(
        c.id != moving and c.parent == parent and c.name.casefold() == folded for c in collections
    ):
        raise InvalidName(f"There is already a collection {name!r} there.")


def new_collection_id() -> str:
    return uuid.uuid4().hex[:10]


class Shelf(CollectionTree):
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

    def create(self, name: str, parent: str | None = None) -> Collection:
        name = clean_collection_name(name)
        collections, colours = self._load()
        parent_id = self.find(parent).id if parent else None
        _refuse_sibling_clash(collections, name, parent_id)
        collection = Collection(new_collection_id(), name, parent_id)
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
        new_name = clean_collection_name(new_name)
        collections, colours = self._load()
        _refuse_sibling_clash(collections, new_name, target.parent, target.id)
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

    def move(self, name_or_path: str, new_parent: str | None) -> Collection:
        """Nest a collection inside another (None: at the top level), never inside itself or
        a collection nested in it."""
        target = self.find(name_or_path)
        parent_id = self.find(new_parent).id if new_parent else None
        if parent_id is not None and parent_id in self.descendants(target.id):
            raise InvalidName(f"{target.name!r} cannot go inside itself.")
        collections, colours = self._load()
        _refuse_sibling_clash(collections, target.name, parent_id, target.id)
        for c in collections:
            if c.id == target.id:
                c.parent = parent_id
        self._save(collections, colours)
        return Collection(target.id, target.name, parent_id)

    def put_back(self, collection: Collection, children: Iterable[str] = ()) -> Collection:
        """A deleted collection made again as it was (its id, name and place), with `children`
        — the collections that moved up when it went — nested in it again. Its place is the
        top level when its parent has gone since."""
        collections, colours = self._load()
        known = {c.id for c in collections}
        if collection.id in known:
            raise InvalidName(f"The collection {collection.name!r} exists already.")
        parent_id = collection.parent if collection.parent in known else None
        _refuse_sibling_clash(collections, collection.name, parent_id)
        made = Collection(collection.id, collection.name, parent_id)
        wanted = set(children)
        for c in collections:
            if c.id in wanted and c.parent == parent_id:  # still where it moved up to
                c.parent = made.id
        self._save([*collections, made], colours)
        return made

    # -- tag colours ------------------------------------------------------------------------
    def tag_colours(self) -> dict[str, str]:
        return self._load()[1]

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        tag = clean_tag(tag)
        collections, colours = self._load()
        colours = {k: v for k, v in colours.items() if k.casefold() != tag.casefold()}
        if colour:
            colours[tag] = valid_colour(colour)
        self._save(collections, colours)
