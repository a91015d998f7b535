"""Rebuilding an article's record from its stored original: originals are never lost.

A record may be missing (a crash between writing the original and the record, or someone
deleted it) or fail its checks (truncated, garbled, tampered). The original is the truth: an
original whose SHA-256 starts with the folder's name is certainly the file that was
imported, so the record is parsed afresh from it. What the bad record still says about
things the original cannot tell (the citation key briefs cite, the import date, undone
repairs, the version link) is kept when it is well-formed. A folder that cannot be rebuilt
is moved to `quarantine/`, never deleted.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path, PurePath

from briefing_app.core import regular_files
from briefing_app.core.article import Article, article_id
from briefing_app.core.display import printable_path
from briefing_app.core.errors import BriefingError, IngestError, LibraryError
from briefing_app.core.library import MAX_ORIGINAL_BYTES, MAX_RECORD_BYTES, RECORD_NAME, Library
from briefing_app.core.record_validation import ORIGINAL_NAME, is_article_id

log = logging.getLogger(__name__)


def authentic_original(folder: Path, aid: str) -> tuple[str, bytes] | None:
    """(name, bytes) of the stored original in `folder` whose digest matches the id `aid`."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(e.name for e in listing if ORIGINAL_NAME.match(e.name))
    except OSError:
        return None
    for name in names:
        try:
            data = regular_files.read_regular(
                folder / name, MAX_ORIGINAL_BYTES, follow_symlinks=False
            )
        except (OSError, IngestError):
            continue
        if article_id(data) == aid:
            return name, data
    return None


def _salvage(library: Library, aid: str) -> dict:
    """The well-formed fields of a bad record that the original cannot tell."""
    try:
        raw = regular_files.read_regular(
            library.folder(aid) / RECORD_NAME, MAX_RECORD_BYTES, follow_symlinks=False
        )
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, IngestError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    kept = {
        name: data[name]
        for name in ("key", "imported_at", "source_path")
        if isinstance(data.get(name), str) and data[name]
    }
    rejected = data.get("rejected_repairs")
    if isinstance(rejected, list) and all(isinstance(r, str) for r in rejected):
        kept["rejected_repairs"] = rejected
    if is_article_id(data.get("supersedes")) and data["supersedes"] != aid:
        kept["supersedes"] = data["supersedes"]
    return kept


def _parse_name(stored: str, source_path: str) -> str:
    """The imported file's own name when the record still says it (titles may come from it)."""
    own = PurePath(source_path.rsplit("!", 1)[-1]).name if source_path else ""
    if own and PurePath(own).suffix.lower() == PurePath(stored).suffix.lower():
        return own
    return stored


def _others(library: Library, aid: str) -> list[Article]:
    """Every other article whose record is sound (never rebuilt: no recursion into this)."""
    found = []
    # From the folders, not the catalog: rebuilding the catalog may be what asks for this.
    for other in (e.name for e in library.record_folders()):
        if other == aid or not os.path.lexists(library.folder(other) / RECORD_NAME):
            continue
        try:
            found.append(library.load(other))
        except LibraryError:
            continue
    return found


def rederive(library: Library, aid: str) -> Article | None:
    """The article rebuilt from its stored original, or None when there is no such original."""
    from briefing_app.core.ingest.enrich import assign_key
    from briefing_app.core.ingest.importer import build_article

    folder = library.folder(aid)
    if folder.is_symlink() or not folder.is_dir():
        return None
    found = authentic_original(folder, aid)
    if found is None:
        return None
    stored_name, data = found
    kept = _salvage(library, aid)
    try:
        article = build_article(
            data,
            _parse_name(stored_name, kept.get("source_path", "")),
            source_path=kept.get("source_path", ""),
            rejected_repairs=kept.get("rejected_repairs", ()),
        )
    except Exception as exc:  # any failure leaves the folder as it was, reported as broken
        log.info("Article %s cannot be rebuilt from its original: %s", aid, exc)
        log.debug("Traceback", exc_info=exc)
        return None
    article.original_name = stored_name
    article.imported_at = kept.get("imported_at") or article.imported_at
    others = _others(library, aid)
    known = {a.id: a for a in others}
    article.supersedes = kept.get("supersedes") if kept.get("supersedes") in known else None
    newer = [a for a in others if a.supersedes == aid]
    article.superseded_by = newer[0].id if newer else None
    taken = {a.key for a in others}
    # A version shares its key with the versions before and after it (briefs follow it).
    related = [*newer, *([known[article.supersedes]] if article.supersedes else [])]
    if related:
        article.key = related[0].key
    elif kept.get("key") and kept["key"] not in taken:
        article.key = kept["key"]
    else:
        article.key = assign_key(article, taken)
    return article


def replace_record(library: Library, article: Article, problem: str) -> None:
    """Save a rebuilt record (caller holds the write lock); the bad one goes to quarantine."""
    record = library.folder(article.id) / RECORD_NAME
    where = ""
    if os.path.lexists(record):
        kept = library.quarantine(record, f"{article.id}.{RECORD_NAME}")
        where = f" (the bad record is kept as {kept.relative_to(library.root)})"
    library.save(article)
    message = f"{problem} Rebuilt from its stored original{where}."
    library.recovered[article.id] = message
    log.info("%s", message)  # callers report `recovered` (the CLI on stderr)


def restore_incomplete(library: Library) -> list[str]:
    """Rebuild the record of every folder that has an original but no record (caller holds
    the write lock); move anything else that is not an article to quarantine. Messages."""
    messages = []
    for path in library.incomplete_folders():
        aid = path.name
        try:
            if is_article_id(aid) and not path.is_symlink() and path.is_dir():
                article = rederive(library, aid)
                if article is not None:
                    library.save(article)
                    message = f"Article {aid} had no record; rebuilt from its stored original."
                    library.recovered[aid] = message
                    messages.append(message)
                    continue
            kept = library.quarantine(path, _quarantine_label(path))
            message = (
                f"{printable_path(path.name)!r} in the library's articles folder is not an "
                "article "
                f"(no record, and no original matching its name); moved to "
                f"{kept.relative_to(library.root)}."
            )
            library.recovered[printable_path(path.name)] = message
        except (OSError, BriefingError) as exc:
            message = (
                f"{printable_path(path.name)!r} in the library's articles folder could not "
                f"be restored: {exc}"
            )
        messages.append(message)
    for message in messages:
        log.info("%s", message)  # callers report `recovered` (the CLI on stderr)
    return messages


def _quarantine_label(path: Path) -> str:
    """A plain file name for whatever the entry was called (any bytes, any length)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", printable_path(path.name))[:64] or "entry"
