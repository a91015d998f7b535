"""The claims outline model: structure, roles, and Qt's model consistency checks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtTest import QAbstractItemModelTester

from briefing_app.gui.claims_model import (
    CLAIM_ROLE,
    HEDGED_ROLE,
    KIND_ROLE,
    SPAN_ROLE,
    ClaimsModel,
    build_outline,
)
from tests.gui.seed_record import seed_article


def _labels(model, parent=None):
    parent = parent or QModelIndex()
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_model_passes_qt_model_tester(qtbot):
    """QAbstractItemModelTester finds no inconsistency, through a reset and a clear."""
    model = ClaimsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_article(seed_article())
    model.set_article(None)
    model.set_article(seed_article())
    assert tester is not None and model.rowCount() == 3


def test_proxy_filter_passes_model_tester(qtbot):
    """The filtered view used by the panel stays consistent while the filter changes."""
    model = ClaimsModel()
    model.set_article(seed_article())
    proxy = QSortFilterProxyModel()
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.setFilterFixedString("integrity")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("")
    assert proxy.rowCount() == 3


def test_reported_statements_grouped_by_speaker(qtbot):
    """Akchulakov's declaration and Xi Jinping's two statements sit under their speakers."""
    model = ClaimsModel()
    model.set_article(seed_article())
    sections = _labels(model)
    assert sections[0].startswith("Reported statements")
    reported = model.index(0, 0)
    speakers = _labels(model, reported)
    assert "Bolat Akchulakov — Kazakhstani Energy Minister" in speakers
    xi = model.index(speakers.index("Xi Jinping — Chinese President"), 0, reported)
    assert [label.split(":")[0] for label in _labels(model, xi)] == ["underscored", "pledged"]


def test_claim_rows_carry_span_and_claim(qtbot):
    """A claim row gives the exact offsets of its content in the article text."""
    article = seed_article()
    model = ClaimsModel()
    model.set_article(article)
    reported = model.index(0, 0)
    first_claim = model.index(0, 0, model.index(0, 0, reported))
    start, end = first_claim.data(SPAN_ROLE)
    assert first_claim.data(KIND_ROLE) == "claim"
    assert article.text[start:end] == first_claim.data(CLAIM_ROLE)["content"]
    assert model.index(0, 1, model.index(0, 0, reported)).data() == "1"


def test_hedged_claims_are_marked(qtbot):
    """The author's hedged assessment is flagged, with its hedge in the tooltip."""
    model = ClaimsModel()
    model.set_article(seed_article())
    assessments = model.index(1, 0)
    rows = [model.index(r, 0, assessments) for r in range(model.rowCount(assessments))]
    hedged = [i for i in rows if i.data(HEDGED_ROLE)]
    assert len(hedged) == 1
    assert "could indicate" in hedged[0].data(Qt.ItemDataRole.ToolTipRole)
    assert hedged[0].data(Qt.ItemDataRole.FontRole).italic()


def test_cited_sources_section(qtbot):
    """Both inline source citations are listed with their paragraphs."""
    root = build_outline(seed_article())
    sources = root.children[2]
    assert sources.label == "Cited sources (2)"
    assert [(s.label, s.paragraph) for s in sources.children] == [
        ("Radio Free Europe/Radio Liberty, November 29", 1),
        ("Fmprc.gov.cn, September 15", 3),
    ]


def test_empty_article_gives_empty_model(qtbot):
    """No article, no rows."""
    model = ClaimsModel()
    model.set_article(None)
    assert model.rowCount() == 0
