"""docs/cli.md matches the command line: a section per subcommand, the same options as --help."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from briefing_app.cli import build_parser

CLI_MD = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
GLOBAL_OPTIONS = {"-h", "--help", "--library", "-v", "--verbose", "--version"}
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand `briefing --help` lists, with its parser."""
    parser = build_parser()
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("briefing has no subcommands")


def sections() -> dict[str, str]:
    """The text of each `## briefing NAME` section of docs/cli.md."""
    text = CLI_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {
        part.split("\n", 1)[0].strip(): part.split("\n", 1)[1]
        for part in parts
        if part.startswith("briefing ")
    }


def own_options(parser: argparse.ArgumentParser) -> set[str]:
    """A subcommand's option strings, without the ones every command shares."""
    return {s for a in parser._actions for s in a.option_strings} - GLOBAL_OPTIONS


def test_every_subcommand_has_a_section():
    """Each subcommand in --help has its own section in docs/cli.md."""
    documented = sections()
    missing = [name for name in subcommands() if f"briefing {name}" not in documented]
    assert not missing, f"docs/cli.md lacks sections for: {missing}"


def test_no_section_for_a_missing_subcommand():
    """docs/cli.md documents no subcommand that does not exist."""
    known = {f"briefing {name}" for name in subcommands()}
    assert set(sections()) <= known, set(sections()) - known


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_section_options_match_help(name):
    """Every long option of the subcommand is documented, and every documented one exists."""
    parser = subcommands()[name]
    text = sections()[f"briefing {name}"]
    for action in parser._actions:
        spellings = set(action.option_strings) - GLOBAL_OPTIONS
        if spellings:  # either spelling (-o or --output) documents the option
            assert any(_mentions(text, s) for s in spellings), f"undocumented: {spellings}"
    long_options = {o for o in own_options(parser) if o.startswith("--")}
    documented = set(OPTION.findall(text))
    assert documented <= long_options | GLOBAL_OPTIONS, (
        f"not in `briefing {name} --help`: {documented - long_options - GLOBAL_OPTIONS}"
    )
    help_text = parser.format_help()
    for option in documented - GLOBAL_OPTIONS:
        assert option in help_text


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_global_options_documented():
    """The options every command takes are described once, at the top."""
    text = CLI_MD.read_text(encoding="utf-8")
    intro = text.split("## briefing ", 1)[0]
    for option in ("--library", "--verbose", "--version", "BRIEFING_HOME"):
        assert option in intro
