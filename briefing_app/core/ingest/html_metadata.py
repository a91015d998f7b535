"""Bibliographic metadata of a saved web page: title, authors, date, site, URL, language, tags.

Each field is read from the page's own declarations first (OpenGraph, `article:*`, Dublin
Core, JSON-LD, `<link rel>`), because a publisher states them there on purpose; visible
bylines, datelines and headings are the fallbacks. Nothing here fetches anything: only the
parsed tree is read, and only http(s) URLs are ever recorded.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from briefing_app.core.article import Metadata
from briefing_app.core.ingest.dates import parse_date
from briefing_app.core.ingest.html_people import authors_from_page, clean_people, ld_organisations
from briefing_app.core.ingest.metadata import organisation_of_host

MAX_JSON_LD = 1_000_000  # characters; real pages stay far below, a hostile one gets ignored
ARTICLE_TYPES = ("article", "posting", "report", "review", "creativework", "blog")
# Separators sites put between an article's title and their own name.
# `(?<!\s)`: a run of spaces is tried once, from its start, not from each of its spaces (which
# takes quadratic time on a hostile title of a million spaces). Matches are unchanged.
TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+(?:\||-|–|—|::|»|·|•|/)\s+")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"\s+")
# Wrappers old pages put around inline JSON so that XHTML or ancient browsers skip it.
_CDATA = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")


def squash(text: str | None) -> str:
    """Collapse whitespace runs to one space and trim."""
    return _SPACE.sub(" ", text or "").strip()


def web_url(value: str | None) -> str:
    """`value` when it is an absolute http(s) URL, else "" (never javascript:, file:, data:)."""
    value = squash(value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def publisher_from_url(url: str) -> str:
    """The organisation a page's URL belongs to ("https://en.wikinews.org/..." -> "Wikinews")."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return organisation_of_host(host)


