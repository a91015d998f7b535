"""The extraction pipeline: units → reported claims → speakers → assessments → citations."""

from __future__ import annotations

import bisect
import re
from typing import Any

from briefing_app.core.claims.assessment import assessments
from briefing_app.core.claims.attribution import Draft, drafts_in_unit
from briefing_app.core.claims.hedges import Hedges
from briefing_app.core.claims.model import REPORTED, Claim, Span
from briefing_app.core.claims.sentences import paragraph_spans, split_units
from briefing_app.core.claims.speakers import Resolver
from briefing_app.core.claims.tokens import CLOSING_QUOTES, OPENING_QUOTES

_TRAILING = ".!?,;:—–- \t\n\u00a0"
_LEADING = ",;: \t\n\u00a0"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip edge punctuation and a closing parenthetical reference ("(Reuters, May 2)")."""
    while True:
        while start < end and text[start] in _LEADING:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if end > start and text[end - 1] == ")":
            opening = text.rfind("(", start, end)
            if opening > start:
                end = opening
                continue
        return start, end


def _unit_is_quote(text: str, unit: tuple[int, int]) -> bool:
    """A unit that is one quotation with nothing outside it."""
    body = text[unit[0] : unit[1]].rstrip()
    return (
        bool(body)
        and body[0] in OPENING_QUOTES
        and body.count(body[0] if body[0] == '"' else "”") <= 2
    )


def _opens_with_quote(text: str, start: int) -> bool:
    return text[start : start + 1] in OPENING_QUOTES and text[start : start + 1] != ""


def _closes_between(text: str, start: int, end: int) -> bool:
    """Whether the quotation opened at `start` is closed before `end`."""
    mark = text[start]
    closing = "”»" if mark in "“«" else '"'
    return any(text.find(c, start + 1, end) >= 0 for c in closing)


def _left_open(text: str, start: int, end: int) -> bool:
    """Whether the paragraph ends inside a quotation (more opened than closed)."""
    body = text[start:end]
    curly = body.count("“") + body.count("«") - body.count("”") - body.count("»")
    return curly > 0 or body.count('"') % 2 == 1


class _Paragraphs:
    """Walks paragraphs, turning drafts into claims and joining quotations that continue."""

    def __init__(self, text: str):
        self.text = text
        self.claims: list[Claim] = []
        self.units: list[tuple[int, int, int]] = []  # (start, end, paragraph)
        self.unit_starts: list[int] = []
        self.resolver = Resolver(text, self._sentence_at)
        self.hedges = Hedges(text)

    def run(self) -> None:
        pending_colon: Claim | None = None
        continuing: Claim | None = None
        for number, (p0, p1) in enumerate(paragraph_spans(self.text), 1):
            units = split_units(self.text, p0, p1)
            self.units.extend((a, b, number) for a, b in units)
            self.unit_starts.extend(a for a, _b in units)
            if pending_colon is not None:
                self._add_part(pending_colon, (p0, p1))
                if pending_colon.content.text:
                    self.claims.append(pending_colon)
                pending_colon = None
                continue
            # A quotation left open at the end of a paragraph goes on in the next one, which
            # opens with a quotation mark again (the English convention): same speaker.
            last_direct = continuing if _opens_with_quote(self.text, p0) else None
            continuing = None
            for unit in units:
                drafts = drafts_in_unit(self.text, unit)
                if (
                    not drafts
                    and last_direct is not None
                    and (_unit_is_quote(self.text, unit) or self._inside_open_quote(unit, p0))
                ):
                    self._add_part(last_direct, unit)
                    continue
                for draft in drafts:
                    claim = self._claim(draft, number, unit)
                    if claim is None:
                        if draft.colon_open and unit == units[-1]:
                            pending_colon = self._claim(draft, number, unit, allow_empty=True)
                        continue
                    quoting = claim.direct or claim.content.text[-1:] in CLOSING_QUOTES
                    last_direct = claim if quoting else None
            if last_direct is not None and _left_open(self.text, p0, p1):
                continuing = last_direct

    def _inside_open_quote(self, unit: tuple[int, int], p0: int) -> bool:
        """A unit of a paragraph that opened with a quotation not yet closed before it."""
        return _opens_with_quote(self.text, p0) and not _closes_between(self.text, p0, unit[0])

    def _sentence_at(self, position: int) -> tuple[int, int] | None:
        """The sentence unit (seen so far) holding `position`."""
        n = bisect.bisect_right(self.unit_starts, position) - 1
        if n >= 0 and position < self.units[n][1]:
            return self.units[n][0], self.units[n][1]
        return None

    def _add_part(self, claim: Claim, span: tuple[int, int]) -> None:
        a, b = trim(self.text, *span)
        if a >= b:
            return
        part = Span.of(self.text, a, b)
        if not claim.content.text:
            claim.content = part
            claim.direct = part.text[0] in OPENING_QUOTES
        else:
            claim.content_parts.append(part)
        claim.hedges = sorted(set(claim.hedges) | set(self.hedges.within([(a, b)])))

    def _claim(self, draft: Draft, number: int, unit, *, allow_empty: bool = False) -> Claim | None:
        spans = [trim(self.text, a, b) for a, b in draft.parts]
        spans = [s for s in spans if s[0] < s[1]]
        if not spans and not allow_empty:
            return None
        content = (
            Span.of(self.text, *spans[0])
            if spans
            else Span("", draft.cue_span[1], draft.cue_span[1])
        )
        speaker = Span.of(self.text, *trim(self.text, *draft.speaker)) if draft.speaker else None
        found = None
        if speaker is not None:
            found = self.resolver.resolve(speaker.text, speaker.start)
        claim = Claim(
            kind=REPORTED,
            content=content,
            speaker=speaker,
            speaker_name=found.name if found else None,
            speaker_role=found.role if found else None,
            speaker_basis=found.basis if found else None,
            speaker_confidence=found.confidence if found else None,
            speaker_evidence=Span.of(self.text, *found.evidence)
            if found and found.evidence
            else None,
            cue=Span.of(self.text, *draft.cue_span),
            direct=bool(content.text) and content.text[0] in OPENING_QUOTES,
            hedges=self.hedges.within(spans),
            paragraph=number,
            content_parts=[Span.of(self.text, *s) for s in spans[1:]],
        )
        claim.unit = unit
        if spans:
            self.claims.append(claim)
        return claim


def extract(
    text: str, *, author: str | None = None, citations: list[dict[str, Any]] | None = None
) -> list[Claim]:
    """All claims of `text` in reading order, citations attached when given."""
    work = _doubled_quotes_as_marks(text)
    walker = _Paragraphs(work)
    walker.run()
    claims = walker.claims + assessments(work, walker.units, walker.claims, author, walker.hedges)
    if work is not text:
        for claim in claims:
            _respan(claim, text)
    claims.sort(key=lambda c: (c.start, c.end))
    for cite in citations or []:
        _attach(claims, cite)
    return claims


_DOUBLED = re.compile(r"''")


def _doubled_quotes_as_marks(text: str) -> str:
    """Some newspapers write quotations between doubled apostrophes (''Folks,'' he said).

    The rules read them as a space followed by a straight quotation mark: the same length, so
    every offset stays valid; the claims' spans are read back from the real text afterwards.
    """
    if text.count("''") < 2:
        return text
    return _DOUBLED.sub(' "', text)


def _respan(claim: Claim, text: str) -> None:
    """Re-read a claim's spans from the original text, keeping a doubled mark whole."""

    def fix(span: Span | None) -> Span | None:
        if span is None:
            return None
        start, end = span.start, span.end
        if 0 < end < len(text) and text[end - 1] == "'" and text[end] == "'":
            end += 1
        if 0 < start and text[start] == "'" and text[start - 1] == "'":
            start -= 1
        return Span.of(text, start, end)

    claim.content = fix(claim.content)
    claim.content_parts = [fix(p) for p in claim.content_parts]
    claim.speaker = fix(claim.speaker)
    claim.cue = fix(claim.cue)
    claim.speaker_evidence = fix(claim.speaker_evidence)


