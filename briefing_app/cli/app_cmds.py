"""`briefing gui` (and `briefing` with no subcommand): start the desktop app.

On a machine with no display, Qt would stop with a platform-plugin error that helps nobody.
We check first, say plainly what is missing and how to run the app under Xvfb, and show the
same first-run flow in the terminal: the sample articles imported, a search, the outline.
"""

from __future__ import annotations

import os
import sys
import textwrap

from briefing_app.cli import output
from briefing_app.cli.output import clean

DEMO_QUERY = "gas union"


def register(sub) -> None:
    p = sub.add_parser("gui", help="start the desktop app (the default with no subcommand)")
    p.set_defaults(handler=run_app)


def has_display(environ=None) -> bool:
    """True when Qt can open a window: a display server, or an explicit QT_QPA_PLATFORM."""
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def run_app(args) -> int:
    """Start the GUI, or explain and show the terminal walk-through when there is no display."""
    library = getattr(args, "library", None)
    if sys.platform.startswith("linux") and not has_display():
        return output.run_handler(lambda a: show_headless(library), args)
    from briefing_app.gui.app import run

    return run(library)


def show_headless(library, stream=None) -> int:
    """The no-display message and the first-run flow as text."""
    from briefing_app.core.workspace import Workspace

    out = stream or sys.stdout
    out.write(
        "Briefing is a desktop app, and this machine has no display (neither DISPLAY nor\n"
        "WAYLAND_DISPLAY is set). To run it on a virtual display:\n\n"
        "    xvfb-run -a make run\n\n"
        "Here is what the window would open with, shown in the terminal instead.\n\n"
    )
    ws = Workspace(library)
    results = ws.ensure_seeded()
    for r in results:
        out.write(f"Imported sample article: {clean(r.title or r.path)} ({r.status})\n")
    _show_search(ws, out)
    articles = ws.articles()
    if articles:
        _show_outline(articles[0], out)
    out.write("\nThe command line does all of this too: `briefing --help`.\n")
    return 0


def _show_search(ws, out) -> None:
    from briefing_app.core.errors import BriefingError

    out.write(f'\nSearch "{DEMO_QUERY}":\n')
    try:
        ws.index.ensure_current()
        results = ws.index.search(DEMO_QUERY, limit=5)
    except BriefingError as exc:
        out.write(f"  (search unavailable: {exc})\n")
        return
    for hit in results.hits:
        snippet = hit.snippet_text if hasattr(hit, "snippet_text") else hit.snippet
        out.write(
            f"  {clean(hit.title)} — {clean(hit.publisher)}, {clean(hit.published)}"
            f" (¶{hit.paragraph})\n"
        )
        out.write(
            textwrap.fill(clean(snippet), 76, initial_indent="    ", subsequent_indent="    ")
            + "\n"
        )
    out.write(f"  {results.total} result(s)\n")


def _show_outline(article, out) -> None:
    from briefing_app.gui.outline_tree import outline_lines

    out.write(f"\nClaims outline of “{clean(article.title)}”:\n")
    for line in outline_lines(article):
        out.write(clean(line) + "\n")
