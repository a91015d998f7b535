"""The claims panel asks for a quotation once per double-click or Enter, driven by real input."""

from __future__ import annotations

import gc
import warnings

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from briefing_app.gui.claims_panel import ClaimsPanel
from tests.gui.real_input import click, double_click
from tests.gui.seed_record import seed_article


def _shown_panel(qtbot) -> ClaimsPanel:
    """The panel on the seed record, shown so its rows have places on screen."""
    widget = ClaimsPanel()
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.set_article(seed_article())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def panel(qtbot):
    return _shown_panel(qtbot)


def test_double_click_on_a_claim_requests_one_quotation(qtbot, panel):
    """A real double-click on a claim row emits quote_requested exactly once, with its span."""
    requests = []
    panel.quote_requested.connect(lambda *args: requests.append(args))
    [pledged] = panel.find_rows("pledged: to defend")
    double_click(panel.tree, pledged)
    assert len(requests) == 1
    article_id, start, end = requests[0]
    assert panel.article.text[start:end].startswith("to defend")


def test_enter_on_a_claim_requests_one_quotation(qtbot, panel):
    """Selecting a claim with a click and pressing Enter (or Return) quotes it once each."""
    requests = []
    panel.quote_requested.connect(lambda *args: requests.append(args))
    [pledged] = panel.find_rows("pledged: to defend")
    click(panel.tree, pledged)
    assert requests == []  # a single click only selects
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    QTest.keyClick(panel.tree, Qt.Key.Key_Enter)
    assert len(requests) == 2


def test_double_click_on_a_speaker_row_quotes_nothing(qtbot, panel):
    """Speaker and section rows are not quotations."""
    requests = []
    panel.quote_requested.connect(lambda *args: requests.append(args))
    [speaker] = panel.find_rows("Xi Jinping — Chinese President")
    double_click(panel.tree, speaker)
    assert requests == []


@pytest.mark.filterwarnings("error")
def test_a_panel_torn_down_while_it_shows_claims_asks_its_model_nothing(qtbot):
    """A shown panel whose last reference goes (a window torn down without closing first) is
    collected with its model: the collector clears the model's outline before Qt destroys
    the widgets, and the tree, hidden as it goes, must not ask that model for rows."""
    with warnings.catch_warnings():  # earlier tests' garbage (an unclosed file) is not this test's
        warnings.simplefilter("ignore")
        gc.collect()
    panel = _shown_panel(qtbot)  # no fixture: the test holds the only reference
    [pledged] = panel.find_rows("pledged: to defend")
    click(panel.tree, pledged)  # a current row, as the analyst leaves it
    QTest.keyClicks(panel.filter_box, "defend")
    assert panel.isVisible() and panel.find_rows("pledged: to defend")
    del panel, pledged
    gc.collect()  # pytest-qt fails the test on an error inside a Qt virtual (rowCount, index)
    qtbot.wait(10)
