"""Metadata rules shared by the parsers: author names, titles from URLs, language, citations."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from briefing_app.core.article import Article, SourceCitation
from briefing_app.core.ingest.dates import MONTHS, parse_date, year_of
from briefing_app.core.ingest.language import detect_language

__all__ = [
    "detect_language",
    "find_citations",
    "organisation_of_host",
    "proper_case_name",
    "split_authors",
    "title_from_url",
]

# Name particles stay lowercase inside a name ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = frozenset(
    "van von der den de da di du del della des la le ter ten bin ibn al el y dos das do".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd".split())

# Short words a headline keeps lowercase unless they start it.
_MINOR_WORDS = frozenset(
    "a an the and or nor but of in on at to for from by with as vs via per into".split()
)

# Prefixes that English writes with a hyphen ("multi-vector", "non-aligned").
_HYPHEN_PREFIXES = frozenset(
    "multi non anti self ex post pre pro co semi quasi neo pan cross mid vice".split()
)


def _case_part(part: str, first: bool) -> str:
    """One all-caps or all-lowercase piece of a name, proper-cased."""
    low = part.lower()
    if not first and low in NAME_PARTICLES:
        return low
    if low in ("ii", "iii", "iv"):
        return part.upper()
    if "'" in part or "\u2019" in part:
        mark = "'" if "'" in part else "\u2019"
        head, _, tail = part.partition(mark)
        return _case_part(head, first) + mark + _case_part(tail, False).capitalize()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    return low.capitalize()


def proper_case_name(name: str) -> str:
    """Proper-case a name written in capitals: "Emil AVDALIANI" -> "Emil Avdaliani".

    Words already in mixed case ("McDonald", "DeLillo") are kept as written.
    """
    words = name.split()
    out = []
    for i, word in enumerate(words):
        scottish = re.fullmatch(r"(Ma?c)([A-Z]{2,})", word)
        if scottish:  # "McDONALD": the prefix was kept, the rest shouted
            out.append(scottish.group(1) + scottish.group(2).capitalize())
            continue
        letters = [c for c in word if c.isalpha()]
        if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
            if len(letters) == 1:  # an initial
                out.append(word.upper())
                continue
            pieces = word.split("-")
            out.append("-".join(_case_part(p, i == 0 and j == 0) for j, p in enumerate(pieces)))
        else:
            out.append(word)
    return " ".join(out)


# `(?<!\s)`: a run of spaces is tried once, from its start (linear on a million spaces).
_AUTHOR_SPLIT = re.compile(r"(?<!\s)\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|from|author[s]?:?|written by)\s+", re.IGNORECASE)


def split_authors(text: str) -> list[str]:
    """Authors named in a byline ("By A. Smith and B. JONES"), proper-cased."""
    text = _BYLINE_PREFIX.sub("", text.strip())
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        part = part.strip(" .\t")
        if part and part.lower().rstrip(".") not in _SUFFIXES:
            names.append(proper_case_name(part))
        elif part and names:
            names[-1] += ", " + part
    return names


# Host labels that name a language edition, a mobile or print view, never the organisation.
_EDITION_LABELS = frozenset("www www2 m mobile amp edition news print beta".split())
_SECOND_LEVEL = frozenset("co com org net gov ac edu or ne go gob".split())


def organisation_of_host(host: str) -> str:
    """The organisation a host name belongs to: "en.wikinews.org" -> "Wikinews".

    The registrable label (left of the public suffix, "co.uk" counted as one) is the
    organisation's own name on nearly every site; a publisher's declared name is always
    preferred over this.
    """
    labels = [p for p in host.lower().strip(".").split(".") if p]
    if ":" in (labels[-1] if labels else ""):
        labels[-1] = labels[-1].split(":", 1)[0]
    if len(labels) < 2 or all(p.isdigit() for p in labels):
        return ""
    labels.pop()  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL and len(host.rsplit(".", 1)[-1]) == 2:
        labels.pop()  # "bbc.co.uk": "co" is part of the suffix
    name = labels[-1] if labels else ""
    if not name or name in _EDITION_LABELS or len(name) < 2:
        return ""
    if not name.isalpha():
        return name
    return name.upper() if len(name) <= 3 else name.capitalize()  # "bbc", "lwn": acronyms


def _slug(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    last = unquote(path.rsplit("/", 1)[-1]) if path else ""
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", last, flags=re.IGNORECASE)
    return last.replace("_", "-")


def _title_word(word: str, first: bool, possessive_stems: set[str], text_words: set[str]) -> str:
    if not first and word in _MINOR_WORDS:
        return word
    if word.endswith("s") and word[:-1] in possessive_stems:
        return word[:-1].capitalize() + "'s"
    if word.upper() in text_words:
        return word.upper()  # an acronym the text writes in capitals ("BRI")
    return word.capitalize()


def title_from_url(url: str, text: str = "") -> str:
    """A headline from the URL's last path segment, or "" when it holds no words.

    "kazakhstans-expanding-multi-vector-foreign-policy" becomes "Kazakhstan's Expanding
    Multi-Vector Foreign Policy" when the text writes "Kazakhstan's" (or drops the
    apostrophe of a name it also writes on its own).
    """
    words = [w for w in _slug(url).lower().split("-") if w]
    if not words or sum(w.isalpha() for w in words) < 2:
        return ""
    possessive = {m.lower() for m in re.findall(r"\b(\w+)['\u2019]s\b", text)}
    text_words = set(re.findall(r"\b[A-Z]{2,}\b", text))
    lowered = re.sub(r"https?://\S+", " ", text).lower()
    out: list[str] = []
    for i, raw in enumerate(words):
        word = _title_word(raw, i == 0, possessive, text_words)
        if out and (words[i - 1] in _HYPHEN_PREFIXES or f"{words[i - 1]}-{raw}" in lowered):
            out[-1] = f"{out[-1]}-{word[0].upper()}{word[1:]}"
        else:
            out.append(word)
    return " ".join(out)


# "(Radio Free Europe/Radio Liberty, November 29)", "(Reuters, 3 May 2021; TASS, May 4)"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_CITED_DATE = rf"(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{_MONTH_NAMES})\.?(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
_CITATION = re.compile(
    rf"(?P<outlet>[A-Z0-9][^()\[\];,]{{1,100}}?),\s*(?P<date>{_CITED_DATE})", re.IGNORECASE
)
_PARENS = re.compile(r"\(([^()]{4,300})\)")


def _citation_date(date_text: str, published: str) -> str | None:
    """The cited date in full; a date after the article's own belongs to the year before."""
    year = year_of(published)
    iso = parse_date(date_text, default_year=year)
    if iso and published and year and not re.search(r"\d{4}", date_text) and iso > published:
        iso = parse_date(date_text, default_year=year - 1)
    return iso


def find_citations(article: Article) -> list[SourceCitation]:
    """Inline source citations in the article's text, with full ISO dates where known."""
    text, published = article.text, article.metadata.published
    found = []
    for group in _PARENS.finditer(text):
        inner_start = group.start(1)
        for part in re.finditer(r"[^;]+", group.group(1)):
            match = _CITATION.fullmatch(part.group().strip())
            if not match or not match.group("outlet")[0].isupper():
                continue
            start = inner_start + part.start() + (len(part.group()) - len(part.group().lstrip()))
            cited = match.group()
            found.append(
                SourceCitation(
                    text=cited,
                    outlet=match.group("outlet").strip(),
                    date=_citation_date(match.group("date"), published),
                    start=start,
                    end=start + len(cited),
                    paragraph=article.paragraph_at(start),
                )
            )
    return found
