"""Glue between the export dialog and the exporters: core (pandoc, HTML, Markdown) and Qt PDF."""

from __future__ import annotations

from pathlib import Path

FORMATS = {
    "docx": "Word document (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "html": "Web page (HTML)",
    "md": "Markdown with footnotes",
    "pdf": "PDF",
}


def export_brief(
    workspace, text: str, fmt: str, path: Path, *, evidence: bool, brief_path: Path | None
) -> Path:
    """Write the brief in `fmt` to `path`; raise BriefingError with a plain message on failure."""
    if fmt == "pdf":
        from briefing_app.gui.pdf_export import export_pdf

        return export_pdf(text, workspace.library, path, evidence=evidence)
    from briefing_app.core.brief.export import export_text

    return export_text(text, workspace.library, fmt, path, evidence=evidence)
