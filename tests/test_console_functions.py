"""The console's plain functions (formatting, charts, tables, receipts, conversion), without
Streamlit."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import reference_examples

import minted
from minted.console import charts, formatting
from minted.console.formatting import literal
from minted.console.frames import FORMULA_STARTS, balances_frame, neutralised, orders_frame, to_csv
from minted.console.rates import convert
from minted.console.receipts import receipt_html
from minted.fees import FeeRates, breakdown_of, buy_fees, sell_fees
from minted.models import (
    BalanceStats,
    CurrencyRate,
    CustomerBalance,
    PartnerBalance,
    Receipt,
    Stats,
    WalletableOrder,
)
from minted.moments import MinuteTimestamp

D = Decimal
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
BASKET_B = {e.key: e for e in reference_examples()}["5.10#3"]


def test_money_in_both_languages():
    assert formatting.money(D("1853.9"), "TRY", "en") == "₺1,853.90"
    assert formatting.money(D("1853.9"), "TRY", "tr") == "₺1.853,90"
    assert formatting.money(D("-3.145"), "AED") == "−3.15 AED"
    assert formatting.money(None, "TRY") == "—"


def test_grams_keep_up_to_four_decimals():
    assert formatting.grams(D("3.5000")) == "3.5 g"
    assert formatting.grams(D("0.12345")) == "0.1235 g"
    assert formatting.grams(D(1000), "tr") == "1.000 g"
    assert formatting.amount(D(2), "GAU") == "2 g" and formatting.amount(D(2), "USD") == "$2.00"


def test_countdown_and_timestamps():
    assert formatting.countdown(239.4) == "3:59"
    assert formatting.countdown(0) == formatting.countdown(-2) == "expired"
    assert formatting.timestamp(NOW) == "23 Nov 2026 19:30:00 +03"
    assert formatting.timestamp(NOW, "tr") == "23 Kas 2026 19:30:00 +03"
    assert formatting.status_badge("Completed") == ":green[Completed]"


def test_a_turkish_timestamp_has_turkish_months_whatever_the_server_locale():
    """The receipt in Türkçe said "23 Nov": ``%b`` follows the server's LC_TIME, not the
    console's language; the month names are the console's own."""
    months = [formatting.timestamp(datetime(2026, m, 1, 12, tzinfo=UTC), "tr") for m in (2, 8)]
    assert months == ["01 Şub 2026 15:00:00 +03", "01 Ağu 2026 15:00:00 +03"]


def test_a_moment_known_to_the_minute_shows_no_invented_seconds():
    from minted.types import parse_timestamp

    assert formatting.timestamp(parse_timestamp("25-11-2026 07:37")) == "25 Nov 2026 07:37 +03"
    assert formatting.timestamp(parse_timestamp("2026-11-25T04:37:33Z")).endswith("07:37:33 +03")


def _strftime_timestamp(moment, lang, tz):
    """`formatting.timestamp` as it was written with strftime, before an export's 50,000
    rows made it worth writing field by field."""
    local = moment.astimezone(tz)
    month = formatting.MONTHS.get(lang, formatting.MONTHS["en"])[local.month - 1]
    clock = "%H:%M" if isinstance(moment, MinuteTimestamp) else "%H:%M:%S"
    offset = local.strftime("%z")  # +HHMM, +HHMMSS or +HHMMSS.ffffff
    offset = ":".join(
        [offset[:3]]
        + ([offset[3:5]] if offset[3:] != "00" else [])
        + ([offset[5:]] if offset[5:] else [])
    )
    return f"{local.day:02d} {month} {local.year} {local.strftime(clock)} {offset}"


ZONES = ["Europe/Istanbul", "UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"]


@given(
    moment=st.datetimes(
        min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 30), timezones=st.timezones()
    ),
    to_the_minute=st.booleans(),
    lang=st.sampled_from(["en", "tr", "xx"]),
    zone=st.sampled_from(ZONES),
)
def test_a_timestamp_is_written_as_strftime_wrote_it(moment, to_the_minute, lang, zone):
    from zoneinfo import ZoneInfo

    if to_the_minute:
        moment = MinuteTimestamp.combine(moment.date(), moment.timetz())
    tz = ZoneInfo(zone)
    expected = _strftime_timestamp(moment, lang, tz)
    assert formatting.timestamp(moment, lang, tz) == expected


@pytest.mark.parametrize(
    ("offset", "written"),
    [
        (timedelta(hours=1, minutes=56, seconds=56), "+01:56:56"),  # Istanbul's before 1910
        (-timedelta(hours=3, minutes=30), "-03:30"),
        (-timedelta(seconds=30), "-00:00:30"),
        (timedelta(hours=5, seconds=1, microseconds=5), "+05:00:01.000005"),
        (timedelta(0), "+00"),
    ],
)
def test_an_offset_with_minutes_or_seconds_is_written_with_them(offset, written):
    """Before 1910 Istanbul kept its mean time, +01:56:56, which the console wrote +01:5656."""
    zone = timezone(offset)
    assert formatting.timestamp(datetime(2026, 6, 1, 12, tzinfo=zone), tz=zone).endswith(
        f"12:00:00 {written}"
    )


def test_a_moment_before_1910_is_written_in_istanbul_mean_time():
    assert formatting.timestamp(datetime(1900, 6, 1, 12, tzinfo=UTC)) == (
        "01 Jun 1900 13:56:56 +01:56:56"
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("9999-12-31T23:00:00Z", "31 Dec 9999 23:00:00 +00"),
        ("0001-01-01T00:00:00+05:00", "01 Jan 1 00:00:00 +05"),
        ("31-12-9999 23:59", "31 Dec 9999 23:59 +03"),
    ],
)
def test_a_moment_at_the_calendars_edge_is_written_where_it_was_given(text, written):
    """The API's zone is +03: 9999-12-31 23:00 UTC is past the last day Python can hold
    there, and the page that showed it raised OverflowError.  Such a moment is written in
    the offset it came with, which says the same instant."""
    from minted.types import parse_timestamp

    assert formatting.timestamp(parse_timestamp(text)) == written


def test_one_order_reads_the_same_time_in_every_schema(seeded_sandbox):
    """Issue 11: one walletable order showed 07:37:00 (Get Order: the Order Schema's
    ``order_at`` is ``DD-MM-YYYY HH:MM``, no seconds) and 07:37:33 (the walletable list and
    the receipt: the Ecom schema, with seconds).  The minute-only one must not claim :00."""
    from conftest import client_for

    with client_for(seeded_sandbox) as client:
        listed = [o for o in client.orders.list_walletable(total=50).data if o.order_at.second]
        assert listed, "the demo world has walletable orders with seconds"
        for order in listed[:5]:
            full = formatting.timestamp(order.order_at)  # 25 Nov 2026 07:37:33 +03
            got = formatting.timestamp(client.orders.get(order.guid).order_at)
            receipt = formatting.timestamp(client.orders.receipt(order.guid).order_at)
            assert receipt == full
            assert got == full[:-7] + full[-4:], (got, full)  # 25 Nov 2026 07:37 +03


def figure_of(chart, *args) -> go.Figure:
    """A chart as plotly checks it (st.plotly_chart does the same): a wrong key raises."""
    return go.Figure(chart(*args))


def test_fee_breakdown_chart_ends_at_paid_total():
    fees = buy_fees(D("2184.24"), FeeRates(D(10), D(5), D(20), D(5)))
    fig = figure_of(charts.fee_breakdown_chart, fees, "AED")
    waterfall = fig.data[0]
    assert isinstance(fig, go.Figure) and waterfall.type == "waterfall"
    assert list(waterfall.x)[-1] == "Paid total" and waterfall.measure[-1] == "total"
    assert waterfall.y[-1] == float(D("2986.94"))
    assert sum(waterfall.y[:-1]) == pytest.approx(2986.94)


def test_chart_titles_and_the_rate_history_are_in_the_console_s_language_and_zone():
    """A chart's "as of" followed the server's month names, and the rate history drew each
    point's own wall-clock time (plotly.js drops offsets): one sent in UTC sat 3 h off."""
    from minted.models import RateHistory

    lines = [CustomerBalance(name="Gold", currency_code="GAU", balance=D(3), is_cash=False)]
    assert (
        "as of 23 Kas 2026 19:30:00 +03"
        in figure_of(charts.holdings_chart, lines, NOW, "tr").layout.title.text
    )
    history = RateHistory(
        currency_code="GAU",
        base_currency="TRY",
        points=[
            {"at": "2026-11-23T16:30:00Z", "rate": "5460.1"},
            {"at": "2026-11-23T19:31:00+03:00", "rate": "5461.2"},
        ],
    )
    scatter = figure_of(charts.rate_history_chart, history, NOW, "tr").data[0]
    assert [x.strftime("%H:%M %z") for x in scatter.x] == ["19:30 +0300", "19:31 +0300"]
    assert list(scatter.customdata) == ["23 Kas 2026 19:30:00 +03", "23 Kas 2026 19:31:00 +03"]


