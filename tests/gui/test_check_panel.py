"""The "Check quotations" panel and the editor underlines that come from the same check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from briefing_app.gui.brief_checking import BriefChecker, locate_quote
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.check_panel import CheckPanel, QuotationRow, as_row
from tests.gui.brief_helpers import SAMPLE_KEY, sample_tab
from tests.gui.real_input import click

BRIEF = (
    "---\ntitle: Gas union\n---\n\n"
    f"Verified: “no formal discussions have been held” [@{SAMPLE_KEY}, ¶1].\n"
    f"Altered: “formal talks have been held” [@{SAMPLE_KEY}, ¶1].\n\n"
    "“uncited words here”\n"
)


@pytest.fixture
def tab(qtbot, workspace, monkeypatch, tmp_path):
    """A brief tab over a library holding the sample article."""
    widget = sample_tab(qtbot, workspace, tmp_path / "settings.json", monkeypatch)
    yield widget
    widget.shutdown()


def _check(qtbot, tab: BriefTab) -> None:
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        tab.check_quotations()


def test_panel_lists_every_quotation_with_status(qtbot, tab):
    """The panel shows each quotation in document order with its status and detail."""
    tab.editor.setPlainText(BRIEF)
    _check(qtbot, tab)
    panel = tab.check_panel
    assert panel.isVisibleTo(tab)
    rows = [(r.line, r.status) for r in panel.rows]
    assert rows == [(5, "verified"), (6, "not_found"), (8, "no_citation")]
    assert panel.tree.topLevelItemCount() == 3
    assert panel.tree.topLevelItem(1).text(1) == "Not found"
    assert "“formal discussions have been”" in panel.tree.topLevelItem(1).text(4)
    assert panel.summary.text() == "2 of 3 quotations are not verified."


def test_unverified_quotations_are_underlined_with_the_reason(qtbot, tab):
    """Only the failing quotations are flagged, over their exact words, with the reason."""
    tab.editor.setPlainText(BRIEF)
    _check(qtbot, tab)
    flags = tab.editor.flags()
    assert [f.status for f in flags] == ["not_found", "no_citation"]
    text = tab.text()
    assert text[flags[0].start : flags[0].end] == "formal talks have been held"
    assert flags[0].reason.startswith("Not found: Not in “Kazakhstan's Expanding")
    assert text[flags[1].start : flags[1].end] == "uncited words here"
    assert "no citation" in flags[1].reason.lower()
    verified_at = text.index("no formal discussions")
    assert tab.editor.flag_at(verified_at) is None


def test_clicking_a_row_jumps_to_its_line(qtbot, tab):
    """Activating a quotation in the panel puts the editor's cursor on its line."""
    tab.editor.setPlainText(BRIEF)
    _check(qtbot, tab)
    tree = tab.check_panel.tree
    click(tree, tree.indexFromItem(tree.topLevelItem(2)))
    assert tab.editor.textCursor().blockNumber() + 1 == 8


def test_results_for_an_older_text_are_dropped(qtbot, tab):
    """A check that finishes after the user typed on does not paint stale underlines."""
    tab.editor.setPlainText(BRIEF)
    tab._on_checked("some older text", [QuotationRow(1, "x", "k", "not_found", "")])
    assert tab.editor.flags() == []


def test_automatic_check_after_a_pause(qtbot, tab):
    """Typing triggers a background check once the pause has passed."""
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        tab.editor.setPlainText(BRIEF)
    qtbot.waitUntil(lambda: len(tab.editor.flags()) == 2, timeout=5000)


def test_check_failure_is_shown(qtbot):
    """An error in the check itself is reported in the panel."""
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.show_error("the library is unreadable")
    assert "the library is unreadable" in panel.summary.text()


def test_empty_brief_says_so(qtbot):
    """A brief without quotations gets a plain summary."""
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_results([])
    assert panel.summary.text() == "The brief holds no quotations."


def test_rows_from_json_dicts():
    """`check --json` dictionaries are accepted as well as check objects."""
    row = as_row({"line": 3, "quote": "q", "key": "k", "status": "wrong_source", "detail": "d"})
    assert row == QuotationRow(3, "q", "k", "wrong_source", "d")
    assert not row.verified


