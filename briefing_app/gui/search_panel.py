"""The search dock: search as you type (debounced, off the GUI thread), facets, saved searches.

Typing restarts a short timer; when it fires the query runs on the task pool. Each run gets
a generation number and only the newest generation's answer is shown, so a slow query can
never overwrite the results of a later one. Facet choices are facet
filters passed to the index beside the query, so a malformed query never comes from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.display import visible_control
from briefing_app.core.errors import BriefingError, QueryError
from briefing_app.core.search.saved import SavedSearches
from briefing_app.gui import icons
from briefing_app.gui.index_keeper import REBUILD_NEEDED
from briefing_app.gui.numbers import count_text
from briefing_app.gui.saved_search_box import SavedSearchBox
from briefing_app.gui.tag_chips import colour_for, dot_icon
from briefing_app.gui.workers import TaskRunner

DEBOUNCE_MS = 250
RESULT_LIMIT = 50
FACETS = ("publisher", "author", "year", "tag", "collection")
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class Hit:
    """One search result as the panel shows it."""

    id: str
    key: str = ""
    title: str = ""
    publisher: str = ""
    published: str = ""
    score: float = 0.0
    paragraph: int = 0
    snippet: str = ""  # HTML: matches in <b class="match">


@dataclass
class Outcome:
    """What a search returned: total hits, the first page, and facet counts."""

    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    stale: bool = False  # answered by an out-of-date index this library cannot rebuild


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def _facet_pairs(values: Any) -> list[tuple[str, int]]:
    """Facet counts as (value, count) pairs, most frequent first."""
    if isinstance(values, dict):
        pairs = list(values.items())
    else:
        pairs = [
            (v["value"], v["count"]) if isinstance(v, dict) else tuple(v) for v in values or []
        ]
    return sorted(((str(k), int(c)) for k, c in pairs if str(k)), key=lambda p: (-p[1], p[0]))


def normalise(result: Any) -> Outcome:
    """Turn the index's answer (object or JSON-shaped dict) into an Outcome."""
    hits = [
        Hit(**{k: _get(h, k, getattr(Hit, k, "")) for k in Hit.__dataclass_fields__})
        for h in _get(result, "hits", []) or []
    ]
    facets = {
        name: _facet_pairs(values) for name, values in (_get(result, "facets", {}) or {}).items()
    }
    stale = bool(_get(result, "warning", ""))
    return Outcome(int(_get(result, "total", len(hits)) or 0), hits, facets, stale)


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as rich text: title, publisher · date · ¶, highlighted snippet."""

    def _document(self, option, hit: Hit) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(6)
        doc.setDefaultFont(option.font)
        muted = option.palette.color(QPalette.ColorRole.PlaceholderText).name()
        match_bg = (
            "#806000"
            if option.palette.color(QPalette.ColorRole.Base).lightness() < 128
            else "#ffe27a"
        )
        doc.setDefaultStyleSheet(
            f"b.match {{ background-color: {match_bg}; }} .meta {{ color: {muted}; }}"
        )
        meta = " · ".join(
            x for x in (hit.publisher, hit.published, hit.paragraph and f"¶{hit.paragraph}") if x
        )
        doc.setHtml(
            f"<div><b>{_escape(hit.title or hit.key)}</b></div>"
            f"<div class='meta'>{_escape(meta)}</div><div>{visible_control(hit.snippet)}</div>"
        )
        doc.setTextWidth(max(option.rect.width(), 120))
        return doc

    def paint(self, painter, option, index) -> None:  # Qt override
        hit = index.data(HIT_ROLE)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = self._document(option, hit)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # Qt override
        hit = index.data(HIT_ROLE)
        width = option.widget.viewport().width() if option.widget else 300
        option.rect.setWidth(width)
        doc = self._document(option, hit)
        return QSize(width, int(doc.size().height()) + 2)


def _escape(text: str) -> str:
    """Plain text for the result's rich text: markup escaped, control characters visible."""
    return visible_control(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SearchPanel(QWidget):
    """Query box, inline errors, facet filters, saved searches and the result list."""

    article_opened = Signal(str, int)  # article id, paragraph (0: none)
    query_changed = Signal(str)  # the query last run (for highlighting in the reader)
    rebuild_needed = Signal()  # a search found the index must be rebuilt first
    # Ids of every article the query matches (the Library follows them); None: no query.
    matches_changed = Signal(object)
    collection_made = Signal(str)  # the path of a collection the matches were put into

    def __init__(
        self,
        search: Callable[[str, int, dict], Any],
        runner: TaskRunner,
        saved: SavedSearches | None = None,
        matching_ids: Callable[..., list[str]] | None = None,  # (query, filters=None)
        parent: QWidget | None = None,
        *,
        collect: Callable[[str, str], tuple[str, int]] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._search = search
        self._runner = runner
        self._generation = 0
        self._shown_generation = 0
        self._rebuilding = False
        self._held = False  # a query waits for the index rebuild
        self._saved_source = (saved, matching_ids)
        self._collect = collect  # (query, collection path) -> (path, articles filed)
        # Tag → colour (UserData's), for the dots beside the Tag facet's values.
        self.tag_colours: Callable[[], dict[str, str]] = dict
        self.outcome = Outcome()
        self.last_query = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self._build_ui()
        self._connect_signals()
        self._fill_facets(Outcome())
        self.saved_combo.refresh()

    # -- building --------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.query_box = QLineEdit(self)
        self.query_box.setObjectName("searchQuery")
        self.query_box.setPlaceholderText(
            self.tr('Search: words, "phrases", author:…, published:2023')
        )
        self.query_box.setAccessibleName(self.tr("Search query"))
        self.query_box.setClearButtonEnabled(True)
        self.search_icon = self.query_box.addAction(
            icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.save_button = self._tool_button("bookmark", self.tr("Save this search"))
        self.collect_button = self._tool_button(
            "filter", self.tr("Put every match into a collection")
        )
        self.collect_button.setObjectName("searchCollect")
        self.collect_button.setEnabled(self._collect is not None)
        self.saved_combo = SavedSearchBox(*self._saved_source, self._runner, self)
        self.searches_changed = self.saved_combo.searches_changed
        self.error_label = QLabel(self)
        self.error_label.setObjectName("searchError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.facet_combos = {name: self._facet_combo(name) for name in FACETS}
        self.status_label = QLabel(self)
        self.status_label.setObjectName("searchStatus")
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._lay_out()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.query_box, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.collect_button)
        facets = QGridLayout()
        labels = {
            "publisher": self.tr("Publisher"),
            "author": self.tr("Author"),
            "year": self.tr("Year"),
            "tag": self.tr("Tag"),
            "collection": self.tr("Collection"),
        }
        for row, (name, combo) in enumerate(self.facet_combos.items()):
            label = QLabel(labels[name], self)
            label.setBuddy(combo)
            facets.addWidget(label, row, 0)
            facets.addWidget(combo, row, 1)
        facets.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.saved_combo)
        layout.addLayout(facets)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)

    def _tool_button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        action = QAction(icons.icon(icon_name), tip, button)
        button.setDefaultAction(action)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        return button

    def _facet_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"facet_{name}")
        combo.setAccessibleName(self.tr("Filter by {0}").format(name))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _connect_signals(self) -> None:
        self.query_box.textChanged.connect(self._on_text_changed)
        self.query_box.returnPressed.connect(self.run_now)
        self.timer.timeout.connect(self.run_now)
        for combo in self.facet_combos.values():
            combo.activated.connect(self.run_now)
        self.save_button.defaultAction().triggered.connect(self.save_current)
        self.collect_button.defaultAction().triggered.connect(self.collect_matches)
        self.saved_combo.run_requested.connect(self._run_saved)
        self.saved_combo.failed.connect(self.show_inline_error)
        # Activation is a double-click (or Enter) in every style: one connection, one open.
        self.results.itemActivated.connect(self._open_item)

    def changeEvent(self, event) -> None:  # Qt override: re-tint icons for a new scheme
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "search_icon"):
            self.search_icon.setIcon(icons.icon("search"))
            self.save_button.defaultAction().setIcon(icons.icon("bookmark"))
            self.collect_button.defaultAction().setIcon(icons.icon("filter"))

    # -- running ---------------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Put text in the query box (the search follows after the usual pause)."""
        self.query_box.setText(text)

    def _on_text_changed(self, _text: str) -> None:
        self.timer.start()

    def filters(self) -> dict[str, list[str]]:
        """The chosen facet values, as the index takes them."""
        return {name: [c.currentData()] for name, c in self.facet_combos.items() if c.currentData()}

    def run_again(self) -> None:
        """The index changed under the results (changed articles indexed again): run the
        query again, if there is one, and recount the saved searches."""
        if self.query_box.text().strip():
            self.run_now()
        self.saved_combo.refresh()

    def run_now(self) -> None:
        """Run the current query on the task pool (an empty query clears the results)."""
        self.timer.stop()
        query = self.query_box.text().strip()
        filters = self.filters()
        if self._rebuilding and query:
            self._held = True  # runs when the index is ready
            return
        self._generation += 1
        generation = self._generation
        if not query:
            self._show(generation, query, Outcome())
            self.matches_changed.emit(None)
            return
        search = self._search
        self.status_label.setText(self.tr("Searching…"))
        self._runner.start(
            lambda _progress, _cancelled: run_search(search, query, filters),
            on_result=lambda outcome: self._found(generation, query, filters, outcome),
            on_error=lambda message: self._show_error(generation, message),
            name="search",
            receiver=self,
        )

    def _found(self, generation: int, query: str, filters: dict, outcome) -> None:
        """The results first, then every match for the Library: the index answers one call
        at a time, and the matches take the words the search has just read from its cache."""
        self._show(generation, query, outcome)
        if generation == self._generation and outcome != REBUILD_NEEDED:
            self._find_matches(generation, query, filters)

    def _find_matches(self, generation: int, query: str, filters: dict) -> None:
        """Every id the query and facets match, for the Library (the result list shows the
        best page only)."""
        matching = self._saved_source[1]
        if matching is None:
            return
        self._runner.start(
            lambda _progress, _cancelled: (
                matching(query, filters=filters) if filters else matching(query)
            ),
            on_result=lambda ids: self._show_matches(generation, ids),
            # A bad query: its error shows under the box, from the search itself.
            on_error=lambda _message: None,
            name="search-matches",
            receiver=self,
        )

    def _show_matches(self, generation: int, ids: list[str]) -> None:
        if generation == self._generation:  # a later query's matches must not be replaced
            self.matches_changed.emit(list(ids))

    def _show(self, generation: int, query: str, outcome: Outcome | str) -> None:
        if generation < self._shown_generation:
            return  # an older query answered late
        if outcome == REBUILD_NEEDED:
            self._held = True
            self.rebuild_needed.emit()
            return
        self._shown_generation = generation
        self.error_label.hide()
        self.outcome = outcome
        self.last_query = query
        self._fill_results(outcome)
        self._fill_facets(outcome)
        if query:
            status = self.tr("%Ln result(s)", "", outcome.total)
            if outcome.stale:
                status += " — " + self.tr("the search index is out of date")
            self.status_label.setText(status)
        else:
            self.status_label.setText("")
        self.query_changed.emit(query)

    def _show_error(self, generation: int, message: str) -> None:
        if generation < self._shown_generation:
            return
        self._shown_generation = generation
        self.show_inline_error(message)

    def show_inline_error(self, message: str) -> None:
        """Show a plain-language error under the query box."""
        self.error_label.setText(message)
        self.error_label.show()
        self.status_label.setText("")

    def _fill_results(self, outcome: Outcome) -> None:
        self.results.clear()
        for hit in outcome.hits:
            item = QListWidgetItem(self.results)
            item.setData(HIT_ROLE, hit)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                visible_control(f"{hit.title}, {hit.publisher}, {hit.published}"),
            )
            item.setToolTip(
                self.tr("Double-click to open “{0}”").format(visible_control(hit.title))
            )

    def _fill_facets(self, outcome: Outcome) -> None:
        everything = {
            "publisher": self.tr("All publishers"),
            "author": self.tr("All authors"),
            "year": self.tr("All years"),
            "tag": self.tr("All tags"),
            "collection": self.tr("All collections"),
        }
        for name, combo in self.facet_combos.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything[name], "")
            colours = self._colours() if name == "tag" else None
            for value, count in outcome.facets.get(name, []):
                combo.addItem(f"{value} ({count_text(count)})", value)
                if colours is not None:
                    combo.setItemIcon(combo.count() - 1, dot_icon(colour_for(value, colours)))
            if chosen and combo.findData(chosen) < 0:
                combo.addItem(f"{chosen} (0)", chosen)
            combo.setCurrentIndex(max(combo.findData(chosen or ""), 0))
            combo.blockSignals(False)

    def _colours(self) -> dict[str, str]:
        try:
            return self.tag_colours()
        except BriefingError:
            return {}  # a damaged collections file: the facet still lists the tags

    def recolour_tags(self) -> None:
        """A tag's colour changed: the Tag facet's dots follow."""
        self._fill_facets(self.outcome)

    def _open_item(self, item: QListWidgetItem) -> None:
        hit: Hit = item.data(HIT_ROLE)
        self.article_opened.emit(hit.id, int(hit.paragraph or 0))

    # -- saved searches ------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Save the query in the box under a name the user gives."""
        return self.saved_combo.save(self.query_box.text())

    def collect_matches(self) -> bool:
        """A search turned into a collection: every article the query finds goes into a
        collection the user names (made when missing); a saved search's name is offered."""
        query = self.query_box.text().strip()
        if self._collect is None or not query:
            return False
        same = [s.name for s in self.saved_combo.searches if s.query.strip() == query]
        path = self._ask_collection(same[0] if same else "").strip()
        if not path:
            return False
        try:
            made, count = self._collect(query, path)
        except BriefingError as exc:
            self.show_inline_error(str(exc))
            return False
        self.status_label.setText(self.tr("%Ln article(s) put into “{0}”", "", count).format(made))
        self.collection_made.emit(made)
        return True

    def _ask_collection(self, suggestion: str) -> str:
        """Which collection to put the matches into (patched out in tests)."""
        path, ok = QInputDialog.getText(
            self,
            self.tr("Make a collection"),
            self.tr("Put every match into the collection (Parent/Child makes it nested):"),
            text=suggestion,
        )
        return path if ok else ""

    def _run_saved(self, query: str) -> None:
        self.query_box.setText(query)
        self.run_now()

    # -- index rebuild -------------------------------------------------------------------------
    def set_rebuilding(self, done: int, total: int) -> None:
        """The index is being rebuilt: say how far, hold searches until it is done."""
        self._rebuilding = True
        self.saved_combo.paused = True
        self.status_label.setText(
            self.tr("Rebuilding the search index… {0}/{1}").format(
                count_text(done), count_text(total)
            )
        )

    def rebuild_done(self, _rebuilt: bool, message: str) -> None:
        """The rebuild ended: run the held query and recount the saved searches."""
        was_rebuilding, self._rebuilding = self._rebuilding, False
        self.saved_combo.paused = False
        held, self._held = self._held, False
        if message:
            self.show_inline_error(
                self.tr("The search index could not be rebuilt: {0}").format(message)
            )
            return
        if was_rebuilding and not held:
            self.status_label.setText("")
        if held or was_rebuilding:
            self.run_now()
        if was_rebuilding:
            self.saved_combo.refresh()


def run_search(search: Callable[[str, int, dict], Any], query: str, filters: dict) -> Outcome | str:
    """Run a search (on a pool thread); a malformed query raises QueryError with its position.

    REBUILD_NEEDED passes through: the panel then waits for the index rebuild.
    """
    try:
        result = search(query, RESULT_LIMIT, filters)
        return REBUILD_NEEDED if result == REBUILD_NEEDED else normalise(result)
    except QueryError as exc:
        raise QueryError(query_error_message(exc), exc.position) from exc


def query_error_message(exc: QueryError) -> str:
    """A query error as shown under the box (with the position when known)."""
    if exc.position is None:
        return str(exc)
    return f"{exc} (at character {exc.position + 1})"
