"""Deterministic generator of real and altered quotations from news articles (tests only).

Real quotations are exact spans, typographic variants, valid ellipses and bracketed
capitalisations/insertions; altered ones change a word or number, drop or add a negation,
swap words, reorder fragments or hide a "not" behind an ellipsis, splice paragraphs, or cite
the right words to the wrong article. Every altered text is checked not to occur verbatim.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from briefing_app.core.article import Article, Metadata
from briefing_app.core.brief.matching import NUMBER_WORDS

NEGATABLE = re.compile(r"\b(is|was|are|were|will|has|have|had|would|could|can|should|did|does)\b ")
SAFE_OMISSION = re.compile(r"^[A-Za-z ,]+$")
_NEGATIONS = {"not", "no", "never", "nor", "none", "nothing", "without", "cannot"}


@dataclass
class Case:
    """One generated quotation: Markdown for the brief, the key it cites, and what it tests."""

    markdown: str
    key: str
    kind: str


def article_from_row(row: dict, index: int) -> Article:
    """A Wikinews CSV row (url, date, title, text) as an Article, paragraphs split at blank lines."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", row["text"]) if p.strip()]
    digest = hashlib.sha256(row["text"].encode()).hexdigest()
    slug = re.sub(r"[^a-z]", "", (row["title"].split() or ["x"])[0].lower()) or "x"
    return Article(
        id=digest[:16], sha256=digest, key=f"wikinews{row['date'][:4]}{slug}{index}",
        metadata=Metadata(title=row["title"], publisher="Wikinews", published=row["date"], url=row["url"]),
        paragraphs=paragraphs, original_name="original.txt", imported_at="2024-01-10T09:00:00+00:00",
    )  # fmt: skip


def load_csv(path: Path, limit: int) -> list[Article]:
    """The first `limit` articles of a Wikinews CSV with at least three paragraphs."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)]
    articles = [article_from_row(r, i) for i, r in enumerate(rows)]
    return [a for a in articles if len(a.paragraphs) >= 3][:limit]


def _sentences(paragraph: str) -> list[str]:
    """Sentences of 6–45 words, the source's own brackets escaped as quotation_markdown does."""
    found = re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph)
    found = [s.replace("[", "\\[").replace("]", "\\]") for s in found]
    return [s for s in found if 6 <= len(s.split()) <= 45]


def _cite(article: Article, para: int | str | None, label: str = "¶") -> str:
    if para is None:
        return f"[@{article.key}]"
    return f"[@{article.key}, {label}{para}]"


def _quoted(text: str, article: Article, para: int | str | None, label: str = "¶") -> str:
    return f"“{text}” {_cite(article, para, label)}"


def _elsewhere(article: Article, para: int, sentence: str, rng: random.Random) -> int | None:
    """A paragraph other than `para` that does not hold `sentence` (a wrong locator), or None."""
    others = [
        n
        for n, text in enumerate(article.paragraphs, 1)
        if n != para and _norm(sentence) not in _norm(text)
    ]
    near = [n for n in others if abs(n - para) == 1]  # the usual slip: the next paragraph
    pool = near if near and rng.random() < 0.6 else others
    return rng.choice(pool) if pool else None


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def valid_cases(article: Article, rng: random.Random) -> list[Case]:
    """Real quotations of `article` that must verify."""
    cases = []
    for para, paragraph in enumerate(article.paragraphs, 1):
        for sentence in _sentences(paragraph)[:2]:
            words = sentence.split()
            cases.append(Case(_quoted(sentence, article, para), article.key, "exact"))
            cases.append(Case(_quoted(sentence, article, None), article.key, "no-locator"))
            cases.append(
                Case(_quoted(sentence, article, para, "para. "), article.key, "para-label")
            )
            typo = sentence.replace("'", "’").replace(" - ", " — ")
            cases.append(
                Case(_quoted("  ".join(typo.split(" ")), article, para), article.key, "typographic")
            )
            if len(words) >= 12:
                cut = rng.randint(4, len(words) - 7)
                gap = words[cut : cut + 3]
                edge = (words[cut - 1], words[cut + 3])
                if all(
                    SAFE_OMISSION.match(w) and w.lower().strip(",") not in _NEGATIONS | NUMBER_WORDS
                    for w in gap + list(edge)
                ):
                    text = " ".join(words[:cut]) + " … " + " ".join(words[cut + 3 :])
                    cases.append(Case(_quoted(text, article, para), article.key, "ellipsis"))
            if len(words) > 6 and words[3][:1].islower() and words[3][0].isalpha():
                rest = " ".join(words[3:])
                cases.append(
                    Case(
                        _quoted(f"[{rest[0].upper()}]{rest[1:]}", article, para),
                        article.key,
                        "bracket-capital",
                    )
                )
                text = " ".join(words[:3]) + " [sic] " + " ".join(words[3:])
                cases.append(Case(_quoted(text, article, para), article.key, "bracket-insertion"))
    return cases


