"""The whole hostile suite through the real command line: a result line for every entry, no
traceback on stderr, no original lost, nothing read or written outside the library.

The commands run as child processes, so stderr is exactly what a user would see (logging
included), and a hang or a crash of the interpreter is caught too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.core import hostile_tree

HOSTILE = FIXTURES / "hostile"


def _cli(home: Path, *argv: str, user: int | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING")}
    env.update(BRIEFING_HOME=str(home), PYTHONPATH=str(ROOT), HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=240,
        user=user,
        check=False,
    )


def _assert_clean(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1, 2), (proc.returncode, err)
    out = proc.stdout.decode("utf-8")  # valid UTF-8 whatever the file names were
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    return out


def _snapshot(*roots: Path) -> dict[str, bytes]:
    found = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                found[str(path)] = path.read_bytes()
    return found


def _entries(folder: Path) -> set[str]:
    """Every non-hidden entry of a tree as the import walks it (links not followed)."""
    names = set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            if not name.startswith("."):
                names.add(os.fsencode(name).decode("utf-8", "backslashreplace"))
    return names


def _big_zip(path: Path, members: int) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(members):
            zf.writestr(f"notes/m{i:05d}.txt", "Note\n\nOfficials said talks resume.\n")


@pytest.fixture
def hostile_input(tmp_path):
    tree = hostile_tree.build(tmp_path)
    for source in HOSTILE.iterdir():
        if source.name != "README.md":
            shutil.copy(source, tree.root / source.name)
    (tree.root / "long-line.txt").write_text("Title\n\n" + "a@" * 100_000 + "\n")
    (tree.root / "spaces.txt").write_text("Title\n\nWord" + " " * 200_000 + "end.\n")
    _big_zip(tree.root / "many.zip", 10_000)
    yield tree
    tree.close()


def test_hostile_folder_through_the_cli(hostile_input, tmp_path):
    """Every entry reported once, no traceback, outside untouched, records sound."""
    tree = hostile_input
    home = tmp_path / "home"
    library = home / "library"
    outside_before = _snapshot(tree.outside)
    proc = _cli(home, "--library", str(library), "import", "--json", str(tree.root))
    out = _assert_clean(proc)
    results = [json.loads(line) for line in out.splitlines()]
    reported = {Path(r["path"].split("!", 1)[0]).name for r in results}
    assert _entries(tree.root) <= reported
    members = [r for r in results if "!" in r["path"]]
    assert len(members) == 10_000
    assert _snapshot(tree.outside) == outside_before
    for record in library.glob("articles/*/article.json"):
        text = record.read_text(encoding="utf-8")
        assert "TOP SECRET" not in text
    for command in (["list"], ["search", "talks"], ["list", "--json"]):
        _assert_clean(_cli(home, "--library", str(library), *command))


def test_tampered_library_through_the_cli(tmp_path):
    """Tampered ids, wrong-typed and deleted records: every command answers, nothing lost."""
    home, library = tmp_path / "home", tmp_path / "home" / "library"
    files = tmp_path / "files"
    files.mkdir()
    for i in range(4):
        (files / f"a{i}.txt").write_text(
            f"Report {i}\n\nOfficials said talks on item {i} would resume.\n", encoding="utf-8"
        )
    out = _assert_clean(_cli(home, "--library", str(library), "import", "--json", str(files)))
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep")
    folders = [library / "articles" / i for i in ids]
    originals = {p: p.read_bytes() for f in folders for p in f.glob("original*")}
    record = json.loads((folders[0] / "article.json").read_text())
    record["id"] = os.path.relpath(victim, folders[0])
    (folders[0] / "article.json").write_text(json.dumps(record))
    (folders[1] / "article.json").write_text('{"metadata": "oops"}')
    (folders[2] / "article.json").unlink()
    (folders[3] / "article.json").write_text("[]")

    for command in (["list"], ["search", "talks"], ["show", ids[0]], ["show", ids[3]]):
        _assert_clean(_cli(home, "--library", str(library), *command))
    _assert_clean(_cli(home, "--library", str(library), "delete", ids[0]))
    _assert_clean(_cli(home, "--library", str(library), "import", str(files)))
    assert (victim / "keep.txt").read_text() == "keep"
    for path, data in originals.items():
        if folders[0] not in path.parents:
            assert path.read_bytes() == data, f"original lost: {path}"
    listed = json.loads(_assert_clean(_cli(home, "--library", str(library), "list", "--json")))
    assert {a["id"] for a in listed} == set(ids)  # the deleted one re-imported, three rebuilt


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to run as another user"
)
def test_unreadable_subfolder_gets_a_result_line_as_an_ordinary_user():
    """As an unprivileged user a folder without read permission is reported, not skipped."""
    base = Path(tempfile.mkdtemp(prefix="briefing-perm-"))
    try:
        os.chmod(base, 0o777)
        root = base / "in"
        (root / "locked").mkdir(parents=True)
        (root / "locked" / "a.txt").write_text(hostile_tree.ARTICLE)
        (root / "b.txt").write_text(hostile_tree.ARTICLE)
        os.chmod(root / "locked", 0o700)  # root's, so "nobody" cannot list it
        for path in (root, root / "b.txt"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        home = base / "home"
        home.mkdir(mode=0o777)
        os.chmod(home, 0o777)
        try:
            proc = _cli(home, "--library", str(home / "lib"), "import", str(root), user=65534)
        except PermissionError:
            pytest.skip("this Python cannot be run by an unprivileged user (it lives in /root)")
        out = _assert_clean(proc)
        assert "failed     " + str(root / "locked") + ": folder skipped" in out, out
        assert "imported   " + str(root / "b.txt") in out
    finally:
        shutil.rmtree(base, ignore_errors=True)
