"""Hostile input: every file fails cleanly or imports with nothing active left in its record.

A local HTTP server stands in for "the internet" and must see zero requests; the file tree
around the library is compared before and after, so nothing may be written outside it.
"""

from __future__ import annotations

import http.server
import stat
import threading
import time
import zipfile
from pathlib import Path

import pytest

from briefing_app import paths
from briefing_app.core.ingest import import_paths
from briefing_app.core.library import Library
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
PARSERS = {
    ".html": "briefing_app.core.ingest.html",
    ".md": "briefing_app.core.ingest.markdown",
    ".txt": "briefing_app.core.ingest.plaintext",
    ".pdf": "briefing_app.core.ingest.pdf",
}
ACTIVE = ("hostile_payload", "<script", "javascript:", "onerror=", "onload=", "<iframe")
CORPUS_FILES = sorted(
    p.name for p in HOSTILE.iterdir() if p.suffix in PARSERS and p.name != "README.md"
)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server names)
        self.server.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server that records every request it gets."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    httpd.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def sandbox(tmp_path, server):
    """The corpus copied with REMOTE pointing at the server, and an empty library."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    remote = f"http://127.0.0.1:{server.server_address[1]}"
    for name in CORPUS_FILES:
        source = HOSTILE / name
        data = source.read_bytes()
        if source.suffix in (".html", ".md"):
            data = data.replace(b"REMOTE", remote.encode("ascii"))
        (corpus / source.name).write_bytes(data)
    return corpus, Library(tmp_path / "library")


def _tree(*roots: Path) -> set[Path]:
    found = set()
    for root in roots:
        if root.exists():
            found.update(root.rglob("*"))
    return found


def _need_parser(name: str) -> None:
    module = PARSERS.get(Path(name).suffix)
    if module:
        pytest.importorskip(module, reason=f"{module} has not landed yet")


def _check_contained(library: Library, results, before: set[Path], roots) -> None:
    """Each result is clean, records hold nothing active, nothing was written outside."""
    for result in results:
        assert result.status in ("imported", "failed", "unchanged"), result
        if result.status == "failed":
            assert result.error and "Traceback" not in result.error, result
    for article_id in library.ids():
        record = (library.folder(article_id) / "article.json").read_text(encoding="utf-8").lower()
        for marker in ACTIVE:
            assert marker not in record, f"{marker!r} survived into {article_id}"
    inside = (library.root, *library.root.parents)
    outside = {
        p for p in _tree(*roots) - before if p not in inside and library.root not in p.parents
    }
    # The caches (index, catalog) live in the cache folder, which they may create.
    outside = {p for p in outside if p != paths.cache_dir() and paths.cache_dir() not in p.parents}
    assert not outside, f"written outside the library: {sorted(outside)}"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_hostile_file_fails_cleanly_or_is_defused(name, sandbox, server, isolated_home):
    """One committed hostile file: contained, no request, no active content in the record."""
    _need_parser(name)
    corpus, library = sandbox
    roots = (corpus.parent, isolated_home, Path("/tmp"))
    before = _tree(corpus.parent, isolated_home)
    started = time.monotonic()
    results = import_paths(library, [corpus / name])
    assert time.monotonic() - started < 60, "import took too long (loop?)"
    assert len(results) == 1
    _check_contained(library, results, before, roots[:2])
    assert server.hits == [], f"network requests during import: {server.hits}"
    if results[0].status == "imported" and name.endswith((".html", ".md")):
        text = library.get(results[0].id).text
        assert "four hours" in text, "the article's real text was lost with the hostile parts"


def _bomb_zip(path: Path) -> None:
    """A zip with a ratio bomb, path escapes, an absolute path, a symlink and a nested zip."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "ok/article.txt", "Ministers met.\n\nThe talks lasted four hours, officials said.\n"
        )
        with zf.open("bomb.txt", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(100):
                member.write(block)
        zf.writestr("../escape.txt", "escaped the library")
        zf.writestr("/tmp/briefing-absolute-member.txt", "absolute")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("inner.zip", b"PK\x03\x04nested")


def test_zip_bomb_and_escaping_members(sandbox, isolated_home):
    """Bombs stop early, unsafe members are refused by name, nothing lands outside."""
    _need_parser("member.txt")
    corpus, library = sandbox
    archive = corpus / "evil.zip"
    _bomb_zip(archive)
    before = _tree(corpus.parent, isolated_home)
    started = time.monotonic()
    results = import_paths(library, [archive])
    elapsed = time.monotonic() - started
    by_member = {r.path.split("!", 1)[1]: r for r in results}
    for member in (
        "bomb.txt",
        "../escape.txt",
        "/tmp/briefing-absolute-member.txt",
        "link.txt",
        "inner.zip",
    ):
        assert by_member[member].status == "failed", by_member[member]
    assert not (corpus.parent / "escape.txt").exists() and not (corpus / "escape.txt").exists()
    assert not Path("/tmp/briefing-absolute-member.txt").exists()
    _check_contained(library, results, before, (corpus.parent, isolated_home))
    assert elapsed < 30, f"bomb handling took {elapsed:.1f}s"


def test_one_gigabyte_sparse_file_is_refused_fast(sandbox):
    """A 1 GB file is refused by size before it is read into memory."""
    corpus, library = sandbox
    big = corpus / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(1 << 30)
    started = time.monotonic()
    (result,) = import_paths(library, [big])
    assert result.status == "failed" and "larger than" in result.error
    assert time.monotonic() - started < 5
    assert library.ids() == []


def test_whole_corpus_in_one_import(sandbox, server, isolated_home):
    """Importing the corpus folder at once: every file reported, the batch goes on."""
    for name in CORPUS_FILES:
        _need_parser(name)
    corpus, library = sandbox
    before = _tree(corpus.parent, isolated_home)
    results = import_paths(library, [corpus])
    assert len(results) == len([p for p in corpus.iterdir() if not p.name.startswith(".")])
    _check_contained(library, results, before, (corpus.parent, isolated_home))
    assert server.hits == []
