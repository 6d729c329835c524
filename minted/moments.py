"""The API's time zone and its timestamps, as plain Python (no pydantic).

`minted.types` builds the models' field types on these; they live here so that what only
reads or writes a moment (the console's formatting, on the page a cold start opens) does
not import pydantic for them.  `minted.types` re-exports every name.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

API_TIMEZONE = ZoneInfo("Europe/Istanbul")

_NAIVE_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
# hours and minutes, and no seconds after them: ``06-11-2023 07:18``, ``2023-11-06T07:18+03:00``
_TO_THE_MINUTE = re.compile(r"[ T]\d{1,2}:\d{2}(?![:\d])")
# The shapes read most (the Order Schema's order_at, a birthdate), read without strptime.
_DMY_MINUTE = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4}) ([0-9]{2}):([0-9]{2})\Z")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


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


def parse_timestamp(value: Any) -> datetime:
    if isinstance(value, str) and (shape := _DMY_MINUTE.match(value)):
        day, month, year, hour, minute = map(int, shape.groups())
        try:  # what the reading below makes of it (strptime's "%d-%m-%Y %H:%M"), ~10× faster
            return MinuteTimestamp(year, month, day, hour, minute, tzinfo=API_TIMEZONE)
        except ValueError:
            pass  # no such moment: the reading below says so as it always did
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
        if shape := _ISO_DATE.match(value):  # as strptime reads it, ~6× faster
            try:
                return date(*map(int, shape.groups()))
            except ValueError:
                pass  # no such day: strptime below says so as it always did
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)")
