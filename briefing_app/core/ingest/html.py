"""Saved web pages: the article's main text as plain paragraphs, plus its metadata.

The page is decoded (byte-order mark, declared charset, UTF-8, detection), parsed with lxml
(which never fetches anything), stripped of everything that is not readable text, and handed
to the main-text extractors in `html_text`. Metadata comes from `html_metadata`. Only text
reaches the record: no markup, script, handler, frame content or remote reference.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml import etree

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html_boilerplate, html_metadata, html_text
from briefing_app.core.ingest.decode import decode
from briefing_app.core.ingest.document import ParsedDocument, repaired_document

NOT_A_PAGE = "not a readable web page"
NO_TEXT = "no article text found in the page"
MAX_TAG_CHARS = 4096
MAX_ATTRIBUTES = 256  # far more than any real tag has; the parse cost grows with their square
# lxml rejects these characters in text nodes; they are never readable text.
_XML_INCOMPATIBLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _parser() -> lxml.html.HTMLParser:
    # no_network is lxml's default; spelt out because pages are untrusted.
    return lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )


def shorten_giant_tags(text: str) -> str:
    """Replace start tags with hundreds of attributes by their bare name ("<p ...>" -> "<p>").

    libxml2 checks attributes pairwise: one tag with 50,000 attributes takes over a minute
    to parse. Text never lives inside a tag, so nothing readable is lost.
    """
    pieces, pos, cursor = [], 0, 0
    while True:
        start = text.find("<", cursor)
        end = text.find(">", start) if start >= 0 else -1
        if end < 0:
            break
        if end - start > MAX_TAG_CHARS and text.count("=", start, end) > MAX_ATTRIBUTES:
            name = re.match(r"</?[A-Za-z][\w:-]{0,30}", text[start : start + 40])
            pieces.append(text[pos:start] + (name.group(0) + ">" if name else ""))
            pos = end + 1
        cursor = end + 1
    pieces.append(text[pos:])
    return "".join(pieces)


def load_tree(text: str):
    """The lxml document of decoded page text; IngestError when there is no document."""
    clean = shorten_giant_tags(text.translate(_XML_INCOMPATIBLE))
    try:
        root = lxml.html.document_fromstring(clean.encode("utf-8", "replace"), parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise IngestError(NOT_A_PAGE) from exc
    if root is None:
        raise IngestError(NOT_A_PAGE)
    return root


def page_text(root) -> tuple[dict[str, list[str]], list[str]]:
    """Main-text paragraphs by each extractor and by the combination cleared of boilerplate,
    and the page's image captions (the tree is untouched)."""
    working = copy.deepcopy(root)
    html_text.sanitise(working)
    captions = html_boilerplate.take_captions(working)
    variants = html_text.extract_variants(lxml.html.tostring(working, encoding="unicode"))
    body, credited = html_boilerplate.split_captions(html_boilerplate.clean(variants["combined"]))
    variants["combined"] = body
    return variants, captions + credited


def page_variants(root) -> dict[str, list[str]]:
    """Main-text paragraphs by each extractor and by the cleaned combination."""
    return page_text(root)[0]


def page_paragraphs(root) -> list[str]:
    """The main-text paragraphs of a parsed page."""
    return page_variants(root)["combined"]


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """Parse a saved web page into paragraphs, metadata and a repair log."""
    decoded = decode(data)
    root = load_tree(decoded.text)
    variants, captions = page_text(root)
    paragraphs = variants["combined"]
    if not paragraphs:
        raise IngestError(NO_TEXT)
    return repaired_document(
        paragraphs,
        rejected=rejected_repairs,
        no_text=NO_TEXT,
        decoding=decoded.repairs,
        metadata=html_metadata.extract(root, body_text=paragraphs),
        media_type="text/html",
        extension=".html",
        captions=captions,
    )
