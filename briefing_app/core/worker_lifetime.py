"""Worker processes that end with the process that started them.

A pool's workers wait on their task queue for as long as they live; when the app that owns
the pool is killed (SIGKILL, the out-of-memory killer, a crash), nothing tells them, and they
stayed behind for good, holding memory (the forkserver itself ends when its owner's end of
their pipe closes). Each worker
therefore watches its owner through a pidfd (no mix-up with a later process given the same
pid) and exits the moment the owner is gone.
"""

from __future__ import annotations

import os
import select
import threading
import time


def exit_with(owner_pid: int) -> None:
    """Pool initializer: end this worker when the process `owner_pid` ends."""
    threading.Thread(target=_watch, args=(owner_pid,), name="owner-watch", daemon=True).start()


def _watch(owner_pid: int) -> None:
    try:
        pidfd = os.pidfd_open(owner_pid)
    except ProcessLookupError:
        os._exit(0)  # the owner died before this worker started
    except (AttributeError, OSError):  # no pidfd on this system: look every second instead
        while _alive(owner_pid):
            time.sleep(1.0)
        os._exit(0)
    select.select([pidfd], [], [])  # readable once the owner has exited
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it runs, as another user
    return True
