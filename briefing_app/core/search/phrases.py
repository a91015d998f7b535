"""Phrase matching on word positions, and the common-word pairs that narrow it (engine-free).

The Whoosh backend reads posting lists; this module decides, from the encoded positions of each
word in one document, how often a phrase occurs there. It also picks an archive's common
words: adjacent pairs of them get their own index terms, so a phrase made only of common
words ("in the end") starts from the few documents holding its pairs instead of every
document holding its words (the idea of Lucene's CommonGrams filter).
"""

from __future__ import annotations

import itertools
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from briefing_app.core.search.documents import TITLE_START, TITLE_WEIGHT
from briefing_app.core.search.results import WORD

COMMON_SAMPLE = 500  # articles read at a full build to find the common words
MIN_COMMON_SAMPLE = 200  # below this a share of documents says little: no common words
COMMON_SHARE = 0.4  # a word in at least this share of the sampled articles is common


def common_words(texts: list[str], normalize: Callable[[str], str]) -> frozenset[str]:
    """Index forms of the words found in at least COMMON_SHARE of `texts` (none if few texts)."""
    if len(texts) < MIN_COMMON_SAMPLE:
        return frozenset()
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update({normalize(m.group()) for m in WORD.finditer(text)})
    least = COMMON_SHARE * len(texts)
    return frozenset(word for word, count in seen.items() if count >= least)


def common_pairs(
    text: str, common: frozenset[str], normalize: Callable[[str], str]
) -> Iterator[str]:
    """ "a b" for each two adjacent words of `text` that are both common, in order."""
    previous = None
    for match in WORD.finditer(text):
        word = normalize(match.group())
        if word in common:
            if previous is not None:
                yield f"{previous} {word}"
            previous = word
        else:
            previous = None


def phrase_pairs(words: list[str], common: frozenset[str]) -> list[str]:
    """The common-word pair terms a phrase of index-form `words` must contain."""
    return [f"{a} {b}" for a, b in itertools.pairwise(words) if a in common and b in common]


def encode_positions(positions: list[int]) -> bytes:
    """A word's positions in one document as the index stores them: the deltas between
    them as 2-byte unsigned integers (4-byte when one is larger), little-endian, after a
    letter naming the width. Whoosh's own encoding pickled a list per posting, ~15 bytes
    for a single position where this takes 3; postings were two thirds of the index."""
    if len(positions) == 1:  # most postings (every word of a claim said once): no array
        first = positions[0]
        if 0 <= first < 0x10000:
            return b"H" + first.to_bytes(2, "little")
    deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]  # b: one ahead
    code = "H" if not deltas or max(deltas) < 0x10000 else "I"
    values = array(code, deltas)
    if sys.byteorder == "big":
        values.byteswap()
    return code.encode("ascii") + values.tobytes()


def _deltas(raw: bytes) -> array:
    values = array(chr(raw[0]), raw[1:])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def position_count(raw: bytes) -> int:
    """How many positions an `encode_positions` value holds (the word's frequency)."""
    return (len(raw) - 1) // (2 if raw[:1] == b"H" else 4)


def decode_positions(raw: bytes) -> list[int]:
    """Word positions from their `encode_positions` form."""
    return list(itertools.accumulate(_deltas(raw)))


def exact_phrase_count(encoded: list[bytes]) -> float:
    """Starts of an exact phrase: positions of word k, shifted back by k, intersected.

    Shifting is folded into the running sum of the position deltas (`initial=-k`), so every
    step runs in C; a stray -k it adds can never match a real position of the first word.
    """
    starts = set(itertools.accumulate(_deltas(encoded[0])))
    for k, raw in enumerate(encoded[1:], 1):
        starts.intersection_update(itertools.accumulate(_deltas(raw), initial=-k))
        if not starts:
            return 0
    return weighted_count(starts)


def weighted_count(positions: Iterable[int]) -> float:
    """Phrase occurrences, one in the title counting TITLE_WEIGHT times (the title boost)."""
    positions = list(positions)
    in_title = sum(1 for p in positions if p >= TITLE_START)
    return len(positions) + (TITLE_WEIGHT - 1) * in_title


def phrase_count(positions, slop: int) -> float:
    """Occurrences of the words in order, each within `slop` positions of the one before.

    `positions` holds one list per word (or a callable producing it, decoded only if needed).
    """
    ends: set[int] | None = None
    for item in positions:
        current = item() if callable(item) else item
        if ends is None:
            ends = set(current)
        elif slop == 1:
            ends = {p + 1 for p in ends}.intersection(current)
        else:
            ends = {q for q in current if any(0 < q - p <= slop for p in ends)}
        if not ends:
            return 0
    return weighted_count(ends or ())
