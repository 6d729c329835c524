"""The Orders page's view in its URL: every view survives the round trip, and whatever a
link holds reads as a view (bad values left out and said), never an exception."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minted.console import urlstate
from minted.console.urlstate import OrdersView, decode, default_view, encode

TODAY = date(2026, 11, 25)
STATUSES = ["Created", "Pending", "Payment Confirmed", "Completed", "Cancelled", "Refunded"]
ID_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=urlstate.MAX_TEXT
).map(str.strip)
DATES = st.dates(urlstate.EARLIEST, urlstate.latest(TODAY))


@st.composite
def views(draw) -> OrdersView:
    start, end = sorted([draw(DATES), draw(DATES)])
    return OrdersView(
        start=start,
        end=end,
        source=draw(st.sampled_from(urlstate.SOURCES)),
        statuses=tuple(draw(st.lists(st.sampled_from(STATUSES), unique=True, max_size=4))),
        types=tuple(draw(st.lists(st.sampled_from(urlstate.TYPES), unique=True))),
        customer=draw(ID_TEXT),
        currency=draw(st.sampled_from(("", *urlstate.CURRENCIES))),
        page=draw(st.integers(1, urlstate.MAX_PAGE)),
        rows=draw(st.sampled_from(urlstate.PAGE_SIZES)),
        order=draw(ID_TEXT),
    )


@given(views())
def test_every_view_survives_its_url(view):
    assert decode(encode(view), today=TODAY, statuses=STATUSES) == (view, [])


@given(views())
def test_a_view_s_url_holds_only_text_the_url_keeps(view):
    params = encode(view)
    assert set(params) <= set(urlstate.KEYS)
    assert all(isinstance(v, str) and v for v in params.values())


PARAM_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["0", "-1", "1e400", "1.5", "２", "99999999999", "2026-02-30", "", " "]),
)


@given(
    st.dictionaries(st.sampled_from([*urlstate.KEYS, "tab", "x"]), PARAM_TEXT),
    st.one_of(st.none(), st.just(STATUSES)),
)
def test_whatever_a_link_holds_reads_as_a_view_that_survives_its_url(params, statuses):
    view, problems = decode(params, today=TODAY, statuses=statuses)
    assert all(isinstance(p, str) and p for p in problems)
    assert urlstate.EARLIEST <= view.start <= view.end <= urlstate.latest(TODAY)
    assert 1 <= view.page <= urlstate.MAX_PAGE and view.rows in urlstate.PAGE_SIZES
    if statuses is not None:
        assert set(view.statuses) <= set(STATUSES)
    assert decode(encode(view), today=TODAY, statuses=statuses or list(view.statuses)) == (
        view,
        [],
    )


def test_no_parameters_is_the_last_30_days_of_walletable_orders():
    view, problems = decode({}, today=TODAY, statuses=STATUSES)
    assert view == default_view(TODAY) and problems == []
    assert view.start == TODAY - timedelta(days=30) and view.end == TODAY
    assert encode(view) == {"from": "2026-10-26", "to": "2026-11-25"}


def test_a_link_s_filters_are_read_whatever_their_case():
    view, problems = decode(
        {
            "source": "partner",
            "status": "completed, CANCELLED",
            "type": "Buy,sell",
            "customer": " MTD0018232 ",
            "currency": "try",
            "from": "2026-01-01",
            "to": "2026-02-01",
            "page": "3",
            "rows": "50",
            "order": "592D48CC-39B8-46FC-9060-2AC123E33178",
        },
        today=TODAY,
        statuses=STATUSES,
    )
    assert problems == []
    assert view == OrdersView(
        start=date(2026, 1, 1),
        end=date(2026, 2, 1),
        source="partner",
        statuses=("Completed", "Cancelled"),
        types=("buy", "sell"),
        customer="MTD0018232",
        currency="TRY",
        page=3,
        rows=50,
        order="592D48CC-39B8-46FC-9060-2AC123E33178",
    )
    assert view.api_filters({"Completed": 4, "Cancelled": 5}) == (
        ("status", (4, 5)),
        ("tx_type", ("buy", "sell")),
        ("customer_external_id", "MTD0018232"),
        ("currency_code", "TRY"),
        ("start_date", date(2026, 1, 1)),
        ("end_date", date(2026, 2, 1)),
    )


@pytest.mark.parametrize(
    "params,said",
    [
        ({"status": "Lost"}, "Unknown status “Lost”: ignored."),
        ({"type": "refund"}, "Unknown type “refund”: ignored."),
        ({"source": "ecom"}, "Unknown source “ecom”: walletable orders shown."),
        ({"currency": "XAU"}, "Unknown currency “XAU”: ignored."),
        ({"from": "yesterday"}, "“yesterday” is not a date (YYYY-MM-DD): the from date ignored."),
        ({"to": "2026-02-30"}, "“2026-02-30” is not a date (YYYY-MM-DD): the to date ignored."),
        ({"from": "1900-01-01"}, "1900-01-01 is out of range"),
        ({"page": "0"}, "The page “0” is not a whole number from 1 to 100000."),
        ({"page": "1e400"}, "The page “1e400” is not a whole number from 1 to 100000."),
        ({"page": "9" * 500}, "The page “999"),
        ({"rows": "7"}, "7 rows per page is not offered"),
        ({"from": "2026-11-20", "to": "2026-11-01"}, "The from date is after the to date"),
    ],
)
def test_a_bad_value_is_said_and_left_out(params, said):
    view, problems = decode(params, today=TODAY, statuses=STATUSES)
    assert len(problems) == 1 and problems[0].startswith(said), problems
    assert len(problems[0]) < 200  # a long value is shortened in the message
    assert view.page == 1 and view.statuses == () and view.source == "walletable"


def test_a_parameter_given_twice_counts_as_its_last_value():
    view, _ = decode({"page": ["2", "5"]}, today=TODAY, statuses=STATUSES)
    assert view.page == 5


def test_the_filters_summary_names_each_filter_set_and_holds_no_markup():
    """The Orders list's caption says what narrows it while the Filters are closed."""
    from minted.console.formatting import filters_summary
    from minted.console.urlstate import chosen_filters

    def summary_of(view):
        return filters_summary(chosen_filters(view))

    view = default_view(date(2026, 12, 6))
    assert summary_of(view) == "no filters"
    narrowed = replace(
        view, statuses=("Completed",), types=("buy", "sell"), customer="**x** :red[y]", rows=25
    )
    summary = summary_of(narrowed)
    assert html.unescape(summary) == (
        "filters: Completed · buy, sell · customer **x** :red[y] · 25 rows a page"
    )
    assert "**" not in summary and ":red[" not in summary
