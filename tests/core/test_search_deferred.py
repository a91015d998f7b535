"""Changes indexed later: the window notes the articles a tag, a note or a correction changed
(`SearchIndex.defer_refresh`) and indexes them again on a worker thread; a note left by a
killed process is indexed by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from briefing_app.core.workspace import Workspace
from tests.core.search_helpers import make_article, store
from tests.core.test_search_userdata import _rebuilds


@pytest.fixture
def library(workspace):
    articles = [
        make_article("Gas talks", ["The pipeline talks resumed."]),
        make_article("Border port", ["The border port reopened."]),
    ]
    store(workspace.library, articles)
    workspace.index.rebuild()
    return workspace, [a.id for a in articles]


def _found(ws, query: str) -> set[str]:
    return set(ws.index.search(query, limit=20).ids())  # the index as it is: no catching up


def test_a_noted_change_is_searchable_once_the_refresh_ran(library, monkeypatch):
    ws, (gas, port) = library
    asked: list = []
    ws.refresh_later = lambda: asked.append(1)
    refreshed: list = []
    original = ws.index.refresh_articles
    monkeypatch.setattr(
        ws.index, "refresh_articles", lambda ids: refreshed.append(list(ids)) or original(ids)
    )
    ws.userdata.tag([gas, port], add=["ports"])
    ws.userdata.set_note(port, "Customs queue at the port.")
    assert asked == [1, 1] and refreshed == []  # nothing indexed on the caller's thread
    assert ws.index.has_pending()
    assert _found(ws, "tag:ports") == set()
    assert ws.index.refresh_pending() == 2
    assert refreshed == [[gas, port]]  # both notes in one refresh, each article once
    assert _found(ws, "tag:ports") == {gas, port}
    assert _found(ws, "note:customs") == {port}
    assert not ws.index.has_pending()
    assert ws.index.refresh_pending() == 0


def test_without_the_window_a_change_is_indexed_at_once(library):
    ws, (gas, _port) = library
    ws.userdata.tag([gas], add=["ports"])
    assert not ws.index.has_pending()
    assert _found(ws, "tag:ports") == {gas}


def test_noted_changes_are_indexed_by_the_next_search_without_a_rebuild(library, monkeypatch):
    ws, (gas, _port) = library
    ws.refresh_later = lambda: None  # a window that never got to it
    ws.userdata.tag([gas], add=["ports"])
    reopened = Workspace(ws.root)
    rebuilds = _rebuilds(reopened, monkeypatch)
    assert set(reopened.matching_ids("tag:ports")) == {gas}
    assert rebuilds == [] and not reopened.index.has_pending()


TAGGER = """
import os, signal, sys
from briefing_app.core.workspace import Workspace
ws = Workspace(sys.argv[1])
ws.refresh_later = lambda: os.kill(os.getpid(), signal.SIGKILL)  # killed before indexing
ws.userdata.tag([sys.argv[2]], add=["ports"])
"""


def test_a_window_killed_before_indexing_its_change_leaves_it_for_the_next(library):
    ws, (gas, _port) = library
    child = subprocess.run([sys.executable, "-c", TAGGER, str(ws.root), gas], check=False)
    assert child.returncode == -signal.SIGKILL
    reopened = Workspace(ws.root)
    assert reopened.userdata.tags(gas) == ["ports"]
    assert reopened.index.has_pending()
    assert reopened.search("tag:ports").ids() == [gas]
    assert not reopened.index.has_pending()


def test_a_rebuild_takes_in_the_changes_noted_before_it(library):
    ws, (gas, _port) = library
    ws.refresh_later = lambda: None
    ws.userdata.tag([gas], add=["ports"])
    ws.index.rebuild()
    assert not ws.index.has_pending()
    assert _found(ws, "tag:ports") == {gas}


def test_where_no_note_can_be_written_the_change_is_indexed_at_once(library):
    ws, (gas, _port) = library
    asked: list = []
    ws.refresh_later = lambda: asked.append(1)
    ws.index.pending_dir.write_text("not a folder", encoding="utf-8")
    ws.userdata.tag([gas], add=["ports"])
    assert asked == []
    assert _found(ws, "tag:ports") == {gas}


def test_an_unreadable_note_marks_the_index_stale(library):
    ws, (gas, _port) = library
    ws.refresh_later = lambda: None
    ws.userdata.tag([gas], add=["ports"])
    (note,) = ws.index.pending_dir.glob("*.json")
    note.write_bytes(b"\x00 damaged")
    ws.index.refresh_pending()
    assert ws.index.needs_rebuild() is not None
    assert set(ws.matching_ids("tag:ports")) == {gas}  # rebuilt from the library
    assert not ws.index.has_pending()
    assert os.listdir(ws.index.pending_dir) == []
