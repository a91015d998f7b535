"""The throwaway PostgreSQL cluster of a test session that was killed hard is stopped and
deleted by the next session; clusters of sessions still running are left alone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests import pg_cluster as clusters

ROOT = Path(__file__).resolve().parents[3]

# A test session in miniature: it starts a cluster under the folder given, says where, and
# waits to be killed.
SESSION = """
import sys
from pathlib import Path
from tests.pg_cluster import start_cluster
cluster = start_cluster(Path(sys.argv[1]))
print(cluster.base, flush=True)
sys.stdin.read()
"""


@pytest.fixture
def temp_root():
    """A temporary folder the cluster's unprivileged owner can pass through (pytest's own
    tmp_path is private to this user)."""
    root = Path(tempfile.mkdtemp(prefix="briefing-pg-root-"))
    os.chmod(root, 0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _server_pid(base: Path) -> int:
    return int((base / "data" / "postmaster.pid").read_text().split()[0])


def _running(pid: int) -> bool:
    state = clusters.process_start(pid)
    if state is None:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_killed_sessions_cluster_is_stopped_by_the_next(temp_root):
    if clusters.missing_reason():
        pytest.skip(clusters.missing_reason())
    session = subprocess.Popen(
        [sys.executable, "-c", SESSION, str(temp_root)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base = Path(session.stdout.readline().strip())
    finally:
        session.send_signal(signal.SIGKILL)  # no teardown runs: the server is left behind
        session.wait()
    server = _server_pid(base)
    assert _running(server), "the killed session's server should still be running"
    owner = json.loads((base / clusters.OWNER_FILE).read_text())
    assert owner["pid"] == session.pid

    assert clusters.stop_stale_clusters(temp_root) == [base]
    assert not base.exists()
    deadline = time.monotonic() + 30
    while _running(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(server)


def test_clusters_of_live_sessions_and_foreign_folders_are_left_alone(temp_root):
    live = temp_root / f"{clusters.PREFIX}live"
    live.mkdir()
    me = {"pid": os.getpid(), "started": clusters.process_start(os.getpid()), "user": None}
    (live / clusters.OWNER_FILE).write_text(json.dumps(me))
    foreign = temp_root / f"{clusters.PREFIX}foreign"  # no owner file: not ours to judge
    foreign.mkdir()
    reused = temp_root / f"{clusters.PREFIX}reused"  # our pid, another process's start time
    reused.mkdir()
    (reused / clusters.OWNER_FILE).write_text(json.dumps({**me, "started": "1"}))
    gone = temp_root / f"{clusters.PREFIX}gone"  # a session that ended before a server started
    gone.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    (gone / clusters.OWNER_FILE).write_text(
        json.dumps({"pid": int(dead.stdout), "started": "1", "user": None})
    )
    assert clusters.stop_stale_clusters(temp_root) == [gone, reused]
    assert live.is_dir() and foreign.is_dir()


def test_the_sessions_own_cluster_names_this_process(pg_cluster):
    owner = json.loads((pg_cluster.base / clusters.OWNER_FILE).read_text())
    assert owner["pid"] == os.getpid()
    assert owner["started"] == clusters.process_start(os.getpid())
    assert pg_cluster.base not in clusters.stop_stale_clusters(pg_cluster.base.parent)
    assert pg_cluster.base.is_dir()
