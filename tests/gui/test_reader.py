"""The reader: offsets map both ways, highlights, repairs marked, quoting by shortcut and drag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from briefing_app.gui.reader import (
    QUOTE_MIME,
    ArticleView,
    parse_quote_mime,
    query_terms,
)
from tests.gui.seed_record import seed_article


def _view(qtbot) -> ArticleView:
    view = ArticleView(seed_article())
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    return view


def test_paragraphs_numbered_with_metadata_header(qtbot):
    """The document shows the title, the publisher and date, and ¶-numbered paragraphs."""
    view = _view(qtbot)
    text = view.toPlainText()
    assert text.startswith("Kazakhstan's Expanding Multi-Vector Foreign Policy")
    assert "Emil Avdaliani · Jamestown Foundation · 2023-12-03" in text
    assert "¶1\u2002Recently, Kazakhstani Energy Minister" in text
    assert "¶3\u2002Chinas special relationship" in text


def test_offsets_map_both_ways(qtbot):
    """Every paragraph's text sits in the document exactly where the offset map says."""
    view = _view(qtbot)
    article = view.article
    doc = view.toPlainText()
    for number, paragraph in enumerate(article.paragraphs, 1):
        start, end = article.paragraph_span(number)
        pos = view.doc_position(start)
        assert doc[pos : pos + len(paragraph)] == paragraph
        assert view.text_offset(pos) == start
        assert view.text_offset(view.doc_position(end)) == end


def test_selection_quoted_by_shortcut(qtbot):
    """Selecting Xi Jinping's pledge and pressing the shortcut emits its exact offsets."""
    view = _view(qtbot)
    article = view.article
    start = article.text.index("pledged to defend")
    end = start + len("pledged to defend Kazakhstans territorial integrity")
    view.select_span(start, end)
    with qtbot.waitActive(view):
        view.activateWindow()
    view.setFocus()
    with qtbot.waitSignal(view.quote_requested, timeout=2000) as blocker:
        qtbot.keyClick(
            view,
            Qt.Key.Key_I,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert blocker.args == [article.id, start, end]


def test_selection_spanning_the_paragraph_number_is_trimmed(qtbot):
    """A selection that starts on the ¶ marker still quotes only article text."""
    view = _view(qtbot)
    cursor = QTextCursor(view.document())
    para_start = view.article.paragraph_span(2)[0]
    cursor.setPosition(view.doc_position(para_start) - 2)
    cursor.setPosition(view.doc_position(para_start + 8), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_span() == (para_start, para_start + 8)


def test_nothing_selected_emits_nothing(qtbot):
    """The quote shortcut with no selection does nothing."""
    view = _view(qtbot)
    received = []
    view.quote_requested.connect(lambda *a: received.append(a))
    view.request_quote()
    assert received == []


def test_drag_carries_the_passage_and_its_origin(qtbot):
    """The mime data of a dragged selection holds the exact text and its offsets."""
    view = _view(qtbot)
    article = view.article
    start = article.text.index("a gas union")
    view.select_span(start, start + len("a gas union"))
    mime = view.createMimeDataFromSelection()
    assert mime.hasFormat(QUOTE_MIME)
    assert mime.text() == "a gas union"
    assert parse_quote_mime(mime) == (article.id, start, start + len("a gas union"))


def test_search_terms_highlighted(qtbot):
    """Query words (operators and field names dropped) are highlighted wherever they start a word."""
    view = _view(qtbot)
    view.set_search_terms(query_terms('"gas union" AND publisher:jamestown'))
    words = {view.article.text[s:e].lower() for s, e in view.search_matches()}
    assert words == {"gas", "union"}
    assert len(view.extraSelections()) == len(view.search_matches())


def test_claim_highlighted_and_scrolled_into_view(qtbot):
    """Highlighting a claim adds a highlight over exactly its text and moves the view to it."""
    view = _view(qtbot)
    view.resize(400, 200)
    claim = view.article.claims[-1]
    view.highlight_claim((claim["start"], claim["end"]))
    selections = view.extraSelections()
    assert selections[-1].cursor.selectedText() == claim["content"]
    assert view.verticalScrollBar().value() > 0


def test_repair_marked_with_original_in_tooltip(qtbot):
    """The UTF-16 repair is underlined and its tooltip shows the damaged original."""
    view = _view(qtbot)
    repair = view.article.repairs[0]
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.doc_position(repair.start) + 3)
    fmt = cursor.charFormat()
    assert fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline
    damaged = repair.before.strip("\u2000")
    assert f"<U+2000>{damaged}<U+2000>" in fmt.toolTip()
    rect = view.cursorRect(cursor)
    assert damaged in view.tooltip_at(rect.center())


def test_query_terms():
    """Field prefixes, operators and punctuation are not highlighted as words."""
    assert query_terms('title:"gas union" OR Putin*') == ["gas", "union", "putin"]