def test_a_rate_at_the_calendars_edge_is_drawn_not_raised():
    from minted.models import RateHistory

    history = RateHistory(
        currency_code="GAU",
        base_currency="TRY",
        points=[{"at": "9999-12-31T23:00:00Z", "rate": "1"}],
    )
    scatter = figure_of(charts.rate_history_chart, history, NOW, "en").data[0]
    assert list(scatter.customdata) == ["31 Dec 9999 23:00:00 +00"]


def test_sell_chart_subtracts():
    fees = sell_fees(D("2730.3"), FeeRates(charge_fee_rate=D(10), vat_rate=D(5)))
    waterfall = figure_of(charts.fee_breakdown_chart, fees, "AED").data[0]
    assert list(waterfall.x)[-1] == "Net amount received" and min(waterfall.y) < 0


def test_charts_say_as_of_when():
    lines = [
        CustomerBalance(name="Gold", currency_code="GAU", balance=D(3), is_cash=False),
        CustomerBalance(name="Lira", currency_code="TRY", balance=D(5), is_cash=True),
    ]
    fig = figure_of(charts.holdings_chart, lines, NOW)
    assert "as of 23 Nov 2026 19:30:00 +03" in fig.layout.title.text
    assert list(fig.data[0].x) == ["Gold"]  # cash is not a holding
    week = BalanceStats(
        customer_external_id="c",
        points=[
            {"date": date(2026, 11, d), "currency_code": "GAU", "balance": D(d), "value": D(d * 10)}
            for d in range(17, 24)
        ],
    )
    fig = figure_of(charts.balance_history_chart, week, NOW, "TRY")
    assert len(fig.data[0].x) == 7 and fig.data[0].y[-1] == 230.0
    assert "as of" in fig.layout.title.text


@given(
    moment=st.datetimes(
        min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 30), timezones=st.timezones()
    ),
    lang=st.sampled_from(["en", "tr", "xx"]),
)
def test_a_day_is_written_as_a_moment_s_date_is(moment, lang):
    """One format: a calendar date (a birth date, a chart's day) reads as the date part of
    every time the console writes."""
    local = formatting.in_zone(moment)
    assert formatting.timestamp(moment, lang).startswith(formatting.day(local.date(), lang) + " ")
    assert formatting.day(local.date(), lang).startswith(formatting.day(local, lang, year=False))


def test_a_day_in_each_language():
    assert formatting.day(date(1970, 4, 5)) == "05 Apr 1970"
    assert formatting.day(date(1970, 4, 5), "tr") == "05 Nis 1970"
    assert formatting.day(date(9999, 12, 31), "tr", year=False) == "31 Ara"
    assert formatting.day(None) == "—"


