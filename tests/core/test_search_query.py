"""The query language parser: every form parses to the right tree; mistakes point at themselves."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing_app.core.errors import QueryError
from briefing_app.core.search import query as q


def test_words_are_all_required_by_default():
    """Plain words become an AND group of words."""
    tree = q.parse("gas union")
    assert isinstance(tree, q.Group) and tree.op == "and"
    assert [w.text for w in tree.parts] == ["gas", "union"]


def test_or_binds_looser_than_and():
    """`a b OR c` is (a AND b) OR c."""
    tree = q.parse("gas union OR pipeline")
    assert tree.op == "or"
    assert tree.parts[0].op == "and" and tree.parts[1].text == "pipeline"


def test_not_minus_and_parentheses():
    """NOT and -word negate; parentheses group."""
    tree = q.parse("(gas OR oil) NOT Russia -China")
    assert tree.op == "and"
    assert tree.parts[0].op == "or"
    assert isinstance(tree.parts[1], q.Negation) and tree.parts[1].part.text == "Russia"
    assert isinstance(tree.parts[2], q.Negation) and tree.parts[2].part.text == "China"
    assert q.is_negative(q.parse("NOT gas -oil")) and not q.is_negative(tree)


def test_phrases_proximity_fields_fuzzy_prefix():
    """Phrases with ~N, fields (with aliases), fuzzy ~ and prefix * parse to their nodes."""
    tree = q.parse(
        '"gas union"~5 author:Avdaliani tag:energy Akchulakov~ Kazakh* title:"multi vector"'
    )
    phrase, author, tag, fuzzy, prefix, title = tree.parts
    assert (phrase.text, phrase.slop) == ("gas union", 5)
    assert (author.field, author.text) == ("author", "Avdaliani")
    assert tag.field == "tag"
    assert (fuzzy.text, fuzzy.fuzzy) == ("Akchulakov", 1)
    assert (prefix.text, prefix.prefix) == ("Kazakh", True)
    assert (title.field, title.text) == ("title", "multi vector")
    assert q.parse("Akchulakov~2").fuzzy == 2


def test_dates_months_years_and_open_ranges():
    """published: takes a day, month or year, and ranges open on either side."""
    month = q.parse("published:2023-12")
    assert (month.start, month.end) == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert q.parse("year:2024").end == dt.date(2024, 12, 31)
    closed = q.parse("published:[2023-11-01 to 2023-12-31]")
    assert (closed.start, closed.end) == (dt.date(2023, 11, 1), dt.date(2023, 12, 31))
    opened = q.parse("published:[2023-01-01 to]")
    assert (opened.start, opened.end) == (dt.date(2023, 1, 1), None)
    upto = q.parse("published:[TO 2023-02]")
    assert (upto.start, upto.end) == (None, dt.date(2023, 2, 28))


def test_field_groups_and_urls():
    """A field applies to a parenthesised group; a bare URL is a word, not a field."""
    tree = q.parse("title:(gas OR oil)")
    assert {p.field for p in tree.parts} == {"title"}
    assert q.parse("https://jamestown.org").text == "https://jamestown.org"


def test_empty_query_matches_everything():
    """An empty box lists everything."""
    assert isinstance(q.parse("   "), q.MatchAll)


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("(gas union", 0, "never closed"),
        ("gas union)", 9, "no opening"),
        ('"gas union', 0, "quotation mark"),
        ("gas OR", 4, "after it"),
        ("OR gas", 0, "before it"),
        ("gas AND", 4, "after it"),
        ("NOT", 0, "after it"),
        ("gas NOT )", 4, "after it"),
        ("colour:red", 0, "Unknown field"),
        ("title: gas", 0, "Nothing follows"),
        ("published:2023-13", 10, "not a real date"),
        ("published:yesterday", 10, "not a date"),
        ("published:[2023-12-31 to 2023-01-01]", 10, "ends before"),
        ("published:[to]", 10, "at least one date"),
        ("published:[2023-01-01 2023-02-01]", 10, "date range"),
        ("published:[2023-01-01 to", 10, "never closed"),
        ("title:[a to b]", 6, "dates only"),
        ("Kaz*akh", 3, "end of a word"),
        ("a*", 0, "at least"),
        ("gas~3", 3, "Fuzzy"),
        ('"gas union"~x', 11, "Proximity"),
        ('""', 0, "Empty quotation"),
        ("- gas", 0, "right before"),
        (":gas", 0, "field name is missing"),
        ("gas ]", 4, "no opening"),
    ],
)
def test_malformed_queries_point_at_the_problem(text, position, words):
    """Every malformed query raises QueryError with a plain message and its position."""
    with pytest.raises(QueryError) as caught:
        q.parse(text)
    assert caught.value.position == position
    assert words in str(caught.value)


def test_error_description_has_a_caret():
    """describe_error puts a caret under the problem for terminals."""
    try:
        q.parse("gas (union")
    except QueryError as exc:
        lines = q.describe_error("gas (union", exc).splitlines()
    assert lines[-1] == "  " + " " * 4 + "^"


def test_deep_nesting_is_refused_not_a_recursion_error():
    """Absurd nesting is a QueryError, never a RecursionError."""
    with pytest.raises(QueryError):
        q.parse("(" * 500 + "gas" + ")" * 500)
