"""Guards for zip-based documents (Word, EPUB) before a library inflates them in memory."""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib

from briefing_app.core.errors import IngestError

# What reading a damaged part of a zip package raises (bad CRC, bad deflate data, a cut file).
PART_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
)
MAX_INFLATED = 256 * 1024 * 1024  # bytes over all parts
MAX_PARTS = 10_000


def open_package(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip package of a document, refused when it would inflate to too much.

    Python's zip reader stops each part at its declared size, so the declared sizes bound
    what reading can cost.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError(f"not a readable {what} ({exc})") from exc
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_INFLATED:
        raise IngestError(f"the {what} inflates to too much data")
    return package