@given(st.text())
def test_plotly_text_shows_any_text_as_it_is(text):
    """plotly reads tags and character references in labels, titles and hovers: none is
    left in data, and decoding the references gives the text back."""
    import html

    written = formatting.plotly_text(text)
    assert "<" not in written and ">" not in written
    assert html.unescape(written) == text or "&" in text  # a lone & plotly shows as it is
    assert written.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


HOSTILE = "<b>x</b><br><a href='javascript:alert(1)'>y</a> & <span style='font-size:99px'>z"


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def test_no_chart_reads_the_api_s_text_as_markup():
    """Wallet names and currency codes come from the API: in a chart they are shown as they
    are, never as plotly's tags (bold, a line break, a link, a style)."""
    from minted.models import RateHistory

    week = BalanceStats(
        customer_external_id="c",
        points=[{"date": date(2026, 11, 17), "currency_code": HOSTILE, "balance": D(1)}],
    )
    stats = Stats(
        start_date=date(2026, 11, 1),
        end_date=date(2026, 11, 1),
        currency_code=HOSTILE,
        points=[{"date": date(2026, 11, 1), "buy_total": D(100), "fee_total": D(2)}],
    )
    history = RateHistory(
        currency_code=HOSTILE,
        base_currency=HOSTILE,
        points=[{"at": "2026-11-23T16:30:00Z", "rate": "2"}],
    )
    holdings = [
        CustomerBalance(name=HOSTILE, currency_code="GAU", balance=D(3), is_cash=False),
        PartnerBalance(
            name=HOSTILE,
            currency_code="GAG",
            balance=D(3),
            held_for_customers=D(1),
            is_cash=False,
        ),
    ]
    figures = [
        charts.holdings_chart(holdings[:1], NOW, "tr"),
        charts.holdings_chart(holdings[1:], NOW),
        charts.balance_history_chart(week, NOW, HOSTILE, "tr"),
        charts.activity_chart(stats, NOW, "tr"),
        charts.fees_over_time_chart(stats, NOW),
        charts.rate_history_chart(history, NOW),
    ]
    for figure in figures:
        go.Figure(figure)  # plotly takes it
        texts = _texts(figure)
        assert not [t for t in texts if "<b>x" in t or "<a " in t or "<span" in t], texts
        assert any("&lt;b&gt;x&lt;/b&gt;" in t for t in texts), texts


def test_an_axis_of_days_speaks_the_console_s_language_and_stays_readable():
    """plotly wrote a day's month in English on a Turkish page (and the hover 2026-11-17);
    a year of days is labelled every few days, not 365 times."""
    start = date(2026, 1, 1)
    year = Stats(
        start_date=start,
        end_date=start + timedelta(364),
        currency_code="TRY",
        points=[{"date": start + timedelta(n), "buy_total": D(n)} for n in range(365)],
    )
    fig = figure_of(charts.activity_chart, year, NOW, "tr")
    ticks = list(fig.layout.xaxis.ticktext)
    assert 5 <= len(ticks) <= charts.DAY_TICKS and ticks[0] == "01 Oca"
    assert list(fig.data[0].customdata[:2]) == ["01 Oca 2026: ₺0,00", "02 Oca 2026: ₺1,00"]
    week = BalanceStats(
        customer_external_id="c",
        points=[
            {"date": date(2026, 11, 16), "currency_code": "GAU", "balance": D(16)},
            {"date": date(2026, 11, 17), "currency_code": "GAU", "balance": D(17), "value": D(1e5)},
        ],
    )
    fig = figure_of(charts.balance_history_chart, week, NOW, "TRY", "tr")
    assert list(fig.layout.xaxis.ticktext) == ["16 Kas", "17 Kas"]
    assert list(fig.data[0].customdata) == ["16 Kas 2026: 16 g", "17 Kas 2026: 17 g · ₺100.000,00"]


def test_partner_holdings_stack_own_and_customers():
    lines = [
        PartnerBalance(
            name="Gold", currency_code="GAU", balance=D(3), held_for_customers=D(40), is_cash=False
        )
    ]
    fig = figure_of(charts.holdings_chart, lines, NOW)
    assert [t.name for t in fig.data] == ["Partner's own", "Held for customers"]
    assert fig.layout.barmode == "stack"


def test_activity_and_fee_charts():
    stats = Stats(
        start_date=date(2026, 11, 1),
        end_date=date(2026, 11, 2),
        currency_code="TRY",
        points=[
            {"date": date(2026, 11, 1), "buy_total": D(100), "fee_total": D(2)},
            {"date": date(2026, 11, 2), "sell_total": D(50), "fee_total": D(3)},
        ],
    )
    fig = figure_of(charts.activity_chart, stats, NOW)
    assert [t.name for t in fig.data] == ["Buy", "Sell", "Delivery", "Fees"]
    assert figure_of(charts.fees_over_time_chart, stats, NOW).data[0].y[-1] == 5.0


def test_orders_frame_keeps_exact_money_and_csv_carries_it():
    order = WalletableOrder.model_validate(BASKET_B.load()["data"])
    frame = orders_frame([order])
    assert frame.loc[0, "paid_total"] == D("2181.53")
    assert "MNTBAE0013" in frame.loc[0, "items"]
    assert b"2181.53" in to_csv(frame)
    lines = [CustomerBalance(name="Gold", currency_code="GAU", balance=D("1.5"), is_cash=False)]
    assert balances_frame(lines).loc[0, "kind"] == "metal (g)"


def test_receipt_html_escapes_and_totals():
    data = BASKET_B.load()["data"]
    data["customer"]["firstname"] = "<script>x</script>"
    data["customer"]["fullname"] = None
    receipt = Receipt.model_validate({**data, "receipt_number": "RCPT-1"})
    html = receipt_html(receipt, "tr")
    assert "Makbuz RCPT-1" in html and "<script>" not in html
    assert formatting.money(D("2181.53"), "AED", "tr") in html
    assert breakdown_of(receipt).paid_total == D("2181.53")


