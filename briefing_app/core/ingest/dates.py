"""Date strings of the common shapes ("3 December 2023", "Dec. 3, 2023", "2023-12-03T10:00Z",
"Sun, 03 Dec 2023 10:00:00 +0000", "12/03/2023", "November 29") turned into ISO 8601.

Only the calendar date is kept: a briefing cites the day an article appeared, and a time of
day with a time zone would make the same day look different across sources.
"""

from __future__ import annotations

import datetime as _dt
import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|2\d)\d\d)"

# Ordered: the most specific shapes first, so "2023-12-03" never reads as a bare year.
_PATTERNS = [
    re.compile(rf"(?<!\d){_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}\.(?P<mnum>[01]?\d)\.(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<![\w]){_DAY}\s*(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?(?!\w)", re.IGNORECASE),
    re.compile(rf"(?<![\w]){_MONTH}\s*{_DAY}(?:\s*,?\s*{_YEAR})?(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<!\d)(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]{_YEAR}(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}(?P<mnum>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"(?<![\w]){_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\d){_YEAR}-(?P<mnum>[01]?\d)(?![\d-])"),
    re.compile(rf"^\s*{_YEAR}\s*$"),
]


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    """The ISO form of a date, or None when it does not exist (30 February)."""
    try:
        if day is not None and month is not None:
            return _dt.date(year, month, day).isoformat()
        if month is not None:
            _dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}"
    except ValueError:
        return None


def _numeric_day_month(a: int, b: int) -> tuple[int, int] | None:
    """(month, day) of "a/b/yyyy": month first (US) unless that cannot be a date."""
    if 1 <= a <= 12:
        return a, b
    if 1 <= b <= 12:
        return b, a
    return None


def _from_match(match: re.Match, default_year: int | None) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else default_year
    if year is None:
        return None
    if groups.get("a"):
        pair = _numeric_day_month(int(groups["a"]), int(groups["b"]))
        return _iso(year, *pair) if pair else None
    if groups.get("month"):
        month = MONTHS[groups["month"].lower()]
    elif groups.get("mnum"):
        month = int(groups["mnum"])
    else:
        month = None
    day = int(groups["day"]) if groups.get("day") else None
    return _iso(year, month, day)


def parse_date(text: str, *, default_year: int | None = None) -> str | None:
    """The ISO 8601 date written in `text` ("YYYY-MM-DD", or "YYYY-MM"/"YYYY"), else None.

    `default_year` completes dates written without one ("November 29"); without it such
    dates give None.
    """
    if not text or not isinstance(text, str):
        return None
    sample = text.strip()[:200]
    for pattern in _PATTERNS:
        for match in pattern.finditer(sample):
            found = _from_match(match, default_year)
            if found:
                return found
    return None


def year_of(iso: str | None) -> int | None:
    """The year of an ISO date string, or None."""
    if iso and len(iso) >= 4 and iso[:4].isdigit():
        return int(iso[:4])
    return None
