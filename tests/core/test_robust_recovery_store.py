"""The recovery journal: entries per document, offered only after their process died."""

from __future__ import annotations

import json
import subprocess
import sys

from briefing_app import paths
from briefing_app.core.recovery import RecoveryStore, digest_file


def _dead_pid() -> int:
    """A pid that belonged to a process which has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _orphan(store: RecoveryStore, doc_id: str, text: str, path=None, digest=None):
    """Journal an entry, then make it look as if a dead process wrote it."""
    file = store.journal(doc_id, text, path=path, base_digest=digest)
    record = json.loads(file.read_text(encoding="utf-8"))
    record["pid"] = _dead_pid()
    dead = file.with_name(f"{record['pid']}-{file.name.split('-', 1)[1]}")
    dead.write_text(json.dumps(record), encoding="utf-8")
    file.unlink()
    return dead


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
    _orphan(store, "doc-a", "old\nnew line\n", path=brief, digest=digest_file(brief))
    _orphan(store, "untitled-2", "only in memory", path=None, digest=None)
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
    _orphan(store, "doc", "line one\nline 2\n", path=brief, digest=digest_file(brief))
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
    dead = _orphan(store, "c", "3")
    store.discard("a")
    assert not store.has("a") and store.has("b")
    store.discard_all()
    assert not store.has("b") and dead.exists()
    (entry,) = store.pending()
    store.discard(entry)
    assert store.pending() == [] and not any(store.folder.iterdir())


def test_journal_overwrites_and_damaged_entries_are_skipped(tmp_path):
    """Re-journalling replaces the entry; a damaged file is ignored, not fatal."""
    store = RecoveryStore(tmp_path / "rec")
    store.journal("a", "first", path=None, base_digest=None)
    store.journal("a", "second", path=None, base_digest=None)
    assert len(list(store.folder.glob("*.json"))) == 1
    (store.folder / "999999-junk.json").write_text("{not json", encoding="utf-8")
    _orphan(store, "z", "kept")
    assert [e.text for e in store.pending()] == ["kept"]


def test_live_other_process_is_not_offered(tmp_path):
    """An entry written by another process that is still running is not pending."""
    folder = tmp_path / "rec"
    code = (
        "import sys,time;from briefing_app.core.recovery import RecoveryStore;"
        f"RecoveryStore({str(folder)!r}).journal('x','t',path=None,base_digest=None);"
        "print('ok',flush=True);time.sleep(30)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ok"
        assert RecoveryStore(folder).pending() == []
    finally:
        proc.kill()
        proc.wait()
    assert [e.text for e in RecoveryStore(folder).pending()] == ["t"]
