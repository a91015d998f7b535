"""PDF export through Qt: the brief's standalone HTML laid out by QTextDocument, printed by QPdfWriter.

Works offscreen (no window needed). Each page carries the classification marking, when the
brief has one, in its header and footer; the citation notes follow the text as numbered notes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from briefing_app.core import atomicio
from briefing_app.core.brief.citations import CitationOptions
from briefing_app.core.errors import BriefError

RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_MM = 20.0
BAND = 0.5  # height of the header/footer band, in inches


def _ensure_app() -> None:
    # QTextDocument needs a QGuiApplication for fonts; the CLI has none, so make one.
    if QApplication.instance() is None:
        _ensure_app.app = QApplication([])  # kept alive for the process


def write_pdf(html: str, out_path: Path | str, marking: str = "") -> None:
    """Write `html` as an A4 PDF at `out_path`, `marking` printed in every header and footer."""
    _ensure_app()
    out_path = Path(out_path)
    tmp = out_path.with_name(f".{out_path.name}.writing.pdf")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Serif", 10))
    document.setHtml(html)
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    band = BAND * RESOLUTION if marking else 0
    body = QSizeF(page.width(), page.height() - 2 * band)
    document.documentLayout().setPaintDevice(writer)
    document.setPageSize(body)
    painter = QPainter()
    if not painter.begin(writer):
        raise BriefError(f"Could not write the PDF file {out_path}.")
    try:
        for number in range(document.pageCount()):
            if number:
                writer.newPage()
            _paint_page(painter, document, number, body, band, marking)
    finally:
        painter.end()
    try:
        data = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    atomicio.write_bytes(out_path, data)


def _paint_page(painter, document, number, body: QSizeF, band: float, marking: str) -> None:
    if marking:
        painter.save()
        painter.setFont(QFont("DejaVu Sans", 9, QFont.Weight.Bold))
        flags = Qt.AlignmentFlag.AlignCenter
        painter.drawText(QRectF(0, 0, body.width(), band), flags, marking)
        painter.drawText(QRectF(0, band + body.height(), body.width(), band), flags, marking)
        painter.restore()
    painter.save()
    painter.translate(QPointF(0, band - number * body.height()))
    clip = QRectF(0, number * body.height(), body.width(), body.height())
    document.drawContents(painter, clip)
    painter.restore()


def export_pdf(
    text: str,
    library,
    path: Path | str,
    *,
    evidence: bool = False,
    options: CitationOptions | None = None,
) -> Path:
    """Export a brief as PDF (with its CSL-JSON beside it); returns the PDF's path."""
    from briefing_app.core.brief.export import export_brief

    return export_brief(
        text, library, "pdf", path, evidence=evidence, options=options, pdf_writer=write_pdf
    ).path
