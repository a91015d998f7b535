"""Front matter is read with libyaml's parser where PyYAML has it: it must read every header
as PyYAML's own pure-Python SafeLoader does, the well-formed and the broken alike."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.ingest import frontmatter


def _read(raw: str, loader) -> tuple:
    """("read", what `split_front_matter` keeps of it) or ("refused",)."""
    try:
        data = yaml.load(raw, Loader=loader)  # both are safe loaders
    except (yaml.YAMLError, ValueError, RecursionError):
        return ("refused",)
    return ("read", data if isinstance(data, dict) else {})


def _same_or_more(raw: str) -> None:
    """What the pure-Python loader reads, the fast one reads alike. libyaml is the more
    lenient scanner: it also reads some headers PyYAML's own refuses (a plain scalar with
    "?" in a flow list, a tab after a value), which then give metadata instead of none."""
    pure = _read(raw, yaml.SafeLoader)
    if pure[0] == "read":
        assert _read(raw, frontmatter.LOADER) == pure


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_WORDS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(list(":#-'\"[]{}!&*|>%@`,?")),
    max_size=30,
)
_SCALARS = st.one_of(
    _WORDS,
    _WORDS.map(_quoted),
    _WORDS.map(lambda t: "'" + t.replace("'", "''") + "'"),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(str),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)).map(lambda d: d.isoformat()),
    st.integers().map(str),
    st.sampled_from(["true", "no", "~", "null", "1e3", "0o17", "0x1F", ".inf", "1_000", "12:30"]),
    st.sampled_from(["https://example.org/a?b=c#d", "[[Jane Doe]]", '"[[Jane Doe|Jane]]"']),
)
_KEYS = st.sampled_from(
    ["title", "source", "author", "published", "created", "description", "tags", "site"]
) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)


@st.composite
def _entries(draw) -> str:
    key = draw(_KEYS)
    shape = draw(st.sampled_from(["scalar", "block list", "flow list", "raw"]))
    if shape == "scalar":
        return f"{key}: {draw(_SCALARS)}"
    if shape == "block list":
        items = draw(st.lists(_SCALARS, min_size=1, max_size=3))
        return f"{key}:\n" + "\n".join(f"  - {item}" for item in items)
    if shape == "flow list":
        return f"{key}: [{', '.join(draw(st.lists(_SCALARS, max_size=3)))}]"
    return draw(_WORDS)  # a line that may not be YAML at all


@settings(max_examples=500)
@given(st.lists(_entries(), min_size=1, max_size=6).map("\n".join))
def test_the_fast_loader_reads_headers_as_the_pure_python_one(raw):
    _same_or_more(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "title: Harbour talks\nauthor:\n  - '[[Jane Doe]]'\npublished: 2024-03-12",
        "title: [unclosed",
        "x: !!python/object:os.system ls",
        "a: *nope",
        'title: "tab\tinside"\ndate: 2024-03-12 10:00:00',
    ],
)
def test_headers_clippers_write_and_broken_ones(raw):
    assert _read(raw, frontmatter.LOADER) == _read(raw, yaml.SafeLoader)


def test_a_header_only_libyaml_reads():
    assert _read("title: [0?]", yaml.SafeLoader) == ("refused",)
    assert _read("title: [0?]", frontmatter.LOADER) == ("read", {"title": ["0?"]})


def test_the_app_has_the_fast_loader():
    """PyPI's PyYAML wheels carry libyaml (a build without it reads with the pure-Python
    loader, eight times slower): the install the README makes has it."""
    assert frontmatter.LOADER is yaml.CSafeLoader
