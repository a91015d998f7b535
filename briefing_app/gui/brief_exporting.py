"""Glue between the export dialog and the core exporter (pandoc, HTML, Markdown, Qt PDF)."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.brief.export import export_brief as core_export
from briefing_app.core.settings import Settings
from briefing_app.gui.brief_rendering import citation_options
from briefing_app.gui.pdf_export import write_pdf

FORMATS = {
    "docx": "Word document (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "html": "Web page (HTML)",
    "md": "Markdown with footnotes",
    "pdf": "PDF",
}


def export_brief(
    workspace,
    text: str,
    fmt: str,
    path: Path,
    *,
    evidence: bool,
    settings: Settings | None = None,
    source: Path | None = None,
    allow_unverified: bool = False,
) -> Path:
    """Write the brief in `fmt` to `path` (CSL-JSON beside it); raise BriefingError on failure.

    `source` is the brief's own file: an export that would overwrite it is refused. Unverified
    quotations refuse the export (UnverifiedQuotations) unless `allow_unverified`.
    """
    options = citation_options(settings or Settings())
    result = core_export(
        text,
        workspace.library,
        fmt,
        path,
        evidence=evidence,
        options=options,
        source=source,
        allow_unverified=allow_unverified,
        index=workspace,
        pdf_writer=write_pdf,  # Qt's PDF writer: core has none of its own
    )
    return result.path
