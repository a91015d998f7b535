"""The core layer must stay usable without Qt."""

import pkgutil
import subprocess
import sys

import briefing_app.core


def test_importing_every_core_module_loads_no_qt():
    """Import each module under briefing_app.core in a fresh interpreter; PySide6 stays unloaded."""
    names = [
        m.name for m in pkgutil.walk_packages(briefing_app.core.__path__, "briefing_app.core.")
    ]
    assert len(names) > 5
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core imported Qt: {result.stdout}"
