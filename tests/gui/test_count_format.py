"""Counts in the search panel and the Library's sidebar are written as the app's locale writes
numbers: 12,345 in English, 12.345 in German."""

from __future__ import annotations

import pytest

from briefing_app.gui.library_view import LibraryView
from briefing_app.gui.numbers import count_text
from briefing_app.gui.search_panel import SearchPanel
from briefing_app.gui.workers import TaskRunner
from tests.gui.languages import language
from tests.gui.test_library_view import library  # noqa: F401

BIG = 12345
TOTAL = 123456


@pytest.fixture(params=[("en", "12,345", "123,456"), ("de", "12.345", "123.456")], ids=["en", "de"])
def locale(request, qapp):
    """The app's locale set as at start-up (translations too), put back after the test."""
    name, big, total = request.param
    with language(qapp, name):
        yield big, total


def test_count_text_follows_the_default_locale(locale):
    big, total = locale
    assert (count_text(BIG), count_text(TOTAL)) == (big, total)
    assert count_text(7) == "7"


def test_search_panel_hits_and_facets(qtbot, locale):
    """The hit count and every facet count are grouped by the locale."""
    big, total = locale

    def search(query, limit, filters):  # what the index answers (its JSON shape) at scale
        return {
            "total": TOTAL,
            "hits": [{"id": "a1", "title": "Gas talks", "publisher": "Wire"}],
            "facets": {"publisher": [{"value": "Wire", "count": BIG}], "year": {"2024": 999}},
        }

    runner = TaskRunner()
    panel = SearchPanel(search, runner, None, lambda query, filters: [])
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.query_box, "gas")
    qtbot.waitUntil(lambda: panel.results.count() == 1 and not runner.busy(), timeout=10000)
    assert total in panel.status_label.text()
    assert panel.facet_combos["publisher"].itemText(1) == f"Wire ({big})"
    assert panel.facet_combos["year"].itemText(1) == "2024 (999)"
    panel.timer.stop()
    runner.wait()


def test_library_sidebar_counts(qtbot, library, locale, monkeypatch):  # noqa: F811
    """Collection counts, All Articles, tag counts and the article total."""
    big, total = locale
    data = library.userdata
    energy = data.ensure_collection("Energy").id
    data.tag([library.articles()[0].id], add=["oil"])
    catalog = library.library.catalog
    # A library of this size takes minutes to import: the catalog's answers stand in for it.
    monkeypatch.setattr(catalog, "current_count", lambda: TOTAL)
    monkeypatch.setattr(catalog, "collection_counts", lambda tree: {energy: BIG})
    monkeypatch.setattr(catalog, "tag_counts", lambda *scope: [("oil", BIG)])
    view = LibraryView(library)
    qtbot.addWidget(view)
    tree = view.collection_tree
    assert tree.item_of(energy).index().siblingAtColumn(1).data() == big
    assert tree.item_of("").index().siblingAtColumn(1).data() == total
    assert view.tag_list.item_of("oil").text(1) == big
    view.catalog_progress(BIG, TOTAL)
    progress = view.count_label.text()
    assert f"{big} " in progress and progress.endswith(f" {total}")
