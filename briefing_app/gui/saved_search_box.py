"""The saved searches of the library as a menu in the search dock, with "new since last run".

The searches live with the library (`core.search.saved`), so the CLI and the window share
them. Counting new hits asks the index once per saved search, so it runs on the task pool;
the combo box is filled when the counts come back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from briefing_app.core.errors import BriefingError
from briefing_app.core.search.saved import SavedSearch, SavedSearches
from briefing_app.gui.workers import TaskRunner

log = logging.getLogger(__name__)


class SavedSearchBox(QComboBox):
    """Lists saved searches as "name — n new"; choosing one asks to run its query."""

    run_requested = Signal(str)  # the query of the saved search chosen
    searches_changed = Signal(list)  # the SavedSearch list shown, after each refresh
    failed = Signal(str)  # a plain-language error (bad query, unreadable file)

    def __init__(
        self,
        saved: SavedSearches | None,
        matching_ids: Callable[[str], list[str]] | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("savedSearches")
        self.setAccessibleName(self.tr("Saved searches"))
        self.setToolTip(self.tr("Run a saved search; beside each, its new hits since it last ran"))
        self.saved = saved
        self.matching_ids = matching_ids
        self.runner = runner
        self.searches: list[SavedSearch] = []
        self.paused = False  # while the index is rebuilt, counts wait
        self._fill([])
        self.activated.connect(self._on_chosen)

    def refresh(self) -> None:
        """Recount the new hits of every saved search in the background."""
        if self.saved is None or self.paused:
            return
        saved, matching_ids = self.saved, self.matching_ids
        self.runner.start(
            lambda _progress, _cancelled: saved.with_counts(matching_ids or (lambda _q: [])),
            on_result=self._fill,
            on_error=self._count_failed,
            name="saved searches",
        )

    def save(self, query: str) -> bool:
        """Ask for a name and save `query` under it; False when cancelled or refused."""
        query = query.strip()
        if self.saved is None or not query:
            return False
        name = self._ask_name(query).strip()
        if not name:
            return False
        try:
            self.saved.save(name, query)
        except BriefingError as exc:
            self.failed.emit(str(exc))
            return False
        self._record_run(name, query)  # what it finds now is not "new"
        return True

    def _ask_name(self, query: str) -> str:
        """Ask what to call the saved search (patched out in tests)."""
        name, ok = QInputDialog.getText(
            self, self.tr("Save search"), self.tr("Name of the saved search:"), text=query
        )
        return name if ok else ""

    def _record_run(self, name: str, query: str) -> None:
        saved, matching_ids = self.saved, self.matching_ids

        def record(_progress, _cancelled):
            saved.record_run(name, matching_ids(query) if matching_ids else [])
            return saved.with_counts(matching_ids or (lambda _q: []))

        self.runner.start(record, on_result=self._fill, on_error=self._count_failed, name="saved")

    def _count_failed(self, message: str) -> None:
        # Counts are a convenience: the index may be mid-rebuild; the next refresh retries.
        log.warning("Saved searches not counted: %s", message)

    def _fill(self, searches: list[SavedSearch]) -> None:
        self.searches = list(searches)
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Saved searches (%Ln)", "", len(self.searches)), "")
        for saved in self.searches:
            label = self.tr("{0} — {1} new").format(saved.name, saved.new)
            if saved.problem:  # it still runs, to show the problem under the query box
                label = f"{saved.name} — {saved.problem}"
            self.addItem(label, saved.name)
            self.setItemData(self.count() - 1, saved.query, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(0)
        self.blockSignals(False)
        self.setEnabled(bool(self.searches))
        self.searches_changed.emit(list(self.searches))

    def _on_chosen(self, row: int) -> None:
        name = self.itemData(row)
        self.setCurrentIndex(0)
        chosen = next((s for s in self.searches if s.name == name), None)
        if chosen is None:
            return
        self.run_requested.emit(chosen.query)
        self._record_run(chosen.name, chosen.query)
