"""The index as a cache: rebuilt when missing, corrupt, outdated or stale; one writer at a time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from briefing_app.core.errors import LibraryBusy
from briefing_app.core.library import Library
from briefing_app.core.search import whoosh_backend
from briefing_app.core.search.index import SearchIndex
from briefing_app.core.search.whoosh_backend import META_NAME
from tests.conftest import ROOT
from tests.core.search_helpers import build_index, store, wikinews_fixture_articles

ARTICLES = wikinews_fixture_articles()


@pytest.fixture
def index(tmp_path):
    """The committed Wikinews articles, indexed."""
    return build_index(tmp_path, ARTICLES[:6])


def test_fresh_index_is_current(index):
    """Right after a build nothing needs rebuilding."""
    assert index.needs_rebuild() is None
    assert index.ensure_current() is False


def test_deleted_index_is_rebuilt_with_progress(index):
    """A deleted index folder is noticed and rebuilt, reporting progress."""
    before = index.search("Soleimani").ids()
    index.close()
    import shutil

    shutil.rmtree(index.index_dir)
    fresh = SearchIndex(index.index_dir, index.library)
    assert fresh.needs_rebuild() == "missing"
    calls = []
    assert fresh.ensure_current(progress=lambda done, total, name: calls.append((done, total)))
    assert calls[-1] == (6, 6)
    assert fresh.search("Soleimani").ids() == before


def test_garbage_written_index_is_rebuilt(index):
    """Garbage over every index file is reported as corrupt and rebuilt; searches still work."""
    expected = set(index.search("Soleimani").ids())
    index.close()
    for path in index.index_dir.iterdir():
        if path.name != META_NAME:
            path.write_bytes(b"\x00garbage\xff" * 64)
    damaged = SearchIndex(index.index_dir, index.library)
    assert damaged.needs_rebuild() == "corrupt"
    damaged.ensure_current()
    assert set(damaged.search("Soleimani").ids()) == expected


def test_damage_found_during_a_search_is_repaired(index):
    """If the index breaks under an open reader, the search rebuilds it and answers."""
    expected = set(index.search("Soleimani").ids())
    index.close()
    for path in index.index_dir.glob("*.seg"):
        path.write_bytes(b"nonsense")
    for path in index.index_dir.glob("_*_*.toc"):
        path.write_bytes(b"nonsense")
    assert set(index.search("Soleimani").ids()) == expected


def test_old_schema_and_stale_marker_mean_rebuild(index):
    """An index of an older schema version, or one marked stale, is rebuilt."""
    meta = index.index_dir / META_NAME
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps(dict(data, schema=0)))
    assert index.needs_rebuild() == "old schema"
    index.ensure_current()
    assert index.needs_rebuild() is None
    index.mark_stale()
    assert index.needs_rebuild() == "stale"
    index.ensure_current()
    assert index.needs_rebuild() is None


def test_library_changed_behind_the_index(index):
    """Articles added or removed without the index are noticed as out of sync."""
    store(index.library, ARTICLES[6:7])
    assert index.needs_rebuild() == "out of sync with the library"
    index.ensure_current()
    assert index.search(f'title:"{ARTICLES[6].title}"').total == 1


def test_incremental_add_and_remove(index):
    """add_articles and remove_articles keep the index in step with the library."""
    new = ARTICLES[7]
    store(index.library, [new])
    index.add_articles([new])
    assert index.needs_rebuild() is None
    assert new.id in index.search("Qaboos").ids()
    index.library.delete(new.id)
    index.remove_articles([new.id])
    assert index.needs_rebuild() is None
    assert index.search("Qaboos").total == 0


def test_searches_see_new_articles_while_a_writer_works(index):
    """An open searcher keeps answering during an import and refreshes after each batch."""
    assert index.search("Qaboos").total == 0
    for article in ARTICLES[6:]:
        store(index.library, [article])
        index.add_articles([article])
        assert index.search("Soleimani").total >= 2  # answered between batches
    assert index.search("Qaboos").total == 1


_HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from briefing_app.core.search.index import SearchIndex
    from briefing_app.core.library import Library
    index = SearchIndex(Path(sys.argv[1]), Library(Path(sys.argv[2])))
    if sys.argv[3] == "lock":
        index.lock.acquire()
    else:
        from whoosh import index as wi
        writer = wi.open_dir(sys.argv[1], indexname="articles").writer()
    print("holding", flush=True)
    time.sleep(30)
    """
)


