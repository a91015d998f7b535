"""PDF articles: laid-out text from a child process with a wall-time and a memory limit,
turned into paragraphs, headings, notes and page offsets by `pdf_layout`.

A hostile or broken PDF (a page tree that contains itself, a content stream that inflates to
gigabytes) can then neither hang nor crash the app: the child is killed when the time is up
or dies at its memory cap, and the file gets one plain reason. See `pdf_worker` for how the
child is started from a source install and from a frozen bundle.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from briefing_app.core.article import Metadata
from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import pdf_layout
from briefing_app.core.ingest.apostrophes import apostrophe_edits
from briefing_app.core.ingest.dates import parse_date
from briefing_app.core.ingest.document import ParsedDocument
from briefing_app.core.ingest.html_people import clean_people
from briefing_app.core.ingest.pdf_worker import WORKER_ARGUMENT
from briefing_app.core.ingest.repair import RepairLog
from briefing_app.core.ingest.utf16 import utf16_swap_edits

TIME_LIMIT = 60.0  # seconds of wall time for one PDF
PACKAGE_PARENT = Path(__file__).resolve().parents[3]
ERRORS = {
    "encrypted": "encrypted PDF (a password is needed to read it)",
    "memory": "the PDF needs too much memory to read",
    "unreadable": "not a readable PDF",
}
NO_TEXT = "no extractable text in the PDF (a scan without a text layer?)"
# Info-dictionary titles that name a file or a template, not the article.
_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft (?:word|powerpoint) - |.*\.(?:docx?|pdf|indd|rtf|odt|tex)$)",
    re.IGNORECASE,
)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_BY_LINE = re.compile(r"^\s*by\s+(.{3,80})$", re.IGNORECASE)


def worker_command() -> list[str]:
    """How to start the PDF child process, frozen (the app's own executable) or not."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_ARGUMENT]
    return [sys.executable, "-m", "briefing_app.core.ingest.pdf_worker"]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):  # find the package even when it is not installed
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PACKAGE_PARENT), env.get("PYTHONPATH", "")) if p
        )
    return env


def read_pdf(data: bytes, *, time_limit: float | None = None) -> dict:
    """The child's result for a PDF's bytes: {"pages": [...], "info": {...}}; IngestError otherwise."""  # noqa: E501
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashes on Windows
    try:
        proc = subprocess.run(
            worker_command(),
            input=data,
            capture_output=True,
            timeout=time_limit or TIME_LIMIT,
            env=_child_env(),
            creationflags=flags,
        )
    except subprocess.TimeoutExpired as exc:
        raise IngestError("the PDF took too long to read") from exc
    except OSError as exc:
        raise IngestError(f"the PDF reader could not be started ({exc.strerror or exc})") from exc
    try:
        result = json.loads(proc.stdout or b"null")
    except ValueError:
        result = None
    if not isinstance(result, dict):
        # Killed by its memory or CPU cap before it could answer.
        raise IngestError(ERRORS["memory"] if proc.returncode else ERRORS["unreadable"])
    if "error" in result:
        raise IngestError(ERRORS.get(result["error"], ERRORS["unreadable"]))
    return result


def _pdf_date(value: str) -> str:
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    return parse_date("-".join(g for g in match.groups() if g)) or ""


def _first_lines(layout: pdf_layout.Layout) -> list[str]:
    lines = [ln for para in layout.paragraphs[:8] for ln in para]
    return (
        [" ".join(ln.text.split()) for ln in lines if ln.page == lines[0].page][:12]
        if lines
        else []
    )


def _title(info: dict, layout: pdf_layout.Layout, lines: list[str]) -> tuple[str, str]:
    if layout.title:  # the largest text on the first page: what a reader sees as the title
        return layout.title, "source"
    title = " ".join(info.get("title", "").split())
    if title and not _JUNK_TITLE.match(title):
        return title, "source"
    for line in lines[:3]:  # a heading line: a few words, not a sentence
        if 2 <= len(line.split()) <= 20 and not line.endswith((".", ",", ";")):
            return line, "first-line"
    return "", ""


def metadata_of(info: dict, layout: pdf_layout.Layout) -> tuple[Metadata, int]:
    """Metadata from the layout and the info dictionary, completed by a byline and dateline.

    Also returns how many leading paragraphs were a byline or dateline under the title
    (metadata, not body text).
    """
    lines = _first_lines(layout)
    title, title_source = _title(info, layout, lines)
    authors = clean_people([info["author"]], "") if info.get("author") else []
    front = 0
    if layout.title:  # short lines right under the title: byline, dateline
        for para in layout.paragraphs[:3]:
            text = " ".join(" ".join(ln.text for ln in para).split())
            if len(text.split()) > 12 or not (_BY_LINE.match(text) or parse_date(text)):
                break
            front += 1
    by_lines = [m.group(1) for m in map(_BY_LINE.match, lines) if m]
    if not authors:
        authors = clean_people(by_lines[:1], "")
    datelines = [parse_date(line) for line in lines if len(line) <= 60]
    published = next((d for d in datelines if d and len(d) == 10), "") or _pdf_date(
        info.get("created", "")
    )
    keywords = re.split(r"[,;]", info.get("keywords", ""))
    metadata = Metadata(
        title=title,
        title_source=title_source,
        authors=authors,
        published=published,
        description=" ".join(info.get("subject", "").split()),
        tags=[k.strip() for k in keywords if k.strip()][:50],
    )
    return metadata, front


def parse(
    data: bytes, name: str, *, rejected_repairs: frozenset[str] = frozenset()
) -> ParsedDocument:
    """Parse a PDF into paragraphs, notes, page offsets, metadata and a repair log.

    Line joins are logged repairs; the start of each page rides through the repairs as a
    provisional entry of the log, so it lands on the same character of the final text.
    """
    if b"%PDF-" not in data[:1024]:  # readers accept a header anywhere in the first 1 KiB
        raise IngestError(ERRORS["unreadable"])
    result = read_pdf(data)
    raw_pages = [p for p in result.get("pages", []) if isinstance(p, dict)]
    info = {k: v for k, v in (result.get("info") or {}).items() if isinstance(v, str)}
    layout = pdf_layout.analyse(raw_pages)
    if not layout.paragraphs:
        raise IngestError(NO_TEXT)
    metadata, front = metadata_of(info, layout)
    body = layout.paragraphs[front:] or layout.paragraphs
    text, breaks, marks = pdf_layout.raw_text(body, layout.labels)
    log = RepairLog(text, rejected=rejected_repairs, repairs=marks)
    log.apply(pdf_layout.join_edits(text, breaks))
    log.apply(utf16_swap_edits(log.text))
    log.apply(apostrophe_edits(log.text))
    paragraphs = log.paragraphs()
    if not paragraphs:
        raise IngestError(NO_TEXT)
    pages = [
        {"label": label, "start": max(mark.start, 0)}
        for label, mark in zip(layout.labels, marks, strict=True)
    ]
    return ParsedDocument(
        paragraphs=paragraphs,
        metadata=metadata,
        repairs=[r for r in log.repairs if r.kind != pdf_layout.PAGE_MARK],
        media_type="application/pdf",
        extension=".pdf",
        pages=pages,
        notes=layout.notes,
    )
