"""The reader: one article as a read-only document, in a tab of the centre tab widget.

The document is built block by block so every paragraph's position in the QTextDocument is
known; that map turns article offsets (claims, repairs, quotations) into document positions
and a selection back into article offsets. Quotations therefore always come from
`Article.text`, never from what the widget happens to display.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QToolTip, QWidget

from briefing_app.core.article import Article, Repair
from briefing_app.core.display import visible_control

QUOTE_MIME = "application/x-briefing-quotation"
QUOTE_SHORTCUT = "Ctrl+Shift+I"
READABLE_CHARS = 100  # lines much longer than this are hard to read: centre the column
_QUERY_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_QUERY_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def quote_mime_data(article_id: str, start: int, end: int, text: str) -> QMimeData:
    """Mime data for dragging a passage: the exact text plus where it came from."""
    mime = QMimeData()
    payload = {"article_id": article_id, "start": start, "end": end}
    mime.setData(QUOTE_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText(text)
    return mime


def parse_quote_mime(mime: QMimeData) -> tuple[str, int, int] | None:
    """(article_id, start, end) from dragged mime data, or None when it holds no passage."""
    if not mime.hasFormat(QUOTE_MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(QUOTE_MIME)).decode("utf-8"))
        return str(data["article_id"]), int(data["start"]), int(data["end"])
    except (ValueError, KeyError, TypeError):
        return None


def _visible(text: str) -> str:
    """Invisible characters (a no-break space, an en quad) shown by their code points."""
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text)


def query_terms(query: str) -> list[str]:
    """The words of a search query worth highlighting (operators and field names dropped)."""
    terms = []
    for token in query.split():
        token = token.split(":", 1)[-1]
        for word in _QUERY_WORD.findall(token):
            if word not in _QUERY_OPERATORS and len(word) > 1 and word.lower() not in terms:
                terms.append(word.lower())
    return terms


@dataclass
class _ParagraphPlace:
    doc_start: int  # where the paragraph's text begins in the QTextDocument
    text_start: int  # where it begins in Article.text
    length: int


class ArticleView(QTextBrowser):
    """One article: metadata header, numbered paragraphs, repairs marked, terms highlighted."""

    quote_requested = Signal(str, int, int)  # article id, start, end in Article.text
    repair_undo_requested = Signal(str, str)  # article id, id of a heuristic repair
    repairs_restore_requested = Signal(str)  # article id: put every undone repair back

    def __init__(self, article: Article, parent: QWidget | None = None):
        super().__init__(parent)
        self.article = article
        self.setObjectName("articleView")
        self.setAccessibleName(self.tr("Article: {0}").format(visible_control(article.title)))
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._places: list[_ParagraphPlace] = []
        self._terms: list[str] = []
        self._claim_span: tuple[int, int] | None = None
        self._marked: list[tuple[int, int, QColor]] = []  # the analyst's highlights
        self.quote_action = QAction(self.tr("&Quote Selection in Brief"), self)
        self.quote_action.setShortcut(QKeySequence(QUOTE_SHORTCUT))
        self.quote_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.quote_action.setToolTip(
            self.tr("Insert the selected passage into the brief, with its citation")
        )
        self.quote_action.triggered.connect(self.request_quote)
        self.addAction(self.quote_action)
        self._build_document()

    def set_article(self, article: Article) -> None:
        """Show a new version of the article (after a repair was undone), keeping the place."""
        scroll = self.verticalScrollBar().value()
        self.article = article
        self._claim_span = None
        self._build_document()
        self._refresh_highlights()
        self.verticalScrollBar().setValue(scroll)

    # -- building ------------------------------------------------------------------------------
    def _build_document(self) -> None:
        self.clear()
        self.document().setDocumentMargin(18)
        cursor = QTextCursor(self.document())
        self._insert_header(cursor)
        self._places = []
        for number, paragraph in enumerate(self.article.paragraphs, 1):
            self._insert_paragraph(cursor, number, paragraph)
        self._mark_repairs()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _muted(self) -> QColor:
        colour = self.palette().color(QPalette.ColorRole.Text)
        colour.setAlpha(140)
        return colour

    def _insert_header(self, cursor: QTextCursor) -> None:
        m = self.article.metadata
        title = QTextCharFormat()
        title.setFontPointSize(self.font().pointSizeF() * 1.5)
        title.setFontWeight(QFont.Weight.Bold)
        cursor.setBlockFormat(self._block_format(bottom=4))
        # Fields from the file or the record: control characters shown as symbols (␛, ⟨U+202E⟩).
        cursor.insertText(visible_control(m.title) or self.tr("(untitled)"), title)
        details = [", ".join(m.authors), m.publisher, m.published]
        series = " ".join(
            x
            for x in (m.series, m.volume and f"vol. {m.volume}", m.issue and f"no. {m.issue}")
            if x
        )
        details.append(series)
        muted = QTextCharFormat()
        muted.setForeground(self._muted())
        cursor.insertBlock(self._block_format(bottom=2))
        cursor.insertText(visible_control(" · ".join(d for d in details if d)), muted)
        if m.url:
            cursor.insertBlock(self._block_format(bottom=2))
            cursor.insertText(visible_control(m.url), muted)
        if m.excerpt_only:
            cursor.insertBlock(self._block_format(bottom=2))
            cursor.insertText(
                self.tr("Excerpt only: the full article is at the address above."), muted
            )
        cursor.insertBlock(self._block_format(bottom=10))

    def _block_format(self, *, bottom: float) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def _insert_paragraph(self, cursor: QTextCursor, number: int, paragraph: str) -> None:
        cursor.insertBlock(self._block_format(bottom=12))
        marker = QTextCharFormat()
        marker.setForeground(self._muted())
        marker.setFontPointSize(self.font().pointSizeF() * 0.85)
        marker.setToolTip(self.tr("Paragraph {0}").format(number))
        cursor.insertText(f"¶{number}\u2002", marker)
        text_start = self.article.paragraph_starts[number - 1]
        self._places.append(_ParagraphPlace(cursor.position(), text_start, len(paragraph)))
        cursor.insertText(paragraph, QTextCharFormat())

    def _mark_repairs(self) -> None:
        for repair in self.article.repairs:
            if repair.start < 0 or repair.end <= repair.start:
                continue
            cursor = self._cursor_for(repair.start, repair.end)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(self._muted())
            fmt.setToolTip(self._repair_tip(repair))
            cursor.mergeCharFormat(fmt)

    def _repair_tip(self, repair) -> str:
        before = _visible(repair.before)
        sure = self.tr("certain") if repair.certain else self.tr("a guess")
        return self.tr("Repaired ({0}, {1}). The original read: {2}").format(
            repair.kind, sure, before
        )

    # -- offsets --------------------------------------------------------------------------------
    def doc_position(self, offset: int) -> int:
        """The document position of an offset in Article.text."""
        number = self.article.paragraph_at(offset)
        if not number:
            return 0
        place = self._places[number - 1]
        return place.doc_start + min(max(offset - place.text_start, 0), place.length)

    def text_offset(self, position: int) -> int:
        """The Article.text offset of a document position (clamped into the nearest paragraph)."""
        for place in reversed(self._places):
            if position >= place.doc_start:
                return place.text_start + min(position - place.doc_start, place.length)
        return self._places[0].text_start if self._places else 0

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.doc_position(start))
        cursor.setPosition(self.doc_position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selected_span(self) -> tuple[int, int] | None:
        """(start, end) of the selection in Article.text, trimmed of spaces; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.text_offset(cursor.selectionStart())
        end = self.text_offset(cursor.selectionEnd())
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select a passage given by Article.text offsets."""
        self.setTextCursor(self._cursor_for(start, end))

    # -- highlights -----------------------------------------------------------------------------
    def set_search_terms(self, terms: list[str]) -> None:
        """Highlight every word starting with one of `terms` (case-insensitive)."""
        self._terms = [t.lower() for t in terms if t]
        self._refresh_highlights()

    def highlight_claim(self, span: tuple[int, int] | None) -> None:
        """Highlight a claim (or clear with None) and scroll it into view."""
        self._claim_span = span
        self._refresh_highlights()
        if span:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.doc_position(span[1]))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            cursor.setPosition(self.doc_position(span[0]))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def set_marked(self, spans: list[tuple[int, int, QColor]]) -> None:
        """Paint the analyst's highlights (Article.text spans with their colours)."""
        self._marked = list(spans)
        self._refresh_highlights()

    def search_matches(self) -> list[tuple[int, int]]:
        """Article.text spans of the highlighted search terms."""
        if not self._terms:
            return []
        pattern = re.compile(
            r"\b(?:" + "|".join(re.escape(t) for t in self._terms) + r")\w*", re.IGNORECASE
        )
        return [m.span() for m in pattern.finditer(self.article.text)]

    def _refresh_highlights(self) -> None:
        selections = [self._extra(start, end, colour) for start, end, colour in self._marked]
        term_colour = QColor(255, 200, 40, 110)
        for start, end in self.search_matches():
            selections.append(self._extra(start, end, term_colour))
        if self._claim_span:
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            colour.setAlpha(70)
            selections.append(self._extra(*self._claim_span, colour))
        self.setExtraSelections(selections)

    def _extra(self, start: int, end: int, colour: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor_for(start, end)
        selection.format.setBackground(colour)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        return selection

    # -- quoting --------------------------------------------------------------------------------
    def request_quote(self) -> None:
        """Emit quote_requested for the selected passage (nothing when nothing is selected)."""
        span = self.selected_span()
        if span:
            self.quote_requested.emit(self.article.id, *span)

    def createMimeDataFromSelection(self) -> QMimeData:  # Qt override: drag carries provenance
        span = self.selected_span()
        if not span:
            return super().createMimeDataFromSelection()
        return quote_mime_data(
            self.article.id, span[0], span[1], self.article.text[span[0] : span[1]]
        )

    def repair_at(self, point) -> Repair | None:
        """The repair marked under a viewport point, if any."""
        position = self.cursorForPosition(point).position()
        for place in self._places:
            if place.doc_start <= position <= place.doc_start + place.length:
                offset = place.text_start + position - place.doc_start
                break
        else:
            return None
        for repair in self.article.repairs:
            if 0 <= repair.start <= offset < repair.end:
                return repair
        return None

    def context_menu(self, point) -> QMenu:
        """The context menu for a viewport point: quoting, and undoing or restoring repairs."""
        menu = self.createStandardContextMenu(point)
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.quote_action)
        self.quote_action.setEnabled(self.selected_span() is not None)
        repair = self.repair_at(point)
        rejected = list(self.article.rejected_repairs)
        if (repair is not None and not repair.certain) or rejected:
            menu.addSeparator()
        if repair is not None and not repair.certain:
            undo = menu.addAction(
                self.tr("Undo this repair (back to “{0}”)").format(_visible(repair.before))
            )
            undo.setObjectName("undoRepair")
            undo.setToolTip(self.tr("The importer guessed this change; show the original text"))
            undo.triggered.connect(
                lambda _c=False, rid=repair.id: self.repair_undo_requested.emit(
                    self.article.id, rid
                )
            )
        if rejected:
            restore = menu.addAction(self.tr("Restore %Ln undone repair(s)", "", len(rejected)))
            restore.setObjectName("restoreRepairs")
            restore.triggered.connect(
                lambda _c=False: self.repairs_restore_requested.emit(self.article.id)
            )
        return menu

    def contextMenuEvent(self, event) -> None:  # Qt override
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event) -> bool:  # Qt override: tooltips of repairs, ¶ numbers
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point) -> str:
        """The tooltip of the text under a viewport point (a repair's original, for one)."""
        cursor = self.cursorForPosition(point)
        tip = cursor.charFormat().toolTip()
        if not tip and not cursor.atBlockEnd():
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            tip = cursor.charFormat().toolTip()
        return tip

    def resizeEvent(self, event) -> None:  # Qt override: keep a readable line length
        column = self.fontMetrics().averageCharWidth() * READABLE_CHARS + 40
        spare = max(0, self.width() - column - 2 * self.frameWidth())
        self.setViewportMargins(spare // 2, 0, spare // 2, 0)
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:  # Qt override: rebuild colours on a scheme change
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._places:
            self._build_document()
            self._refresh_highlights()
