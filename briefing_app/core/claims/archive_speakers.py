"""Everyone the archive quotes: speakers merged across articles, with their claims by date.

Names are merged when they fold to the same key (titles dropped, case and accents folded,
letters without an ASCII decomposition such as "Ə" mapped: "Aliyev" = "Əliyev") and a one-word
name joins the one longer name holding it as its first or last word ("Xi", "President Xi" →
"Xi Jinping"; "Biden" → "Joe Biden"), when only one does.

Who each article quotes is kept in the catalog's `claim_speakers` table: `speaker_rows` gives
an article's rows (its claims with the analyst's corrections applied), stored with every
record the library writes, after every change of corrections and in the catalog rebuild. So
`archive_speakers(library)` lists everyone with one aggregate query and reads no record; a
chosen speaker's claims read only the records of the articles that quote them.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from briefing_app.core.claims import corrections
from briefing_app.core.claims.model import REPORTED
from briefing_app.core.claims.speakers import split_name_role
from briefing_app.core.errors import BriefingError, LibraryError

log = logging.getLogger(__name__)

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
    """A person (or source) the archive quotes, under its longest spelling.

    `count` comes from the catalog; `claims` reads the records of the articles quoting this
    speaker the first time it is asked for.
    """

    name: str
    key: str
    aliases: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # every key merged into this speaker
    count: int = 0
    library: Any = field(default=None, repr=False, compare=False)
    _claims: list[SpokenClaim] | None = field(default=None, repr=False, compare=False)

    @property
    def claims(self) -> list[SpokenClaim]:
        if self._claims is None:
            self._claims = _claims_of(self.library, self.keys or {self.key})
        return self._claims


def _date(article) -> str:
    return str(getattr(article.metadata, "published", None) or "")


def _named_claims(library, article) -> list[tuple[str, dict[str, Any]]]:
    """(key, claim) of the article's reported claims with a named speaker, corrections applied.

    A corrections file that cannot be read leaves the extractor's claims (it is reported where
    corrections are shown), so one damaged file does not hide an article's speakers.
    """
    try:
        claims, _problems = corrections.corrected_claims(library, article)
    except BriefingError as exc:
        log.warning("%s; its speakers are counted without corrections.", exc)
        claims = list(article.claims)
    out = []
    for claim in claims:
        name = claim.get("speaker_name")
        if claim.get("kind") != REPORTED or not name:
            continue
        key = fold(name)
        if key:
            out.append((key, claim))
    return out


def speaker_rows(library, article) -> list[tuple[str, str, str, int, str]]:
    """The article's claim_speakers rows: (article id, key, name as written, claims, date)."""
    counts = Counter((key, claim["speaker_name"]) for key, claim in _named_claims(library, article))
    date = _date(article)
    return [(article.id, key, name, n, date) for (key, name), n in sorted(counts.items())]


def archive_speakers(library) -> list[Speaker]:
    """Every named speaker of the current articles, most quoted first; reads no record."""
    by_key: dict[str, Speaker] = {}
    for key, name, count in library.speaker_counts():
        speaker = by_key.setdefault(key, Speaker(name, key, keys={key}, library=library))
        speaker.aliases.add(name)
        speaker.count += count
        if len(name) > len(speaker.name):
            speaker.name = name
    merged = _merge_short_names(by_key)
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
            target.keys |= short.keys
            target.count += short.count
    return list(by_key.values())


def _claims_of(library, keys: set[str]) -> list[SpokenClaim]:
    """The claims under any of `keys`, in date order: reads only the articles quoting them."""
    if library is None:
        return []
    out: list[SpokenClaim] = []
    for article_id in library.speaker_article_ids(keys):
        try:
            article = library.get(article_id)
        except LibraryError as exc:  # removed or damaged since the count: skip it
            log.warning("%s", exc)
            continue
        date = _date(article)
        out.extend(
            SpokenClaim(article.id, article.title or "", date, claim)
            for key, claim in _named_claims(library, article)
            if key in keys
        )
    out.sort(key=lambda c: (c.date, c.article_id, c.claim.get("start") or 0))
    return out


def speaker_claims(library, key: str) -> list[SpokenClaim]:
    """The claims of the speaker whose key is `key`, in date order (none when unknown)."""
    for speaker in archive_speakers(library):
        if speaker.key == key:
            return speaker.claims
    return []