def _altered(article, para, text, kind, out):
    if _norm(text) not in _norm(article.text):
        out.append(Case(_quoted(text, article, para), article.key, kind))


def altered_cases(article: Article, other: Article, rng: random.Random) -> list[Case]:
    """Altered quotations of `article` that must not verify."""
    out: list[Case] = []
    for para, paragraph in enumerate(article.paragraphs, 1):
        for sentence in _sentences(paragraph)[:2]:
            words = sentence.split()
            wrong = _elsewhere(article, para, sentence, rng)
            if wrong is not None:
                out.append(Case(_quoted(sentence, article, wrong), article.key, "wrong-locator"))
                label = rng.choice(["para. ", "¶"])
                span = f"{wrong}–{wrong + 1}" if para not in (wrong + 1,) else str(wrong)
                if wrong < len(article.paragraphs) and _norm(sentence) in _norm(
                    article.paragraphs[wrong]
                ):
                    span = str(wrong)  # the next paragraph holds the words too: name one only
                out.append(
                    Case(_quoted(sentence, article, span, label), article.key, "wrong-range")
                )
            i = rng.randrange(1, len(words) - 1)
            if words[i].isalpha() and len(words[i]) > 3:
                changed = words[:i] + [words[i][::-1].lower()] + words[i + 1 :]
                _altered(article, para, " ".join(changed), "word-changed", out)
            m = re.search(r"\d+", sentence)
            if m:
                bumped = sentence[: m.start()] + str(int(m.group()) + 1) + sentence[m.end() :]
                _altered(article, para, bumped, "number-changed", out)
            if " not " in sentence:
                _altered(article, para, sentence.replace(" not ", " ", 1), "negation-dropped", out)
                left, right = sentence.split(" not ", 1)
                _altered(article, para, f"{left} … {right}", "ellipsis-hides-not", out)
            elif NEGATABLE.search(sentence):
                _altered(
                    article,
                    para,
                    NEGATABLE.sub(r"\1 not ", sentence, count=1),
                    "negation-added",
                    out,
                )
            j = rng.randrange(1, len(words) - 2)
            if words[j] != words[j + 1]:
                swapped = words[:j] + [words[j + 1], words[j]] + words[j + 2 :]
                _altered(article, para, " ".join(swapped), "words-swapped", out)
            if len(words) >= 10:
                a, b = " ".join(words[:4]), " ".join(words[-4:])
                _altered(article, para, f"{b} … {a}", "ellipsis-reordered", out)
    paras = article.paragraphs
    for k in range(0, len(paras) - 2, 2):
        first, third = _sentences(paras[k]), _sentences(paras[k + 2])
        if first and third:
            _altered(article, k + 1, f"{first[-1]} {third[0]}", "spliced-paragraphs", out)
            _altered(article, k + 1, f"{first[-1]} … {third[0]}", "ellipsis-across-paragraphs", out)
    for sentence in _sentences(other.paragraphs[0])[:1]:
        if _norm(sentence) not in _norm(article.text):
            out.append(Case(_quoted(sentence, article, 1), article.key, "wrong-article"))
    return out


def generate(articles: list[Article], seed: int = 2024) -> tuple[list[Case], list[Case]]:
    """(valid, altered) quotation cases for a list of articles, the same for the same input."""
    rng = random.Random(seed)
    valid, altered = [], []
    for n, article in enumerate(articles):
        valid.extend(valid_cases(article, rng))
        altered.extend(altered_cases(article, articles[(n + 1) % len(articles)], rng))
    return valid, altered
