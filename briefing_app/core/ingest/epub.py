"""E-books (`.epub`): the spine's chapters in order, notes apart, Dublin Core metadata.

An EPUB is a zip package: `META-INF/container.xml` names the package document (OPF), whose
metadata gives title, creators, date, publisher and language and whose spine lists the
chapters. Each chapter is XHTML, read with the same sanitiser and block rules as a web page;
elements marked as footnotes, endnotes or rear notes (`epub:type`, `role="doc-..."`) become
the article's notes.
"""

from __future__ import annotations

import posixpath
import zipfile
from urllib.parse import unquote

from lxml import etree

from briefing_app.core.article import Metadata
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html, html_text
from briefing_app.core.ingest.dates import parse_date
from briefing_app.core.ingest.document import ParsedDocument, repaired_document
from briefing_app.core.ingest.html_people import clean_people
from briefing_app.core.ingest.zipped import PART_ERRORS, open_package

NO_TEXT = "no text in the e-book"
NOT_EPUB = "not a readable e-book"
DC = "{http://purl.org/dc/elements/1.1/}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NOTE_KINDS = {"footnote", "endnote", "rearnote", "footnotes", "endnotes", "rearnotes"}
NOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes"}
PLACEHOLDERS = {"Unknown Author", "Unknown", "Anonymous"}  # what converters write for none
_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


def _xml(package: zipfile.ZipFile, name: str):
    try:
        root = etree.fromstring(package.read(name), _XML)
    except (*PART_ERRORS, etree.XMLSyntaxError) as exc:
        raise IngestError(f"{NOT_EPUB} ({exc})") from exc
    if root is None:
        raise IngestError(NOT_EPUB)
    return root


def _package_document(package: zipfile.ZipFile) -> str:
    rootfile = _xml(package, "META-INF/container.xml").find(f".//{CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise IngestError(f"{NOT_EPUB} (no package document)")
    return rootfile.get("full-path")


def _dc(opf, name: str) -> list[str]:
    return [" ".join((el.text or "").split()) for el in opf.iter(f"{DC}{name}") if el.text]


def _metadata(opf) -> Metadata:
    titles, dates = _dc(opf, "title"), _dc(opf, "date")
    return Metadata(
        title=titles[0] if titles else "",
        title_source="source" if titles else "",
        authors=clean_people([c for c in _dc(opf, "creator") if c not in PLACEHOLDERS], ""),
        publisher=next(iter(_dc(opf, "publisher")), ""),
        published=next((d for d in map(parse_date, dates) if d), "") or "",
        language=next(iter(_dc(opf, "language")), "")[:2].lower(),
        description=next(iter(_dc(opf, "description")), "")[:1000],
        tags=_dc(opf, "subject")[:50],
    )


def _chapters(package: zipfile.ZipFile, opf_path: str, opf) -> list[str]:
    """The spine's documents, as paths inside the package."""
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        for item in opf.iter(f"{OPF}item")
    }
    return [
        manifest[ref.get("idref")]
        for ref in opf.iter(f"{OPF}itemref")
        if ref.get("idref") in manifest
    ]


def _is_note(el) -> bool:
    kinds = set((el.get(EPUB_TYPE) or el.get("epub:type") or "").split())
    return bool(kinds & NOTE_KINDS) or el.get("role") in NOTE_ROLES


def _drop_back_link(note) -> None:
    """Remove the note's leading number that links back to the text ("1" in "1Figures ...")."""
    first = next((a for a in note.iter("a")), None)
    text = (first.text_content() if first is not None else "").strip()
    if first is not None and len(text) <= 4 and not any(c.isalpha() for c in text):
        html_text.drop_keeping_tail(first)


def _chapter_text(data: bytes) -> tuple[list[str], list[str]]:
    """(body paragraphs, notes) of one XHTML chapter."""
    root = html.load_tree(data.decode("utf-8", "replace"))
    notes = []
    for el in [e for e in root.iter() if isinstance(e.tag, str) and _is_note(e)]:
        if el.getparent() is not None and not any(_is_note(a) for a in el.iterancestors()):
            _drop_back_link(el)
            notes.extend(html_text.paragraphs_of(el))
            html_text.drop_keeping_tail(el)
    html_text.sanitise(root)
    body = root.find("body")
    return html_text.paragraphs_of(body if body is not None else root), notes


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """An e-book's chapters as paragraphs, its notes apart, its Dublin Core metadata."""
    package = open_package(data, "e-book")
    with package:
        opf_path = _package_document(package)
        opf = _xml(package, opf_path)
        paragraphs, notes = [], []
        for chapter in _chapters(package, opf_path, opf):
            try:
                content = package.read(chapter)
            except KeyError:
                continue  # a spine entry the package lacks: the rest still reads
            except PART_ERRORS as exc:
                raise IngestError(f"{NOT_EPUB} (a damaged chapter: {exc})") from exc
            body, chapter_notes = _chapter_text(content)
            paragraphs.extend(body)
            notes.extend(chapter_notes)
    metadata = _metadata(opf)
    if paragraphs and paragraphs[0] == metadata.title:
        paragraphs = paragraphs[1:]
    return repaired_document(
        paragraphs,
        rejected=rejected_repairs,
        no_text=NO_TEXT,
        metadata=metadata,
        media_type="application/epub+zip",
        extension=".epub",
        notes=notes,
    )
