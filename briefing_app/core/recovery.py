"""The recovery journal: unsaved brief text kept beside (never over) the user's files.

The editor journals each open brief, untitled ones included, within a second of typing.
Each entry is one JSON file written atomically, named after the writing session (a random
id, see `core/sessions.py`) and the document, and holds the file path the text belongs to
and the digest of the on-disk version it was based on. A clean exit discards its entries;
whatever a session that is gone left behind is offered at the next start, whatever pid
that start gets. Entries of a session that is still running are never offered: that is
another open window, not a crash.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from briefing_app import paths
from briefing_app.core import atomicio, sessions
from briefing_app.core.sessions import Session

log = logging.getLogger(__name__)

ENTRY_FORMAT = 2  # 2: named and vouched for by session id
ENTRY_SUFFIX = ".json"


def digest_bytes(data: bytes) -> str:
    """The digest recorded for a file's content (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path | str) -> str | None:
    """The digest of a file on disk, or None when it cannot be read."""
    try:
        return digest_bytes(Path(path).read_bytes())
    except OSError:
        return None


@dataclass
class RecoveryEntry:
    """One journalled document: the text that was in the editor and what it belongs to."""

    doc_id: str
    text: str
    path: Path | None
    base_digest: str | None
    session: Session  # who wrote it
    saved_at: float
    file: Path  # the journal file itself

    @property
    def title(self) -> str:
        """A short name for lists and dialogs."""
        return self.path.name if self.path else "Untitled brief"

    @property
    def pid(self) -> int:
        """The pid of the process that wrote this entry."""
        return self.session.pid

    def disk_changed(self) -> bool:
        """True when the file on disk is no longer the version this text was based on."""
        if self.path is None:
            return False
        return digest_file(self.path) != self.base_digest

    def matches_disk(self) -> bool:
        """True when the journalled text is exactly what the file on disk holds."""
        if self.path is None:
            return False
        try:
            return self.path.read_text(encoding="utf-8-sig") == self.text
        except (OSError, UnicodeDecodeError):
            return False


class RecoveryStore:
    """The journal folder: write, discard and list entries; diff them against the disk.

    Every store of one process shares that process's session (`sessions.current()`); a
    test may hand in another session to play a second run of the app.
    """

    def __init__(self, folder: Path | str | None = None, session: Session | None = None):
        self.folder = Path(folder) if folder else paths.recovery_dir()
        self.session = session or sessions.current()

    @property
    def pid(self) -> int:
        """The pid of the session writing through this store."""
        return self.session.pid

    def _file_for(self, doc_id: str) -> Path:
        token = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:20]
        return self.folder / f"{self.session.id}-{token}{ENTRY_SUFFIX}"

    def journal(
        self, doc_id: str, text: str, *, path: Path | str | None, base_digest: str | None
    ) -> Path:
        """Record the editor's text for `doc_id` atomically; raise SaveError on failure."""
        # The lock comes first: an entry must never sit in the folder unvouched for,
        # or another window could take a live session's text for a crash's.
        sessions.hold(self.folder, self.session)
        record = {
            "format": ENTRY_FORMAT,
            "doc_id": doc_id,
            "path": str(Path(path).resolve()) if path else None,
            "base_digest": base_digest,
            **self.session.to_record(),
            "saved_at": time.time(),
            "text": text,
        }
        target = self._file_for(doc_id)
        atomicio.write_json(target, record)
        return target

    def discard(self, doc_or_entry: str | RecoveryEntry) -> None:
        """Forget a document's journal: ours by doc id, or any given entry."""
        if isinstance(doc_or_entry, RecoveryEntry):
            target = doc_or_entry.file
        else:
            target = self._file_for(doc_or_entry)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()

    def discard_all(self) -> None:
        """Forget every entry of this session (a clean exit)."""
        for entry in self._entries():
            if entry.session.id == self.session.id:
                self.discard(entry)

    def close(self) -> None:
        """End this session's claim on the folder: entries still here become recoverable."""
        sessions.release(self.folder, self.session)

    def has(self, doc_id: str) -> bool:
        """True when this session has a journal entry for `doc_id`."""
        return self._file_for(doc_id).is_file()

    def pending(self) -> list[RecoveryEntry]:
        """Entries left by sessions that are gone, oldest first: the ones to offer.

        Also removes the lock files of ended sessions that left no entry.
        """
        entries = self._entries()
        with contextlib.suppress(OSError):
            sessions.tidy_locks(self.folder, {e.session.id for e in entries})
        found = [e for e in entries if not sessions.is_alive(e.session, self.folder, self.session)]
        return sorted(found, key=lambda e: (e.saved_at, e.file.name))

    def _entries(self) -> list[RecoveryEntry]:
        if not self.folder.is_dir():
            return []
        entries = []
        for file in sorted(self.folder.glob("*" + ENTRY_SUFFIX)):
            entry = self._load(file)
            if entry is not None:
                entries.append(entry)
        return entries

    @staticmethod
    def _load(file: Path) -> RecoveryEntry | None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            return RecoveryEntry(
                doc_id=str(data["doc_id"]),
                text=str(data["text"]),
                path=Path(data["path"]) if data.get("path") else None,
                base_digest=data.get("base_digest"),
                session=Session.from_record(data),  # a format-1 entry has no session id
                saved_at=float(data.get("saved_at") or 0.0),
                file=file,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # Entries are written atomically, so this is foreign or damaged: leave it be.
            log.warning("Ignoring unreadable recovery entry %s: %s", file, exc)
            return None

    def diff(self, entry: RecoveryEntry) -> str:
        """A unified diff from the file on disk (empty for untitled) to the journalled text."""
        disk_label = str(entry.path) if entry.path else "(no file)"
        disk_text = ""
        if entry.path is not None:
            try:
                disk_text = entry.path.read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                disk_label = f"{entry.path} (missing on disk)"
            except (OSError, UnicodeDecodeError) as exc:
                disk_label = f"{entry.path} (unreadable: {exc})"
        lines = difflib.unified_diff(
            disk_text.splitlines(keepends=True),
            entry.text.splitlines(keepends=True),
            fromfile=disk_label,
            tofile=f"recovered {entry.title}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
