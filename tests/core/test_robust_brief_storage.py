"""BriefFile: atomic saves that refuse to overwrite a file changed by someone else."""

from __future__ import annotations

import hashlib
import os

import pytest

from briefing_app.core.atomicio import SaveError
from briefing_app.core.brief.storage import BriefFile
from briefing_app.core.errors import BriefError, SaveConflict


def test_open_save_roundtrip(tmp_path):
    """Open reads the text and digest; save writes the new text and updates them."""
    path = tmp_path / "memo.md"
    path.write_bytes(b"# Memo\n")
    brief = BriefFile.open(path)
    assert brief.text == "# Memo\n"
    assert brief.digest == hashlib.sha256(b"# Memo\n").hexdigest()
    brief.save("# Memo\n\nMore.\n")
    assert path.read_text(encoding="utf-8") == "# Memo\n\nMore.\n"
    assert not brief.changed_on_disk()
    assert brief.digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_external_change_blocks_save(tmp_path):
    """A file changed on disk is never overwritten silently; force or reload resolve it."""
    path = tmp_path / "memo.md"
    path.write_text("mine\n", encoding="utf-8")
    brief = BriefFile.open(path)
    path.write_text("theirs, longer\n", encoding="utf-8")
    assert brief.changed_on_disk()
    with pytest.raises(SaveConflict) as info:
        brief.save("mine, edited\n")
    assert "changed by another program" in str(info.value)
    assert path.read_text(encoding="utf-8") == "theirs, longer\n"
    assert brief.disk_text() == "theirs, longer\n"
    assert brief.reload() == "theirs, longer\n" and not brief.changed_on_disk()
    brief.save("merged\n")
    assert path.read_text(encoding="utf-8") == "merged\n"


def test_touch_is_not_a_change(tmp_path):
    """A new mtime with identical bytes does not count as an external change."""
    path = tmp_path / "memo.md"
    path.write_text("same\n", encoding="utf-8")
    brief = BriefFile.open(path)
    os.utime(path, ns=(1, 1))
    assert not brief.changed_on_disk()


def test_deleted_file_is_detected_and_recreated(tmp_path):
    """A deleted file counts as changed; saving recreates it (nothing is overwritten)."""
    path = tmp_path / "memo.md"
    path.write_text("x\n", encoding="utf-8")
    brief = BriefFile.open(path)
    path.unlink()
    assert brief.changed_on_disk() and brief.deleted_on_disk()
    brief.save("y\n")
    assert path.read_text(encoding="utf-8") == "y\n"


def test_crlf_and_bom_are_kept(tmp_path):
    """The editor sees "\\n"; the file keeps its CRLF newlines and BOM."""
    path = tmp_path / "memo.md"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\r\n")
    brief = BriefFile.open(path)
    assert brief.text == "a\nb\n"
    brief.save("a\nb\nc\n")
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\nb\r\nc\r\n"


def test_untitled_save_as(tmp_path):
    """An untitled brief cannot save() but save_as adopts the new path."""
    brief = BriefFile()
    with pytest.raises(BriefError):
        brief.save("text")
    target = tmp_path / "new.md"
    brief.save_as(target, "text\n")
    assert brief.path == target.resolve() and target.read_text(encoding="utf-8") == "text\n"
    brief.save("text 2\n")
    assert target.read_text(encoding="utf-8") == "text 2\n"


def test_bad_files_give_plain_errors(tmp_path):
    """Missing, folder and non-UTF-8 files raise BriefError with a plain message."""
    with pytest.raises(BriefError, match="does not exist"):
        BriefFile.open(tmp_path / "nope.md")
    with pytest.raises(BriefError, match="folder"):
        BriefFile.open(tmp_path)
    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(BriefError, match="not UTF-8"):
        BriefFile.open(junk)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_keeps_old_file(tmp_path):
    """Saving into a read-only folder raises SaveError and leaves the file intact."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "memo.md"
    path.write_text("old\n", encoding="utf-8")
    brief = BriefFile.open(path)
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            brief.save("new\n")
    finally:
        folder.chmod(0o755)
    assert path.read_text(encoding="utf-8") == "old\n"
