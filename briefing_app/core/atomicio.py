"""Atomic file writes: a temp file in the same folder, fsync, `os.replace`, directory fsync.

A reader (or a crash) only ever sees the complete old file or the complete new one.
Temp files carry a recognisable prefix so an interrupted write can be cleaned up later.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from briefing_app.core.errors import BriefingError
from briefing_app.core.lock import pid_alive

TEMP_PREFIX = ".~briefing-"
TEMP_SUFFIX = ".tmp"


class SaveError(BriefingError):
    """A file could not be written; the previous version is untouched."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is read-only",
    errno.EIO: "an input/output error occurred",
}


def describe_os_error(exc: OSError) -> str:
    """A short, plain reason for an OS error."""
    return _REASONS.get(exc.errno, exc.strerror or str(exc))


def fsync_dir(folder: Path) -> None:
    """Flush a directory entry so a rename survives power loss (where the OS allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (and Windows) cannot fsync a directory
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (a write may be partial on a full or slow disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _temp_prefix(name: str) -> str:
    # The pid lets start-up cleaning skip temp files of a writer that is still running;
    # the name is shortened so the temp name stays within the file system's limit.
    return f"{TEMP_PREFIX}{name[:80]}.p{os.getpid()}-"


def _existing_mode(path: Path) -> int | None:
    """The permissions of the file a write replaces (None: a new file)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None


_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


def _new_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temp file beside `name` in `folder`, open for writing: (fd, path).

    Created with mode 0o666, which the kernel narrows by the process's umask as for any new
    file: a new file gets the usual permissions without the umask being read (reading it
    from /proc at each new file was a tenth of storing an article).
    """
    prefix = _temp_prefix(name)
    for _ in range(100):
        candidate = os.path.join(folder, f"{prefix}{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(candidate, _TEMP_FLAGS, 0o666), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def write_bytes(
    path: Path | str, data: bytes, *, mode: int | None = None, follow_symlinks: bool = True
) -> None:
    """Replace `path` with `data` atomically; raise SaveError and leave the old file intact.

    With `follow_symlinks=False` a symbolic link at `path` is replaced by the file, never
    written through (the library's own files: a planted link must not lead out of it).
    """
    path = Path(path)
    if follow_symlinks and path.is_symlink():
        # Replacing the link itself would detach the user's real file: write its target.
        path = path.resolve()
    folder = path.parent
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = _new_temp(folder, path.name)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        keep = mode if mode is not None else _existing_mode(path)
        if keep is not None:  # a new file keeps the mode it was created with
            os.chmod(tmp_name, keep)
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(folder)
    except OSError as exc:
        raise SaveError(f"Could not save {path}: {describe_os_error(exc)}.") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def encode_text(text: str, path: Path | str, *, encoding: str = "utf-8") -> bytes:
    """Text as bytes, or SaveError (before anything is written) when it cannot be encoded.

    Lone surrogates (from a file name that is not valid UTF-8) cannot be written as UTF-8.
    """
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        raise SaveError(
            f"Could not save {Path(path).name}: it holds characters that cannot be written "
            f"as {encoding} ({bad})."
        ) from exc


def write_text(
    path: Path | str, text: str, *, encoding: str = "utf-8", follow_symlinks: bool = True
) -> None:
    """Atomically write text (newlines kept as given)."""
    write_bytes(path, encode_text(text, path, encoding=encoding), follow_symlinks=follow_symlinks)


def encode_json(value: Any, path: Path | str) -> bytes:
    """Pretty UTF-8 JSON bytes, as `write_json` writes them."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    return encode_text(text, path)


def write_json(path: Path | str, value: Any, *, follow_symlinks: bool = True) -> None:
    """Atomically write pretty, UTF-8 JSON."""
    write_bytes(path, encode_json(value, path), follow_symlinks=follow_symlinks)


def is_temp_file(path: Path) -> bool:
    """True for a temp file left by an interrupted atomic write."""
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


_WRITER_PID = re.compile(r"\.p(\d+)-[^.]*" + re.escape(TEMP_SUFFIX) + "$")


def _writer_alive(path: Path) -> bool:
    match = _WRITER_PID.search(path.name)
    return bool(match) and pid_alive(int(match.group(1)))


def clean_orphans(folder: Path, *, recursive: bool = True) -> list[Path]:
    """Delete temp files that an interrupted write left behind; return what was removed.

    Temp files of a writer that is still running (another window, a CLI import) are kept.
    """
    removed: list[Path] = []
    if not Path(folder).is_dir():
        return removed
    folder = Path(folder)
    candidates = folder.rglob(TEMP_PREFIX + "*") if recursive else folder.glob(TEMP_PREFIX + "*")
    for candidate in candidates:
        if candidate.is_file() and is_temp_file(candidate) and not _writer_alive(candidate):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed
