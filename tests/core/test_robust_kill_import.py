"""SIGKILL during an import (with indexing): the library survives and a re-run completes it."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from briefing_app.core import startup
from briefing_app.core.workspace import Workspace
from tests.core.robust_corpus import write_articles

HAS_INDEX = importlib.util.find_spec("briefing_app.core.search.index") is not None

# indexing=1 imports through the Workspace (index updated batch by batch); 0 the library only.
IMPORTER = """
import sys
from briefing_app.core.library import Library
from briefing_app.core.ingest import import_paths
from briefing_app.core.workspace import Workspace
library_dir, corpus, indexing = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
print("ready", flush=True)
if indexing:
    Workspace(library_dir).import_paths([corpus])
else:
    import_paths(Library(library_dir), [corpus])
print("done", flush=True)
"""


def _run_child(library_dir, corpus, indexing: bool, kill_after: float | None):
    """Run an import in a child; SIGKILL it `kill_after` seconds after it is ready."""
    args = [sys.executable, "-c", IMPORTER, str(library_dir), str(corpus), "1" if indexing else "0"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    started = time.monotonic()
    if kill_after is None:
        assert proc.wait(timeout=300) == 0
    else:
        time.sleep(kill_after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    proc.stdout.close()
    return time.monotonic() - started


def _check_library(workspace: Workspace, originals: dict[str, bytes]) -> None:
    """Every stored article loads and its original is byte for byte one of ours."""
    library = workspace.library
    for article_id in library.ids():
        article = library.get(article_id)  # raises on a half-written record
        assert library.original_bytes(article) in originals.values()
    assert not library.broken
    folders = library.articles_dir.iterdir() if library.articles_dir.is_dir() else []
    leftovers = [p for p in folders if not (p / "article.json").is_file()]
    assert leftovers == [], "a folder without a record survived start-up tidying"


def _check_index(workspace: Workspace) -> str | None:
    """The index is usable, or detectably out of date and then rebuilt to match the library."""
    index = workspace.index
    reason = index.needs_rebuild()
    if reason:
        assert index.rebuild(lambda *a: None, lambda: False)
    assert index.needs_rebuild() is None
    assert index.search("talks", limit=1).total == len(workspace.library)
    index.close()
    return reason


def _make_index(library_dir) -> None:
    """Create the (empty) index of a library, as a first start of the app does."""
    workspace = Workspace(library_dir)
    workspace.index.ensure_current()
    workspace.index.close()


@pytest.mark.slow
@pytest.mark.parametrize("indexing", [True, False], ids=["with-index", "library-only"])
def test_sigkill_during_import(tmp_path, stress_size, indexing):
    """Kill imports at random moments; the library opens, re-running completes it exactly once."""
    if indexing and not HAS_INDEX:
        pytest.skip("the search index (core/search/) has not landed yet")
    corpus = tmp_path / "corpus"
    articles = stress_size(40, 120)  # more than one index batch (25) either way
    files = write_articles(corpus, articles)
    originals = {p.name: p.read_bytes() for p in files}
    if indexing:
        _make_index(tmp_path / "timing-library")
    full = _run_child(tmp_path / "timing-library", corpus, indexing, None)
    rng = random.Random(11)
    runs = stress_size(10, 50)
    partial_counts, reasons = [], []
    for run in range(runs):
        library_dir = tmp_path / f"lib{run}"
        if indexing:
            _make_index(library_dir)  # so the child updates a live index batch by batch
        _run_child(library_dir, corpus, indexing, rng.uniform(0.0, 0.8 * full))
        workspace = Workspace(library_dir)
        startup.tidy(workspace)
        _check_library(workspace, originals)
        partial_counts.append(len(workspace.library))
        if indexing:
            reasons.append(_check_index(workspace))
        _run_child(library_dir, corpus, indexing, None)
        workspace = Workspace(library_dir)
        _check_library(workspace, originals)
        assert len(workspace.library) == articles
        assert len(workspace.library.keys()) == articles, "a citation key was given twice"
        if indexing:
            _check_index(workspace)
    print(f"{runs} kills in a {full:.2f}s import; articles stored at each kill: {partial_counts}")
    print(f"index state after each kill (None = usable): {reasons}")
