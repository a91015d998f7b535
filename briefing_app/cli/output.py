"""Shared CLI plumbing: the workspace from arguments, JSON output, errors, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from briefing_app.core.errors import BriefingError
from briefing_app.core.workspace import Workspace


def workspace(args, *, writing: bool = False) -> Workspace:
    """The workspace named by --library; commands that write clear a crashed run's leftovers.

    Readers never see leftovers (a folder without a record is invisible), so read-only
    commands skip the tidy: it walks the whole library and briefly takes its write lock.
    """
    ws = Workspace(getattr(args, "library", None))
    if writing:
        from briefing_app.core import startup

        startup.tidy(ws)
    return ws


def print_json(value: Any, *, lines: bool = False) -> None:
    """Print JSON (one object per line when `lines`)."""
    if lines:
        for item in value:
            print(json.dumps(item, ensure_ascii=False))
    else:
        print(json.dumps(value, ensure_ascii=False, indent=2))


def error(message: str) -> None:
    print(f"briefing: {message}", file=sys.stderr)


def run_handler(handler: Callable[[Any], int], args) -> int:
    """Run a subcommand; expected errors become one plain line and exit code 2."""
    try:
        return int(handler(args) or 0)
    except BriefingError as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0


class ProgressBar:
    """A one-line progress bar on a terminal; silent when stderr is not a terminal."""

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = -1

    def __call__(self, done: int, total: int, current: str) -> None:
        if not self.enabled or total <= 0:
            return
        percent = int(100 * done / total)
        if percent == self._last and done != total:
            return
        self._last = percent
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {current[-40:]:<40}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