@pytest.mark.parametrize("how", ["lock", "whoosh"])
def test_second_writer_gets_library_busy(index, how):
    """A second process writing gets LibraryBusy with a plain message, not a LockError."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(index.index_dir), str(index.library.root), how],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        index.lock_timeout = 0.3
        store(index.library, ARTICLES[6:7])
        with pytest.raises(LibraryBusy) as caught:
            index.add_articles(ARTICLES[6:7])
        assert "busy" in str(caught.value)
        assert index.search("Soleimani").total >= 2  # reading goes on
    finally:
        holder.kill()
        holder.wait()


def test_importing_the_module_does_not_import_whoosh():
    """`import briefing_app.core.search.index` stays cheap: Whoosh loads on first use."""
    code = "import sys, briefing_app.core.search.index; print('whoosh' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_only_the_whoosh_backend_modules_import_whoosh():
    """Whoosh is imported by the search package's `whoosh_*` modules and nowhere else."""
    search = ROOT / "briefing_app" / "core" / "search"
    importing = {
        p
        for p in (ROOT / "briefing_app").rglob("*.py")
        if "import whoosh" in p.read_text() or "from whoosh" in p.read_text()
    }
    assert importing and all(p.parent == search and p.name.startswith("whoosh_") for p in importing)


def test_whoosh_is_not_patched_globally(index):
    """Searching leaves Whoosh's own classes as they were: no method replaced process-wide."""
    from whoosh.matching import binary

    index.search("Soleimani OR Samoa")
    index.search('"the united states" OR prime*', sort="date")
    for cls in (binary.UnionMatcher, binary.AndMaybeMatcher):
        assert cls.skip_to_quality.__module__ == "whoosh.matching.binary"


def test_cancelled_rebuild_keeps_the_old_index(index):
    """Cancelling a rebuild leaves the previous index in place."""
    before = index.search("Soleimani").ids()
    assert index.rebuild(cancelled=lambda: True) is False
    assert index.search("Soleimani").ids() == before
    assert whoosh_backend.SCHEMA_VERSION >= 1


def test_unreadable_article_is_left_out_and_reported(tmp_path):
    """A broken record does not stop a rebuild, and does not make every search rebuild again."""
    library = Library(tmp_path / "library")
    store(library, ARTICLES[:3])
    (library.folder(ARTICLES[0].id) / "article.json").write_text("{broken")
    index = SearchIndex(tmp_path / "index", library)
    index.rebuild()
    assert index.search("Samoa").total == 0 and index.search("Soleimani").total >= 1
    assert index.needs_rebuild() is None


def test_no_rebuild_while_an_import_adds_records(index):
    """Records stored ahead of their batch do not count as a mismatch during an import."""
    with index.changing():
        store(index.library, ARTICLES[6:7])
        assert index.needs_rebuild() is None
    assert index.needs_rebuild() == "out of sync with the library"


def test_two_threads_asking_for_a_rebuild_get_one(index):
    """Threads of one process that find the index missing rebuild it once, not over each other."""
    import shutil
    import threading

    before = index.search("Soleimani").ids()
    index.close()
    shutil.rmtree(index.index_dir)
    fresh = SearchIndex(index.index_dir, index.library)
    started = threading.Barrier(3)
    outcomes, errors = [], []

    def ask():
        started.wait()
        try:
            outcomes.append(fresh.ensure_current())
        except Exception as exc:  # collected: an exception in a thread would pass unseen
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(outcomes) == [False, False, True]
    assert fresh.needs_rebuild() is None
    assert fresh.search("Soleimani").ids() == before


