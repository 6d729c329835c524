"""`minted._json.dumps` (the json module's encoder, decimals marked and put back) writes what
its walk in Python (`_walk_dumps`, the reference) writes, for any JSON-like value."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from minted import _json

# Text that is hard for the marks: NULs, quotes, backslashes, and the mark itself.
TRICKY = hs.text() | hs.sampled_from(
    [
        "\x00",
        '"',
        "\\",
        _json._MARK,
        _json._MARK + "1.5",
        '\x00minted-decimal:1","x',
        "\\u0000minted-decimal:2",
        'a"\x00minted-decimal:5',
    ]
)
LEAVES = (
    hs.none()
    | hs.booleans()
    | hs.integers()
    | hs.floats(allow_nan=False)
    | TRICKY
    | hs.decimals(allow_nan=False, allow_infinity=False)
    | hs.dates()
    | hs.datetimes(timezones=hs.just(UTC))
)
VALUES = hs.recursive(
    LEAVES,
    lambda inner: (
        hs.lists(inner, max_size=5)
        | hs.tuples(inner, inner)
        | hs.dictionaries(TRICKY | hs.integers().map(str), inner, max_size=5)
    ),
    max_leaves=40,
)


@given(VALUES, hs.sampled_from([None, 2]))
def test_dumps_writes_what_the_walk_writes(value, indent):
    assert _json.dumps(value, indent) == _json._walk_dumps(value, indent)


PARSED = hs.recursive(  # what `_json.loads` gives: money as Decimal, no floats or dates
    hs.none()
    | hs.booleans()
    | hs.integers()
    | TRICKY
    | hs.decimals(allow_nan=False, allow_infinity=False, places=4),
    lambda inner: hs.lists(inner, max_size=5) | hs.dictionaries(TRICKY, inner, max_size=5),
    max_leaves=40,
)


@given(PARSED)
def test_what_dumps_writes_reads_back_exactly(value):
    text = _json.dumps(value)
    assert _json.loads(text) == value and _json.dumps(_json.loads(text)) == text


def test_a_string_that_looks_like_a_decimal_mark_stays_a_string():
    value = {"note": _json._MARK + "1.5", "price": Decimal("1.50")}
    text = _json.dumps(value)
    assert text == '{"note":"\\u0000minted-decimal:1.5","price":1.50}'
    assert _json.loads(text)["note"] == _json._MARK + "1.5"


class Colour(enum.Enum):
    RED = "red"


class Size(int, enum.Enum):
    BIG = 3


def test_enums_mappings_times_and_odd_keys_as_before():
    value = {
        "c": Colour.RED,
        "s": Size.BIG,
        "m": MappingProxyType({"a": Decimal("2.0")}),
        "e": MappingProxyType({}),
        "d": date(2026, 1, 2),
        "t": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "tuple": (Decimal("-0.00"), 1),
        1: "int key",
        Decimal("1.10"): "a decimal key, written as str(key)",
    }
    assert _json.dumps(value) == _json._walk_dumps(value)
    assert _json.dumps(value, 2) == _json._walk_dumps(value, 2)
    assert '"1.10":"a decimal key' in _json.dumps(value)


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_a_decimal_that_is_no_number_is_refused(bad):
    with pytest.raises(ValueError):
        _json.dumps({"a": [bad]})


def test_what_json_cannot_write_is_refused():
    with pytest.raises(TypeError):
        _json.dumps({"a": {1, 2}})


# -- loads: jiter where it can, the json module where it cannot --------------------------------
def typed(value):
    """``value`` with every leaf's type beside it: 1 == 1.0 == Decimal(1), and NaN != NaN."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


JSON_LEAVES = (
    hs.none()
    | hs.booleans()
    | hs.integers()
    | hs.floats()  # NaN and ±Infinity included: the json module writes them
    | hs.decimals(allow_nan=False, allow_infinity=False).map(float)
    | hs.text()  # lone surrogates included
    | TRICKY
)
JSON_VALUES = hs.recursive(
    JSON_LEAVES,
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(), inner, max_size=4),
    max_leaves=30,
)


@given(
    JSON_VALUES,
    hs.booleans(),
    hs.sampled_from(["str", "utf-8", "utf-8-sig", "utf-16", "surrogatepass"]),
    hs.sampled_from(["", " ", "\n\t", "x", "[" * 300]),
)
def test_loads_gives_what_the_json_module_gives_for_any_text(value, ascii_only, form, around):
    """For any text (numbers of any size or spelling, NaN, lone surrogates as escapes or as
    characters, a byte-order mark, UTF-16, deep nesting, junk after the value), `loads`
    gives the json module's values, types included, or refuses as it refuses."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    if around.startswith("["):
        text = around + text + "]" * len(around)
    else:
        text = around + text + (around if around != "x" else "")
    if form == "str":
        given_text: str | bytes = text
    else:
        try:
            given_text = text.encode(
                *(("utf-8", "surrogatepass") if form == "surrogatepass" else (form,))
            )
        except UnicodeEncodeError:
            return  # a lone surrogate cannot be written in that encoding: no such answer
    assert_read_as_the_json_module_reads(given_text)


@pytest.mark.parametrize(
    "text",
    [
        b'{"price":559.40,"n":1e400,"tiny":1.5e-999999999,"int":-0,"z":-0.0}',
        b'{"a":1,"a":2.50}',
        '{"name":"Çağrı \\u00e7 \\ud83d\\ude00 <b>&amp;</b>"}',
        b"[0.1, 1E5, 12345678901234567890.123456789]",
        b'{"big":' + b"7" * 4300 + b"}",
        b'{"too big":' + b"7" * 4301 + b"}",  # past Python's 4,300 digits: refused
        b"[" * 100_000 + b"]" * 100_000,  # the json module's recursion: refused
        "\ufeff{}",  # a str with a byte-order mark: refused
        b'{"a":"\\ud800","b":NaN,"c":-Infinity}',
    ],
)
def test_loads_reads_exact_digits_and_odd_texts_as_before(text):
    assert_read_as_the_json_module_reads(text)


def assert_read_as_the_json_module_reads(text: str | bytes) -> None:
    try:
        expected = typed(_json._json_module_loads(text))
    except (ValueError, RecursionError) as refused:
        with pytest.raises(type(refused)):
            _json.loads(text)
    else:
        read = _json.loads(text)
        assert typed(read) == expected
        assert not any(_json._LONE_SURROGATE.search(t) for t in texts_in(read))


def texts_in(value) -> list[str]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*texts_in(k), *texts_in(v))]
    if isinstance(value, list):
        return [t for v in value for t in texts_in(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize(
    "text",
    [
        b'{"a":"\\ud800x"}',  # an escape
        b'{"a":"\xed\xa0\x80x"}',  # the surrogate's own bytes (CESU-8)
        '{"a":"\ud800x"}',  # itself, in a str
        '{"\ud800":["\udfff"]}'.encode("utf-16", "surrogatepass"),
    ],
)
def test_a_lone_surrogate_however_written_is_read_as_a_replacement_character(text):
    read = _json.loads(text)
    assert read in ({"a": "\ufffdx"}, {"\ufffd": ["\ufffd"]})
