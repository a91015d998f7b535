"""The record check's fast predicate (`fits`) takes the same decisions as the checker that
says where a record goes wrong (`check_value`): one accepts exactly what the other accepts."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.article import Article, Metadata, Repair, SourceCitation
from briefing_app.core.record_validation import (
    RecordError,
    check_article_record,
    check_value,
    fits,
)


def _hints_of(cls: type) -> list[Any]:
    hints = typing.get_type_hints(cls)
    return [hints[f.name] for f in dataclasses.fields(cls) if f.init]


# Every hint a record declares, the record classes themselves, and shapes they do not use.
HINTS = sorted(
    {
        *_hints_of(Article),
        *_hints_of(Metadata),
        *_hints_of(Repair),
        *_hints_of(SourceCitation),
        Article,
        Metadata,
        Repair,
        SourceCitation,
        typing.Literal["a", 1],
        dict,
        list,
        tuple[int, ...],
        dict[str, list[str]],
        float | None,
        Any,
    },
    key=repr,
)

_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, width=16),
    st.sampled_from(["", "a", "0123456789abcdef", "original.txt"]),
)
_FIELD_NAMES = sorted(
    {f.name for cls in (Article, Metadata, Repair, SourceCitation) for f in dataclasses.fields(cls)}
)
_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(_FIELD_NAMES) | st.text(max_size=3), inner, max_size=6),
    ),
    max_leaves=25,
)


def _checked(value: object, hint: Any) -> bool:
    try:
        check_value(value, hint, "")
    except RecordError:
        return False
    return True


def _article_record() -> dict:
    return Article(
        id="0123456789abcdef",
        sha256="ab" * 32,
        key="doe2024harbour",
        metadata=Metadata(title="Harbour talks", authors=["Jane Doe"]),
        paragraphs=["One.", "Two."],
        repairs=[Repair(kind="mojibake", before="â€™", after="’")],
        citations=[SourceCitation(text="Reuters said", outlet="Reuters")],
        claims=[{"content": "the talks resume", "speaker": "officials", "number": 1}],
        original_name="original.txt",
    ).to_record()


SAMPLES = [None, True, False, 0, 3, 1.5, "", "a", [], ["a"], [1], [None], {}, {"a": 1}, {"a": "b"}]


@pytest.mark.parametrize("hint", HINTS, ids=repr)
def test_every_declared_shape_judges_plain_values_alike(hint):
    for value in SAMPLES:
        assert fits(hint)(value) is _checked(value, hint), value


@settings(max_examples=400)
@given(hint=st.sampled_from(HINTS), value=_JSON)
def test_fits_accepts_exactly_what_the_checker_accepts(hint, value):
    assert fits(hint)(value) is _checked(value, hint)


@settings(max_examples=300)
@given(
    data=st.data(),
    path=st.lists(st.sampled_from(_FIELD_NAMES) | st.integers(0, 2), min_size=1, max_size=3),
)
def test_a_record_changed_anywhere_is_judged_alike(data, path):
    """A valid record with one value replaced somewhere inside it (a field, a list item, a
    nested object's field)."""
    record = _article_record()
    holder: Any = record
    for step in path[:-1]:
        inner = holder.get(step) if isinstance(holder, dict) else None
        if isinstance(holder, list) and isinstance(step, int) and step < len(holder):
            inner = holder[step]
        if not isinstance(inner, (dict, list)):
            break
        holder = inner
    last, value = path[-1], data.draw(_JSON)
    if isinstance(holder, dict):
        holder[str(last)] = value
    elif isinstance(last, int) and last < len(holder):
        holder[last] = value
    assert fits(Article)(record) is _checked(record, Article)


def test_a_valid_record_fits_and_a_wrong_one_says_where():
    record = _article_record()
    assert fits(Article)(record)
    check_article_record(record, Article)
    record["claims"][0] = "not an object"
    assert not fits(Article)(record)
    with pytest.raises(RecordError, match=r"claims\[0\]: expected an object, found str"):
        check_article_record(record, Article)
    record = _article_record()
    del record["paragraphs"]
    with pytest.raises(RecordError, match="paragraphs: missing"):
        check_article_record(record, Article)
