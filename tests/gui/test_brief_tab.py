"""The brief editor tab: modified state, saving, quoting, external changes and the recovery journal."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from briefing_app.core.recovery import RecoveryStore
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_tab import BriefTab
from tests.gui.brief_helpers import SAMPLE_KEY, add_sample_article
from tests.gui.test_recovery_dialog import _orphan


@pytest.fixture
def errors(monkeypatch):
    """Messages the tab would have shown in a message box (popups are patched out)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        BriefTab, "_show_error", lambda self, title, msg: shown.append((title, msg))
    )
    return shown


@pytest.fixture
def sample(workspace):
    """The workspace with the sample article stored in it."""
    return add_sample_article(workspace)


@pytest.fixture
def tab(qtbot, workspace, errors, tmp_path):
    """A BriefTab over the test workspace."""
    settings = Settings(path=tmp_path / "settings.json")
    widget = BriefTab(workspace, settings)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def _replace_text(tab: BriefTab, text: str) -> None:
    tab.editor.selectAll()
    tab.editor.insertPlainText(text)


def test_new_brief_is_untitled_and_unmodified(tab):
    """A new tab holds an untitled brief with front matter and no unsaved changes."""
    assert tab.path is None
    assert tab.display_name() == "Untitled brief"
    assert not tab.is_modified()
    assert tab.text().startswith("---\ntitle: Untitled brief\n")


def test_typing_marks_modified(qtbot, tab):
    """Typing sets the modified flag and emits modified_changed(True)."""
    with qtbot.waitSignal(tab.modified_changed) as blocker:
        qtbot.keyClicks(tab.editor, "Gas")
    assert blocker.args == [True]
    assert tab.is_modified()
    assert "Gas" in tab.text()


def test_save_and_reopen_round_trip(qtbot, tab, workspace, errors, tmp_path):
    """Save As writes the exact text; a new tab opening the file shows it unmodified."""
    _replace_text(tab, "# Brief\n\nKazakhstan and the “gas union”.\n")
    target = tmp_path / "brief.md"
    with qtbot.waitSignal(tab.title_changed) as blocker:
        assert tab.save_as(target)
    assert blocker.args == ["brief.md"]
    assert not tab.is_modified()
    assert target.read_text(encoding="utf-8") == "# Brief\n\nKazakhstan and the “gas union”.\n"
    other = BriefTab(workspace, Settings(path=tmp_path / "s.json"))
    qtbot.addWidget(other)
    assert other.open(target)
    assert other.text() == tab.text()
    assert other.path == target.resolve()
    assert not other.is_modified()
    assert errors == []
    other.shutdown()


def test_save_untitled_asks_for_a_path(monkeypatch, tab, tmp_path):
    """Save on an untitled brief asks for a name; cancelling saves nothing."""
    monkeypatch.setattr(BriefTab, "_ask_save_path", lambda self: "")
    tab.editor.insertPlainText("draft")
    assert not tab.save()
    assert tab.is_modified()
    monkeypatch.setattr(BriefTab, "_ask_save_path", lambda self: str(tmp_path / "memo"))
    assert tab.save()
    assert tab.path == (tmp_path / "memo.md").resolve()
    assert "draft" in (tmp_path / "memo.md").read_text(encoding="utf-8")


def test_open_of_a_bad_file_reports_and_keeps_the_tab(tab, errors, tmp_path):
    """A file that is not UTF-8 text is refused with a message; the tab stays as it was."""
    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\xff\xfe\x00binary\x00\x81")
    before = tab.text()
    assert not tab.open(junk)
    assert errors and "UTF-8" in errors[0][1]
    assert tab.text() == before and tab.path is None


