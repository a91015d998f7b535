"""Check every quotation of a brief against the article it cites, word for word.

Statuses: verified, wrong_locator, not_found, wrong_source, unsupported_ellipsis,
changed_since_quoted, no_citation. The check fails closed: a quotation that is not exactly in
the cited article (after typographic folding only) is never re-anchored to a look-alike passage,
and words found anywhere but at the place the locator names (`¶5`, `p. 12`) are not verified.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from briefing_app.core.article import Article
from briefing_app.core.brief.closest import explain
from briefing_app.core.brief.document import parse_brief
from briefing_app.core.brief.folding import Folded, fold_article
from briefing_app.core.brief.locators import (
    Place,
    locator_holds,
    locator_kind,
    locator_problem,
    named_numbers,
)
from briefing_app.core.brief.matching import (
    NUMBER_WORDS,
    Fragment,
    Located,
    Locator,
    is_negation,
    make_fragment,
)
from briefing_app.core.brief.quotations import Quotation, find_quotations
from briefing_app.core.brief.render import articles_by_key

STATUSES = (
    "verified",
    "wrong_locator",
    "not_found",
    "wrong_source",
    "unsupported_ellipsis",
    "changed_since_quoted",
    "no_citation",
)
# An ellipsis (also bracketed), an editorial bracket, an escaped character, a character
# reference (`&#233;`, `&eacute;`: text as Markdown renders it), or a plain character.
_QUOTE_TOKEN = re.compile(
    r"(?P<ellipsis>\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]|(?:\.\s?){2,}\.|…)"
    r"|\[(?P<cap>[^\W\d_])\](?=[^\W\d_])"
    r"|\[(?P<insert>[^\[\]]*)\]"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<char>.)",
    re.S,
)


# Up to this many articles, the wrong-source search scans the library without the index.
SCAN_LIMIT = 200
PHRASE_WORDS = 5  # words in the phrase asked of the index, per fragment
_INDEX_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Words too frequent to narrow a search: the rarest words of a quotation make its phrase.
_COMMON = set(
    "a an and are as at be been but by for from had has have he her his i in is it its of on "
    "or our she that the their there they this to was we were which who will with would you".split()
)
log = logging.getLogger(__name__)


@dataclass
class QuotationCheck:
    """The verdict on one quotation, with its place in the brief and (when found) in the source."""

    line: int
    quote: str
    key: str
    status: str
    detail: str
    start: int  # offsets of the quoted words in the brief, for underlining
    end: int
    article_id: str = ""
    paragraph: int = 0  # where the words were found in the cited article (0 when not)
    source_start: int = -1  # offsets of the matched passage in the article's text
    source_end: int = -1
    found_locator: str = ""  # the right locator of the words ("¶5", "p. 12") when found
    found_key: str = ""  # wrong_source: the key of the article that holds the words
    older_id: str = ""  # changed_since_quoted: the superseded version that holds the words
    block: bool = False  # a blockquote (start/end cover the whole block)

    @property
    def ok(self) -> bool:
        return self.status == "verified"

    def to_json(self) -> dict[str, Any]:
        """The form `briefing check --json` prints."""
        return {
            "line": self.line,
            "quote": self.quote,
            "key": self.key,
            "status": self.status,
            "detail": self.detail,
        }


@dataclass
class ParsedQuote:
    """A quotation's words split at ellipses, with its editorial insertions."""

    fragments: list[Fragment]
    insertions: list[str]
    text: str  # the words as a reader sees them (escapes undone)


def parse_quote(raw: str, *, literal_brackets: bool = False) -> ParsedQuote:
    """Split a quotation into fragments at ellipses; brackets become case hints or insertions.

    With `literal_brackets`, brackets are read as the source's own characters instead.
    """
    pieces: list[tuple[str, set[int]]] = [("", set())]
    insertions: list[str] = []
    shown: list[str] = []
    for m in _QUOTE_TOKEN.finditer(raw.strip()):
        text, loose = pieces[-1]
        if literal_brackets and (m.group("cap") or m.group("insert") is not None):
            pieces[-1] = (text + m.group(0)[0], loose)
            rest = m.group(0)[1:]
            pieces[-1] = (pieces[-1][0] + rest, loose)
            shown.append(m.group(0))
        elif m.group("ellipsis"):
            pieces.append(("", set()))
            shown.append(" … ")
        elif m.group("cap"):
            pieces[-1] = (text + m.group("cap"), loose | {len(text)})
            shown.append(m.group(0))
        elif m.group("insert") is not None:
            insertions.append(m.group("insert"))
            shown.append(m.group(0))
        else:
            ch = m.group("escaped") or _entity(m.group("entity")) or m.group("char")
            pieces[-1] = (text + ch, loose)
            shown.append(ch)
    pieces = _trim_edges(pieces)
    if pieces and pieces[0][0]:
        first_letter = next((i for i, ch in enumerate(pieces[0][0]) if ch.isalpha()), None)
        if first_letter is not None:  # the first letter may be capitalised to fit the sentence
            pieces[0] = (pieces[0][0], pieces[0][1] | {first_letter})
    fragments = [make_fragment(t, loose) for t, loose in pieces]
    fragments = [f for f in fragments if f.text]
    return ParsedQuote(fragments, insertions, " ".join("".join(shown).split()))


