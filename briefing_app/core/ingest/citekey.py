"""Citation keys: first author's surname + year + first significant title word, made unique.

"Emil Avdaliani", 2023, "Kazakhstan's Expanding Multi-Vector Foreign Policy" gives
"avdaliani2023kazakhstans"; a second article with the same key gets "...a", "...b".
"""

from __future__ import annotations

import re
import unicodedata
from itertools import count

from briefing_app.core.article import Metadata

_INSIGNIFICANT = frozenset(
    """a an the and or but nor of in on at to for from by with as is are was were be it its this
    that these those how why what when where who which whose do does did not no new
    le la les l un une des du de el los las lo una der die das ein eine""".split()
)  # fmt: skip
_NAME_SUFFIXES = frozenset("jr sr ii iii iv phd md".split())


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only ("Ürümqi's" -> "urumqis")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def surname(name: str) -> str:
    """The family name of "First Last" or "Last, First", suffixes and particles dropped."""
    if "," in name:
        head = name.split(",", 1)[0]
        if fold(head) not in _NAME_SUFFIXES:
            return head.split()[-1] if head.split() else ""
    words = [w for w in name.split() if fold(w) not in _NAME_SUFFIXES]
    words = [w for w in words if fold(w)]
    if not words:
        return ""
    return words[-1]


def _first_significant(title: str) -> str:
    for word in re.split(r"[\s\-\u2013\u2014/:]+", title):
        folded = fold(word)
        if folded and fold(word.split("'")[0].split("\u2019")[0]) not in _INSIGNIFICANT:
            return folded
    return ""


def _who(metadata: Metadata) -> str:
    for author in metadata.authors:
        name = fold(surname(author))
        if name:
            return name
    for word in metadata.publisher.split():
        folded = fold(word)
        if folded and folded not in _INSIGNIFICANT:
            return folded
    return "anon"


def base_key(metadata: Metadata) -> str:
    """The key before it is made unique."""
    cited = metadata.cited_date()
    year = cited[:4] if cited[:4].isdigit() else "nd"
    return f"{_who(metadata)}{year}{_first_significant(metadata.title)}"


def make_key(metadata: Metadata, taken: set[str]) -> str:
    """A key not in `taken`: the base key, else the base key with a, b, ... z, aa, ab ..."""
    base = base_key(metadata)
    if base not in taken:
        return base
    for n in count(0):
        suffix, m = "", n
        while True:
            suffix = chr(ord("a") + m % 26) + suffix
            m = m // 26 - 1
            if m < 0:
                break
        if base + suffix not in taken:
            return base + suffix
    raise AssertionError("unreachable")
