"""Money stays exact; every documented timestamp shape reads as an aware time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from minted import _json
from minted.models import PriceFix
from minted.types import (
    CalendarDate,
    DmyTime,
    IsoTime,
    MinuteTimestamp,
    Money,
    SqlTime,
    ZuluTime,
)

MOMENT = datetime(2023, 5, 31, 0, 16, 45, tzinfo=UTC)  # 03:16:45 in Istanbul


@pytest.mark.parametrize(
    "text",
    [
        "2023-05-31T03:16:45+03:00",
        "2023-05-31T00:16:45.000000Z",
        "2023-05-31 03:16:45",
    ],
)
def test_every_shape_reads_as_the_same_aware_moment(text):
    value = TypeAdapter(IsoTime).validate_python(text)
    assert value.tzinfo is not None
    assert value == MOMENT


def test_day_first_shape_has_minute_precision():
    value = TypeAdapter(DmyTime).validate_python("31-05-2023 03:16")
    assert value == MOMENT - timedelta(seconds=45)
    assert value.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize("text", ["31-05-2023 03:16", "2023-05-31T03:16+03:00", "2023-05-31 03:16"])
def test_a_time_without_seconds_says_its_seconds_are_unknown(text):
    """The Order Schema's ``order_at`` is to the minute: reading it as ``03:16:00`` made the
    console show one order at 03:16:00 beside 03:16:45 (issue 11)."""
    value = TypeAdapter(DmyTime).validate_python(text)
    assert isinstance(value, MinuteTimestamp) and value == MOMENT - timedelta(seconds=45)
    assert isinstance(value.astimezone(UTC), MinuteTimestamp)  # as the console converts it
    later = value + timedelta(seconds=30)  # worked out from it: its seconds are known
    assert type(later) is datetime and later.second == 30 and later.tzinfo == value.tzinfo
    assert type(value - timedelta(seconds=1)) is datetime and value - value == timedelta(0)


@pytest.mark.parametrize(
    "text", ["2023-05-31T03:16:45+03:00", "2023-05-31T00:16:45.000000Z", "2023-05-31 03:16:45"]
)
def test_a_time_with_seconds_is_a_plain_datetime(text):
    assert type(TypeAdapter(DmyTime).validate_python(text)) is datetime


@pytest.mark.parametrize(
    "tp,text",
    [
        (IsoTime, "2023-05-31T03:16:45+03:00"),
        (ZuluTime, "2023-05-31T00:16:45.000000Z"),
        (SqlTime, "2023-05-31 03:16:45"),
        (DmyTime, "31-05-2023 03:16"),
    ],
)
def test_each_type_writes_its_documented_shape(tp, text):
    adapter = TypeAdapter(tp)
    assert adapter.dump_python(adapter.validate_python(MOMENT)) == text


def test_dates_read_both_orders():
    adapter = TypeAdapter(CalendarDate)
    assert adapter.validate_python("31-12-1990") == adapter.validate_python("1990-12-31")
    assert adapter.dump_python(adapter.validate_python("31-12-1990")) == "1990-12-31"
    with pytest.raises(PydanticValidationError):
        adapter.validate_python("1990/31/12")


def test_garbage_timestamp_is_refused():
    with pytest.raises(PydanticValidationError):
        TypeAdapter(IsoTime).validate_python("yesterday")


@pytest.mark.parametrize("raw", [559.4, "559.4", Decimal("559.4")])
def test_money_is_exact_whatever_arrives(raw):
    assert TypeAdapter(Money).validate_python(raw) == Decimal("559.4")


def test_money_refuses_booleans_and_words():
    for bad in (True, "ten"):
        with pytest.raises(PydanticValidationError):
            TypeAdapter(Money).validate_python(bad)


def test_json_writes_decimals_as_exact_numbers():
    text = _json.dumps({"a": Decimal("0.1"), "b": Decimal("1E+3"), "c": [Decimal("-0.00")]})
    assert text == '{"a":0.1,"b":1000,"c":[0.00]}'
    assert _json.loads(text)["a"] == Decimal("0.1")


JSON_VALUES = hs.recursive(
    hs.none()
    | hs.booleans()
    | hs.integers()
    | hs.text()
    | hs.decimals(allow_nan=False, allow_infinity=False, places=4),
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_indented_json_is_the_same_document_for_a_person_to_read(value):
    """The API log pretty-prints bodies: the same values, money exact, one item per line."""
    compact, pretty = _json.dumps(value), _json.dumps(value, indent=2)
    assert _json.loads(pretty) == _json.loads(compact)
    plain = json.loads(compact)  # Decimals as floats: only the layout is compared
    assert json.loads(pretty) == plain
    assert pretty == json.dumps(plain, indent=2, ensure_ascii=False) or "." in compact


def test_sums_of_parsed_money_do_not_drift():
    fix = PriceFix.model_validate(
        _json.loads(
            '{"token":"t","expires_at":"2024-12-05T18:43:32+03:00","expire_ttl":239,'
            '"prices":[{"sku":"GAU","buy_price":0.1},{"sku":"GAG","buy_price":0.2}]}'
        )
    )
    assert sum(p.buy_price for p in fix.prices) == Decimal("0.3")
    assert fix.price_of("GAG").buy_price == Decimal("0.2") and fix.price_of("X") is None


@given(
    hs.text(alphabet=hs.characters() | hs.sampled_from(["\ud800", "\udbff", "\udc00", "\ude00"]))
)
def test_an_answer_with_lone_surrogates_reads_as_writable_text(text):
    """JSON may carry a lone surrogate as an escape (``"\\ud800"``); it is no character, and
    pandas, Streamlit and every export fail on it.  Each becomes U+FFFD; the rest is kept."""
    value = _json.loads(json.dumps({"name": text, text: [text]}))
    name = value["name"]
    name.encode("utf-8")  # writable
    as_decoded = json.loads(json.dumps(text))  # pairs joined, lone ones left
    assert name == "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in as_decoded)
    assert list(value.values())[1] == [name]


def test_a_surrogate_pair_is_one_character_and_kept():
    assert _json.loads('"\\ud83d\\ude00 \\ud800"') == "😀 \ufffd"


two = hs.integers(0, 99).map("{:02d}".format)
four = hs.integers(0, 9999).map("{:04d}".format)


@given(two, two, four, two, two)
def test_a_minute_timestamp_reads_as_strptime_reads_it(day, month, year, hour, minute):
    """`parse_timestamp` reads the Order Schema's shape without strptime: the same moment,
    or the same refusal, for any digits."""
    from minted.types import API_TIMEZONE, MinuteTimestamp, parse_timestamp

    text = f"{day}-{month}-{year} {hour}:{minute}"
    try:
        wanted = datetime.strptime(text, "%d-%m-%Y %H:%M").replace(tzinfo=API_TIMEZONE)
    except ValueError:
        with pytest.raises(ValueError, match="not a timestamp"):
            parse_timestamp(text)
        return
    got = parse_timestamp(text)
    assert got == wanted and got.tzinfo is API_TIMEZONE and isinstance(got, MinuteTimestamp)


@given(four, two, two)
def test_an_iso_date_reads_as_strptime_reads_it(year, month, day):
    from minted.types import parse_calendar_date

    text = f"{year}-{month}-{day}"
    try:
        wanted = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        with pytest.raises(ValueError, match="not a date"):
            parse_calendar_date(text)
        return
    assert parse_calendar_date(text) == wanted
