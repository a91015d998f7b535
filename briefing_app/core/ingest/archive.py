"""Zip archives: each member is imported like a file, read in memory, never extracted.

The archive is opened once for all its members (its central directory is read once: a zip
of 10,000 members must not be parsed 10,000 times), and only if it is a regular file.

Zip bombs are stopped by counting bytes while inflating (headers can lie), with caps on
each member, on the archive's total, on the compression ratio and on the member count.
Members with absolute paths, `..` components or symlink modes are refused by name.
"""

from __future__ import annotations

import io
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from briefing_app.core import regular_files
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest.document import ImportResult, Source

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # inflated/compressed; real text rarely passes 20
RATIO_FLOOR = 1024 * 1024  # small members may compress well without being bombs
CHUNK = 64 * 1024
# Zip-based document formats that are not archives of articles.
NOT_ARCHIVES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar")


def is_archive(path: Path) -> bool:
    """True for a zip archive we should open (by name, or by magic for unnamed files)."""
    name = path.name.lower()
    if name.endswith(NOT_ARCHIVES):
        return False
    if name.endswith(".zip"):
        return True
    if "." in name:
        return False
    try:
        # Never a plain open(): a FIFO would block it until a writer appears.
        fd = regular_files.open_regular(path)
    except (OSError, IngestError):
        return False
    try:
        return os.pread(fd, 4, 0) == b"PK\x03\x04"
    except OSError:
        return False
    finally:
        os.close(fd)


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path in archive"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return "path escapes the archive ('..')"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic link in archive"
    if info.flag_bits & 0x1:
        return "encrypted member"
    return None


class _Budget:
    """Bytes inflated so far across the whole archive."""

    def __init__(self) -> None:
        self.total = 0


# What a damaged or unsupported member raises while it is inflated.
_MEMBER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class _OpenArchive:
    """One open zip shared by the readers of all its members; closed after the last read."""

    def __init__(self, handle: io.BufferedReader, zf: zipfile.ZipFile, members: int):
        self.handle = handle
        self.zf = zf
        self.size = os.fstat(handle.fileno()).st_size
        self.remaining = members
        self.budget = _Budget()

    def inflate(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, counted while inflating: sizes in the headers can lie."""
        try:
            return self._inflate(info)
        finally:
            self.remaining -= 1
            if self.remaining <= 0:
                self.close()

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        if self.handle.closed:
            raise IngestError("the archive was closed before this member was read")
        # The compressed size cannot exceed the archive itself, whatever the header claims.
        compressed = max(min(info.compress_size, self.size), 1)
        chunks, size = [], 0
        with self.zf.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                self.budget.total += len(chunk)
                if size > MAX_MEMBER_BYTES:
                    raise IngestError(
                        f"larger than {MAX_MEMBER_BYTES // (1024 * 1024)} MB when inflated"
                    )
                if self.budget.total > MAX_TOTAL_BYTES:
                    raise IngestError("archive inflates to too much data (zip bomb?)")
                if size > RATIO_FLOOR and size > MAX_RATIO * compressed:
                    raise IngestError("compression ratio too high (zip bomb?)")
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.zf.close()
        self.handle.close()


def _reader(opened: _OpenArchive, info: zipfile.ZipInfo):
    def read() -> bytes:
        try:
            return opened.inflate(info)
        except _MEMBER_ERRORS as exc:
            raise IngestError(f"damaged or unsupported archive member ({exc})") from exc

    return read


def _open(archive_path: Path) -> tuple[io.BufferedReader, zipfile.ZipFile]:
    handle = os.fdopen(regular_files.open_regular(archive_path), "rb")
    try:
        return handle, zipfile.ZipFile(handle)
    except BaseException:
        handle.close()
        raise


def iter_members(archive_path: Path, *, shown_as: str = "") -> Iterator[Source | ImportResult]:
    """Sources for the importable members of a zip, failures for unsafe ones."""
    label = shown_as or str(archive_path)
    try:
        handle, zf = _open(archive_path)
    except IngestError as exc:
        yield ImportResult(label, "failed", error=str(exc))
        return
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        yield ImportResult(label, "failed", error=f"not a readable zip archive ({exc})")
        return
    files = [i for i in zf.infolist() if not i.is_dir()]
    if len(files) > MAX_MEMBERS:
        zf.close()
        handle.close()
        yield ImportResult(
            label, "failed", error=f"archive has {len(files)} members (limit {MAX_MEMBERS})"
        )
        return
    entries: list[ImportResult | zipfile.ZipInfo] = []
    for info in files:
        display = f"{label}!{info.filename}"
        base = PurePosixPath(info.filename.replace("\\", "/")).name
        if base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        reason = _unsafe_reason(info)
        if base.lower().endswith(".zip") and not reason:
            reason = "nested archives are not opened; unpack it first"
        entries.append(ImportResult(display, "failed", error=reason) if reason else info)
    readable = sum(isinstance(e, zipfile.ZipInfo) for e in entries)
    opened = _OpenArchive(handle, zf, readable)
    if not readable:
        opened.close()
    for entry in entries:
        if isinstance(entry, ImportResult):
            yield entry
            continue
        display = f"{label}!{entry.filename}"
        yield Source(
            display=display,
            name=PurePosixPath(entry.filename.replace("\\", "/")).name,
            read=_reader(opened, entry),
            size=min(entry.file_size, MAX_MEMBER_BYTES),  # header sizes can lie; read() re-checks
            origin=display,
        )