def test_locate_quote_across_wrapped_blockquote_lines():
    """Without offsets, a quote is found across hard wraps and `>` markers from its line."""
    text = (
        "intro\n\n> Moreover, Kazakhstan has been\n> emboldened by a strategic relationship [@k]\n"
    )
    start, end = locate_quote(text, 3, "Kazakhstan has been emboldened by a strategic")
    assert text[start:end] == "Kazakhstan has been\n> emboldened by a strategic"
    start, end = locate_quote(text, 1, "words that are nowhere")
    assert text[start:end] == "intro"


def test_flags_use_qt_positions_after_astral_characters():
    """Offsets after an emoji are converted to Qt's UTF-16 positions."""
    text = "\U0001f600 “x” [@k]"
    start = text.index("x")
    [flag] = BriefChecker.flags_for(
        text, [QuotationRow(1, "x", "k", "not_found", "", start, start + 1)]
    )
    assert (flag.start, flag.end) == (start + 1, start + 2)


def _click_row(qtbot, tab, row: int) -> None:
    tree = tab.check_panel.tree
    click(tree, tree.indexFromItem(tree.topLevelItem(row)))


def test_wrong_locator_quick_fix_is_one_undo_step(qtbot, tab):
    """Clicking a wrong-locator row offers “Cite ¶1”; pressing it fixes the brief, Undo restores."""
    text = f"“no formal discussions have been held” [@{SAMPLE_KEY}, ¶3].\n"
    tab.editor.setPlainText(text)
    _check(qtbot, tab)
    assert [r.status for r in tab.check_panel.rows] == ["wrong_locator"]
    box = tab.check_panel.fix_box
    assert not box.isVisibleTo(tab)
    _click_row(qtbot, tab, 0)
    assert box.isVisibleTo(tab) and box.button.text() == "Cite ¶1"
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        QTest.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert tab.text() == text.replace("¶3", "¶1")
    assert [r.status for r in tab.check_panel.rows] == ["verified"]
    tab.editor.undo()
    assert tab.text() == text


def test_not_found_quick_fix_shows_the_closest_passage_marked(qtbot, tab):
    """A not_found row shows the article's closest words with the differing ones marked."""
    tab.editor.setPlainText(BRIEF)
    _check(qtbot, tab)
    _click_row(qtbot, tab, 1)
    box = tab.check_panel.fix_box
    assert box.isVisibleTo(tab) and box.button.text() == "Use the article's words"
    assert "¶1" in box.text.text() and ">discussions</span>" in box.text.text()
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        QTest.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert "“no formal discussions have been held”" in tab.text()
    assert [r.status for r in tab.check_panel.rows] == ["verified", "verified", "no_citation"]


def test_a_stale_fix_is_not_applied(qtbot, tab):
    """When the brief changed after the check, the fix is refused and the check runs again."""
    tab.editor.setPlainText(f"“no formal discussions have been held” [@{SAMPLE_KEY}, ¶3].\n")
    _check(qtbot, tab)
    fix = tab.check_panel.rows[0].fix
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "More.")
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        assert not tab.apply_fix(fix)
    assert "¶3" in tab.text()


def test_wrong_source_quick_fix_cites_the_article_with_the_words(qtbot, tab):
    """A wrong-source row offers the article that holds the words; one click cites it."""
    from tests.core.brief.articles import plain_article

    other = plain_article("doe2020vote", "Council vote", ["The vote will not take place."])
    with tab.workspace.library.lock:
        tab.workspace.library.add(other, b"council vote")
    tab.editor.setPlainText(f"“The vote will not take place” [@{SAMPLE_KEY}, ¶1].\n")
    _check(qtbot, tab)
    _click_row(qtbot, tab, 0)
    box = tab.check_panel.fix_box
    assert box.button.text() == "Cite @doe2020vote, ¶1"
    with qtbot.waitSignal(tab.checker.checked, timeout=10000):
        QTest.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert tab.text() == "“The vote will not take place” [@doe2020vote, ¶1].\n"
    assert [r.status for r in tab.check_panel.rows] == ["verified"]
