"""Tampered, garbled and missing records: nothing outside the library is touched, no original
is lost, and `list`, `show`, `import`, `delete` and search keep working around a bad record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing_app.cli import main
from briefing_app.core.article import Article
from briefing_app.core.errors import LibraryError
from briefing_app.core.library import Library
from briefing_app.core.workspace import Workspace

URL = "https://example.org/harbour-talks"


def _article_text(version: int) -> str:
    return (
        f"Harbour talks, version {version}\n"
        f"Source: {URL}\n\n"
        f"Officials said on Monday that the harbour talks would resume, report {version} said.\n\n"
        "The ministry added that both delegations had agreed on an agenda.\n"
    )


@pytest.fixture
def lib(tmp_path, capsys):
    """A library (path) holding two articles, A (with a URL) and B; their ids."""
    root = tmp_path / "lib"
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text(_article_text(1), encoding="utf-8")
    (files / "b.txt").write_text(
        "Grid report\n\nThe grid operator said the repairs would take a week.\n", encoding="utf-8"
    )
    assert main(["--library", str(root), "import", str(files), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    ids = {Path(x["path"]).name: x["id"] for x in lines}
    return root, ids["a.txt"], ids["b.txt"]


def _record(root: Path, article_id: str) -> Path:
    return root / "articles" / article_id / "article.json"


def _tamper(root: Path, article_id: str, **changes) -> None:
    path = _record(root, article_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def _cli(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--library", str(root), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_tampered_id_cannot_lead_delete_or_import_outside(lib, capsys, tmp_path):
    """`"id": "../../../X"`: delete removes the real article only; a new version stays inside."""
    root, a, _ = lib
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    escape = os.path.relpath(victim, root / "articles" / a)
    _tamper(root, a, id=escape)

    newer = tmp_path / "newer.txt"
    newer.write_text(_article_text(2), encoding="utf-8")
    code, out, err = _cli(capsys, root, "import", str(newer))
    assert code == 0, out + err
    assert "imported" in out and "Traceback" not in err
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]

    code, out, err = _cli(capsys, root, "delete", a)
    assert code == 0, err
    assert (victim / "precious.txt").read_text() == "keep me"
    assert not (root / "articles" / a).exists()


def test_mismatched_id_never_deletes_another_article(lib, capsys):
    """A record in A's folder claiming to be B: deleting A leaves B alone."""
    root, a, b = lib
    _tamper(root, a, id=b)
    b_before = _snapshot(root / "articles" / b)
    code, _, err = _cli(capsys, root, "delete", a)
    assert code == 0, err
    assert _snapshot(root / "articles" / b) == b_before
    assert not (root / "articles" / a).exists()


@pytest.mark.parametrize(
    "damage",
    [
        b'{"metadata": "oops"}',
        b"[]",
        b'{"id": "',  # truncated
        b"\xff\xfe garbage",
        b"null",
        b'{"paragraphs": "text", "id": 5}',
    ],
    ids=["wrong-type", "list", "truncated", "not-utf8", "null", "wrong-types"],
)
def test_garbled_record_is_rebuilt_and_commands_keep_working(lib, capsys, damage):
    """list, show, search, import and delete go on; the article is rebuilt from its original."""
    root, a, b = lib
    original = next(p for p in (root / "articles" / a).iterdir() if p.name.startswith("original"))
    original_bytes = original.read_bytes()
    key_before = json.loads(_record(root, a).read_text())["key"]
    _record(root, a).write_bytes(damage)

    code, out, err = _cli(capsys, root, "list", "--json")
    assert code == 0 and "Traceback" not in err
    listed = {x["id"]: x for x in json.loads(out)}
    assert set(listed) == {a, b}  # from the catalog, or the record rebuilt when it is scanned
    code, out, err = _cli(capsys, root, "search", "harbour", "--json")
    assert code == 0, err
    assert {h["id"] for h in json.loads(out)["hits"]} == {a}  # list and search agree
    code, out, err = _cli(capsys, root, "show", a)
    assert code == 0 and "Harbour talks" in out
    assert a in err and "rebuilt from its stored original" in err  # reported

    # A writer (any import) saves the rebuilt record; the bad one is kept in quarantine.
    code, out, err = _cli(capsys, root, "import", str(original))
    assert code == 0 and "unchanged" in out, out + err
    rebuilt = Article.from_record(json.loads(_record(root, a).read_text()))
    assert rebuilt.id == a and rebuilt.key == key_before  # briefs citing it still resolve
    assert original.read_bytes() == original_bytes
    assert any((root / "quarantine").iterdir())
    code, _, err = _cli(capsys, root, "delete", a)
    assert code == 0, err


