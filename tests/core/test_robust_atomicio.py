"""Atomic writes: temp file, fsync, replace; orphans of dead writers cleaned at start."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from briefing_app import paths
from briefing_app.core import atomicio, startup
from briefing_app.core.atomicio import SaveError


def _dead_pid() -> int:
    """The pid of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_write_replaces_and_keeps_mode(tmp_path):
    """A rewrite keeps the file's permissions and leaves no temp file."""
    path = tmp_path / "a.json"
    atomicio.write_json(path, {"x": 1})
    path.chmod(0o600)
    atomicio.write_json(path, {"x": 2})
    assert path.read_text(encoding="utf-8") == '{\n "x": 2\n}\n'
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["a.json"]


def test_a_new_file_gets_the_permissions_the_umask_leaves(tmp_path):
    """A new file is readable and writable as the umask allows (not a temp file's 0o600);
    a mode asked for is set as it is."""
    before = os.umask(0o027)
    try:
        atomicio.write_text(tmp_path / "new.md", "x")
        atomicio.write_bytes(tmp_path / "private", b"x", mode=0o600)
    finally:
        os.umask(before)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600


def test_symlink_target_is_written(tmp_path):
    """Saving through a symlink updates the real file and keeps the link."""
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomicio.write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_long_name_fits(tmp_path):
    """A 250-character file name still gets a temp name the file system accepts."""
    path = tmp_path / ("n" * 250)
    atomicio.write_text(path, "ok")
    assert path.read_text(encoding="utf-8") == "ok"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES, errno.EROFS])
@pytest.mark.parametrize("target", ["write", "fsync", "replace", "open"])
def test_failures_leave_old_file_and_no_temp(tmp_path, monkeypatch, code, target):
    """Any failing step raises SaveError with a plain reason; the old file is untouched."""
    path = tmp_path / "brief.md"
    path.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomicio.os, target, fail)
    with pytest.raises(SaveError) as info:
        atomicio.write_text(path, "new")
    monkeypatch.undo()
    assert atomicio.describe_os_error(OSError(code, "")) in str(info.value)
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["brief.md"]


def test_partial_writes_are_completed(tmp_path, monkeypatch):
    """os.write writing a few bytes at a time still produces the whole file."""
    real_write = os.write
    monkeypatch.setattr(atomicio.os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    atomicio.write_bytes(tmp_path / "f", b"0123456789" * 10)
    assert (tmp_path / "f").read_bytes() == b"0123456789" * 10


def test_clean_orphans_spares_live_writers(tmp_path):
    """Temp files of dead (or unknown) writers go; those of a live process stay."""
    dead = tmp_path / f".~briefing-a.md.p{_dead_pid()}-abc123.tmp"
    legacy = tmp_path / "sub" / ".~briefing-b.json.xyz.tmp"
    live = tmp_path / f".~briefing-c.md.p{os.getpid()}-def456.tmp"
    other = tmp_path / ".~briefing-notes.txt"  # not ours: wrong suffix
    for f in (dead, legacy, live, other):
        f.parent.mkdir(exist_ok=True)
        f.write_text("x")
    removed = atomicio.clean_orphans(tmp_path)
    assert sorted(removed) == sorted([dead, legacy])
    assert live.exists() and other.exists()


def test_tidy_cleans_settings_recovery_and_library(workspace):
    """startup.tidy removes orphans in config, recovery and the library, and half imports."""
    dead = _dead_pid()
    orphans = [
        paths.config_dir() / f".~briefing-settings.json.p{dead}-aa.tmp",
        paths.recovery_dir() / f".~briefing-1-x.json.p{dead}-bb.tmp",
        workspace.library.articles_dir / "abc" / f".~briefing-article.json.p{dead}-cc.tmp",
    ]
    for orphan in orphans:
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_text("torn")
    removed = startup.tidy(workspace)
    assert not any(o.exists() for o in orphans)
    assert not (workspace.library.articles_dir / "abc").exists()  # a folder with no record
    assert set(orphans) <= set(removed)
