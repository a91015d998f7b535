"""Find the quotations in a brief: quoted text followed by a citation, and cited blockquotes.

A quotation records where it stands in the brief (offsets and line) so the editor can underline
it. Code spans and code blocks are never searched. Quotation marks are paired by `quote_marks`
(apostrophes told apart from closing quotes), not by regular expressions. Backslash escapes are undone (`\\*` is a
literal star), and an escaped bracket is literal text, not an editorial insertion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from briefing_app.core.brief.citations import Citation, find_citations
from briefing_app.core.brief.document import BriefDocument
from briefing_app.core.brief.masking import mask_code
from briefing_app.core.brief.quote_marks import pair_quotes

_SENTENCE_END = re.compile(r"[.!?][)\]”’\"']*\s+[A-Z“\"‘]")
_QUOTE_MARKER = re.compile(r"\n[ \t]*(?:>[ \t]?)*")
_TRAILING_CITATION = re.compile(r"\s*(\[[^\[\]]*@[^\[\]]*\])\s*[.;,]?\s*\Z")
_LEADING_CITATION = re.compile(r"\A\s*\[[^\[\]]*@[^\[\]]*\]")


@dataclass
class Quotation:
    """A quotation in a brief: raw Markdown text, where it stands, and its citation (if any)."""

    raw: str  # the quoted words as written in the Markdown (escapes kept)
    start: int  # offsets of the quoted words in the brief's full text
    end: int
    line: int
    citation: Citation | None
    block: bool = False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    starts.append(len(text))
    return starts


def _blocks(body: str) -> list[tuple[str, int, int, int]]:
    """(kind, first line, end line, blockquote depth) of paragraphs and top-level blockquotes."""
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    out, depth = [], 0
    for token in tokens:
        if token.type == "blockquote_open":
            if depth == 0:
                out.append(("blockquote", token.map[0], token.map[1], 0))
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "paragraph_open" and token.map:
            out.append(("paragraph", token.map[0], token.map[1], depth))
    return out


def _inline_quotes(
    doc: BriefDocument, masked: str, span: tuple[int, int], cites: list[Citation]
) -> list[Quotation]:
    """Quoted passages inside one paragraph, each with the next citation in its sentence."""
    start, end = span
    text = masked[start:end]
    quotes = []
    for q_start, q_end in pair_quotes(text):
        citation = _citation_after(text, q_end + 1, cites, start)
        absolute = start + q_start
        raw = _QUOTE_MARKER.sub(" ", text[q_start:q_end])
        quotes.append(Quotation(raw, absolute, start + q_end, doc.line_of(absolute), citation))
    return quotes


def _citation_after(text: str, pos: int, cites: list[Citation], base: int) -> Citation | None:
    for citation in cites:
        rel = citation.start - base
        if rel < pos or rel > len(text):
            continue
        return None if _SENTENCE_END.search(text, pos, rel + 1) else citation
    return None


def _block_quote(
    doc: BriefDocument, masked: str, span: tuple[int, int], after: str
) -> Quotation | None:
    """A blockquote as one quotation when it ends with, or is followed by, a citation."""
    start, end = span
    raw = re.sub(r"^[ \t]*>[ \t]?", "", masked[start:end], flags=re.M).strip()
    match = _TRAILING_CITATION.search(raw)
    if match:
        cite_text, raw = match.group(1), raw[: match.start()]
    else:
        lead = _LEADING_CITATION.match(after)
        if not lead:
            return None
        cite_text = lead.group(0).strip()
    citation = next((c for c in find_citations(cite_text)), None)
    if citation is None:
        return None
    return Quotation(raw.strip(), start, end, doc.line_of(start), citation, block=True)


def find_quotations(doc: BriefDocument) -> list[Quotation]:
    """Every quotation of the brief in document order."""
    body_lines = _line_starts(doc.body)
    # Code is searched for nothing: blanked out, offsets kept.
    masked = doc.text[: doc.body_offset] + mask_code(doc.body)
    cites = [
        Citation(c.items, c.start + doc.body_offset, c.end + doc.body_offset, c.source)
        for c in find_citations(masked[doc.body_offset :])
    ]
    quotes: list[Quotation] = []
    covered: list[tuple[int, int]] = []
    for kind, first, last, depth in _blocks(doc.body):
        span = (
            doc.body_offset + body_lines[first],
            doc.body_offset + body_lines[min(last, len(body_lines) - 1)],
        )
        if kind == "blockquote":
            after = masked[span[1] : span[1] + 400]
            block = _block_quote(doc, masked, span, after)
            if block:
                quotes.append(block)
                covered.append(span)
            continue
        if any(a <= span[0] < b for a, b in covered):
            continue
        inline = _inline_quotes(doc, masked, span, cites)
        if not inline and depth > 0 and not _has_citation(span, cites):
            # A blockquote with no citation anywhere is itself an uncited quotation.
            raw = re.sub(r"^[ \t]*>[ \t]?", "", masked[span[0] : span[1]], flags=re.M).strip()
            inline = [Quotation(raw, span[0], span[1], doc.line_of(span[0]), None, block=True)]
        quotes.extend(inline)
    return sorted(quotes, key=lambda q: q.start)


def _has_citation(span: tuple[int, int], cites: list[Citation]) -> bool:
    return any(span[0] <= c.start < span[1] for c in cites)
