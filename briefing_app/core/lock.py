"""A cross-process write lock: one writer per library at a time.

The lock file holds the owner's pid (for messages). Where the OS has `flock` the lock itself
is a kernel lock on that file: it vanishes when its process dies, however it dies, so a
stale lock of a dead process is taken over without any guessing, and two processes breaking
the same stale lock cannot both win. The file is never deleted: unlinking a locked file
would let a waiter lock an orphaned inode while a newcomer locks a fresh one.

Elsewhere (Windows) it falls back to an exclusive-create lock file whose dead owner's lock
is renamed away. Readers never need the lock: records are replaced atomically.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import time
from pathlib import Path

from briefing_app.core.errors import LibraryBusy, LibraryError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is read-only",
    errno.EIO: "an input/output error occurred",
}


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (ours or anyone's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


class WriteLock:
    """Exclusive lock on a folder, re-entrant within one object."""

    def __init__(self, path: Path, *, purpose: str = "the library"):
        self.path = Path(path)
        self.purpose = purpose
        self._depth = 0
        self._fd: int | None = None

    def owner(self) -> int | None:
        """The pid recorded as holding the lock, or None when it is free or stale."""
        if self._depth:
            return os.getpid()
        try:
            text = self.path.read_text(encoding="ascii").split()
            pid = int(text[0])
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            return None
        if not pid_alive(pid):
            return None
        if fcntl is not None and self._is_free():
            return None  # the pid was reused by an unrelated process
        return pid

    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._depth > 0

    def _is_free(self) -> bool:
        """Probe the kernel lock without keeping it."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return False
        finally:
            os.close(fd)  # closing drops the probe's shared lock
        return True

    def _try_acquire(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if fcntl is None:
                return self._try_acquire_exclusive_create()
            fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            reason = _REASONS.get(exc.errno, exc.strerror or str(exc))
            raise LibraryError(f"Cannot write to {self.path.parent}: {reason}.") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        # The pid is only for messages: a full disk must not stop us holding the lock.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode("ascii", "replace"))
        self._fd = fd
        return True

    def _try_acquire_exclusive_create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if self.owner() is None and self._break_stale():
                return self._try_acquire_exclusive_create()
            return False
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()} {socket.gethostname()}\n")
        return True

    def _break_stale(self) -> bool:
        grave = self.path.with_name(f"{self.path.name}.stale-{os.getpid()}")
        try:
            os.replace(self.path, grave)
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.unlink(grave)
        return True

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now; never wait."""
        if self._depth:
            self._depth += 1
            return True
        if not self._try_acquire():
            return False
        self._depth = 1
        return True

    def acquire(self, timeout: float = 3.0) -> None:
        """Take the lock, waiting up to `timeout` seconds; raise LibraryBusy otherwise."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                pid = self.owner()
                who = f"process {pid}" if pid else "another process"
                raise LibraryBusy(
                    f"{self.purpose.capitalize()} is busy: {who} is writing to it. "
                    "Try again when it has finished."
                )
            time.sleep(0.05)

    def release(self) -> None:
        """Give the lock back once every acquire has been matched."""
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            return
        if self._fd is None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing releases the kernel lock
        self._fd = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
