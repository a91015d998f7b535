"""Checking a stored record before it is trusted: every known field has the type it declares.

A library is copied between colleagues and may sit on a shared server, so `article.json` is
untrusted input. The rules come from the record's dataclasses themselves (their type hints),
so a field added later is checked as soon as it is declared. Keys this code does not know
are allowed (a newer version may have written them); fields with a default may be missing.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from typing import Any

ARTICLE_ID = re.compile(r"[0-9a-f]{16}\Z")
SHA256 = re.compile(r"[0-9a-f]{64}\Z")
# The stored original: "original" and an extension ("original.warc.gz"), never a path.
ORIGINAL_NAME = re.compile(r"original(?:\.[A-Za-z0-9]{1,16}){0,3}\Z")


class RecordError(ValueError):
    """A record does not have the shape this code writes; `str()` says where and why."""


def is_article_id(value: object) -> bool:
    """True for a well-formed article id: 16 lowercase hex digits."""
    return isinstance(value, str) and ARTICLE_ID.match(value) is not None


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _fail(where: str, expected: str, value: object) -> typing.NoReturn:
    raise RecordError(f"{where or 'the record'}: expected {expected}, found {_type_name(value)}")


@functools.cache
def _origin(hint: Any) -> Any:
    # Asked for every value of every record read: typing's lookup is the slow part.
    return typing.get_origin(hint)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The type hints of a record dataclass (evaluated from their strings once per class)."""
    return typing.get_type_hints(cls)


_SCALARS = (str, int, float, bool)


Fits = typing.Callable[[object], bool]


def _always(value: object) -> bool:
    return True


def _scalar_fits(hint: Any) -> Fits:
    if hint is bool:
        return lambda value: isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is str:
        return lambda value: isinstance(value, str)
    return _always  # a type this check does not know: its own loader has to take care


@functools.cache
def fits(hint: Any) -> Fits:
    """A predicate: does a value (parsed JSON) fit `hint`? The same decisions as
    `check_value`, taken once per hint instead of once per value, and without building the
    place of every value for a message (records are read by the thousand and almost always
    fit; `check_value` says where one does not)."""
    if hint in _SCALARS:
        return _scalar_fits(hint)
    origin = _origin(hint)
    if hint is Any or hint is object:
        return _always
    if origin in (typing.Union, types.UnionType):
        options = tuple(fits(option) for option in typing.get_args(hint))
        return lambda value: any(option(value) for option in options)
    if hint is type(None):
        return lambda value: value is None
    if origin in (list, tuple, set, frozenset):
        (item_hint, *_) = typing.get_args(hint) or (Any,)
        item = fits(item_hint)
        if item is _always:
            return lambda value: isinstance(value, list)
        return lambda value: isinstance(value, list) and all(map(item, value))
    if origin is dict or hint is dict:
        args = typing.get_args(hint)
        item = fits(args[1]) if args else _always
        if item is _always:
            return lambda value: isinstance(value, dict)
        return lambda value: isinstance(value, dict) and all(map(item, value.values()))
    if dataclasses.is_dataclass(hint):
        return _dataclass_fits(hint)
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        return lambda value: value in allowed
    return _scalar_fits(hint)


def _dataclass_fits(cls: type) -> Fits:
    hints = _hints(cls)
    specs = [spec for spec in dataclasses.fields(cls) if spec.init]
    required = tuple(
        spec.name
        for spec in specs
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
    )
    checked = tuple((spec.name, fits(hints[spec.name])) for spec in specs)

    def fit(value: object) -> bool:
        if not isinstance(value, dict):
            return False
        if not all(name in value for name in required):
            return False
        for name, item in checked:
            if name in value and not item(value[name]):
                return False
        return True

    return fit


def check_value(value: object, hint: Any, where: str) -> None:
    """Raise RecordError unless `value` (parsed JSON) fits the type `hint`."""
    if hint in _SCALARS:
        _check_scalar(value, hint, where)
        return
    origin = _origin(hint)
    if hint is Any or hint is object:
        return
    if origin in (typing.Union, types.UnionType):
        problems = []
        for option in typing.get_args(hint):
            try:
                check_value(value, option, where)
                return
            except RecordError as exc:
                problems.append(str(exc))
        _fail(where, " or ".join(_hint_name(o) for o in typing.get_args(hint)), value)
    if hint is type(None):
        if value is not None:
            _fail(where, "null", value)
        return
    if origin in (list, tuple, set, frozenset):
        if not isinstance(value, list):
            _fail(where, "a list", value)
        (item_hint, *_) = typing.get_args(hint) or (Any,)
        for position, item in enumerate(value):
            check_value(item, item_hint, f"{where}[{position}]")
        return
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            _fail(where, "an object", value)
        args = typing.get_args(hint)
        if args:
            for key, item in value.items():
                check_value(item, args[1], f"{where}.{key}")
        return
    if dataclasses.is_dataclass(hint):
        check_dataclass(value, hint, where)
        return
    if origin is typing.Literal:
        if value not in typing.get_args(hint):
            raise RecordError(f"{where}: not one of {list(typing.get_args(hint))}")
        return
    _check_scalar(value, hint, where)


def _check_scalar(value: object, hint: Any, where: str) -> None:
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is str:
        ok = isinstance(value, str)
    else:
        return  # a type this check does not know: its own loader has to take care

    if not ok:
        _fail(where, _hint_name(hint), value)


def _hint_name(hint: Any) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    if hint in names:
        return names[hint]
    if hint is type(None):
        return "null"
    if typing.get_origin(hint) is list:
        return "a list"
    return "an object"


def check_dataclass(value: object, cls: type, where: str = "") -> None:
    """Raise RecordError unless `value` is an object holding `cls`'s fields with their types."""
    if not isinstance(value, dict):
        _fail(where, "an object", value)
    hints = _hints(cls)
    prefix = f"{where}." if where else ""
    for spec in dataclasses.fields(cls):
        if not spec.init:
            continue
        if spec.name not in value:
            required = (
                spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
            )
            if required:
                raise RecordError(f"{prefix}{spec.name}: missing")
            continue
        check_value(value[spec.name], hints[spec.name], prefix + spec.name)


def check_article_record(value: object, article_cls: type) -> None:
    """Types of every known field, then the values that become paths or links."""
    if not fits(article_cls)(value):
        check_dataclass(value, article_cls)  # says where and why
        raise RecordError("the record does not have the shape of an article")
    assert isinstance(value, dict)
    if not is_article_id(value["id"]):
        raise RecordError("id: not 16 lowercase hex digits")
    if value.get("sha256") and not SHA256.match(value["sha256"]):
        raise RecordError("sha256: not 64 lowercase hex digits")
    # Every stored article keeps its original ("original.<ext>"): a record that names none is
    # damaged, and the article is rebuilt from the original beside it.
    if not ORIGINAL_NAME.match(value.get("original_name") or ""):
        raise RecordError("original_name: not the name of a stored original")
    for link in ("supersedes", "superseded_by", "attached_to"):
        target = value.get(link)
        if target is not None and not is_article_id(target):
            raise RecordError(f"{link}: not an article id")
