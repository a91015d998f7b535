"""Single-file web archives (`.mhtml`, `.mht`), as browsers save a page "as one file".

The file is a MIME `multipart/related` message: the page is its first `text/html` part,
images and styles the other parts. The page is read like a saved web page; the archive's
`Snapshot-Content-Location` (or the page part's `Content-Location`) is its URL, and its
`Date` the capture date.
"""

from __future__ import annotations

import email
import email.policy
import email.utils

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html, html_metadata
from briefing_app.core.ingest.document import ParsedDocument

NO_PAGE = "no web page in the single-file archive"


def _page_part(message):
    for part in message.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            return part
    return None


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """The archived page's text and metadata."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        part = _page_part(message)
        payload = part.get_payload(decode=True) if part is not None else None
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        raise IngestError(f"not a readable single-file web archive ({exc})") from exc
    if not payload:
        raise IngestError(NO_PAGE)
    charset = part.get_content_charset()
    if charset:  # the part's declared charset, which the page itself may not repeat
        try:
            payload = b"\xef\xbb\xbf" + payload.decode(charset).encode("utf-8")  # BOM decides
        except (LookupError, UnicodeDecodeError):
            pass  # the page's own declaration or detection decides
    doc = html.parse(payload, "page.html", rejected_repairs=rejected_repairs)
    url = html_metadata.web_url(
        message.get("Snapshot-Content-Location") or part.get("Content-Location")
    )
    doc.metadata.url = doc.metadata.url or url
    if not doc.metadata.publisher and url:
        doc.metadata.publisher = html_metadata.publisher_from_url(url)
    try:
        doc.metadata.captured = (
            email.utils.parsedate_to_datetime(str(message["Date"])).date().isoformat()
        )
    except (TypeError, ValueError, IndexError):
        pass
    doc.media_type = "multipart/related"
    doc.extension = ".mhtml"
    return doc
