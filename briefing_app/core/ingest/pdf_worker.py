"""The child process that reads a PDF: bytes on stdin, one JSON object on stdout.

It runs under limits set before the PDF is touched (address space, CPU time, no files
written), so a hostile PDF can exhaust only this process. The parent (`pdf.py`) adds a
wall-time limit and kills it when that passes.

Entry points: `python -m briefing_app.core.ingest.pdf_worker` from a source or wheel
install, and `briefing _pdf-worker` (handled first thing in `briefing_app.cli.main`) from a
frozen bundle, where `sys.executable` is the app itself and `-m` does not exist.

Output: {"pages": [{"label", "width", "height", "lines": [[x0, top, x1, bottom, size, bold,
text], ...]}, ...], "info": {"title", "author", "created", "subject", "keywords"}} or
{"error": "encrypted" | "memory" | "unreadable", "detail": str}. pdfminer.six lays out the
text (lines with their position, font size and weight); `pdf_layout` in the parent turns them
into paragraphs, headings and notes.
"""

from __future__ import annotations

import io
import json
import logging
import sys

WORKER_ARGUMENT = "_pdf-worker"
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space
CPU_LIMIT = 120  # seconds; a backstop behind the parent's wall-time limit
MAX_PAGES = 2000
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


def _labels(reader, count: int) -> list[str]:
    """The printed page labels ("i", "ii", "1", ...); page numbers when the PDF defines none."""
    try:
        labels = list(reader.page_labels)[:count]
    except Exception:  # noqa: BLE001 - a broken label tree leaves the physical numbers
        labels = []
    return labels if len(labels) == count else [str(n) for n in range(1, count + 1)]


def preflight(data: bytes) -> dict:
    """pypdf's look at the file first: encryption, info, page labels, and every content
    stream inflated under pypdf's output limits, so a stream that would inflate to gigabytes
    is refused before the layout reader (which has no such limit) touches it."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:  # many "encrypted" PDFs only restrict printing and open with an empty password
            if not reader.decrypt(""):
                return {"error": "encrypted", "detail": ""}
        except (FileNotDecryptedError, NotImplementedError, ValueError) as exc:
            return {"error": "encrypted", "detail": str(exc)[:200]}
    count = min(len(reader.pages), MAX_PAGES)
    for number in range(count):
        contents = reader.pages[number].get_contents()
        if contents is not None:
            contents.get_data()
    return {"info": _info(reader), "labels": _labels(reader, count), "count": count}


def _round(value: float) -> float:
    return round(value, 1)


def _line_record(line, page_height: float) -> list | None:
    """[x0, top, x1, bottom, size, bold, text] of a text line, note-reference marks left out.

    A superscript digit (smaller than the line's text and raised above its baseline) is a
    note reference; leaving it out keeps "ended in Samoa.1 The" from breaking a quotation.
    """
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = sorted(c.size for c in chars)
    size = sizes[len(sizes) // 2]
    kept = []
    for item in line:
        text = item.get_text()
        if (
            isinstance(item, LTChar)
            and (text.isdigit() or text in "*†‡§")
            and item.size < 0.9 * size
            and item.y0 > line.y0 + 0.2 * size
        ):
            continue
        kept.append(text)
    text = " ".join("".join(kept).split())
    if not text:
        return None
    bold = sum("bold" in c.fontname.lower() or "black" in c.fontname.lower() for c in chars)
    return [
        _round(line.x0),
        _round(page_height - line.y1),
        _round(line.x1),
        _round(page_height - line.y0),
        _round(size),
        bold > len(chars) / 2,
        text,
    ]


def _text_lines(layout):
    from pdfminer.layout import LTTextLine

    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            yield item
        elif hasattr(item, "__iter__"):
            stack.extend(item)


def extract(data: bytes) -> dict:
    """Each page's text lines with their position, size and weight, plus the info dictionary."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    first = preflight(data)
    if "error" in first:
        return first
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=LAParams(line_margin=0.3, char_margin=2.5))
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data), check_extractable=False)):
        if number >= first["count"]:
            break
        interpreter.process_page(page)
        layout = device.get_result()
        lines = [_line_record(line, layout.height) for line in _text_lines(layout)]
        pages.append(
            {
                "label": first["labels"][number],
                "width": _round(layout.width),
                "height": _round(layout.height),
                "lines": sorted((r for r in lines if r), key=lambda r: (r[1], r[0])),
            }
        )
    return {"pages": pages, "info": first["info"]}


def main() -> int:
    """Read a PDF from stdin, write its text as JSON to stdout."""
    limit_resources()
    logging.disable(logging.CRITICAL)  # pypdf and pdfminer warn loudly about damaged files
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