@given(st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["en", "tr"]))
def test_a_trimmed_amount_reads_back_as_itself_without_the_zeros_that_end_it(value, lang):
    """An order line's amount is written without its fraction's closing zeros (2.5000 →
    2.5) and never rounded: read back, it is the same number, however many digits it has."""
    from minted.console.formatting import HUGE_DIGITS, number

    text = number(value, lang, trimmed=True)
    if value.adjusted() > HUGE_DIGITS or -value.as_tuple().exponent > HUGE_DIGITS:
        assert D(text) == value  # absurd: written as it came, readable as a number
        return
    digits = text.replace(".", "").replace(",", ".") if lang == "tr" else text.replace(",", "")
    assert D(digits) == value
    fraction = digits.partition(".")[2]
    assert not fraction.endswith("0")  # "2.5", never "2.50"; "3", never "3."
    assert "." not in digits or fraction


def test_an_absurd_amount_on_an_order_line_is_written_exactly_and_stops_nothing():
    """Decimal.normalize rounded an amount to 28 digits (…0001 became 1) and raised past
    1E+999999: the Orders table, its export and the receipt all stopped on such a line."""
    from minted.console.frames import order_cells, order_row

    amounts = ["1E+1000000", "1.00000000000000000000000000000001", "2.5000", "1E-40"]
    data = BASKET_B.load()["data"]
    data["items"] = [
        {**data["items"][0], "amount": a, "sku": f"S{n}"} for n, a in enumerate(amounts)
    ]
    order = WalletableOrder.model_validate(data)
    want = "1E+1000000 × S0, 1.00000000000000000000000000000001 × S1, 2.5 × S2, "
    want += "0." + "0" * 39 + "1 × S3"
    assert order_row(order)["items"] == want == order_cells(order)[6]
    html = receipt_html(Receipt.model_validate({**data, "receipt_number": "RCPT-2"}), "en")
    assert "<td>1E+1000000</td>" in html and "<td>2.5</td>" in html
    assert "1.00000000000000000000000000000001" in html


def test_convert_through_the_base_currency():
    rates = [
        CurrencyRate(currency_code="TRY", base_currency="TRY", rate=D(1)),
        CurrencyRate(currency_code="USD", base_currency="TRY", rate=D("42.00")),
        CurrencyRate(currency_code="GAU", base_currency="TRY", rate=D("5460.00"), symbol="gr"),
    ]
    assert convert(D(100), "USD", "TRY", rates) == D("4200.00")
    assert convert(D(100), "USD", "GAU", rates) == D("0.7692")
    assert convert(D(1), "GAU", "USD", rates) == D("130.00")


def test_metal_swatch_is_an_offline_image():
    assert formatting.metal_swatch("gold").startswith("data:image/svg+xml;base64,")


def test_console_functions_do_not_need_streamlit():
    import subprocess

    code = (
        "import sys, minted.console.charts, minted.console.frames, minted.console.receipts, "
        "minted.console.rates, minted.console.policy, minted.console.settings, "
        "minted.console.intents, minted.console.sandbox, minted.console.audit, "
        "minted.console.labels; "
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- data is data, never markup ------------------------------------------------------------------


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))) | st.text())
def test_literal_markdown_shows_the_text_and_holds_no_syntax(text):
    import html
    import unicodedata

    shown = literal(text)
    if not any(unicodedata.category(ch) == "Cc" for ch in text):  # control characters show
        assert html.unescape(shown) == text  # as nothing (or U+FFFD for NUL) in any case
    # no ASCII punctuation is left for Markdown (or Streamlit's :icon: and autolinks) to read
    assert not any(ch.isascii() and not ch.isalnum() and ch not in " &#;" for ch in shown)


def test_literal_of_the_issues_hostile_name():
    hostile = "**bold** [x](javascript:alert(1)) :red[red] $x^2$ ![p](http://host/pixel.png)"
    shown = literal(hostile)
    for syntax in ("**", "](", ":red[", "$x", "![", "http://"):
        assert syntax not in shown


@given(st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["en", "tr"]))
def test_any_amount_is_written_to_the_cent_and_grams_to_four_places(value, lang):
    """However large or small (1E+30 raised InvalidOperation in the default context)."""
    from decimal import ROUND_HALF_UP, localcontext

    from minted.console.formatting import grams, money

    def read_back(text: str) -> D:
        digits = text.replace("−", "-").removeprefix("₺").removesuffix(" g")
        if lang == "tr":
            digits = digits.replace(".", "").replace(",", ".")
        return D(digits.replace(",", "").replace("₺", ""))

    if value.adjusted() > 60:  # beyond any real balance: written as it came
        assert money(value, "TRY", lang) == f"{value} TRY" and grams(value, lang) == f"{value} g"
        return
    with localcontext() as exact:
        exact.prec = 1000
        cents = value.quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert read_back(money(value, "TRY", lang)) == cents
        assert read_back(grams(value, lang)) == value.quantize(D("0.0001"), ROUND_HALF_UP)


def test_absurd_amounts_from_the_api_are_written_as_they_came():
    from minted.console.formatting import grams, money

    assert money(D("1E+999999999"), "TRY") == "1E+999999999 TRY"  # at once, no billion digits
    assert money(D("NaN")) == "NaN" and grams(D("-Infinity")) == "-Infinity g"
    assert money(D("1E+30"), "USD") == "$1,000,000,000,000,000,000,000,000,000,000.00"


