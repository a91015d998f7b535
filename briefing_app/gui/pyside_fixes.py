"""Work-arounds for defects of the installed Qt binding, applied once when the GUI loads.

PySide6 6.12 returns the result of `SignalInstance.emit()` (a bool) without taking a
reference to it. On Python builds where True and False are ordinary reference-counted objects
(3.11 and older), every emit from Python then drops one reference to True; after enough
emits the interpreter aborts with "bool_dealloc: deallocating True or False".

The same release returns None from every call of a method that returns nothing in C++
(`QTimer.stop()`, `QWidget.update()`, `QLabel.setText()`…) without taking a reference to it:
a window that has been used for a while, or one shutting down, then aborts with
"none_dealloc: deallocating None".

Wrapping `emit` (or every void method) would break `signal.connect(other.emit)` and cost a
Python frame per call, so instead, when a probe shows a defect, we give the object it drops
(True and False, or None) a reserve of references large enough never to run out — what
Python 3.12 does for every build by making them immortal.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

_PROBE_EMITS = 16
RESERVE = 1 << 40  # ~10^12 emits before the reserve could run out
_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_drops_a_reference() -> bool:
    """True when `emit()` loses a reference to its bool result (the defect is present)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - _PROBE_EMITS


def void_call_drops_a_reference() -> bool:
    """True when calling a C++ method that returns nothing loses a reference to None."""
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_EMITS):
        timer.stop()
    return sys.getrefcount(None) <= before - _PROBE_EMITS


def _add_references(obj: object, count: int) -> None:
    # CPython keeps the reference count (a Py_ssize_t) at the start of every object.
    refcount = ctypes.c_ssize_t.from_address(id(obj))
    refcount.value += count


def apply() -> bool:
    """Protect True, False and None where this binding needs it; True when a fix is in place."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython":
        return False
    if emit_drops_a_reference():
        _add_references(True, RESERVE)
        _add_references(False, RESERVE)
        _applied = True
    if void_call_drops_a_reference():
        _add_references(None, RESERVE)
        _applied = True
    return _applied
