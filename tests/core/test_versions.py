"""Versions of one article (same URL): which one is current survives a crash mid-import."""

from briefing_app.core.library import Library
from briefing_app.core.workspace import Workspace
from tests.conftest import SEED_FILE


def _import_edit(workspace: Workspace, tmp_path, old: bytes, new: bytes, name: str) -> str:
    edited = tmp_path / name
    edited.write_bytes(SEED_FILE.read_bytes().replace(old, new))
    (result,) = workspace.import_paths([edited])
    assert result.status == "imported", result
    return result.id


def test_new_version_is_current_even_if_the_old_record_was_never_marked(seeded, tmp_path):
    """A kill between storing the new version and marking the old one leaves one current version."""
    (old,) = seeded.articles()
    new_id = _import_edit(seeded, tmp_path, b"Recently,", b"Only recently,", "v2.txt")
    # Simulate the crash: the old record never learnt it was superseded.
    stale = seeded.library.get(old.id)
    stale.superseded_by = None
    seeded.library.save(stale)

    library = Library(seeded.root)
    assert library.by_key()[old.key].id == new_id
    assert [a.id for a in library.current_articles()] == [new_id]
    assert library.resolve(old.key).id == new_id


def test_third_version_supersedes_the_second(seeded, tmp_path):
    """Re-importing twice chains the versions; the key stays with the newest."""
    (first,) = seeded.articles()
    second = _import_edit(seeded, tmp_path, b"Recently,", b"Only recently,", "v2.txt")
    third = _import_edit(seeded, tmp_path, b"Recently,", b"Just recently,", "v3.txt")
    library = seeded.library
    assert library.get(third).supersedes == second
    assert library.get(second).supersedes == first.id
    assert library.by_key()[first.key].id == third


def test_versions_chain_in_a_folder_and_in_a_team_library(any_library, tmp_path):
    """Three imports of one page: each supersedes the last, the key stays with the newest,
    and the current version follows the newer record's link, not the older one's mark."""
    from briefing_app.core.ingest.importer import import_paths
    from tests.libraries import reopened

    ids = []
    for name, words in (
        ("v1.txt", b"Recently,"),
        ("v2.txt", b"Only recently,"),
        ("v3.txt", b"Just recently,"),
    ):
        edited = tmp_path / name
        edited.write_bytes(SEED_FILE.read_bytes().replace(b"Recently,", words))
        (result,) = import_paths(any_library, [edited])
        assert result.status == "imported" and result.supersedes == (ids[-1] if ids else None)
        ids.append(result.id)
    first = any_library.get(ids[0])
    assert any_library.current_ids() == [ids[2]] and any_library.superseded_ids() == set(ids[:2])
    assert any_library.by_key()[first.key].id == ids[2]
    stale = any_library.get(ids[1])  # a crash before the second learnt it was superseded
    stale.superseded_by = None
    any_library.save(stale)
    again = reopened(any_library)
    assert [a.id for a in again.current_articles()] == [ids[2]]
    assert again.resolve(first.key).id == ids[2]
