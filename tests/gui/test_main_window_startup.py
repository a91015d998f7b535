"""Start-up and import: first run on an empty library, folder import with cancel, no display."""

from __future__ import annotations

import io
import shutil
import threading

from PySide6.QtWidgets import QPushButton

from briefing_app.cli import app_cmds
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.reader import ArticleView
from tests.conftest import FIXTURES, SEED_FILE
from tests.gui.window_fixtures import close_window, make_window, popups  # noqa: F401


def test_first_run_imports_seeds_and_opens_article_outline_and_brief(qtbot, isolated_home, popups):  # noqa: F811
    """An empty library gets the seeds; the window shows the seed, its outline, a new brief."""
    from briefing_app.gui import app

    _app, window = app.start(str(isolated_home / "library"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.seeded, timeout=60000) as seeded:
        window.show()
    assert len(seeded.args[0]) == 1
    kinds = [type(window.tabs.widget(i)) for i in range(window.tabs.count())]
    assert kinds == [BriefTab, ArticleView]
    assert isinstance(window.tabs.currentWidget(), ArticleView)
    assert window.claims_panel.find_rows("Bolat Akchulakov")
    assert window.current_brief().display_name() == "Untitled brief"
    close_window(window)
    window.workspace.close()


def _folder_of_articles(tmp_path, count):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(count):
        (folder / f"note_{i:03}.txt").write_text(
            f"Field note {i}\n\nOfficial number {i} said on Monday that the talks on item {i} would go on.\n",
            encoding="utf-8",
        )
    return folder


def test_import_folder_reports_progress_and_cancels(qtbot, seeded, popups, tmp_path):  # noqa: F811
    """A folder import shows progress; Cancel stops it and keeps what was imported."""
    window = make_window(qtbot, seeded)
    folder = _folder_of_articles(tmp_path, 80)
    seen = []
    clicked = threading.Event()
    real_import = seeded.import_paths

    def import_paths(paths, *, progress, cancelled):
        def paced(done, total, label):
            progress(done, total, label)
            if done == 3:
                clicked.wait(10)  # hold the worker until the user has clicked Cancel

        return real_import(paths, progress=paced, cancelled=cancelled)

    seeded.import_paths = import_paths

    def on_progress(done, total, _label):
        seen.append((done, total))
        if done == 3:
            window.import_flow.dialog.findChild(QPushButton).click()
            clicked.set()

    window.import_flow.progressed.connect(on_progress)
    with qtbot.waitSignal(window.import_flow.finished, timeout=60000) as finished:
        assert window.import_flow.start([str(folder)])
        assert window.import_flow.dialog.isVisible()
    results = finished.args[0]
    assert seen[0] == (0, 80)
    assert len(results) == 4  # the file in hand when Cancel was clicked is finished
    assert all(r.status == "imported" for r in results)
    assert len(seeded.articles()) == 1 + len(results)
    assert window.statusBar().currentMessage().startswith("Import cancelled")
    assert window.import_flow.dialog is None and not window.import_flow.busy()
    close_window(window)


def test_import_failures_are_reported_not_raised(qtbot, seeded, popups, tmp_path):  # noqa: F811
    """A bad file is listed in a message; the good ones are imported."""
    window = make_window(qtbot, seeded)
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "seed_copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    wikinews = sorted(FIXTURES.glob("wikinews*/*"))[:1]
    for path in wikinews:
        shutil.copy(path, folder / path.name)
    with qtbot.waitSignal(window.import_flow.finished, timeout=60000) as finished:
        window.import_flow.start([str(folder)])
    statuses = sorted(r.status for r in finished.args[0])
    assert "failed" in statuses and "unchanged" in statuses
    title, text = popups[-1]
    assert title == "Some files were not imported" and "empty.txt" in text
    close_window(window)


def test_files_that_are_not_articles_are_counted_as_skipped(qtbot, seeded, popups, tmp_path):  # noqa: F811
    """An index.json beside an article is skipped, said in the status bar, not a failure."""
    window = make_window(qtbot, seeded)
    folder = tmp_path / "clipped"
    folder.mkdir()
    (folder / "note.txt").write_text("Port reopens\n\nThe port reopened on Monday after repairs.\n")
    (folder / "index.json").write_text('{"articles": ["note.txt"]}')
    with qtbot.waitSignal(window.import_flow.finished, timeout=60000) as finished:
        window.import_flow.start([str(folder)])
    assert sorted(r.status for r in finished.args[0]) == ["imported", "skipped"]
    assert "1 skipped (not articles)" in window.statusBar().currentMessage()
    assert not popups
    close_window(window)


def test_no_display_explains_and_shows_the_flow_in_the_terminal(isolated_home):
    """Without a display: a plain explanation, xvfb-run advice, seeds, a search, the outline."""
    assert not app_cmds.has_display({})
    assert app_cmds.has_display({"QT_QPA_PLATFORM": "offscreen"})
    out = io.StringIO()
    assert app_cmds.show_headless(str(isolated_home / "library"), out) == 0
    text = out.getvalue()
    assert "no display" in text and "xvfb-run -a make run" in text
    assert "Imported sample article: Kazakhstan's Expanding Multi-Vector Foreign Policy" in text
    assert 'Search "gas union"' in text and "1 result(s)" in text
    assert "Bolat Akchulakov — Kazakhstani Energy Minister" in text
    assert "pledged: to defend Kazakhstan's territorial integrity" in text
    assert "⚠ hedged" in text
