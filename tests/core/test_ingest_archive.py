"""Zip archives: members imported like files; bombs, escapes, links and damage refused one by one."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from briefing_app.core.ingest import archive
from briefing_app.core.ingest.document import ImportResult, Source

ARTICLE = (
    b"Title of a test article\n\nThe first paragraph of a short article that says something "
    b"about trade policy in Central Asia.\n"
)


def _zip(path: Path, members: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    return path


def _results(workspace, path: Path) -> dict[str, ImportResult]:
    return {r.path.split("!", 1)[-1]: r for r in workspace.import_paths([path])}


def _outside_files(root: Path, library: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and library not in p.parents]


def test_good_members_import_and_bad_ones_get_one_line_each(workspace, tmp_path):
    """Unsafe members fail with a reason; the safe ones around them still import."""
    path = _zip(
        tmp_path / "mixed.zip",
        {
            "good.txt": ARTICLE,
            "../escape.txt": ARTICLE + b"1",
            "/etc/absolute.txt": ARTICLE + b"2",
            "C:/windows.txt": ARTICLE + b"3",
            "link.txt": b"/etc/passwd",
            "inner.zip": b"PK\x03\x04 not opened",
            "sub/also-good.txt": ARTICLE + b"4",
        },
        symlinks=("link.txt",),
    )
    results = _results(workspace, path)
    assert results["good.txt"].status == "imported"
    assert results["sub/also-good.txt"].status == "imported"
    assert "'..'" in results["../escape.txt"].error
    assert "absolute" in results["/etc/absolute.txt"].error
    assert "absolute" in results["C:/windows.txt"].error
    assert "symbolic link" in results["link.txt"].error
    assert "nested archive" in results["inner.zip"].error
    assert len(workspace.articles()) == 2


def test_nothing_is_written_outside_the_library(workspace, tmp_path):
    """Escaping member names never create files next to the archive or anywhere else."""
    path = _zip(tmp_path / "escape.zip", {"../../evil.txt": ARTICLE, "/tmp/evil2.txt": ARTICLE})
    before = set(tmp_path.rglob("*"))
    workspace.import_paths([path])
    assert set(tmp_path.rglob("*")) == before
    assert not Path("/tmp/evil2.txt").exists()


def test_ratio_bomb_is_stopped_while_inflating(workspace, tmp_path):
    """A member that inflates far beyond its compressed size fails as a zip bomb."""
    path = _zip(tmp_path / "bomb.zip", {"bomb.txt": b"a" * (8 * 1024 * 1024), "ok.txt": ARTICLE})
    results = _results(workspace, path)
    assert "zip bomb" in results["bomb.txt"].error
    assert results["ok.txt"].status == "imported"


def test_total_inflated_size_is_capped(monkeypatch, workspace, tmp_path):
    """Many members that are each fine stop once the archive's total passes the cap."""
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 2 * len(ARTICLE) + 10)
    path = _zip(tmp_path / "total.zip", {f"m{i}.txt": ARTICLE + bytes([65 + i]) for i in range(4)})
    statuses = [r.status for r in workspace.import_paths([path])]
    assert statuses[:2] == ["imported", "imported"]
    assert statuses[2:] == ["failed", "failed"]


def test_member_count_is_capped(monkeypatch, workspace, tmp_path):
    """An archive with more members than the cap fails as a whole, with one line."""
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    path = _zip(tmp_path / "many.zip", {f"m{i}.txt": ARTICLE for i in range(5)})
    results = workspace.import_paths([path])
    assert len(results) == 1 and "5 members" in results[0].error


def test_member_size_is_counted_while_inflating(monkeypatch, tmp_path):
    """The bytes actually inflated are counted against the member cap, not the header's size."""
    path = _zip(tmp_path / "big.zip", {"big.txt": b"word " * 1000})
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    (source,) = list(archive.iter_members(path))
    assert isinstance(source, Source)
    with pytest.raises(archive.IngestError, match="larger than"):
        source.read()


def test_corrupt_archive_fails_with_one_line(workspace, tmp_path):
    """A file named .zip that is not a zip archive fails with a plain reason."""
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    results = workspace.import_paths([path])
    assert [r.status for r in results] == ["failed"]
    assert "not a readable zip archive" in results[0].error


def test_damaged_member_fails_and_the_rest_goes_on(workspace, tmp_path):
    """A member whose compressed data is damaged fails; its neighbours still import."""
    path = _zip(tmp_path / "damaged.zip", {"a.txt": ARTICLE * 50, "b.txt": ARTICLE + b"b"})
    raw = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("a.txt")
    data_start = info.header_offset + 30 + len(info.filename)
    for i in range(data_start + 5, data_start + 25):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    results = _results(workspace, path)
    assert results["a.txt"].status == "failed"
    assert "damaged" in results["a.txt"].error
    assert results["b.txt"].status == "imported"


def test_hidden_and_resource_fork_members_are_skipped(tmp_path):
    """Dot files and macOS resource forks are not articles and are not reported."""
    path = _zip(
        tmp_path / "mac.zip", {"__MACOSX/._a.txt": b"x", ".DS_Store": b"x", "a.txt": ARTICLE}
    )
    names = [item.display.split("!", 1)[1] for item in archive.iter_members(path)]
    assert names == ["a.txt"]


def test_office_documents_are_not_opened_as_archives(tmp_path):
    """A .docx is a zip underneath but not an archive of articles."""
    path = _zip(tmp_path / "report.docx", {"word/document.xml": b"<w/>"})
    assert not archive.is_archive(path)
    assert archive.is_archive(_zip(tmp_path / "bundle.zip", {"a.txt": ARTICLE}))
