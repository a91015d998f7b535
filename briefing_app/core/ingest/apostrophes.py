"""Dropped apostrophes: "Kazakhstans refusal" in a text that lost every apostrophe.

Only a document that shows the loss systematically (no apostrophe anywhere, and several
possessive-looking names) is touched, and only a capitalised word ending in "s" followed by a
lowercase word that can start the possessed noun phrase ("Kazakhstans refusal", not "Germans
say"). The evidence is that the stem occurs on its own elsewhere ("Kazakhstan"), or that the
word ends a titled name ("President Xi Jinpings choice"). Every restoration is heuristic:
logged, shown in the reader and reversible.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing_app.core.ingest.edits import Edit

APOSTROPHES = "'\u2019\u02bc"
MIN_CANDIDATES = 2  # one odd word is not a systematic loss

_TOKEN = re.compile(r"[^\W\d_][\w-]*")
# URLs and e-mail addresses, whose "s" endings are not possessives. Linear time on any input:
# an address starts only at the start of a run without spaces or "@" (`(?<![^\s@])`), and its
# parts cannot hold "@", so a long run without spaces is scanned once, not once per character
# (`\S+@\S+\.\w+` took 16 s on 100 KB of "a@a@a@...").
_URLISH = re.compile(r"(?:https?://|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+", re.IGNORECASE)

# Words that follow a plural name or a verb rather than a possessed noun: "the Germans said".
_NOT_POSSESSED = frozenset(
    """a an the and or but nor of in on at to for from by with as into onto over under about
    after before during since until than then that which who whom whose what when where why how
    is are was were be been being am has have had do does did will would shall should can could
    may might must not also too very so such both either neither each all any some many more
    most said says say told tell added noted argued claimed insisted warned stated announced
    reported believe believed think thought know knew want wanted need needed see saw live lived
    living are remain remained continue continued became become who here there now still already
    often even just only yet against among between within without through across per via""".split()
)  # fmt: skip

# Titles that precede a personal name: "President Xi Jinpings choice".
_TITLES = frozenset(
    """president minister premier chancellor secretary senator governor mayor king queen prince
    princess general admiral ambassador chairman chairwoman chair leader director commissioner
    spokesman spokeswoman spokesperson judge justice pope bishop dr mr mrs ms professor""".split()
)  # fmt: skip

# Plural demonyms ("Russians", "Europeans", "Japanese") are not possessives of a place.
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")


def lacks_apostrophes(text: str) -> bool:
    """True when the text holds no apostrophe of any kind."""
    return not any(mark in text for mark in APOSTROPHES)


def _titled_name(tokens: list[re.Match], index: int) -> bool:
    """The token ends a capitalised name that follows a title ("President Xi Jinpings")."""
    for back in range(index - 1, max(-1, index - 4), -1):
        word = tokens[back].group()
        if word.lower().rstrip(".") in _TITLES:
            return back < index - 1
        if not word[0].isupper():
            return False
    return False


def _is_candidate(text: str, tokens: list[re.Match], i: int, counts: Counter) -> bool:
    word = tokens[i].group()
    if (
        len(word) < 4
        or not word[0].isupper()
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is"))
    ):
        return False
    stem = word[:-1]
    if "-" in word or stem.lower().endswith(_DEMONYM_ENDINGS):
        return False
    if i + 1 >= len(tokens) or text[tokens[i].end() : tokens[i + 1].start()] != " ":
        return False
    following = tokens[i + 1].group()
    if not following[0].islower() or following.lower() in _NOT_POSSESSED:
        return False
    if i > 0 and tokens[i - 1].group().lower() == "the":
        return False  # "the Balkans", "the Americas": a plural name
    return counts[stem] > 0 or _titled_name(tokens, i)


def _unblocked_tokens(text: str) -> list[re.Match]:
    """Word tokens outside URLs and e-mail addresses (one merge pass: spans come in order)."""
    blocked = [m.span() for m in _URLISH.finditer(text)]
    tokens, i = [], 0
    for m in _TOKEN.finditer(text):
        while i < len(blocked) and blocked[i][1] <= m.start():
            i += 1
        if i < len(blocked) and blocked[i][0] <= m.start():
            continue
        tokens.append(m)
    return tokens


def apostrophe_edits(text: str) -> list[Edit]:
    """Heuristic "Xs" -> "X's" restorations, when the document lost its apostrophes."""
    if not lacks_apostrophes(text):
        return []
    tokens = _unblocked_tokens(text)
    counts = Counter(m.group() for m in tokens)
    found = [m for i, m in enumerate(tokens) if _is_candidate(text, tokens, i, counts)]
    if len(found) < MIN_CANDIDATES:
        return []
    return [
        Edit(
            m.start(),
            m.end(),
            m.group()[:-1] + "'s",
            kind="dropped-apostrophe",
            certain=False,
            note=_evidence(m.group(), counts),
        )
        for m in found
    ]


def _evidence(word: str, counts: Counter) -> str:
    """Why this word was taken for a possessive, in words for the reader."""
    stem = word[:-1]
    if counts[stem]:
        return f'the text has no apostrophes, and "{stem}" occurs on its own'
    return "the text has no apostrophes, and the word ends a titled name"
