"""Everyone the archive quotes: speakers merged across articles, with their claims by date.

`archive_speakers(library)` reads the current version of every article's stored claims with
the analyst's corrections applied. Names are merged when they fold to the same key (titles
dropped, case and accents folded, letters without an ASCII decomposition such as "Ə" mapped:
"Aliyev" = "Əliyev") and a one-word name joins the one longer name holding it as its first or
last word ("Xi", "President Xi" → "Xi Jinping"; "Biden" → "Joe Biden"), when only one does.

This walks every record, which is fine for thousands of articles; for a larger archive a
catalog table of (article, speaker key, date, claim offsets) filled at import would answer the
same question with one query. Callers go through this one function, so that change stays here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.claims import corrections
from briefing_app.core.claims.model import REPORTED
from briefing_app.core.claims.speakers import split_name_role

# Letters that Unicode does not decompose to a base letter and a mark.
_LETTERS = str.maketrans(
    {"ə": "a", "Ə": "a", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "ł": "l", "Ł": "l",
     "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "ð": "d", "œ": "oe", "Œ": "oe", "’": "'"}
)  # fmt: skip


def fold(name: str) -> str:
    """A name's matching key: no title, no case, no accents, apostrophes removed."""
    bare, _role = split_name_role(name)
    text = (bare or name).translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("'", "").replace(".", " ").split())


@dataclass
class SpokenClaim:
    """One claim of a speaker, with the article it is in."""

    article_id: str
    title: str
    date: str
    claim: dict[str, Any]


@dataclass
class Speaker:
    """A person (or source) the archive quotes, under its longest spelling."""

    name: str
    key: str
    aliases: set[str] = field(default_factory=set)
    claims: list[SpokenClaim] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.claims)


def _date(article) -> str:
    return str(getattr(article.metadata, "published", None) or "")


def archive_speakers(library) -> list[Speaker]:
    """Every named speaker of the archive, most quoted first; claims in date order."""
    by_key: dict[str, Speaker] = {}
    for article in library.current_articles():
        claims, _problems = corrections.corrected_claims(library, article)
        for claim in claims:
            name = claim.get("speaker_name")
            if claim.get("kind") != REPORTED or not name:
                continue
            key = fold(name)
            if not key:
                continue
            speaker = by_key.setdefault(key, Speaker(name, key))
            speaker.aliases.add(name)
            if len(name) > len(speaker.name):
                speaker.name = name
            speaker.claims.append(
                SpokenClaim(article.id, article.title or "", _date(article), claim)
            )
    merged = _merge_short_names(by_key)
    for speaker in merged:
        speaker.claims.sort(key=lambda c: (c.date, c.article_id, c.claim.get("start") or 0))
    return sorted(merged, key=lambda s: (-s.count, s.name.casefold()))


def _merge_short_names(by_key: dict[str, Speaker]) -> list[Speaker]:
    """Fold one-word keys into the single longer key that begins or ends with that word."""
    holders: dict[str, set[str]] = {}
    for key in by_key:
        words = key.split()
        if len(words) > 1:
            for word in (words[0], words[-1]):
                holders.setdefault(word, set()).add(key)
    for key in [k for k in by_key if " " not in k]:
        owners = holders.get(key, set())
        if len(owners) == 1:
            target = by_key[next(iter(owners))]
            short = by_key.pop(key)
            target.aliases |= short.aliases
            target.claims.extend(short.claims)
    return list(by_key.values())


def speaker_claims(library, key: str) -> list[SpokenClaim]:
    """The claims of the speaker whose key is `key`, in date order (none when unknown)."""
    for speaker in archive_speakers(library):
        if speaker.key == key:
            return speaker.claims
    return []