def test_deleted_record_is_restored_not_removed(lib, capsys, tmp_path):
    """An article whose record was deleted comes back at the next import: the original stays."""
    root, a, _ = lib
    original = next(p for p in (root / "articles" / a).iterdir() if p.name.startswith("original"))
    original_bytes = original.read_bytes()
    _record(root, a).unlink()
    unrelated = tmp_path / "other.txt"
    unrelated.write_text("Other news\n\nThe port reopened on Tuesday, officials said.\n")
    code, out, err = _cli(capsys, root, "import", str(unrelated))
    assert code == 0, err
    assert original.read_bytes() == original_bytes
    assert a in Library(root).ids()
    assert "rebuilt from its stored original" in err


def test_unrecoverable_record_is_reported_and_can_be_deleted(lib, capsys):
    """A bad record with no original to rebuild from: reported by list, deletable by id."""
    root, a, b = lib
    folder = root / "articles" / a
    for path in folder.iterdir():
        if path.name.startswith("original"):
            path.unlink()
    _record(root, a).write_text('{"metadata": []}')
    code, out, err = _cli(capsys, root, "list", "--json")
    assert code == 0 and b in {x["id"] for x in json.loads(out)}  # the catalog answers
    code, out, err = _cli(capsys, root, "show", a)
    assert code == 2 and "unreadable" in err and "Traceback" not in err
    code, out, err = _cli(capsys, root, "delete", a)
    assert code == 0 and not folder.exists()


def test_links_planted_in_the_library_are_not_followed(lib, tmp_path):
    """A record or folder replaced by a link to outside is neither read nor written through."""
    root, a, b = lib
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "article.json").write_text(_record(root, b).read_text())
    record = _record(root, a)
    saved = record.read_bytes()
    record.unlink()
    record.symlink_to(outside / "article.json")
    library = Library(root)
    with pytest.raises(LibraryError):
        library.load(a)
    with library.lock:
        article = library.get(a)  # rebuilt from the original, the link replaced by a file
    assert article.id == a and not record.is_symlink()
    assert (outside / "article.json").read_text() == _record(root, b).read_text()
    assert json.loads(record.read_text())["key"] == json.loads(saved)["key"]

    linked_folder = root / "articles" / ("f" * 16)
    linked_folder.symlink_to(outside, target_is_directory=True)
    assert "f" * 16 not in library.ids()
    workspace = Workspace(root)
    workspace.delete("f" * 16)
    assert (outside / "article.json").exists() and not linked_folder.exists()


def test_unknown_and_newer_optional_fields_are_accepted(lib):
    """Forward compatibility: extra keys (pages, corrections) load; optional fields may be absent."""
    root, a, _ = lib
    data = json.loads(_record(root, a).read_text())
    data["pages"] = [{"label": "iv", "start": 0}]
    data["claim_corrections"] = [{"claim": 1, "speaker": "X"}]
    for optional in ("citations", "claims", "rejected_repairs", "superseded_by"):
        data.pop(optional, None)
    _record(root, a).write_text(json.dumps(data))
    library = Library(root)
    assert library.load(a).id == a
    assert not library.broken


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = ["metadata", "paragraphs", "repairs", "citations", "claims", "key", "id", "supersedes",
           "original_name", "claims_version", "rejected_repairs", "imported_at"]  # fmt: skip


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(_FIELDS), value=_JSON)
@example(field="original_name", value="")  # loaded once, then its original could not be read
@example(field="original_name", value=None)
def test_any_wrong_value_in_any_field_is_caught_or_harmless(lib, field, value):
    """Whatever a field holds, loading raises LibraryError or gives a sound Article."""
    root, a, _ = lib
    path = _record(root, a)
    good = path.read_bytes()
    try:
        data = json.loads(good)
        data[field] = value
        path.write_text(json.dumps(data))
        library = Library(root)
        try:
            article = library.load(a)
        except LibraryError:
            article = library.get(a)  # rebuilt from the original
        assert article.id == a
        assert isinstance(article.text, str) and isinstance(article.metadata.title, str)
        library.original_bytes(article)
    finally:
        path.write_bytes(good)
