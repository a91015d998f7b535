"""Bytes to text: byte-order mark first, then UTF-16 without one (told by where its NUL bytes
fall), then a declared charset, then UTF-8, then detection.

A file that is really binary (an image, an executable, a compressed stream) is refused with
"binary or undecodable" rather than turned into pages of mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from briefing_app.core.article import Repair
from briefing_app.core.errors import IngestError

BINARY_ERROR = "binary or undecodable: not a text file"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common binary formats a user might drop into an import by mistake.
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"MZ",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x00asm", b"SQLite format 3",
    b"\xd0\xcf\x11\xe0", b"OggS", b"fLaC", b"ID3", b"RIFF",
)  # fmt: skip

# "-*- coding: latin-1 -*-", "<?xml ... encoding='...'?>", "charset=..." in the first lines.
_DECLARED = re.compile(
    rb"(?:coding[:=]\s*|encoding\s*=\s*[\"']?|charset\s*=\s*[\"']?)([A-Za-z0-9_.:-]{2,40})"
)

# Characters that never occur in real text, apart from tab, newline, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
MAX_CONTROL_SHARE = 0.02


@dataclass
class Decoded:
    """Text decoded from bytes, with the encoding used and what decoding changed."""

    text: str
    encoding: str
    repairs: list[Repair] = field(default_factory=list)


def _declared_charset(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").strip(".:-")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# UTF-16 without a byte-order mark: the high byte of every Latin letter, digit, space and
# punctuation mark is NUL, so NULs gather on one side (odd offsets for little-endian, even
# for big-endian) while the other side has almost none. Binary data does not look like that.
_UTF16_SAMPLE = 65536
_UTF16_MIN_NUL_SHARE = 0.1  # of the characters: spaces alone give more in any script
_UTF16_MAX_OTHER_SIDE = 0.01


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when `data` reads as BOM-less UTF-16 text, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    chars = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= _UTF16_MIN_NUL_SHARE * chars and other <= _UTF16_MAX_OTHER_SIDE * chars:
            text = _try(data, encoding)
            if text is not None and _control_share(text) <= MAX_CONTROL_SHARE:
                return text, encoding
    return None


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    # Text in UTF-16/32 without a BOM has NULs too; let detection try those before refusing.
    return False


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# On a tie, the encodings most text in the wild uses: Windows-1252 above all (browsers read
# "latin-1" as it too), so a short French or English file is not read as Central European.
_COMMON = {"cp1252": 0, "iso8859_15": 1, "latin_1": 1, "utf_16": 1}


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) by charset-normalizer, or None when nothing fits."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:2_000_000]))
    if not matches:
        return None
    best = min(
        matches,
        key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2), _COMMON.get(m.encoding, 2)),
    )
    text = _try(data, best.encoding)
    return (text, best.encoding) if text is not None else None


def _control_share(text: str) -> float:
    if not text:
        return 1.0
    sample = text[:200_000]
    return len(_CONTROL.findall(sample)) / len(sample)


def _pick(data: bytes) -> tuple[str, str, str]:
    """(text, encoding, how) by BOM, declaration, strict UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], encoding)
            if text is not None:
                return text, encoding, "byte-order mark"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16[0], utf16[1], "no byte-order mark; NUL bytes show UTF-16"
    declared = _declared_charset(data[:1024])
    if declared and declared not in ("utf-8", "ascii"):
        text = _try(data, declared)
        if text is not None:
            return text, declared, "declared charset"
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8", ""
    detected = _detect(data)
    if detected is None:
        raise IngestError(BINARY_ERROR)
    return detected[0], detected[1], "detected"


def decode(data: bytes) -> Decoded:
    """Decode a text file's bytes; raises IngestError for binary or undecodable data."""
    if _looks_binary(data):
        raise IngestError(BINARY_ERROR)
    text, encoding, how = _pick(data)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestError(BINARY_ERROR)
    repairs = []
    if how:
        repairs.append(
            Repair(
                kind="decoding",
                before="",
                after="",
                certain=how != "detected",
                note=f"read as {encoding} ({how})",
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, encoding=encoding, repairs=repairs)