_SEARCH = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from briefing_app.core.search.index import SearchIndex
    from briefing_app.core.library import Library
    index = SearchIndex(Path(sys.argv[1]), Library(Path(sys.argv[2])))
    index.lock_timeout = 0.2  # a writer waiting this long says busy; a search must not
    index.ensure_current()
    print(index.search("Soleimani").total, flush=True)
    """
)


@pytest.mark.timeout(120)
def test_searches_at_once_on_a_stale_index_wait_for_one_rebuild(index):
    """Four processes searching a stale index at once all answer (none says "busy")."""
    expected = index.search("Soleimani").total
    index.close()
    index.mark_stale()
    searches = [
        subprocess.Popen(
            [sys.executable, "-c", _SEARCH, str(index.index_dir), str(index.library.root)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for search in searches:
        out, err = search.communicate(timeout=110)
        assert search.returncode == 0, err
        assert out.strip() == str(expected)
    assert index.needs_rebuild() is None


def test_search_waits_for_another_process_rebuild_with_its_progress(index, monkeypatch):
    """While another process holds the index lock, a search waits, showing that process's
    progress, instead of failing after the lock timeout."""
    import threading
    import time

    index.mark_stale()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(index.index_dir), str(index.library.root), "lock"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        from briefing_app.core import atomicio

        atomicio.write_json(index.progress_path, {"done": 3, "total": 6})
        index.lock_timeout = 0.2
        seen = []
        threading.Timer(1.5, holder.kill).start()
        started = time.monotonic()
        assert index.ensure_current(progress=lambda d, t, _: seen.append((d, t)))
        assert time.monotonic() - started >= 1.0
        assert (3, 6) in seen and seen[-1] == (6, 6)
        assert index.search("Soleimani").total >= 1
    finally:
        holder.kill()
        holder.wait()


def _refuse_writes_under(monkeypatch, folders):
    """Make index creation fail with EACCES under `folders` (a read-only place)."""
    import errno

    real = whoosh_backend.Backend._create

    def create(self, folder, sample):
        if any(str(folder).startswith(str(f)) for f in folders):
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return real(self, folder, sample)

    monkeypatch.setattr(whoosh_backend.Backend, "_create", create)


def test_read_only_stale_index_is_searched_through_a_private_index(index, monkeypatch):
    """A stale index that cannot be rebuilt where it is: a private temporary one answers."""
    store(index.library, ARTICLES[6:7])  # out of sync: the new article is not indexed
    _refuse_writes_under(monkeypatch, [index.index_dir.parent])
    assert index.ensure_current() is True
    results = index.search(f'title:"{ARTICLES[6].title}"')
    assert results.total == 1 and results.warning == ""
    assert not index.index_dir.is_relative_to(index.library.root.parent)


def test_read_only_stale_index_without_room_for_a_private_one_warns(index, monkeypatch):
    """No private index either: the stale index answers, with a warning on the results."""
    import tempfile

    store(index.library, ARTICLES[6:7])
    _refuse_writes_under(monkeypatch, [index.index_dir.parent, tempfile.gettempdir()])
    assert index.ensure_current() is False
    results = index.search("Soleimani")
    assert results.total >= 1 and "out of date" in results.warning
    assert index.search(f'title:"{ARTICLES[6].title}"').total == 0
    assert index.needs_rebuild() is None  # accepted as it is: no rebuild attempt per search


def test_first_import_into_an_empty_library_builds_the_index(workspace, tmp_path, monkeypatch):
    """The first import creates the index batch by batch: the first search rebuilds nothing."""
    from tests.core.robust_corpus import write_articles

    write_articles(tmp_path / "src", 30)  # more than one import batch
    workspace.import_paths([tmp_path / "src"])
    index = workspace.index
    assert index.needs_rebuild() is None

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the first search rebuilt the index")

    monkeypatch.setattr(index, "rebuild", no_rebuild)
    assert workspace.search("talks", limit=50).total == 30
    assert len(workspace.matching_ids("harbour")) == 6
