"""E-mail messages (`.eml`): the message text is one article, each attachment another.

The standard library's `email` package reads the message (policy `default`: headers decoded,
parts found by content type). The body is the plain-text part, else the HTML part's main
text. Attachments are split off by `containers` and imported as their own articles; the
message lists them by name and id, and each names the message it came with.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import dataclass

from briefing_app.core.article import Metadata, article_id
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import html, html_text
from briefing_app.core.ingest.document import ParsedDocument
from briefing_app.core.ingest.html_people import clean_people
from briefing_app.core.ingest.metadata import organisation_of_host
from briefing_app.core.ingest.repair import repair_paragraphs, repair_plain_text

NO_TEXT = "no text in the e-mail"
MAX_ATTACHMENTS = 100


@dataclass
class Attachment:
    name: str
    data: bytes


def _message(data: bytes):
    try:
        return email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        raise IngestError(f"not a readable e-mail ({exc})") from exc


def _safe_name(name: str) -> str:
    """An attachment's file name without any folder part a sender may have put in it."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "attachment"


def attachments(data: bytes) -> list[Attachment]:
    """The message's attached files (inline images and signatures are not attachments)."""
    found = []
    for part in _message(data).iter_attachments():
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            continue
        name = part.get_filename()
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            payload = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
            name = name or "forwarded.eml"
        else:
            try:
                payload = part.get_payload(decode=True) or b""
            except (ValueError, TypeError) as exc:
                raise IngestError(f"an attachment cannot be decoded ({exc})") from exc
        if not name or not payload:
            continue
        found.append(Attachment(_safe_name(name), payload))
        if len(found) >= MAX_ATTACHMENTS:
            break
    return found


def _body_text(message) -> tuple[str, str]:
    """("plain" | "html", text) of the message body."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "plain", ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, TypeError):  # an unknown charset: read it as Latin-1
        text = (part.get_payload(decode=True) or b"").decode("latin-1")
    return part.get_content_subtype(), text if isinstance(text, str) else ""


def _metadata(message) -> Metadata:
    sender_name, sender_address = email.utils.parseaddr(str(message.get("From", "")))
    authors = clean_people([sender_name], "") if sender_name else []
    published = ""
    try:
        when = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
        published = when.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    domain = sender_address.rpartition("@")[2]
    return Metadata(
        title=" ".join(str(message.get("Subject", "")).split()),
        title_source="source" if message.get("Subject") else "",
        authors=authors or ([sender_address] if sender_address else []),
        published=published,
        publisher=organisation_of_host(domain) if domain else "",
    )


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """The message's text and headers; its attachments listed by name and article id."""
    message = _message(data)
    kind, text = _body_text(message)
    if kind == "html" and text.strip():
        root = html.load_tree(text)
        html_text.sanitise(root)
        log = repair_paragraphs(html_text.paragraphs_of(root), rejected=rejected_repairs)
    else:
        log = repair_plain_text(text.replace("\r\n", "\n"), rejected=rejected_repairs)
    paragraphs = log.paragraphs()
    listed = [{"name": a.name, "id": article_id(a.data)} for a in attachments(data)]
    if not paragraphs and listed:  # a covering note with no text: its headers say what it is
        headers = ("From", "To", "Date", "Subject")
        paragraphs = [f"{h}: {message[h]}" for h in headers if message.get(h)]
    if not paragraphs:
        raise IngestError(NO_TEXT)
    metadata = _metadata(message)
    if not metadata.title:
        metadata.title, metadata.title_source = name.rsplit(".", 1)[0], "filename"
    return ParsedDocument(
        paragraphs=paragraphs,
        metadata=metadata,
        repairs=log.repairs,
        media_type="message/rfc822",
        extension=".eml",
        attachments=listed,
    )
