"""The "Check quotations" panel: every quotation of the brief with its status and detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.gui.quick_fix import QuickFixBox

VERIFIED = "verified"


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckPanel", text)


@dataclass(frozen=True)
class QuotationRow:
    """One checked quotation as the panel and the editor see it."""

    line: int
    quote: str
    key: str
    status: str
    detail: str
    start: int = -1  # offsets of the quoted words in the checked text (-1: unknown)
    end: int = -1
    fix: Any = field(default=None, compare=False)  # the quick fix its status implies, if any

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED


def as_row(result: Any, fix: Any = None) -> QuotationRow:
    """A QuotationRow from a checker result (an object with the `check --json` fields, or a dict)."""
    get = (
        result.get
        if isinstance(result, dict)
        else lambda name, default=None: getattr(result, name, default)
    )
    return QuotationRow(
        line=int(get("line", 0) or 0),
        quote=str(get("quote", "") or ""),
        key=str(get("key", "") or ""),
        status=str(get("status", "") or ""),
        detail=str(get("detail", "") or ""),
        start=int(get("start", -1) if get("start", -1) is not None else -1),
        end=int(get("end", -1) if get("end", -1) is not None else -1),
        fix=fix,
    )


def status_label(status: str) -> str:
    """The words the panel shows for a status code."""
    return {
        "verified": _tr("Verified"),
        "wrong_locator": _tr("Wrong locator"),
        "not_found": _tr("Not found"),
        "wrong_source": _tr("Wrong source"),
        "unsupported_ellipsis": _tr("Unsupported ellipsis"),
        "changed_since_quoted": _tr("Changed since quoted"),
        "no_citation": _tr("No citation"),
        "unknown_key": _tr("Unknown source"),
    }.get(status, status.replace("_", " ").capitalize())


class CheckPanel(QWidget):
    """Lists the quotations; activating one asks the editor to jump to its line.

    Below the list, the selected quotation's quick fix (if its status implies one).
    """

    line_activated = Signal(int)
    recheck_requested = Signal()
    fix_requested = Signal(object)  # a core Fix, applied by the tab as one undo step

    COLUMNS = ("Line", "Status", "Quotation", "Source", "Detail")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkPanel")
        self.rows: list[QuotationRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        header = QHBoxLayout()
        self.summary = QLabel(self.tr("Quotations not checked yet."), self)
        self.summary.setAccessibleName(self.tr("Check summary"))
        self.recheck_button = QPushButton(self.tr("Check again"), self)
        self.recheck_button.setToolTip(
            self.tr("Check every quotation of the brief against its source")
        )
        header.addWidget(self.summary, 1)
        header.addWidget(self.recheck_button)
        layout.addLayout(header)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Checked quotations"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        head = self.tree.header()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        self.fix_box = QuickFixBox(self)
        layout.addWidget(self.fix_box)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.recheck_button.clicked.connect(self.recheck_requested)
        self.fix_box.fix_requested.connect(self.fix_requested)

    def clear(self) -> None:
        """Forget earlier results (a different brief was loaded)."""
        self.rows = []
        self.tree.clear()
        self.fix_box.show_fix(None)
        self.summary.setText(self.tr("Quotations not checked yet."))

    def set_running(self) -> None:
        self.summary.setText(self.tr("Checking quotations…"))

    def show_error(self, message: str) -> None:
        """The check itself failed: say why instead of showing stale results."""
        self.summary.setText(self.tr("The check failed: %1").replace("%1", message))

    def set_results(self, results: list[Any]) -> None:
        """Show checker results in document order."""
        self.rows = [r if isinstance(r, QuotationRow) else as_row(r) for r in results]
        self.tree.clear()
        self.fix_box.show_fix(None)
        good, bad = self._status_colours()
        for index, row in enumerate(self.rows):
            item = QTreeWidgetItem(
                [str(row.line), status_label(row.status), _shorten(row.quote), row.key, row.detail]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.line)
            item.setData(1, Qt.ItemDataRole.UserRole, index)
            item.setForeground(1, good if row.verified else bad)
            item.setToolTip(2, row.quote)
            item.setToolTip(4, row.detail)
            self.tree.addTopLevelItem(item)
        self.summary.setText(self._summary_text())

    def _summary_text(self) -> str:
        if not self.rows:
            return self.tr("The brief holds no quotations.")
        failing = sum(not r.verified for r in self.rows)
        if not failing:
            return self.tr("All %1 quotations are verified.").replace("%1", str(len(self.rows)))
        return (
            self.tr("%1 of %2 quotations are not verified.")
            .replace("%1", str(failing))
            .replace("%2", str(len(self.rows)))
        )

    def _status_colours(self) -> tuple[QColor, QColor]:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        lightness = 170 if dark else 70
        return QColor.fromHsl(120, 150, lightness), QColor.fromHsl(0, 170, lightness)

    def _on_current_changed(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        index = item.data(1, Qt.ItemDataRole.UserRole) if item is not None else None
        row = self.rows[index] if index is not None and 0 <= index < len(self.rows) else None
        self.fix_box.show_fix(row.fix if row is not None and not row.verified else None)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        line = item.data(0, Qt.ItemDataRole.UserRole)
        if line:
            self.line_activated.emit(int(line))


def _shorten(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
