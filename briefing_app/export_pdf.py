"""The PDF writer core's export reaches for when asked for a PDF (Qt lives outside core)."""

from briefing_app.gui.pdf_export import write_pdf

__all__ = ["write_pdf"]
