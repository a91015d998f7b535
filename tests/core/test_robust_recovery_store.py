"""The recovery journal: entries per document, offered only after their process died."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys

import pytest

from briefing_app import paths
from briefing_app.core import sessions
from briefing_app.core.recovery import RecoveryStore, digest_file


def _dead_pid() -> int:
    """A pid that belonged to a process which has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _orphan(folder, doc_id: str, text: str, path=None, digest=None, *, pid=None):
    """Journal an entry as an earlier run of the app that has died (by default a dead pid)."""
    session = sessions.new_session(_dead_pid() if pid is None else pid)
    crashed = RecoveryStore(folder, session=session)
    file = crashed.journal(doc_id, text, path=path, base_digest=digest)
    crashed.close()  # what the kernel does to a killed process's lock
    return file


def test_default_folder_is_the_recovery_dir():
    """Without a folder the store uses paths.recovery_dir()."""
    assert RecoveryStore().folder == paths.recovery_dir()


def test_own_entries_are_not_offered(tmp_path):
    """Entries of the live process (this one) are never pending."""
    store = RecoveryStore(tmp_path / "rec")
    store.journal("untitled-1", "draft", path=None, base_digest=None)
    assert store.has("untitled-1")
    assert store.pending() == []


def test_dead_process_entries_are_offered_with_path_and_digest(tmp_path):
    """An entry of a dead pid is pending and keeps path, digest and text."""
    brief = tmp_path / "memo.md"
    brief.write_text("old\n", encoding="utf-8")
    store = RecoveryStore(tmp_path / "rec")
    _orphan(store.folder, "doc-a", "old\nnew line\n", path=brief, digest=digest_file(brief))
    _orphan(store.folder, "untitled-2", "only in memory", path=None, digest=None)
    pending = store.pending()
    assert sorted(e.doc_id for e in pending) == ["doc-a", "untitled-2"]
    entry = next(e for e in pending if e.doc_id == "doc-a")
    assert entry.path == brief.resolve() and entry.text == "old\nnew line\n"
    assert not entry.disk_changed()
    brief.write_text("edited elsewhere\n", encoding="utf-8")
    assert entry.disk_changed()
    untitled = next(e for e in pending if e.doc_id == "untitled-2")
    assert untitled.title == "Untitled brief" and not untitled.disk_changed()


def test_diff_against_disk(tmp_path):
    """diff() shows the lines the journal adds to the file on disk."""
    brief = tmp_path / "memo.md"
    brief.write_text("line one\nline two\n", encoding="utf-8")
    store = RecoveryStore(tmp_path / "rec")
    _orphan(store.folder, "doc", "line one\nline 2\n", path=brief, digest=digest_file(brief))
    (entry,) = store.pending()
    diff = store.diff(entry)
    assert "-line two\n" in diff and "+line 2\n" in diff
    brief.unlink()
    assert "missing on disk" in store.diff(entry)


def test_discard_and_discard_all(tmp_path):
    """discard removes one entry (by id or entry), discard_all every one of ours."""
    store = RecoveryStore(tmp_path / "rec")
    store.journal("a", "1", path=None, base_digest=None)
    store.journal("b", "2", path=None, base_digest=None)
    dead = _orphan(store.folder, "c", "3")
    store.discard("a")
    assert not store.has("a") and store.has("b")
    store.discard_all()
    assert not store.has("b") and dead.exists()
    (entry,) = store.pending()
    store.discard(entry)
    assert store.pending() == []
    assert [f.name for f in store.folder.iterdir()] == [f"{store.session.id}.lock"]
    store.close()  # a clean end removes this session's lock file too
    assert not any(store.folder.iterdir())


def test_journal_overwrites_and_damaged_entries_are_skipped(tmp_path):
    """Re-journalling replaces the entry; a damaged file is ignored, not fatal."""
    store = RecoveryStore(tmp_path / "rec")
    store.journal("a", "first", path=None, base_digest=None)
    store.journal("a", "second", path=None, base_digest=None)
    assert len(list(store.folder.glob("*.json"))) == 1
    (store.folder / "999999-junk.json").write_text("{not json", encoding="utf-8")
    _orphan(store.folder, "z", "kept")
    assert [e.text for e in store.pending()] == ["kept"]


