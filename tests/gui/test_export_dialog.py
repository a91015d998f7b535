"""File ▸ Export…: choices, background export through the core exporter, errors in place."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.export_dialog import ExportDialog
from tests.gui.brief_helpers import SAMPLE_KEY, add_sample_article, sample_tab

LEFT = Qt.MouseButton.LeftButton
BRIEF = (
    "---\ntitle: Gas union\nauthor: Analyst\n---\n\n"
    f"Astana said “no formal discussions have been held” [@{SAMPLE_KEY}, ¶1].\n"
)


@pytest.fixture
def dialog(qtbot, workspace, tmp_path):
    """An export dialog for a brief that quotes the sample article."""
    add_sample_article(workspace)
    widget = ExportDialog(workspace, BRIEF, tmp_path / "memo.md", settings=Settings())
    qtbot.addWidget(widget)
    return widget


def _export(qtbot, dialog: ExportDialog, fmt: str, path, evidence: bool = False) -> None:
    dialog.set_choice(fmt, path, evidence)
    with qtbot.waitSignals([dialog.exported], timeout=60000, raising=True):
        dialog.start_export()


def test_suggested_path_follows_the_brief_and_format(dialog, tmp_path):
    """The output defaults to the brief's name with the format's suffix, kept in step."""
    assert dialog.output_path() == tmp_path / "memo.docx"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("html"))
    assert dialog.output_path() == tmp_path / "memo.html"


def test_markdown_export_resolves_citations_into_footnotes(qtbot, dialog, tmp_path):
    """The Markdown export holds the quotation, a footnote and the CSL-JSON beside it."""
    out = tmp_path / "memo.md.out.md"
    _export(qtbot, dialog, "md", out)
    text = out.read_text(encoding="utf-8")
    # The exporter (pandoc's Markdown writer) numbers the notes itself: match whatever label.
    label = re.search(r"“no formal discussions have been held\.”\[\^([\w-]+)\]", text)
    assert label and f"[^{label.group(1)}]: Emil Avdaliani" in text
    csl = json.loads((tmp_path / "memo.md.out.csl.json").read_text(encoding="utf-8"))
    assert csl[0]["title"].startswith("Kazakhstan")


def test_html_export_with_evidence_appendix(qtbot, dialog, tmp_path):
    """The HTML export is standalone and, when asked, carries the evidence appendix."""
    out = tmp_path / "memo.html"
    _export(qtbot, dialog, "html", out, evidence=True)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "no formal discussions have been held" in page
    sample_sha = dialog.workspace.articles()[0].sha256
    assert sample_sha in page


def test_docx_export_runs_in_the_background(qtbot, dialog, tmp_path):
    """DOCX goes through pandoc off the GUI thread and lands as a zip package."""
    out = tmp_path / "memo.docx"
    _export(qtbot, dialog, "docx", out)
    assert out.read_bytes()[:2] == b"PK"


def test_pdf_export_when_the_qt_writer_is_present(qtbot, dialog, tmp_path):
    """PDF is drawn by Qt's writer (skipped until that module is part of the build)."""
    if importlib.util.find_spec("briefing_app.export_pdf") is None:
        pytest.skip("the Qt PDF writer (briefing_app.export_pdf) is not in this build")
    out = tmp_path / "memo.pdf"
    _export(qtbot, dialog, "pdf", out)
    assert out.read_bytes()[:5] == b"%PDF-"


def test_unknown_key_fails_with_a_message(qtbot, workspace, tmp_path):
    """A brief citing an unknown source is not exported; the dialog says why and stays open."""
    widget = ExportDialog(workspace, "Text [@nobody2020none, ¶1].\n", None, settings=Settings())
    qtbot.addWidget(widget)
    widget.set_choice("md", tmp_path / "out.md")
    with qtbot.waitSignal(widget.export_failed, timeout=30000) as blocker:
        widget.start_export()
    assert "nobody2020none" in blocker.args[0]
    assert "The export failed" in widget.message.text()
    assert not (tmp_path / "out.md").exists()


