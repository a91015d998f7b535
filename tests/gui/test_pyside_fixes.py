"""The binding work-around: emitting signals must never exhaust the references to True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import briefing_app.gui  # noqa: F401 (importing the GUI package applies the fixes)
from briefing_app.gui import pyside_fixes


class _Emitter(QObject):
    value = Signal(float)
    bare = Signal()
    relay = Signal(float)


def test_many_emits_leave_true_alive():
    """Thousands of emits (including signal-to-emit relays) keep True far from zero."""
    emitter = _Emitter()
    emitter.value.connect(emitter.relay.emit)  # the pattern a wrapped emit() would break
    received = []
    emitter.relay.connect(received.append)
    for _ in range(5000):
        emitter.value.emit(0.5)
        emitter.bare.emit()
    assert len(received) == 5000
    assert sys.getrefcount(True) > 10**6 or not pyside_fixes.emit_drops_a_reference()


def test_apply_is_idempotent():
    """A second apply() changes nothing."""
    first = pyside_fixes.apply()
    before = sys.getrefcount(True)
    assert pyside_fixes.apply() == first
    assert abs(sys.getrefcount(True) - before) < 100


def test_many_void_calls_leave_none_alive():
    """Calls of methods that return nothing in C++ never exhaust the references to None."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(50000):  # more than a fresh interpreter holds references to None
        timer.stop()
    assert sys.getrefcount(None) > 10**6 or sys.getrefcount(None) >= before
