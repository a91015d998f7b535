"""Every export applies the preview's link policy: only http, https, mailto and #anchors link.

The hostile brief (tests/fixtures/briefs/hostile_links.md) holds javascript:, file:, data:,
vbscript:, relative and obfuscated links, autolinks, reference links, images and raw HTML, and
cites an article whose own address is a javascript: URL. Each format is read back structurally:
the relationships of the DOCX, the xlink:href of the ODT, the href/src of the HTML, the links
markdown-it and pandoc find in the Markdown, and the /URI annotations and text of the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypandoc
import pytest
from markdown_it import MarkdownIt

from briefing_app.core.brief.export import export_brief
from briefing_app.core.brief.links import is_safe_link
from briefing_app.core.brief.render import render_html
from tests.core.brief.articles import plain_article, seed_article

HOSTILE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "briefs" / "hostile_links.md"
).read_text(encoding="utf-8")
SAFE_TARGETS = {"https://example.org/archive", "mailto:desk@example.org"}
WORDS = ("script link", "shouting one", "reference link", "raw anchor", "the archive")


@pytest.fixture
def library():
    seed = seed_article()
    hostile = plain_article(
        "hostile2024url", "Hostile address", ["Words."], url="javascript:alert('url')"
    )
    return {seed.key: seed, hostile.key: hostile}


def _assert_safe(targets: list[str]) -> None:
    unsafe = [t for t in targets if not is_safe_link(t)]
    assert unsafe == []


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_link_policy():
    """Only http(s), mailto and #anchors are safe, whatever the case or surrounding spaces."""
    assert all(map(is_safe_link, ["https://a.org", " HTTP://a.org", "mailto:x@y.z", "#sec"]))
    bad = ["javascript:x", "JavaScript:x", "file:///etc", "data:text/html,x", "vbscript:x"]
    assert not any(map(is_safe_link, bad + ["../x", "//evil.example", "java\tscript:x", ""]))


def test_preview_unwraps_unsafe_links_to_their_text(library):
    """The preview shows an unsafe link's words without a link, and keeps the safe ones."""
    html = render_html(HOSTILE, library).html
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', html)
    _assert_safe(hrefs)
    assert set(hrefs) >= SAFE_TARGETS and "<script" not in html and "<img" not in html
    assert all(word in html for word in WORDS)


def test_docx_has_only_safe_hyperlinks(library, tmp_path):
    """DOCX: every external relationship and hyperlink target is safe; the words are kept."""
    out = tmp_path / "hostile.docx"
    export_brief(HOSTILE, library, "docx", out, allow_unverified=True)
    with zipfile.ZipFile(out) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        notes = archive.read("word/_rels/footnotes.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    targets = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels + notes)
    _assert_safe(targets)
    assert SAFE_TARGETS <= set(targets)
    assert "<w:drawing" not in body and "<w:pict" not in body
    assert all(word in body for word in WORDS)


def test_odt_has_only_safe_hyperlinks(library, tmp_path):
    """ODT: every xlink:href is safe; no images; the words are kept."""
    out = tmp_path / "hostile.odt"
    export_brief(HOSTILE, library, "odt", out, allow_unverified=True)
    with zipfile.ZipFile(out) as archive:
        content = archive.read("content.xml").decode()
        names = archive.namelist()
    hrefs = re.findall(r'xlink:href="([^"]*)"', content)
    _assert_safe(hrefs)
    assert SAFE_TARGETS <= set(hrefs)
    assert "<draw:image" not in content and not any(n.startswith("Pictures/") for n in names)
    assert all(word in content for word in WORDS)


def test_html_export_has_only_safe_links(library, tmp_path):
    """Standalone HTML: no unsafe href/src, no script, no image, nothing loaded."""
    out = tmp_path / "hostile.html"
    export_brief(HOSTILE, library, "html", out, evidence=True, allow_unverified=True)
    page = out.read_text(encoding="utf-8")
    _assert_safe(re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', page))
    assert "<script" not in page and "<img" not in page
    assert not re.search(r"<[^>]*\son\w+=", page)  # no event handler attribute
    assert all(word in page for word in WORDS)


def test_markdown_export_has_only_safe_links(library, tmp_path):
    """Markdown: neither markdown-it (HTML on, any scheme) nor pandoc finds an unsafe link in it."""
    out = tmp_path / "hostile.md"
    export_brief(HOSTILE, library, "md", out, allow_unverified=True)
    text = out.read_text(encoding="utf-8")
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True
    tokens = md.parse(text)
    children = [c for t in tokens for c in (t.children or [])]
    assert not [t for t in tokens + children if t.type.startswith("html")]
    _assert_safe([c.attrGet("href") or "" for c in children if c.type == "link_open"])
    assert not [c for c in children if c.type == "image"]
    native = pypandoc.convert_text(text, "native", format="markdown")
    _assert_safe(re.findall(r'\( "((?:[^"\\]|\\.)*)" , "', native))
    assert not re.search(r"\b(Image|RawInline|RawBlock) ", native)
    assert all(word in _flat(text) for word in WORDS)


def test_pdf_has_only_safe_link_annotations(library, tmp_path):
    """PDF (Qt): every /URI annotation is safe, and the link words are in the text."""
    from briefing_app.gui.pdf_export import export_pdf

    out = tmp_path / "hostile.pdf"
    export_pdf(HOSTILE, library, out, allow_unverified=True)
    data = out.read_bytes()
    uris = [u.decode("latin-1") for u in re.findall(rb"/URI\s*\(((?:[^()\\]|\\.)*)\)", data)]
    _assert_safe(uris)
    assert b"javascript" not in data.lower() or not re.search(rb"/(JS|JavaScript)\b", data)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF's text")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(word in _flat(text) for word in WORDS)
