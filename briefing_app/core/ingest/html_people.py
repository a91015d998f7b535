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
# Between two names: "and", "with", ";", "&", brackets. `(?<!\s)`: a run of spaces is tried
# once, from its start (linear time on a run of a million spaces); the matches are the same,
# since a match always starts where its run does. The same in _DATELINE.
_SPLIT = re.compile(r"(?<!\s)\s*(?:[;&|()\[\]•·]|\b(?:and|with)\b)\s*", re.IGNORECASE)
# A byline often runs on into its dateline ("By Jane Doe March 25, 2015"): cut there.
_DATELINE = re.compile(
    r"(?:^|(?<!\s)\s+)(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d|\b(?:updated|published|posted)\b).*$",
    re.IGNORECASE,
)
# Lower-case words that belong inside names ("Michiel de Jong", "Ludwig van Beethoven").
PARTICLES = frozenset(
    "de da di del della der den des du la le van von ter ten zu dos das bin al el".split()
)
_DEGREE = re.compile(r"^(?:[A-Z]{1,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|I{2,3}|IV)$")
# An address starts only where a run without spaces or "@" does, and its parts hold no "@":
# linear time on a long run (`\S+@\S+\.\w+` backtracked cubically on "a@a@a@...").
_URLISH = re.compile(r"https?://\S*|www\.\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")
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


def ld_organisations(value) -> list[str]:
    """Names of JSON-LD authors typed as organisations (a wiki's contributors, an agency)."""
    items = value if isinstance(value, list) else [value]
    return [
        " ".join(item["name"].split())
        for item in items[:20]
        if isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and str(item.get("@type", ""))
        .lower()
        .endswith(("organization", "organisation", "newsmediaorganization"))
        and 2 <= len(item["name"]) <= MAX_BYLINE_CHARS
    ]


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _marked_bylines(tree, paragraphs: list[str] = ()) -> list[str]:
    """The byline among elements the page marks as author or byline.

    Only texts made mostly of names count (an earlier "author" element may hold a photo, a
    label or a list of other writers' stories). The article's byline stands before its text,
    and comment and teaser bylines after it, so the valid one nearest before the first
    paragraph wins; with none before it, the first one.
    """
    found = []
    for el in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'):
        found.append(_text(el))
    for el in tree.xpath('//*[@itemprop="author"]'):
        names = el.xpath('.//*[@itemprop="name"]')
        found.append(names[0].get("content") or _text(names[0]) if names else _text(el))
    if [f for f in found if f]:
        return [f for f in found if f][:1]
    anchor = _text_position(tree, paragraphs[0] if paragraphs else "")
    before, after = [], []
    for position, el in enumerate(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in ("body", "html", "article", "main", "meta"):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if not marks.strip() or not BYLINE_MARKS.search(marks):
            continue
        text = _text(el)
        if 3 <= len(text) <= MAX_BYLINE_CHARS and _names_fill(text):
            (before if anchor is None or position < anchor else after).append(text)
    if before:
        return [before[-1]] if anchor is not None else [before[0]]
    return after[:1]


def _text_position(tree, paragraph: str) -> int | None:
    """The document position of the element whose text starts the article (None: not found)."""
    snippet = " ".join(paragraph.split()[:6])
    if len(snippet) < 20:
        return None
    for position, el in enumerate(tree.iter()):
        for piece in (el.text, el.tail) if isinstance(el.tag, str) else ():
            if piece and snippet in " ".join(piece.split()):
                return position
    return None


def _names_fill(text: str) -> bool:
    """The text is a byline: the names found in it make up most of its words (not a block of
    links or a label that happens to hold a short name-like word)."""
    names = clean_people([text], "")
    stripped = _DATELINE.sub("", _BY.sub("", text))
    return bool(names) and sum(len(n.split()) for n in names) >= 0.5 * len(stripped.split())


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
    """Author names from the most explicit source that names any: JSON-LD people, JSON-LD
    organisations (kept whole), `<meta>`, elements marked as bylines, a "By" line."""
    people = clean_people(_ld_people(ld.get("author")), "", declared=True)
    if people:
        return _ld_people(ld.get("author"))
    organisations = ld_organisations(ld.get("author"))
    if organisations:
        return organisations
    sources = (
        (True, lambda: [v for key in AUTHOR_META for v in meta.get(key, [])]),
        (False, lambda: _marked_bylines(tree, paragraphs)),
        (False, lambda: _visible_by_line(paragraphs)),
    )
    for declared, source in sources:
        names = [n for n in source() if clean_people([n], "", declared=declared)]
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
    if not any(len(w.strip(".")) >= 2 for w in words):
        return False  # initials alone ("J J") are an avatar's letters, not a name
    if len(words) == 1:
        return True
    return all(not w[0].islower() or w in PARTICLES for w in words)


# Function words inside an organisation's name ("Council on Foreign Relations").
_ORGANISATION_WORDS = frozenset("of for on the to and in at".split())


def looks_like_organisation(name: str) -> bool:
    """Capitalised words joined by function words: "Institute for the Study of War"."""
    words = name.split()
    return (
        3 <= len(words) <= 8
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(w[0].isupper() or w in _ORGANISATION_WORDS for w in words)
        and not _NOT_A_NAME.search(name)
    )


def _one_name(raw: str, site: str, declared: bool = False) -> str:
    name = _URLISH.sub("", raw)
    name = _DATELINE.sub("", name).strip(" \t,.:;|-–—")
    if declared and looks_like_organisation(name):
        return name  # a corporate author the page declares, written as it writes it
    if not looks_like_name(name):
        return ""
    if site and name.casefold() == site.casefold():
        return ""
    return proper_case(name)


def clean_people(raw_names: list[str], site: str, *, declared: bool = False) -> list[str]:
    """Names from raw author strings: "By" stripped, split on "and"/";", URLs and degrees dropped.

    `declared`: the strings come from the page's metadata, where an organisation may be the
    author; it is kept whole ("Contributors to Wikimedia projects").
    """
    names: list[str] = []
    for raw in raw_names[:20]:
        if not isinstance(raw, str) or re.match(r"^\s*https?://", raw):
            continue
        text = _BY.sub("", raw.strip().splitlines()[0] if raw.strip() else "")
        whole = _one_name(text, site, declared) if declared else ""
        if whole and looks_like_organisation(whole):
            if whole.casefold() not in {n.casefold() for n in names}:
                names.append(whole)
            continue
        for piece in _SPLIT.split(text):
            for part in _split_commas(piece):
                name = _one_name(part, site, declared)
                if name and name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
    return names[:12]