def test_insert_quotation_is_exact_and_one_undo_step(tab, sample):
    """The exact passage goes in with its citation; one undo removes all of it."""
    start = sample.text.index("no formal discussions")
    end = start + len("no formal discussions have been held")
    before = tab.text()
    assert tab.insert_quotation(sample.id, start, end)
    inserted = tab.text()[len(before) :]
    assert inserted == f"“no formal discussions have been held” [@{SAMPLE_KEY}, ¶1]"
    tab.undo()
    assert tab.text() == before
    tab.redo()
    assert tab.text() == before + inserted


def test_long_passage_becomes_a_blockquote_on_its_own_lines(tab, sample):
    """A passage spanning paragraphs is inserted as a blockquote with blank lines around it."""
    tab.editor.insertPlainText("As the monitor put it:")
    start = sample.paragraph_span(1)[0]
    end = sample.paragraph_span(2)[1]
    assert tab.insert_quotation(sample.id, start, end)
    text = tab.text()
    assert "As the monitor put it:\n\n> Recently, Kazakhstani Energy Minister" in text
    assert text.rstrip("\n").endswith(f"counterbalance to Moscow. [@{SAMPLE_KEY}, ¶1–2]")
    tab.undo()
    assert tab.text().endswith("As the monitor put it:")


def test_insert_quotation_of_unknown_article_reports(tab, errors):
    """An unknown article id is reported and nothing is inserted."""
    before = tab.text()
    assert not tab.insert_quotation("0000000000000000", 0, 5)
    assert errors and tab.text() == before


def test_dropped_quotation_is_inserted(tab, sample):
    """Quotation drag data dropped on the editor inserts the cited passage."""
    from PySide6.QtCore import QMimeData

    from briefing_app.gui.editor import QUOTATION_MIME, quotation_mime_data

    start = sample.text.index("a gas union")
    mime = QMimeData()
    mime.setData(QUOTATION_MIME, quotation_mime_data(sample.id, start, start + len("a gas union")))
    mime.setText("a gas union")
    tab.editor.insertFromMimeData(mime)
    assert tab.text().endswith(f"“a gas union” [@{SAMPLE_KEY}, ¶1]")


def test_save_refuses_to_clobber_an_external_change(tab, errors, tmp_path):
    """A file changed on disk is not overwritten: save fails, the bar offers keep/reload/compare."""
    target = tmp_path / "brief.md"
    _replace_text(tab, "mine\n")
    assert tab.save_as(target)
    time.sleep(0.01)
    target.write_text("theirs\n", encoding="utf-8")
    tab.editor.insertPlainText("more ")
    assert not tab.save()
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert tab.disk_bar.isVisibleTo(tab)
    assert "changed by another program" in errors[-1][1]
    dialog = tab.compare_with_disk()
    assert "-theirs" in dialog.view.toPlainText()
    dialog.close()
    tab.keep_my_version()
    assert tab.save()
    assert target.read_text(encoding="utf-8") == tab.text()


def test_external_change_prompts_instead_of_reloading(tab, tmp_path):
    """An external change to an unmodified brief shows the bar; the text stays until Reload."""
    target = tmp_path / "brief.md"
    _replace_text(tab, "original\n")
    assert tab.save_as(target)
    time.sleep(0.01)
    target.write_text("edited elsewhere\n", encoding="utf-8")
    assert tab.check_disk()
    assert tab.disk_bar.isVisibleTo(tab)
    assert tab.text() == "original\n"
    assert tab.reload_from_disk()
    assert tab.text() == "edited elsewhere\n"
    assert not tab.is_modified() and not tab.disk_bar.isVisibleTo(tab)


