"""The binding work-around: emitting signals must not drain references to True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import briefing_app.gui  # noqa: F401 (importing the GUI package applies the fixes)
from briefing_app.gui import pyside_fixes


class _Emitter(QObject):
    value = Signal(float)
    bare = Signal()


def test_many_emits_keep_true_alive():
    """Thousands of emits leave the reference count of True where it was."""
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.value.emit(0.5)
        emitter.bare.emit()
    assert sys.getrefcount(True) >= before - 5


def test_probe_sees_no_defect_once_applied():
    """After apply() the probe finds emit balanced, and apply() is idempotent."""
    assert not pyside_fixes.emit_drops_a_reference()
    first = pyside_fixes.SignalInstance.emit
    pyside_fixes.apply()
    assert pyside_fixes.SignalInstance.emit is first