def test_an_absurd_quantity_is_written_as_it_came_not_as_a_billion_digits():
    """An order line's amount or a rate is written with every digit it has; one of
    ``1E±999999999`` would be a billion characters (and the console's memory), so it is
    written as the API gave it.  The same huge value in an order's items cell too."""
    from minted.console.formatting import number

    assert number(D("1E+999999999")) == "1E+999999999"
    assert number(D("-1E-999999999"), "tr") == "-1E-999999999"
    assert number(D("NaN")) == "NaN"
    assert number(D("1E+60"), "tr") == "1" + ".000" * 20  # the largest still grouped
    assert number(D("0.{}1".format("0" * 59))) == "0." + "0" * 59 + "1"  # 60 places, whole
    assert number(D("1234.5670"), "tr") == "1.234,5670"


@given(st.text(max_size=30), st.decimals(allow_nan=False, allow_infinity=False, places=2))
def test_the_cash_row_is_one_table_whose_cells_hold_no_syntax(name, balance):
    """The partner's cash wallets side by side as one Markdown table: a name with a pipe,
    a line break or markup can neither add a column nor format anything."""
    from types import SimpleNamespace

    from minted.console.formatting import cash_row, money

    lines = [
        SimpleNamespace(name=name, currency_code="TRY", balance=balance),
        SimpleNamespace(name=None, currency_code="USD", balance=D("1234.5")),
    ]
    header, rule, figures = cash_row(lines, "tr").split("\n")
    assert rule == "|---|---|"
    assert header.count("|") == figures.count("|") == 3  # two cells each, whatever the name
    assert header.endswith("| USD |") and figures.endswith(" | **&#36;1&#46;234&#44;50** |")
    assert literal(money(balance, "TRY", "tr")) in figures


@given(st.text())
def test_a_csv_text_cell_never_starts_a_formula(text):
    cell = neutralised(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == text or cell == "'" + text  # and the text itself is all there


def test_csv_export_neutralises_formulas_but_keeps_numbers():
    rows = [
        {"order": '=HYPERLINK("http://x")', "items": "-2+3+cmd|' /C calc'!A0", "total": D("-5")},
        {"order": "@SUM(A1)", "items": "\t=1", "total": D("12.30")},
        {"order": "MTD-1", "items": "1 × GAU", "total": D("0")},
    ]
    text = to_csv(pd.DataFrame(rows)).decode()
    lines = text.splitlines()
    assert lines[1].startswith("\"'=HYPERLINK") and ",-5" in lines[1]
    assert lines[2].startswith("'@SUM(A1),'\t=1,12.30")
    assert lines[3] == "MTD-1,1 × GAU,0"


# -- exactly once --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "error,made_nothing",
    [
        (minted.WriteRefusedError("viewer"), True),
        (minted.UnprocessableEntityError("bad", status=422), True),
        (minted.NotFoundError("gone", status=404), True),
        (minted.RateLimitError("slow down", status=429), True),
        (minted.ServerError("boom", status=500), False),
        (minted.ServerError("bad gateway", status=502), False),
        (minted.InvalidResponseError("cut body", status=200), False),
        (minted.TransportError("connection reset"), False),
        (minted.APITimeoutError("no answer"), False),
    ],
)
def test_only_a_definite_refusal_frees_an_intent(error, made_nothing):
    from minted.console.intents import nothing_was_made

    assert nothing_was_made(error) is made_nothing


def test_an_unknown_write_blocks_its_scope_until_looked_up():
    from minted.console.intents import Intents

    intents = Intents({})
    assert intents.begin("add-1", scope="basket:C-1")
    intents.unknown("add-1")
    assert not intents.begin("add-2", scope="basket:C-1")  # the second click sends nothing
    assert intents.begin("add-3", scope="basket:C-2")  # another basket is free
    assert intents.unknown_in("basket:C-1") == "add-1"
    intents.done("add-1", None)  # looked up
    assert intents.unknown_in("basket:C-1") is None and intents.begin("add-2", scope="basket:C-1")


def test_a_write_s_reference_is_letters_and_digits_that_the_api_log_keeps_whole():
    from minted.console.intents import new_reference
    from minted.journal import redact

    references = [new_reference("MC-CASH-") for _ in range(500)]
    assert len(set(references)) == len(references)
    assert all(re.fullmatch(r"MC-CASH-[A-Z0-9]{16}", r) for r in references)
    # 16 hex digits would hold a run that passes for a card about once in 1,200, and the API
    # log would show it masked; these never do.
    assert [r for r in references if redact(r) != r] == []


# -- the sidebar's word on the connection ----------------------------------------------------------
def _call(at, status, error=None, path="/partner/customer/X"):
    from minted.journal import JournalEntry

    return JournalEntry(
        1, at, "sandbox", "GET", "http://x" + path, path, status, 5.0, 0, error=error
    )


def test_the_sidebar_reports_this_session_s_failing_calls_not_only_the_health_check():
    from minted.console.health import connection_status

    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    fine = (True, 12.0, "connected")
    assert connection_status(fine, [], now) == (True, "connected · 12 ms")
    failing = [_call(now, 500, "ServerError: Fault injected")]
    healthy, text = connection_status(fine, failing, now)
    assert not healthy and "HTTP 500" in text and "/partner/customer/X" in text
    dropped = [_call(now, None, "TransportError: RemoteProtocolError: cut")]
    assert "TransportError" in connection_status(fine, dropped, now)[1]
    refused = [_call(now, 404, "NotFoundError: Customer not found")]  # the API answered
    assert connection_status(fine, refused, now) == (True, "connected · 12 ms")
    from datetime import timedelta

    old = [_call(now - timedelta(minutes=5), 500, "ServerError: x")]  # long ago: the check
    assert connection_status(fine, old, now)[0]
    assert connection_status((False, 3.0, "Name or service not known"), [], now) == (
        False,
        "Name or service not known",
    )


