"""The passage of an article closest to a quotation that is not in it, and where they differ.

Only used to explain a failure (and to offer the closest passage for a fix): the check itself
never accepts a look-alike. The explanation is anchored on the paragraph the citation names
when that paragraph shares words with the quotation, otherwise on the best-matching paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from briefing_app.core.article import Article
from briefing_app.core.brief.folding import fold_text

_WORD = re.compile(r"\S+")
CONTEXT = 2  # words shown either side of a difference
MIN_SHARED = 0.3  # share of the quotation's words a cited paragraph must hold to anchor on it


@dataclass
class Difference:
    """One difference: the quotation's words and the article's words at that point."""

    quoted: str
    source: str
    source_start: int  # offsets in Article.text of the article's side (an insertion point if "")
    source_end: int
    quoted_context: str = ""  # the difference with a word or two either side, for the reader
    source_context: str = ""


@dataclass
class Closest:
    """The closest passage: its paragraph, its span in Article.text, and the differences."""

    paragraph: int
    start: int
    end: int
    differences: list[Difference] = field(default_factory=list)


def _key(word: str) -> str:
    """A word as the alignment compares it: typography folded, sentence punctuation dropped."""
    return fold_text(word).text.strip("'.,;:!?()")


def _words(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(0), base + m.start(), base + m.end()) for m in _WORD.finditer(text)]


def _shared(quote_keys: list[str], words: list[tuple[str, int, int]]) -> int:
    matcher = SequenceMatcher(None, quote_keys, [_key(w) for w, _, _ in words], autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _anchor(article: Article, quote_keys: list[str], cited: list[int]) -> int:
    """The paragraph to explain against: the cited one if it shares enough words, else the best."""

    def shared(number: int) -> int:
        start = article.paragraph_starts[number - 1]
        return _shared(quote_keys, _words(article.paragraphs[number - 1], start))

    for number in cited:
        if 1 <= number <= len(article.paragraphs) and shared(number) >= MIN_SHARED * len(
            quote_keys
        ):
            return number
    scores = [(shared(n), -n) for n in range(1, len(article.paragraphs) + 1)]
    return -max(scores)[1] if scores else 0


def closest_passage(article: Article, quote: str, cited: list[int] | None = None) -> Closest | None:
    """The passage of `article` closest to `quote` (plain words), or None for an empty article."""
    quote_words = [w for w, _, _ in _words(quote)]
    quote_keys = [_key(w) for w in quote_words]
    if not quote_keys or not article.paragraphs:
        return None
    number = _anchor(article, quote_keys, cited or [])
    if number == 0:
        return None
    words = _words(article.paragraphs[number - 1], article.paragraph_starts[number - 1])
    matcher = SequenceMatcher(None, quote_keys, [_key(w) for w, _, _ in words], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        start, end = article.paragraph_span(number)
        return Closest(number, start, end, [Difference(quote, "", start, start)])
    first = max(0, blocks[0].b - blocks[0].a)
    after_last = len(quote_keys) - blocks[-1].a - blocks[-1].size  # quotation words left over
    last = min(len(words), blocks[-1].b + blocks[-1].size + after_last)
    window = words[first:last]
    matcher = SequenceMatcher(None, quote_keys, [_key(w) for w, _, _ in window], autojunk=False)
    differences = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        at = window[b1][1] if b1 < len(window) else window[-1][2]
        until = window[b2 - 1][2] if b2 > b1 else at
        source = article.text[at:until]
        around = window[max(0, b1 - CONTEXT) : b2 + CONTEXT]
        differences.append(
            Difference(
                " ".join(quote_words[a1:a2]),
                source,
                at,
                until,
                " ".join(quote_words[max(0, a1 - CONTEXT) : a2 + CONTEXT]),
                article.text[around[0][1] : around[-1][2]] if around else "",
            )
        )
    return Closest(number, window[0][1], window[-1][2], differences)


def explain(article: Article, quote: str, cited: list[int] | None = None) -> str:
    """A sentence saying where the closest passage differs from the quotation."""
    title = article.title or article.key
    closest = closest_passage(article, quote, cited)
    if closest is None or not closest.differences:
        return f"Not in “{title}”."
    first = closest.differences[0]
    quoted = f"“{first.quoted_context}”" if first.quoted_context else "nothing"
    source = f"“{first.source_context}”" if first.source_context else "nothing"
    more = len(closest.differences) - 1
    tail = f" ({more} more difference{'s' if more != 1 else ''})" if more > 0 else ""
    return (
        f"Not in “{title}”: the closest passage is in ¶{closest.paragraph}, where the quotation "
        f"reads {quoted} and the article reads {source}{tail}."
    )
