"""Worker processes that end with the process that started them.

A pool's workers wait on their task queue for as long as they live; when the app that owns
the pool is killed (SIGKILL, the out-of-memory killer, a crash), nothing tells them, and they
stayed behind for good, holding memory (the forkserver itself ends when its owner's end of
their pipe closes). Each worker
therefore watches its owner through a pidfd (no mix-up with a later process given the same
pid) and exits the moment the owner is gone.

A pool's workers may also never start: each one first runs the caller's main script again,
so a script without the `if __name__ == "__main__":` guard kills every worker, or blocks it on
a lock the caller holds. `workers_run` asks a fresh pool for a first answer before any work is
handed to it (`started_pool`), so the caller can do the work itself instead.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool

# How long a fresh pool's first answer may take (a worker's start on a loaded machine takes
# seconds); a worker that has not answered by then is taken as one that cannot start.
START_SECONDS = 60.0


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


def started_pool(
    make_pool: Callable[[], Executor], timeout: float | None = None
) -> Executor | None:
    """A pool from `make_pool()` once one of its workers has answered a first call within
    `timeout` seconds (START_SECONDS); None when none does, its workers ended.

    Workers that hang (blocked on a lock the caller holds) are terminated: shutting the pool
    down would wait for them. They are told apart as the children this process started
    meanwhile, so another pool started at the same moment could lose a worker; that pool
    takes it as any worker's death."""
    before = set(multiprocessing.active_children())
    pool = make_pool()
    if workers_run(pool, START_SECONDS if timeout is None else timeout):
        return pool
    for child in set(multiprocessing.active_children()) - before:
        child.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
    return None


def workers_run(pool: Executor, timeout: float) -> bool:
    """True when a worker of `pool` answers a first call within `timeout` seconds."""
    try:
        return pool.submit(os.getpid).result(timeout=timeout) > 0
    except (BrokenProcessPool, TimeoutError):
        return False