def test_a_delivery_is_read_as_delivery_not_as_metal_counted_twice():
    from minted.console.receipts import headline_figures
    from minted.models import Receipt

    basket = WalletableOrder(  # as the sandbox answers a delivery basket
        guid="g",
        type="delivery",
        total=D("3.00"),
        price=D(0),
        delivery_cost=D("3.00"),
        charges_vat=D("0.15"),
        paid_total=D("3.15"),
    )
    assert headline_figures(breakdown_of(basket)) == [
        ("Delivery", D("3.00")),
        ("Fees and VAT", D("0.15")),
        ("Customer pays", D("3.15")),
    ]
    completed = Receipt(  # a completed order says walletable_ecommerce; tx_type is the side
        guid="g",
        type="walletable_ecommerce",
        tx_type="delivery",
        total=D("3.00"),
        delivery_cost=D("3.00"),
        charges_vat=D("0.15"),
        paid_total=D("3.15"),
        currency_code="AED",
    )
    fees = breakdown_of(completed)
    assert fees.type == "delivery" and "Metal" not in dict(fees.components())
    assert sum(value for _, value in fees.components()) == fees.paid_total
    assert ">Metal<" not in receipt_html(completed)


def test_kyc_reads_as_labelled_rows_not_raw_json():
    from minted.console.frames import kyc_rows
    from minted.models import KycRecord

    rows = {r["api"]: r for r in kyc_rows(KycRecord(external_id="C-1", is_pep=False))}
    assert rows["status"]["value"] == "Not started"  # it showed "Status: None"
    assert rows["is_pep"] == {"field": "Is PEP", "value": "no", "api": "is_pep"}
    assert rows["nationality"]["value"] == "—" and "external_id" not in rows


def test_a_receipt_without_a_customer_says_so_plainly():
    from minted.models import Receipt

    html = receipt_html(Receipt(guid="g", total=D(1), paid_total=D(1)))
    assert "— ()" not in html and "()" not in html


# -- one time format; every column labelled (issue 11) ------------------------------------------
def _sample_frames(lang: str = "en") -> dict[str, list[pd.DataFrame]]:
    """One frame of every table the console shows, from the documented examples."""
    from types import SimpleNamespace

    from minted.console.frames import (
        api_log_frame,
        audit_frame,
        kyc_rows,
        order_items_frame,
        partner_metal_frame,
        products_frame,
        sandbox_requests_frame,
        shown_orders,
    )
    from minted.console.rates import rates_frame
    from minted.models import KycRecord, Order, WalletableProduct

    walletable = WalletableOrder.model_validate(BASKET_B.load()["data"])
    partner = Order(guid="G", order_code="C", order_at="25-11-2026 07:37", currency_code="TRY")
    orders = orders_frame([walletable, partner], lang)
    product = WalletableProduct(product_id=1, product_name="Gold", sku="GAU", metal_type="gold")
    rate = CurrencyRate(currency_code="USD", rate=D("42.1234"), updated_at=NOW)
    event = SimpleNamespace(
        at=NOW,
        who="a",
        role="operator",
        environment="sandbox",
        action="buy",
        result="ok",
        order_ids=["X"],
        client_ip=None,
        request={},
        message=None,
    )
    entry = SimpleNamespace(
        at=NOW,
        environment="sandbox",
        method="GET",
        path="/x",
        status=200,
        duration_ms=1.0,
        retries=0,
        error=None,
    )
    lines = [CustomerBalance(name="Gold", currency_code="GAU", balance=D("1.5"), is_cash=False)]
    own = [PartnerBalance(name="Gold", currency_code="GAU", balance=D(2), is_cash=False)]
    journal = [{"at": "2026-11-23T16:30:00.123456+00:00", "method": "GET", "path": "/x"}]
    return {
        "orders": [orders, shown_orders(orders, lang)],
        "order_items": [order_items_frame(walletable, lang)],
        "balances": [balances_frame(lines)],
        "products": [products_frame([product], "TRY", lang)],
        "rates": [rates_frame([rate], lang)],
        "audit": [audit_frame([event], lang)],
        "api_log": [api_log_frame([entry], lang)],
        "sandbox_requests": [sandbox_requests_frame(journal, lang)],
        "partner_metal": [partner_metal_frame(own, lang)],
        "kyc": [pd.DataFrame(kyc_rows(KycRecord(external_id="C-1")))],
    }


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_every_table_column_has_a_human_label_and_its_field_in_the_tooltip(lang):
    from minted.console import labels

    for table, frames in _sample_frames(lang).items():
        for frame in frames:
            assert labels.unlabelled(table, frame.columns) == [], table
            config = labels.column_config(table, frame.columns, lang)
            for column, entry in config.items():
                assert entry["label"].strip() and entry["help"], (table, column)


def test_a_column_config_says_label_and_api_field_without_streamlit():
    from minted.console import labels

    config = labels.column_config("orders", ["paid_total", "order_at"])
    assert config["paid_total"]["label"] == "Paid total"
    assert config["paid_total"]["help"].startswith("API field: paid_total")
    assert config["order_at"] == {"label": "Order date", "help": "API field: order_at"}
    assert labels.column_config("rates", ["rate"], "tr")["rate"]["label"] == "Kur"


def test_every_time_in_a_table_and_its_csv_is_the_screens_text():
    """The orders list, the customer's orders tab and the CSV showed the same order_at three
    ways (the timestamp, pandas' own, an ISO text); now all say what `timestamp` says."""
    frames = _sample_frames("tr")
    orders = frames["orders"][0]
    walletable = WalletableOrder.model_validate(BASKET_B.load()["data"])
    assert orders.loc[0, "order_at"] == formatting.timestamp(walletable.order_at, "tr")
    assert orders.loc[1, "order_at"] == "25 Kas 2026 07:37 +03"  # to the minute, as sent
    assert "25 Kas 2026 07:37 +03" in to_csv(orders).decode()
    assert orders.loc[0, "paid_total"] == D("2181.53")  # the CSV's money stays exact
    tables = [
        ("rates", "updated"),
        ("audit", "at"),
        ("api_log", "time"),
        ("sandbox_requests", "at"),
    ]
    for table, column in tables:
        assert frames[table][0].loc[0, column] == "23 Kas 2026 19:30:00 +03", table


