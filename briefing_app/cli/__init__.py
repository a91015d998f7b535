"""The `briefing` command. With no subcommand it starts the desktop app.

Each subcommand lives in the module named for its area and registers itself here.
"""

from __future__ import annotations

import argparse
import logging
import sys

from briefing_app import __version__
from briefing_app.cli import archive_cmds, output

# Modules that add subcommands; each has register(subparsers).
_COMMAND_MODULES = [
    "archive_cmds",
    "userdata_cmds",
    "search_cmds",
    "claims_cmds",
    "brief_cmds",
    "app_cmds",
]


def _add_common(parser: argparse.ArgumentParser, default) -> None:
    """Options accepted both before and after the subcommand."""
    parser.add_argument(
        "--library",
        metavar="LOCATION",
        default=default,
        help="library folder to use (default: BRIEFING_HOME or the user data folder), or a "
        "team library: postgresql://HOST/DATABASE or service=NAME (see docs/team.md)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=default, help="log what happens"
    )


def _with_common(add_parser):
    def add(*args, **kwargs):
        sub_parser = add_parser(*args, **kwargs)
        # SUPPRESS keeps a value given before the subcommand from being reset to None.
        _add_common(sub_parser, argparse.SUPPRESS)
        return sub_parser

    return add


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Offline briefing editor: archive, search, claims and quotation-checked briefs.",
    )
    parser.add_argument("--version", action="version", version=f"Briefing {__version__}")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser = _with_common(sub.add_parser)
    import importlib

    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"briefing_app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"briefing_app.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefing` console script."""
    raw = sys.argv[1:] if argv is None else argv
    if raw[:1] == ["_pdf-worker"]:
        # Hidden: the PDF reader's child process in a frozen bundle, where `python -m` does
        # not exist (see core/ingest/pdf_worker.py). Handled before any argument parsing.
        from briefing_app.core.ingest.pdf_worker import main as pdf_worker_main

        return pdf_worker_main()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    if not getattr(args, "handler", None):
        from briefing_app.cli import app_cmds

        return app_cmds.run_app(args)
    return output.run_handler(args.handler, args)


__all__ = ["main", "build_parser", "archive_cmds"]

if __name__ == "__main__":
    sys.exit(main())
