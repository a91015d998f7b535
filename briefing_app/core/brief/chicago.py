"""Chicago Manual of Style (17th ed.) rules the notes and bibliography follow.

- Headline-style capitalisation of titles (CMOS 8.159–8.161).
- Short-form titles for short notes (CMOS 14.29): up to four key words of the main title, an
  initial article dropped, never cut in the middle of a phrase.
- Which publications are periodicals whose names are italic (CMOS 14.170, 14.191): newspapers
  and magazines, told by their names; the CSL type that goes with each.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing_app.core.article import Article

SHORT_TITLE_WORDS = 4
ARTICLES = {"a", "an", "the"}
# CMOS 8.159: lowercase articles, prepositions, coordinating conjunctions, "to" and "as".
PREPOSITIONS = set(
    "about above across after against along amid among around at before behind below beneath "
    "beside besides between beyond by despite down during except for from in inside into like "
    "near of off on onto out outside over past per since than through throughout till toward "
    "towards under underneath unlike until up upon versus via with within without".split()
)
CONJUNCTIONS = {"and", "but", "for", "nor", "or", "so", "yet"}
MINOR = ARTICLES | PREPOSITIONS | CONJUNCTIONS | {"to", "as", "vs", "vs."}
# Words that open a new phrase: a short title ends before them, never inside a phrase.
PHRASE_STARTS = (
    PREPOSITIONS
    | CONJUNCTIONS
    | {
        "to",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "as",
        "if",
        "because",
    }
)
# Words that name a newspaper or a magazine (CMOS 14.170: their names are italic).
_NEWSPAPER = re.compile(
    r"\b(times|post|journal|herald|tribune|gazette|guardian|telegraph|independent|chronicle|"
    r"observer|daily|courier|inquirer|dispatch|globe|sun|mail|express|newspaper|zeitung|"
    r"shimbun|le monde|kommersant|vedomosti|izvestia|pravda|moscow times)\b",
    re.I,
)
_MAGAZINE = re.compile(
    r"\b(magazine|economist|atlantic|new yorker|foreign affairs|foreign policy|newsweek|time|"
    r"spectator|weekly|monthly|quarterly|review)\b",
    re.I,
)
_WORD = re.compile(r"\S+")


def _has_capitals_inside(word: str) -> bool:
    """Acronyms and brand spellings (BRI, COVID-19, iPhone, McCain) keep their own capitals."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isupper() for c in letters[1:])


def _capitalise(word: str) -> str:
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def _bare(word: str) -> str:
    return re.sub(r"^[^\w]+|[^\w.]+$", "", word).lower()


def _case_word(word: str, force: bool) -> str:
    if _has_capitals_inside(word):
        return word
    parts = word.split("-")
    if len(parts) > 1:  # CMOS 8.161: every element of a hyphenated compound, minor words aside
        cased = [_case_word(parts[0], True)]
        cased += [p if _bare(p) in MINOR else _case_word(p, True) for p in parts[1:]]
        return "-".join(cased)
    if not force and _bare(word) in MINOR:
        return word.lower()
    return _capitalise(word)


# Titles are cased again in every note that cites them, and the preview renders the whole
# brief at each pause in typing: a brief's few dozen titles are worked out once.
@lru_cache(maxsize=4096)
def headline_case(title: str) -> str:
    """`title` in headline style: major words capitalised, minor words lowercase (CMOS 8.159)."""
    words = _WORD.findall(title)
    out = []
    for i, word in enumerate(words):
        first = i == 0 or words[i - 1].endswith((":", "?", "!", "—"))
        last = i == len(words) - 1 or word.endswith(":")
        out.append(_case_word(word, force=first or last))
    return " ".join(out)


def _phrases(words: list[str]) -> list[list[str]]:
    """The main title's words split before each word that opens a phrase, and after commas."""
    phrases: list[list[str]] = [[]]
    for word in words:
        if phrases[-1] and (_bare(word) in PHRASE_STARTS or phrases[-1][-1].endswith((",", ";"))):
            phrases.append([])
        phrases[-1].append(word)
    return [p for p in phrases if p]


@lru_cache(maxsize=4096)
def short_title(title: str, words: int = SHORT_TITLE_WORDS) -> str:
    """The short form of a title for short notes (CMOS 14.29).

    The main title (before a colon), initial article dropped; when longer than `words`, its
    first phrase (up to the first preposition or conjunction) is kept whole if it fits, joined
    by the next phrase when both fit; a first phrase that is longer keeps its first word and
    its head noun with the words nearest to it ("Kazakhstan's Multi-Vector Foreign Policy").
    """
    main = re.split(r"[:?!]\s|\s[—–]\s", title.strip(), maxsplit=1)[0].strip()
    parts = main.split()
    if len(parts) > 1 and parts[0].lower() in ARTICLES:
        parts = parts[1:]
    if len(parts) <= words:
        return " ".join(parts)
    phrases = _phrases(parts)
    first = phrases[0]
    if len(first) > words:  # a long noun phrase or clause: key words only, articles first to go
        first = [first[0], *(w for w in first[1:] if _bare(w) not in ARTICLES)]
        return " ".join(first if len(first) <= words else [first[0], *first[-(words - 1) :]])
    if len(phrases) > 1 and len(first) + len(phrases[1]) <= words:
        first = first + phrases[1]
    while len(first) > 1 and _bare(first[-1]) in MINOR:  # never end on "of", "and", "the"
        first = first[:-1]
    return " ".join(first).rstrip(",;")


def periodical_kind(article: Article) -> str:
    """ "newspaper" or "magazine" when the publisher's name says so, else "" (CMOS 14.170)."""
    name = article.metadata.publisher or ""
    if _NEWSPAPER.search(name):
        return "newspaper"
    if _MAGAZINE.search(name):
        return "magazine"
    return ""


def periodical_name(name: str) -> str:
    """A newspaper's or magazine's name as notes give it: an initial “The” omitted (CMOS 14.172)."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I)


def sort_title(title: str) -> str:
    """A title as the bibliography alphabetises it: an initial article ignored (CMOS 14.68)."""
    parts = title.split()
    return " ".join(parts[1:] if len(parts) > 1 and parts[0].lower() in ARTICLES else parts)


def csl_type(article: Article) -> str:
    """The CSL type: article-newspaper, article-magazine (also for a series), webpage, article."""
    kind = periodical_kind(article)
    if kind:
        return f"article-{kind}"
    if article.metadata.series:
        return "article-magazine"
    return "webpage" if article.metadata.url else "article"