def _attach(claims: list[Claim], cite: dict[str, Any]) -> None:
    """Give a citation to the widest claim in the sentence that holds it."""
    at = cite.get("start", -1)
    holders = [c for c in claims if c.unit and c.unit[0] <= at < c.unit[1] and c.citation is None]
    holders = [c for c in holders if c.content.start <= at] or holders
    if holders:
        best = max(holders, key=lambda c: c.content.end - c.content.start)
        best.citation = {k: cite.get(k) for k in ("text", "outlet", "date")}


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_INLINE_CITATION = re.compile(
    rf"\(([^()\n]{{2,80}}?),\s+((?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)\)"
)


def inline_citations(text: str, published: str | None = None) -> list[dict[str, Any]]:
    """'(Outlet, Month Day)' references in raw text, dated with the article's year when known."""
    import datetime as dt

    found = []
    year = (published or "")[:4]
    for match in _INLINE_CITATION.finditer(text):
        outlet, when = match.group(1).strip(), match.group(2)
        date = None
        for fmt, value in (("%B %d, %Y", when), ("%B %d %Y", f"{when} {year}")):
            try:
                date = dt.datetime.strptime(value.replace(".", ""), fmt).date().isoformat()
                break
            except ValueError:
                continue
        found.append(
            {
                "text": match.group(0)[1:-1],
                "outlet": outlet,
                "date": date,
                "start": match.start() + 1,
                "end": match.end() - 1,
            }
        )
    return found
