"""The check before an export: a brief whose quotations do not all hold is not exported silently.

An export checks every quotation first. When any is not verified the export is refused with
the list of what fails, unless the user allows it; then the evidence appendix marks each one.
"""

from __future__ import annotations

from typing import Any

from briefing_app.core.brief.verify import QuotationCheck, check_brief
from briefing_app.core.errors import BriefError

LISTED = 20  # failures named in the message; the rest are counted


class UnverifiedQuotations(BriefError):
    """An export was refused because quotations of the brief are not verified."""

    def __init__(self, failures: list[QuotationCheck]):
        self.failures = failures
        super().__init__(unverified_message(failures))


def failure_line(check: QuotationCheck) -> str:
    """One failing quotation as a line: where, what status, which key, and why."""
    quote = check.quote if len(check.quote) <= 60 else check.quote[:57] + "…"
    return f"line {check.line}: {check.status} @{check.key or '-'} “{quote}” — {check.detail}"


def unverified_message(failures: list[QuotationCheck]) -> str:
    """The refusal: how many quotations fail, each named, and how to export anyway."""
    lines = [failure_line(c) for c in failures[:LISTED]]
    if len(failures) > LISTED:
        lines.append(f"… and {len(failures) - LISTED} more")
    count = len(failures)
    head = (
        f"{count} quotation{'s are' if count != 1 else ' is'} not verified; nothing was exported:"
    )
    tail = "Fix them (briefing check lists them), or export anyway with --allow-unverified."
    return "\n".join([head, *("  " + line for line in lines), tail])


def gate(
    text: str, library: Any, *, allow_unverified: bool, index: Any = None
) -> list[QuotationCheck]:
    """Every quotation's check; raises UnverifiedQuotations when any fails and that is not allowed."""
    checks = check_brief(text, library, index)
    failures = [c for c in checks if not c.ok]
    if failures and not allow_unverified:
        raise UnverifiedQuotations(failures)
    return checks
