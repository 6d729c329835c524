"""Field types shared by every model: exact money and timezone-aware timestamps.

The docs show timestamps in four shapes, each in its own place:

* `IsoTime`  ``2024-12-05T18:43:32+03:00``    price fix ``expires_at``, ``pricefix.nextUpdate``
* `ZuluTime` ``2026-03-13T11:57:25.000000Z``  walletable orders' and baskets' ``order_at``
* `SqlTime`  ``2023-05-31 03:16:45``          buy/sell ``order_at``, customer ``created_at``
* `DmyTime`  ``06-11-2023 07:18``             Order Schema ``order_at``

`DmyTime` is to the minute only: the seconds of such a moment are unknown, not zero (the same
order is ``03:16:45`` in the Buy response and ``31-05-2023 03:16`` in its ``orders[]``).  A text
without seconds therefore reads as a `MinuteTimestamp`, which says so, and the console shows it
as ``03:16``, never as ``03:16:00``.

Every one of these types *reads* all four shapes (the real API is not always consistent) and
*writes* its own, so the sandbox answers in the documented shape.  Shapes without an offset are
read as Istanbul time: every offset the docs show is +03:00 and the service is Turkish
(an assumption, see README).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

API_TIMEZONE = ZoneInfo("Europe/Istanbul")

_NAIVE_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
# hours and minutes, and no seconds after them: ``06-11-2023 07:18``, ``2023-11-06T07:18+03:00``
_TO_THE_MINUTE = re.compile(r"[ T]\d{1,2}:\d{2}(?![:\d])")


class MinuteTimestamp(datetime):
    """A moment the API wrote to the minute only (the Order Schema's ``order_at``,
    ``06-11-2023 07:18``): its seconds are not known.  It is a `datetime` like any other
    (it compares, sorts and converts as one) that remembers this, so that nothing shows its
    ``second == 0`` as ``07:18:00``: the same order's Ecom schema says ``07:18:33``.

    Only the moment itself is known to the minute: a moment worked out from it (``+ 30 s``)
    is a plain `datetime`, which shows its seconds."""

    def __add__(self, other: Any) -> Any:
        result = super().__add__(other)
        return _plain(result) if isinstance(result, datetime) else result

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        result = super().__sub__(other)
        return _plain(result) if isinstance(result, datetime) else result


def _plain(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), moment.timetz())


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() is the shortest text that reads back as this float: 559.4, not 559.39999…
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    raise ValueError(f"{type(value).__name__} is not a number")


def parse_timestamp(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            for fmt in _NAIVE_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"{value!r} is not a timestamp in any documented format") from None
    else:
        raise ValueError(f"{type(value).__name__} is not a timestamp")
    if not moment.tzinfo:
        moment = moment.replace(tzinfo=API_TIMEZONE)
    if isinstance(value, str) and _TO_THE_MINUTE.search(value):
        return MinuteTimestamp.combine(moment.date(), moment.timetz())
    return moment


def parse_calendar_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)")


def _timestamp_type(write, schema: dict):
    return Annotated[
        datetime,
        BeforeValidator(parse_timestamp),
        PlainSerializer(write, return_type=str),
        WithJsonSchema({"type": "string", **schema}),
    ]


def _iso(moment: datetime) -> str:
    return moment.astimezone(API_TIMEZONE).isoformat(timespec="seconds")


def _zulu(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sql(moment: datetime) -> str:
    return moment.astimezone(API_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")


def _dmy(moment: datetime) -> str:
    return moment.astimezone(API_TIMEZONE).strftime("%d-%m-%Y %H:%M")


IsoTime = _timestamp_type(_iso, {"format": "date-time"})
ZuluTime = _timestamp_type(_zulu, {"format": "date-time"})
# Not RFC 3339, so not "date-time" in the schema: the shape is given as a pattern instead.
SqlTime = _timestamp_type(_sql, {"pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"})
DmyTime = _timestamp_type(_dmy, {"pattern": r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$"})

CalendarDate = Annotated[
    date,
    BeforeValidator(parse_calendar_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]

# Money and quantities: exact decimals in, exact JSON numbers out (see minted._json).
Money = Annotated[
    Decimal,
    BeforeValidator(to_decimal),
    WithJsonSchema({"type": "number"}),
]
