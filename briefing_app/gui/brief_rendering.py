"""Glue between the core brief renderer and the preview: options from settings, palette CSS."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPalette

from briefing_app.core.brief.citations import CitationOptions
from briefing_app.core.brief.render import render_html
from briefing_app.core.brief.styles import BRIEF_CSS
from briefing_app.core.settings import Settings


def citation_options(settings: Settings) -> CitationOptions:
    """The citation style the user chose in the settings."""
    return CitationOptions(
        locator_style=settings.locator_style,
        access_dates=settings.access_dates,
        ibid=settings.ibid,
    )


def make_renderer(workspace, settings: Settings) -> Callable[[str], str]:
    """A function from brief Markdown to the preview's HTML fragment."""

    def render(text: str) -> str:
        library = workspace.library if workspace is not None else None
        return render_html(text, library, citation_options(settings)).html

    return render


def preview_css(palette: QPalette) -> str:
    """The export style sheet with colours taken from the palette, so dark mode stays legible."""
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    alternate = palette.color(QPalette.ColorRole.AlternateBase).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    error = "#ff8a80" if dark else "#b00020"
    error_bg = "#4a1c22" if dark else "#fde7ea"
    marking = "#ff8a80" if dark else "#8b0000"
    # Later rules win in QTextDocument's style sheets, so these override the export colours.
    return BRIEF_CSS + (
        f"body {{ color: {text}; margin: 0.5em; }}\n"
        f"a {{ color: {link}; }}\n"
        f"blockquote {{ color: {text}; border-left: 3px solid {muted}; }}\n"
        f"p.brief-byline, span.image-placeholder {{ color: {muted}; }}\n"
        f"th, pre {{ background: {alternate}; }}\n"
        f"span.citation-error {{ color: {error}; background: {error_bg}; }}\n"
        f"p.classification {{ color: {marking}; border: 1px solid {marking}; }}\n"
    )
