"""A throwaway PostgreSQL cluster for the team-archive tests.

The cluster is made with the server binaries of Debian's `postgresql` package (initdb + pg_ctl),
listens only on a Unix socket in a temporary folder, trusts local connections, and is stopped and
deleted when the test session ends. PostgreSQL refuses to run as root, so under root the cluster
belongs to the unprivileged `nobody` user and the tests connect to it through its socket.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "briefing_admin"


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


def start_cluster(max_connections: int = 60) -> Cluster:
    """A running cluster; `max_connections` above the tests' 60 for a benchmark that opens
    many workspaces (each holds a few connections until it is collected)."""
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError(missing_reason())
    base = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
    os.chmod(base, 0o755)
    cluster = Cluster(bindir, base, "nobody" if os.geteuid() == 0 else None, max_connections)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return cluster
