"""Temp files an export makes beside the user's output, and removing them after a kill.

An export writes beside the file it will replace: pandoc's output
(`.<name>.writing.<ext>`) and the atomic replace's own temp file
(`.~briefing-<name>.p<pid>-XXXXXXXX.tmp`). A kill leaves them in the user's folder, which
the app must never sweep by pattern alone. So before an export writes anything, its output
paths and the writing session are recorded in the state folder (`exports/`); the record
goes when the export ends, however it ends. At the next start, and before every export
(the command line has no start), each record of a session that is gone is replayed: the
temp names derived from its outputs (for the atomic write's temp: with the dead writer's
pid) are removed where they are regular files, then the record itself. An output that a
live export names too is left alone until that export is over.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

from briefing_app import paths
from briefing_app.core import atomicio, sessions
from briefing_app.core.errors import BriefingError
from briefing_app.core.sessions import Session

log = logging.getLogger(__name__)

WRITING_TAGS = ("docx", "odt", "md")  # pandoc's output files (PDFs are laid out in memory)
RECORD_SUFFIX = ".json"


def ledger_dir() -> Path:
    """Where running exports record their outputs."""
    return paths.state_dir() / "exports"


def temp_path(out_path: Path, tag: str) -> Path:
    """The hidden file beside `out_path` that pandoc writes before it is read back."""
    return out_path.with_name(f".{out_path.name}.writing.{tag}")


def _targets(outputs: list[Path]) -> list[str]:
    found = []
    for out in outputs:
        out = Path(out).absolute()
        found.append(str(out))
        with contextlib.suppress(OSError, RuntimeError):
            resolved = out.resolve()  # an atomic write through a symlink writes beside its target
            if resolved != out:
                found.append(str(resolved))
    return found


@contextlib.contextmanager
def recorded(*outputs: Path, folder: Path | None = None) -> Iterator[None]:
    """Keep a record of `outputs` while the block writes them (see the module notes)."""
    folder = folder or ledger_dir()
    session = sessions.current()
    record = folder / f"{session.id}-{secrets.token_hex(6)}{RECORD_SUFFIX}"
    try:
        sessions.hold(folder, session)
        atomicio.write_json(record, {**session.to_record(), "targets": _targets(list(outputs))})
    except (BriefingError, OSError) as exc:
        # The export itself must not fail for this: its leftovers just go untracked.
        log.warning("Could not record the export in %s: %s", folder, exc)
        record = None
    try:
        yield
    finally:
        if record is not None:
            with contextlib.suppress(OSError):
                record.unlink()


def _load(record: Path) -> tuple[Session, list[Path]] | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return Session.from_record(data), [Path(t) for t in data["targets"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("Ignoring an unreadable export record %s: %s", record, exc)
        return None


def leftovers_of(target: Path, pid: int) -> list[Path]:
    """The temp files an export to `target` by process `pid` may have left, if present."""
    found = [temp_path(target, tag) for tag in WRITING_TAGS]
    prefix = f"{atomicio.TEMP_PREFIX}{target.name[:80]}.p{pid}-"
    with contextlib.suppress(OSError):
        found += [
            p
            for p in target.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(atomicio.TEMP_SUFFIX)
        ]
    return [p for p in found if p.is_file() and not p.is_symlink()]


def tidy(folder: Path | None = None) -> list[Path]:
    """Remove what killed exports left beside their outputs; return what was removed."""
    folder = folder or ledger_dir()
    if not folder.is_dir():
        return []
    loaded = {}
    for record in sorted(folder.glob("*" + RECORD_SUFFIX)):
        entry = _load(record)
        if entry is not None:
            loaded[record] = entry
    live = {
        target
        for session, targets in loaded.values()
        if sessions.is_alive(session, folder)
        for target in targets
    }
    removed: list[Path] = []
    for record, (session, targets) in loaded.items():
        if sessions.is_alive(session, folder):
            continue
        busy = [target for target in targets if target in live]
        for target in targets:
            if target in busy:
                continue  # another window is exporting to the same file right now
            for leftover in leftovers_of(target, session.pid):
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    removed.append(leftover)
        if not busy:  # otherwise kept for a later tidy, when that export is over
            with contextlib.suppress(OSError):
                record.unlink()
    still_recorded = {session.id for record, (session, _) in loaded.items() if record.exists()}
    with contextlib.suppress(OSError):
        sessions.tidy_locks(folder, still_recorded)
    if removed:
        log.info("Removed %d leftovers of an interrupted export.", len(removed))
    return removed
