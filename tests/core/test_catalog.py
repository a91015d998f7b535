"""The catalog: kept in step with every write, rebuilt when missing, damaged, stale or torn."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from briefing_app.core import library as library_module
from briefing_app.core.article import Article
from briefing_app.core.catalog import CatalogDamaged
from briefing_app.core.errors import ArticleNotFound
from briefing_app.core.ingest.importer import import_paths
from briefing_app.core.library import Library
from briefing_app.core.workspace import Workspace
from tests.core.robust_corpus import write_articles
from tests.libraries import reopened
from tests.recombined import write_recombined


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_recombined(folder, 6)
    return folder


@pytest.fixture
def stocked(tmp_path, corpus) -> Library:
    library = Library(tmp_path / "lib")
    results = import_paths(library, [corpus])
    assert [r.status for r in results] == ["imported"] * 6
    return library


@pytest.fixture
def stocked_any(any_library, corpus):
    """`stocked` in a folder and in a team library: what follows holds for both."""
    results = import_paths(any_library, [corpus])
    assert [r.status for r in results] == ["imported"] * 6
    return any_library


def _fresh(library: Library) -> Library:
    """The same library opened anew (as the next process would)."""
    return Library(library.root)


def _snapshot(library: Library) -> list[tuple]:
    return [
        (e.id, e.key, e.title, e.claims, e.paragraphs)
        for e in library.catalog.listing(sort="id", current_only=False).entries
    ]


def test_every_import_lands_in_the_catalog_with_its_metadata(stocked):
    entries = stocked.catalog.listing(sort="id", descending=False).entries
    assert (
        [e.id for e in entries]
        == stocked.ids()
        == sorted(p.name for p in stocked.articles_dir.iterdir())
    )
    article = stocked.get(entries[0].id)
    entry = entries[0]
    assert (entry.key, entry.title, entry.authors, entry.metadata) == (
        article.key,
        article.title,
        article.authors,
        dataclasses.replace(article.metadata, description="", tags=[], title_source=""),
    )
    assert entry.paragraphs == len(article.paragraphs) and entry.claims == len(article.claims) > 0
    assert _fresh(stocked).catalog_rebuilds == 0 and not _fresh(stocked).ensure_catalog()


def test_a_deleted_catalog_is_rebuilt_from_the_records(stocked):
    before = _snapshot(stocked)
    stocked._catalog.remove_files()
    reopened = _fresh(stocked)
    assert _snapshot(reopened) == before
    assert reopened.catalog_rebuilds == 1


@pytest.mark.parametrize(
    "damage", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_a_damaged_catalog_is_rebuilt(stocked, damage):
    before = _snapshot(stocked)
    stocked._catalog.close()
    stocked._catalog.path.write_bytes(damage)
    for suffix in ("-wal", "-shm"):
        (stocked._catalog.path.parent / (stocked._catalog.path.name + suffix)).unlink(
            missing_ok=True
        )
    reopened = _fresh(stocked)
    assert reopened.catalog_problem() == "damaged"
    assert _snapshot(reopened) == before
    assert reopened.catalog_rebuilds == 1


def test_damage_found_after_opening_is_repaired_on_the_next_question(stocked):
    before = _snapshot(stocked)
    stocked._catalog.close()
    stocked._catalog.path.write_bytes(b"garbage" * 1000)
    with pytest.raises(CatalogDamaged):
        stocked._catalog.count()
    assert len(stocked) == len(before)


def test_a_folder_removed_behind_its_back_is_noticed_without_reading_records(stocked, monkeypatch):
    victim = stocked.ids()[0]
    shutil.rmtree(stocked.folder(victim))
    reopened = _fresh(stocked)
    assert reopened.catalog_problem() == "changed on disk"
    assert victim not in reopened.ids() and len(reopened) == 5


def test_a_deleted_article_leaves_the_catalog_at_once(tmp_path, corpus):
    workspace = Workspace(tmp_path / "lib")
    workspace.import_paths([corpus])
    victim = workspace.articles()[0]
    workspace.delete(victim.id)
    assert victim.id not in workspace.library.ids()
    assert victim.key not in workspace.library.by_key()
    assert _fresh(workspace.library).catalog_rebuilds == 0


def test_a_metadata_change_is_in_the_catalog_in_the_same_step(stocked_any):
    stocked = stocked_any
    article = stocked.get(stocked.ids()[0])
    article.metadata.title = "A corrected title"
    stocked.save(article)
    assert stocked.catalog.entry(article.id).title == "A corrected title"
    assert reopened(stocked).catalog.entry(article.id).title == "A corrected title"


def test_opening_and_looking_up_read_no_record_but_the_ones_asked_for(stocked, monkeypatch):
    key = stocked.get(stocked.ids()[2]).key
    reads = []
    original = Article.from_record.__func__

    def counting(cls, data):
        reads.append(data.get("id"))
        return original(cls, data)

    monkeypatch.setattr(Article, "from_record", classmethod(counting))
    reopened = _fresh(stocked)
    assert (
        len(reopened) == 6
        and len(reopened.ids()) == 6
        and len(Workspace(stocked.root).articles()) == 6
    )
    assert reads == []
    assert key in reopened.by_key() and "nosuchkey" not in reopened.by_key()
    assert reopened.resolve(key).key == key and reopened.by_key()[key].key == key
    assert reads == [reopened.resolve(key).id]  # one record, read once, then cached
    assert reopened.resolve(reopened.resolve(key).id[:6]).key == key
    with pytest.raises(ArticleNotFound):
        reopened.resolve("nosuchkey")


def test_the_article_cache_is_bounded(stocked_any, monkeypatch):
    monkeypatch.setattr(library_module, "CACHE_SIZE", 3)
    again = reopened(stocked_any)
    for article_id in again.ids():
        again.get(article_id)
    assert again.cached_count() == 3


def test_listing_sorts_filters_and_pages_in_the_database(stocked_any):
    catalog = stocked_any.catalog
    every = catalog.listing(sort="title", descending=False).entries
    assert [e.title.casefold() for e in every] == sorted(e.title.casefold() for e in every)
    page = catalog.listing(sort="title", descending=False, limit=2, offset=2)
    assert page.total == 6 and [e.id for e in page.entries] == [e.id for e in every[2:4]]
    publisher, count = catalog.facet_counts("publisher")[0]
    filtered = catalog.listing(filters={"publisher": publisher})
    assert filtered.total == count and {e.metadata.publisher for e in filtered.entries} == {
        publisher
    }
    by_date = catalog.listing(sort="published").entries
    assert [e.metadata.published for e in by_date] == sorted(
        (e.metadata.published for e in by_date), reverse=True
    )
    with pytest.raises(ValueError):
        catalog.listing(sort="title; DROP TABLE articles")


def test_a_new_version_makes_the_old_one_not_current(any_library, tmp_path):
    library = any_library
    folder = tmp_path / "v"
    folder.mkdir()
    note = "---\ntitle: Talks\nsource: https://example.org/talks\n---\nThe minister said talks would resume.\n"
    (folder / "a.md").write_text(note, encoding="utf-8")
    [first] = import_paths(library, [folder / "a.md"])
    (folder / "b.md").write_text(note + "\nA second paragraph was added.\n", encoding="utf-8")
    [second] = import_paths(library, [folder / "b.md"])
    assert second.supersedes == first.id
    assert library.current_ids() == [second.id] and library.superseded_ids() == {first.id}
    again = reopened(library)
    if isinstance(again, Library):
        again.rebuild_catalog()  # a folder's catalog, rebuilt from the records, agrees
    assert again.current_ids() == [second.id]
    assert again.by_key()[library.get(second.id).key].id == second.id
    listed = library.catalog.listing(sort="id", current_only=False)
    assert sorted(e.id for e in listed.entries) == sorted([first.id, second.id])
    assert [e.id for e in library.catalog.listing().entries] == [second.id]
    library.delete(second.id)  # the old version is current again
    assert library.current_ids() == [first.id] and reopened(library).current_ids() == [first.id]


# -- a writer killed mid-write --------------------------------------------------------------

HOLDER = """
import sys, time
from briefing_app.core.ingest.importer import import_paths
from briefing_app.core.library import Library
library = Library(sys.argv[1])
with library.lock, library.writing():
    import_paths(library, [sys.argv[2]])
    print("written", flush=True)
    time.sleep(600)
