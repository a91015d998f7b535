"""Special files and symbolic links: nothing hangs, nothing outside the tree is read.

A FIFO would block `open()` forever (with the write lock held), a device never ends, a link
may lead out of the imported folder (to /etc/shadow when run as root) or in a circle.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from briefing_app.core import regular_files
from briefing_app.core.ingest import archive, import_paths
from briefing_app.core.ingest.importer import MAX_FILE_BYTES, iter_sources
from briefing_app.core.library import Library
from tests.core import hostile_tree
from tests.core.hostile_tree import SECRET


@pytest.fixture
def tree(tmp_path):
    built = hostile_tree.build(tmp_path)
    yield built
    built.close()


def _by_name(results) -> dict[str, object]:
    return {Path(r.path).name: r for r in results}


def _import(library, paths, timeout=30.0):
    """import_paths in a thread, so a hang fails the test instead of blocking it."""
    outcome = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault("results", import_paths(library, paths)), daemon=True
    )
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the import hung"
    return outcome["results"]


def test_every_entry_gets_a_result_and_nothing_outside_is_read(tree, tmp_path):
    """FIFO, socket, device, links out, loops, dangling links: one plain result each."""
    library = Library(tmp_path / "library")
    started = time.monotonic()
    results = _import(library, [tree.root])
    assert time.monotonic() - started < 30
    by_name = _by_name(results)
    for name, (status, words) in tree.expected.items():
        assert by_name[name].status == status, by_name[name]
        assert words in by_name[name].error, by_name[name]
    assert by_name["good.txt"].status == "imported"
    assert by_name["nested.txt"].status == "imported"
    assert by_name["inside-link.txt"].status == "unchanged"  # a link inside the tree is read
    for article_id in library.ids():
        record = (library.folder(article_id) / "article.json").read_text(encoding="utf-8")
        assert "TOP SECRET" not in record
    assert all(r.status in ("imported", "unchanged", "skipped", "failed") for r in results)


@pytest.mark.skipif(not hostile_tree.can_mknod(), reason="mknod needs root")
def test_dev_zero_named_directly_is_refused_at_once(tmp_path):
    """`briefing import /dev/zero`: st_size is 0, the read would never end."""
    library = Library(tmp_path / "library")
    (result,) = _import(library, ["/dev/zero"], timeout=10)
    assert result.status == "skipped" and "character device" in result.error


def test_fifo_named_directly_does_not_block(tree, tmp_path):
    library = Library(tmp_path / "library")
    (result,) = _import(library, [tree.root / "pipe.txt"], timeout=10)
    assert "named pipe" in result.error


def test_is_archive_never_opens_a_fifo(tree):
    """Listing decides "is it a zip?" without blocking on a FIFO (with or without a name)."""
    bare = tree.root / "pipe"
    os.mkfifo(bare)
    done = []
    worker = threading.Thread(target=lambda: done.append(archive.is_archive(bare)), daemon=True)
    worker.start()
    worker.join(5)
    assert done == [False]


def test_counting_reader_stops_at_the_limit_whatever_the_size_says(tmp_path):
    """The limit counts bytes read, not st_size (which is 0 for /dev/zero and /proc files)."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(regular_files.TooLarge):
        regular_files.read_regular(big, 4096)
    assert regular_files.read_regular(big, 5000) == b"x" * 5000
    if hostile_tree.can_mknod():
        with pytest.raises(regular_files.NotRegularFile):
            regular_files.read_regular("/dev/zero", MAX_FILE_BYTES)


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tree, tmp_path):
    """Files found by the walk are opened with O_NOFOLLOW: a later swap to a link fails."""
    sources = [s for s in iter_sources([tree.root]) if getattr(s, "name", "") == "good.txt"]
    (source,) = sources
    good = tree.root / "good.txt"
    good.unlink()
    good.symlink_to(tree.outside / "secret.txt")
    with pytest.raises(OSError):
        source.read()


def test_unreadable_subfolder_gets_a_result_line(tmp_path):
    """A folder that cannot be listed is reported, and the batch goes on."""
    if os.geteuid() == 0:
        pytest.skip("root reads any folder; covered by the CLI test as an unprivileged user")
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "a.txt").write_text(hostile_tree.ARTICLE)
    (root / "b.txt").write_text(hostile_tree.ARTICLE + "More.\n")
    os.chmod(root / "locked", 0)
    try:
        results = import_paths(Library(tmp_path / "library"), [root])
    finally:
        os.chmod(root / "locked", 0o700)
    by_name = _by_name(results)
    assert by_name["locked"].status == "failed" and "folder skipped" in by_name["locked"].error
    assert by_name["b.txt"].status == "imported"


def test_folder_that_cannot_be_listed_gets_a_result_line(tmp_path):
    """A stand-in that fails even for root: a folder whose path is longer than PATH_MAX."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "b.txt").write_text(hostile_tree.ARTICLE)
    fd = os.open(root, os.O_RDONLY)
    name = "n" * 200
    try:
        for _ in range(25):  # 25 x 201 characters: past the 4096 a path may have
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    results = import_paths(Library(tmp_path / "library"), [root])
    failed = [r for r in results if r.status == "failed"]
    assert failed and "folder skipped" in failed[0].error, results
    assert "too long" in failed[0].error.lower()
    assert any(r.status == "imported" and r.path.endswith("b.txt") for r in results)


def test_deep_folder_nesting_is_walked_without_recursion(tmp_path):
    """Deeper than Python's recursion limit: still one result, no RecursionError."""
    folders = [tmp_path / "deep"]
    for _ in range(1200):
        folders.append(folders[-1] / "d")
    for folder in folders:
        folder.mkdir()  # one by one: os.makedirs (and shutil.rmtree) recurse
    (folders[-1] / "bottom.txt").write_text(hostile_tree.ARTICLE)
    try:
        (result,) = list(iter_sources([folders[0]]))
        assert result.name == "bottom.txt"
    finally:
        (folders[-1] / "bottom.txt").unlink()
        for folder in reversed(folders):
            folder.rmdir()


def test_file_source_reads_a_symlinked_file_inside_the_tree(tree):
    """A link whose target is inside the imported folder is followed (and shown by its name)."""
    sources = {Path(s.display).name: s for s in iter_sources([tree.root]) if hasattr(s, "read")}
    assert sources["inside-link.txt"].read() == (tree.root / "good.txt").read_bytes()
    assert SECRET.encode() not in b"".join(s.read() for s in sources.values())
