"""JSON in and out with money kept exact.

The API sends money as JSON numbers (``559.4``).  Parsing them as ``float`` would already lose
the exact decimal, so bodies are parsed with ``parse_float=Decimal`` and written back as the same
digits: a `Decimal` becomes a bare JSON number, never a string and never a float.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


def loads(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def decimal_literal(value: Decimal) -> str:
    """``Decimal("559.40")`` → ``559.40``; never exponent notation, which some parsers reject."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    return format(abs(value) if value.is_zero() else value, "f")


def dumps(value: Any) -> str:
    """Compact JSON (UTF-8, not ASCII-escaped) in which `Decimal` stays an exact number."""
    if isinstance(value, Decimal):
        return decimal_literal(value)
    if isinstance(value, Mapping):
        items = (f"{json.dumps(str(k), ensure_ascii=False)}:{dumps(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, Enum):
        return dumps(value.value)
    if isinstance(value, (datetime, date)):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)