def test_missing_output_path_is_refused(qtbot, dialog):
    """Export without a file name asks for one instead of failing obscurely."""
    dialog.path_edit.clear()
    dialog.start_export()
    assert "Choose a file" in dialog.message.text()


def test_tab_export_uses_the_dialog(qtbot, workspace, tmp_path, monkeypatch):
    """BriefTab.export(fmt, path) exports the editor's text directly."""
    add_sample_article(workspace)
    monkeypatch.setattr(BriefTab, "_show_error", lambda self, title, msg: None)
    tab = BriefTab(workspace, Settings(path=tmp_path / "s.json"))
    qtbot.addWidget(tab)
    tab.editor.setPlainText(BRIEF)
    out = tmp_path / "direct.html"
    tab.export("html", out)
    qtbot.waitUntil(out.exists, timeout=30000)
    assert "no formal discussions have been held" in out.read_text(encoding="utf-8")
    tab.shutdown()


FAILING = (
    "---\ntitle: Gas union\n---\n\n"
    f"Astana said “no formal talks have been held” [@{SAMPLE_KEY}, ¶1].\n\n"
    f"It said “heaps of cash” [@{SAMPLE_KEY}, ¶1].\n"
)


def test_unverified_quotations_refuse_the_export_and_list_them(qtbot, workspace, tmp_path):
    """Nothing is written; each failing quotation is listed; Export Anyway then writes it."""
    add_sample_article(workspace)
    widget = ExportDialog(workspace, FAILING, None, settings=Settings())
    qtbot.addWidget(widget)
    widget.show()
    out = tmp_path / "out.md"
    widget.set_choice("md", out)
    with qtbot.waitSignal(widget.export_failed, timeout=30000):
        QTest.mouseClick(widget.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    assert not out.exists()
    assert widget.message.text() == "Not exported: 2 quotation(s) are not verified."
    lines = [widget.failure_list.item(i).text() for i in range(widget.failure_list.count())]
    assert lines[0].startswith("line 5: not_found") and lines[1].startswith("line 7: wrong_locator")
    assert widget.check_button.isVisible() and widget.anyway_button.isVisible()
    with qtbot.waitSignal(widget.exported, timeout=30000):
        QTest.mouseClick(widget.anyway_button, LEFT)
    assert out.read_text(encoding="utf-8").count("NOT VERIFIED") == 2


def test_show_in_check_panel_closes_and_checks(qtbot, workspace, tmp_path, monkeypatch):
    """From a refused export, Show in Check Panel closes the dialog and opens the tab's check."""
    tab = sample_tab(qtbot, workspace, tmp_path / "s.json", monkeypatch)
    tab.editor.setPlainText(FAILING)
    dialog = tab.export()
    dialog.set_choice("md", tmp_path / "x.md")
    with qtbot.waitSignal(dialog.export_failed, timeout=30000):
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    with qtbot.waitSignal(tab.checker.checked, timeout=30000):
        QTest.mouseClick(dialog.check_button, LEFT)
    assert not dialog.isVisible() and tab.check_panel.isVisible()
    assert [r.status for r in tab.check_panel.rows] == ["not_found", "wrong_locator"]
    tab.shutdown()


def test_success_says_where_and_opens_the_folder(qtbot, dialog, tmp_path, monkeypatch):
    """After a successful export the dialog stays open with the path and an Open Folder button."""
    opened = []
    monkeypatch.setattr(ExportDialog, "_open_url", lambda self, url: opened.append(url))
    dialog.show()
    out = tmp_path / "shown.html"
    _export(qtbot, dialog, "html", out)
    assert dialog.isVisible() and str(out) in dialog.message.text()
    assert dialog.folder_button.isVisible()
    QTest.mouseClick(dialog.folder_button, LEFT)
    assert [u.toLocalFile() for u in opened] == [str(tmp_path)]
