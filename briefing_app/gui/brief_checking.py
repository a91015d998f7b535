"""Runs the quotation check off the GUI thread and maps its results to editor ranges.

A check compares every quotation with the library, which can take a while in a large
library, so it runs in the background: automatically after a longer pause in typing, or at
once when the user asks. Results for a text that has since changed are dropped by the tab.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTimer, Signal

from briefing_app.gui.check_panel import QuotationRow, as_row, status_label
from briefing_app.gui.editor import QuotationFlag, to_utf16
from briefing_app.gui.workers import TaskRunner

AUTO_CHECK_PAUSE_MS = 1500
SEARCH_WINDOW = 4000  # characters after the reported line in which to look for the quote


def run_check(workspace, text: str) -> list[QuotationRow]:
    """The core check of a brief's text against the workspace's library, with quick fixes."""
    from briefing_app.core.brief.fixes import propose_fixes
    from briefing_app.core.brief.verify import check_brief

    # The workspace as index: a big library narrows the wrong-source search through it.
    checks = check_brief(text, workspace.library, index=workspace)
    fixes = propose_fixes(text, checks, workspace.library)
    return [as_row(check, fix) for check, fix in zip(checks, fixes, strict=True)]


class BriefChecker(QObject):
    """Schedules checks and reports (text, results) back on the GUI thread."""

    checked = Signal(str, list)
    failed = Signal(str)

    def __init__(self, workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.runner = TaskRunner(self, max_threads=1)
        self._pending = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTO_CHECK_PAUSE_MS)
        self._timer.timeout.connect(lambda: self.check_now(self._pending))

    def schedule(self, text: str) -> None:
        """Check `text` once typing pauses."""
        self._pending = text
        self._timer.start()

    def check_now(self, text: str) -> None:
        """Start a check of `text` in the background."""
        self._timer.stop()
        if self.workspace is None:
            return
        workspace = self.workspace
        self.runner.start(
            lambda _progress, _cancelled: run_check(workspace, text),
            on_result=lambda rows: self.checked.emit(text, rows),
            on_error=self.failed.emit,
            name="check quotations",
        )

    def wait(self, msecs: int = 30000) -> bool:
        """Block until running checks are done (tests and shutdown)."""
        return self.runner.wait(msecs)

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.cancel_all()
        self.runner.wait(5000)

    @staticmethod
    def flags_for(text: str, rows: list[QuotationRow]) -> list[QuotationFlag]:
        """Editor ranges (Qt positions) for the quotations of `text` that are not verified."""
        flags = []
        for row in rows:
            if row.verified:
                continue
            if 0 <= row.start < row.end <= len(text):
                start, end = row.start, row.end
            else:
                start, end = locate_quote(text, row.line, row.quote)
            flags.append(
                QuotationFlag(to_utf16(text, start), to_utf16(text, end), row.status, _reason(row))
            )
        return flags


def _reason(row: QuotationRow) -> str:
    label = status_label(row.status)
    return f"{label}: {row.detail}" if row.detail else label


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    # Hard-wrapped lines and blockquote markers may sit between the quote's words in the source.
    return re.compile(r"[\s>]+".join(re.escape(w) for w in words))


def locate_quote(text: str, line: int, quote: str) -> tuple[int, int]:
    """The span of `quote` at or after 1-based `line` of `text`; the whole line when not found."""
    lines = text.split("\n")
    line = min(max(1, line), len(lines))
    origin = sum(len(part) + 1 for part in lines[: line - 1])
    window = text[origin : origin + SEARCH_WINDOW]
    words = quote.split()
    for probe in (words, words[:6]):
        if probe:
            match = _words_pattern(probe).search(window)
            if match:
                return origin + match.start(), origin + match.end()
    return origin, origin + max(1, len(lines[line - 1]))
