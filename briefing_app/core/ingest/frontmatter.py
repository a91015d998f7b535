"""YAML front matter of Markdown notes, as web clippers write it (Obsidian Web Clipper:
title, source, author, published, created, description, tags), read into `Metadata`.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

from briefing_app.core.article import Metadata
from briefing_app.core.ingest import metadata as meta
from briefing_app.core.ingest.dates import parse_date

MAX_FRONT_MATTER = 64 * 1024  # a clipper's header is a few hundred bytes
_FENCE = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_WIKI_LINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")
_URL = re.compile(r"^https?://\S+$")

_TITLE_KEYS = ("title", "name", "headline")
_URL_KEYS = ("source", "url", "link", "canonical")
_AUTHOR_KEYS = ("author", "authors", "creator", "byline")
_DATE_KEYS = ("published", "date", "pubdate", "date_published", "datePublished")
_PUBLISHER_KEYS = ("site", "site_name", "publisher", "source_name", "publication")

# libyaml's parser when PyYAML was built with it (its wheels are): the same SafeLoader
# constructors and resolvers over a C scanner, 8x faster on a clipper's header, which the
# pure-Python one spent a fifth of a Markdown note's parsing on.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body); an unreadable header yields {} and is still cut off."""
    match = _FENCE.match(text)
    if not match:
        return {}, text
    body = text[match.end() :]
    raw = match.group("yaml")
    if len(raw) > MAX_FRONT_MATTER:
        return {}, body
    try:
        data = yaml.load(raw, Loader=LOADER)  # a safe loader: plain data, never objects
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}, body
    return (data if isinstance(data, dict) else {}), body


def _scalar(value: Any) -> str:
    """A plain string from a YAML scalar; lists, mappings and the like give ""."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return ""


def _strings(value: Any) -> list[str]:
    """Strings from a scalar or a flat list (nested structures are ignored)."""
    items = value if isinstance(value, list) else [value]
    return [s for s in (_scalar(v) for v in items[:200]) if s]


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        if lowered.get(key.lower()) not in (None, "", []):
            return lowered[key.lower()]
    return None


def _authors(value: Any) -> list[str]:
    """Authors from "Name", ["Name", ...] or "[[Name]]" wiki links, proper-cased."""
    names: list[str] = []
    for item in _strings(value):
        links = _WIKI_LINK.findall(item)
        parts = links if links else meta.split_authors(item)
        names.extend(meta.proper_case_name(p.strip()) for p in parts if p.strip())
    return list(dict.fromkeys(names))


def _tags(value: Any) -> list[str]:
    tags: list[str] = []
    for item in _strings(value):
        tags.extend(t.strip().lstrip("#") for t in re.split(r"[,\s]+", item) if t.strip("# "))
    return list(dict.fromkeys(tags))


def metadata_from(data: dict[str, Any]) -> Metadata:
    """Metadata from a front-matter mapping; unknown keys are ignored."""
    md = Metadata()
    md.title = _WIKI_LINK.sub(r"\1", _scalar(_first(data, _TITLE_KEYS)))
    md.title_source = "source" if md.title else ""
    url = _scalar(_first(data, _URL_KEYS))
    md.url = url if _URL.match(url) else ""
    md.authors = _authors(_first(data, _AUTHOR_KEYS))
    md.published = parse_date(_scalar(_first(data, _DATE_KEYS))) or ""
    md.publisher = _WIKI_LINK.sub(r"\1", _scalar(_first(data, _PUBLISHER_KEYS)))
    md.description = _scalar(_first(data, ("description", "summary", "excerpt")))
    md.tags = _tags(_first(data, ("tags", "keywords")))
    md.language = _scalar(_first(data, ("lang", "language")))[:8]
    return md
