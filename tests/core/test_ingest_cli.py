"""The `import`, `list` and `show` command-line contract other tools rely on."""

from __future__ import annotations

import json
import shutil

from briefing_app.cli import main
from tests.conftest import SEED_FILE, SEEDS


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _import_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_import_json_lines(capsys, tmp_path):
    """`import --json` prints one object per file with path, status, id and error."""
    code, out = _run(capsys, "--library", str(tmp_path / "lib"), "import", str(SEEDS), "--json")
    assert code == 0
    results = _import_lines(out)
    assert len(results) == len([p for p in SEEDS.iterdir() if not p.name.startswith(".")])
    seed = next(r for r in results if r["path"].endswith(SEED_FILE.name))
    assert {"path", "status", "id", "error"} <= set(seed)
    assert seed["status"] == "imported" and seed["error"] is None and len(seed["id"]) == 16


def test_show_json(capsys, tmp_path):
    """`show ID --json` gives the documented fields, paragraphs and repairs."""
    lib = str(tmp_path / "lib")
    _, out = _run(capsys, "--library", lib, "import", str(SEED_FILE), "--json")
    article_id = _import_lines(out)[0]["id"]
    code, out = _run(capsys, "--library", lib, "show", article_id, "--json")
    assert code == 0
    shown = json.loads(out)
    for key in (
        "id",
        "key",
        "title",
        "authors",
        "publisher",
        "published",
        "series",
        "volume",
        "issue",
    ):
        assert key in shown
    for key in ("url", "language", "excerpt_only", "paragraphs", "repairs", "citations", "claims"):
        assert key in shown
    assert shown["authors"] == ["Emil Avdaliani"] and shown["excerpt_only"] is True
    assert len(shown["paragraphs"]) == 3
    assert {"kind", "before", "after", "certain"} <= set(shown["repairs"][0])
    code, out = _run(capsys, "--library", lib, "show", shown["key"], "--json")
    assert json.loads(out)["id"] == article_id


def test_list_json(capsys, tmp_path):
    """`list --json` is an array of short summaries."""
    lib = str(tmp_path / "lib")
    _run(capsys, "--library", lib, "import", str(SEED_FILE), "--json")
    code, out = _run(capsys, "--library", lib, "list", "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert set(entry) == {"id", "key", "title", "authors", "publisher", "published"}


def test_reimport_says_unchanged(capsys, tmp_path):
    """Importing the same bytes again changes nothing and says so."""
    lib = str(tmp_path / "lib")
    _, first = _run(capsys, "--library", lib, "import", str(SEED_FILE), "--json")
    code, again = _run(capsys, "--library", lib, "import", str(SEED_FILE), "--json")
    assert code == 0
    (result,) = _import_lines(again)
    assert result["status"] == "unchanged" and result["id"] == _import_lines(first)[0]["id"]


def test_same_url_becomes_a_new_version(capsys, tmp_path):
    """A different file with the same URL supersedes the old version; nothing is overwritten."""
    lib = str(tmp_path / "lib")
    _, out = _run(capsys, "--library", lib, "import", str(SEED_FILE), "--json")
    old_id = _import_lines(out)[0]["id"]
    edited = tmp_path / "edited.txt"
    edited.write_bytes(SEED_FILE.read_bytes().replace(b"Recently,", b"Only recently,"))
    _, out = _run(capsys, "--library", lib, "import", str(edited), "--json")
    (result,) = _import_lines(out)
    assert result["status"] == "imported" and result["id"] != old_id
    _, out = _run(capsys, "--library", lib, "show", result["id"], "--json")
    new = json.loads(out)
    assert new["supersedes"] == old_id
    _, out = _run(capsys, "--library", lib, "show", old_id, "--json")
    old = json.loads(out)
    assert old["superseded_by"] == result["id"] and old["paragraphs"][0].startswith("Recently,")
    # The new version takes over the key: briefs citing it now point at the new text.
    assert new["key"] == old["key"]
    _, out = _run(capsys, "--library", lib, "show", new["key"], "--json")
    assert json.loads(out)["id"] == result["id"]


def test_failed_file_gives_error_and_exit_code(capsys, tmp_path):
    """A binary file is reported as failed with a reason; the exit code is non-zero."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "seed.txt")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    code, out = _run(capsys, "--library", str(tmp_path / "lib"), "import", str(folder), "--json")
    results = {r["path"].rsplit("/", 1)[-1]: r for r in _import_lines(out)}
    assert code != 0
    assert results["seed.txt"]["status"] == "imported"
    assert results["junk.txt"]["status"] == "failed" and "binary" in results["junk.txt"]["error"]
