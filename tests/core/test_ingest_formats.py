"""Word, e-mail, single-file and WARC web archives, EPUB; what a folder import skips.

The fixtures in tests/fixtures/formats were made by the tools that make such files
(`make_fixtures.py` there): LibreOffice (DOCX, EPUB), Python's email (EML), warcio (WARC),
Chromium's single-file layout (MHTML).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import formats
from briefing_app.core.ingest.metadata import organisation_of_host

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
TITLE = "Samoan government ends state of emergency over measles outbreak"
URL = "https://en.wikinews.org/wiki/Samoan_government_ends_state_of_emergency_over_measles_outbreak"
FIRST_WORDS = "On Sunday, the state of emergency begun on November 15"
NOTE = "Figures as reported by the Samoan government on December 28, 2019."


def _parse(name: str):
    return formats.parse_bytes((FIXTURES / name).read_bytes(), name)


@pytest.mark.parametrize("name", ["measles.docx", "measles.epub"])
def test_office_documents_keep_title_body_and_notes_apart(name):
    doc = _parse(name)
    assert doc.metadata.title == TITLE
    assert doc.paragraphs[0].startswith(FIRST_WORDS)
    assert len(doc.paragraphs) == 3
    assert doc.notes == [NOTE]
    assert not any(NOTE in p for p in doc.paragraphs)
    assert doc.metadata.published == ""  # a file's creation date is not its publication


@pytest.mark.parametrize("name", ["samoa.mhtml", "samoa.warc.gz"])
def test_web_archives_give_the_page_with_its_url_and_capture_date(name):
    doc = _parse(name)
    assert doc.metadata.title == TITLE
    assert doc.metadata.url == URL
    assert doc.metadata.captured == "2020-01-03"
    assert doc.metadata.published == "2020-01-01"
    assert doc.metadata.publisher == "Wikinews"  # the tagline is not part of the name
    assert doc.metadata.authors == ["Jane Doe"]
    assert any(p.startswith(FIRST_WORDS) for p in doc.paragraphs)
    assert not any("Main page" in p or "CC BY" in p for p in doc.paragraphs)


def test_an_email_is_an_article_and_its_attachments_articles_linked_to_it(workspace, tmp_path):
    shutil.copy(FIXTURES / "samoa.eml", tmp_path / "samoa.eml")
    results = {r.path.rsplit("!", 1)[-1]: r for r in workspace.import_paths([tmp_path])}
    assert results[str(tmp_path / "samoa.eml")].status == "imported"
    assert results["samoa.html"].status == "imported"
    assert results["meta.json"].status == "skipped"
    message = workspace.library.get(results[str(tmp_path / "samoa.eml")].id)
    assert message.title == "Samoa lifts measles emergency"
    assert message.authors == ["Jane Doe"]
    assert message.metadata.published == "2020-01-02"
    assert "Report attached." in message.text
    page = workspace.library.get(results["samoa.html"].id)
    assert page.title == TITLE
    assert page.attached_to == message.id
    assert {"name": "samoa.html", "id": page.id} in message.attachments


def test_a_warc_of_two_pages_gives_two_articles_and_skips_the_image(workspace, tmp_path):
    results = workspace.import_paths([FIXTURES / "samoa.warc.gz"])
    assert [r.status for r in results] == ["imported", "imported"]
    articles = [workspace.library.get(r.id) for r in results]
    assert [a.metadata.url for a in articles] == [URL, URL + "_(second)"]
    assert "On Monday" in articles[1].text and "On Monday" not in articles[0].text
    assert all(a.metadata.captured == "2020-01-03" for a in articles)
    # Each capture is stored as its own one-record archive, which reads back alone.
    stored = workspace.library.original_bytes(articles[1])
    assert formats.parse_bytes(stored, articles[1].original_name).metadata.url.endswith("(second)")


def test_a_folder_imports_articles_and_reports_everything_else_as_skipped(workspace, tmp_path):
    (tmp_path / "report.txt").write_text("A short report\n\nThe body of a short report.\n")
    (tmp_path / "index.json").write_text('{"articles": ["report.txt"]}')
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "tool.exe").write_bytes(b"MZ\x90\x00")
    (tmp_path / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0")
    results = {Path(r.path).name: r for r in workspace.import_paths([tmp_path])}
    assert results["report.txt"].status == "imported"
    for name in ("index.json", "data.csv", "tool.exe", "photo.JPG"):
        assert results[name].status == "skipped", name
        assert results[name].id is None
    assert "data" in results["index.json"].error and ".json" in results["index.json"].error
    assert "image" in results["photo.JPG"].error
    skipped = results["index.json"].to_json()
    assert skipped["status"] == "skipped" and skipped["reason"] and skipped["error"] is None
    assert len(workspace.library.ids()) == 1


def test_a_page_saved_complete_imports_as_one_article(workspace, tmp_path):
    (tmp_path / "Samoa.html").write_bytes((FIXTURES / "samoa.eml").read_bytes()[:0] + _page())
    assets = tmp_path / "Samoa_files"
    assets.mkdir()
    (assets / "frame.html").write_text("<html><body><p>An advertising frame.</p></body></html>")
    (assets / "app.js").write_text("var x = 1;")
    (assets / "style.css").write_text("body { margin: 0 }")
    results = workspace.import_paths([tmp_path])
    assert [(Path(r.path).name, r.status) for r in results] == [("Samoa.html", "imported")]


def _page() -> bytes:
    from briefing_app.core.ingest import mhtml  # the page inside the MHTML fixture

    del mhtml
    import email

    message = email.message_from_bytes((FIXTURES / "samoa.mhtml").read_bytes())
    return next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(
        decode=True
    )


def test_the_cli_json_gives_skipped_files_their_status(tmp_path, capsys):
    from briefing_app.cli import main

    (tmp_path / "notes.txt").write_text("Notes\n\nSomething worth keeping for later.\n")
    (tmp_path / "index.json").write_text("{}")
    assert main(["import", "--json", str(tmp_path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {Path(line["path"]).name: line for line in lines}
    assert by_name["index.json"]["status"] == "skipped"
    assert by_name["notes.txt"]["status"] == "imported"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a.json", "data"),
        ("b.css", "code"),
        ("c.png", "image"),
        ("d.xyz", "type"),
        ("e.dll", "program"),
    ],
)
def test_skip_reasons_name_the_kind(name, reason):
    assert reason in formats.skip_reason(name)


@pytest.mark.parametrize(
    "name",
    [
        "a.txt",
        "a.md",
        "a.html",
        "a.pdf",
        "a.docx",
        "a.eml",
        "a.mht",
        "a.warc.gz",
        "a.epub",
        "README",
    ],
)
def test_article_types_are_not_skipped(name):
    assert formats.skip_reason(name) is None


@pytest.mark.parametrize(
    ("host", "organisation"),
    [
        ("en.wikinews.org", "Wikinews"),
        ("www.bbc.co.uk", "BBC"),
        ("news.yahoo.com", "Yahoo"),
        ("www.theguardian.com", "Theguardian"),
        ("localhost", ""),
        ("10.0.0.1", ""),
    ],
)
def test_the_organisation_of_a_host(host, organisation):
    assert organisation_of_host(host) == organisation


_NAMES = ["a.docx", "a.eml", "a.mhtml", "a.warc", "a.warc.gz", "a.epub"]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(_NAMES))
def test_any_bytes_under_a_new_format_parse_or_fail_plainly(data, name):
    try:
        formats.parse_bytes(data, name)
    except IngestError:
        pass


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".py")), st.data())
def test_damaged_real_files_parse_or_fail_plainly(name, data):
    """A real fixture with bytes cut off or flipped: a plain reason, never a crash."""
    original = (FIXTURES / name).read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    flip = data.draw(st.integers(0, len(original) - 1))
    damaged = bytearray(original[:cut] if data.draw(st.booleans()) else original)
    if flip < len(damaged):
        damaged[flip] ^= 0xFF
    try:
        formats.parse_bytes(bytes(damaged), name)
    except IngestError:
        pass
