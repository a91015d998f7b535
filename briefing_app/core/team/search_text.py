"""Words as PostgreSQL sees them: tsvector parts and tsquery literals from the app's analysis.

PostgreSQL's own parsers and stemmers would split and stem words differently from the Whoosh
index, and a search must match the same articles on either engine. So the words are analysed
here, by the very analyzers of the Whoosh schema (`whoosh_schema`), and handed to PostgreSQL
as literal lexemes with their positions; queries are analysed the same way.

PostgreSQL's limits shape the parts a field is stored in:
- positions run up to 16,383 and a lexeme keeps at most 256 of them, so a long field is cut
  into parts; consecutive parts overlap by PHRASE_REACH positions (or by half a part, where
  a word repeated densely makes parts short), so a phrase whose words lie within that many
  positions of each other is found whole in one part;
- a run of positions separated from the next by more than MAX_STEP (the body's title, which
  Whoosh puts at 2^20) is a separate part, as no phrase can span the gap;
- a lexeme is at most 2 KB and a tsvector at most 1 MB: a very long word is stored as its
  first LONG_KEEP characters and a hash (queries shorten it the same way), and a part also
  ends before its lexemes reach PART_BYTES.

Beside the parts, an article's body and each claim's claim and speaker fields have one words
vector each (`words_vector`): every distinct word once, at its first position, weighted by
how often it occurs (title words weighted A). A word or prefix search in those fields is
matched and ranked on it, one row per article or claim, where the parts would be read and
ranked one by one (see `search` and `search_query`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from briefing_app.core.errors import QueryError
from briefing_app.core.search.documents import TITLE_WEIGHT
from briefing_app.core.search.whoosh_schema import analyzer

MAX_POSITION = 16_383  # PostgreSQL's highest tsvector position
MAX_POSITIONS_PER_WORD = 256  # positions PostgreSQL keeps per lexeme in one tsvector
PHRASE_REACH = 1024  # overlap of consecutive parts: the longest phrase span found whole
PART_BYTES = 512 * 1024  # lexeme bytes in one part (PostgreSQL allows 1 MB)
LONG_WORD_BYTES = 1000  # longer lexemes are shortened (PostgreSQL allows 2,047 bytes)
LONG_KEEP = 200
EMPTY_WORD = "#"  # the index form of a word that analyses to nothing ('#' is never a word char)
# The widest step between two words of one phrase: slop + 1, the parser allows slop <= 100.
MAX_STEP = 101

# Text fields and whether their words are stemmed (as in whoosh_schema.schemas).
ARTICLE_FIELDS = {
    "body": True,
    "title": True,
    "author": False,
    "publisher": True,
    "series": True,
    "url": False,
    "tag": True,
    "note": True,
}
CLAIM_FIELDS = {"speaker": False, "cue": True, "claim": True}
STEMMED = {**ARTICLE_FIELDS, **CLAIM_FIELDS}
# Fields matched as whole lower-cased keywords (Whoosh KEYWORD fields), article or claim.
KEYWORD_FIELDS = {"language": False, "collection": False, "kind": True}

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_KEYWORD = re.compile(r"[^ \t\r\n]+")  # Whoosh's SpaceSeparatedTokenizer
_ANALYZERS: dict[bool, object] = {}


def _analyzer(stem: bool):
    if stem not in _ANALYZERS:
        _ANALYZERS[stem] = analyzer(stem)
    return _ANALYZERS[stem]


def index_form(word: str) -> str:
    """The lexeme stored for an analysed word (long words shortened, empty ones marked)."""
    if not word:
        return EMPTY_WORD
    if len(word.encode("utf-8")) <= LONG_WORD_BYTES:
        return word
    digest = hashlib.sha1(word.encode("utf-8")).hexdigest()[:16]
    return f"{word[:LONG_KEEP]}#{digest}"


def tokens(field: str, text: str) -> list[tuple[int, str, bool]]:
    """(position, lexeme, in title) of every word of a field's text, as Whoosh indexes them."""
    analyse = _analyzer(STEMMED[field])
    return [
        (t.pos, index_form(t.text), t.boost == TITLE_WEIGHT) for t in analyse(text, positions=True)
    ]


def query_words(field: str, text: str, pos: int) -> list[str]:
    """A query's words in their index form for `field`; QueryError when it has none."""
    words = [index_form(t.text) for t in _analyzer(STEMMED[field])(text)]
    if not words:
        raise QueryError(f"{text!r} has no letters or digits to search for.", pos)
    return words


def keywords(text: str) -> list[str]:
    """A keyword field's values: split at white space, lower-cased (Whoosh's KEYWORD)."""
    return [pg_text(w.lower()) for w in _KEYWORD.findall(text)]


