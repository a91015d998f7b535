"""A cross-process write lock: a lock file holding the owner's pid.

One writer at a time; a lock whose process is gone is stale and taken over. Readers never
need it (records are replaced atomically).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from pathlib import Path

from briefing_app.core.errors import LibraryBusy


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class WriteLock:
    """Exclusive lock on a folder, re-entrant within one object."""

    def __init__(self, path: Path, *, purpose: str = "the library"):
        self.path = Path(path)
        self.purpose = purpose
        self._depth = 0

    def owner(self) -> int | None:
        """The pid holding the lock, or None when it is free or stale."""
        try:
            text = self.path.read_text(encoding="ascii").split()
            pid = int(text[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if _pid_alive(pid) else None

    def held(self) -> bool:
        return self._depth > 0

    def _try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if self.owner() is None and self._break_stale():
                return self._try_acquire()
            return False
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()} {socket.gethostname()}\n")
        return True

    def _break_stale(self) -> bool:
        # Rename first so two processes breaking the same stale lock cannot both win.
        grave = self.path.with_name(f"{self.path.name}.stale-{os.getpid()}")
        try:
            os.replace(self.path, grave)
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.unlink(grave)
        return True

    def acquire(self, timeout: float = 3.0) -> None:
        """Take the lock, waiting up to `timeout` seconds; raise LibraryBusy otherwise."""
        if self._depth:
            self._depth += 1
            return
        deadline = time.monotonic() + timeout
        while not self._try_acquire():
            if time.monotonic() >= deadline:
                pid = self.owner()
                who = f"process {pid}" if pid else "another process"
                raise LibraryBusy(
                    f"{self.purpose.capitalize()} is busy: {who} is writing to it. "
                    "Try again when it has finished."
                )
            time.sleep(0.05)
        self._depth = 1

    def release(self) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if self._depth == 0:
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
