"""Parsing in worker processes: the same articles as a serial import, in order, errors per file."""

from __future__ import annotations

import os

import pytest

from briefing_app.core.ingest.importer import MAX_FILE_BYTES, build_article, import_paths
from briefing_app.core.ingest.pipeline import ParallelBuilder
from briefing_app.core.library import Library
from briefing_app.core.workspace import Workspace
from tests.recombined import write_recombined

FILES = 14


def crash_on_marked_files(data: bytes, name: str, source_path: str):
    """A worker job that dies like a crashed parser on files named crash*."""
    if name.startswith("crash"):
        os._exit(3)
    return build_article(data, name, source_path=source_path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_recombined(folder, FILES)
    return folder


def _comparable(article) -> dict:
    record = article.to_record()
    record.pop("imported_at")
    return record


def test_workers_build_what_the_serial_import_builds(tmp_path, corpus):
    builder = ParallelBuilder(MAX_FILE_BYTES, workers=2)
    with builder:
        results = import_paths(Library(tmp_path / "parallel"), [corpus], builder=builder)
    serial = import_paths(Library(tmp_path / "serial"), [corpus])
    assert builder.from_workers == FILES
    assert [(r.path, r.status, r.id) for r in results] == [(r.path, r.status, r.id) for r in serial]
    parallel_library, serial_library = Library(tmp_path / "parallel"), Library(tmp_path / "serial")
    for result in serial:
        assert _comparable(parallel_library.get(result.id)) == _comparable(
            serial_library.get(result.id)
        )


def test_a_bad_file_fails_alone_with_the_serial_message(tmp_path, corpus):
    folder = tmp_path / "mixed"
    write_recombined(folder, FILES)
    (folder / "000" / "article_000005.md").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "000" / "empty.md").write_bytes(b"")
    builder = ParallelBuilder(MAX_FILE_BYTES, workers=2)
    with builder:
        results = import_paths(Library(tmp_path / "lib"), [folder], builder=builder)
    failed = {os.path.basename(r.path): r.error for r in results if r.status == "failed"}
    assert failed == {
        "article_000005.md": "binary or undecodable: not a text file",
        "empty.md": "the file is empty",
    }
    assert sum(r.status == "imported" for r in results) == FILES - 1
    assert builder.from_workers == FILES - 1  # the bad file was parsed in a worker too


def test_a_worker_that_dies_costs_only_its_file(tmp_path, corpus):
    folder = tmp_path / "crashy"
    write_recombined(folder, FILES)
    (folder / "000" / "crash.md").write_text(
        "The minister said it would crash.\n", encoding="utf-8"
    )
    builder = ParallelBuilder(MAX_FILE_BYTES, workers=2, work=crash_on_marked_files)
    with builder:
        results = import_paths(Library(tmp_path / "lib"), [folder], builder=builder)
    statuses = {os.path.basename(r.path): r.status for r in results}
    assert statuses.pop("crash.md") == "failed"
    assert set(statuses.values()) == {"imported"} and len(statuses) == FILES
    [crash] = [r for r in results if r.path.endswith("crash.md")]
    assert "stopped abruptly" in crash.error


def test_each_file_that_kills_its_worker_is_reported_and_none_runs_here(tmp_path, corpus):
    """Workers that run are never given up for files that kill them: such a file built in
    this process would take the import (the app) down with it."""
    folder = tmp_path / "crashy"
    write_recombined(folder, FILES)
    crashes = {f"crash{n}.md" for n in range(4)}
    for name in crashes:
        (folder / "000" / name).write_text(f"The minister said {name} would crash.\n")
    builder = ParallelBuilder(MAX_FILE_BYTES, workers=2, work=crash_on_marked_files)
    with builder:
        results = import_paths(Library(tmp_path / "lib"), [folder], builder=builder)
    statuses = {os.path.basename(r.path): r.status for r in results}
    assert {name for name, status in statuses.items() if status == "failed"} == crashes
    assert sum(status == "imported" for status in statuses.values()) == FILES
    assert builder.from_workers == FILES  # every good file still parsed in a worker


def test_the_workspace_imports_through_the_workers(tmp_path, corpus, monkeypatch):
    used = []
    original = ParallelBuilder.close

    def recording_close(self):
        used.append(self.from_workers)
        original(self)

    monkeypatch.setattr(ParallelBuilder, "close", recording_close)
    workspace = Workspace(tmp_path / "lib")
    results = workspace.import_paths([corpus])
    assert [r.status for r in results] == ["imported"] * FILES
    assert used == [FILES] if (os.cpu_count() or 1) > 1 else used == [0]
    assert len(workspace.library) == FILES


def test_few_files_are_parsed_in_process(tmp_path, corpus):
    builder = ParallelBuilder(MAX_FILE_BYTES, workers=2)
    with builder:
        import_paths(Library(tmp_path / "lib"), [next(corpus.rglob("*.md"))], builder=builder)
    assert builder.from_workers == 0


def test_files_read_ahead_are_bounded_in_bytes(tmp_path, monkeypatch):
    """Many small files queue many to a worker; large ones queue up to the byte bound, and
    never fewer than one a worker."""
    from briefing_app.core.ingest import pipeline
    from briefing_app.core.ingest.document import Source

    monkeypatch.setattr(pipeline, "LOOKAHEAD_BYTES", 1000)

    def sources(size: int) -> list[Source]:
        return [
            Source(display=f"{i}.md", name=f"{i}.md", read=lambda i=i: b"%d" % i * size, size=size)
            for i in range(200)
        ]

    def queued(size: int) -> int:
        builder = ParallelBuilder(MAX_FILE_BYTES, workers=2)
        with builder:
            builder.start(sources(size), known=lambda aid: False)
            return len(builder._jobs)

    assert queued(1) == 2 * pipeline.LOOKAHEAD_PER_WORKER
    assert queued(300) == 4  # 1,200 bytes queued: the bound was passed by the last one
    assert queued(5000) == 2  # one a worker however large
