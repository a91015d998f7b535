"""A catalog that must be rebuilt is rebuilt on the task pool, never on the GUI thread."""

from __future__ import annotations

import threading

from briefing_app import paths
from briefing_app.core.workspace import Workspace
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


def test_missing_catalog_is_rebuilt_in_the_background(qtbot, monkeypatch, seeded, popups):  # noqa: F811
    """The window opens at once with "Rebuilding the catalog…" in the Library view; the
    rebuild runs on a pool thread; then the table lists every article."""
    count = len(seeded.library)
    seeded.close()
    paths.catalog_file(seeded.root).unlink()
    workspace = Workspace(seeded.root)
    release, threads = threading.Event(), []
    real = workspace.library.rebuild_catalog

    def rebuild_catalog(**options):
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(20)
        return real(**options)

    monkeypatch.setattr(workspace.library, "rebuild_catalog", rebuild_catalog)
    window = make_window(qtbot, workspace)
    view = window.library_view
    assert view.count_label.text() == "Rebuilding the catalog…"
    assert view.model.rowCount() == 0
    release.set()
    qtbot.waitUntil(lambda: view.model.rowCount() == count, timeout=20000)
    assert count == 1 and view.count_label.text() == "1 article"
    assert threads == [False], "the catalog was rebuilt on the GUI thread (or more than once)"
    close_window(window)


def test_current_catalog_opens_without_a_rebuild(qtbot, seeded, popups):  # noqa: F811
    count = len(seeded.library)
    window = make_window(qtbot, seeded)
    assert window.library_view.model.rowCount() == count
    assert seeded.library.catalog_rebuilds == 0
    close_window(window)