"""

IMPORTER = """
import sys
from briefing_app.core.ingest.importer import import_paths
from briefing_app.core.library import Library
print("ready", flush=True)
import_paths(Library(sys.argv[1]), [sys.argv[2]])
"""


def _child(script: str, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True
    )


def _records_on_disk(library: Library) -> list[str]:
    return sorted(p.parent.name for p in library.articles_dir.glob("*/article.json"))


def test_a_writer_killed_before_committing_leaves_a_catalog_that_is_rebuilt(tmp_path, corpus):
    library_dir = tmp_path / "lib"
    proc = _child(HOLDER, library_dir, corpus)
    assert proc.stdout.readline().strip() == "written"
    # While the writer lives, a reader trusts what it has committed and does not rebuild.
    assert Library(library_dir).catalog_problem() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    reopened = Library(library_dir)
    assert reopened.catalog_problem() == "interrupted write"
    assert reopened.ids() == _records_on_disk(reopened) and len(reopened) == 6
    assert reopened.catalog_rebuilds == 1
    assert reopened.needs_tidy()  # the rebuild does not forget that leftovers may lie about


def test_start_up_walks_the_library_only_after_a_write_was_cut_short(tmp_path, corpus):
    from briefing_app.core import startup

    workspace = Workspace(tmp_path / "lib")
    workspace.import_paths([corpus])
    startup.tidy(workspace)
    assert not workspace.library.needs_tidy()
    workspace.import_paths([next(corpus.rglob("*.md"))])  # a clean write keeps it so
    assert not Library(workspace.root).needs_tidy()
    workspace.library._catalog.mark_dirty()  # what a writer killed mid-write leaves
    half = workspace.library.articles_dir / "0123456789abcdef"
    half.mkdir()
    assert startup.tidy(Workspace(workspace.root)) == [half]
    assert not Library(workspace.root).needs_tidy()


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6])
def test_an_import_killed_at_any_moment_leaves_a_catalog_that_matches_the_records(tmp_path, delay):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 60)
    library_dir = tmp_path / "lib"
    proc = _child(IMPORTER, library_dir, corpus)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    reopened = Library(library_dir)
    reopened.clean_incomplete()
    assert reopened.ids() == _records_on_disk(reopened)
    keys = [reopened.catalog.entry(i).key for i in reopened.ids()]
    assert len(keys) == len(set(keys))
    # and an import run again completes the library, catalog included
    import_paths(reopened, [corpus])
    assert len(_fresh(reopened)) == 60 == len(_records_on_disk(reopened))


def test_start_up_questions_do_not_wait_for_a_rebuild(stocked, tmp_path):
    stocked._catalog.remove_files()
    workspace = Workspace(stocked.root)
    assert not workspace.is_empty() and workspace.library.catalog_rebuilds == 0
    assert Workspace(tmp_path / "empty").is_empty()
