"""The Qt desktop interface: a thin layer of widgets and models over `briefing_app.core`."""

from briefing_app.gui import pyside_fixes as _pyside_fixes

# Before any widget emits a signal: see pyside_fixes for the binding defect this repairs.
_pyside_fixes.apply()
