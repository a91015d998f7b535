"""Who wrote a web page: author names from JSON-LD, `<meta>`, `rel=author` and visible bylines.

Pages name their authors in many shapes ("By JANE DOE and John Roe", "Doe, Jane",
"Brenda Goodman, MA", a profile URL); this module turns them into a clean list of names.
"""

from __future__ import annotations

import re

AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "byl",
)
# Class or id fragments that mark a byline element on the page.
BYLINE_MARKS = re.compile(r"byline|author|writer|contributor", re.IGNORECASE)
MAX_BYLINE_CHARS = 120
# "By", in English and in the other languages of our sources ("Par", "Von", "Por", "Door").
_BY = re.compile(
    r"^\s*(?:(?:written|posted|reported|words|text|story)\s+)?(?:by|par|von|por|door)\s*:?\s+",
    re.IGNORECASE,
)
_VISIBLE_BY = re.compile(r"^\s*By\s+(\S.{2,80})$")
# Between two names: "and" in the languages our sources use, "with", ";", "&", brackets.
# `(?<!\s)` in both: a run of spaces is tried once, from its start (linear time on a run of a
# million spaces); the matches are the same, since a match always starts where its run does.
_SPLIT = re.compile(
    r"(?<!\s)\s*(?:[;&|()\[\]•·]|\b(?:and|und|et|with|avec|mit)\b)\s*", re.IGNORECASE
)
# A byline often runs on into its dateline ("By Jane Doe March 25, 2015"): cut there.
_DATELINE = re.compile(
    r"(?:^|(?<!\s)\s+)(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d|\b(?:updated|published|posted)\b).*$",
    re.IGNORECASE,
)
# Lower-case words that belong inside names ("Michiel de Jong", "Ludwig van Beethoven").
# Organisations write small function words too ("Organization for Transformative Works").
PARTICLES = frozenset(
    "de da di del della der den des du la le van von ter ten zu dos das bin al el for of the to".split()
)
_DEGREE = re.compile(r"^(?:[A-Z]{1,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|I{2,3}|IV)$")
# An address starts only where a run without spaces or "@" does, and its parts hold no "@":
# linear time on a long run (`\S+@\S+\.\w+` backtracked cubically on "a@a@a@...").
_URLISH = re.compile(r"https?://\S*|www\.\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+|\(\s*\)")
_NOT_A_NAME = re.compile(r"\d|[@#<>{}=]|https?:")


def _ld_people(value, depth: int = 0) -> list[str]:
    """Names in a JSON-LD `author` value: a string, an object with `name`, or a list."""
    if depth > 4:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [f"{given} {family}"]
        return []
    if isinstance(value, list):
        return [n for item in value[:20] for n in _ld_people(item, depth + 1)]
    return []


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _marked_bylines(tree) -> list[str]:
    """Short texts of elements the page marks as author or byline."""
    found = []
    for el in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'):
        found.append(_text(el))
    for el in tree.xpath('//*[@itemprop="author"]'):
        names = el.xpath('.//*[@itemprop="name"]')
        found.append(names[0].get("content") or _text(names[0]) if names else _text(el))
    if found:
        return [f for f in found if f][:1]
    for el in tree.xpath("//*[@class or @id]"):
        if el.tag in ("body", "html", "article", "main", "meta", "script", "style"):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if BYLINE_MARKS.search(marks):
            text = _text(el)
            if 3 <= len(text) <= MAX_BYLINE_CHARS:
                found.append(text)
    # The first marked byline is the article's; later ones belong to related stories.
    return found[:1]


def _visible_by_line(paragraphs: list[str]) -> list[str]:
    """A "By Jane Doe" line among the first paragraphs of the article text."""
    for para in paragraphs[:6]:
        match = _VISIBLE_BY.match(para)
        if match:
            return [match.group(1)]
    return []


def authors_from_page(
    tree, meta: dict[str, list[str]], ld: dict, paragraphs: list[str]
) -> list[str]:
    """Raw author strings from the most explicit source that names any."""
    sources = (
        lambda: _ld_people(ld.get("author")),
        lambda: [v for key in AUTHOR_META for v in meta.get(key, [])],
        lambda: _marked_bylines(tree),
        lambda: _visible_by_line(paragraphs),
    )
    for source in sources:
        names = [n for n in source() if clean_people([n], "")]
        if names:
            return names
    return []


def proper_case(name: str) -> str:
    """ "JOE HILDEBRAND" -> "Joe Hildebrand"; names already in mixed case stay as written."""
    if not any(c.isupper() for c in name) or any(c.islower() for c in name):
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name)


def _split_commas(piece: str) -> list[str]:
    """Split "A B, C D" into two names; keep "Doe, Jane" (inverted) and "Jane Doe, MA" (degree)."""
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    if len(parts) == 2 and len(parts[0].split()) == 1 and not _DEGREE.match(parts[1]):
        return [f"{parts[1]} {parts[0]}"]  # "Jong, Michiel de" -> "Michiel de Jong"
    return [p for p in parts if not _DEGREE.match(p)]


def looks_like_name(name: str) -> bool:
    """True for "Jane Doe", "F. Kooman", "jdoe" (a handle); false for a headline or a sentence."""
    words = name.split()
    if not words or len(words) > 6 or len(name) < 2 or _NOT_A_NAME.search(name):
        return False
    if len(words) == 1:
        return True
    return all(not w[0].islower() or w in PARTICLES for w in words)


def _one_name(raw: str, site: str) -> str:
    name = _URLISH.sub("", raw)
    name = _DATELINE.sub("", name).strip(" \t,.:;|-–—")
    if not looks_like_name(name):
        return ""
    if site and name.casefold() == site.casefold():
        return ""
    return proper_case(name)


def clean_people(raw_names: list[str], site: str) -> list[str]:
    """Names from raw author strings: "By" stripped, split on "and"/";", URLs and degrees dropped."""
    names: list[str] = []
    for raw in raw_names[:20]:
        if not isinstance(raw, str) or re.match(r"^\s*https?://", raw):
            continue
        text = _BY.sub("", raw.strip().splitlines()[0] if raw.strip() else "")
        for piece in _SPLIT.split(text):
            for part in _split_commas(piece):
                name = _one_name(part, site)
                if name and name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
    return names[:12]
