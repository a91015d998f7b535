"""Which parser reads which file, and which files are not articles at all.

The decision is made from the name first (a `.json` beside the articles is data, not an
article), then from the bytes for names without a known suffix (a PDF saved as `report`).
"""

from __future__ import annotations

import importlib
from pathlib import PurePath

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest.document import ParsedDocument

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text")
# Longest suffixes first: ".warc.gz" before ".gz".
KIND_BY_SUFFIX = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".pdf": "pdf",
    ".docx": "docx",
    ".eml": "eml",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".epub": "epub",
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown"),
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
}
# Which module parses each kind (each has `parse(data, name, *, rejected_repairs)`).
PARSERS = {
    "pdf": "pdf",
    "html": "html",
    "markdown": "markdown",
    "text": "plaintext",
    "docx": "docx",
    "eml": "eml",
    "mhtml": "mhtml",
    "warc": "warc",
    "epub": "epub",
}
# Named reasons for the types people most often keep beside their articles.
_SKIPPED_KINDS = {
    "data": (".json", ".jsonl", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".sqlite", ".db"),
    "code or style sheet": (".js", ".mjs", ".css", ".py", ".sh", ".bat", ".ps1"),
    "image": (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".ico"),
    "audio or video": (".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi"),
    "program or library": (".exe", ".dll", ".so", ".dylib", ".bin", ".msi", ".deb", ".apk"),
    "font": (".woff", ".woff2", ".ttf", ".otf", ".eot"),
    "spreadsheet or slides": (".xlsx", ".xls", ".ods", ".pptx", ".ppt", ".odp"),
}
# A browser's "Save page as… complete" puts the page's assets in a folder named after it.
ASSET_FOLDER_ENDINGS = ("_files", "-Dateien", "_fichiers", "_archivos", "-bestanden")


def suffix_of(name: str) -> str:
    """The known suffix a name ends with ("" when none): ".warc.gz" is one suffix."""
    lower = name.lower()
    for suffix in KIND_BY_SUFFIX:
        if lower.endswith(suffix):
            return suffix
    return ""


def _plain_suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def skip_reason(name: str) -> str | None:
    """Why a file is not imported as an article, from its name alone; None when it may be."""
    if suffix_of(name) or not _plain_suffix(name):
        return None  # a known article type, or no suffix: the bytes decide
    suffix = _plain_suffix(name)
    for kind, suffixes in _SKIPPED_KINDS.items():
        if suffix in suffixes:
            return f"not an article: {kind} ({suffix})"
    return f"not an article type Briefing reads ({suffix})"


def asset_folders(folders: list[str], files: list[str]) -> set[str]:
    """The folders beside a saved web page that hold its assets ("page_files" for "page.html")."""
    stems = {PurePath(f).stem for f in files if f.lower().endswith(HTML_SUFFIXES + (".mht",))}
    return {
        d
        for d in folders
        if any(d == stem + ending for stem in stems for ending in ASSET_FOLDER_ENDINGS)
    }


def sniff(data: bytes, name: str) -> str:
    """The kind of a file: its known suffix, else its leading bytes ("text" by default)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    kind = KIND_BY_SUFFIX.get(suffix_of(name))
    if kind:
        if kind == "text" and head.startswith(b"---"):
            return "markdown"  # YAML front matter: a web clipper's note saved as text
        return kind
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"warc/1.") or (data[:2] == b"\x1f\x8b" and b"warc" in name.lower()):
        return "warc"
    if head.startswith(b"mime-version:") and b"multipart/related" in head:
        return "mhtml"
    if head.startswith(b"---"):
        return "markdown"
    return "text"


def parse_bytes(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """Parse a file's bytes into paragraphs, metadata and a repair log."""
    if not data.strip():
        raise IngestError("the file is empty")
    module = importlib.import_module(f"briefing_app.core.ingest.{PARSERS[sniff(data, name)]}")
    return module.parse(data, name, rejected_repairs=rejected_repairs)
