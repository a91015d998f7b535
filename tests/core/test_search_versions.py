"""Versions in search: an article a newer version supersedes is left out of hits and facets."""

from __future__ import annotations

from briefing_app.core.library import Library
from briefing_app.core.search.index import SearchIndex
from tests.conftest import SEED_FILE
from tests.core.search_helpers import build_index, make_article


def _import_new_version(workspace, tmp_path, name: str = "v2.txt") -> str:
    """Import an edited seed (same URL, so a new version); returns its id."""
    edited = tmp_path / name
    text = SEED_FILE.read_bytes().replace(b"Recently,", b"Recently, in Zhambylburg,")
    edited.write_bytes(text.replace(b"Zhambylburg", name.encode("ascii")[:2] + b"Zhambylburg"))
    (result,) = workspace.import_paths([edited])
    assert result.status == "imported" and result.supersedes, result
    return result.id


def _facet_total(results, name: str) -> int:
    return sum(count for _, count in results.facets[name])


def test_import_of_a_new_version_hides_the_old_one(seeded, tmp_path):
    """After importing a new version (indexed batch by batch) only it is found; key kept."""
    (old,) = seeded.articles()
    assert seeded.search("Akchulakov").ids() == [old.id]
    new_id = _import_new_version(seeded, tmp_path)
    assert seeded.index.needs_rebuild() is None  # updated by the import, not rebuilt
    results = seeded.search("Akchulakov")
    assert results.ids() == [new_id] and results.total == 1
    assert results.hits[0].key == old.key
    assert _facet_total(results, "publisher") == 1 and _facet_total(results, "year") == 1
    assert seeded.search('"Akchulakov declared"').ids() == [new_id]
    assert seeded.search("Akchulakov", sort="date").ids() == [new_id]
    assert seeded.matching_ids("Beijing") == [new_id]
    claims = seeded.search("Akchulakov", claims=True)
    assert claims.total > 0 and {h.id for h in claims.hits} == {new_id}


def test_old_version_found_on_request_and_after_rebuild(seeded, tmp_path):
    """`all_versions` still finds both; a rebuilt index hides the old one the same way."""
    (old,) = seeded.articles()
    new_id = _import_new_version(seeded, tmp_path)
    both = seeded.index.search("Akchulakov", all_versions=True)
    assert set(both.ids()) == {old.id, new_id} and both.total == 2
    assert set(seeded.index.matching_ids("Akchulakov", all_versions=True)) == {old.id, new_id}
    seeded.index.rebuild()
    assert seeded.search("Akchulakov").ids() == [new_id]
    assert seeded.search("Zhambylburg OR Akchulakov").total == 1


def test_chain_of_versions_shows_only_the_newest(seeded, tmp_path):
    """Three versions: the first two are hidden, in the index just as in the library."""
    _import_new_version(seeded, tmp_path, "v2.txt")
    third = _import_new_version(seeded, tmp_path, "v3.txt")
    current = [a.id for a in Library(seeded.root).current_articles()]
    assert current == [third]
    assert seeded.search("Akchulakov").ids() == current
    assert seeded.search("").total == 1


def test_deleting_the_new_version_brings_back_the_old(seeded, tmp_path):
    """With the newer record gone, nothing supersedes the old version: it is found again."""
    (old,) = seeded.articles()
    new_id = _import_new_version(seeded, tmp_path)
    seeded.delete(new_id)
    assert seeded.search("Akchulakov").ids() == [old.id]


def test_index_level_versions_without_the_importer(tmp_path):
    """Articles stored directly: the one named by another's `supersedes` is hidden."""
    first = make_article("Grain corridor talks", ["Talks on the grain corridor resumed."])
    second = make_article("Grain corridor talks", ["Talks on the grain corridor resumed today."])
    other = make_article("Harbour report", ["The harbour talks stalled."])
    second.supersedes, second.key = first.id, first.key
    index: SearchIndex = build_index(tmp_path, [first, second, other])
    results = index.search("talks")
    assert set(results.ids()) == {second.id, other.id} and results.total == 2
    assert index.search("talks", page=2, limit=1).ids() in ([second.id], [other.id])


def test_cli_all_versions_flag(seeded, tmp_path, capsys):
    """`briefing search --json` hides the old version; `--all-versions` lists it too."""
    import json

    from briefing_app.cli import main

    (old,) = seeded.articles()
    new_id = _import_new_version(seeded, tmp_path)
    capsys.readouterr()
    for extra, expected in (([], {new_id}), (["--all-versions"], {old.id, new_id})):
        code = main(["--library", str(seeded.root), "search", "Akchulakov", "--json", *extra])
        data = json.loads(capsys.readouterr().out)
        assert code == 0 and {h["id"] for h in data["hits"]} == expected
