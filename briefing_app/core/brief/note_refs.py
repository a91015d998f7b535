"""Where a note reference number stands (CMOS 14.26): after punctuation, with no space before.

A citation written `“…” [@key, ¶2].` becomes the note reference `“….”²`: the space before
the citation goes, the punctuation after it moves in front of the number, and a period or
comma goes inside a closing double quotation mark (CMOS 6.9) unless the quotation already ends
with its own period, question or exclamation mark. The same rule serves the preview (on
markdown-it's tokens) and the exports (on the resolved Markdown).
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"\A[.,;:!?]+")
_CLOSING_QUOTES = '”"»'
# Space before a citation, also a line break (and blockquote markers) that is not a blank line.
_SPACE_BEFORE = re.compile(r"(?:(?<=[^\n])\n[ \t]*(?:>[ \t]?)*)?[ \t]*\Z")


def strip_space_before(before: str) -> str:
    """`before` without the space (or single line break) that separated it from a citation."""
    return _SPACE_BEFORE.sub("", before)


def leading_punctuation(after: str) -> str:
    """The punctuation right after a citation, which belongs in front of the note number."""
    match = _PUNCTUATION.match(after)
    return match.group(0) if match else ""


def join_punctuation(before: str, punctuation: str) -> str:
    """`before` followed by `punctuation`, a period or comma set inside closing quotes."""
    if not punctuation:
        return before
    quotes = len(before) - len(before.rstrip(_CLOSING_QUOTES))
    if quotes and punctuation in (".", ","):
        inside, closing = before[: len(before) - quotes], before[len(before) - quotes :]
        if inside.endswith((".", "?", "!")):
            return before  # “It ended.” [@k]. → “It ended.”¹ (no second period)
        return inside + punctuation + closing
    if punctuation == "." and before.endswith((".", "?", "!")):
        return before
    return before + punctuation
