"""The user's corrections of an article's metadata, kept with the extracted values they replace.

`Article.metadata` holds the effective values, so everything that reads an article (the
index, the catalog, citations, export) sees the corrections without knowing about them.
`Article.overrides` remembers, per corrected field, the value the importer extracted, so the
correction can be shown beside it, cleared again, and re-applied to a new version of the
article (a re-import extracts afresh; the correction wins).

The citation key is not a metadata field: it changes only when the user asks (`rekey`), and
the old key stays an alias so briefs that cite it still resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefing_app.core.article import Article, Metadata
from briefing_app.core.errors import BriefingError

# CSL item types an analyst's sources are; "" lets export derive one from the other fields.
TYPES = (
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "report",
    "webpage",
    "post-weblog",
    "speech",
    "interview",
    "document",
)

# Field name -> label, in the order the edit form and `briefing show` list them.
FIELDS = {
    "title": "Title",
    "authors": "Authors",
    "publisher": "Publisher",
    "series": "Series",
    "volume": "Volume",
    "issue": "Issue",
    "published": "Date",
    "url": "URL",
    "type": "Type",
    "language": "Language",
}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_NUMBERING = re.compile(r"^[\w.\-/ ]{1,20}$")


class InvalidValue(BriefingError):
    """A corrected value that is not valid for its field (a date that is not a date...)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FieldState:
    """One field as the edit form and `show --json` present it."""

    name: str
    value: Any  # effective
    extracted: Any
    source: str  # "user" or "extracted"


def split_authors(text: str) -> list[str]:
    """Authors typed as one line: separated by ";" (a comma may sit inside "Last, First")."""
    return [name.strip() for name in text.split(";") if name.strip()]


def normalise(field: str, value: Any) -> Any:
    """The stored form of a value typed for `field`; raise InvalidValue when it is not valid."""
    if field not in FIELDS:
        known = ", ".join(FIELDS)
        raise InvalidValue(field, f"Unknown field {field!r}; the fields are: {known}.")
    if field == "authors":
        names = split_authors(value) if isinstance(value, str) else [str(v).strip() for v in value]
        return [n for n in names if n]
    text = " ".join(str(value).split())
    if field == "title" and not text:
        raise InvalidValue(field, "The title cannot be empty.")
    if field == "published" and text:
        return _valid_date(text)
    if field == "url" and text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidValue(field, f"{text!r} is not a web address (http:// or https://).")
    if field == "type" and text and text not in TYPES:
        raise InvalidValue(field, f"{text!r} is not a known type; use one of: {', '.join(TYPES)}.")
    if field == "language" and text and not _LANGUAGE.match(text):
        raise InvalidValue(field, f"{text!r} is not a language code such as en, de or pt-BR.")
    if field in ("volume", "issue") and text and not _NUMBERING.match(text):
        raise InvalidValue(field, f"{text!r} is not a volume or issue number.")
    return text


def _valid_date(text: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day (2023-02-30 is refused)."""
    match = _DATE.match(text)
    if not match:
        raise InvalidValue(
            "published", f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY."
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise InvalidValue("published", f"{text!r} is not a date in the calendar.") from None
    return text


def extracted_value(article: Article, field: str) -> Any:
    """What the importer found for `field` (the value before any correction)."""
    if field in article.overrides:
        return article.overrides[field]["extracted"]
    return getattr(article.metadata, field)


def field_states(article: Article) -> list[FieldState]:
    """Every editable field: effective value, extracted value and where the effective one came from."""
    return [
        FieldState(
            name,
            getattr(article.metadata, name),
            extracted_value(article, name),
            "user" if name in article.overrides else "extracted",
        )
        for name in FIELDS
    ]


def provenance(article: Article) -> dict[str, dict[str, Any]]:
    """`show --json`'s `metadata_sources`: field -> {"value", "source", "extracted"}."""
    return {
        s.name: {"value": s.value, "source": s.source, "extracted": s.extracted}
        for s in field_states(article)
    }


def set_field(article: Article, field: str, value: Any, *, now: str | None = None) -> bool:
    """Correct one field (validated); True when the effective value changed.

    Setting a field back to its extracted value removes the override: the article then
    follows the importer again.
    """
    value = normalise(field, value)
    extracted = extracted_value(article, field)
    before = getattr(article.metadata, field)
    if value == extracted:
        article.overrides.pop(field, None)
    else:
        stamp = now or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        article.overrides[field] = {"value": value, "extracted": extracted, "set_at": stamp}
    setattr(article.metadata, field, value)
    return value != before


def clear_field(article: Article, field: str) -> bool:
    """Drop the correction of `field`: the extracted value is effective again."""
    if field not in FIELDS:
        normalise(field, "")  # raises the unknown-field error
    entry = article.overrides.pop(field, None)
    if entry is None:
        return False
    setattr(article.metadata, field, entry["extracted"])
    return True


def carry_over(previous: Article, article: Article) -> None:
    """Give a new version of an article its predecessor's corrections and key aliases.

    The new version's freshly extracted values become the `extracted` ones; a correction that
    now equals what was extracted is dropped, as setting it by hand would drop it.
    """
    for field, entry in previous.overrides.items():
        if field not in FIELDS:
            continue
        fresh = getattr(article.metadata, field)
        if entry["value"] == fresh:
            article.overrides.pop(field, None)
            continue
        article.overrides[field] = {**entry, "extracted": fresh}
        setattr(article.metadata, field, entry["value"])
    aliases = [*article.key_aliases, *previous.key_aliases]
    article.key_aliases = list(dict.fromkeys(a for a in aliases if a != article.key))


def reapply(overrides: dict[str, dict[str, Any]], article: Article) -> None:
    """Apply stored corrections to an article rebuilt from its original (same version)."""
    snapshot = Article(
        id=article.id, sha256="", key=article.key, metadata=Metadata(), paragraphs=[]
    )
    snapshot.overrides = overrides
    carry_over(snapshot, article)


def rekey(article: Article, taken: set[str]) -> str | None:
    """Give the article the key its effective metadata makes; the old key becomes an alias.

    `taken` holds every other article's keys and aliases. Returns the new key, or None when
    the key the metadata makes is the current one.
    """
    from briefing_app.core.ingest.citekey import make_key

    others = set(taken) - {article.key, *article.key_aliases}
    new_key = make_key(article.metadata, others)
    if new_key == article.key:
        return None
    old = article.key
    article.key_aliases = [a for a in [*article.key_aliases, old] if a != new_key]
    article.key_aliases = list(dict.fromkeys(article.key_aliases))
    article.key = new_key
    return new_key
