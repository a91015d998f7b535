"""Rendering and export of a sample brief quoting the seed, compared with golden files."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pypandoc
import pytest

from briefing_app.core.brief.citations import CitationOptions
from briefing_app.core.brief.export import export_brief
from briefing_app.core.brief.render import render_html
from briefing_app.core.errors import BriefError
from tests.core.brief.articles import SEED_KEY, seed_article
from tests.core.brief.golden import GOLDEN, UPDATE_ENV, compare_golden

SAMPLE = (GOLDEN / "sample_brief.md").read_text(encoding="utf-8")
QUOTE = "incredible geopolitical upheavals"
NOTE_TEXT = "Eurasia Daily Monitor"
BIB_TEXT = "Avdaliani, Emil."


@pytest.fixture
def library():
    article = seed_article()
    return {article.key: article}


def _golden(name: str, actual: str) -> None:
    compare_golden(name, actual)


def test_render_html_matches_golden(library):
    """The HTML of the sample brief: notes, short notes, bibliography, classification."""
    result = render_html(SAMPLE, library)
    assert not result.errors
    assert [n.number for n in result.notes] == [1, 2, 3]
    _golden("sample_brief.html", result.html)


def test_unknown_key_renders_a_visible_error():
    """A citation of a key the library lacks shows as an error and is reported with its line."""
    result = render_html("---\ntitle: x\n---\nText [@nobody2020none, ¶2].\n", {})
    assert 'class="citation-error"' in result.html and "@nobody2020none" in result.html
    assert [(e.line, e.key) for e in result.errors] == [(4, "nobody2020none")]


def test_unsafe_links_and_remote_images_are_not_rendered(library):
    """javascript: links stay text, images become descriptions, raw HTML is escaped."""
    html = render_html(
        "[x](javascript:alert(1)) ![pic](http://evil.example/a.png) <b>bold</b>", library
    ).html
    assert "href" not in html and "<img" not in html and "<b>" not in html
    assert "[image: pic]" in html


def test_options_switch_locator_style_and_ibid(library):
    """Settings can ask for "para. 2" locators and Ibid."""
    text = "A [@avdaliani2023kazakhstans, ¶2]. B [@avdaliani2023kazakhstans, ¶2]."
    result = render_html(text, library, CitationOptions(locator_style="para", ibid=True))
    assert "para. 2" in result.notes[0].markdown
    assert result.notes[1].markdown == "Ibid."


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_exports_match_golden(library, tmp_path, fmt):
    """Markdown (citations resolved into footnotes) and standalone HTML exports."""
    out = tmp_path / f"brief.{fmt}"
    export_brief(SAMPLE, library, fmt, out, evidence=True)
    _golden(f"sample_brief.export.{fmt}", out.read_text(encoding="utf-8"))
    csl = json.loads((tmp_path / "brief.csl.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in csl] == [SEED_KEY]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_exports_have_real_footnotes(library, tmp_path, fmt):
    """DOCX/ODT read back by pandoc hold the quotation, footnotes, bibliography and marking."""
    out = tmp_path / f"brief.{fmt}"
    export_brief(SAMPLE, library, fmt, out)
    back = pypandoc.convert_file(str(out), "plain", format=fmt, extra_args=["--wrap=none"])
    _golden(f"sample_brief.export.{fmt}.txt", back)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        if fmt == "docx":
            assert "word/footnotes.xml" in names
            assert "OFFICIAL" in archive.read("word/header-marking.xml").decode()
        else:
            assert "OFFICIAL" in archive.read("styles.xml").decode()
            assert "<text:note " in archive.read("content.xml").decode()


def test_pdf_export_through_injected_writer(library, tmp_path):
    """Core hands the PDF writer standalone HTML and the marking; no Qt is imported by core."""
    calls = []
    export_brief(
        SAMPLE,
        library,
        "pdf",
        tmp_path / "b.pdf",
        pdf_writer=lambda h, p, m: calls.append((h, p, m)),
    )
    html, path, marking = calls[0]
    assert marking == "OFFICIAL" and QUOTE in html and "<style>" in html


def test_pdf_export_without_a_writer_is_refused(library, tmp_path):
    """Core has no PDF writer of its own (it never names a Qt module): the caller brings one."""
    with pytest.raises(BriefError, match="PDF writer"):
        export_brief(SAMPLE, library, "pdf", tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_export_refuses_unknown_keys(tmp_path):
    """An export with a citation of an unknown key fails with a plain message and writes nothing."""
    with pytest.raises(BriefError, match="nobody2020none"):
        export_brief("Text [@nobody2020none].", {}, "md", tmp_path / "x.md")
    assert not (tmp_path / "x.md").exists()


def test_docx_opens_in_libreoffice(library, tmp_path):
    """LibreOffice converts the DOCX to PDF whose text holds quotation, footnote and bibliography."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("needs LibreOffice (soffice) and pdftotext (poppler-utils)")
    out = tmp_path / "brief.docx"
    export_brief(SAMPLE, library, "docx", out)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert QUOTE in flat and NOTE_TEXT in flat and BIB_TEXT in flat and "OFFICIAL" in flat


