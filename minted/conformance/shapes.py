"""The shape of an answer, to compare two services' answers to the same call without their
values: which fields each object has, and what kind of value each field holds.

    shape(Page[Order], data) == {"data": {"object"}, "data.data": {"array"},
                                 "data.data[]": {"object"}, "data.data[].order_at":
                                 {"date 99-99-9999 99:99"}, ...}

A path names list items ``[]`` (every item at once) and the entries of a map ``.*``.  Which
objects are maps (keys are data: ``cash: {"TRY": …}``) and which are records (keys are field
names) the response model says; an object the model does not describe is a record.  Kinds:
``null``, ``boolean``, ``number`` (an integer and a decimal are one kind: ``3`` and ``3.15``
are both money), ``string``, ``object``, ``array``, and for a string that reads as a date or a
time its format: ``date 9999-99-99T99:99:99+99:99`` (every digit written 9).
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

Shape = dict[str, set[str]]

_DATE = re.compile(r"^\d{2,4}[-./]\d{2}[-./]\d{2,4}([ T]\d{1,2}:\d{2}\S*)?$")


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return "number"
    if isinstance(value, str):
        if _DATE.match(value.strip()):
            return "date " + re.sub(r"\d", "9", value.strip())
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return type(value).__name__


def shape(annotation: Any, data: Any, root: str = "data") -> Shape:
    """Every path in ``data`` and the kinds of value seen there (``annotation``, the response
    type of `minted.specs`, tells maps from records)."""
    found: Shape = {}
    _walk(annotation, data, root, found)
    return found


def _walk(annotation: Any, value: Any, where: str, found: Shape) -> None:
    found.setdefault(where, set()).add(kind_of(value))
    kind = _structure(annotation)
    if isinstance(value, Mapping):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            fields = {i.alias or name: i.annotation for name, i in kind.model_fields.items()}
            for key, item in value.items():
                _walk(fields.get(key, Any), item, f"{where}.{key}", found)
        elif get_origin(kind) in (dict, Mapping) or kind is dict:
            args = get_args(kind)
            for item in value.values():
                _walk(args[1] if len(args) == 2 else Any, item, f"{where}.*", found)
        else:
            for key, item in value.items():
                _walk(Any, item, f"{where}.{key}", found)
    elif isinstance(value, (list, tuple)):
        args = get_args(kind) if get_origin(kind) in (list, tuple) else ()
        for item in value:
            _walk(args[0] if args else Any, item, f"{where}[]", found)


def _structure(annotation: Any) -> Any:
    """The structured part of an annotation: a model, list[...] or dict[...], or Any."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _structure(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        structured = [s for s in (_structure(a) for a in get_args(annotation)) if s is not Any]
        return structured[0] if len(structured) == 1 else Any
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if origin in (list, tuple, dict, Mapping) or annotation is dict:
        return annotation
    return Any


@dataclass(frozen=True)
class ShapeDifference:
    """One way two answers to the same call differ in shape.

    ``kind``: ``only here`` a field this answer has and the other lacks; ``only there`` the
    reverse; ``kind`` a field both have, holding another kind of value (a number as a string,
    a date in another format)."""

    kind: str
    where: str
    here: str
    there: str


def compare(here: Shape, there: Shape) -> list[ShapeDifference]:
    """How ``here`` differs from ``there``.  A field is compared only where both answers have
    its parent (an empty list or a null object says nothing of what it would hold), and a null
    value is no kind of its own (a field null in one answer and a date in the other is not a
    difference of shape).  Of a missing object only the object is named, not its fields."""
    differences: list[ShapeDifference] = []
    for where in sorted(here.keys() | there.keys()):
        parent = _parent(where)
        if where not in there or where not in here:
            if parent is not None and not (_present(here, parent) and _present(there, parent)):
                continue
            if where in here:
                differences.append(ShapeDifference("only here", where, _kinds(here[where]), ""))
            else:
                differences.append(ShapeDifference("only there", where, "", _kinds(there[where])))
            continue
        mine, theirs = here[where] - {"null"}, there[where] - {"null"}
        if mine and theirs and mine != theirs:
            differences.append(ShapeDifference("kind", where, _kinds(mine), _kinds(theirs)))
    return differences


def _present(found: Shape, where: str) -> bool:
    """Whether ``where`` holds something that has fields or items in this answer."""
    return bool(found.get(where, set()) - {"null"}) and any(_parent(p) == where for p in found)


def _parent(where: str) -> str | None:
    if where.endswith("[]"):
        return where[:-2]
    if "." in where:
        return where.rsplit(".", 1)[0]
    return None


def _kinds(kinds: set[str]) -> str:
    return " or ".join(sorted(kinds))
