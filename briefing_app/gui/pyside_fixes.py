"""Work-arounds for defects of the installed Qt binding, applied once when the GUI loads.

PySide6 6.12 returns the result of `SignalInstance.emit()` (a bool) without taking a
reference to it. On Python builds where True and False are ordinary reference-counted objects
(3.11 and older), every emit from Python then drops one reference to True; after enough
emits the interpreter aborts with "bool_dealloc: deallocating True or False".

Wrapping `emit` would break `signal.connect(other.emit)`, so instead, when a probe shows the
defect, we give True and False a reserve of references large enough never to run out — what
Python 3.12 does for every build by making them immortal.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

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


def _add_references(obj: object, count: int) -> None:
    # CPython keeps the reference count (a Py_ssize_t) at the start of every object.
    refcount = ctypes.c_ssize_t.from_address(id(obj))
    refcount.value += count


def apply() -> bool:
    """Protect True and False if this binding needs it; True when the fix is in place."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or not emit_drops_a_reference():
        return False
    _add_references(True, RESERVE)
    _add_references(False, RESERVE)
    _applied = True
    return True
