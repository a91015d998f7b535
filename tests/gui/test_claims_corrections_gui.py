"""Corrections in the outline and the Speakers dock, driven by real keys and clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from briefing_app.core.claims import corrections
from briefing_app.gui.claim_corrections import SpeakerDialog
from briefing_app.gui.claims_panel import ClaimsPanel
from briefing_app.gui.speakers_view import SpeakersView

TEXT = (
    "Health Minister Anna Berg said the clinics would reopen on Monday.\n\n"
    "The hospital board warned that staff shortages would last into the spring.\n"
)


def _stored(workspace, tmp_path, name="note.md", text=TEXT, published="2021-02-03"):
    path = tmp_path / name
    path.write_text(f"---\npublished: {published}\n---\n{text}", encoding="utf-8")
    [result] = workspace.import_paths([path])
    return workspace.article(result.id)


def _panel(qtbot, workspace, article) -> ClaimsPanel:
    panel = ClaimsPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 600)
    panel.set_library(workspace.library)
    panel.set_article(article)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _click_row(qtbot, panel, words):
    [index] = panel.find_rows(words)
    rect = panel.tree.visualRect(index)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.tree.currentIndex() == index


def test_delete_rejects_a_claim_and_it_stays_rejected(qtbot, workspace, tmp_path):
    article = _stored(workspace, tmp_path)
    panel = _panel(qtbot, workspace, article)
    _click_row(qtbot, panel, "clinics would reopen")
    QTest.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert panel.find_rows("clinics would reopen") == []
    stored = corrections.read(workspace.library.folder(article.id))["corrections"]
    assert [c["action"] for c in stored] == ["reject"]
    # A fresh panel (a restart) shows the article corrected.
    again = _panel(qtbot, workspace, workspace.article(article.id))
    assert again.find_rows("clinics would reopen") == []


def test_f2_sets_a_typed_speaker(qtbot, workspace, tmp_path):
    article = _stored(workspace, tmp_path)
    panel = _panel(qtbot, workspace, article)
    _click_row(qtbot, panel, "staff shortages")

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SpeakerDialog)
        assert dialog.combo.findText("Anna Berg") >= 0  # the article's people are offered
        dialog.combo.lineEdit().selectAll()
        QTest.keyClicks(dialog.combo.lineEdit(), "Dr Jane Roe")
        QTest.keyClick(dialog.combo.lineEdit(), Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    QTest.keyClick(panel.tree, Qt.Key.Key_F2)
    assert panel.find_rows("Dr Jane Roe")
    [row] = panel.find_rows("staff shortages")
    assert "Corrected by an analyst" in row.data(Qt.ItemDataRole.ToolTipRole)


def test_stale_correction_is_shown(qtbot, workspace, tmp_path):
    article = _stored(workspace, tmp_path)
    folder = workspace.library.folder(article.id)
    corrections.write(
        folder,
        {"corrections": [{"action": "reject", "start": 0, "end": 9, "text": "Not there"}]},
    )
    panel = _panel(qtbot, workspace, article)
    assert panel.stale_label.isVisible() and "no longer apply" in panel.stale_label.text()


def test_speakers_view_lists_merged_speakers_and_quotes(qtbot, workspace, tmp_path):
    _stored(workspace, tmp_path, "a.md", "President Xi said the talks were useful.\n", "2019-05-01")
    _stored(
        workspace,
        tmp_path,
        "b.md",
        "Chinese President Xi Jinping said trade would grow next year.\n",
        "2020-01-02",
    )
    view = SpeakersView(workspace.library)
    qtbot.addWidget(view)
    view.resize(400, 500)
    view.show()
    qtbot.waitExposed(view)
    QTest.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    rows = [view.people.item(n).text() for n in range(view.people.count())]
    assert rows == ["Xi Jinping (2)"]
    rect = view.people.visualItemRect(view.people.item(0))
    QTest.mouseClick(view.people.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    claims = [view.claims.item(n).text() for n in range(view.claims.count())]
    assert claims[0].startswith("2019-05-01") and claims[1].startswith("2020-01-02")
    rect = view.claims.visualItemRect(view.claims.item(1))
    QTest.mouseClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.quote_requested, timeout=2000) as quoted:
        QTest.keyClick(view.claims, Qt.Key.Key_Return)
    article_id, start, end = quoted.args
    assert workspace.article(article_id).text[start:end].startswith("trade would grow")


def _pick_from_menu(qtbot, text):
    """Click the entry `text` of the context menu that is open."""
    menu = QApplication.activePopupWidget()
    assert menu is not None
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled()
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _type_speaker(name, tries=100):
    """Type `name` into the speaker dialog once it is open (it opens after the menu closes)."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, SpeakerDialog):
        assert tries, "the speaker dialog did not open"
        QTimer.singleShot(20, lambda: _type_speaker(name, tries - 1))
        return
    QTest.keyClicks(dialog.combo.lineEdit(), name)
    QTest.keyClick(dialog.combo.lineEdit(), Qt.Key.Key_Return)


def test_context_menu_marks_the_selected_passage_as_a_claim(qtbot, workspace, tmp_path):
    article = _stored(workspace, tmp_path)
    panel = _panel(qtbot, workspace, article)
    start = article.text.index("staff shortages")
    panel.selection_provider = lambda: (start, start + len("staff shortages would last"))
    [row] = panel.find_rows("Anna Berg")
    rect = panel.tree.visualRect(row)

    def choose():
        QTimer.singleShot(0, lambda: _type_speaker("Chief Nurse Ola Dahl"))
        _pick_from_menu(qtbot, "Mark Selected Text as Claim…")

    QTimer.singleShot(50, choose)
    # Through the window, as the platform delivers it, so Qt makes the context-menu event.
    at = panel.tree.viewport().mapTo(panel.window(), rect.center())
    QTest.mouseClick(panel.window().windowHandle(), Qt.MouseButton.RightButton, pos=at)
    qtbot.waitUntil(lambda: bool(panel.find_rows("Chief Nurse Ola Dahl")), timeout=3000)
    [claim] = [
        c for c in corrections.corrected_claims(workspace.library, article)[0] if c.get("corrected")
    ]
    assert (
        claim["content"] == "staff shortages would last"
        and claim["speaker_name"] == "Chief Nurse Ola Dahl"
    )
