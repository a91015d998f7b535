"""Start-up housekeeping shared by the GUI and the CLI: clear what a crash left behind."""

from __future__ import annotations

import logging
from pathlib import Path

from briefing_app import paths
from briefing_app.core import atomicio
from briefing_app.core.brief import export_temps

log = logging.getLogger(__name__)


def tidy(workspace) -> list[Path]:
    """Remove temp files of dead processes and finish half-imported articles; what went.

    Settings and recovery folders are shared by every window, so only temp files of dead
    writers go there. Library leftovers are touched only while holding its write lock: a
    folder without a record may be an import that another process is writing right now.
    A folder with an original but no record gets its record rebuilt from the original
    (`library.recovered` says which), and anything else quarantined: originals are never
    deleted here.
    """
    removed = atomicio.clean_orphans(paths.config_dir())
    removed += atomicio.clean_orphans(paths.recovery_dir())
    if not getattr(workspace, "read_only", False):
        removed += workspace.storage.tidy()  # a folder's leftovers; nothing for a team library
    if removed:
        log.info("Removed %d leftovers of an interrupted write.", len(removed))
    return removed


def tidy_exports() -> list[Path]:
    """Remove what exports killed midway left beside their outputs; return what went.

    Only files the export ledger recorded for a session that has ended are touched (see
    `core/brief/export_temps.py`): an export's folder is the user's, never swept by pattern.
    """
    return export_temps.tidy()
