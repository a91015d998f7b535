"""A throwaway PostgreSQL cluster for the team-archive tests.

The cluster is made with the server binaries of Debian's `postgresql` package (initdb + pg_ctl),
listens only on a Unix socket in a temporary folder, trusts local connections, and is stopped and
deleted when the test session ends. PostgreSQL refuses to run as root, so under root the cluster
belongs to the unprivileged `nobody` user and the tests connect to it through its socket.

A session killed hard (SIGKILL, a crashed interpreter) never reaches that end, and its server
would run on. So each cluster's folder holds `owner.json` — the pid of the test process that
made it and that process's start time (a pid alone may be reused) — and every new session first
stops and deletes the clusters whose owner is gone (`stop_stale_clusters`). Clusters of sessions
still running, and folders without an owner file, are left alone.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "briefing_admin"
PREFIX = "briefing-pg-"
OWNER_FILE = "owner.json"


def server_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when the server is not installed."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def missing_reason() -> str | None:
    """Why the cluster cannot start here, or None when it can."""
    if server_bindir() is None:
        return (
            "the PostgreSQL server binaries (Debian package 'postgresql') are not installed; "
            "`make test` installs them when run as root"
        )
    return None


@dataclass
class Cluster:
    bindir: Path
    base: Path  # owns data/ and socket/
    owner: str | None  # the unprivileged user the server runs as (None: ourselves)
    max_connections: int = 60

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "socket"

    def _run(self, *argv: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if self.owner:
            command = [
                "setpriv",
                f"--reuid={self.owner}",
                f"--regid={self.owner_gid}",
                "--clear-groups",
                *command,
            ]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"},
        )

    @property
    def owner_gid(self) -> int:
        return pwd.getpwnam(self.owner).pw_gid if self.owner else os.getgid()

    def start(self) -> None:
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        self.socket_dir.mkdir()
        if self.owner:
            os.chown(self.socket_dir, entry.pw_uid, entry.pw_gid)
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        options = (
            f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off "
            f"-c max_connections={self.max_connections}"
        )
        done = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.base / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        if done.returncode:
            log = self.base / "server.log"
            raise RuntimeError(
                f"pg_ctl start failed: {done.stderr}\n{log.read_text() if log.exists() else ''}"
            )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq URL reaching `database` through the cluster's socket."""
        return f"postgresql://{user}@/{database}?host={quote(str(self.socket_dir), safe='')}"


def process_start(pid: int) -> str | None:
    """When the process `pid` started (clock ticks since boot, from /proc), "" where /proc is
    missing, None when there is no such process. With the pid it names one process even after
    the pid is reused."""
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return ""
        return ""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command's name


def _stale_owner(base: Path) -> dict | None:
    """The owner file of a cluster folder this user made whose test session is gone, or None
    (not ours, not stale, or its owner still writing the file: leave it)."""
    try:
        owner = json.loads((base / OWNER_FILE).read_text())
        pid, started = int(owner["pid"]), str(owner["started"])
        # Made by this user, or handed by root to `nobody` (`Cluster` does): another user's
        # owner file is not ours to trust.
        ours = {os.geteuid()} | ({pwd.getpwnam("nobody").pw_uid} if os.geteuid() == 0 else set())
        if base.stat().st_uid not in ours or owner.get("user") not in (None, "nobody"):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = process_start(pid)
    gone = now is None or (started != "" and now != "" and now != started)
    return owner if gone else None


def stop_stale_clusters(root: Path | None = None) -> list[Path]:
    """Stop and delete the clusters under `root` (the temporary folder) whose test session is
    gone; the folders removed."""
    root = Path(root or tempfile.gettempdir())
    bindir = server_bindir()
    stopped = []
    for base in sorted(root.glob(f"{PREFIX}*")):
        owner = _stale_owner(base) if base.is_dir() else None
        if owner is None:
            continue
        if bindir is not None and (base / "data" / "postmaster.pid").exists():
            Cluster(bindir, base, owner.get("user")).stop()
        shutil.rmtree(base, ignore_errors=True)  # stop() removes it too; not without a server
        stopped.append(base)
    return stopped


def start_cluster(root: Path | None = None, *, max_connections: int = 60) -> Cluster:
    """A new cluster in a folder under `root` (the temporary folder), once the clusters left
    there by sessions that died are stopped; `max_connections` above the tests' 60 for a
    benchmark that opens many workspaces (each holds a few connections until collected)."""
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError(missing_reason())
    stop_stale_clusters(root)
    base = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
    os.chmod(base, 0o755)
    owner = "nobody" if os.geteuid() == 0 else None
    (base / OWNER_FILE).write_text(
        json.dumps({"pid": os.getpid(), "started": process_start(os.getpid()), "user": owner})
    )
    cluster = Cluster(bindir, base, owner, max_connections)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return cluster
