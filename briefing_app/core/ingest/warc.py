"""Web archives (`.warc`, `.warc.gz`): the pages a crawler or browser extension captured.

Each HTML response is one article, read like a saved web page; its URL and capture date come
from the archive's record headers. Requests, metadata records, images and scripts are not
articles. warcio reads the records (gzip members or plain) and undoes transfer and content
encodings.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html, html_metadata
from briefing_app.core.ingest.dates import parse_date
from briefing_app.core.ingest.document import ParsedDocument

NO_PAGE = "no web page in the archive (only requests, images or other records)"
NOT_WARC = "not a readable web archive"
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Capture:
    url: str
    date: str  # ISO 8601 date of the capture
    record: bytes  # the record's own bytes: a one-record archive of the same compression
    payload: bytes  # the page, decoded from transfer and content encoding


def _is_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and content_type.startswith(HTML_TYPES)


def captures(data: bytes) -> list[Capture]:
    """Every HTML page the archive holds, in order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = []
    try:
        iterator = ArchiveIterator(io.BytesIO(data), no_record_parse=False)
        for record in iterator:
            if not _is_page(record):
                continue
            payload = record.content_stream().read()
            iterator.read_to_end(record)
            offset, length = iterator.get_record_offset(), iterator.get_record_length()
            found.append(
                Capture(
                    url=record.rec_headers.get_header("WARC-Target-URI") or "",
                    date=parse_date(record.rec_headers.get_header("WARC-Date") or "") or "",
                    record=data[offset : offset + length],
                    payload=payload,
                )
            )
    except (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error) as exc:
        raise IngestError(f"{NOT_WARC} ({exc})") from exc
    except (AttributeError, TypeError, IndexError) as exc:
        # warcio assumes well-formed headers; on damaged ones it fails inside its own parser.
        raise IngestError(f"{NOT_WARC} ({exc})") from exc
    return found


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """The first page of a web archive (the importer splits archives of several pages)."""
    pages = captures(data)
    if not pages:
        raise IngestError(NO_PAGE)
    page = pages[0]
    doc = html.parse(page.payload, "page.html", rejected_repairs=rejected_repairs)
    doc.metadata.url = doc.metadata.url or page.url
    doc.metadata.captured = page.date
    if not doc.metadata.publisher and page.url:
        doc.metadata.publisher = html_metadata.publisher_from_url(page.url)
    doc.media_type = "application/warc"
    doc.extension = ".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc"
    return doc