def test_the_rates_table_is_written_the_turkish_way():
    from minted.console.rates import rates_frame

    rate = CurrencyRate(
        currency_code="USD", rate=D("42.1234"), buy_rate=D("1234.5"), sell_rate=None
    )
    row = rates_frame([rate], "tr").iloc[0]
    assert (row["rate"], row["buy"], row["sell"]) == ("42,1234", "1.234,5", "—")
    assert rates_frame([rate], "en").iloc[0]["buy"] == "1,234.5"


@pytest.mark.parametrize(
    "images,shown",
    [
        ([], ""),
        (["https://cdn.example/bar.png"], "https://cdn.example/bar.png"),
        (["javascript:alert(1)", "http://cdn.example/b.png"], "http://cdn.example/b.png"),
        (["data:image/svg+xml,<svg/>"], ""),
    ],
)
def test_a_product_photo_is_a_link_or_nothing_never_none(images, shown):
    """The products table said "None" for a product without a photo, and made the browser
    fetch every photo from the product's host; now a link (opened only when clicked) or an
    empty cell, beside the console's own swatch."""
    from minted.console import labels
    from minted.console.frames import products_frame
    from minted.models import WalletableProduct

    product = WalletableProduct(
        product_id=1, sku="B", product_name="Bar", metal_type="gold", product_images=images
    )
    frame = products_frame([product], "TRY")
    assert frame.loc[0, "photo"] == shown and frame["photo"].notna().all()
    assert frame.loc[0, "image"] == formatting.metal_swatch("gold")
    photo = labels.column_config("products", frame.columns)["photo"]
    assert photo["type_config"]["type"] == "link"  # never an image column


def test_a_turkish_receipt_has_no_english_label_and_writes_numbers_the_turkish_way():
    """In Türkçe the receipt was half English: its fee lines ("Service fee", "VAT on fees"),
    its date ("13 Mar" happened to pass; "Nov" did not) and its quantities ("0.1")."""
    from minted.console.receipts import LABELS

    data = BASKET_B.load()["data"]
    data["items"][0]["amount"] = "0.1"
    data["order_at"] = "2026-11-13T12:13:17.000000Z"
    html = receipt_html(Receipt.model_validate({**data, "receipt_number": "R-1"}), "tr")
    english = set(LABELS["en"].values()) | {
        "Service fee",
        "Minting fee",
        "Storage fee",
        "Delivery",
        "VAT on fees",
        "Payment cost",
        "Nov",
    }
    turkish = set(LABELS["tr"].values())
    leaks = [w for w in english - turkish if re.search(rf"\b{re.escape(w)}\b", html)]
    assert leaks == [], leaks
    assert "Hizmet bedeli" in html and "Ücretlerin KDV&#x27;si" in html
    assert "Tarih: 13 Kas 2026 15:13:17 +03" in html
    assert "<td>0,1</td>" in html and "<td>5 g</td>" in html  # 0.1 × 50 g
    assert "2.181,53 AED" in html  # the paid total
    assert "Service fee" in receipt_html(Receipt.model_validate(data), "en")


def test_the_audit_period_is_whole_days_in_the_zone_the_table_shows():
    """The audit page filtered on UTC days while its table dates writes in +03: a write at
    01:30 on the 23rd (Istanbul) fell outside "23rd to 23rd"."""
    since, until = formatting.day_range((date(2026, 11, 23), date(2026, 11, 23)))
    write = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # 23 Nov 2026 01:30:00 +03
    assert formatting.timestamp(write).startswith("23 Nov 2026")
    assert since <= write < until
    assert formatting.day_range((date(2026, 11, 23),))[1] is None
    assert formatting.day_range(()) == (None, None)


def test_quantities_in_the_orders_tables_are_written_in_the_console_s_language():
    from minted.console.frames import order_items_frame

    order = minted.models.Order(guid="G", items=[{"sku": "GAU", "amount": "0.1"}])
    assert orders_frame([order], "tr").loc[0, "items"] == "0,1 × GAU"
    assert order_items_frame(order, "tr").loc[0, "amount"] == "0,1"
    assert orders_frame([order]).loc[0, "items"] == "0.1 × GAU"


def test_balances_are_shown_in_their_own_unit():
    from minted.console.frames import shown_balances
    from minted.models import CustomerBalance

    lines = [
        CustomerBalance(
            name="Türk Lirası",
            currency_code="TRY",
            balance=D("1234.5"),
            blocked=D("0"),
            real_balance=D("1234.5"),
        ),
        CustomerBalance(
            name="Gold",
            currency_code="GAU",
            balance=D("2.5"),
            blocked=D("0.25"),
            real_balance=D("2.25"),
        ),
    ]
    shown = shown_balances(balances_frame(lines), "tr")
    assert list(shown["balance"]) == ["₺1.234,50", "2,5 g"]
    assert list(shown["available"]) == ["₺1.234,50", "2,25 g"]


def test_the_fee_chart_speaks_the_receipts_language():
    """Beside a Turkish receipt the chart's bars were English ("Service fee", "Paid total")."""
    fees = buy_fees(D("2184.24"), FeeRates(D(10), D(5), D(20), D(5)))
    bars = list(figure_of(charts.fee_breakdown_chart, fees, "AED", "tr").data[0].x)
    assert bars[-1] == "Ödenen toplam" and "Hizmet bedeli" in bars
    assert "Service fee" in list(figure_of(charts.fee_breakdown_chart, fees, "AED", "en").data[0].x)


