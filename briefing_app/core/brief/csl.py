"""CSL-JSON of cited articles, so pandoc --citeproc and reference managers read the same sources."""

from __future__ import annotations

import re
from typing import Any

from briefing_app.core.article import Article
from briefing_app.core.brief.chicago import csl_type, periodical_kind


def _date_parts(iso: str) -> dict[str, Any] | None:
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso or "")
    if not match:
        return None
    return {"date-parts": [[int(p) for p in match.groups() if p]]}


def _name(full: str) -> dict[str, str]:
    parts = full.split()
    if len(parts) < 2:
        return {"literal": full}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def csl_item(article: Article) -> dict[str, Any]:
    """One article as a CSL-JSON item whose id is its citation key."""
    m = article.metadata
    kind = csl_type(article)
    item: dict[str, Any] = {"id": article.key, "type": kind, "title": m.title or article.key}
    if m.authors:
        item["author"] = [_name(a) for a in m.authors]
    fields = {
        # The periodical the article appeared in: its series, or the newspaper/magazine itself.
        "container-title": m.series or (m.publisher if periodical_kind(article) else ""),
        "publisher": m.publisher,
        "volume": m.volume,
        "issue": m.issue,
        "URL": m.url,
        "language": m.language,
    }
    item.update({k: v for k, v in fields.items() if v})
    for name, value in (("issued", m.cited_date()), ("accessed", (article.imported_at or "")[:10])):
        parts = _date_parts(value)
        if parts and (name == "issued" or m.url):
            item[name] = parts
    return item


def csl_json(articles: list[Article]) -> list[dict[str, Any]]:
    """CSL-JSON items of `articles`, sorted by key."""
    return [csl_item(a) for a in sorted(articles, key=lambda a: a.key)]
