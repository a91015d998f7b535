"""What the importer adds once the text is final: citation key, inline citations, claims."""

from __future__ import annotations

from briefing_app.core.article import Article


def assign_key(article: Article, taken: set[str]) -> str:
    """A citation key unique within the library (surname + year + title word, suffixed)."""
    from briefing_app.core.ingest.citekey import make_key

    return make_key(article.metadata, taken)


def enrich_article(article: Article) -> None:
    """Fill in the inline source citations and the claims of a freshly parsed article."""
    from briefing_app.core.ingest.metadata import find_citations

    article.citations = find_citations(article)
    refresh_claims(article)


def refresh_claims(article: Article) -> bool:
    """(Re)extract claims when the extractor changed; True when the record changed."""
    try:
        from briefing_app.core import claims
    except ImportError:
        claims = None
    # The claims extractor is built separately; until its package exports its entry points,
    # articles import without claims rather than failing.
    if (
        claims is None
        or not hasattr(claims, "claims_for_article")
        or not hasattr(claims, "EXTRACTOR_VERSION")
    ):
        return False
    if article.claims_version == claims.EXTRACTOR_VERSION and article.claims:
        return False
    article.claims = claims.claims_for_article(article)
    article.claims_version = claims.EXTRACTOR_VERSION
    return True
