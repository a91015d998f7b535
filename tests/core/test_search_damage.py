"""A damaged index is rebuilt; a failing search on an intact index is a bug and is raised.

Whoosh fails on damaged files with whatever its decoders trip over (struct, zlib, pickle,
Unicode, type and plain `Exception` errors), so the index records each committed file's size
and checksum (`index_files`) and puts a failure down to damage only when the files differ.
"""

from __future__ import annotations

import os

import pytest

from briefing_app.core.search import index_files
from briefing_app.core.search.index import SearchIndex
from briefing_app.core.search.whoosh_search import Engine
from tests.core.search_helpers import build_index, store, wikinews_fixture_articles

ARTICLES = wikinews_fixture_articles()
QUERIES = ["Soleimani", '"the minister"', "publish*", "published:[2019 to 2021]", "-the"]


@pytest.fixture
def index(tmp_path):
    return build_index(tmp_path, ARTICLES[:6])


def _answers(index: SearchIndex) -> list:
    return [
        (index.search(q, sort=sort).ids(), index.search(q, claims=True).total)
        for q in QUERIES
        for sort in ("relevance", "date")
    ]


def _one(folder, pattern: str):
    (path,) = [p for p in folder.glob(pattern) if p.name != index_files.MANIFEST_NAME]
    return path


DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "zeroed": lambda p: p.write_bytes(bytes(p.stat().st_size)),
    "deleted": lambda p: p.unlink(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize(
    "pattern",
    ["_articles_*.toc", "_claims_*.toc", "articles_*.trm", "articles_*.pst", "articles_*._stored.col",
     "articles_*._body_len.col", "articles_*.aid.col", "articles_*.f_date.col"],
)  # fmt: skip
def test_damaged_file_is_rebuilt(index, pattern, damage):
    """Each kind of index file truncated, zeroed or deleted (Whoosh reads some of these
    without an error, e.g. a missing length column only scores differently): opening finds
    it, the index is rebuilt and searches answer as before."""
    expected = _answers(index)
    index.close()
    DAMAGE[damage](_one(index.index_dir, pattern))
    reopened = SearchIndex(index.index_dir, index.library)
    assert reopened.needs_rebuild() == "corrupt"
    assert reopened.ensure_current()  # as `Workspace.search` asks before each search
    assert _answers(reopened) == expected
    assert reopened.backend.damage() is None  # rebuilt, and recorded again


@pytest.mark.parametrize("pattern", ["articles_*.pst", "articles_*._stored.col", "_articles_*.toc"])
def test_damage_unseen_when_opening_is_found_by_the_failing_search(index, pattern):
    """Bytes changed in place, size and time kept: opening sees nothing, the search fails on
    them, the checksums tell it is damage, and the index is rebuilt."""
    expected = _answers(index)
    index.close()
    path = _one(index.index_dir, pattern)
    stat = path.stat()
    path.write_bytes(bytes(stat.st_size))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reopened = SearchIndex(index.index_dir, index.library)
    assert index_files.damage(index.index_dir, deep=False) is None
    assert index_files.damage(index.index_dir) == f"{path.name}: changed"
    assert _answers(reopened) == expected
    assert reopened.backend.damage() is None


def test_a_bug_in_the_engine_is_raised_not_rebuilt(index, monkeypatch):
    """A search failing on intact files raises its own error; the index is left alone."""
    index.search("Soleimani")
    before = {p.name: p.stat().st_mtime_ns for p in index.index_dir.iterdir()}

    def broken(self, request):
        raise TypeError("a bug")

    monkeypatch.setattr(Engine, "search", broken)
    with pytest.raises(TypeError, match="a bug"):
        index.search("Soleimani")
    assert {p.name: p.stat().st_mtime_ns for p in index.index_dir.iterdir()} == before


def test_a_bug_opening_the_index_is_raised_not_called_corrupt(index, monkeypatch):
    index.close()

    def broken(self):
        raise KeyError("a bug")

    monkeypatch.setattr(Engine, "doc_count", broken)
    with pytest.raises(KeyError, match="a bug"):
        SearchIndex(index.index_dir, index.library).needs_rebuild()


def test_article_fields_in_a_claim_search_of_a_library_without_claims(index):
    """The claims index is empty: a claim search by article fields finds nothing (Whoosh's
    empty reader has no `aid` column and raised, which used to pass for damage)."""
    assert index.search("published:[2019 to 2021]", claims=True).total == 0
    assert index.search("publisher:reuters -minister", claims=True).total == 0


def test_updates_keep_the_record_current(index):
    """Incremental adds and removes record the files they commit (no false damage)."""
    store_more = ARTICLES[6:8]
    store(index.library, store_more)
    index.add_articles(store_more)
    assert index.backend.damage() is None
    index.library.delete(store_more[0].id)
    index.remove_articles([store_more[0].id])
    assert index.backend.damage() is None
    assert index.needs_rebuild() is None


def test_an_index_without_a_record_counts_as_damaged_when_it_fails(index):
    """An index written before records were kept cannot be vouched for: a failure rebuilds it."""
    expected = _answers(index)
    (index.index_dir / index_files.MANIFEST_NAME).unlink()
    assert index.backend.damage() == f"{index_files.MANIFEST_NAME}: missing or unreadable"
    DAMAGE["zeroed"](_one(index.index_dir, "articles_*.pst"))
    assert _answers(index) == expected


def test_changed_bytes_of_the_same_size_are_damage(index):
    path = _one(index.index_dir, "articles_*.trm")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert index.backend.damage() == f"{path.name}: changed"
