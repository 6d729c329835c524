"""Bounds on everything a partner sends: body, JSON, strings, numbers, dates, lists.

The docs state a few constraints (external ids, name lengths, ``string<email>``, the 1–110
characters of order ids, 32-character cart tokens); those are checked where the docs put them.
Where the docs are silent the sandbox keeps these sanity limits (each an assumption about the
real service, which must refuse such input somehow; here every refusal is a 4xx in the
documented envelope with field errors, never a 500):

- body: 1 MiB, else 413.  The largest real body, a 5,000-row import of ~150-byte customer
  rows, is ~750 KB; a 20 MB first name is refused before it is read.
- JSON: UTF-8 (RFC 8259), no NaN or Infinity, nested at most 16 deep (the docs nest 4).
- any string: at most 255 characters (a VARCHAR(255)) and no lone UTF-16 surrogate
  (``\ud800`` is not a character and cannot be stored as UTF-8).
- any list: at most 5,000 entries (the import's rows); the items of a buy, sell, price
  calculation or summary: at most 100 (each line is an order of its own).
- any number: finite, |x| < 10^15, at most 8 decimals (no documented figure comes near).
- money (cash adjustments, totals, prices): |x| < 10^12, at most 2 decimals (cents are the
  smallest unit of every currency served).
- grams (buy/sell items, deliveries): 0 < x < 10^6, at most 4 decimals (the sandbox's own
  price fix quotes grams to 0.0001).
- dates and times: 1900-01-01 to 2100-12-31 (birthdates and any order history fit); one
  without an offset is Istanbul time.
- page: 1 to 100,000 (``page × total`` stays a 64-bit SQL offset).

Unknown body fields are ignored: `strip_unknown` drops them from the validated request
before a handler sees it, so nothing a client invents is ever written.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from minted.sandbox.errors import SandboxError
from minted.types import to_decimal

MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 16
MAX_STRING = 255
MAX_LIST = 5000
MAX_ITEMS = 100
MAX_NUMBER = Decimal(10) ** 15
MAX_DECIMALS = 8
MAX_MONEY = Decimal(10) ** 12
MAX_GRAMS = Decimal(10) ** 6
MAX_PAGE = 100_000
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)

# The docs: "Your unique id for customer." ≥3 ≤40, letters, digits, - and _ (Create Customer).
EXTERNAL_ID = r"^[A-Za-z0-9_-]{3,40}$"
# ``string<email>``: one @, something on each side, a dot in the domain (no IDN checks).
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Names ≥3 ≤40 (Create Customer).  The docs' own examples send ``"middlename": ""``, so an
# empty string means "not given" rather than a 0-character name.
NAME = r"^(|.{3,40})$"


def _number_schema(maximum: Decimal, low: Decimal, low_included: bool, places: int) -> dict:
    return {
        "type": "number",
        "minimum" if low_included else "exclusiveMinimum": float(low),
        "exclusiveMaximum": float(maximum),
        "description": f"at most {places} decimal places",
    }


def _bounded(maximum: Decimal, places: int, *, low: Decimal, low_included: bool = True):
    above = Field(ge=low) if low_included else Field(gt=low)
    return Annotated[
        Decimal,
        BeforeValidator(to_decimal),
        above,
        Field(lt=maximum, decimal_places=places),
        WithJsonSchema(_number_schema(maximum, low, low_included, places)),
    ]


Money = _bounded(MAX_MONEY, 2, low=Decimal(0))  # a price or total: 0 … 10^12, cents
SignedMoney = _bounded(MAX_MONEY, 2, low=-MAX_MONEY, low_included=False)  # a cash adjustment
Grams = _bounded(MAX_GRAMS, 4, low=Decimal(0), low_included=False)  # metal: > 0, to 0.1 mg
Units = Annotated[int, Field(ge=1, le=10_000)]  # bars or coins of a product
OrderId = Annotated[str, Field(min_length=1, max_length=110)]  # the docs: 1–110 characters
CustomerId = Annotated[str, Field(pattern=EXTERNAL_ID)]
Name = Annotated[str, Field(pattern=NAME)]
Email = Annotated[str, Field(pattern=EMAIL, max_length=MAX_STRING)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]


def invalid_input(errors: dict[str, list[str]], status: int = 422) -> SandboxError:
    return SandboxError(status, 1002, "The given data was invalid.", errors)


# -- the raw body -----------------------------------------------------------------------------
def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def parse_body(raw: bytes) -> Any:
    """The body as JSON, or a SandboxError: strict UTF-8, RFC 8259 numbers only."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise invalid_input({"body": [f"The body is not UTF-8 (byte {error.start})."]}) from None
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        raise invalid_input({"body": ["The body nests too deeply."]}) from None
    except ValueError as error:  # JSONDecodeError, NaN/Infinity, a 5,000-digit integer
        raise invalid_input({"body": [f"The body is not valid JSON: {error}"]}) from None
    errors: dict[str, list[str]] = {}
    check_value(value, "", errors)
    if errors:
        raise invalid_input(errors)
    return value


