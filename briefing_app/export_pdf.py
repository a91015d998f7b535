"""The PDF writer the command line hands to core's export (Qt lives outside core)."""

from briefing_app.gui.pdf_export import write_pdf

__all__ = ["write_pdf"]
