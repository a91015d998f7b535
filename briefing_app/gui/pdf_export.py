"""PDF export through Qt: the brief's HTML laid out by QTextDocument, printed by QPdfWriter.

Notes are real page-foot notes: the body is laid out as one long column, cut into pages at
line boundaries (see `pdf_pages`), and each page prints the notes referenced on it at its foot,
under a short rule. Note references are superscript numbers (CMOS 14.26) and the notes are set
at 9 pt under an 11 pt body (at least 8.5 pt, readable in print). Each page carries the
classification marking, when the brief has one, once, in its header band (the body's own
marking lines are left out so it is not repeated). Works offscreen (no window needed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from briefing_app.core import atomicio
from briefing_app.core.brief.citations import CitationOptions
from briefing_app.core.errors import BriefError
from briefing_app.gui.pdf_pages import Line, Page, drop_marking_lines, paginate, split_notes

RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_MM = 20.0
BAND = 0.5  # height of the header/footer band, in inches
NOTE_GAP = 0.25  # space between the text and the notes below it, in inches
BODY_POINTS = 11
NOTE_POINTS = 9  # Chicago-style notes are smaller than the text, but never below 8.5 pt
NOTES_CSS = "p { margin: 0 0 2pt 0; }"


def _ensure_app() -> None:
    # QTextDocument needs a QGuiApplication for fonts; the CLI has none, so make one. Without a
    # display (a server, a CI job) Qt would abort: the offscreen platform needs none.
    if QGuiApplication.instance() is None:
        no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # A QApplication, not just a QGuiApplication: the same process may later create
        # widgets (the GUI exporting, a test run), and Qt aborts on a widget without one.
        _ensure_app.app = QApplication([])  # kept alive for the process


def _writer(device: QBuffer) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _document(html: str, writer: QPdfWriter, width: float, *, notes: bool = False):
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont("DejaVu Serif", NOTE_POINTS if notes else BODY_POINTS))
    if notes:
        document.setDefaultStyleSheet(NOTES_CSS)
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def _lines(document: QTextDocument) -> list[Line]:
    """Every laid-out line of the document, with the notes whose references stand on it."""
    layout, lines = document.documentLayout(), []
    block = document.begin()
    while block.isValid():
        rect, text_layout = layout.blockBoundingRect(block), block.layout()
        block_lines = [text_layout.lineAt(i) for i in range(text_layout.lineCount())]
        found = [Line(rect.top() + ln.y(), rect.top() + ln.y() + ln.height()) for ln in block_lines]
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            href = fragment.charFormat().anchorHref()
            if href.startswith("#fn") and not href.startswith("#fnref") and found:
                number = text_layout.lineForTextPosition(fragment.position() - block.position())
                line = found[max(0, number.lineNumber())] if number.isValid() else found[-1]
                if href[3:] not in line.notes:
                    line.notes.append(href[3:])
            fragments += 1
        lines.extend(found)
        block = block.next()
    return lines


class _Notes:
    """Lays out the notes of a page (cached by the set of notes) and measures their height."""

    def __init__(self, notes: dict[str, str], writer: QPdfWriter, width: float):
        self.notes, self.writer, self.width = notes, writer, width
        self.gap = NOTE_GAP * RESOLUTION
        self._cache: dict[tuple[str, ...], QTextDocument] = {}

    def document(self, ids: list[str]) -> QTextDocument:
        key = tuple(ids)
        if key not in self._cache:
            html = "".join(self.notes.get(i, "") for i in ids)
            self._cache[key] = _document(html, self.writer, self.width, notes=True)
        return self._cache[key]

    def height(self, ids: list[str]) -> float:
        """Height of the notes `ids` at the foot of a page, the gap above them included."""
        return self.document(ids).size().height() + self.gap if ids else 0.0


def write_pdf(html: str, out_path: Path | str, marking: str = "") -> None:
    """Write `html` as an A4 PDF at `out_path`, notes at the foot of their pages."""
    _ensure_app()
    out_path = Path(out_path)
    # Laid out into memory, then written atomically: Qt reports no write errors (a full
    # disk gave a truncated PDF and no error), atomicio gives the OS reason for every one.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer)
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    band = BAND * RESOLUTION if marking else 0
    body = QSizeF(page.width(), page.height() - band)
    text, notes = split_notes(drop_marking_lines(html) if marking else html)
    document = _document(text, writer, body.width())
    foot = _Notes(notes, writer, body.width())
    pages = paginate(_lines(document), document.size().height(), body.height(), foot.height)
    painter = QPainter()
    if not painter.begin(writer):
        raise BriefError(f"Could not lay out the PDF file {out_path}.")
    try:
        for number, slice_ in enumerate(pages):
            if number:
                writer.newPage()
            _paint_page(painter, document, slice_, foot, body, band, marking)
    finally:
        painter.end()
    data = bytes(buffer.data())
    buffer.close()
    atomicio.write_bytes(out_path, data)  # SaveError names the OS reason


def _paint_page(painter, document, page: Page, foot: _Notes, body: QSizeF, band, marking) -> None:
    if marking:
        painter.save()
        painter.setFont(QFont("DejaVu Sans", 9, QFont.Weight.Bold))
        flags = Qt.AlignmentFlag.AlignCenter
        painter.drawText(QRectF(0, 0, body.width(), band), flags, marking)
        painter.restore()
    painter.save()
    painter.translate(QPointF(0, band - page.top))
    # Qt skips lines wholly outside the clip (clipped text would still be in the PDF's text):
    # pages are cut at line edges, so a one-dot inset leaves out the neighbours' lines.
    clip = QRectF(0, page.top + 1, body.width(), page.bottom - page.top - 2)
    document.drawContents(painter, clip)
    painter.restore()
    if page.notes:
        notes = foot.document(page.notes)
        top = band + body.height() - notes.size().height()
        painter.save()
        painter.setPen(QPen(Qt.GlobalColor.black, RESOLUTION / 150))
        rule_y = top - foot.gap / 2
        painter.drawLine(QPointF(0, rule_y), QPointF(body.width() / 3, rule_y))
        painter.translate(QPointF(0, top))
        notes.drawContents(painter)
        painter.restore()


def export_pdf(
    text: str,
    library,
    path: Path | str,
    *,
    evidence: bool = False,
    options: CitationOptions | None = None,
    allow_unverified: bool = False,
) -> Path:
    """Export a brief as PDF (with its CSL-JSON beside it); returns the PDF's path."""
    from briefing_app.core.brief.export import export_brief

    result = export_brief(
        text,
        library,
        "pdf",
        path,
        evidence=evidence,
        options=options,
        pdf_writer=write_pdf,
        allow_unverified=allow_unverified,
    )
    return result.path
