"""The live preview of a brief: rendered HTML in a QTextBrowser that loads nothing remote.

Rendering waits for a pause in typing (a single-shot timer that restarts on every change)
and then runs on a worker thread, so typing never waits for Markdown parsing or for the
citations to be looked up in the library; the newest render wins and older ones are dropped.
The pause grows with the last render's cost, so long briefs do not stutter while short ones
feel live. `render_now` renders on the calling thread (opening a brief, a style change).
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

log = logging.getLogger(__name__)

MIN_PAUSE_MS = 250
MAX_PAUSE_MS = 1500
OPENABLE_SCHEMES = ("http", "https")

RenderFunction = Callable[[str], str]


def decode_data_url(url: str) -> bytes | None:
    """The payload of a `data:` URL, or None when it is malformed."""
    head, sep, payload = url.partition(",")
    if not sep or not head.lower().startswith("data:"):
        return None
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return unquote_to_bytes(payload)
    except ValueError:
        return None


class BriefPreview(QTextBrowser):
    """Shows `render(markdown)` and re-renders it after a short pause in typing."""

    rendered = Signal(float)  # seconds the last render took
    render_failed = Signal(str)
    link_refused = Signal(str)  # a clicked link that the preview will not open
    _finished = Signal(int, object, float)  # (request number, HTML or error, seconds): worker → GUI

    def __init__(self, render: RenderFunction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefPreview")
        self.setAccessibleName(self.tr("Brief preview"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._render = render
        self._pending = ""
        self._base_dir: Path | None = None
        self._last_cost = 0.0
        self.refused_urls: list[str] = []  # what the preview declined to load (for tests/diagnosis)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.render_in_background)
        self._requests = 0  # numbers each render; only the newest one's result is shown
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brief-preview")
        self._finished.connect(self._on_finished)
        worker = self._worker
        self.destroyed.connect(lambda *_: worker.shutdown(wait=False, cancel_futures=True))

    def set_base_dir(self, folder: Path | None) -> None:
        """The folder relative image paths are resolved against (the brief's folder)."""
        self._base_dir = folder

    def set_style_sheet(self, css: str) -> None:
        """Style the rendered brief (applied to every later render, and re-rendered now)."""
        self.document().setDefaultStyleSheet(css)
        if self._pending:
            self.render_now()

    def schedule(self, markdown: str) -> None:
        """Render `markdown` once typing pauses."""
        self._pending = markdown
        pause = min(MAX_PAUSE_MS, max(MIN_PAUSE_MS, int(self._last_cost * 2000)))
        self._timer.start(pause)

    def pause_ms(self) -> int:
        """The current pause before a re-render (for tests and diagnosis)."""
        return self._timer.interval()

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def render_now(self, markdown: str | None = None) -> None:
        """Render immediately on this thread, keeping the reader's scroll position."""
        self._timer.stop()
        self._requests += 1  # a background render still running is now out of date
        if markdown is not None:
            self._pending = markdown
        started = time.perf_counter()
        try:
            html = self._render(self._pending)
        except Exception as exc:  # a render bug must not take the editor down
            log.exception("Preview render failed")
            self.render_failed.emit(str(exc))
            return
        self._show(html, time.perf_counter() - started)

    def render_in_background(self) -> None:
        """Render the pending text on the worker thread; the result is shown when it is ready."""
        self._timer.stop()
        self._requests += 1
        self._worker.submit(self._render_off_thread, self._requests, self._pending)

    def _render_off_thread(self, request: int, markdown: str) -> None:
        started = time.perf_counter()
        try:
            outcome: object = self._render(markdown)
        except Exception as exc:  # reported on the GUI thread like a synchronous failure
            log.exception("Preview render failed")
            outcome = exc
        try:
            self._finished.emit(request, outcome, time.perf_counter() - started)
        except RuntimeError:
            log.debug("The preview closed while it was rendering.")

    def _on_finished(self, request: int, outcome: object, cost: float) -> None:
        if request != self._requests:
            return  # the text changed since: a newer render is on its way
        if isinstance(outcome, Exception):
            self.render_failed.emit(str(outcome))
            return
        self._show(str(outcome), cost)

    def _show(self, html: str, render_cost: float) -> None:
        started = time.perf_counter()
        bar = self.verticalScrollBar()
        position = bar.value()
        at_end = position > 0 and position >= bar.maximum()
        self.setHtml(html)
        bar.setValue(bar.maximum() if at_end else min(position, bar.maximum()))
        self._last_cost = render_cost + time.perf_counter() - started
        self.rendered.emit(self._last_cost)

    # -- resources: only local files and data: URLs ----------------------------------------------
    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt override)
        """Load images and style sheets from data: URLs and local files; refuse the rest."""
        scheme = url.scheme().lower()
        if scheme == "data":
            return decode_data_url(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if scheme in ("", "file"):
            data = self._read_local(url)
            if data is not None:
                return data
        if url.toString() not in self.refused_urls:
            self.refused_urls.append(url.toString())
        return None

    def _read_local(self, url: QUrl) -> bytes | None:
        raw = url.toLocalFile() if url.isLocalFile() else url.path()
        if not raw:
            return None
        path = Path(raw)
        if not path.is_absolute():
            if self._base_dir is None:
                return None
            path = self._base_dir / path
        try:
            return path.read_bytes() if path.is_file() else None
        except OSError:
            return None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        """Footnote jumps stay inside; web links open in the browser only on a click."""
        if url.scheme() == "" and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
        elif url.scheme().lower() in OPENABLE_SCHEMES:
            QDesktopServices.openUrl(url)
        else:
            self.link_refused.emit(url.toString())

    def document_text(self) -> str:
        """The rendered plain text (what a reader sees), for tests and accessibility."""
        return self.document().toPlainText()

    def find_anchor_block(self, name: str) -> int:
        """The block number holding anchor `name`, or -1."""
        doc: QTextDocument = self.document()
        block = doc.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fmt = iterator.fragment().charFormat()
                if name in fmt.anchorNames():
                    return block.blockNumber()
                iterator += 1
            block = block.next()
        return -1