def pg_text(value):
    """Text PostgreSQL accepts: a NUL character (refused in text values) and a lone surrogate
    (not UTF-8) become U+FFFD, in stored values and in the values a query or a facet filter
    compares with them alike. (The search rows are a cache: they index what the library holds
    rather than refuse it.)"""
    if not isinstance(value, str):
        return value
    return _UNSTORABLE.sub("\ufffd", value)


@dataclass
class Part:
    """One stored tsvector: its literal text, the lexemes in it, and its base (the field's
    word position just before its first word: stored position p is the word at base + p)."""

    literal: str
    words: set[str]
    base: int


def _runs(found: list[tuple[int, str, bool]]) -> list[list[tuple[int, str, bool]]]:
    """Runs of words no phrase can join across (a gap wider than MAX_STEP, or text to title)."""
    runs: list[list] = []
    for item in found:
        if runs and item[0] - runs[-1][-1][0] <= MAX_STEP and item[2] == runs[-1][-1][2]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _window_end(run: list, start: int) -> int:
    """The end (exclusive) of the longest window of `run` from `start` within the limits."""
    counts: Counter[str] = Counter()
    size, end = 0, start
    first = run[start][0]
    while end < len(run):
        pos, word, _ = run[end]
        if pos - first + 1 > MAX_POSITION or counts[word] >= MAX_POSITIONS_PER_WORD:
            break
        extra = 0 if word in counts else len(word.encode("utf-8")) + 8
        if size + extra > PART_BYTES and end > start:
            break
        counts[word] += 1
        size += extra
        end += 1
    return end


def _windows(run: list) -> list[tuple[int, int]]:
    """Overlapping windows over a run, each within the limits. Consecutive windows share the
    words of their last PHRASE_REACH positions, or of half the window where the limits make it
    short (a word repeated densely), so every window moves on by at least half its length."""
    windows, start = [], 0
    while True:
        end = _window_end(run, start)
        windows.append((start, end))
        if end >= len(run):
            return windows
        span = run[end - 1][0] - run[start][0]
        reach_from = run[end - 1][0] - min(PHRASE_REACH, span // 2)
        following = end - 1
        while following > start + 1 and run[following - 1][0] > reach_from:
            following -= 1
        start = max(following, start + 1)


# The words vector's lexeme bytes are bounded as a part's are; beyond (a text of well over
# 100,000 distinct words), it holds what fits and is marked incomplete.
WORDS_BYTES = PART_BYTES
# Weights of a word in the words vector: in the title, then by its count in the text (tf
# buckets, so a search ranks an article using a word often above one using it once).
TITLE_RANK = "A"
COUNT_RANKS = ((4, "B"), (2, "C"), (1, "D"))


@dataclass
class Words:
    """A field's words vector (tsvector literal) and whether it holds every word."""

    literal: str
    complete: bool


def words_vector(field: str, text: str) -> Words:
    """A field's distinct words for matching and ranking: each once, at its first position
    (clamped to PostgreSQL's highest), weighted A in the title, else by how often it occurs."""
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    titled: set[str] = set()
    for pos, word, in_title in tokens(field, text):
        first.setdefault(word, min(pos + 1, MAX_POSITION))  # positions count from 1
        counts[word] += 1
        if in_title:
            titled.add(word)
    entries, size = [], 0
    for word, pos in first.items():
        size += len(word.encode("utf-8")) + 8
        if size > WORDS_BYTES:
            return Words(" ".join(entries), complete=False)
        weight = TITLE_RANK if word in titled else _count_rank(counts[word])
        entries.append(f"{quote(word)}:{pos}{weight}")
    return Words(" ".join(entries), complete=True)


def _count_rank(count: int) -> str:
    return next(rank for least, rank in COUNT_RANKS if count >= least)


def quote(word: str) -> str:
    """A lexeme as a tsvector/tsquery literal (quotes doubled, backslashes escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def parts(field: str, text: str) -> list[Part]:
    """The tsvector parts of one field's text (title words weighted A, the rest D)."""
    out = []
    for run in _runs(tokens(field, text)):
        for start, end in _windows(run):
            window = run[start:end]
            base = window[0][0] - 1
            weight = "A" if window[0][2] else ""
            positions: dict[str, list[int]] = {}
            for pos, word, _ in window:
                positions.setdefault(word, []).append(pos - base)
            literal = " ".join(
                f"{quote(w)}:{','.join(f'{p}{weight}' for p in ps)}" for w, ps in positions.items()
            )
            out.append(Part(literal, set(positions), base))
    return out
