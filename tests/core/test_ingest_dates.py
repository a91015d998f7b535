"""Date strings of every common shape become ISO 8601."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.ingest.dates import parse_date, year_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 December 2023", "2023-12-03"),
        ("December 3, 2023", "2023-12-03"),
        ("Dec. 3, 2023", "2023-12-03"),
        ("Sunday, December 3rd, 2023", "2023-12-03"),
        ("the 3rd of May, 2021", "2021-05-03"),
        ("2023-12-03T10:00:00Z", "2023-12-03"),
        ("2023-12-03T23:30:00-05:00", "2023-12-03"),
        ("Sun, 03 Dec 2023 10:00:00 +0000", "2023-12-03"),
        ("Published on 2019/05/06 by staff", "2019-05-06"),
        ("12/03/2023", "2023-12-03"),
        ("25/03/2023", "2023-03-25"),
        ("20231203", "2023-12-03"),
        ("December 2023", "2023-12"),
        ("2023-12", "2023-12"),
        ("2023", "2023"),
    ],
)
def test_common_shapes(text, expected):
    """Each common way of writing a date gives the same ISO form."""
    assert parse_date(text) == expected


def test_default_year_completes_day_and_month():
    """ "November 29" needs a year from elsewhere, and only then is a date."""
    assert parse_date("November 29") is None
    assert parse_date("November 29", default_year=2023) == "2023-11-29"


@pytest.mark.parametrize("text", ["", "maybe later", "2023-02-30", "99/99/2023", "page 12"])
def test_no_date(text):
    """Text without a real calendar date gives None rather than a guess."""
    assert parse_date(text) is None


def test_year_of():
    """The year of an ISO date, None when there is none."""
    assert year_of("2023-12-03") == 2023
    assert year_of("") is None


@given(st.text())
def test_random_text_never_raises(text):
    """Any text gives an ISO string or None."""
    result = parse_date(text, default_year=2020)
    assert result is None or result[:4].isdigit()
