"""The analyst's query language, parsed into a small tree (no search engine involved).

The parser checks the syntax and reports problems with the character position they start
at, so the GUI can point at them; the search backend turns the tree into engine queries. Grammar::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary ("AND"? unary)*          words are all required by default
    unary   := "NOT" unary | "-" unary | "+" unary | atom
    atom    := "(" or_expr ")" | FIELD ":" (value | range | "(" or_expr ")") | value
    value   := '"' words '"' ("~" N)? | word ("~" N?)? | prefix "*"
    range   := "[" start? "to" end? "]"    (dates, for published:)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from briefing_app.core.errors import QueryError

# Field names the user may type, mapped to the canonical name the index knows.
FIELD_ALIASES = {
    "title": "title",
    "body": "body",
    "text": "body",
    "author": "author",
    "authors": "author",
    "by": "author",
    "publisher": "publisher",
    "series": "series",
    "url": "url",
    "tag": "tag",
    "tags": "tag",
    "collection": "collection",
    "note": "note",
    "notes": "note",
    "language": "language",
    "lang": "language",
    "speaker": "speaker",
    "cue": "cue",
    "kind": "kind",
    "claim": "claim",
    "published": "published",
    "date": "published",
    "year": "published",
}
DATE_FIELDS = {"published"}
MAX_DEPTH = 40
MAX_FUZZY = 2
MIN_PREFIX = 2

_WORD_END = re.compile(r'[\s()"\[\]]')
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass
class Word:
    """One word (or a few joined by punctuation), maybe fuzzy or a prefix."""

    text: str
    pos: int
    field: str | None = None
    fuzzy: int = 0
    prefix: bool = False


@dataclass
class Phrase:
    """Words in this order; `slop` allows that many positions of play (proximity)."""

    text: str
    pos: int
    field: str | None = None
    slop: int = 0


@dataclass
class DateSpan:
    """Published between two dates, inclusive; None leaves that side open."""

    start: dt.date | None
    end: dt.date | None
    pos: int
    field: str = "published"


@dataclass
class Group:
    """All (`op` "and") or any (`op` "or") of the parts."""

    op: str
    parts: list = field(default_factory=list)


@dataclass
class Negation:
    """Documents not matching `part`."""

    part: object
    pos: int


@dataclass
class MatchAll:
    """The empty query: every document."""


def date_span(text: str, pos: int, *, end: bool = False) -> tuple[dt.date, dt.date]:
    """(first day, last day) of "2023", "2023-12" or "2023-12-03"; QueryError otherwise."""
    match = _DATE.match(text.strip())
    if not match:
        raise QueryError(f"{text!r} is not a date: write it as 2023-12-03, 2023-12 or 2023.", pos)
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day_date = dt.date(year, month, day)
        return day_date, day_date
    except ValueError:
        raise QueryError(f"{text!r} is not a real date.", pos) from None


class _Parser:
    """A recursive-descent parser over the raw string (positions are string offsets)."""

    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.depth = 0

    # -- scanning -----------------------------------------------------------------------
    def skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def at_end(self) -> bool:
        self.skip_space()
        return self.i >= len(self.text)

    def peek_operator(self) -> str | None:
        """AND / OR / NOT (upper case, standing alone) at the cursor."""
        self.skip_space()
        for op in ("AND", "OR", "NOT"):
            end = self.i + len(op)
            if self.text.startswith(op, self.i) and (
                end >= len(self.text) or _WORD_END.match(self.text[end])
            ):
                return op
        return None

    def read_word(self) -> tuple[str, int]:
        start = self.i
        while self.i < len(self.text) and not _WORD_END.match(self.text[self.i]):
            self.i += 1
        return self.text[start : self.i], start

    # -- grammar --------------------------------------------------------------------------
    def parse(self):
        if self.at_end():
            return MatchAll()
        tree = self.or_expr(None)
        if not self.at_end():
            char = self.text[self.i]
            if char == ")":
                raise QueryError("This closing parenthesis has no opening one.", self.i)
            raise QueryError(f"Unexpected {char!r} here.", self.i)
        return tree

    def or_expr(self, fld):
        parts = [self.and_expr(fld)]
        while self.peek_operator() == "OR":
            op_pos = self.i
            self.i += 2
            if self.at_end() or self.text[self.i] == ")" or self.peek_operator() in ("OR", "AND"):
                raise QueryError("OR needs a search term after it.", op_pos)
            parts.append(self.and_expr(fld))
        return parts[0] if len(parts) == 1 else Group("or", parts)

    def and_expr(self, fld):
        parts = []
        while not self.at_end() and self.text[self.i] != ")":
            op = self.peek_operator()
            if op == "OR":
                if not parts:
                    raise QueryError("OR needs a search term before it.", self.i)
                break
            if op == "AND":
                op_pos = self.i
                self.i += 3
                if not parts:
                    raise QueryError("AND needs a search term before it.", op_pos)
                if (
                    self.at_end()
                    or self.text[self.i] == ")"
                    or self.peek_operator() in ("OR", "AND")
                ):
                    raise QueryError("AND needs a search term after it.", op_pos)
                continue
            parts.append(self.unary(fld))
        if not parts:
            raise QueryError("Expected a search term here.", self.i)
        return parts[0] if len(parts) == 1 else Group("and", parts)

    def unary(self, fld):
        self.skip_space()
        if self.peek_operator() == "NOT":
            pos = self.i
            self.i += 3
            if self.at_end() or self.text[self.i] == ")" or self.peek_operator() in ("OR", "AND"):
                raise QueryError("NOT needs a search term after it.", pos)
            return Negation(self.unary(fld), pos)
        char = self.text[self.i]
        if char in "-+":
            pos = self.i
            self.i += 1
            if self.i >= len(self.text) or self.text[self.i].isspace():
                raise QueryError(f"{char!r} must stand right before a word, like {char}gas.", pos)
            inner = self.unary(fld)
            return Negation(inner, pos) if char == "-" else inner
        return self.atom(fld)

    def atom(self, fld):
        char = self.text[self.i]
        if char == "(":
            return self.group(fld)
        if char == '"':
            return self.phrase(fld)
        if char == "[":
            if fld not in DATE_FIELDS:
                raise QueryError(
                    "Ranges work with dates only, like published:[2023-01-01 to].", self.i
                )
            return self.date_range(fld)
        if char in "]":
            raise QueryError("This closing bracket has no opening one.", self.i)
        if char == ")":
            raise QueryError("Expected a search term here.", self.i)
        return self.word_or_field(fld)

    def group(self, fld):
        start = self.i
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("The query nests parentheses too deeply.", start)
        self.i += 1
        if self.at_end():
            raise QueryError("This parenthesis is never closed.", start)
        tree = self.or_expr(fld)
        if self.at_end() or self.text[self.i] != ")":
            raise QueryError("This parenthesis is never closed.", start)
        self.i += 1
        self.depth -= 1
        return tree

    def phrase(self, fld):
        start = self.i
        close = self.text.find('"', start + 1)
        if close < 0:
            raise QueryError("This quotation mark is never closed.", start)
        body = self.text[start + 1 : close]
        if not body.strip():
            raise QueryError("Empty quotation marks: put words between them.", start)
        self.i = close + 1
        slop = 0
        if self.i < len(self.text) and self.text[self.i] == "~":
            number, num_pos = self.read_word()
            digits = number[1:]
            if not digits.isdigit() or int(digits) > 100:
                raise QueryError(
                    'Proximity is written "words"~N, with N a number up to 100.', num_pos
                )
            slop = int(digits)
        if fld in DATE_FIELDS:
            return self.date_value(body, start + 1, fld)
        return Phrase(body, start, fld, slop)

    def word_or_field(self, fld):
        word, pos = self.read_word()
        name, colon, rest = word.partition(":")
        if colon and name and not rest.startswith("//"):
            return self.field_value(name, pos, rest)
        if colon and not name:
            raise QueryError("A field name is missing before ':'.", pos)
        return self.make_word(word, pos, fld)

    def field_value(self, name: str, pos: int, rest: str):
        canonical = FIELD_ALIASES.get(name.lower())
        if canonical is None:
            known = ", ".join(sorted({f"{k}:" for k in FIELD_ALIASES if k == FIELD_ALIASES[k]}))
            raise QueryError(f"Unknown field {name}: — the fields are {known}.", pos)
        value_pos = pos + len(name) + 1
        if rest:
            if canonical in DATE_FIELDS:
                return self.date_value(rest, value_pos, canonical)
            return self.make_word(rest, value_pos, canonical)
        # "title:(...)", 'title:"..."', "published:[...]": the value follows the colon.
        if self.i >= len(self.text) or self.text[self.i].isspace():
            raise QueryError(f"Nothing follows {name}: — give a value, like {name}:word.", pos)
        return self.atom(canonical)

    def make_word(self, word: str, pos: int, fld) -> Word:
        if fld in DATE_FIELDS:
            return self.date_value(word, pos, fld)
        fuzzy = 0
        if "~" in word:
            word, _, digits = word.partition("~")
            if digits and (not digits.isdigit() or not 1 <= int(digits) <= MAX_FUZZY):
                raise QueryError(
                    "Fuzzy matching is written word~ (one edit) or word~2 (two edits).",
                    pos + len(word),
                )
            fuzzy = int(digits) if digits else 1
        prefix = word.endswith("*")
        stem = word.rstrip("*") if prefix else word
        if "*" in stem or "?" in stem:
            where = pos + min(i for i in (stem.find("*"), stem.find("?")) if i >= 0)
            raise QueryError("Wildcards go at the end of a word only, like Kazakh*.", where)
        if prefix and len(stem) < MIN_PREFIX:
            raise QueryError(f"Give at least {MIN_PREFIX} letters before '*'.", pos)
        if prefix and fuzzy:
            raise QueryError("A word cannot be both fuzzy (~) and a prefix (*).", pos)
        if not stem:
            raise QueryError("Expected a word here.", pos)
        return Word(stem, pos, fld, fuzzy=fuzzy, prefix=prefix)

    def date_value(self, text: str, pos: int, fld: str) -> DateSpan:
        start, end = date_span(text, pos)
        return DateSpan(start, end, pos, fld)

    def date_range(self, fld) -> DateSpan:
        start = self.i
        close = self.text.find("]", start)
        if close < 0:
            raise QueryError("This date range is never closed with ']'.", start)
        inner = self.text[start + 1 : close]
        parts = re.split(r"(?i)(?:^|\s+)to(?:\s+|$)", inner.strip())
        if len(parts) != 2:
            raise QueryError(
                "Write a date range as [2023-11-01 to 2023-12-31] (either side may be empty).",
                start,
            )
        low_text, high_text = (p.strip() for p in parts)
        if not low_text and not high_text:
            raise QueryError("A date range needs at least one date.", start)
        low = date_span(low_text, start + 1)[0] if low_text else None
        high = date_span(high_text, start + 1, end=True)[1] if high_text else None
        if low and high and low > high:
            raise QueryError("This date range ends before it starts.", start)
        self.i = close + 1
        return DateSpan(low, high, start, fld)


def parse(text: str):
    """Parse a query into a tree of Word/Phrase/DateSpan/Group/Negation/MatchAll nodes."""
    return _Parser(text).parse()


def describe_error(text: str, error: QueryError) -> str:
    """The message with a caret under the problem, for terminals."""
    if error.position is None:
        return str(error)
    return f"{error}\n  {text}\n  {' ' * error.position}^"


def is_negative(tree) -> bool:
    """True when the query only excludes (so it needs 'everything' to subtract from)."""
    if isinstance(tree, Negation):
        return True
    if isinstance(tree, Group) and tree.op == "and":
        return all(is_negative(p) for p in tree.parts)
    return False
