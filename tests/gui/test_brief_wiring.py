"""Brief wiring: the check uses the index, export refuses the brief's own file, outline drops."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from briefing_app.core.brief import verify
from briefing_app.core.brief.quoting import quotation_markdown
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_checking import run_check
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.claims_panel import ClaimsPanel
from briefing_app.gui.reader import QUOTE_MIME
from tests.gui.brief_helpers import SAMPLE_KEY, add_sample_article


def _tab(qtbot, workspace, tmp_path, shown=None) -> BriefTab:
    tab = BriefTab(workspace, Settings(path=tmp_path / "settings.json"))
    if shown is not None:
        tab._show_error = lambda title, text: shown.append((title, text))
    qtbot.addWidget(tab)
    return tab


def test_check_passes_the_workspace_as_index(monkeypatch, workspace):
    """The background check hands the workspace to check_brief, so big libraries use the index."""
    add_sample_article(workspace)
    seen = {}
    real = verify.check_brief

    def spy(text, library, index=None):
        seen["index"] = index
        return real(text, library, index)

    monkeypatch.setattr(verify, "check_brief", spy)
    results = run_check(workspace, f"“no formal discussions have been held” [@{SAMPLE_KEY}, ¶1]\n")
    assert seen["index"] is workspace
    assert [r.status for r in results] == ["verified"]


def test_export_over_the_brief_itself_is_refused(qtbot, workspace, tmp_path):
    """Exporting Markdown onto the brief's own file fails with a message; the brief is intact."""
    add_sample_article(workspace)
    tab = _tab(qtbot, workspace, tmp_path)
    brief = tmp_path / "memo.md"
    tab.editor.setPlainText("# Memo\n\nText.\n")
    assert tab.save_as(brief)
    before = brief.read_bytes()
    dialog = tab.export("md", brief)
    qtbot.addWidget(dialog)
    dialog.wait()
    qtbot.waitUntil(lambda: bool(dialog.last_error), timeout=10000)
    assert "would overwrite the brief itself" in dialog.last_error
    assert "would overwrite the brief itself" in dialog.message.text()
    assert brief.read_bytes() == before
    tab.shutdown()


def _drop(widget, mime, point: QPoint) -> QDropEvent:
    """Send enter, move and drop events for `mime` at `point` of `widget`, as a drag would."""
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    at = QPointF(point)  # the QPointF constructors: those taking a QPoint are deprecated
    enter = QDragEnterEvent(at, action, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the editor refused the drag"
    move = QDragMoveEvent(at, action, mime, buttons, mods)
    QApplication.sendEvent(widget, move)
    drop = QDropEvent(at, action, mime, buttons, mods)
    QApplication.sendEvent(widget, drop)
    return drop


def test_claim_dragged_from_the_outline_drops_as_exact_quotation(qtbot, seeded, tmp_path):
    """The outline's drag data dropped on the editor's viewport inserts quotation + citation."""
    article = seeded.articles()[0]
    panel = ClaimsPanel()
    qtbot.addWidget(panel)
    panel.set_article(article)
    row = panel.find_rows("declared:")[0]
    mime = panel.proxy.mimeData([row])
    assert mime.hasFormat(QUOTE_MIME)
    tab = _tab(qtbot, seeded, tmp_path)
    tab.resize(900, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.editor.setPlainText("Intro.\n\n")
    viewport = tab.editor.viewport()
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    drop = _drop(viewport, mime, tab.editor.cursorRect().center())
    assert drop.isAccepted()
    payload = json.loads(bytes(mime.data(QUOTE_MIME)).decode("utf-8"))
    start, stop = payload["start"], payload["end"]
    expected = quotation_markdown(article, start, stop)
    assert article.text[start:stop] in expected  # word for word from the article
    assert f"[@{article.key}, ¶1]" in expected
    assert tab.text().startswith("Intro.\n\n")
    assert expected.strip() in tab.text()
    tab.undo()
    assert tab.text() == "Intro.\n\n"  # the drop is one undo step
    tab.shutdown()
