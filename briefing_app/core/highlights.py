"""Highlights: passages the analyst marked, anchored to the article's stored text.

A highlight remembers where it was (paragraph and offset inside it) *and* the words it
covered. When the text changes — a new version re-imported, a repair undone — the anchor is
checked against the words:

- the words are still where they were: it stays;
- they are gone from there but occur exactly once, unchanged, elsewhere: it moves there;
- otherwise (the words changed, or they occur several times so the place is a guess) it is
  *orphaned*: shown with its words and never attached to a look-alike passage.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any

from briefing_app.core.article import Article
from briefing_app.core.errors import BriefingError

COLOURS = ("yellow", "green", "blue", "pink", "orange")
DEFAULT_COLOUR = "yellow"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class InvalidHighlight(BriefingError):
    """A highlight that cannot be made (empty, outside the text, bad colour)."""


def valid_colour(colour: str) -> str:
    """A named colour or #rrggbb; raise InvalidHighlight otherwise."""
    colour = colour.strip().lower()
    if colour in COLOURS or _HEX.match(colour):
        return colour
    raise InvalidHighlight(
        f"{colour!r} is not a highlight colour; use {', '.join(COLOURS)} or #rrggbb."
    )


@dataclass
class Highlight:
    """One marked passage as stored (`articles/<id>/user.json`)."""

    id: str
    paragraph: int  # 1-based paragraph the passage starts in
    offset: int  # where it starts inside that paragraph
    quote: str  # the exact words marked
    colour: str = DEFAULT_COLOUR
    comment: str = ""
    created: str = ""
    orphaned: bool = False  # set when a change of text lost the words (kept, never re-attached)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Highlight:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Placed:
    """A highlight as it lies in one article's text right now."""

    highlight: Highlight
    start: int = -1  # offsets into `Article.text`; -1 when orphaned
    end: int = -1
    moved: bool = False

    @property
    def orphaned(self) -> bool:
        return self.start < 0


def new_highlight(
    article: Article, start: int, end: int, *, colour: str = DEFAULT_COLOUR, comment: str = ""
) -> Highlight:
    """A highlight over `article.text[start:end]` (offsets as the reader maps a selection)."""
    text = article.text
    if not (0 <= start < end <= len(text)):
        raise InvalidHighlight(f"{start}–{end} is not a passage of article {article.id}.")
    quote = text[start:end]
    if not quote.strip():
        raise InvalidHighlight("A highlight needs some words, not only spaces.")
    paragraph = article.paragraph_at(start)
    offset = start - article.paragraph_starts[paragraph - 1]
    return Highlight(
        id=uuid.uuid4().hex[:12],
        paragraph=paragraph,
        offset=offset,
        quote=quote,
        colour=valid_colour(colour),
        comment=comment.strip(),
        created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    )


def find_passage(article: Article, words: str, paragraph: int | None = None) -> tuple[int, int]:
    """(start, end) of `words` in the article (in `paragraph` when given): exactly one place."""
    if paragraph is not None:
        if not 1 <= paragraph <= len(article.paragraphs):
            raise InvalidHighlight(f"Article {article.id} has no paragraph {paragraph}.")
        low, high = article.paragraph_span(paragraph)
    else:
        low, high = 0, len(article.text)
    hits = _occurrences(article.text, words, low, high)
    where = f"paragraph {paragraph}" if paragraph else "the article"
    if not hits:
        raise InvalidHighlight(f"{words!r} is not in {where} word for word.")
    if len(hits) > 1:
        raise InvalidHighlight(f"{words!r} occurs {len(hits)} times in {where}; give more words.")
    return hits[0], hits[0] + len(words)


def _occurrences(text: str, words: str, low: int = 0, high: int | None = None) -> list[int]:
    high = len(text) if high is None else high
    hits, pos = [], text.find(words, low, high)
    while pos >= 0 and words:
        hits.append(pos)
        pos = text.find(words, pos + 1, high)
    return hits


def place(article: Article, highlight: Highlight) -> Placed:
    """Where the highlight's words are in `article` now (see the module docstring)."""
    if highlight.orphaned or not highlight.quote:
        return Placed(highlight)
    text = article.text
    if 1 <= highlight.paragraph <= len(article.paragraphs):
        start = article.paragraph_starts[highlight.paragraph - 1] + highlight.offset
        if text[start : start + len(highlight.quote)] == highlight.quote:
            return Placed(highlight, start, start + len(highlight.quote))
    hits = _occurrences(text, highlight.quote)
    if len(hits) == 1:
        return Placed(highlight, hits[0], hits[0] + len(highlight.quote), moved=True)
    return Placed(highlight)


def reanchor(article: Article, highlights: list[Highlight]) -> list[Highlight]:
    """The highlights with anchors fitted to `article`'s text: moved, kept, or orphaned for good."""
    out = []
    for placed in (place(article, h) for h in highlights):
        h = placed.highlight
        if placed.orphaned:
            out.append(replace(h, orphaned=True))
        else:
            paragraph = article.paragraph_at(placed.start)
            offset = placed.start - article.paragraph_starts[paragraph - 1]
            out.append(replace(h, paragraph=paragraph, offset=offset))
    return out
