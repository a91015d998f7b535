"""Fault injection: the Nth open/write/fsync/replace fails with ENOSPC, EIO or EACCES.

Across brief saves, the recovery journal, settings, imports and indexing: nothing already
on disk is lost, and the failure reaches the caller as a plain message.
"""

from __future__ import annotations

import builtins
import errno
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefing_app.core import atomicio
from briefing_app.core.atomicio import SaveError
from briefing_app.core.brief.storage import BriefFile
from briefing_app.core.ingest import import_paths
from briefing_app.core.library import Library
from briefing_app.core.recovery import RecoveryStore
from briefing_app.core.workspace import Workspace
from tests.core.robust_corpus import write_articles

ERRNOS = [errno.ENOSPC, errno.EIO, errno.EACCES]
PLAIN = {
    errno.ENOSPC: "disk is full",
    errno.EIO: "input/output error",
    errno.EACCES: "permission denied",
}


@contextmanager
def fault(owner, name: str, nth: int, code: int, *, when=lambda *a, **k: True):
    """Make the `nth` matching call of owner.name raise OSError(code); yields a call counter."""
    real = getattr(owner, name)
    calls = {"n": 0, "fired": False}

    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == nth:
                calls["fired"] = True
                raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)
    try:
        yield calls
    finally:
        setattr(owner, name, real)


@pytest.mark.parametrize("code", ERRNOS)
@pytest.mark.parametrize("target", ["open", "write", "fsync", "replace"])
def test_brief_save_faults_keep_the_old_file(tmp_path, code, target):
    """A failing step of a brief save raises SaveError; the file and its state are kept."""
    path = tmp_path / "memo.md"
    path.write_text("old text\n", encoding="utf-8")
    brief = BriefFile.open(path)
    with fault(os, target, 1, code) as calls, pytest.raises(SaveError) as info:
        brief.save("new text\n")
    assert calls["fired"]
    assert PLAIN[code] in str(info.value) and "memo.md" in str(info.value)
    assert path.read_text(encoding="utf-8") == "old text\n"
    assert os.listdir(tmp_path) == ["memo.md"]
    assert not brief.changed_on_disk()  # still based on the old version: a retry just works
    brief.save("new text\n")
    assert path.read_text(encoding="utf-8") == "new text\n"


@pytest.mark.parametrize("code", ERRNOS)
def test_journal_and_settings_faults_keep_previous_versions(tmp_path, code):
    """A failing journal or settings write keeps the previous entry or settings file."""
    store = RecoveryStore(tmp_path / "rec")
    store.journal("doc", "first", path=None, base_digest=None)
    with fault(os, "write", 1, code), pytest.raises(SaveError):
        store.journal("doc", "second", path=None, base_digest=None)
    (entry,) = store._entries()
    assert entry.text == "first"
    settings = tmp_path / "settings.json"
    atomicio.write_json(settings, {"theme": "dark"})
    with fault(os, "replace", 1, code), pytest.raises(SaveError):
        atomicio.write_json(settings, {"theme": "light"})
    assert settings.read_text(encoding="utf-8") == '{\n "theme": "dark"\n}\n'


def _atomic_write_step(target, *args, **kwargs) -> bool:
    """True for calls on an atomic write's temp file (by path, or by fd via /proc)."""
    if isinstance(target, int):
        try:
            target = os.readlink(f"/proc/self/fd/{target}")
        except OSError:
            return True
    return atomicio.TEMP_PREFIX in str(target)


@pytest.mark.parametrize("code", ERRNOS)
@pytest.mark.parametrize("nth", [1, 4, 7, 12])
@pytest.mark.parametrize("target", ["write", "fsync", "replace"])
def test_import_faults_lose_nothing(tmp_path, code, nth, target):
    """A failing write during an import fails that file plainly; the rest and the old stay."""
    library = Library(tmp_path / "lib")
    files = write_articles(tmp_path / "corpus", 8)
    assert {r.status for r in import_paths(library, files[:2])} == {"imported"}
    before = {i: (library.folder(i) / "article.json").read_bytes() for i in library.ids()}
    with fault(os, target, nth, code, when=_atomic_write_step) as calls:
        results = import_paths(library, files)
    assert calls["fired"]
    failed = [r for r in results if r.status == "failed"]
    assert len(failed) == 1 and PLAIN[code] in failed[0].error
    for article_id, record in before.items():
        assert (library.folder(article_id) / "article.json").read_bytes() == record
    for article_id in library.ids():
        library.get(article_id)  # every stored record is whole
    rerun = import_paths(library, files)
    assert {r.status for r in rerun} <= {"imported", "unchanged"}
    assert len(library) == 8 and len(library.keys()) == 8


def _is_index_write(path, mode="r", *args, **kwargs) -> bool:
    return "index" in str(path) and any(c in str(mode) for c in "wax+")


@pytest.mark.parametrize("code", ERRNOS)
@pytest.mark.parametrize("nth", [1, 3, 8])
def test_indexing_faults_leave_a_rebuildable_index(isolated_home, tmp_path, code, nth):
    """A failing index write never fails the import; the index is flagged and rebuilt."""
    workspace = Workspace(tmp_path / "lib")
    workspace.index.ensure_current()
    files = write_articles(tmp_path / "corpus", 30)
    with fault(builtins, "open", nth, code, when=_is_index_write) as calls:
        results = workspace.import_paths(files)
    assert calls["fired"], "no index file was written"
    assert {r.status for r in results} == {"imported"}
    assert len(workspace.library) == 30
    index = workspace.index
    if index.needs_rebuild():
        assert index.rebuild()
    assert index.needs_rebuild() is None
    assert index.search("talks", limit=1).total == 30
    index.close()


def test_fault_helper_counts_only_matching_calls(tmp_path):
    """The helper fires on exactly the Nth matching call (so the tests above mean something)."""
    target = Path(tmp_path / "x")
    with fault(os, "replace", 2, errno.EIO) as calls:
        atomicio.write_text(target, "1")
        with pytest.raises(SaveError):
            atomicio.write_text(target, "2")
        atomicio.write_text(target, "3")
    assert calls["n"] == 3 and target.read_text() == "3"
