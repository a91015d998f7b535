"""Shared CLI plumbing: the workspace from arguments, JSON output, errors, progress bars."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from briefing_app.core.display import UNSAFE, escape_control
from briefing_app.core.errors import BriefingError
from briefing_app.core.workspace import Workspace

log = logging.getLogger(__name__)


def clean(value: Any) -> str:
    """A value from an article, a record or a file name, safe to print on a terminal."""
    return escape_control("" if value is None else str(value))


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


def report_library_problems(ws: Workspace) -> None:
    """Say on stderr which records were unreadable or rebuilt (reading goes on around them)."""
    library = ws.library
    for _, message in sorted(library.recovered.items()):
        error(message)
    for article_id, reason in sorted(library.broken.items()):
        if article_id not in library.recovered:
            error(reason)


def _json(value: Any, **options) -> str:
    # JSON escapes C0 controls itself; C1 controls, bidi overrides and lone surrogates are
    # escaped too (\\uXXXX), so the output is safe on a terminal and still the same JSON.
    # (A raw newline can only be the layout of `indent`: inside strings JSON escapes it.)
    text = json.dumps(value, ensure_ascii=False, **options)
    return UNSAFE.sub(lambda m: "\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def print_json(value: Any, *, lines: bool = False) -> None:
    """Print JSON (one object per line when `lines`)."""
    if lines:
        for item in value:
            print(_json(item))
    else:
        print(_json(value, indent=2))


def error(message: str) -> None:
    print(f"briefing: {escape_control(message, keep=chr(10))}", file=sys.stderr)


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
    except OSError as exc:
        from briefing_app.core.atomicio import describe_os_error

        where = f" ({exc.filename})" if exc.filename else ""
        error(f"{describe_os_error(exc)}{where}")
        return 2
    except Exception as exc:  # never a traceback on the terminal; it is logged for bug reports
        error(f"internal error ({type(exc).__name__}: {exc}); please report it")
        log.debug("Traceback of the internal error", exc_info=exc)
        return 3


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
