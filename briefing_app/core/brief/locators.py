"""Whether a citation's locator (`¶5`, `p. 12`) names the place the quoted words really are.

A locator is right when it names a paragraph (or printed page) the quoted words lie on. A
quotation that runs over a paragraph or page break may name either side or both (`¶3–4`,
`pp. 12–13`, `p. 12`, `p. 13`): readers find it from any of them. Page locators are checked
against the article's printed pages (`Article.pages`); an article without pages cannot confirm
one. A locator of any other kind (`{sec. 3}`) cannot be checked, so it fails closed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from briefing_app.core.article import Article
from briefing_app.core.brief.citations import CitationItem

_NUMBERS = re.compile(r"^\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*$")


def locator_kind(item: CitationItem) -> str:
    """ "" (no locator), "paragraph", "page", or "other" (a kind no article can confirm)."""
    if not item.locator:
        return ""
    if not _NUMBERS.match(item.locator):
        return "other"
    label = item.label.lower()
    if label in ("", "¶", "¶¶") or label.startswith("para"):
        return "paragraph"
    if label.startswith("p"):
        return "page"
    return "other"


def named_numbers(locator: str) -> list[int]:
    """The numbers a locator such as "3", "3–5" or "3, 7" names."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", locator.strip()):
        bounds = [int(n) for n in re.split(r"\s*[-–]\s*", part) if n]
        if bounds:
            numbers.extend(range(bounds[0], bounds[-1] + 1))
    return numbers


def page_labels(article: Article, start: int, end: int) -> list[str]:
    """Labels of the printed pages that `article.text[start:end]` lies on, in order."""
    if not article.pages:
        return []
    starts = [int(p["start"]) for p in article.pages]
    first = max(0, bisect_right(starts, start) - 1)
    last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
    return [str(article.pages[i]["label"]) for i in range(first, last + 1)]


def paragraph_numbers(article: Article, start: int, end: int) -> list[int]:
    """The 1-based paragraphs that `article.text[start:end]` lies on."""
    first = article.paragraph_at(start)
    return list(range(first, article.paragraph_at(max(start, end - 1)) + 1))


def _range(values: list[str], single: str, plural: str) -> str:
    if len(values) == 1:
        return f"{single}{values[0]}"
    return f"{plural}{values[0]}–{values[-1]}"


@dataclass
class Place:
    """Where quoted words lie in an article: paragraphs, and printed pages when known."""

    paragraphs: list[int]
    pages: list[str]

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> Place:
        return cls(paragraph_numbers(article, start, end), page_labels(article, start, end))

    def locator(self, kind: str) -> str:
        """The right locator of this place, in the kind the citation used ("¶5", "p. 12")."""
        if kind == "page" and self.pages:
            return _range(self.pages, "p. ", "pp. ")
        return _range([str(p) for p in self.paragraphs], "¶", "¶")

    def describe(self) -> str:
        where = self.locator("paragraph")
        return f"{where} ({self.locator('page')})" if self.pages else where


def locator_holds(item: CitationItem, article: Article, place: Place) -> bool:
    """True when the item's locator is absent or names a paragraph/page of `place`."""
    kind = locator_kind(item)
    if not kind:
        return True
    if kind == "paragraph":
        return bool(set(named_numbers(item.locator)) & set(place.paragraphs))
    if kind == "page":
        named = {str(n) for n in named_numbers(item.locator)}
        return bool(named & set(place.pages))
    return False


def locator_problem(item: CitationItem, article: Article, place: Place) -> str:
    """Why the item's locator does not lead to `place` (the words are found there)."""
    kind = locator_kind(item)
    written = f"{item.label} {item.locator}".strip() if item.label != "¶" else f"¶{item.locator}"
    if kind == "page" and not article.pages:
        return (
            f"The citation gives {written}, but this article has no page numbers to check it "
            f"against; the words are in {place.describe()}."
        )
    if kind == "other":
        return (
            f"The locator “{item.locator}” cannot be checked against the article; "
            f"the words are in {place.describe()}."
        )
    return f"The citation gives {written}, but the words are in {place.describe()}."
