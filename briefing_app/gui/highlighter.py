"""Syntax colouring of the brief's Markdown source.

Colours are derived from the widget's palette (not fixed RGB values) so the editor stays
legible in both the light and the dark scheme.
"""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

# Block states: which multi-line construct a line sits in.
NORMAL, FRONT_MATTER, FENCED_CODE = 0, 1, 2

HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s.*|$)")
BLOCKQUOTE = re.compile(r"^ {0,3}>.*")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=\S)(.+?)(?<=\S)\1(?![*_\w])")
# Straight and curly double quotes; a quotation may not span lines in this per-line pass.
QUOTATION = re.compile(r"\"[^\"\n]+\"|\u201c[^\u201d\n]+\u201d")
# Pandoc citations: [@key], [@key, ¶3], [see @a; @b, p. 4]
CITATION = re.compile(r"\[[^\[\]\n]*?@[\w][\w:.#$%&\-+?<>~/]*[^\[\]\n]*\]")
INLINE_CODE = re.compile(r"`[^`\n]+`")


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """A colour `amount` of the way from a to b."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _accent(palette: QPalette, hue: int) -> QColor:
    """A colour of `hue` that contrasts with the palette's base (dark text on light, and back)."""
    dark_scheme = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor.fromHsl(hue, 150, 175 if dark_scheme else 80)


def _format(color: QColor | None = None, *, bold=False, italic=False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if color is not None:
        fmt.setForeground(color)
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    return fmt


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, quotations, blockquotes, citations and front matter."""

    def __init__(self, document: QTextDocument, palette: QPalette):
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        """Recompute the colours (called again when the colour scheme changes)."""
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        muted = _mix(text, base, 0.45)
        self.formats = {
            "heading": _format(_accent(palette, 215), bold=True),
            "strong": _format(bold=True),
            "emphasis": _format(italic=True),
            "quotation": _format(_accent(palette, 130)),
            "blockquote": _format(_accent(palette, 130), italic=True),
            "citation": _format(_accent(palette, 30), bold=True),
            "front_matter": _format(muted),
            "code": _format(_accent(palette, 280)),
        }
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        """Colour one line, carrying front matter and code fences across lines."""
        previous = self.previousBlockState()
        if self._in_front_matter(text, previous) or self._in_fence(text, previous):
            return
        self.setCurrentBlockState(NORMAL)
        if HEADING.match(text):
            self.setFormat(0, len(text), self.formats["heading"])
        elif BLOCKQUOTE.match(text):
            self.setFormat(0, len(text), self.formats["blockquote"])
        self._apply(QUOTATION, text, "quotation")
        self._apply(STRONG, text, "strong")
        self._apply(EMPHASIS, text, "emphasis")
        self._apply(CITATION, text, "citation")
        self._apply(INLINE_CODE, text, "code")

    def _apply(self, pattern: re.Pattern[str], text: str, name: str) -> None:
        fmt = self.formats[name]
        for match in pattern.finditer(text):
            start, end = match.span()
            # Merge with what is already there so a quotation inside a heading stays bold.
            for pos in range(start, end):
                merged = QTextCharFormat(self.format(pos))
                merged.merge(fmt)
                self.setFormat(pos, 1, merged)

    def _in_front_matter(self, text: str, previous: int) -> bool:
        """YAML front matter: a `---` first line up to the closing `---` or `...`."""
        first_line = self.currentBlock().blockNumber() == 0
        if first_line and text.rstrip() == "---":
            self.setCurrentBlockState(FRONT_MATTER)
        elif previous == FRONT_MATTER:
            closing = text.rstrip() in ("---", "...")
            self.setCurrentBlockState(NORMAL if closing else FRONT_MATTER)
        else:
            return False
        self.setFormat(0, len(text), self.formats["front_matter"])
        return True

    def _in_fence(self, text: str, previous: int) -> bool:
        """Fenced code blocks are shown as code, with no inline colouring inside."""
        fence = FENCE.match(text)
        if previous == FENCED_CODE:
            self.setCurrentBlockState(NORMAL if fence else FENCED_CODE)
        elif fence:
            self.setCurrentBlockState(FENCED_CODE)
        else:
            return False
        self.setFormat(0, len(text), self.formats["code"])
        return True