def _entity(reference: str | None) -> str:
    """The text of a character reference as CommonMark renders it (unknown names stay as written)."""
    return html.unescape(reference) if reference else ""


def _trim_edges(pieces: list[tuple[str, set[int]]]) -> list[tuple[str, set[int]]]:
    """Drop punctuation a writer may adjust: at the end (.,;:) and beside an ellipsis (,;:)."""
    out = []
    for index, (text, loose) in enumerate(pieces):
        inner_left = index > 0
        inner_right = index < len(pieces) - 1
        stripped_left = text.lstrip(" \n,;:" if inner_left else " \n")
        cut = len(text) - len(stripped_left)
        stripped = stripped_left.rstrip(" \n,;:" if inner_right else " \n.,;:")
        out.append((stripped, {i - cut for i in loose if cut <= i < cut + len(stripped)}))
    return out


def _insertion_problem(insertions: list[str]) -> str:
    for insertion in insertions:
        words = re.findall(r"[\w']+", insertion)
        if any(is_negation(w) for w in words):
            return f"the bracketed insertion “[{insertion}]” adds a negation"
        if any(w.isdigit() or w.lower() in NUMBER_WORDS for w in words):
            return f"the bracketed insertion “[{insertion}]” adds a number"
    return ""


class _Checker:
    """Checks quotations against a library, caching each article's folded text."""

    def __init__(self, library: Any, index: Any = None):
        self.library = library
        self.index = index
        self.by_key = articles_by_key(library)
        self._folded: dict[str, tuple[Folded, Locator]] = {}

    def other_candidates(self, fragments: list[Fragment], cited: set[str]):
        """(key, article) pairs that may hold the words: from the index when the library is big."""
        # Key → id from the catalog when the library has one, so only candidates are read.
        key_ids = self.by_key.ids() if hasattr(self.by_key, "ids") else None
        if key_ids is None:
            key_ids = {k: a.id for k, a in self.by_key.items()}
        others = [(k, i) for k, i in sorted(key_ids.items()) if k not in cited]
        if self.index is not None and len(key_ids) > SCAN_LIMIT:
            query = phrase_query(fragments)
            try:
                ids = set(self.index.matching_ids(query)) if query else None
            except Exception as exc:  # the index is a cache: when it fails, scan (slow but right)
                log.info("Search index unavailable for the wrong-source check (%r); scanning.", exc)
                ids = None
            if ids is not None:
                others = [(k, i) for k, i in others if i in ids]
        return [(k, self.by_key[k]) for k, _ in others]

    def locator(self, article: Article) -> Locator:
        if article.id not in self._folded:
            hay = fold_article(article)
            self._folded[article.id] = (hay, Locator(hay))
        return self._folded[article.id][1]

    def older_versions(self, article: Article) -> list[Article]:
        """The versions `article` supersedes, newest first (none when the library can't say)."""
        get = getattr(self.library, "get", None)
        out, seen, current = [], {article.id}, article.supersedes
        while current and callable(get) and current not in seen:
            seen.add(current)
            try:
                older = get(current)
            except Exception:  # a missing or unreadable old version simply ends the chain
                break
            out.append(older)
            current = older.supersedes
        return out

    def check(self, quote: Quotation) -> QuotationCheck:
        parsed = parse_quote(quote.raw)
        result = QuotationCheck(
            quote.line, parsed.text, "", "not_found", "", quote.start, quote.end, block=quote.block
        )
        if quote.citation is None:
            result.status, result.detail = "no_citation", "The quotation has no citation after it."
            return result
        result.key = quote.citation.items[0].key
        if not parsed.fragments:
            result.detail = "The quotation holds no words to check."
            return result
        problem = _insertion_problem(parsed.insertions)
        if problem:
            result.detail = f"Not verified: {problem}."
            return result
        known = [i for i in quote.citation.items if i.key in self.by_key]
        if not known:
            result.detail = f"No article with the key @{result.key} in the library."
            return result
        attempts, misplaced = [], None
        literal = parse_quote(quote.raw, literal_brackets=True) if "[" in quote.raw else None
        variants = [parsed] + ([literal] if literal and literal.fragments else [])
        for item in known:
            article = self.by_key[item.key]
            located = None
            for variant in variants:  # brackets may also be the source's own characters
                found = self.locator(article).locate(variant.fragments)
                located = located or found
                if not found.found:
                    continue
                placed = self._at_cited_place(item, article, variant, found)
                if placed is not None:
                    return self._verified(result, item, article, placed)
                misplaced = misplaced or (item, article, found)
            attempts.append((item, article, located))
        if misplaced:
            return self._wrong_locator(result, *misplaced)
        return self._failed(result, parsed, attempts)

    def _place(self, article: Article, located: Located) -> tuple[Place, int, int]:
        hay = self.locator(article).hay
        start, end = hay.source_span(located.spans[0][0], located.spans[-1][1])
        return Place.of(article, start, end), start, end

    def _at_cited_place(self, item, article, parsed: ParsedQuote, located: Located):
        """The placement of the words at the place the locator names, or None when none is."""
        if locator_holds(item, article, self._place(article, located)[0]):
            return located

        def cited(spans) -> bool:
            return locator_holds(item, article, self._place(article, Located(spans=spans))[0])

        again = self.locator(article).locate(parsed.fragments, accept=cited)
        return again if again.found else None

    def _verified(self, result, item, article, located: Located) -> QuotationCheck:
        place, start, end = self._place(article, located)
        result.key, result.status, result.article_id = item.key, "verified", article.id
        result.paragraph, result.source_start, result.source_end = place.paragraphs[0], start, end
        result.found_locator = place.locator(locator_kind(item) or "paragraph")
        result.detail = f"Found in {place.describe()} of “{article.title or article.key}”."
        return result

    def _wrong_locator(self, result, item, article, located: Located) -> QuotationCheck:
        place, start, end = self._place(article, located)
        result.key, result.status, result.article_id = item.key, "wrong_locator", article.id
        result.paragraph, result.source_start, result.source_end = place.paragraphs[0], start, end
        result.found_locator = place.locator(locator_kind(item))
        result.detail = "Not verified: " + locator_problem(item, article, place)
        return result

    def _failed(self, result, parsed: ParsedQuote, attempts) -> QuotationCheck:
        item, article, located = attempts[0]
        result.key, result.article_id = item.key, article.id
        if located.ellipsis_problem:
            result.status = "unsupported_ellipsis"
            result.detail = f"Not verified: {located.ellipsis_problem}."
            return result
        for older in self.older_versions(article):
            if self.locator(older).locate(parsed.fragments).found:
                result.status, result.older_id = "changed_since_quoted", older.id
                result.detail = (
                    f"“{article.title or article.key}” was re-imported with different text: the "
                    f"version imported {older.imported_at[:10] or 'earlier'} (id {older.id}) has "
                    "these words, the current one does not."
                )
                return result
        cited_keys = {a[0].key for a in attempts}
        for key, other in self.other_candidates(parsed.fragments, cited_keys):
            # A candidate from the index must still match exactly: the check stays fail-closed.
            found = self.locator(other).locate(parsed.fragments)
            if found.found:
                paragraph = self.locator(other).paragraph(found.spans[0][0])
                result.status, result.found_key = "wrong_source", key
                result.found_locator = f"¶{paragraph}"
                result.detail = (
                    f"These words are not in “{article.title or article.key}” but in "
                    f"“{other.title or key}” [@{key}, ¶{paragraph}]."
                )
                return result
        kind = locator_kind(item)
        cited = named_numbers(item.locator) if kind == "paragraph" else []
        missing = parsed.fragments[located.missing] if located.missing >= 0 else None
        words = missing.text if missing else parsed.text
        result.detail = explain(article, words, cited)
        return result


