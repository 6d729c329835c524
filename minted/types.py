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
(an assumption, see README).  The zone, `MinuteTimestamp` and the readers are plain Python in
`minted.moments` (re-exported here), for code that needs a moment and not pydantic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

# Plain Python, here for every module that imports them from minted.types.
from minted.moments import API_TIMEZONE as API_TIMEZONE
from minted.moments import MinuteTimestamp as MinuteTimestamp
from minted.moments import parse_calendar_date as parse_calendar_date
from minted.moments import parse_timestamp as parse_timestamp


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
