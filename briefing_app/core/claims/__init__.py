"""Claims: who asserted what in an article, with which cue, how hedged, citing which source.

`extract_claims(text)` works on any text; `claims_for_article(article)` adds the article's author
(for assessments) and its inline source citations, and returns the stored dict form.
"""

from __future__ import annotations

from typing import Any

from briefing_app.core.claims.extractor import extract, inline_citations
from briefing_app.core.claims.model import ASSESSMENT, REPORTED, Claim, Span

# Bump whenever the rules change: stored claims with another version are recomputed.
EXTRACTOR_VERSION = 2


def extract_claims(
    text: str, *, author: str | None = None, published: str | None = None
) -> list[Claim]:
    """Claims of a plain text; inline "(Outlet, Month Day)" references become citations."""
    return extract(text, author=author, citations=inline_citations(text, published))


def claims_for_article(article) -> list[dict[str, Any]]:
    """The JSON-ready claims of an article, with its author and its importer-found citations."""
    author = article.metadata.authors[0] if article.metadata.authors else None
    citations = [
        {"text": c.text, "outlet": c.outlet, "date": c.date, "start": c.start, "end": c.end}
        for c in article.citations
    ]
    return [c.to_dict() for c in extract(article.text, author=author, citations=citations)]


__all__ = [
    "ASSESSMENT",
    "EXTRACTOR_VERSION",
    "REPORTED",
    "Claim",
    "Span",
    "claims_for_article",
    "extract_claims",
]
