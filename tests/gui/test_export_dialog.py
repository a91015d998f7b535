"""File ▸ Export…: choices, background export through the core exporter, errors in place."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from briefing_app.gui.export_dialog import ExportDialog
from tests.gui.brief_helpers import SAMPLE_KEY, add_sample_article

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
    label = re.search(r"“no formal discussions have been held” \[\^([\w-]+)\]", text)
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
    widget = ExportDialog(workspace, "Text “x” [@nobody2020none, ¶1].\n", None, settings=Settings())
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
