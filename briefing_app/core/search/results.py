"""Search results and the engine-free work around them: words, snippets, best paragraph.

The search backend finds the matching documents; this module decides which paragraph shows a hit
best and cuts a keyword-in-context snippet from it, so both stay testable without an index.
The facets' names live here; their counting is in `facets`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

# A word: letters/digits, with inner apostrophes kept so "Kazakhstan's" stays one word.
WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
_APOSTROPHES = str.maketrans("", "", "'’ʼ")
FACETS = ("publisher", "author", "year", "series", "tag", "collection")
MULTI_FACETS = frozenset({"author", "tag", "collection"})  # many values to a document
SNIPPET_CHARS = 240
MULTI_SEP = "\x1f"  # joins the values of a many-valued facet (authors) in one column cell
MAX_FACET_VALUES = 100


def fold(word: str) -> str:
    """Lower case, apostrophes dropped, accents removed: the unstemmed index form of a word."""
    text = word.casefold().translate(_APOSTROPHES)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Hit:
    """One search hit: an article (or, in claim searches, one claim of it)."""

    id: str
    key: str
    title: str
    publisher: str
    published: str
    score: float
    paragraph: int
    snippet: str  # HTML-escaped, matched words wrapped in <b class="match">
    snippet_text: str
    claim: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.claim is None:
            out.pop("claim")
        return out


@dataclass
class SearchResults:
    """One page of hits, the total count and facet counts over every match."""

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    page: int = 1
    limit: int = 20
    sort: str = "relevance"
    warning: str = ""  # e.g. the index is stale and cannot be rebuilt here

    def to_json(self) -> dict[str, Any]:
        """The `briefing search --json` form."""
        out = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "hits": [h.to_json() for h in self.hits],
            "facets": {name: [[v, c] for v, c in pairs] for name, pairs in self.facets.items()},
        }
        if self.warning:
            out["warning"] = self.warning
        return out

    def ids(self) -> list[str]:
        return [h.id for h in self.hits]


def paragraph_words(paragraph_starts: list[int], number: int, positions) -> set[int]:
    """Word numbers, within paragraph `number`, of the matched word positions of the article."""
    start = paragraph_starts[number - 1] if number <= len(paragraph_starts) else 0
    end = paragraph_starts[number] if number < len(paragraph_starts) else float("inf")
    return {p - start for ps in positions.values() for p in ps if start <= p < end}


def best_paragraph(paragraph_starts: list[int], positions: dict[str, list[int]]) -> int:
    """The 1-based paragraph holding the most distinct matched words (then most matches)."""
    distinct: dict[int, set[str]] = {}
    counts: Counter[int] = Counter()
    for word, word_positions in positions.items():
        for pos in word_positions:
            number = bisect_right(paragraph_starts, pos)
            distinct.setdefault(number, set()).add(word)
            counts[number] += 1
    if not counts:
        return 1
    return max(counts, key=lambda n: (len(distinct[n]), counts[n], -n))


def _match_spans(text: str, matches, indices) -> list[tuple[int, int]]:
    if indices is not None:
        return [m.span() for i, m in enumerate(WORD.finditer(text)) if i in indices]
    return [m.span() for m in WORD.finditer(text) if matches(m.group())]


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of `text` of about `width` characters holding the most matches."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        first, last, best_count, j = spans[0][0], spans[0][1], 0, 0
        for i, (begin, _) in enumerate(spans):
            while j < len(spans) and spans[j][1] - begin <= width:
                j += 1
            if j - i > best_count:
                first, last, best_count = begin, spans[j - 1][1], j - i
        # Centre the densest cluster of matches in the window.
        start = max(0, first - (width - (last - first)) // 2)
    end = min(len(text), start + width)
    start = max(0, end - width)
    # Widen to whole words so no word is cut in half.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def make_snippet(
    text: str,
    matches: Callable[[str], bool] | None = None,
    width: int = SNIPPET_CHARS,
    *,
    indices: set[int] | None = None,
) -> tuple[str, str]:
    """(html, plain) keyword-in-context snippet of `text`, matched words marked in the html.

    Matched words are those `matches` accepts or, faster, the word numbers in `indices`.
    """
    spans = _match_spans(text, matches, indices)
    start, end = _window(text, spans, width)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    pieces, cursor = [], start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        pieces.append(html.escape(text[cursor:begin], quote=False))
        pieces.append(f'<b class="match">{html.escape(text[begin:finish], quote=False)}</b>')
        cursor = finish
    pieces.append(html.escape(text[cursor:end], quote=False))
    plain = " ".join(text[start:end].split())
    markup = "".join(pieces).strip()
    return lead + markup + tail, lead + plain + tail
