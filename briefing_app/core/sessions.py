"""Which running process wrote a file meant to outlive it, and whether that process still runs.

Files a process leaves for later (recovery entries, the ledger of export temp files) carry the
writer's `Session`: a random id, the pid, the process start time and the boot id. Another
process asks `is_alive(session, folder)` to tell a crash's leftovers from a window still open.

- Where the OS has `flock`, the writer holds a kernel lock on `<folder>/<session id>.lock`
  for as long as it runs. The kernel drops it when the process dies however it dies, so a
  free lock means the writer is gone. This holds across pid namespaces (containers or
  Flatpak sandboxes that share the folder, each with its own pid 2) and whatever pid a
  restart gets.
- Without a lock file (no `flock`, or the file could not be made): a different boot id means
  a reboot ended the writer; a different session under our own pid is a dead one (a process
  has one session); otherwise the pid must be running with the start time recorded (Linux
  `/proc/<pid>/stat` field 22), so a pid reused by another program is not taken for the
  writer. Where the start time cannot be read, a running pid counts as the writer: its
  files are offered once that process ends, never thrown away.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_app.core.lock import pid_alive

try:
    import fcntl
except ImportError:  # Windows: the pid, start-time and boot-id checks decide alone
    fcntl = None

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
_SESSION_ID = re.compile(r"[0-9a-f]{8,64}")
BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def process_start(pid: int) -> str:
    """When a process started (Linux: field 22 of /proc/<pid>/stat), or "" when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    # The command name (field 2) may hold spaces or parentheses: split after its last ')'.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""  # fields[0] is field 3


def boot_id() -> str:
    """An id of the running boot of the machine (Linux), or "" when unknown."""
    try:
        return BOOT_ID_FILE.read_text(encoding="ascii").strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class Session:
    """One run of the app: a random id plus what the OS says about its process."""

    id: str
    pid: int
    pid_start: str = ""
    boot_id: str = ""

    def to_record(self) -> dict[str, Any]:
        """The fields stored in a file this session writes."""
        return {
            "session": self.id,
            "pid": self.pid,
            "pid_start": self.pid_start,
            "boot_id": self.boot_id,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Session:
        """The writer of a stored record (older records have no session id or boot id).

        A record is read, not trusted: an id that is not plain hex (it names a lock file)
        counts as none, and the pid, start time and boot id decide.
        """
        session_id = str(data.get("session") or "")
        return cls(
            id=session_id if _SESSION_ID.fullmatch(session_id) else "",
            pid=int(data["pid"]),
            pid_start=str(data.get("pid_start") or ""),
            boot_id=str(data.get("boot_id") or ""),
        )


_current: Session | None = None
_held: dict[Path, int] = {}  # lock files this process holds -> their descriptors
_warned: set[Path] = set()  # lock files we could not take (said once, retried each time)


def new_session(pid: int | None = None) -> Session:
    """A fresh session for `pid` (this process by default)."""
    pid = os.getpid() if pid is None else pid
    return Session(secrets.token_hex(8), pid, process_start(pid), boot_id())


def current() -> Session:
    """This process's session (a forked child gets its own)."""
    global _current
    if _current is None or _current.pid != os.getpid():
        _current = new_session()
    return _current


def lock_path(folder: Path, session_id: str) -> Path:
    """The lock file that vouches for a session in `folder`."""
    return Path(folder) / f"{session_id}{LOCK_SUFFIX}"


def hold(folder: Path | str, session: Session | None = None) -> bool:
    """Hold the session's lock in `folder` until `release` or the process ends.

    Returns False when it cannot (no flock, an unwritable folder); the session's files are
    then judged by pid, start time and boot id alone.
    """
    if fcntl is None:
        return False
    path = lock_path(Path(folder), (session or current()).id)
    if path in _held:
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _warn_once(path, f"Cannot make the lock folder {path.parent}: {exc}")
        return False
    # A probe takes the lock for an instant, and a tidy may unlink a file it found free
    # before we locked it: retry until the file on disk is the one we hold.
    for _attempt in range(50):
        try:
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            _warn_once(path, f"Cannot create the lock file {path}: {exc}")
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                _held[path] = fd
                return True
        except OSError:
            pass
        os.close(fd)
        time.sleep(0.005)
    _warn_once(path, f"Could not lock {path}; falling back to pid checks")
    with contextlib.suppress(OSError):
        path.unlink()  # a free lock file would make the session look dead
    return False


def _warn_once(path: Path, message: str) -> None:
    # hold() runs at every journal write: a folder that stays unwritable is said once.
    if path not in _warned:
        _warned.add(path)
        log.warning("%s", message)


def release(folder: Path | str, session: Session | None = None) -> None:
    """Stop vouching for the session in `folder` and remove its lock file (a clean end)."""
    path = lock_path(Path(folder), (session or current()).id)
    fd = _held.pop(path, None)
    if fd is None:
        return
    with contextlib.suppress(OSError):
        path.unlink()
    os.close(fd)  # closing drops the kernel lock


def _lock_free(path: Path) -> bool | None:
    """True when nobody holds the lock file, False when someone does, None when no file."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None  # a file system without locks: let the pid checks decide
    finally:
        os.close(fd)  # closing drops the probe's shared lock
    return True


def is_alive(session: Session, folder: Path | str, me: Session | None = None) -> bool:
    """True while the process of `session` may still be running (see the module notes)."""
    me = me or current()
    if session.id and session.id == me.id:
        return True
    if session.boot_id and me.boot_id and session.boot_id != me.boot_id:
        return False  # the machine restarted since
    if session.id:
        free = _lock_free(lock_path(Path(folder), session.id))
        if free is not None:
            return not free
    if session.pid == me.pid:
        return False  # our own pid, another session: a process has only one
    if not pid_alive(session.pid):
        return False
    start = process_start(session.pid)
    return not (session.pid_start and start and start != session.pid_start)


def tidy_locks(folder: Path | str, in_use: set[str]) -> list[Path]:
    """Remove free lock files of sessions that no record in `folder` names any more."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for path in folder.glob("*" + LOCK_SUFFIX):
        session_id = path.name[: -len(LOCK_SUFFIX)]
        if session_id in in_use or path in _held or not _lock_free(path):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
