"""PDF import: text read in a child process with time and memory limits, paragraphs and metadata."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import IngestError
from briefing_app.core.ingest import pdf, pdf_worker
from tests.conftest import FIXTURES, ROOT

PARAGRAPH_ONE = [
    "Negotiators meeting in Istanbul failed on Sunday to agree on who should insure",
    "merchant ships using the Black Sea grain corridor, leaving exporters uncertain",
    "about the coming season and about the price of cover.",
]
PARAGRAPH_TWO = [
    "Officials said the talks had made progress on inspection rules but stalled over",
    "a proposal that would have made a state-backed fund the insurer of last resort",
    "for vessels calling at Odesa during the winter months.",
]


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def _content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 740 Td"]
    ops += [b"(" + _escape(line) + b") Tj T*" for line in lines]
    return b"\n".join([*ops, b"ET"])


def make_pdf(
    pages: list[bytes], info: dict[str, str] | None = None, *, compress: bool = False
) -> bytes:
    """A minimal PDF with Helvetica text: one content stream per page, optional info dictionary."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for content in pages:
        data = zlib.compress(content) if compress else content
        filt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % content_id
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    trailer_info = b""
    if info:
        entries = b" ".join(b"/" + k.encode() + b" (" + _escape(v) + b")" for k, v in info.items())
        objects.append(b"<< " + entries + b" >>")
        trailer_info = b" /Info %d 0 R" % len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer_info, xref)
    )
    return out.getvalue()


def test_text_and_info_metadata():
    """Page text becomes paragraphs; Title, Author and CreationDate become metadata."""
    info = {
        "Title": "Grain corridor talks stall",
        "Author": "Amira Haddad; PETER LINDQVIST",
        "CreationDate": "D:20231203091500+02'00'",
    }
    data = make_pdf([_content(PARAGRAPH_ONE + [""] + PARAGRAPH_TWO)], info)
    doc = pdf.parse(data, "talks.pdf")
    assert doc.metadata.title == "Grain corridor talks stall"
    assert doc.metadata.title_source == "source"
    assert doc.metadata.authors == ["Amira Haddad", "Peter Lindqvist"]
    assert doc.metadata.published == "2023-12-03"
    assert doc.media_type == "application/pdf" and doc.extension == ".pdf"
    assert len(doc.paragraphs) == 2
    assert doc.paragraphs[0] == " ".join(PARAGRAPH_ONE)


def test_hard_wraps_are_joined_and_logged():
    """Lines wrapped at a width are joined into one paragraph, each join in the repair log."""
    doc = pdf.parse(make_pdf([_content(PARAGRAPH_ONE)], compress=True), "a.pdf")
    assert doc.paragraphs == [" ".join(PARAGRAPH_ONE)]
    assert [r.kind for r in doc.repairs].count("hard-wrap-join") == 2


def test_first_lines_give_title_byline_and_dateline():
    """Without an info dictionary, a heading line, a "By" line and a dateline are used."""
    lines = [
        "River shipping in the third quarter",
        "By Jane Doe",
        "3 December 2023",
        "",
        *PARAGRAPH_ONE,
    ]
    meta = pdf.parse(make_pdf([_content(lines)]), "r.pdf").metadata
    assert meta.title == "River shipping in the third quarter"
    assert meta.title_source == "first-line"
    assert meta.authors == ["Jane Doe"]
    assert meta.published == "2023-12-03"


def test_file_name_titles_are_ignored():
    """An info Title that only names the source file is not the article's title."""
    lines = ["Port cranes back in service", "", *PARAGRAPH_TWO]
    meta = pdf.parse(
        make_pdf([_content(lines)], {"Title": "Microsoft Word - draft3.docx"}), "p.pdf"
    ).metadata
    assert meta.title == "Port cranes back in service"


def test_pages_without_text_fail_as_scanned():
    """A PDF with no text layer fails with a plain reason."""
    with pytest.raises(IngestError, match="no extractable text"):
        pdf.parse(make_pdf([b"0 0 m 100 100 l S"]), "scan.pdf")


