"""The article record: what the library stores for each imported file.

Offsets everywhere (repairs, citations, claims) point into `Article.text`, which is the
paragraphs joined by one blank line. The paragraphs are the stored truth; `text` is derived.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, TypeVar

from briefing_app.core.record_validation import check_article_record

RECORD_FORMAT = 1
PARAGRAPH_SEPARATOR = "\n\n"

_T = TypeVar("_T")


def article_id(original: bytes) -> str:
    """The stable id of an article: the first 16 hex digits of its original's SHA-256."""
    return hashlib.sha256(original).hexdigest()[:16]


def _known(cls, data: dict[str, Any]) -> dict[str, Any]:
    """Keep the keys a dataclass knows, so newer records still load in older code."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


class _FromDict:
    """Loading for the record's parts: the fields this code knows, the rest ignored."""

    @classmethod
    def from_dict(cls: type[_T], data: dict[str, Any]) -> _T:
        return cls(**_known(cls, data))


@dataclass
class Repair(_FromDict):
    """One change the importer made to the text, kept so it can be shown and undone."""

    kind: str
    before: str
    after: str
    start: int = -1  # where `after` stands in the repaired text; -1 when it left no text
    end: int = -1
    certain: bool = True
    note: str = ""
    id: str = ""  # stable within the article, used to reject a heuristic repair


@dataclass
class SourceCitation(_FromDict):
    """An inline source citation such as "(Radio Free Europe/Radio Liberty, November 29)"."""

    text: str
    outlet: str
    date: str | None = None  # ISO 8601, the year taken from the article when missing
    start: int = -1
    end: int = -1
    paragraph: int = 0  # 1-based


@dataclass
class Metadata(_FromDict):
    """Bibliographic facts about an article; empty strings mean unknown."""

    title: str = ""
    title_source: str = ""  # "source", "url", "filename" or "first-line"
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    published: str = ""  # ISO 8601 date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all we know)
    modified: str = ""  # ISO 8601 date the source says it was last changed (not its publication)
    # A page its site revises in place (a wiki): cited by its revision (`modified`), while
    # `published` keeps when the page was first made. Articles are cited by `published`.
    revised_in_place: bool = False
    series: str = ""
    volume: str = ""
    issue: str = ""
    url: str = ""
    captured: str = ""  # ISO 8601 date a web archive captured the page (not its publication)
    language: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    excerpt_only: bool = False  # the text points elsewhere for the rest of the article
    type: str = ""  # a CSL item type the user chose ("" means derived from the other fields)

    def cited_date(self) -> str:
        """The date a citation gives: the revision of a page revised in place, else the
        publication date."""
        return self.modified if self.revised_in_place and self.modified else self.published


@dataclass
class Article:
    """An imported article: metadata, repaired paragraphs, repair log, citations, claims."""

    id: str
    sha256: str
    key: str
    metadata: Metadata
    paragraphs: list[str]
    repairs: list[Repair] = field(default_factory=list)
    citations: list[SourceCitation] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)  # [{"label": "12", "start": offset}]
    claims: list[dict[str, Any]] = field(default_factory=list)
    claims_version: int = 0
    original_name: str = ""  # file name of the original inside the article's folder
    source_path: str = ""  # where it was imported from (informational only)
    media_type: str = ""
    imported_at: str = ""
    supersedes: str | None = None  # id of the earlier version with the same URL
    superseded_by: str | None = None
    rejected_repairs: list[str] = field(default_factory=list)
    # Footnotes and endnotes (of a PDF, a Word file, an EPUB): kept apart from the body, so
    # they neither split its paragraphs nor count as its claims.
    notes: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # a web page's image captions, likewise
    # An e-mail lists its attachments ([{"name", "id"}]); each attachment names its e-mail.
    attachments: list[dict[str, str]] = field(default_factory=list)
    attached_to: str | None = None
    # The user's corrections of `metadata` (which holds the effective values), each with the
    # extracted value it replaced: field -> {"value", "extracted", "set_at"} (core/overrides.py).
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    key_aliases: list[str] = field(default_factory=list)  # earlier keys briefs may still cite
    format: int = RECORD_FORMAT

    # -- derived text -------------------------------------------------------------------
    @cached_property
    def text(self) -> str:
        """The repaired text that every offset points into."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Start offset of each paragraph in `text`."""
        starts, pos = [], 0
        for para in self.paragraphs:
            starts.append(pos)
            pos += len(para) + len(PARAGRAPH_SEPARATOR)
        return starts

    def paragraph_span(self, number: int) -> tuple[int, int]:
        """(start, end) of 1-based paragraph `number` in `text`."""
        start = self.paragraph_starts[number - 1]
        return start, start + len(self.paragraphs[number - 1])

    def paragraph_at(self, offset: int) -> int:
        """The 1-based number of the paragraph holding `offset` (0 when there is none)."""
        if not self.paragraphs:
            return 0
        return max(1, bisect_right(self.paragraph_starts, offset))

    # -- convenience ---------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.metadata.title

    @property
    def authors(self) -> list[str]:
        return self.metadata.authors

    def undoable_repairs(self) -> set[str]:
        """Ids of the heuristic repairs made to this text (the ones an analyst may undo)."""
        return {r.id for r in self.repairs if not r.certain}

    def summary(self) -> dict[str, Any]:
        """The short listing form (`briefing list --json`)."""
        m = self.metadata
        return {
            "id": self.id,
            "key": self.key,
            "title": m.title,
            "authors": list(m.authors),
            "publisher": m.publisher,
            "published": m.published,
        }

    def public_dict(self) -> dict[str, Any]:
        """The flat form of `briefing show --json`."""
        m = self.metadata
        out = self.summary()
        out.update(
            {
                "series": m.series,
                "volume": m.volume,
                "issue": m.issue,
                "url": m.url,
                "captured": m.captured,
                "modified": m.modified,
                "revised_in_place": m.revised_in_place,
                "language": m.language,
                "excerpt_only": m.excerpt_only,
                "title_source": m.title_source,
                "description": m.description,
                "tags": list(m.tags),
                "sha256": self.sha256,
                "media_type": self.media_type,
                "imported_at": self.imported_at,
                "supersedes": self.supersedes,
                "superseded_by": self.superseded_by,
                "paragraphs": list(self.paragraphs),
                "repairs": [asdict(r) for r in self.repairs],
                "citations": [asdict(c) for c in self.citations],
                "claims": list(self.claims),
                "pages": list(self.pages),
                "notes": list(self.notes),
                "captions": list(self.captions),
                "attachments": list(self.attachments),
                "attached_to": self.attached_to,
            }
        )
        return out

    # -- (de)serialisation ------------------------------------------------------------------
    def to_record(self) -> dict[str, Any]:
        """The on-disk form (`article.json`)."""
        record = {f.name: getattr(self, f.name) for f in fields(self)}
        record["metadata"] = asdict(self.metadata)
        record["repairs"] = [asdict(r) for r in self.repairs]
        record["citations"] = [asdict(c) for c in self.citations]
        return record

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Article:
        """An Article from a parsed `article.json`; RecordError when its shape is wrong."""
        check_article_record(data, cls)
        data = _known(cls, data)
        data["metadata"] = Metadata.from_dict(data.get("metadata") or {})
        data["repairs"] = [Repair.from_dict(r) for r in data.get("repairs") or []]
        data["citations"] = [SourceCitation.from_dict(c) for c in data.get("citations") or []]
        return cls(**data)
