"""Files that hold several articles: a web archive of many pages, an e-mail with attachments.

Each article inside gets its own source, so it is stored, reported and deduplicated like any
file: a web archive's capture as the bytes of its own WARC record (a valid one-record
archive, URL and capture date included), an attachment as its own bytes.
"""

from __future__ import annotations

from briefing_app.core.article import article_id
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import eml, formats, warc
from briefing_app.core.ingest.document import Source

MAX_CONTAINER_BYTES = 200 * 1024 * 1024


def may_hold_several(name: str) -> bool:
    """True for the kinds that can hold more than one article."""
    return formats.KIND_BY_SUFFIX.get(formats.suffix_of(name)) in ("warc", "eml")


def _read(source: Source) -> bytes:
    if source.size > MAX_CONTAINER_BYTES:
        raise IngestError(f"larger than {MAX_CONTAINER_BYTES // (1024 * 1024)} MB")
    data = source.read()
    if len(data) > MAX_CONTAINER_BYTES:
        raise IngestError(f"larger than {MAX_CONTAINER_BYTES // (1024 * 1024)} MB")
    return data


def _constant(data: bytes):
    return lambda: data


def split(source: Source) -> list[Source]:
    """The sources of the articles a web archive or e-mail holds (itself when just one)."""
    data = _read(source)
    whole = Source(source.display, source.name, _constant(data), len(data), source.origin)
    if formats.KIND_BY_SUFFIX[formats.suffix_of(source.name)] == "warc":
        captures = warc.captures(data)
        if len(captures) <= 1:
            return [whole]
        suffix = formats.suffix_of(source.name)
        return [
            Source(
                display=f"{source.display}!{capture.url}",
                name=f"capture-{number}{suffix}",
                read=_constant(capture.record),
                size=len(capture.record),
                origin=f"{source.origin or source.display}!{capture.url}",
            )
            for number, capture in enumerate(captures, 1)
        ]
    parent = article_id(data)
    members = [whole]
    for attachment in eml.attachments(data):
        members.append(
            Source(
                display=f"{source.display}!{attachment.name}",
                name=attachment.name,
                read=_constant(attachment.data),
                size=len(attachment.data),
                origin=f"{source.origin or source.display}!{attachment.name}",
                attached_to=parent,
            )
        )
    return members
