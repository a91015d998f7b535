"""Whether a team library's search index holds exactly the library's articles, asked before
every search: one row on each side (schema step v0005), whatever the library's size.

Each test makes the index fall out of step the way a team does — another desk storing,
deleting or trashing articles without indexing them, an import killed between storing and
indexing — and checks the one-row comparison notices what listing every id noticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from briefing_app.core.ingest.importer import build_article
from briefing_app.core.team.library import TeamLibrary
from briefing_app.core.team.search import id_hash, ids_digest
from briefing_app.core.workspace import Workspace
from tests.core.team.team_helpers import together
from tests.recombined import write_recombined

ROOT = Path(__file__).resolve().parents[3]
OUT_OF_SYNC = "out of sync with the library"


@pytest.fixture
def desks(pg_url, tmp_path):
    """Two workstations on a team library of three indexed articles."""
    write_recombined(tmp_path / "in", 3)
    first, second = Workspace(pg_url), Workspace(pg_url)
    first.import_paths([str(tmp_path / "in")])
    first.index.ensure_current()
    assert first.index.needs_rebuild() is None
    yield first, second
    first.close()
    second.close()


def _live_digest_is_true(library: TeamLibrary) -> None:
    ids = library.ids()
    assert library.live_digest() == (ids_digest(ids), len(ids))


def test_the_database_hashes_ids_as_the_index_does(pg_url):
    ids = ["0123456789abcdef", "ffffffffffffffff", "a" * 16, "it's ünïcødé"]
    TeamLibrary(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        for each in ids:
            found = conn.execute("SELECT briefing_id_hash(%s)", (each,)).fetchone()[0]
            assert found & 0xFFFF_FFFF_FFFF_FFFF == id_hash(each)


def test_the_check_reads_no_listing_of_the_articles(desks):
    first, _second = desks

    def listing():
        raise AssertionError("needs_rebuild listed every article")

    first.library.ids = listing  # this workstation's object only
    assert first.index.needs_rebuild() is None


def test_another_desk_storing_an_article_without_indexing_it_is_noticed(desks, tmp_path):
    first, second = desks
    data = write_recombined(tmp_path / "more", 1, start=3)[0].read_bytes()
    article = build_article(data, "late.md")
    article.key = "late2024"
    second.library.add(article, data)  # stored, never indexed
    assert first.index.needs_rebuild() == OUT_OF_SYNC
    first.index.rebuild()
    assert first.index.needs_rebuild() is None
    assert second.index.needs_rebuild() is None


def test_another_desk_deleting_an_article_without_indexing_is_noticed(desks):
    first, second = desks
    second.library.delete(second.library.ids()[0])
    assert first.index.needs_rebuild() == OUT_OF_SYNC
    first.index.rebuild()
    assert first.index.needs_rebuild() is None


def test_another_desk_trashing_and_restoring_without_indexing_is_noticed(desks, pg_url):
    first, second = desks
    victim = second.library.ids()[1]
    with psycopg.connect(pg_url) as conn:  # marked as the trash marks it, nothing indexed
        conn.execute("INSERT INTO trash_batches (id) VALUES ('b1')")
        conn.execute(
            "INSERT INTO trashed_articles (article_id, batch_id, position) VALUES (%s, 'b1', 0)",
            (victim,),
        )
    assert first.index.needs_rebuild() == OUT_OF_SYNC
    first.index.rebuild()
    assert first.index.needs_rebuild() is None
    with psycopg.connect(pg_url) as conn:  # restored: the batch goes, its marks with it
        conn.execute("DELETE FROM trash_batches WHERE id = 'b1'")
    assert first.index.needs_rebuild() == OUT_OF_SYNC


def test_one_transaction_changing_many_articles_sums_each_once(desks, pg_url):
    """Marks, unmarks and deletes in one transaction, in an order where an id's membership
    flips back and forth: the digest follows what is live when it commits."""
    first, _second = desks
    a, b, c = first.library.ids()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO trash_batches (id) VALUES ('b1')")
        for position, each in enumerate((a, b, c)):
            conn.execute(
                "INSERT INTO trashed_articles (article_id, batch_id, position)"
                " VALUES (%s, 'b1', %s)",
                (each, position),
            )
        conn.execute("DELETE FROM trashed_articles WHERE article_id = %s", (a,))
        first.library.delete_rows(conn, [b])
        conn.execute("DELETE FROM trashed_articles WHERE article_id = %s", (b,))
    assert sorted(first.library.ids()) == [a]
    _live_digest_is_true(first.library)
    with psycopg.connect(pg_url) as conn:  # a change rolled back leaves no trace
        with conn.transaction(force_rollback=True):
            first.library.delete_rows(conn, [a])
    _live_digest_is_true(first.library)


def test_desks_that_index_what_they_change_raise_no_false_alarm(desks, tmp_path):
    first, second = desks
    write_recombined(tmp_path / "more", 5)
    results = second.import_paths([str(tmp_path / "more")])
    assert {r.status for r in results} == {"imported", "unchanged"}
    second.delete(results[-1].id)
    second.userdata.edit(results[0].id, {"publisher": "Desk Wire"})
    assert first.index.needs_rebuild() is None
    _live_digest_is_true(first.library)


def _indexed(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {aid for (aid,) in conn.execute("SELECT aid FROM search_articles")}


def test_trashing_restoring_and_emptying_through_the_app_keep_the_index_in_step(desks, pg_url):
    first, second = desks
    victim = second.library.ids()[0]
    batch = second.userdata.trash([victim])
    assert first.index.needs_rebuild() is None
    assert victim not in _indexed(pg_url)
    second.userdata.restore(batch)
    assert first.index.needs_rebuild() is None
    assert victim in _indexed(pg_url)
    second.userdata.empty_trash(second.userdata.trash([victim]))
    assert first.index.needs_rebuild() is None
    _live_digest_is_true(first.library)


def _start_import(pg_url: str, path: Path, instead_of_indexing: str, **options):
    """Another desk's import, in a process of its own, that runs `instead_of_indexing` (one
    line of Python) where it would index its stored batch."""
    script = (
        "import os, sys, time\n"
        "from briefing_app.core.workspace import Workspace\n"
        "ws = Workspace(sys.argv[1])\n"
        "def stored(*a, **k):\n"
        f"    {instead_of_indexing}\n"
        "ws.index.add_articles = stored\n"
        "ws.import_paths([sys.argv[2]])\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script, pg_url, str(path)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        **options,
    )


def test_an_import_killed_between_storing_and_indexing_is_noticed(desks, tmp_path, pg_url):
    first, _second = desks
    newest = write_recombined(tmp_path / "more", 1, start=3)[0]
    assert _start_import(pg_url, newest, "os._exit(9)").wait(timeout=120) == 9  # the kill
    assert first.index.needs_rebuild() == OUT_OF_SYNC
    assert first.index.ensure_current() is True
    assert first.index.needs_rebuild() is None


def test_another_desk_storing_before_indexing_is_work_in_progress(desks, tmp_path):
    """A desk's import stores a batch before indexing it: meanwhile the other desks' check
    (before every search) finds no difference to rebuild; once the block ends, one left
    behind is found."""
    first, second = desks
    data = write_recombined(tmp_path / "more", 1, start=3)[0].read_bytes()
    article = build_article(data, "late.md")
    article.key = "late2024"
    with second.index.changing():
        second.library.add(article, data)  # its batch not indexed yet
        assert first.index.needs_rebuild() is None
        assert second.index.needs_rebuild() is None
    assert first.index.needs_rebuild() == OUT_OF_SYNC


def test_an_import_paused_between_storing_and_indexing_then_killed(desks, tmp_path, pg_url):
    """Another process imports and stops before indexing: no rebuild while it lives; once
    it is killed, its connection and its mark are gone, and the difference is found."""
    first, _second = desks
    newest = write_recombined(tmp_path / "more", 1, start=3)[0]
    pause = "print('stored', flush=True); time.sleep(120)"
    importer = _start_import(pg_url, newest, pause, stdout=subprocess.PIPE, text=True)
    try:
        assert importer.stdout.readline().strip() == "stored"
        assert first.index.needs_rebuild() is None
    finally:
        importer.kill()
        importer.wait(timeout=30)
    deadline = time.monotonic() + 30  # the server ends the dead desk's session
    while first.index.needs_rebuild() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert first.index.needs_rebuild() == OUT_OF_SYNC


def test_the_digest_stays_true_under_concurrent_imports_deletes_and_trash(pg_url, tmp_path):
    for n in range(4):
        write_recombined(tmp_path / f"in{n}", 3 + n)  # overlapping sets of files
    desks = [Workspace(pg_url) for _ in range(4)]
    try:

        def work(n: int) -> None:
            ws = desks[n]
            ws.import_paths([str(tmp_path / f"in{n}")])
            ids = ws.library.ids()
            if n == 1:
                ws.userdata.trash(ids[:1])
            if n == 2:
                batch = ws.userdata.trash(ids[-1:])
                ws.userdata.empty_trash(batch)
            if n == 3:
                ws.delete(ids[len(ids) // 2])

        errors = together(work, 4)
        # Two desks may pick the same article: the second is told it is gone already.
        assert all("trash" in str(e) or "No article" in str(e) for e in errors), errors
        _live_digest_is_true(desks[0].library)
        desks[0].index.ensure_current()
        assert desks[0].index.needs_rebuild() is None
    finally:
        for ws in desks:
            ws.close()