@contextlib.contextmanager
def _running_writer(folder, then: str = ""):
    """A child that journals "t", runs `then`, prints its session id and waits; killed after."""
    code = (
        "import time;from briefing_app.core.recovery import RecoveryStore;"
        f"s=RecoveryStore({str(folder)!r});s.journal('x','t',path=None,base_digest=None);"
        f"{then}print(s.session.id,flush=True);time.sleep(30)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.kill()  # SIGKILL: no clean exit, the kernel drops the session lock
        proc.wait()
        proc.stdout.close()


def test_live_other_process_is_not_offered(tmp_path):
    """An entry written by another process that is still running is not pending."""
    folder = tmp_path / "rec"
    with _running_writer(folder) as session_id:
        assert session_id
        assert RecoveryStore(folder).pending() == []
    assert [e.text for e in RecoveryStore(folder).pending()] == ["t"]


def test_a_restart_under_the_same_pid_is_offered(tmp_path):
    """A crashed run that had our pid (a container, a sandbox, a reboot) is still offered."""
    folder = tmp_path / "rec"
    _orphan(folder, "doc", "typed before the crash", pid=os.getpid())
    store = RecoveryStore(folder)
    assert [e.text for e in store.pending()] == ["typed before the crash"]
    store.discard_all()  # a clean exit of this run forgets only its own entries
    assert [e.text for e in store.pending()] == ["typed before the crash"]


def test_a_held_session_lock_keeps_a_same_pid_window_alive(tmp_path):
    """Another sandbox with our pid is alive while its lock is held; its text is not offered."""
    folder = tmp_path / "rec"
    neighbour = RecoveryStore(folder, session=sessions.new_session(os.getpid()))
    neighbour.journal("doc", "still being typed", path=None, base_digest=None)
    assert RecoveryStore(folder).pending() == []
    neighbour.close()  # the neighbour dies: the kernel drops its lock
    assert [e.text for e in RecoveryStore(folder).pending()] == ["still being typed"]


def _entry_without_lock(folder, session: sessions.Session, text: str) -> None:
    """An entry as written where no lock file exists (no flock, or an older version)."""
    store = RecoveryStore(folder, session=session)
    store.journal("doc", text, path=None, base_digest=None)
    store.close()
    assert not sessions.lock_path(folder, session.id).exists()


def test_without_a_lock_the_pid_and_its_start_time_decide(tmp_path):
    """No lock file: a live pid with its own start time is alive; another start time is not."""
    folder = tmp_path / "rec"
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = sessions.new_session(proc.pid)
        assert live.pid_start, "this test needs /proc (Linux)"
        _entry_without_lock(folder, live, "live")
        reused = sessions.Session("feedbeef", proc.pid, str(int(live.pid_start) - 1), live.boot_id)
        _entry_without_lock(folder, reused, "reused pid")
        assert [e.text for e in RecoveryStore(folder).pending()] == ["reused pid"]
    finally:
        proc.kill()
        proc.wait()
    assert sorted(e.text for e in RecoveryStore(folder).pending()) == ["live", "reused pid"]


def test_an_earlier_boot_is_offered_even_if_its_pid_runs_again(tmp_path):
    """The boot id tells a session of an earlier boot from a process that has its pid now."""
    me = sessions.current()
    if not me.boot_id:
        pytest.skip("the boot id is only known on Linux")
    folder = tmp_path / "rec"
    before_reboot = sessions.Session("0123abcd", me.pid, me.pid_start, "an-earlier-boot")
    _entry_without_lock(folder, before_reboot, "before the reboot")
    assert [e.text for e in RecoveryStore(folder).pending()] == ["before the reboot"]


def test_a_format_1_entry_of_our_pid_is_offered(tmp_path):
    """An entry of the earlier format (named by pid, no session) is offered, not skipped."""
    folder = tmp_path / "rec"
    folder.mkdir()
    record = {"format": 1, "doc_id": "d", "path": None, "base_digest": None}
    record |= {"pid": os.getpid(), "pid_start": "", "saved_at": 1.0, "text": "old format"}
    (folder / f"{os.getpid()}-0123456789abcdef0123.json").write_text(json.dumps(record))
    assert [e.text for e in RecoveryStore(folder).pending()] == ["old format"]


def test_lock_files_of_ended_sessions_are_tidied(tmp_path):
    """A killed run that left no entry leaves a free lock file; the next look removes it."""
    folder = tmp_path / "rec"
    with _running_writer(folder, then="s.discard('x');") as session_id:
        lock = sessions.lock_path(folder, session_id)
        RecoveryStore(folder).pending()
        assert lock.exists(), "the lock of a running session was removed"
    assert lock.exists()
    RecoveryStore(folder).pending()
    assert not lock.exists()


def test_a_tampered_session_id_is_not_used_as_a_path(tmp_path):
    """An entry's session id names a lock file: one that is not plain hex counts as none."""
    folder = tmp_path / "rec"
    folder.mkdir()
    (tmp_path / "evil.lock").write_text("")
    record = {"format": 2, "doc_id": "d", "path": None, "base_digest": None, "saved_at": 1.0}
    record |= {"session": "../evil", "pid": os.getpid(), "text": "tampered"}
    (folder / "x-0123456789abcdef0123.json").write_text(json.dumps(record))
    [entry] = RecoveryStore(folder).pending()
    assert entry.session.id == "" and entry.text == "tampered"
