"""Frozen dataclasses (answers, citations, briefing items) to and from JSON-ready data.

The conversation and briefing stores keep answers as JSON. Reading them back rebuilds the nested
dataclasses from the type hints, so a field added to :class:`assistant.types.Answer` later is
saved and restored without a change here; a stored field the class no longer has is dropped.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """``obj`` as dicts, lists and scalars (dataclasses become dicts, tuples lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` dataclass from :func:`to_data` output."""
    if not isinstance(data, dict):
        raise TypeError(
            f"cannot read a {cls.__name__} from {type(data).__name__}: expected an object"
        )
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.init}
    return cls(**{k: _value(hints[k], v) for k, v in data.items() if k in known})


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        inner = args[0] if args else Any
        return tuple(_value(inner, x) for x in value)
    if origin is list:
        (inner,) = typing.get_args(hint) or (Any,)
        return [_value(inner, x) for x in value]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_data(hint, value)
    return value
