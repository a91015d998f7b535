"""Work-arounds for defects of the installed Qt binding, applied once when the GUI loads.

PySide6 6.12 returns the result of `SignalInstance.emit()` (a bool) without taking a
reference to it. On Python builds where True and False are ordinary reference-counted objects
(3.11 and older), every emit from Python then drops one reference to True; after enough
emits the interpreter aborts with "bool_dealloc: deallocating True or False". We detect the
defect with a probe signal and, only if it is present, give back the missing reference.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_EMITS = 16
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def emit_drops_a_reference() -> bool:
    """True when `emit()` loses a reference to its bool result (the defect is present)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - _PROBE_EMITS


def _fixed_emit(original):
    def emit(self, *args):
        result = original(self, *args)
        if result is True or result is False:
            _incref(result)
        return result

    emit.__doc__ = original.__doc__
    emit._briefing_fixed = True
    return emit


def apply() -> bool:
    """Install the emit fix if this binding needs it; True when it was (or already is) installed."""
    if getattr(SignalInstance.emit, "_briefing_fixed", False):
        return True
    if not emit_drops_a_reference():
        return False
    SignalInstance.emit = _fixed_emit(SignalInstance.emit)
    return True