# -- any value, raw or validated --------------------------------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_value(value: Any, path: str, errors: dict[str, list[str]], depth: int = 0) -> None:
    """The generic bounds of the table above, on one value and everything inside it."""

    def fail(message: str) -> None:
        errors.setdefault(path or "body", []).append(message)

    if depth > MAX_DEPTH:
        return fail(f"Nested more than {MAX_DEPTH} levels deep.")
    if isinstance(value, str):
        if _SURROGATE.search(value):
            fail("The text holds a lone UTF-16 surrogate, which is not a character.")
        elif len(value) > MAX_STRING:
            fail(f"At most {MAX_STRING} characters.")
    elif isinstance(value, bool) or value is None:
        return None
    elif isinstance(value, int | float | Decimal):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            fail("The number must be finite.")
        elif abs(number) >= MAX_NUMBER:
            fail("The number is too large.")
        elif decimal_places(number) > MAX_DECIMALS:
            fail(f"At most {MAX_DECIMALS} decimal places.")
    elif isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if not FIRST_DAY <= day <= LAST_DAY:
            fail(f"The date must be between {FIRST_DAY} and {LAST_DAY}.")
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            if name in value.model_fields_set:
                key = field.alias or name
                check_value(getattr(value, name), _join(path, key), errors, depth + 1)
    elif isinstance(value, dict):
        for key, inner in value.items():
            check_value(key, _join(path, str(key)[:40]), errors, depth + 1)
            check_value(inner, _join(path, str(key)[:40]), errors, depth + 1)
    elif isinstance(value, list | tuple):
        if len(value) > MAX_LIST:
            return fail(f"At most {MAX_LIST} entries.")
        for index, inner in enumerate(value):
            check_value(inner, _join(path, str(index)), errors, depth + 1)
    return None


def decimal_places(number: Decimal) -> int:
    """Places after the point, trailing zeros not counted, exactly: ``normalize()`` rounds in
    the current context, so 1E-2000000 would count as 0 places (and was written as an amount)."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0 or not any(digits):
        return 0
    for digit in reversed(digits):
        if digit != 0 or exponent >= 0:
            break
        exponent += 1
    return max(0, -exponent)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def strip_unknown(value: Any) -> None:
    """Drop every field a model does not declare, at any depth (``extra="allow"`` keeps them
    on the shared models, which is right for answers and wrong for requests)."""
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__:
            value.__pydantic_extra__.clear()
        for name in value.model_fields_set & set(type(value).model_fields):
            strip_unknown(getattr(value, name))
    elif isinstance(value, list | tuple):
        for inner in value:
            strip_unknown(inner)
    elif isinstance(value, dict):
        for inner in value.values():
            strip_unknown(inner)


def check_request(arguments: dict[str, Any]) -> None:
    """What a handler receives, after FastAPI validated it: bounded, and only documented."""
    errors: dict[str, list[str]] = {}
    for name, value in arguments.items():
        if isinstance(value, BaseModel):
            strip_unknown(value)
            check_value(value, "", errors)
        elif isinstance(value, str | int | float | Decimal | date | list):
            check_value(value, name, errors)
    if errors:
        raise invalid_input(errors)
