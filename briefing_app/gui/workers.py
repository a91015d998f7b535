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

import shiboken6
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


def _while_alive(receiver: QObject, callback: Callable | None) -> Callable | None:
    """`callback`, run only while `receiver` exists: a result that arrives after its panel or
    window was closed is dropped instead of reaching code that touches deleted widgets
    ("Internal C++ object already deleted")."""
    if callback is None:
        return None

    def call(*args) -> None:
        if shiboken6.isValid(receiver):
            callback(*args)

    return call


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
        receiver = receiver or self
        for signal, callback in (
            (task.signals.finished, on_result),
            (task.signals.failed, on_error),
            (task.signals.progress, on_progress),
        ):
            if callback is not None:
                signal.connect(_while_alive(receiver, callback))
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


class Latest(QObject):
    """Runs a function off the GUI thread (in line when there is no runner) and hands on the
    result of the call asked last only: an earlier call's answer arriving late is dropped."""

    result = Signal(object)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner | None, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.name = name
        self._generation = 0

    def run(self, fn: Callable[[], Any]) -> None:
        self._generation += 1
        generation = self._generation

        def task(_progress=None, _cancelled=None):
            return generation, fn()

        if self.runner is None:
            try:
                self._answer(task())
            except BriefingError as exc:
                self._fail(str(exc))
            return
        self.runner.start(task, on_result=self._answer, on_error=self._fail, name=self.name)

    def _answer(self, answer: tuple[int, Any]) -> None:
        generation, value = answer
        if generation == self._generation:
            self.result.emit(value)

    def _fail(self, message: str) -> None:
        self.failed.emit(message)
