"""Turn a selected passage of an article into Markdown for a brief: the exact words, cited.

The words are never changed. Only Markdown's own syntax characters are backslash-escaped, and
typography an editor adjusts is adjusted: inner double quotation marks become single ones
(CMOS 13.30) and a trailing comma is dropped, so `verify` reads back exactly the article's words.
A selection that cuts into a word is widened to the whole word.
"""

from __future__ import annotations

import re

from briefing_app.core.article import Article
from briefing_app.core.errors import BriefError

# Chicago (13.9) sets quotations of a hundred words or more as block quotations.
DEFAULT_BLOCK_THRESHOLD = 100

DOUBLE_QUOTES = '"“”„‟'
SINGLE_QUOTES = "'‘’‚‛"

# Characters that could start Markdown syntax anywhere in a line. `[` and `]` matter most:
# an unescaped bracket in a quotation reads as an editorial insertion.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
# Characters that start a block construct when they open a line (heading, list, rule...).
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so `text` renders as itself."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    escaped = escape_markdown(line)
    match = _LINE_START_SPECIAL.match(escaped)
    if not match:
        return escaped
    lead, token = match.group(1), match.group(2)
    if token[0].isdigit():
        # "1990. The year..." would start an ordered list: escape the dot after the number.
        rest = escaped[len(lead) + len(token) :]
        return f"{lead}{token}\\{rest}"
    return f"{lead}\\{escaped[len(lead) :]}"


def locator(article: Article, start: int, end: int) -> str:
    """The paragraph locator of a passage: "¶3", or "¶3–4" when it spans paragraphs."""
    first = article.paragraph_at(start)
    last = article.paragraph_at(max(start, end - 1))
    return f"¶{first}" if first == last else f"¶{first}–{last}"


def citation_markdown(article: Article, start: int, end: int) -> str:
    """The pandoc citation of a passage, e.g. "[@avdaliani2023kazakhstans, ¶2]"."""
    return f"[@{article.key}, {locator(article, start, end)}]"


def _in_word(text: str, i: int) -> bool:
    """True when text[i] is part of a word (letters, digits, an apostrophe between letters)."""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    if ch.isalnum():
        return True
    return ch in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection that cuts into a word to the whole word (“China's spraw” → “sprawling”)."""
    while start > 0 and _in_word(text, start) and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    return start, end


def _trimmed_span(article: Article, start: int, end: int) -> tuple[int, int]:
    text = article.text
    if not (0 <= start < end <= len(text)):
        raise BriefError(
            f"The selection {start}–{end} is outside the article's text (0–{len(text)})."
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):  # only spaces or punctuation
        raise BriefError("The selection holds no words to quote.")
    return start, end


def _is_apostrophe(passage: str, i: int) -> bool:
    """A single mark between two letters or digits (“don’t”) is an apostrophe, not a quote."""
    return 0 < i < len(passage) - 1 and passage[i - 1].isalnum() and passage[i + 1].isalnum()


def _opens(passage: str, i: int) -> bool:
    return i == 0 or passage[i - 1].isspace() or passage[i - 1] in "([{—–-"


def inline_body(passage: str) -> str | None:
    """The passage ready to stand inside “…”: inner double marks become single (CMOS 13.30).

    A passage that is itself a quotation (“Our nation is in danger,”) keeps its marks as
    single ones, and a comma that only led into the words after it is dropped. None when
    the passage also holds single quotation marks, which would clash with the new inner ones.
    """
    if not any(ch in DOUBLE_QUOTES for ch in passage):
        return passage
    if any(ch in SINGLE_QUOTES and not _is_apostrophe(passage, i) for i, ch in enumerate(passage)):
        return None
    chars = []
    for i, ch in enumerate(passage):
        if ch in DOUBLE_QUOTES:
            ch = "‘" if ch in "“„‟" or (ch == '"' and _opens(passage, i)) else "’"
        chars.append(ch)
    body = "".join(chars)
    if body.endswith(",’"):  # “Our nation is in danger,” → ‘Our nation is in danger’
        body = body[:-2] + "’"
    return body


def quotation_markdown(
    article: Article,
    start: int,
    end: int,
    *,
    block_threshold: int = DEFAULT_BLOCK_THRESHOLD,
) -> str:
    """Markdown quoting `article.text[start:end]` word for word, followed by its citation.

    A selection that cuts into a word is widened to the whole word. Short passages become an
    inline quotation `“…” [@key, ¶n]` (inner double marks made single); passages of
    `block_threshold` words or more, passages spanning paragraphs, and passages whose own
    quotation marks would clash with the enclosing ones become a `> …` blockquote ending with
    the citation.
    """
    start, end = snap_to_words(article.text, *_trimmed_span(article, start, end))
    passage = article.text[start:end]
    citation = citation_markdown(article, start, end)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", passage) if p.strip()]
    body = inline_body(" ".join(passage.split()))
    words = len(passage.split())
    if len(paragraphs) == 1 and body is not None and words < block_threshold:
        if body.endswith(","):  # the comma led into the article's next words, not the brief's
            body = body[:-1]
        return f"“{escape_markdown(body)}” {citation}"
    lines = []
    for number, para in enumerate(paragraphs):
        if number:
            lines.append(">")
        lines.append("> " + _escape_line(" ".join(para.split())))
    lines[-1] += f" {citation}"
    return "\n".join(lines) + "\n"