def test_encrypted_pdf_fails_plainly():
    """A PDF that needs a password fails as encrypted."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf([_content(PARAGRAPH_ONE)]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(IngestError, match="encrypted PDF"):
        pdf.parse(out.getvalue(), "locked.pdf")


def test_self_referencing_pdf_fails_quickly():
    """A page tree that contains itself and a looping xref chain fail with a plain reason."""
    looping = FIXTURES / "hostile" / "looping.pdf"
    if not looping.is_file():
        pytest.skip("hostile corpus not present")
    start = time.monotonic()
    with pytest.raises(IngestError):
        pdf.parse(looping.read_bytes(), "looping.pdf")
    assert time.monotonic() - start < pdf.TIME_LIMIT


def test_endless_content_stream_is_stopped_by_the_time_limit(monkeypatch):
    """A content stream too long to finish is killed at the wall-time limit."""
    monkeypatch.setattr(pdf, "TIME_LIMIT", 2.0)
    endless = b"BT /F1 11 Tf " + b"(x) Tj 0 -1 Td " * 3_000_000 + b"ET"
    data = make_pdf([endless], compress=True)
    start = time.monotonic()
    with pytest.raises(IngestError, match="took too long"):
        pdf.parse(data, "endless.pdf")
    assert time.monotonic() - start < 2.0 + 5


def test_inflating_stream_is_refused():
    """A stream that inflates to hundreds of megabytes is refused, not read into memory."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (16 * 1024 * 1024)
    bomb = b"".join(compressor.compress(chunk) for _ in range(24)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    data = make_pdf([b""]).replace(b"<< /Length 0 >>\nstream\n\nendstream", stream)
    with pytest.raises(IngestError, match="not a readable PDF"):
        pdf.parse(data, "bomb.pdf")


def test_child_memory_is_capped():
    """The worker's limits make a large allocation fail inside the child (POSIX)."""
    resource = pytest.importorskip("resource")
    if not hasattr(resource, "RLIMIT_AS"):
        pytest.skip("no address-space limit on this system")
    code = (
        "from briefing_app.core.ingest.pdf_worker import limit_resources\n"
        "limit_resources(256 * 1024 * 1024)\n"
        "try:\n    bytearray(512 * 1024 * 1024)\n    print('allocated')\n"
        "except MemoryError:\n    print('capped')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.stdout.strip() == "capped"


def test_child_that_dies_silently_is_reported(monkeypatch):
    """A child killed before answering (its memory cap) gives a plain reason."""
    monkeypatch.setattr(
        pdf, "worker_command", lambda: [sys.executable, "-c", "import sys; sys.exit(137)"]
    )
    with pytest.raises(IngestError, match="too much memory"):
        pdf.parse(b"%PDF-1.4\n", "dies.pdf")


def test_worker_runs_through_the_cli_entry():
    """`briefing _pdf-worker` (the frozen bundle's entry) reads a PDF from stdin and answers JSON."""
    data = make_pdf([_content(PARAGRAPH_ONE)])
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from briefing_app.cli import main; sys.exit(main(['_pdf-worker']))",
        ],
        input=data,
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout)
    first_line = result["pages"][0]["lines"][0]
    assert first_line[-1].startswith("Negotiators meeting in Istanbul")


def test_frozen_command_uses_the_app_executable(monkeypatch):
    """In a frozen bundle the child is the app itself with the hidden argument, not `python -m`."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert pdf.worker_command() == [sys.executable, pdf_worker.WORKER_ARGUMENT]


def test_not_a_pdf_fails_without_a_child():
    """Bytes without a PDF header fail at once."""
    with pytest.raises(IngestError, match="not a readable PDF"):
        pdf.parse(b"hello world", "x.pdf")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.booleans())
def test_random_bytes_raise_only_ingest_error(data, with_header):
    """Any bytes, with or without a PDF header, parse or raise IngestError."""
    try:
        pdf.parse((b"%PDF-1.4\n" if with_header else b"") + data, "random.pdf")
    except IngestError:
        pass
