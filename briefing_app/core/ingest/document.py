"""What every format parser returns: text split into paragraphs, with metadata and repairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefing_app.core.article import Metadata, Repair
from briefing_app.core.errors import IngestError


@dataclass
class ParsedDocument:
    """A parser's result, before the importer gives it an id, a key, citations and claims.

    `paragraphs` are final (repaired) paragraphs; repair offsets point into
    "\\n\\n".join(paragraphs), the same text the Article will hold.
    """

    paragraphs: list[str]
    metadata: Metadata = field(default_factory=Metadata)
    repairs: list[Repair] = field(default_factory=list)
    media_type: str = "text/plain"
    extension: str = ".txt"  # extension the original is stored under
    pages: list[dict] = field(default_factory=list)  # [{"label", "start"}] into the joined text
    notes: list[str] = field(default_factory=list)  # footnotes and endnotes, not body text
    captions: list[str] = field(default_factory=list)  # image captions, not body text
    attachments: list[dict[str, str]] = field(default_factory=list)  # [{"name", "id"}]


def repaired_document(
    paragraphs: list[str],
    *,
    rejected: frozenset[str],
    no_text: str,
    decoding: tuple[Repair, ...] | list[Repair] = (),
    **fields,
) -> ParsedDocument:
    """A document from paragraphs whose breaks the format gives (web, Word, EPUB), after the
    paragraph repairs; IngestError(`no_text`) when nothing is left."""
    from briefing_app.core.ingest.repair import repair_paragraphs  # repair needs the record types

    log = repair_paragraphs(paragraphs, rejected=rejected, decoding=decoding)
    final = log.paragraphs()
    if not final:
        raise IngestError(no_text)
    return ParsedDocument(paragraphs=final, repairs=log.repairs, **fields)


@dataclass
class ImportResult:
    """The outcome for one input file (or one member of a zip archive)."""

    path: str
    status: str  # "imported", "unchanged", "skipped" (not an article) or "failed"
    id: str | None = None
    error: str | None = None
    title: str = ""
    supersedes: str | None = None

    def to_json(self) -> dict:
        out = {"path": self.path, "status": self.status, "id": self.id, "error": self.error}
        if self.status == "skipped":
            out["error"], out["reason"] = None, self.error
        if self.title:
            out["title"] = self.title
        if self.supersedes:
            out["supersedes"] = self.supersedes
        return out


@dataclass
class Source:
    """One file to import: a display path, a name for type sniffing, and its bytes."""

    display: str
    name: str
    read: Callable[[], bytes]
    size: int = 0
    origin: str = ""  # the path on disk it came from
    attached_to: str = ""  # the id of the e-mail this file was attached to
