"""A brief's file on disk: read it, save it atomically, never overwrite someone else's change.

`BriefFile` remembers the size, modification time and SHA-256 of the version it last read
or wrote. A save first checks that the disk still holds that version; if another program
(or another window) changed it, the save is refused with `SaveConflict` and the caller
offers keep / reload / compare. Line endings and a UTF-8 BOM are kept as the file had them,
while the text handed to the editor always uses "\\n".
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core.errors import BriefError, SaveConflict

BOM = b"\xef\xbb\xbf"
MAX_BRIEF_BYTES = 64 * 1024 * 1024  # far beyond any memo; keeps a wrong pick from eating memory


@dataclass(frozen=True)
class DiskState:
    """What a file looked like when we last read or wrote it."""

    size: int
    mtime_ns: int
    sha256: str


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise BriefError(
                f"{path.name} is too large to be a brief ({size // (1024 * 1024)} MB)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BriefError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise BriefError(f"{path} is a folder, not a brief.") from None
    except OSError as exc:
        raise BriefError(f"Could not open {path}: {atomicio.describe_os_error(exc)}.") from exc


def _decode(path: Path, data: bytes) -> tuple[str, bool, str]:
    """Text with "\\n" newlines, whether it had a BOM, and its newline style."""
    has_bom = data.startswith(BOM)
    try:
        text = data[len(BOM) if has_bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); a brief must be a Markdown file."
        ) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), has_bom, newline


class BriefFile:
    """One brief file; `path` is None for an untitled brief that was never saved."""

    def __init__(self, path: Path | str | None = None):
        self.path: Path | None = Path(path).expanduser().resolve() if path else None
        self.state: DiskState | None = None
        self.has_bom = False
        self.newline = "\n"
        self.text = ""  # the text last read or written: the editor is dirty when it differs

    @classmethod
    def open(cls, path: Path | str) -> BriefFile:
        """Open an existing brief; its text is in `.text`."""
        brief = cls(path)
        brief.reload()
        return brief

    @property
    def digest(self) -> str | None:
        """SHA-256 of the version on disk this brief is based on (None if never saved)."""
        return self.state.sha256 if self.state else None

    def reload(self) -> str:
        """Read the file again, forget the old version, and return its text."""
        if self.path is None:
            raise BriefError("This brief has not been saved yet; there is nothing to reload.")
        data = _read_bytes(self.path)
        text, self.has_bom, self.newline = _decode(self.path, data)
        self._remember(data)
        self.text = text
        return text

    def disk_text(self) -> str | None:
        """What the file on disk holds now (for compare), or None when it is gone."""
        if self.path is None or not self.path.exists():
            return None
        return _decode(self.path, _read_bytes(self.path))[0]

    def changed_on_disk(self) -> bool:
        """True when the file's content is no longer the version we read or wrote last."""
        if self.path is None or self.state is None:
            return False
        try:
            if self.path.stat().st_size != self.state.size:
                return True
            # Same size: compare content. File times are too coarse (a few ms) to tell two
            # quick writes apart, and a touch or a save of identical bytes is no change.
            current = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return True
        return current != self.state.sha256

    def deleted_on_disk(self) -> bool:
        """True when the file we read or wrote is gone."""
        return self.path is not None and self.state is not None and not self.path.exists()

    def save(self, text: str, *, force: bool = False) -> None:
        """Write `text` over the file atomically; raise SaveConflict if it changed meanwhile."""
        if self.path is None:
            raise BriefError("This brief has no file name yet; use Save As.")
        if not force and self.path.exists() and self.changed_on_disk():
            raise SaveConflict(
                f"{self.path.name} was changed by another program since you opened it. "
                "Reload it, compare it with your version, or save yours under another name."
            )
        self._write(self.path, text)

    def save_as(self, path: Path | str, text: str) -> None:
        """Write `text` to a new path (the caller has confirmed any overwrite); adopt it."""
        target = Path(path).expanduser().resolve()
        if target.is_dir():
            raise BriefError(f"{target} is a folder; choose a file name.")
        self._write(target, text)
        self.path = target

    def _encode(self, text: str) -> bytes:
        body = text.replace("\r\n", "\n")
        if self.newline != "\n":
            body = body.replace("\n", self.newline)
        return (BOM if self.has_bom else b"") + body.encode("utf-8")

    def _write(self, target: Path, text: str) -> None:
        data = self._encode(text)
        atomicio.write_bytes(target, data)  # raises SaveError; the old file stays whole
        self.path = target
        self._remember(data)
        self.text = text.replace("\r\n", "\n")

    def _remember(self, data: bytes) -> None:
        assert self.path is not None
        try:
            stat = os.stat(self.path)
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = len(data), 0
        self.state = DiskState(size=size, mtime_ns=mtime, sha256=hashlib.sha256(data).hexdigest())
