"""The library write lock across real processes, and the read-only second instance."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from briefing_app.core import startup
from briefing_app.core.errors import LibraryBusy, LibraryReadOnly
from briefing_app.core.lock import WriteLock
from briefing_app.core.workspace import Workspace

HOLDER = """
import sys, time
from briefing_app.core.lock import WriteLock
lock = WriteLock(sys.argv[1])
lock.acquire(timeout=5)
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Start a child process that takes the lock and keeps it; yields (proc, lock path)."""
    path = tmp_path / "lib" / ".write.lock"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    yield proc, path
    proc.kill()
    proc.wait()


def test_second_process_is_refused_while_writer_lives(holder):
    """While another process holds the lock, acquire times out with a plain LibraryBusy."""
    proc, path = holder
    lock = WriteLock(path)
    assert lock.owner() == proc.pid
    assert not lock.try_acquire()
    with pytest.raises(LibraryBusy, match=f"process {proc.pid}"):
        lock.acquire(timeout=0.2)


def test_lock_of_killed_process_is_taken_over(holder):
    """SIGKILL of the writer leaves its lock file; the next process takes it at once."""
    proc, path = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert path.exists()
    lock = WriteLock(path)
    assert lock.owner() is None
    lock.acquire(timeout=0.5)
    assert lock.held() and lock.owner() == os.getpid()
    lock.release()


def test_stale_file_with_dead_pid_is_taken_over(tmp_path):
    """A lock file naming a dead pid (no live kernel lock) does not block anyone."""
    path = tmp_path / ".write.lock"
    path.write_text("999999 elsewhere\n", encoding="ascii")
    lock = WriteLock(path)
    assert lock.owner() is None
    assert lock.try_acquire()
    lock.release()


def test_reused_pid_is_not_mistaken_for_the_owner(tmp_path):
    """A lock file naming a live but unrelated pid (our parent) is free."""
    path = tmp_path / ".write.lock"
    path.write_text(f"{os.getppid()} host\n", encoding="ascii")
    assert WriteLock(path).owner() is None
    assert WriteLock(path).try_acquire()


def test_reentrant_within_one_object(tmp_path):
    """Nested acquire/release keep the lock until the outermost release."""
    lock = WriteLock(tmp_path / ".write.lock")
    other = WriteLock(tmp_path / ".write.lock")
    with lock, lock:
        assert not other.try_acquire()
    assert other.try_acquire()
    other.release()


def test_many_processes_race_for_a_stale_lock(tmp_path):
    """Eight processes racing for one lock never hold it at the same time."""
    path = tmp_path / ".write.lock"
    log = tmp_path / "log"
    code = (
        "import sys,os,time;from briefing_app.core.lock import WriteLock\n"
        "lock=WriteLock(sys.argv[1])\n"
        "for _ in range(5):\n"
        "    lock.acquire(timeout=30)\n"
        "    with open(sys.argv[2],'a') as f: f.write('in\\n'); f.flush()\n"
        "    time.sleep(0.01)\n"
        "    with open(sys.argv[2],'a') as f: f.write('out\\n'); f.flush()\n"
        "    lock.release()\n"
    )
    path.write_text("999999 dead\n", encoding="ascii")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(log)]) for _ in range(8)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    lines = log.read_text().split()
    assert lines == ["in", "out"] * 40


def test_second_workspace_opens_read_only(tmp_path):
    """try_writer gives the first instance the lock and the second a read-only workspace."""
    first = Workspace.try_writer(tmp_path / "lib")
    second = Workspace.try_writer(tmp_path / "lib")
    try:
        assert not first.read_only and second.read_only
        assert second.writer_pid == os.getpid()
        with pytest.raises(LibraryReadOnly, match="read-only"):
            second.import_paths([tmp_path])
        assert second.ensure_seeded() == []
        half = second.library.articles_dir / "half-imported"
        half.mkdir(parents=True)
        startup.tidy(second)
        assert half.is_dir()  # may be another process's import in progress
    finally:
        first.close()
        second.close()
    third = Workspace.try_writer(tmp_path / "lib")
    assert not third.read_only
    third.close()


def test_read_only_against_another_process(holder, tmp_path):
    """A workspace whose library lock is held by another process is read-only, naming it."""
    proc, path = holder
    workspace = Workspace.try_writer(path.parent)
    assert workspace.read_only and workspace.writer_pid == proc.pid
