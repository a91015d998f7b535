"""Turn a selected passage of an article into Markdown for a brief: the exact words, cited.

The words are never changed. Only Markdown's own syntax characters are backslash-escaped, so
the rendered text and the text `verify` reads back are exactly `article.text[start:end]`.
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
    if start == end:
        raise BriefError("The selection holds no words to quote.")
    return start, end


def _inline_quote_marks(passage: str) -> tuple[str, str] | None:
    """The quotation marks that can enclose `passage` unambiguously, or None."""
    if not any(ch in DOUBLE_QUOTES for ch in passage):
        return "“", "”"
    # Single marks are safe when every one in the passage is an apostrophe inside a word.
    for i, ch in enumerate(passage):
        if ch in SINGLE_QUOTES:
            inside_word = (
                0 < i < len(passage) - 1 and passage[i - 1].isalnum() and passage[i + 1].isalnum()
            )
            if not inside_word:
                return None
    return "‘", "’"


def quotation_markdown(
    article: Article,
    start: int,
    end: int,
    *,
    block_threshold: int = DEFAULT_BLOCK_THRESHOLD,
) -> str:
    """Markdown quoting `article.text[start:end]` word for word, followed by its citation.

    Short passages become an inline quotation `“…” [@key, ¶n]`; passages of `block_threshold`
    words or more, passages spanning paragraphs, and passages whose own quotation marks
    would clash with the enclosing ones become a `> …` blockquote ending with the citation.
    """
    start, end = _trimmed_span(article, start, end)
    passage = article.text[start:end]
    citation = citation_markdown(article, start, end)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", passage) if p.strip()]
    marks = _inline_quote_marks(passage)
    words = len(passage.split())
    if len(paragraphs) == 1 and marks and words < block_threshold:
        body = " ".join(passage.split())
        return f"{marks[0]}{escape_markdown(body)}{marks[1]} {citation}"
    lines = []
    for number, para in enumerate(paragraphs):
        if number:
            lines.append(">")
        lines.append("> " + _escape_line(" ".join(para.split())))
    lines[-1] += f" {citation}"
    return "\n".join(lines) + "\n"
