"""Word documents (`.docx`): paragraphs, tables, headings, footnotes and document properties.

python-docx reads the body in order (paragraphs and tables); footnotes and endnotes, which
python-docx does not expose, are read from their own parts of the package with lxml and kept
as the article's notes. The file's creation date is not taken as its publication date
(a copy saved today would claim today). The title is the document's Title property, else its first
Title- or Heading-styled paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from briefing_app.core.article import Metadata
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest.document import ParsedDocument, repaired_document
from briefing_app.core.ingest.html_people import clean_people
from briefing_app.core.ingest.zipped import PART_ERRORS, open_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")
MAX_PART_BYTES = 50 * 1024 * 1024
NO_TEXT = "no text in the Word document"
_HEADING_STYLE = re.compile(r"^(?:title|heading \d|subtitle)$", re.IGNORECASE)


def _body_blocks(document) -> list[tuple[str, str]]:
    """(style, text) of each paragraph and table row, in reading order."""
    from docx.table import Table

    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                deduped = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                if deduped:  # merged cells repeat their text in every grid cell
                    blocks.append(("table", " | ".join(deduped)))
            continue
        text = " ".join(item.text.split())
        if text:
            blocks.append(((item.style.name if item.style is not None else "") or "", text))
    return blocks


def _notes(data: bytes) -> list[str]:
    """Footnote and endnote texts, in order, without Word's separator notes."""
    notes = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in NOTE_PARTS:
            try:
                info = package.getinfo(part)
            except KeyError:
                continue
            if info.file_size > MAX_PART_BYTES:
                continue
            root = etree.fromstring(package.read(info), etree.XMLParser(resolve_entities=False))
            for note in root:
                if note.get(f"{W}type") in ("separator", "continuationSeparator"):
                    continue
                text = " ".join("".join(t.text or "" for t in note.iter(f"{W}t")).split())
                if text:
                    notes.append(text)
    return notes


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """A Word document's body, notes and properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    open_package(data, "Word document").close()
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _body_blocks(document)
        notes = _notes(data)
    except (PackageNotFoundError, *PART_ERRORS, etree.XMLSyntaxError) as exc:
        raise IngestError(f"not a readable Word document ({exc})") from exc
    props = document.core_properties
    title, source = " ".join((props.title or "").split()), "source"
    headings = [text for style, text in blocks if _HEADING_STYLE.match(style)]
    if not title and headings:
        title, source = headings[0], "first-line"
    body = [text for _, text in blocks]
    if body and body[0] == title:
        body = body[1:]  # the title is metadata, not the first paragraph
    metadata = Metadata(
        title=title,
        title_source=source if title else "",
        authors=clean_people([props.author], "") if props.author else [],
        description=" ".join((props.subject or "").split()),
        tags=[k.strip() for k in re.split(r"[,;]", props.keywords or "") if k.strip()][:50],
        language=(props.language or "")[:2].lower(),
    )
    return repaired_document(
        body,
        rejected=rejected_repairs,
        no_text=NO_TEXT,
        metadata=metadata,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension=".docx",
        notes=notes,
    )
