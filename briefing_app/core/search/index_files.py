"""The files of a committed index, by size and checksum: damage told apart from a bug.

An engine reading a damaged file fails with whatever its decoder trips over (Whoosh raises
struct, zlib, pickle, Unicode, type, index and plain `Exception` errors on damaged files), so
the kind of error cannot say whether the index is damaged or the code has a bug. What can:
after every commit the backend records each file of the index here; a search that fails is
then put down to damage only if a recorded file is missing or no longer what was written.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path

from briefing_app.core import atomicio

MANIFEST_NAME = "briefing-files.json"
_CHUNK = 1 << 20


def _checksum(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _read(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    entries = files.values()
    return files if all(isinstance(e, list) and len(e) == 3 for e in entries) else None


def record(folder: Path, skip: Callable[[str], bool]) -> None:
    """Note every file of `folder` but those `skip` names (locks, markers) as committed.

    A file recorded before with the same size and modification time keeps its checksum
    (an engine's segment files are written once): an update reads only what it wrote.
    """
    earlier = _read(folder) or {}
    files = {}
    for path in sorted(folder.iterdir()):
        if skip(path.name) or path.name == MANIFEST_NAME or not path.is_file():
            continue
        stat = path.stat()
        seen = earlier.get(path.name)
        if isinstance(seen, list) and seen[:2] == [stat.st_size, stat.st_mtime_ns]:
            files[path.name] = seen
        else:
            files[path.name] = [stat.st_size, stat.st_mtime_ns, _checksum(path)]
    atomicio.write_json(folder / MANIFEST_NAME, {"files": files})


def damage(folder: Path, *, deep: bool = True) -> str | None:
    """What differs from the last recorded commit ("…: missing", "…: changed"), or None.

    `deep` compares checksums; otherwise sizes and modification times only (a few stats:
    cheap enough for every opening, and it finds files deleted, cut short or rewritten, which
    Whoosh may read without an error, e.g. a missing length column scores differently).
    An index without a record (written before records were kept, or its record damaged)
    cannot be vouched for: that counts as damage when `deep` (after a failure), so it is
    rebuilt as before, and not otherwise.
    """
    files = _read(folder)
    if files is None:
        return f"{MANIFEST_NAME}: missing or unreadable" if deep else None
    for name, (size, mtime, crc) in files.items():
        path = folder / name
        try:
            stat = path.stat()
            same = stat.st_size == size and (
                _checksum(path) == crc if deep else stat.st_mtime_ns == mtime
            )
        except OSError:
            return f"{name}: missing or unreadable"
        if not same:
            return f"{name}: changed"
    return None