def test_deleted_file_is_reported_and_kept_in_the_editor(tab, tmp_path):
    """Deleting the file on disk shows the bar without Reload; saving recreates the file."""
    target = tmp_path / "brief.md"
    _replace_text(tab, "keep me\n")
    assert tab.save_as(target)
    target.unlink()
    assert tab.check_disk()
    assert not tab.disk_bar.reload_button.isEnabled()
    tab.keep_my_version()
    assert tab.save()
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_recovery_journal_written_after_idle(qtbot, tab, tmp_path):
    """Unsaved typing reaches the recovery store within the autosave delay, never the file."""
    target = tmp_path / "brief.md"
    _replace_text(tab, "saved text\n")
    assert tab.save_as(target)
    qtbot.keyClicks(tab.editor, "unsaved words")
    qtbot.waitUntil(tab.journal.has_entry, timeout=3000)
    entry = _own_entry(tab)
    assert entry.text == tab.text()
    assert entry.path == target.resolve()
    assert target.read_text(encoding="utf-8") == "saved text\n"
    assert tab.save()
    assert not tab.journal.has_entry()


def test_focus_loss_journals_at_once(tab):
    """Losing focus writes the journal without waiting for the idle timer."""
    tab.editor.insertPlainText("typed before switching windows")
    QApplication.sendEvent(
        tab.editor, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.ActiveWindowFocusReason)
    )
    assert tab.journal.has_entry()
    assert _own_entry(tab).text == tab.text()


def test_unmodified_brief_has_no_journal(tab):
    """A brief without unsaved changes leaves nothing in the recovery store."""
    tab.journal_now()
    assert not tab.journal.has_entry()


def test_restore_puts_the_recovered_text_in_unsaved(qtbot, tab, workspace, tmp_path):
    """Restoring an entry of a crashed process opens its file with the recovered text, unsaved."""
    target = tmp_path / "brief.md"
    target.write_text("on disk\n", encoding="utf-8")
    store = RecoveryStore()
    entry = _orphan_entry(store, "crashed-doc", "recovered text\n", target)
    assert tab.restore(entry, store)
    assert tab.text() == "recovered text\n"
    assert tab.is_modified()
    assert tab.path == target.resolve()
    assert target.read_text(encoding="utf-8") == "on disk\n"
    assert not entry.file.exists()
    assert tab.journal.has_entry()


def _own_entry(tab: BriefTab):
    """The recovery entry this tab's journal wrote."""
    return RecoveryStore._load(tab.journal.store._file_for(tab.journal.doc_id))


def _orphan_entry(store: RecoveryStore, doc_id: str, text: str, path):
    """A journal entry that looks as if a process that has died wrote it."""
    _orphan(store, doc_id, text, path)
    [entry] = [e for e in store.pending() if e.doc_id == doc_id]
    return entry


def test_settings_change_the_font_and_the_citation_style(qtbot, tab, sample):
    """apply_settings takes the new editor font and re-renders notes in the new locator style."""
    _replace_text(tab, f"A “gas union” [@{SAMPLE_KEY}, ¶1].\n")
    tab.preview.render_now(tab.text())
    assert "¶1" in tab.preview.document_text()
    tab.settings.editor_font_size = 17
    tab.settings.locator_style = "para"
    with qtbot.waitSignal(tab.preview.rendered, timeout=3000):
        tab.apply_settings()
    assert tab.editor.font().pointSize() == 17
    assert "para. 1" in tab.preview.document_text()


def test_typing_renders_the_preview_off_the_gui_thread(qtbot, tab, sample, monkeypatch):
    """Keys typed into the editor are rendered on the preview's worker thread, newest text shown."""
    import threading

    from PySide6.QtTest import QTest

    render = tab.preview._render
    threads: list[threading.Thread] = []

    def recording(text: str) -> str:
        threads.append(threading.current_thread())
        return render(text)

    monkeypatch.setattr(tab.preview, "_render", recording)
    tab.editor.setFocus()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(tab.preview.rendered, timeout=5000):
        QTest.keyClick(tab.editor, Qt.Key.Key_Return)
        QTest.keyClicks(tab.editor, f"A gas union [@{SAMPLE_KEY}, p1] here.")
    qtbot.waitUntil(lambda: "here." in tab.preview.document_text(), timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert "Eurasia Daily Monitor" in tab.preview.document_text()  # the note, from the library
