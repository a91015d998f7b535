"""Showing untrusted text safely: control characters made visible, file names made printable.

Titles, authors, keys and file names come from imported files and from records that may
have been tampered with. Printed raw, "\\x1b]0;PWNED\\x07\\x1b[2J" retitles and clears the
user's terminal, and a right-to-left override reorders what follows it. One rule decides
which characters are unsafe; the terminal gets them as escapes (`\\x1b`, `\\u202e`), the GUI
as visible symbols (␛, ⟨U+202E⟩).
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls and DEL, line/paragraph separators, bidirectional embeddings, overrides
# and isolates, and lone surrogates (a file name that is not valid UTF-8 carries those).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Control characters whose Unicode "control picture" is well known.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control(text: str, *, keep: str = "") -> str:
    """`text` with every unsafe character written as an escape (for a terminal).

    `keep` names characters to let through (a multi-line field may keep "\\n").
    """
    if keep:
        return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return UNSAFE.sub(_escape, text)


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    return _PICTURES.get(code) or f"\u27e8U+{code:04X}\u27e9"


def visible_control(text: str) -> str:
    """`text` with every unsafe character shown as a visible symbol (for the GUI)."""
    return UNSAFE.sub(_picture, text)


def has_unsafe(text: str) -> bool:
    return UNSAFE.search(text) is not None


def printable_path(path: os.PathLike | str) -> str:
    """A path as valid text: bytes that are not UTF-8 become "\\xff" (never lone surrogates).

    File names on Linux are bytes; Python keeps undecodable ones as lone surrogates, which
    cannot be written to a UTF-8 record, a JSON line or a terminal.
    """
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")
