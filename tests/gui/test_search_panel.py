"""The search dock: debounced search off the GUI thread, inline errors, facets, saved searches."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from briefing_app.gui.search_panel import HIT_ROLE, SearchPanel, normalise
from briefing_app.gui.workers import TaskRunner
from tests.gui.real_input import choose, double_click


@pytest.fixture
def panel(qtbot, seeded):
    """A search panel over the seed library's real index."""
    runner = TaskRunner()
    calls = []

    def search(query, limit, filters):
        calls.append((query, filters, threading.current_thread() is threading.main_thread()))
        return seeded.index.search(query, limit=limit, filters=filters)

    seeded.saved_searches.save("Putin", "Putin")
    seeded.index.ensure_current()  # the window's IndexKeeper does this before searches
    widget = SearchPanel(search, runner, seeded.saved_searches, seeded.index.matching_ids)
    widget.calls = calls
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    # A debounced query still waiting on the timer would start after the widget is gone and
    # answer into the next test's event loop.
    widget.timer.stop()
    runner.wait()


def _wait_results(qtbot, panel, count):
    qtbot.waitUntil(
        lambda: panel.results.count() == count and not panel._runner.busy(), timeout=10000
    )


def test_search_as_you_type_runs_once_off_the_gui_thread(qtbot, panel):
    """Typing a query fast runs one search, on a pool thread, after the pause."""
    for text in ("g", "ga", "gas", "gas u", "gas union"):
        panel.query_box.setText(text)
    with qtbot.waitSignal(panel.query_changed, timeout=10000):
        pass
    _wait_results(qtbot, panel, 1)
    assert [c[0] for c in panel.calls] == ["gas union"]
    assert panel.calls[0][2] is False
    hit = panel.results.item(0).data(HIT_ROLE)
    assert hit.title == "Kazakhstan's Expanding Multi-Vector Foreign Policy"
    assert hit.publisher == "Jamestown Foundation" and hit.published == "2023-12-03"
    assert '<b class="match">gas</b>' in hit.snippet
    assert panel.status_label.text() == "1 result(s)"


def test_facets_listed_with_counts_and_applied_as_filters(qtbot, panel):
    """The facet menus list values with counts; choosing one filters the next search."""
    panel.set_query("Kazakhstan")
    _wait_results(qtbot, panel, 1)
    publisher = panel.facet_combos["publisher"]
    assert publisher.itemText(1) == "Jamestown Foundation (1)"
    assert panel.facet_combos["author"].itemText(1) == "Emil Avdaliani (1)"
    assert panel.facet_combos["year"].itemText(1) == "2023 (1)"
    choose(publisher, 1)
    qtbot.waitUntil(lambda: len(panel.calls) == 2, timeout=5000)
    assert panel.calls[-1][1] == {"publisher": ["Jamestown Foundation"]}
    _wait_results(qtbot, panel, 1)


def test_malformed_query_error_shown_inline(qtbot, panel):
    """An unclosed parenthesis is reported under the box with its position, not a traceback."""
    panel.set_query("title:(gas")
    qtbot.waitUntil(lambda: panel.error_label.isVisible(), timeout=10000)
    assert "never closed" in panel.error_label.text()
    assert "character 7" in panel.error_label.text()
    panel.set_query("gas")
    qtbot.waitUntil(lambda: not panel.error_label.isVisible(), timeout=10000)


def test_late_answer_to_an_older_query_is_ignored(qtbot, seeded):
    """A slow first query that answers after a newer one never replaces its results."""
    release = threading.Event()

    def search(query, limit, filters):
        if query == "slow":
            release.wait(5)
            return {"total": 0, "hits": [], "facets": {}}
        return seeded.index.search(query, limit=limit, filters=filters)

    runner = TaskRunner()
    panel = SearchPanel(search, runner)
    qtbot.addWidget(panel)
    panel.query_box.setText("slow")
    panel.run_now()
    panel.query_box.setText("gas")
    panel.run_now()
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    release.set()
    runner.wait()
    qtbot.wait(50)
    assert panel.results.count() == 1 and panel.last_query == "gas"


