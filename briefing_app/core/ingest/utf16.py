"""UTF-16 byte-swap damage: text whose characters came out as U+XX00 instead of U+00XX.

When UTF-16 text is read with its two bytes per character swapped, each ASCII character XX
becomes U+XX00 ("n" U+006E reads as U+6E00), and the typographic characters U+2013, U+2014,
U+2018, U+2019, U+201C, U+201D keep only their low byte, so they read as U+1300, U+1400,
U+1800, U+1900, U+1C00, U+1D00. A run of such characters is repaired character by character.
"""

from __future__ import annotations

import re

from briefing_app.core.ingest.edits import Edit

# Low bytes of the punctuation in U+2000..U+20FF whose high byte (0x20) was lost.
_LOST_HIGH_BYTE = {
    0x13: "\u2013",
    0x14: "\u2014",
    0x18: "\u2018",
    0x19: "\u2019",
    0x1C: "\u201c",
    0x1D: "\u201d",
}

_SWAPPED = {chr(low << 8): chr(low) for low in range(0x20, 0x7F)}
_SWAPPED.update({chr(low << 8): mark for low, mark in _LOST_HIGH_BYTE.items()})

_RUN = re.compile("[" + "".join(re.escape(c) for c in sorted(_SWAPPED)) + "]{3,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

# In Chinese, Japanese or Korean text some real characters have the form U+XX00 (U+4E00 is
# "one"); there only a long run, next to no other CJK character, counts as damage.
MIN_RUN_NEAR_CJK = 6


def unswap(run: str) -> str:
    """The text a run of byte-swapped characters stood for."""
    return "".join(_SWAPPED[c] for c in run)


def _is_damage(text: str, match: re.Match) -> bool:
    decoded = unswap(match.group())
    if not any(c.isalnum() for c in decoded):
        return False
    if len(match.group()) >= MIN_RUN_NEAR_CJK:
        return True
    around = text[max(0, match.start() - 1) : match.start()] + text[match.end() : match.end() + 1]
    return not _CJK.search(around)


def utf16_swap_edits(text: str) -> list[Edit]:
    """Certain repairs for every run of byte-swapped UTF-16 characters in `text`."""
    return [
        Edit(
            m.start(),
            m.end(),
            unswap(m.group()),
            kind="utf16-byte-swap",
            note="UTF-16 bytes read in the wrong order",
        )
        for m in _RUN.finditer(text)
        if _is_damage(text, m)
    ]