def test_pandoc_citeproc_reads_the_exported_csl(library, tmp_path):
    """pandoc --citeproc with the CSL-JSON written beside an export renders the seed citation."""
    export_brief(SAMPLE, library, "md", tmp_path / "brief.md")
    out = pypandoc.convert_text(
        SAMPLE, "plain", format="markdown",
        extra_args=["--citeproc", f"--bibliography={tmp_path / 'brief.csl.json'}", "--wrap=none"],
    )  # fmt: skip
    assert "Avdaliani" in out and "Kazakhstan" in out and "???" not in out


def test_missing_golden_fails_unless_update_is_asked(tmp_path, monkeypatch):
    """A missing golden file fails the test; only BRIEFING_UPDATE_GOLDEN=1 writes it."""
    monkeypatch.delenv(UPDATE_ENV, raising=False)
    with pytest.raises(pytest.fail.Exception, match="missing"):
        compare_golden("absent.html", "<p>x</p>", folder=tmp_path)
    assert not (tmp_path / "absent.html").exists()
    monkeypatch.setenv(UPDATE_ENV, "1")
    compare_golden("absent.html", "<p>x</p>", folder=tmp_path)
    monkeypatch.delenv(UPDATE_ENV)
    compare_golden("absent.html", "<p>x</p>", folder=tmp_path)
    with pytest.raises(AssertionError):
        compare_golden("absent.html", "<p>y</p>", folder=tmp_path)


def test_cli_export_refuses_to_overwrite_the_brief(seeded, tmp_path, capsys):
    """`briefing export` never replaces its own input (nor with the CSL-JSON beside it)."""
    from briefing_app.cli import main

    brief = tmp_path / "brief.md"
    brief.write_text(SAMPLE, encoding="utf-8")
    lib = ["--library", str(seeded.root)]
    assert main([*lib, "export", str(brief), "--to", "md", "-o", str(brief)]) != 0
    alias = tmp_path / "sub" / ".." / "brief.md"
    (tmp_path / "sub").mkdir()
    assert main([*lib, "export", str(brief), "--to", "html", "-o", str(alias)]) != 0
    csl_twin = tmp_path / "x.csl.json"
    csl_twin.write_text(SAMPLE, encoding="utf-8")
    assert main([*lib, "export", str(csl_twin), "--to", "md", "-o", str(tmp_path / "x.md")]) != 0
    assert brief.read_text(encoding="utf-8") == SAMPLE
    assert csl_twin.read_text(encoding="utf-8") == SAMPLE
    assert "overwrite the brief" in capsys.readouterr().err
    assert main([*lib, "export", str(brief), "--to", "md", "-o", str(tmp_path / "o.md")]) == 0
