"""Quick fixes for quotations the check rejects: the edit each status implies, never a guess.

- `wrong_locator`: cite the place the words really are (`¶4` → `¶5`).
- `wrong_source`: cite the article that holds the words, at its paragraph.
- `changed_since_quoted`: show the words as quoted and the current article's closest passage,
  and re-quote from the current text.
- `not_found`: show the closest passage with each difference marked, and offer its words.

A fix is a list of text edits on the brief exactly as it was checked; the editor applies them
as one undo step. Nothing is applied without the user asking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.article import Article
from briefing_app.core.brief.citations import CitationItem, find_citations
from briefing_app.core.brief.closest import Closest, closest_passage
from briefing_app.core.brief.locators import locator_kind, named_numbers
from briefing_app.core.brief.masking import mask_code
from briefing_app.core.brief.quoting import escape_markdown, inline_body, locator
from briefing_app.core.brief.render import articles_by_key
from briefing_app.core.brief.verify import QuotationCheck


@dataclass(frozen=True)
class Edit:
    """Replace brief text[start:end] with `text`."""

    start: int
    end: int
    text: str


@dataclass
class Fix:
    """What a quick fix changes, and what the user is shown before choosing it."""

    kind: str  # "locator", "source", "requote" (changed since quoted) or "closest" (not found)
    target: str = ""  # what the fix cites: "¶5", "@doe2020vote, ¶1"
    edits: list[Edit] = field(default_factory=list)
    quoted: str = ""  # the words as the brief quotes them (changed/not found)
    passage: str = ""  # the article's closest words
    marks: list[tuple[int, int]] = field(default_factory=list)  # differences, offsets in passage
    paragraph: int = 0  # where `passage` stands


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with every edit applied (edits do not overlap)."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _citation_of(text: str, check: QuotationCheck):
    """The citation after a quotation in the brief (the first from its start naming its key)."""
    for citation in find_citations(mask_code(text)):
        if citation.start >= check.start and check.key in citation.keys:
            return citation
    return None


def _item_text(item: CitationItem, key: str, where: str) -> str:
    """One citation item written back: prefix, key, the new locator, suffix."""
    head = f"{item.prefix} " if item.prefix else ""
    dash = "-" if item.suppress_author else ""
    tail = f", {item.suffix}" if item.suffix else ""
    return f"{head}{dash}@{key}, {where}{tail}"


def _written_locator(item: CitationItem, found: str) -> str:
    """`found` ("¶5", "p. 12") in the label style the writer used ("para. 5" stays "para.")."""
    if found.startswith("¶") and item.label.lower().startswith("para"):
        numbers = found[1:]
        return f"{'paras.' if '–' in numbers else 'para.'} {numbers}"
    return found


def _recite(text: str, check: QuotationCheck, key: str, found: str) -> Edit | None:
    """The edit that makes the quotation's citation item name `key` at `found`."""
    citation = _citation_of(text, check)
    if citation is None:
        return None
    items = citation.items
    index = next(n for n, i in enumerate(items) if i.key == check.key)
    parts = []
    for n, item in enumerate(items):
        if n == index:
            parts.append(_item_text(item, key, _written_locator(item, found)))
        else:
            parts.append(citation.source[1:-1].split(";")[n].strip())
    return Edit(citation.start, citation.end, "[" + "; ".join(parts) + "]")


def _marks(closest: Closest) -> list[tuple[int, int]]:
    return [
        (d.source_start - closest.start, d.source_end - closest.start)
        for d in closest.differences
        if d.source_end > d.source_start
    ]


def _requote(
    text: str, check: QuotationCheck, article: Article, closest: Closest, kind: str
) -> Fix:
    """A fix replacing the quoted words with the article's passage, and its locator."""
    passage = article.text[closest.start : closest.end]
    where = locator(article, closest.start, closest.end)
    fix = Fix(
        kind,
        where,
        quoted=check.quote,
        passage=passage,
        marks=_marks(closest),
        paragraph=closest.paragraph,
    )
    words = " ".join(passage.split())
    body = inline_body(words) if not check.block else words
    citation = _citation_of(text, check)
    if body is None or citation is None:
        return fix  # shown for reading; the words cannot go inline, so no edit is offered
    body = escape_markdown(body.rstrip(","))
    if not check.block:
        fix.edits.append(Edit(check.start, check.end, body))
    elif check.start <= citation.start < check.end:  # "> words [@key, ¶n]": keep the citation
        fix.edits.append(Edit(check.start, citation.start, f"> {body} "))
    else:  # the citation follows the blockquote
        fix.edits.append(Edit(check.start, check.end, f"> {body}\n"))
    recite = _recite(text, check, check.key, where)
    if recite is not None:
        fix.edits.append(recite)
    return fix


def _cited_paragraphs(text: str, check: QuotationCheck) -> list[int]:
    citation = _citation_of(text, check)
    if citation is None:
        return []
    item = next(i for i in citation.items if i.key == check.key)
    return named_numbers(item.locator) if locator_kind(item) == "paragraph" else []


def propose_fix(text: str, check: QuotationCheck, library: Any) -> Fix | None:
    """The quick fix a failed check implies (None for verified ones and those with no fix)."""
    by_key = articles_by_key(library)
    article = by_key.get(check.key)
    if check.status == "wrong_locator" and check.found_locator:
        edit = _recite(text, check, check.key, check.found_locator)
        return Fix("locator", check.found_locator, [edit]) if edit else None
    if check.status == "wrong_source" and check.found_key in by_key:
        edit = _recite(text, check, check.found_key, check.found_locator)
        target = f"@{check.found_key}, {check.found_locator}"
        return Fix("source", target, [edit]) if edit else None
    if check.status in ("changed_since_quoted", "not_found") and article is not None:
        closest = closest_passage(article, check.quote, _cited_paragraphs(text, check))
        if closest is None:
            return None
        kind = "requote" if check.status == "changed_since_quoted" else "closest"
        return _requote(text, check, article, closest, kind)
    return None


def propose_fixes(text: str, checks: list[QuotationCheck], library: Any) -> list[Fix | None]:
    """One proposal (or None) per check, in the same order."""
    return [None if check.ok else propose_fix(text, check, library) for check in checks]
