"""The author's own assessments: sentences and clauses attributed to no one else, and hedges."""

from __future__ import annotations

import bisect
import re

from briefing_app.core.claims import lexicon as lx
from briefing_app.core.claims.hedges import Hedges
from briefing_app.core.claims.model import ASSESSMENT, Claim, Span
from briefing_app.core.claims.tokens import OPENING_QUOTES

_WORDS = re.compile(r"\w+(?:[’'\-]\w+)*")
_OPENER = re.compile(
    r"^(?:(?:"
    + "|".join(lx.OPENER_PHRASES)
    + r"),\s*|(?:"
    + "|".join(sorted(lx.DISCOURSE_OPENERS))
    + r")\b,?\s+)",
    re.I,
)
# What may join an attributed clause to an author's clause in the same sentence.
_RESIDUAL = re.compile(r"^\s*[,;]\s*(?:but|yet|while|whereas|although|though)\s+|^\s*;\s*", re.I)
MIN_WORDS = 4
# Lines that belong to the page, not the story: credits, photo and image lines, promos.
_PAGE_FURNITURE = re.compile(
    r"contributed (?:to )?(?:this )?report|\breporting by\b|\bedited by\b|\bphoto(?:graph)?s? by\b"
    r"|\b(?:photo|image|credit|caption|source|graphic|map|video)\s*:|getty images|\bap photo\b"
    r"|\breuters/|\bafp via\b|\ball rights reserved\b|\bclick here\b|\bsign up\b|\bsubscribe\b",
    re.I,
)
# Every match of _PAGE_FURNITURE holds one of these, lower-cased: most sentences hold none,
# and looking for them costs an eighth of that regex's search. (Searching without re.I
# would not be the same: re.I also matches "ı", "İ" and "ſ" to i and s, which lower() does
# not; a sentence holding one of those is searched as before.)
_FURNITURE_WORDS = (
    "contributed", "reporting by", "edited by", "photo", ":", "getty images", "reuters/",
    "afp via", "all rights reserved", "click here", "sign up", "subscribe",
)  # fmt: skip
_FOLDED_APART = frozenset("ıİſ")


def _is_furniture(body: str) -> bool:
    """A credit, photo line or promo: `_PAGE_FURNITURE` found in `body`."""
    low = body.lower()
    if not any(word in low for word in _FURNITURE_WORDS) and _FOLDED_APART.isdisjoint(body):
        return False
    return _PAGE_FURNITURE.search(body) is not None


# "CAIRO — " and "WASHINGTON (Reuters) - ": a dateline before the first sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’\-]{1,40}(?:\([^)]{1,30}\))?\s+[—–-]{1,2}\s+")
_ENDS_SENTENCE = frozenset('.!?"”’)')


def _is_prose(text: str) -> bool:
    """A declarative sentence of the author's: not a question, link, quotation or fragment."""
    body = text.strip()
    if (
        not body
        or body[0] in OPENING_QUOTES
        or body[0] in "[—–-•|>"  # "[Read: …]" promos, "—Zinichev calling…" captions
        or body[-1] not in _ENDS_SENTENCE  # datelines, headlines, related links, navigation
        or body.endswith("?")
        or "http" in body
        or "www." in body
        or _is_furniture(body)
    ):
        return False
    return len(_WORDS.findall(body)) >= MIN_WORDS


def _author_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The assessment proper: openers ('As a result,', 'Moreover,') and references removed."""
    from briefing_app.core.claims.extractor import trim

    dateline = _DATELINE.match(text[start:end])
    if dateline and dateline.end() < end - start:
        start += dateline.end()
    match = _OPENER.match(text[start:end])
    if match and match.end() < end - start:
        start += match.end()
    return trim(text, start, end)


def _residual(text: str, unit: tuple[int, int], covered_end: int) -> tuple[int, int] | None:
    """An author's clause after an attributed one: '..., but the timing could indicate Y'."""
    if covered_end >= unit[1]:
        return None
    match = _RESIDUAL.match(text[covered_end : unit[1]])
    if not match:
        return None
    start = covered_end + match.end()
    return start if _is_prose(text[start : unit[1]]) else None, unit[1]


def _claims_by_unit(units, reported: list[Claim]) -> dict[tuple[int, int], list[Claim]]:
    """The reported claims of each unit: made in it, or starting inside it (one sorted sweep)."""
    by_unit: dict[tuple[int, int], list[Claim]] = {}
    for claim in reported:
        if claim.unit is not None:
            by_unit.setdefault(claim.unit, []).append(claim)
    starts = sorted(reported, key=lambda c: c.start)
    positions = [c.start for c in starts]
    for start, end, _paragraph in units:
        a, b = bisect.bisect_left(positions, start), bisect.bisect_left(positions, end)
        if a < b:
            held = by_unit.setdefault((start, end), [])
            held.extend(c for c in starts[a:b] if c.unit != (start, end))
    return by_unit


def assessments(
    text: str, units, reported: list[Claim], author: str | None, hedges: Hedges | None = None
) -> list[Claim]:
    """Assessments for every unit (or trailing clause) that no reported claim covers."""
    hedges = hedges or Hedges(text)
    by_unit = _claims_by_unit(units, reported)
    out = []
    for start, end, paragraph in units:
        inside = by_unit.get((start, end))
        if inside:
            residual = _residual(text, (start, end), max(c.end for c in inside))
            if residual is None or residual[0] is None:
                continue
            start = residual[0]
        elif not _is_prose(text[start:end]):
            continue
        a, b = _author_span(text, start, end)
        if a >= b:
            continue
        content = Span.of(text, a, b)
        claim = Claim(
            ASSESSMENT,
            content,
            speaker_name=author,
            hedges=hedges.within([(a, b)]),
            paragraph=paragraph,
        )
        claim.unit = (start, end)
        out.append(claim)
    return out
