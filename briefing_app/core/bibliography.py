"""A selection's bibliography as CSL-JSON, BibTeX or RIS, for reference managers.

CSL-JSON is the brief exporter's own (core/brief/csl.py), so every format starts from the same
item; BibTeX and RIS are written from that item. A type the user chose in the metadata form
(`Metadata.type`) wins over the derived one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from briefing_app.core.article import Article
from briefing_app.core.brief.csl import csl_item

FORMATS = {"csl-json": ".json", "bibtex": ".bib", "ris": ".ris"}

_BIBTEX_TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "report": "techreport",
    "webpage": "online",
    "post-weblog": "online",
    "speech": "misc",
    "interview": "misc",
    "document": "misc",
}
_RIS_TYPES = {
    "article": "JOUR",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "report": "RPRT",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "speech": "SOUND",
    "interview": "GEN",
    "document": "GEN",
}


def item(article: Article) -> dict[str, Any]:
    """The article's CSL-JSON item, with the user's chosen type when there is one."""
    out = csl_item(article)
    if article.metadata.type:
        out["type"] = article.metadata.type
    return out


def _names(item: dict[str, Any]) -> list[str]:
    """Authors as "Family, Given" (or the literal name)."""
    out = []
    for name in item.get("author", []):
        if "literal" in name:
            out.append(name["literal"])
        else:
            out.append(f"{name['family']}, {name['given']}".strip(", "))
    return out


def _date(item: dict[str, Any], name: str = "issued") -> list[int]:
    parts = item.get(name, {}).get("date-parts") or [[]]
    return parts[0]


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", "\\textbackslash{}")
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def bibtex(articles: list[Article]) -> str:
    entries = []
    for article in sorted(articles, key=lambda a: a.key):
        it = item(article)
        fields = {
            "title": "{" + _bibtex_escape(it.get("title", "")) + "}",
            "author": _bibtex_escape(" and ".join(_names(it))),
            "journal" if it["type"].startswith("article") else "series": _bibtex_escape(
                it.get("container-title", "")
            ),
            "publisher": _bibtex_escape(it.get("publisher", "")),
            "volume": _bibtex_escape(it.get("volume", "")),
            "number": _bibtex_escape(it.get("issue", "")),
            "url": it.get("URL", ""),
            "language": it.get("language", ""),
        }
        date = _date(it)
        if date:
            fields["year"] = str(date[0])
            if len(date) > 1:
                fields["month"] = str(date[1])
            fields["date"] = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(date))
        kind = _BIBTEX_TYPES.get(it["type"], "misc")
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v and v != "{}")
        entries.append(f"@{kind}{{{article.key},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(articles: list[Article]) -> str:
    records = []
    for article in sorted(articles, key=lambda a: a.key):
        it = item(article)
        lines = [f"TY  - {_RIS_TYPES.get(it['type'], 'GEN')}", f"ID  - {article.key}"]
        lines.append(f"TI  - {it.get('title', '')}")
        lines += [f"AU  - {name}" for name in _names(it)]
        for tag, field in (("T2", "container-title"), ("PB", "publisher"), ("VL", "volume")):
            if it.get(field):
                lines.append(f"{tag}  - {it[field]}")
        if it.get("issue"):
            lines.append(f"IS  - {it['issue']}")
        date = _date(it)
        if date:
            lines.append(f"PY  - {date[0]}")
            lines.append(
                "DA  - " + "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(date))
            )
        if it.get("URL"):
            lines.append(f"UR  - {it['URL']}")
        if it.get("language"):
            lines.append(f"LA  - {it['language']}")
        lines.append("ER  - ")
        records.append("\n".join(lines) + "\n")
    return "\n".join(records)


def render(articles: list[Article], fmt: str) -> str:
    """The bibliography of `articles` in `fmt` ("csl-json", "bibtex" or "ris")."""
    if fmt == "csl-json":
        items = [item(a) for a in sorted(articles, key=lambda a: a.key)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if fmt == "bibtex":
        return bibtex(articles)
    if fmt == "ris":
        return ris(articles)
    raise ValueError(f"unknown bibliography format {fmt!r}; choose one of {', '.join(FORMATS)}")
