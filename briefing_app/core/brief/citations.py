"""Pandoc citations (`[@key, ¶3]`, `[see @a; @b]`) and their Chicago notes-bibliography form.

Notes and bibliography entries are returned as Markdown (titles in quotation marks, series in
`*italics*`), so the same strings feed the HTML preview, the Markdown export and pandoc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing_app.core.article import Article
from briefing_app.core.brief.chicago import (
    headline_case,
    periodical_kind,
    periodical_name,
    short_title,
    sort_title,
)
from briefing_app.core.brief.quoting import escape_markdown

# Pandoc's citation key: starts with a letter, digit or _, may hold internal punctuation.
_KEY = r"[\w](?:[\w:.#$%&\-+?<>~/]*[\w])?"
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{_KEY})(?P<rest>.*)$", re.S)
# A bracketed group holding at least one @key; not an image, link text or footnote label.
CITATION_PATTERN = re.compile(rf"(?<![\\!\]])\[(?P<body>[^\[\]]*?-?@{_KEY}[^\[\]]*)\](?![(\[:])")
_LOCATOR = re.compile(
    r"^\s*,?\s*(?:\{(?P<braced>[^}]*)\}|(?P<label>¶+|paras?\.?|paragraphs?|pp?\.|pages?)\s*"
    r"(?P<value>\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*))(?P<suffix>.*)$",
    re.S,
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass
class CitationItem:
    """One cited source inside a citation: `prefix @key locator, suffix`."""

    key: str
    prefix: str = ""
    locator: str = ""  # just the numbers, e.g. "3" or "3–4"
    label: str = ""  # the locator's label as written ("¶", "para.", "p.")
    suffix: str = ""
    suppress_author: bool = False


@dataclass
class Citation:
    """A bracketed citation found in a text, with its span in that text."""

    items: list[CitationItem]
    start: int
    end: int
    source: str = ""

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def _parse_locator(rest: str) -> tuple[str, str, str]:
    match = _LOCATOR.match(rest)
    if not match:
        return "", "", rest.strip().lstrip(",").strip()
    if match.group("braced") is not None:
        braced = match.group("braced").strip()
        inner = _LOCATOR.match(braced)
        if inner and inner.group("braced") is None and not inner.group("suffix").strip():
            label, value = inner.group("label"), inner.group("value")
        else:
            label, value = "", braced
    else:
        label, value = match.group("label"), match.group("value")
    value = re.sub(r"\s*-\s*", "–", value)
    suffix = match.group("suffix").strip().lstrip(",").strip()
    return label, value, suffix


def parse_citation_body(body: str) -> list[CitationItem] | None:
    """The items of a citation's bracket contents, or None when it is not a citation."""
    items = []
    for part in body.split(";"):
        match = _ITEM.match(part.strip())
        if not match:
            return None
        label, locator, suffix = _parse_locator(match.group("rest"))
        items.append(
            CitationItem(
                key=match.group("key"),
                prefix=match.group("prefix").strip(),
                locator=locator,
                label=label,
                suffix=suffix,
                suppress_author=bool(match.group("suppress")),
            )
        )
    return items


def find_citations(text: str) -> list[Citation]:
    """Every bracketed pandoc citation in `text`, in order."""
    found = []
    for match in CITATION_PATTERN.finditer(text):
        items = parse_citation_body(match.group("body"))
        if items:
            found.append(Citation(items, match.start(), match.end(), match.group(0)))
    return found


# -- formatting --------------------------------------------------------------------------


@dataclass
class CitationOptions:
    """How citations are written; settings switch these."""

    locator_style: str = "pilcrow"  # "pilcrow" → "¶3"; "para" → "para. 3"; "none" → omitted
    access_dates: bool = True  # "accessed January 10, 2024" for web articles
    ibid: bool = False  # Chicago 17 prefers short notes to "Ibid."; some houses still want it
    short_title_words: int = 4
    bibliography_title: str = "Bibliography"


def format_date(iso: str) -> str:
    """ "2023-12-03" → "December 3, 2023" (also "2023-12" and "2023"); other text unchanged."""
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso or "")
    if not match:
        return iso or ""
    year, month, day = match.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{name} {int(day)}, {year}" if day else f"{name} {year}"


def dated(article: Article) -> str:
    """The date a note or entry gives: a wiki page's revision as "last modified …" (CMOS
    14.233), every other source's publication date."""
    m = article.metadata
    if m.revised_in_place and m.modified:
        return f"last modified {format_date(m.modified)}"
    return format_date(m.published)


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _inverted(name: str) -> str:
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _title(article: Article) -> str:
    """The title in headline style (CMOS 8.159), as notes and bibliography print it."""
    return headline_case(article.metadata.title) if article.metadata.title else article.key


def _short_title(article: Article, words: int) -> str:
    return short_title(_title(article), words)


def _quoted(text: str, closing: str) -> str:
    """A title in quotation marks, the closing punctuation inside them (Chicago)."""
    return f"“{escape_markdown(text)}{closing}”"


def _container(article: Article) -> str:
    """Series, newspaper or magazine in italics (CMOS 14.170, 14.191); other publishers roman."""
    m = article.metadata
    parts = []
    periodical = periodical_kind(article) and not m.series
    if periodical:
        parts.append(f"*{escape_markdown(periodical_name(m.publisher))}*")
    if m.series:
        series = f"*{escape_markdown(m.series)}*"
        if m.volume:
            series += f" {escape_markdown(m.volume)}"
        if m.issue:
            series += f", no. {escape_markdown(m.issue)}"
        parts.append(series)
    if m.publisher and m.publisher != m.series and not periodical:
        parts.append(escape_markdown(m.publisher))
    return ", ".join(parts)


