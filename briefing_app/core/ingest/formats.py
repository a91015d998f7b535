"""Which parser reads which file: sniffed from the bytes first, the file name second."""

from __future__ import annotations

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest.document import ParsedDocument

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def sniff(data: bytes, name: str) -> str:
    """One of "pdf", "html", "markdown", "text"."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    lower = name.lower()
    if data[:5] == b"%PDF-" or lower.endswith(".pdf"):
        return "pdf"
    if lower.endswith(HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lower.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if head.startswith(b"---") and lower.endswith((".txt", "")):
        return "markdown"  # YAML front matter: a web clipper's note saved as text
    return "text"


def parse_bytes(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """Parse a file's bytes into paragraphs, metadata and a repair log."""
    if not data.strip():
        raise IngestError("the file is empty")
    kind = sniff(data, name)
    if kind == "pdf":
        from briefing_app.core.ingest import pdf

        return pdf.parse(data, name, rejected_repairs=rejected_repairs)
    if kind == "html":
        from briefing_app.core.ingest import html

        return html.parse(data, name, rejected_repairs=rejected_repairs)
    if kind == "markdown":
        from briefing_app.core.ingest import markdown

        return markdown.parse(data, name, rejected_repairs=rejected_repairs)
    from briefing_app.core.ingest import plaintext

    return plaintext.parse(data, name, rejected_repairs=rejected_repairs)
