"""JSON in and out with money kept exact.

The API sends money as JSON numbers (``559.4``).  Parsing them as ``float`` would already lose
the exact decimal, so bodies are parsed with ``parse_float=Decimal`` and written back as the same
digits: a `Decimal` becomes a bare JSON number, never a string and never a float.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import jiter

# A lone surrogate escape (\ud800 without its pair) decodes to no character at all: UTF-8
# cannot write it, so pandas, Streamlit's wire format and every export fail on it.  The
# answer's text is kept otherwise; each lone one becomes U+FFFD, as a browser shows it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAYBE_SURROGATE = re.compile("\\\\u[dD][89a-fA-F]|[\ud800-\udfff]")


# One decoder for every text (json.loads with parse_float makes a new one per call).
_DECODER = json.JSONDecoder(parse_float=Decimal)


def loads(text: str | bytes) -> Any:
    """A JSON text (or its UTF-8 bytes) as Python, every non-integer number a `Decimal` with
    the text's digits, each lone surrogate as U+FFFD.

    Read by jiter (pydantic's JSON reader, in Rust) where it can: a page of 100 walletable
    orders in ~1.4 ms against ~2.3 ms with the json module, the largest cost of an export on
    the console's side (bench (f)).  jiter refuses what it would read otherwise than the json
    module (a lone surrogate, NaN or Infinity, a byte-order mark, UTF-16, an integer past
    Python's 4,300 digits, nesting past 200), and such a text is read by the json module as
    before; so both ways give the same values (tests/test_json.py)."""
    try:
        return jiter.from_json(
            text if isinstance(text, bytes) else text.encode(),
            float_mode="decimal",
            allow_inf_nan=False,
            cache_mode="keys",
        )
    except ValueError:  # UnicodeEncodeError included: a str holding a lone surrogate
        return _json_module_loads(text)


def _json_module_loads(text: str | bytes) -> Any:
    """`loads` by the json module alone: its way for what jiter refuses, and its reference."""
    if isinstance(text, bytes):  # as json.loads reads bytes: UTF-8, -16 or -32, a BOM skipped
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    if text.startswith("\ufeff"):  # a str with a BOM: refused, as json.loads refuses it
        return json.loads(text)
    value = _DECODER.decode(text)
    # a lone surrogate written as an escape, or (surrogatepass) as itself
    return _without_lone_surrogates(value) if _MAYBE_SURROGATE.search(text) else value


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def decimal_literal(value: Decimal) -> str:
    """``Decimal("559.40")`` → ``559.40``; never exponent notation, which some parsers reject."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    return format(abs(value) if value.is_zero() else value, "f")


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON (UTF-8, not ASCII-escaped) in which `Decimal` stays an exact number: compact, or
    with ``indent`` spaces per level for a person to read.

    Written by the json module's encoder (its C one when compact): each `Decimal` goes out as
    a JSON string holding a mark (a NUL, which JSON always writes escaped) and its digits, and
    each such string is then replaced by the bare digits.  A string of the caller's that looks
    like a mark is caught by counting (more marks found than decimals written) and the value
    is then written by `_walk_dumps`, as it is when a key is neither a string nor a number
    (which the encoder refuses).  The two agree (tests/test_json.py); about 12× faster on a
    page of 100 orders, the sandbox's and the journal's largest cost."""
    written = 0

    def default(item: Any) -> Any:
        nonlocal written
        if isinstance(item, Decimal):
            written += 1
            return _MARK + decimal_literal(item)
        if isinstance(item, Enum):
            return item.value
        if isinstance(item, (datetime, date)):
            return item.isoformat()
        if isinstance(item, Mapping):
            return dict(item)
        raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    try:
        text = json.dumps(
            value,
            ensure_ascii=False,
            indent=indent,
            separators=(",", ": " if indent is not None else ":"),
            default=default,
        )
    except TypeError:  # a key the encoder refuses (a Decimal, an Enum): str(key), as before
        return _walk_dumps(value, indent)
    if not written:
        return text
    text, found = _MARKED.subn(_digits, text)
    return text if found == written else _walk_dumps(value, indent)


# What a Decimal is written as by `dumps`' encoder, and how it is found again.
_MARK = "\x00minted-decimal:"
_MARKED = re.compile(r'"\\u0000minted-decimal:([^"\\]*)"')


def _digits(match: re.Match[str]) -> str:
    return match.group(1)


def _walk_dumps(value: Any, indent: int | None = None, *, _level: int = 0) -> str:
    """`dumps`, one value at a time in Python: the reference it is tested against, and its
    fallback."""
    if isinstance(value, Decimal):
        return decimal_literal(value)
    if isinstance(value, (Mapping, list, tuple)) and value:
        if isinstance(value, Mapping):
            parts = [
                f"{json.dumps(str(k), ensure_ascii=False)}:{' ' if indent is not None else ''}"
                f"{_walk_dumps(v, indent, _level=_level + 1)}"
                for k, v in value.items()
            ]
            opening, closing = "{", "}"
        else:
            parts = [_walk_dumps(v, indent, _level=_level + 1) for v in value]
            opening, closing = "[", "]"
        if indent is None:
            return opening + ",".join(parts) + closing
        inner = "\n" + " " * (indent * (_level + 1))
        return (
            opening + inner + ("," + inner).join(parts) + "\n" + " " * (indent * _level) + closing
        )
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    if isinstance(value, Enum):
        return _walk_dumps(value.value, indent, _level=_level)
    if isinstance(value, (datetime, date)):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)