def access_date(article: Article) -> str:
    """The date the article was archived, as Chicago writes it ("" when unknown)."""
    return format_date((article.imported_at or "")[:10])


def _url(article: Article) -> str:
    url = article.metadata.url
    if not url:
        return ""
    # An autolink renders as a link in every output; fall back to escaped text when it can't be one.
    return f"<{url}>" if re.fullmatch(r"[^\s<>]+", url) else escape_markdown(url)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class NoteWriter:
    """Writes the notes of a brief in order: full note first, short (or Ibid.) afterwards."""

    def __init__(self, articles: dict[str, Article], options: CitationOptions | None = None):
        self.articles = articles
        self.options = options or CitationOptions()
        self.cited: dict[str, Article] = {}  # in order of first citation
        self._last_single: tuple[str, str] | None = None  # (key, locator) of the previous note

    def unknown_keys(self, citation: Citation) -> list[str]:
        """Keys of `citation` that name no article in the library."""
        return [key for key in citation.keys if key not in self.articles]

    def locator_text(self, item: CitationItem) -> str:
        """The locator as the options want it: "¶3", "para. 3", or the label as written."""
        if not item.locator or self.options.locator_style == "none":
            return ""
        is_paragraph = item.label in ("", "¶", "¶¶") or item.label.startswith("para")
        if not is_paragraph:
            return f"{item.label} {item.locator}"
        if self.options.locator_style == "para":
            return f"{'paras.' if '–' in item.locator or ',' in item.locator else 'para.'} {item.locator}"
        return f"¶{item.locator}"

    def note(self, citation: Citation) -> str:
        """The Markdown text of the footnote for `citation` (all keys must be known)."""
        parts = [self._item_note(item, len(citation.items) == 1) for item in citation.items]
        text = "; ".join(parts)
        if len(citation.items) != 1:
            self._last_single = None
        if text.endswith("”") and not text.endswith((".”", "?”", "!”")):
            return _capitalise(text[:-1]) + ".”"  # Chicago: the period goes inside the quotes
        return _capitalise(text) + ("" if text.endswith((".", "?", "!")) else ".")

    def _item_note(self, item: CitationItem, single: bool) -> str:
        article = self.articles[item.key]
        locator = self.locator_text(item)
        if single and self.options.ibid and self._last_single and self._last_single[0] == item.key:
            same_place = self._last_single[1] == locator
            body = "Ibid." if same_place or not locator else f"Ibid., {locator}"
        elif item.key in self.cited:
            body = self._short(article, locator)
        else:
            body = self._full(article, locator)
        self.cited.setdefault(item.key, article)
        if single:
            self._last_single = (item.key, locator)
        if item.suffix:
            body = body.rstrip(".") + f", {escape_markdown(item.suffix)}"
        return f"{escape_markdown(item.prefix)} {body}" if item.prefix else body

    def _full(self, article: Article, locator: str) -> str:
        names = _join_names(article.authors)
        pieces = [f"{escape_markdown(names)}, " if names else ""]
        tail = [_container(article), dated(article), locator]
        if article.metadata.url and self.options.access_dates and access_date(article):
            tail.append(f"accessed {access_date(article)}")
        tail.append(_url(article))
        tail = [t for t in tail if t]
        pieces.append(_quoted(_title(article), "," if tail else ""))
        if tail:
            pieces.append(" " + ", ".join(tail))
        return "".join(pieces)

    def _short(self, article: Article, locator: str) -> str:
        surnames = _join_names([_surname(n) for n in article.authors])
        title = _quoted(
            _short_title(article, self.options.short_title_words), "," if locator else ""
        )
        head = f"{escape_markdown(surnames)}, {title}" if surnames else title
        return f"{head} {locator}" if locator else head

    def bibliography(self) -> list[str]:
        """Bibliography entries of every cited article, sorted by author then title."""
        entries = [(self._sort_key(a), self.bibliography_entry(a)) for a in self.cited.values()]
        return [entry for _, entry in sorted(entries)]

    @staticmethod
    def _sort_key(article: Article) -> str:
        first = article.authors[0] if article.authors else ""
        title = sort_title(_title(article))
        return (_surname(first) + " " + first + " " + title).strip().casefold()

    def bibliography_entry(self, article: Article) -> str:
        """The Chicago bibliography entry of one article, in Markdown."""
        names = list(article.authors)
        if names:
            names[0] = _inverted(names[0])
        head = f"{escape_markdown(_join_names(names))}. " if names else ""
        sentences = [head + _quoted(_title(article), ".")]
        published = dated(article)
        middle = ", ".join(x for x in (_container(article), published) if x)
        if middle:
            sentences.append(middle + ".")
        if article.metadata.url and self.options.access_dates and access_date(article):
            sentences.append(f"Accessed {access_date(article)}.")
        if article.metadata.url:
            sentences.append(_url(article) + ".")
        return " ".join(sentences)


@dataclass
class NoteRecord:
    """A rendered footnote: its number, Markdown text, and the keys it cites."""

    number: int
    markdown: str
    keys: list[str] = field(default_factory=list)
    line: int = 0
