"""A stale or missing index is rebuilt in the background; the search panel says so meanwhile."""

from __future__ import annotations

import threading

from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


def _slow_rebuild(monkeypatch, index):
    """Make index.rebuild wait after its first progress report; record the threads it ran on."""
    release, threads = threading.Event(), []
    real = index.rebuild

    def rebuild(progress=None, cancelled=None):
        threads.append(threading.current_thread() is threading.main_thread())

        def paced(done, total, label):
            progress(done, total, label)
            release.wait(20)

        return real(progress=paced, cancelled=cancelled)

    monkeypatch.setattr(index, "rebuild", rebuild)
    calls = []
    real_ensure = index.ensure_current

    def ensure_current(progress=None):
        calls.append(threading.current_thread() is threading.main_thread())
        return real_ensure(progress)

    monkeypatch.setattr(index, "ensure_current", ensure_current)
    return release, threads, calls


def test_search_waits_for_a_background_rebuild_then_resumes(qtbot, monkeypatch, seeded, popups):  # noqa: F811
    """A query on a stale index shows "Rebuilding the search index… n/m", then its results."""
    seeded.index.ensure_current()
    seeded.index.mark_stale()
    release, threads, ensure_calls = _slow_rebuild(monkeypatch, seeded.index)
    window = make_window(qtbot, seeded)
    panel = window.search_panel
    panel.query_box.setText("gas union")
    qtbot.waitUntil(
        lambda: panel.status_label.text().startswith("Rebuilding the search index"), timeout=10000
    )
    assert panel.status_label.text() in (
        "Rebuilding the search index… 0/1",
        "Rebuilding the search index… 1/1",
    )
    assert panel.results.count() == 0 and not panel.error_label.isVisible()
    assert window.index_keeper.rebuilding
    release.set()
    qtbot.waitUntil(
        lambda: panel.results.count() == 1 and panel.last_query == "gas union", timeout=20000
    )
    assert panel.status_label.text() == "1 result(s)"
    assert threads == [False], "the rebuild ran on the GUI thread (or more than once)"
    assert True not in ensure_calls, "ensure_current ran on the GUI thread"
    assert seeded.index.needs_rebuild() is None
    close_window(window)


def test_start_up_rebuilds_a_missing_index_in_the_background(qtbot, monkeypatch, seeded, popups):  # noqa: F811
    """The keeper's start-up check rebuilds a deleted index off the GUI thread, with progress."""
    import shutil

    seeded.index.close()
    shutil.rmtree(seeded.index.index_dir)
    release, threads, _calls = _slow_rebuild(monkeypatch, seeded.index)
    release.set()
    window = make_window(qtbot, seeded)
    seen = []
    window.index_keeper.rebuild_progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(window.index_keeper.rebuild_finished, timeout=20000) as finished:
        window.index_keeper.check()
    assert finished.args == [True, ""]
    assert seen[0] == (0, 1) and seen[-1] == (1, 1)
    assert threads == [False]
    assert seeded.index.needs_rebuild() is None
    close_window(window)


def test_start_up_reads_the_index_ahead_off_the_gui_thread(qtbot, monkeypatch, seeded, popups):  # noqa: F811
    """Once the start-up check (`gui.app` runs it when the window is shown) finds the index
    current, its columns are read on the task pool, before anything is searched: the first
    search of the session does not wait for them."""
    seeded.index.ensure_current()
    seeded.index.close()
    warmed = []
    warm = seeded.index.warm

    def noted():
        warmed.append(threading.current_thread() is threading.main_thread())
        warm()

    monkeypatch.setattr(seeded.index, "warm", noted)
    window = make_window(qtbot, seeded)
    window.index_keeper.check()  # as the app does once the window is shown
    qtbot.waitUntil(lambda: bool(warmed) and not window.runner.busy(), timeout=20000)
    assert warmed == [False]
    view = seeded.index.backend.engine().views[False]
    assert view._columns is not None and view.ids is not None
    close_window(window)