# -- what the page declares ----------------------------------------------------------------
def meta_values(tree) -> dict[str, list[str]]:
    """Every `<meta>` value by lower-cased key (name, property, itemprop or http-equiv).

    A key attribute may hold several space-separated names ("og:title dc:title").
    """
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = squash(meta.get("content") or meta.get("value"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if attr == "itemprop" and not _own_item(meta):
                continue  # a date or name of an embedded video, not of the article
            for key in (meta.get(attr) or "").lower().split():
                # Dublin Core is written both "dc.title" and "dc:title".
                key = re.sub(r"^(dc|dcterms):", r"\1.", key)
                found.setdefault(key, []).append(content)
    return found


def _json_objects(value, depth: int = 0):
    """Every dict inside a JSON-LD value (lists, @graph and nested objects), outermost first."""
    if depth > 12:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _json_objects(child, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _json_objects(item, depth + 1)


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.lower() for k in kinds if isinstance(k, str)]


def json_ld(tree) -> dict:
    """The page's main JSON-LD object: the first article-like one, else the first WebPage."""
    objects: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = _CDATA.sub("", script.text or "").strip()
        if not text or len(text) > MAX_JSON_LD:
            continue
        try:
            objects.extend(_json_objects(json.loads(text, strict=False)))
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the page's other metadata still counts
    for wanted in (ARTICLE_TYPES, ("webpage",)):
        for obj in objects:
            if any(t.endswith(wanted) for t in _types(obj)):
                return obj
    return {}


def _text_of(value) -> str:
    """A JSON-LD value as a plain string (first of a list; `name` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return squash(value) if isinstance(value, str) else ""


def _first(*candidates: str | None) -> str:
    for candidate in candidates:
        if candidate:
            return candidate
    return ""


class _Page:
    """The parsed page with its metadata sources, read once."""

    def __init__(self, tree):
        self.tree = tree
        self.meta = meta_values(tree)
        self.ld = json_ld(tree)

    def m(self, *keys: str) -> str:
        """The first non-empty `<meta>` value among `keys`."""
        for key in keys:
            values = self.meta.get(key)
            if values:
                return values[0]
        return ""

    def link(self, rel: str) -> str:
        for link in self.tree.iter("link"):
            if rel in (link.get("rel") or "").lower().split():
                return link.get("href") or ""
        return ""

    def page_title(self) -> str:
        for title in self.tree.iter("title"):
            return squash(title.text_content())
        return ""

    def headings(self) -> list[str]:
        return [squash(h.text_content()) for h in self.tree.iter("h1")][:5]


# -- fields --------------------------------------------------------------------------------
# `(?<!\s)` as in TITLE_SEPARATORS: linear on a long run of spaces, the same matches.
_TAGLINE = re.compile(
    r"(?<!\s)\s+(?:\||-|–|—|::|·|•)\s+|,\s+(?=(?:the|your|a|an)\s)", re.IGNORECASE
)


def strip_tagline(name: str) -> str:
    """A site's name without the motto sites append ("Wikinews, the free news source").

    The name is the short first part; a tagline after it is longer or is a phrase of its own.
    """
    parts = _TAGLINE.split(name, maxsplit=1)
    if len(parts) == 2 and 1 <= len(parts[0].split()) <= 4 and len(parts[1].split()) >= 2:
        return parts[0].strip()
    return name


def _site_name(page: _Page, url: str) -> str:
    publisher = page.ld.get("publisher")
    part_of = page.ld.get("isPartOf")
    name = _first(
        page.m("og:site_name"),
        _text_of(publisher) if isinstance(publisher, (dict, list)) else "",
        _text_of(part_of) if isinstance(part_of, dict) else "",
        page.m("application-name", "al:android:app_name", "al:ios:app_name", "dc.publisher"),
    )
    if name and not web_url(name):
        return strip_tagline(name)
    return strip_tagline(_site_from_window_title(page)) or (publisher_from_url(url) if url else "")


def _site_from_window_title(page: _Page) -> str:
    """ "Headline - Site": the part of the window title that is not the page's headline."""
    parts = TITLE_SEPARATORS.split(page.page_title())
    if len(parts) == 2:
        for heading in page.headings():
            if _same(parts[0], heading):
                return parts[1]
            if _same(parts[1], heading):
                return parts[0]
    return ""


def _same(a: str, b: str) -> bool:
    """Loose equality for titles and site names: letters and digits only, any case."""
    fold = lambda s: re.sub(r"\W+", "", s.casefold())  # noqa: E731
    return bool(a) and fold(a) == fold(b)


def trim_site_suffix(title: str, site: str, headings: list[str], authors: list[str] = ()) -> str:
    """`title` without the site's or author's name that pages add ("Title | Site", "Site - Title")."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if any(_same(parts[-1], author) for author in authors):
        return trim_site_suffix(
            title[: title.rfind(parts[-1])].rstrip(" |-–—:»·•/"), site, headings
        )
    for heading in headings:  # the page's own headline settles which part is the title
        for part in (parts[0], " - ".join(parts[:-1])):
            if _same(part, heading):
                return part
    site_word = re.sub(r"\.\w+$", "", site)  # "tmz.com" is named "TMZ" in titles
    if _same(parts[-1], site) or _same(parts[-1], site_word):
        return (
            TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0]
            if len(parts) > 2
            else parts[0]
        )
    if _same(parts[0], site) or _same(parts[0], site_word):
        return title[len(parts[0]) :].lstrip(" |-–—:»·•/")
    return title


def _ld_headline(page: _Page) -> str:
    """JSON-LD `headline`, or its `name` when only the name agrees with the window title."""
    headline, name = _text_of(page.ld.get("headline")), _text_of(page.ld.get("name"))
    window = re.sub(r"\W+", " ", page.page_title().casefold())
    if headline and name and headline != name:
        if (
            re.sub(r"\W+", " ", name.casefold()) in window
            and re.sub(r"\W+", " ", headline.casefold()) not in window
        ):
            return name
    return headline


def _title(page: _Page, site: str, authors: list[str]) -> tuple[str, str]:
    # Bibliographic declarations first (the headline as published), then the social-media
    # title (often rewritten for sharing), then the window title and the first heading.
    candidates = (
        page.m("citation_title"),
        _ld_headline(page),
        page.m("dc.title", "dcterms.title"),
        page.m("og:title", "twitter:title", "parsely-title", "sailthru.title"),
        _text_of(page.ld.get("name")),
    )
    # A "title" that only names the site is not the article's title.
    site_names = (site, TITLE_SEPARATORS.split(site)[0])  # "Site - its tagline"
    declared = _first(*(c for c in candidates if not any(_same(c, n) for n in site_names)))
    headings = page.headings()
    if declared:
        return trim_site_suffix(declared, site, headings, authors), "source"
    title = page.page_title()
    if title:
        return trim_site_suffix(title, site, headings, authors), "source"
    if headings and headings[0]:
        return headings[0], "source"
    return "", ""


def iso_day(value: str | None) -> str:
    """An ISO 8601 date from a machine-written or human date string, else ""."""
    value = squash(value)[:100]
    if not value:
        return ""
    match = _ISO_DAY.match(value)
    if match:
        return "-".join(match.groups())
    return parse_date(value) or ""


# Microdata items that carry their own dates but are not the article (an embedded video).
_MEDIA_ITEMS = re.compile(
    r"(?:VideoObject|ImageObject|AudioObject|MediaObject|Clip|Comment|Review|Event|Series)$"
)


def _own_item(el) -> bool:
    """The element's date belongs to the page's article, not to an item embedded in it."""
    scope = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
    return scope is None or not _MEDIA_ITEMS.search((scope.get("itemtype") or "").rstrip("/"))


def _time_elements(tree) -> list[str]:
    """`datetime`/`content` values of elements that mark a publication date, the article's
    own microdata first."""
    values = [el.get("datetime") for el in tree.iter("time") if el.get("datetime")]
    marked = [el for el in tree.xpath('//*[@itemprop="datePublished"]') if _own_item(el)]
    dates = [el.get("datetime") or el.get("content") or el.text_content() for el in marked]
    return dates + values


def _published(page: _Page) -> str:
    candidates = [
        _text_of(page.ld.get("datePublished")),
        page.m("article:published_time", "og:published_time", "article.published"),
        page.m("datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date"),
        page.m("dcterms.created", "dc.date.created", "parsely-pub-date", "sailthru.date"),
        page.m(
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "date",
        ),
        _text_of(page.ld.get("dateCreated")),
        *_time_elements(page.tree),
    ]
    for candidate in candidates:
        day = iso_day(candidate)
        if day:
            return day
    return ""


# Software that keeps pages revised in place (wikis): MediaWiki, DokuWiki, MoinMoin, XWiki,
# PmWiki, TiddlyWiki, Wiki.js, Confluence.
_WIKI_GENERATOR = re.compile(r"wiki|confluence", re.IGNORECASE)
# The footer such pages print: "This page was last edited on 26 September 2019, at 11:35".
_LAST_EDITED = re.compile(
    r"\b(?:this )?page (?:was )?last (?:edited|modified|changed|updated)\b", re.IGNORECASE
)
FOOTER_MAX_CHARS = 300  # a footer line, not an article that mentions editing a page
# JSON-LD types of a piece published once (news, a blog post, a report, a paper), unlike the
# generic "Article" a wiki declares for its pages.
PUBLISHED_PIECES = ("newsarticle", "blogposting", "report", "scholarlyarticle", "review")


def _last_edited_footer(page: _Page) -> str:
    """The date of a "This page was last edited on …" line, or ""."""
    for el in page.tree.iter("li", "div", "p", "span", "footer"):
        if not _LAST_EDITED.search((el.text or "")[:FOOTER_MAX_CHARS]):
            continue  # the line's own leading text says it (read once per element)
        text = _bounded_text(el, FOOTER_MAX_CHARS)
        if text is not None:
            return parse_date(_LAST_EDITED.split(text, maxsplit=1)[-1]) or ""
    return ""


def _bounded_text(el, limit: int) -> str | None:
    """The element's text when it is at most `limit` characters, else None; stops reading
    past the limit, so nested candidates never cost their whole subtree each."""
    parts, size = [], 0
    for chunk in el.itertext():
        size += len(chunk)
        if size > limit * 4:  # room for the markup's indentation, squashed below
            return None
        parts.append(chunk)
    text = squash("".join(parts))
    return text if len(text) <= limit else None


def _modified(page: _Page) -> str:
    """When the page says it was last changed: kept apart from when it was published."""
    for candidate in (
        _text_of(page.ld.get("dateModified")),
        page.m("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified"),
        *(
            el.get("content") or el.get("datetime") or ""
            for el in page.tree.xpath('//*[@itemprop="dateModified"]')
            if _own_item(el)
        ),
        _last_edited_footer(page),
    ):
        day = iso_day(candidate)
        if day:
            return day
    return ""


def revised_in_place(page: _Page) -> bool:
    """A page its site revises in place (a wiki, a web page that is not an article), which is
    cited by the revision captured, not by when the page was first made. Articles (news,
    blogs, reports) keep their publication date however often they are updated, also when a
    wiki publishes them (a news wiki's stories declare themselves news articles).

    The signals recur across sites: wiki software named in the generator meta, the "this
    page was last edited" footer such software prints, and a JSON-LD WebPage (not an
    Article) that states when it was modified."""
    kinds = _types(page.ld)
    if any(k.endswith(PUBLISHED_PIECES) for k in kinds) or page.m("article:published_time"):
        return False
    if _WIKI_GENERATOR.search(page.m("generator")) or _last_edited_footer(page):
        return True
    is_article = any(k.endswith(ARTICLE_TYPES) for k in kinds)
    is_page = any(k.endswith("page") for k in kinds)  # WebPage, AboutPage, FAQPage ...
    return not is_article and is_page and bool(page.ld.get("dateModified"))


def _language(page: _Page) -> str:
    root = page.tree.getroot() if hasattr(page.tree, "getroot") else page.tree
    lang = _first(
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        page.m("content-language", "dc.language", "language"),
        _text_of(page.ld.get("inLanguage")),
        page.m("og:locale").replace("_", "-"),
    )
    lang = squash(lang).split(",")[0].strip()
    return lang if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", lang) else ""


def _tags(page: _Page) -> list[str]:
    raw = list(page.meta.get("article:tag", []))
    keywords = page.ld.get("keywords")
    if isinstance(keywords, list):
        raw.extend(k for k in keywords if isinstance(k, str))
    elif isinstance(keywords, str):
        raw.extend(keywords.split(","))
    for key in ("keywords", "news_keywords"):
        for value in page.meta.get(key, []):
            raw.extend(value.split(","))
    tags: list[str] = []
    for tag in (squash(t) for t in raw):
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags[:50]


def extract(tree, *, body_text: list[str] | None = None) -> Metadata:
    """Metadata of a parsed page; `body_text` (extracted paragraphs) helps find a visible byline."""
    page = _Page(tree)
    url = (
        web_url(page.link("canonical"))
        or web_url(page.m("og:url"))
        or web_url(_text_of(page.ld.get("url")))
    )
    site = _site_name(page, url)
    raw_authors = authors_from_page(page.tree, page.meta, page.ld, body_text or [])
    organisations = ld_organisations(page.ld.get("author"))
    authors = [a for a in raw_authors if a in organisations] or clean_people(
        raw_authors, site, declared=True
    )
    title, title_source = _title(page, site, authors)
    return Metadata(
        title=title,
        title_source=title_source,
        authors=authors,
        publisher=site,
        published=_published(page),
        modified=_modified(page),
        revised_in_place=revised_in_place(page),
        url=url,
        language=_language(page),
        description=_first(
            page.m("og:description", "description", "twitter:description"),
            _text_of(page.ld.get("description")),
        ),
        tags=_tags(page),
    )
