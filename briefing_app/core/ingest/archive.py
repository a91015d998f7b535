"""Zip archives: each member is imported like a file, read in memory, never extracted.

Zip bombs are stopped by counting bytes while inflating (headers can lie), with caps on
each member, on the archive's total, on the compression ratio and on the member count.
Members with absolute paths, `..` components or symlink modes are refused by name.
"""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

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
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04" and "." not in name
    except OSError:
        return False


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


def _inflate(archive_path: Path, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A member's bytes, counted while inflating: sizes in the headers can lie."""
    # The compressed size cannot exceed the archive itself, whatever the header claims.
    compressed = max(min(info.compress_size, archive_path.stat().st_size), 1)
    chunks, size = [], 0
    with zipfile.ZipFile(archive_path) as zf, zf.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            budget.total += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise IngestError(
                    f"larger than {MAX_MEMBER_BYTES // (1024 * 1024)} MB when inflated"
                )
            if budget.total > MAX_TOTAL_BYTES:
                raise IngestError("archive inflates to too much data (zip bomb?)")
            if size > RATIO_FLOOR and size > MAX_RATIO * compressed:
                raise IngestError("compression ratio too high (zip bomb?)")
            chunks.append(chunk)
    return b"".join(chunks)


def _reader(archive_path: Path, info: zipfile.ZipInfo, budget: _Budget):
    def read() -> bytes:
        try:
            return _inflate(archive_path, info, budget)
        except _MEMBER_ERRORS as exc:
            raise IngestError(f"damaged or unsupported archive member ({exc})") from exc

    return read


def iter_members(archive_path: Path) -> Iterator[Source | ImportResult]:
    """Sources for the importable members of a zip, failures for unsafe ones."""
    label = str(archive_path)
    try:
        with zipfile.ZipFile(archive_path) as zf:
            infos = zf.infolist()
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
    files = [i for i in infos if not i.is_dir()]
    if len(files) > MAX_MEMBERS:
        yield ImportResult(
            label, "failed", error=f"archive has {len(files)} members (limit {MAX_MEMBERS})"
        )
        return
    budget = _Budget()
    for info in files:
        display = f"{label}!{info.filename}"
        base = PurePosixPath(info.filename.replace("\\", "/")).name
        if base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        reason = _unsafe_reason(info)
        if reason:
            yield ImportResult(display, "failed", error=reason)
            continue
        if base.lower().endswith(".zip"):
            yield ImportResult(
                display, "failed", error="nested archives are not opened; unpack it first"
            )
            continue
        yield Source(
            display=display,
            name=base,
            read=_reader(archive_path, info, budget),
            size=min(info.file_size, MAX_MEMBER_BYTES),  # header sizes can lie; read() re-checks
            origin=display,
        )