def test_saved_searches_saved_counted_and_run(qtbot, panel, seeded, monkeypatch, tmp_path):
    """Saving names a query in the library; new hits are counted; choosing one runs it."""
    from briefing_app.gui.saved_search_box import SavedSearchBox

    combo = panel.saved_combo
    qtbot.waitUntil(lambda: combo.count() == 2, timeout=10000)
    assert combo.itemText(1) == "Putin — 1 new"  # never run: its hit is new
    monkeypatch.setattr(SavedSearchBox, "_ask_name", lambda self, query: "Gas talks")
    panel.query_box.setText("gas union")
    with qtbot.waitSignal(panel.searches_changed, timeout=10000):
        assert panel.save_current()
    assert [s.name for s in seeded.saved_searches.load()] == ["Putin", "Gas talks"]
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "Putin — 1 new",
        "Gas talks — 0 new",  # what it finds when saved is not new
    ]
    note = tmp_path / "note.txt"
    note.write_text(
        "Gas union talks\n\nThe ministers said the gas union talks would resume in spring.\n",
        encoding="utf-8",
    )
    seeded.import_paths([note])
    with qtbot.waitSignal(panel.searches_changed, timeout=10000):
        combo.refresh()
    assert combo.itemText(2) == "Gas talks — 1 new"
    panel.query_box.clear()
    with qtbot.waitSignal(panel.searches_changed, timeout=10000):
        choose(combo, 2)
    assert panel.query_box.text() == "gas union"
    _wait_results(qtbot, panel, 2)
    assert combo.itemText(2) == "Gas talks — 0 new"  # running it saw the new hit


def test_saving_a_malformed_query_is_refused_inline(qtbot, panel, seeded, monkeypatch):
    """A query that does not parse is not saved; the error shows under the box."""
    from briefing_app.gui.saved_search_box import SavedSearchBox

    monkeypatch.setattr(SavedSearchBox, "_ask_name", lambda self, query: "broken")
    panel.query_box.setText("title:(gas")
    assert not panel.save_current()
    assert panel.error_label.isVisibleTo(panel) and "never closed" in panel.error_label.text()
    assert [s.name for s in seeded.saved_searches.load()] == ["Putin"]


def test_activating_a_result_opens_its_article(qtbot, panel, seeded):
    """Double-clicking a hit asks to open the article at the hit's paragraph."""
    panel.set_query("Astana")
    _wait_results(qtbot, panel, 1)
    item = panel.results.item(0)
    opened = []
    panel.article_opened.connect(lambda *args: opened.append(list(args)))
    double_click(panel.results, panel.results.indexFromItem(item))
    qtbot.wait(100)  # anything a second signal connection would emit has arrived by now
    assert opened == [[seeded.articles()[0].id, 3]]  # opened once, not once per signal


def test_result_rows_have_room_for_their_text(qtbot, panel):
    """Each result row is tall enough for title, details and snippet."""
    panel.resize(320, 600)
    panel.set_query("gas union")
    _wait_results(qtbot, panel, 1)
    height = panel.results.sizeHintForRow(0)
    assert height > 3 * panel.fontMetrics().height()
    assert panel.results.item(0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Kazakhstan")


def test_normalise_accepts_json_shape():
    """The JSON form of results (as the CLI prints it) normalises like the object form."""
    outcome = normalise(
        {
            "total": 3,
            "hits": [{"id": "a", "title": "T", "paragraph": 2}],
            "facets": {"year": [["2023", 3]]},
        }
    )
    assert outcome.total == 3 and outcome.hits[0].paragraph == 2
    assert outcome.facets == {"year": [("2023", 3)]}


def test_results_of_an_out_of_date_index_say_so(qtbot, panel, seeded):
    """When the index is stale and cannot be rebuilt here, the status line says so."""
    from PySide6.QtTest import QTest

    from briefing_app.core.search.index import STALE_WARNING

    seeded.index.warning = STALE_WARNING  # what a failed rebuild of a read-only library leaves
    QTest.keyClicks(panel.query_box, "Astana")
    _wait_results(qtbot, panel, 1)
    qtbot.waitUntil(lambda: "out of date" in panel.status_label.text(), timeout=10000)
    assert panel.status_label.text() == "1 result(s) — the search index is out of date"


def test_every_match_is_asked_for_after_the_results_are_shown(qtbot, seeded):
    """Typed into the box: the result list is filled first, then the matches for the Library
    are asked for (the index answers one call at a time; the matches reuse what the search
    read)."""
    from PySide6.QtTest import QTest

    runner = TaskRunner()
    events = []

    def search(query, limit, filters):
        events.append(("search", query))
        return seeded.index.search(query, limit=limit, filters=filters)

    def matching(query, filters=None):
        events.append(("matches", query, panel.results.count()))
        return seeded.index.matching_ids(query, filters=filters)

    seeded.index.ensure_current()
    panel = SearchPanel(search, runner, seeded.saved_searches, matching)
    qtbot.addWidget(panel)
    panel.show()
    shown = []
    panel.matches_changed.connect(shown.append)
    QTest.keyClicks(panel.query_box, "gas union")
    qtbot.waitUntil(lambda: bool(shown) and not runner.busy(), timeout=10000)
    assert events == [("search", "gas union"), ("matches", "gas union", 1)]
    assert shown == [seeded.index.matching_ids("gas union")]
    panel.timer.stop()
    runner.wait()