def _rarity(word: str) -> int:
    return 0 if word.lower() in _COMMON else len(word)


def phrase_query(fragments: list[Fragment], width: int = PHRASE_WORDS) -> str:
    """A search query requiring, for each fragment, the phrase of its rarest consecutive words."""
    phrases = []
    for fragment in fragments:
        words = [w.replace("'", "") for w in _INDEX_WORD.findall(fragment.text)]
        if not words:
            continue
        size = min(width, len(words))
        windows = [words[i : i + size] for i in range(len(words) - size + 1)]
        best = max(windows, key=lambda ws: sum(_rarity(w) for w in ws))
        phrases.append('"' + " ".join(best) + '"')
    return " ".join(phrases)


def check_quotations(text: str, library: Any, index: Any = None) -> list[QuotationCheck]:
    """Alias of check_brief (kept for readability at call sites)."""
    return check_brief(text, library, index)


def check_brief(text: str, library: Any, index: Any = None) -> list[QuotationCheck]:
    """Every quotation of a brief with its status, in document order.

    `index` (a SearchIndex, or a Workspace, which keeps its index current) narrows the search
    for the article that really holds misattributed words; without one the library is scanned.
    """
    checker = _Checker(library, index)
    return [checker.check(q) for q in find_quotations(parse_brief(text))]
