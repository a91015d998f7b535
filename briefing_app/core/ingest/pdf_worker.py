"""The child process that reads a PDF: bytes on stdin, one JSON object on stdout.

It runs under limits set before the PDF is touched (address space, CPU time, no files
written), so a hostile PDF can exhaust only this process. The parent (`pdf.py`) adds a
wall-time limit and kills it when that passes.

Entry points: `python -m briefing_app.core.ingest.pdf_worker` from a source or wheel
install, and `briefing _pdf-worker` (handled first thing in `briefing_app.cli.main`) from a
frozen bundle, where `sys.executable` is the app itself and `-m` does not exist.

Output: {"pages": [str, ...], "info": {"title", "author", "created", "subject", "keywords"}}
or {"error": "encrypted" | "memory" | "unreadable", "detail": str}.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys

WORKER_ARGUMENT = "_pdf-worker"
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space
CPU_LIMIT = 120  # seconds; a backstop behind the parent's wall-time limit
MAX_PAGES = 2000
COLUMN_GAP = re.compile(r"\S {4,}\S")  # a wide gap inside a line: text set in columns
COLUMN_SHARE = 0.2
INFO_KEYS = {
    "title": "/Title",
    "author": "/Author",
    "created": "/CreationDate",
    "subject": "/Subject",
    "keywords": "/Keywords",
}


def limit_resources(memory: int = MEMORY_LIMIT, cpu: int = CPU_LIMIT) -> None:
    """Cap this process's memory and CPU time and forbid writing files (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-time limit still applies
        return
    for name, value in (
        ("RLIMIT_AS", memory),
        ("RLIMIT_CPU", cpu),
        ("RLIMIT_FSIZE", 0),
        ("RLIMIT_CORE", 0),
    ):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            soft, hard = resource.getrlimit(limit)
            capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (capped, hard))
        except (ValueError, OSError):
            continue  # some systems (macOS) refuse RLIMIT_AS; the other limits still hold


def _info(reader) -> dict[str, str]:
    try:
        info = reader.metadata or {}
    except Exception:  # noqa: BLE001 - a broken info dictionary is not a broken document
        return {}
    out = {}
    for key, pdf_key in INFO_KEYS.items():
        value = info.get(pdf_key)
        if value is not None:
            out[key] = str(value)[:1000]
    return out


def extract(data: bytes) -> dict:
    """Text of each page and the info dictionary of a PDF's bytes."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:  # many "encrypted" PDFs only restrict printing and open with an empty password
            if not reader.decrypt(""):
                return {"error": "encrypted", "detail": ""}
        except (FileNotDecryptedError, NotImplementedError, ValueError) as exc:
            return {"error": "encrypted", "detail": str(exc)[:200]}
    pages = []
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            break
        pages.append(page_text(page))
    return {"pages": pages, "info": _info(reader)}


def page_text(page) -> str:
    """A page's text with blank lines where the page leaves vertical space between paragraphs.

    pypdf's layout mode keeps those gaps (and first-line indents); on a page set in columns it
    would put the columns side by side, so such pages use the reading-order mode instead.
    """
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError):
        layout = ""
    lines = [line.rstrip() for line in layout.splitlines()]
    filled = [line for line in lines if line.strip()]
    side_by_side = sum(1 for line in filled if COLUMN_GAP.search(line.strip()))
    if not filled or side_by_side > COLUMN_SHARE * len(filled):
        return page.extract_text() or ""
    margin = min(len(line) - len(line.lstrip()) for line in filled)
    return "\n".join(line[margin:] for line in lines).strip("\n")


def main() -> int:
    """Read a PDF from stdin, write its text as JSON to stdout."""
    limit_resources()
    logging.disable(logging.CRITICAL)  # pypdf warns loudly about damaged files
    data = sys.stdin.buffer.read()
    try:
        result = extract(data)
    except MemoryError:
        result = {"error": "memory", "detail": ""}
    except RecursionError:
        result = {"error": "unreadable", "detail": "structure nested too deeply"}
    except Exception as exc:  # noqa: BLE001 - any failure on a hostile file is "unreadable"
        result = {"error": "unreadable", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