# -- figures a model accepts, however absurd (minted.figures) ---------------------------------
HUGE, TINY = D("1E+999999999"), D("1E-999999999")
LONG = D("12345678901234567890123456789012345678.91")  # 40 digits: past the default 28


def test_money_keeps_every_digit_a_figure_has():
    """abs() rounded a figure to 28 digits before it was written."""
    assert formatting.money(D("123456789012345678901234567.89"), "TRY") == (
        "₺123,456,789,012,345,678,901,234,567.89"
    )
    assert (
        formatting.money(LONG.copy_negate(), "USD")
        == "−$12,345,678,901,234,567,890,123,456,789,012,345,678.91"
    )


@pytest.mark.parametrize("figure", [HUGE, HUGE.copy_negate(), TINY, LONG, D(0)])
def test_a_basket_with_any_figure_has_its_fees_chart_receipt_and_headlines(figure):
    """Every fee field at once: none stops the receipt, the fee chart or the headline figures,
    and a 40-digit one is added exactly."""
    from minted.console.receipts import headline_figures

    data = BASKET_B.load()["data"]
    fields = ("charge_fee", "minting_fee", "storage_fee", "charges_vat", "payment_cost")
    for kind in ("buy", "sell", "delivery"):
        order = WalletableOrder.model_validate(
            {**data, **dict.fromkeys(fields, str(figure)), "delivery_cost": str(figure)}
        )
        fees = breakdown_of(order).__class__(**{**breakdown_of(order).__dict__, "type": kind})
        assert figure_of(charts.fee_breakdown_chart, fees, NOW).data
        figures = dict(headline_figures(fees))
        assert all(isinstance(value, Decimal) for value in figures.values())
        receipt = Receipt.model_validate({**data, **dict.fromkeys(fields, str(figure))})
        assert "<table" in receipt_html(receipt, "tr")
    if figure is LONG:  # exact: 28 digits made the fees 4.938271604938271604938271605E+37
        assert fees.fees == D("49382715604938271560493827156049382715.64")
        assert dict(fees.components())["VAT on fees"] == LONG


@pytest.mark.parametrize("figure", [HUGE, HUGE.copy_negate(), TINY, LONG])
def test_the_cumulative_fees_chart_adds_any_figure(figure):
    stats = Stats(
        start_date=date(2026, 11, 1),
        end_date=date(2026, 11, 2),
        currency_code="TRY",
        points=[
            {"date": date(2026, 11, 1), "fee_total": figure},
            {"date": date(2026, 11, 2), "fee_total": D("0.01")},
        ],
    )
    assert figure_of(charts.fees_over_time_chart, stats, NOW).data


def test_the_partner_cash_check_is_exact_and_never_stops_the_dialog():
    """1E+30 of cash against a trade of 1E+30 + 0.01: short by a cent (28 digits said it
    covered it and left 0.00); absurd balances and trades are checked without raising."""
    from minted.console.cash import partner_cash_after

    def wallet(balance):
        return PartnerBalance(
            name="Lira", currency_code="TRY", is_cash=True, balance=balance, real_balance=balance
        )

    check = partner_cash_after(
        [wallet(D("1E+30"))], "TRY", "buy", D("1000000000000000000000000000000.01")
    )
    assert check.short and check.after == D("-0.01")
    for balance, amount in [(HUGE, D(5)), (D(5), HUGE), (HUGE.copy_negate(), HUGE), (TINY, LONG)]:
        check = partner_cash_after([wallet(balance)], "TRY", "buy", amount)
        assert isinstance(check.short, bool)
        assert formatting.money(check.change.copy_negate(), "TRY")


def test_the_converter_says_which_rate_is_missing_and_converts_any_figure():
    rates = [
        CurrencyRate(currency_code="TRY", base_currency="TRY", rate=D(1)),
        CurrencyRate(currency_code="USD", base_currency="TRY", rate=D(0)),
        CurrencyRate(currency_code="EUR", base_currency="TRY", rate=LONG),
        CurrencyRate(currency_code="XXX", base_currency="TRY", rate=TINY),
        CurrencyRate(currency_code="GAU", base_currency="TRY", rate=HUGE, symbol="gr"),
    ]
    with pytest.raises(ValueError, match="USD a rate of 0"):
        convert(D(100), "USD", "TRY", rates)
    with pytest.raises(ValueError, match="JPY no rate"):
        convert(D(100), "TRY", "JPY", rates)
    assert convert(D(1), "EUR", "TRY", rates) == LONG
    assert convert(D(1), "TRY", "XXX", rates) == D("1E+999999999")  # too large for a cent
    assert convert(D(1), "GAU", "TRY", rates) == HUGE
    assert convert(D(1), "TRY", "GAU", rates) == D("0.0000")
    assert convert(D(1), "EUR", "EUR", rates) == D("1.00")


def test_an_absurd_figure_in_a_file_is_written_as_it_came_not_as_a_billion_digits():
    from minted.console.frames import order_cells

    data = BASKET_B.load()["data"]
    order = WalletableOrder.model_validate({**data, "total": str(HUGE), "paid_total": str(TINY)})
    cells = order_cells(order)
    assert cells[7:9] == ["1E+999999999", "1E-999999999"]
    assert formatting.exact_digits(D("1E+2")) == "100" and formatting.exact_digits(LONG) == str(
        LONG
    )


def test_a_quote_that_claims_to_last_forever_counts_down_from_a_day(monkeypatch):
    from types import SimpleNamespace

    from minted.console import quotes

    basket = SimpleNamespace(pricefix=SimpleNamespace(remaining=10**400))
    monkeypatch.setattr(quotes.st, "session_state", {quotes._key("c", "buy"): (basket, 0.0)})
    left = quotes.seconds_left("c", "buy")
    assert left is not None and left <= quotes.LONGEST_QUOTE_S
