"""Background work off the GUI thread: a task runs in a thread pool and reports by signals.

A task is a plain function `fn(progress, cancelled)`; it calls `progress(done, total, label)`
and polls `cancelled()` between steps. Results and errors come back as queued signals, so
slots always run on the GUI thread. The pool keeps a Python reference to every running task:
PySide would otherwise let the signal object be collected while the thread still uses it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from briefing_app.core.errors import BriefingError

log = logging.getLogger(__name__)

TaskFunction = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class TaskSignals(QObject):
    """What a task reports: progress, a result, or a plain-language error."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    done = Signal()  # after finished or failed, whether or not it was cancelled


class Task(QRunnable):
    """One unit of background work with progress and cancel."""

    def __init__(self, fn: TaskFunction, name: str = ""):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the pool must not delete it under us
        self.fn = fn
        self.name = name
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # Qt override: runs on a pool thread
        try:
            result = self.fn(self._report_progress, self._cancel.is_set)
        except BriefingError as exc:
            self._emit(self.signals.failed, str(exc))
        except Exception as exc:  # a bug must reach the user as a message, not a dead thread
            log.error("Background task %s failed:\n%s", self.name, traceback.format_exc())
            self._emit(self.signals.failed, f"{type(exc).__name__}: {exc}")
        else:
            self._emit(self.signals.finished, result)
        self._emit(self.signals.done)

    def _report_progress(self, done: int, total: int, label: str) -> None:
        self._emit(self.signals.progress, done, total, label)

    @staticmethod
    def _emit(signal, *args) -> None:
        # A task that outlives its window (closed while a long rebuild finished) has nobody
        # left to tell; Qt then raises "Signal source has been deleted".
        try:
            signal.emit(*args)
        except RuntimeError:
            log.debug("Background task finished after its window closed.")


class _Relay(QObject):
    """Hands a task's reports to its callbacks while `receiver` lives.

    The relay is the receiver's child, so Qt disconnects it when the receiver is destroyed: a
    result that arrives after its panel or window closed is dropped instead of reaching
    callbacks that touch deleted widgets ("Internal C++ object already deleted").
    """

    def __init__(self, receiver: QObject, on_result, on_error, on_progress):
        super().__init__(receiver)
        self.on_result, self.on_error, self.on_progress = on_result, on_error, on_progress

    def finished(self, result) -> None:
        if self.on_result:
            self.on_result(result)

    def failed(self, message: str) -> None:
        if self.on_error:
            self.on_error(message)

    def progress(self, done: int, total: int, label: str) -> None:
        if self.on_progress:
            self.on_progress(done, total, label)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they are done."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()

    def start(
        self,
        fn: TaskFunction,
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        name: str = "",
        receiver: QObject | None = None,
    ) -> Task:
        """Run `fn(progress, cancelled)` in the pool; callbacks run on the GUI thread.

        The callbacks run only while `receiver` (default: this runner) exists: pass the widget
        they update when it can be closed before the runner is."""
        task = Task(fn, name)
        relay = _Relay(receiver or self, on_result, on_error, on_progress)
        task.signals.finished.connect(relay.finished)
        task.signals.failed.connect(relay.failed)
        task.signals.progress.connect(relay.progress)
        task.signals.done.connect(relay.deleteLater)
        task.signals.done.connect(lambda t=task: self._running.discard(t))
        self._running.add(task)
        self.pool.start(task)
        return task

    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every task is finished (used on close and in tests)."""
        return self.pool.waitForDone(msecs)
