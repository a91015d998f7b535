"""Plain text: the header of a clipped article (publisher and date, series/volume/issue,
author), the body, and a closing "To read the rest of the article: URL" pointer; or plain
text with no header at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from briefing_app.core.article import Metadata
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import metadata as meta
from briefing_app.core.ingest.dates import parse_date
from briefing_app.core.ingest.decode import decode
from briefing_app.core.ingest.document import ParsedDocument
from briefing_app.core.ingest.repair import RepairLog, repair_plain_text

MAX_HEADER_PARAGRAPHS = 6

_PUBLISHER_DATE = re.compile(r"^(?P<publisher>[^()]{2,80}?)\s*\((?P<date>[^()]{4,40})\)$")
_SERIES = re.compile(
    r"^(?P<series>[^,]{2,80}),\s*(?:Volume|Vol\.?):?\s*(?P<volume>[\w.-]+)"
    r"(?:,\s*(?:Issue|No\.?|Number):?\s*(?P<issue>[\w.-]+))?$",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(?P<key>title|author|authors|by|date|published|source|url|publisher):\s*(?P<value>.+)$", re.I
)
_POINTER = re.compile(
    r"^(?:to read the rest of (?:the|this) (?:article|story|report)|read the (?:full|rest of the) "
    r"(?:article|story|report)|continue reading|full (?:article|text))[^:]{0,40}:\s*(?P<url>https?://\S+)$",
    re.IGNORECASE,
)
_SOURCE_URL = re.compile(
    r"^(?:source|url|link|original)?:?\s*(?P<url>https?://\S+)$", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'\u2019.-]*|[A-Z]\.)$")
# A byline may join names with "and"; otherwise the particles that proper-casing keeps lowercase.
_NAME_PARTICLES = meta.NAME_PARTICLES | {"and"}


def _is_byline(text: str) -> bool:
    """A byline: "By Jane Doe", or a short name line with the surname in capitals ("Emil AVDALIANI").

    Without "By", a line of capitalised words could as well be a headline; the capitalised
    surname, a common press convention, is what marks it as a name.
    """
    prefixed = bool(re.match(r"^by\s+", text.strip(), flags=re.IGNORECASE))
    text = re.sub(r"^by\s+", "", text.strip(), flags=re.IGNORECASE)
    words = text.replace(",", " ").replace("&", " and ").split()
    if not 2 <= len(words) <= 8 or text[-1:] in ".!?:" or not words[0][0].isupper():
        return False
    if not all(_NAME_WORD.match(w) or w in _NAME_PARTICLES for w in words):
        return False
    return prefixed or any(len(w) > 1 and w.isupper() for w in words)


def _header_field(para: str, md: Metadata) -> bool:
    """Read one header paragraph into `md`; False when it is not a header line."""
    if m := _PUBLISHER_DATE.match(para):
        date = parse_date(m.group("date"))
        if date and len(date) >= len("YYYY-MM"):  # "Parasite (2019)" is a film, not a dateline
            md.publisher, md.published = m.group("publisher").strip(), date
            return True
    if m := _SERIES.match(para):
        md.series, md.volume, md.issue = (
            m.group("series").strip(),
            m.group("volume"),
            m.group("issue") or "",
        )
        return True
    if m := _FIELD.match(para):
        return _keyed_field(m.group("key").lower(), m.group("value").strip(), md)
    if (
        para.lower().startswith("by ")
        and _is_byline(para)
        or (md.published and not md.authors and _is_byline(para))
    ):
        md.authors = meta.split_authors(para)
        return bool(md.authors)
    return False


def _keyed_field(key: str, value: str, md: Metadata) -> bool:
    if key == "title":
        md.title, md.title_source = value, "source"
    elif key in ("author", "authors", "by"):
        md.authors = meta.split_authors(value)
    elif key in ("date", "published"):
        md.published = parse_date(value) or md.published
    elif key in ("source", "url") and value.startswith(("http://", "https://")):
        md.url = value
    else:
        md.publisher = value
    return True


def _read_header(paragraphs: list[str], md: Metadata) -> int:
    """How many leading paragraphs are header lines (read into `md`)."""
    count = 0
    for para in paragraphs[:MAX_HEADER_PARAGRAPHS]:
        if "\n" in para or len(para) > 200 or not _header_field(para, md):
            break
        count += 1
    return count


def _read_footer(paragraphs: list[str], start: int, md: Metadata) -> int:
    """Index after the last body paragraph: a closing pointer or source URL is metadata."""
    end = len(paragraphs)
    if end > start and (m := _POINTER.match(paragraphs[-1])):
        md.url, md.excerpt_only = md.url or m.group("url"), True
        return end - 1
    if end > start + 1 and (m := _SOURCE_URL.match(paragraphs[-1])):
        md.url = md.url or m.group("url")
        return end - 1
    return end


def _looks_like_title(para: str) -> bool:
    return len(para) <= 150 and len(para.split()) <= 20 and para[-1:] not in ".!?:;,"


def _finish_title(md: Metadata, body: list[str], start: int, name: str, text: str) -> int:
    """Fill in the title (source, URL slug, first line, file name); returns the new body start."""
    if md.title:
        return start
    if md.url and (title := meta.title_from_url(md.url, text)):
        md.title, md.title_source = title, "url"
        return start
    if start == 0 and len(body) > 1 and _looks_like_title(body[0]):
        md.title, md.title_source = body[0], "first-line"
        return 1
    md.title, md.title_source = (
        PurePath(name).stem.replace("_", " ").strip() or "Untitled",
        "filename",
    )
    return start


def parse(
    data: bytes, name: str, *, rejected_repairs: Iterable[str] = frozenset()
) -> ParsedDocument:
    """Parse a plain-text file into paragraphs, metadata and the repair log."""
    decoded = decode(data)
    log = repair_plain_text(decoded.text, rejected=rejected_repairs, decoding=decoded.repairs)
    return document_from_log(log, name)


def document_from_log(log: RepairLog, name: str) -> ParsedDocument:
    """Split repaired text into header, body and footer, and fill in the metadata."""
    paragraphs = log.paragraphs()
    md = Metadata()
    start = _read_header(paragraphs, md)
    end = _read_footer(paragraphs, start, md)
    start = _finish_title(md, paragraphs[:end], start, name, log.text)
    kept = log.keep_paragraphs(range(start, end))
    if not kept:
        raise IngestError("no article text: the file holds only header lines")
    md.language = meta.detect_language(" ".join(kept))
    return ParsedDocument(
        paragraphs=kept, metadata=md, repairs=log.repairs, media_type="text/plain", extension=".txt"
    )
