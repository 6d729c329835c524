"""The search box, the links between records and the Orders view in the URL, run with
Streamlit's AppTest against the console's embedded sandbox (as tests/test_console_pages.py)."""

from __future__ import annotations

import html
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import open_order_filters

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest
from test_console_pages import listed, open_page

APP = str(Path(__file__).resolve().parent.parent / "app.py")

pytestmark = pytest.mark.usefixtures("console_sandbox", "navigation_as_served")


@pytest.fixture
def api(console_sandbox):
    """The console's sandbox, without the console's write policy (the test sets data up)."""
    import minted
    from minted.console import session

    running = session.sandbox()
    s = running.settings
    with minted.Client(s.username, s.password, base_url=running.url) as client:
        yield client


def search(at: AppTest, text: str) -> AppTest:
    at.sidebar.text_input(key="find-text").set_value(text)
    next(b for b in at.sidebar.button if b.label == "Find").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def links(at: AppTest, where=None) -> list[tuple[str, str, str]]:
    """(label as shown, page, query string) of every page link."""
    return [
        (html.unescape(p.proto.label), p.proto.page, p.proto.query_string)
        for p in (where or at).get("page_link")
    ]


# -- the search box ----------------------------------------------------------------------------
def test_an_order_code_pasted_on_any_page_opens_that_order(api):
    order = next(o for o in api.orders.list(total=20).data if not o.order_code.isdigit())
    at = search(open_page("balances"), f" {order.order_code.lower()} ")
    assert at.title[0].value == "Orders & receipts"
    assert param(at, "order") == order.guid
    assert html.unescape(at.subheader[0].value) == f"Order {order.order_code}"


def test_an_external_id_in_lower_case_opens_the_customer():
    at = search(open_page("products"), "mtd0018232")
    assert at.title[0].value == "Customers"
    assert param(at, "customer") == "MTD0018232"
    assert at.subheader[0].value == "Ayşe Yılmaz"


def test_a_guid_and_an_increment_id_open_their_order(api):
    order = api.orders.list_walletable(total=1).data[0]
    for text in (order.guid.lower(), order.increment_id):
        at = search(open_page("audit"), text)
        assert param(at, "order") == order.guid, text


def test_nothing_found_says_what_was_tried_and_keeps_the_input():
    at = search(open_page("products"), "FE9HURU6")
    assert at.title[0].value == "Products & currency rates"  # stayed
    said = html.unescape(at.sidebar.warning[0].value)
    assert said.startswith("Nothing found for “FE9HURU6”")
    for tried in ("order code FE9HURU6: not found", "customer external id FE9HURU6: not found"):
        assert tried in said
    assert at.sidebar.text_input(key="find-text").value == "FE9HURU6"


def test_an_id_that_is_two_records_offers_both(api):
    order = next(o for o in api.orders.list(total=20).data if not o.order_code.isdigit())
    api.customers.create(external_id=order.order_code, firstname="Twin", lastname="Code")
    at = search(open_page("products"), order.order_code)
    assert at.title[0].value == "Products & currency rates"  # a choice, not a jump
    found = links(at, at.sidebar)
    assert any(page == "orders" and f"order={order.guid}" in q for _, page, q in found), found
    assert any(
        page == "customers" and f"customer={order.order_code}" in q and "Twin Code" in label
        for label, page, q in found
    ), found


def test_a_customer_seen_is_found_by_name_e_mail_or_phone(api):
    name = f"Nazlı{uuid.uuid4().hex[:6]}"
    api.customers.create(
        external_id=f"seen-{name[-6:]}", firstname=name, lastname="Eren", phone="+90 555 123 4567"
    )
    at = search(open_page("products"), name.lower())  # not seen yet: not found
    assert at.sidebar.warning
    at = open_page("customers", customer=f"seen-{name[-6:]}")  # seen now
    at = search(at, f"{name.upper()} EREN")
    assert param(at, "customer") == f"seen-{name[-6:]}"


def test_a_cart_token_opens_its_basket(api):
    from minted.console import session

    customer = f"cart-{uuid.uuid4().hex[:8]}"
    api.customers.create(external_id=customer, firstname="Sepet")
    at = open_page("basket", customer=customer)
    next(b for b in at.button if b.label == "Add").click().run()
    token = next(k for k in at.session_state if k.startswith(f"basket:sandbox:{customer}:"))
    basket = at.session_state[token][0]
    assert session.customer_index("sandbox").cart(basket.cart_token) == (customer, "buy")
    at = search(open_page("products"), basket.cart_token)
    assert at.title[0].value == "Basket builder"
    assert param(at, "customer") == customer


def test_customer_text_in_a_choice_is_data_not_markup(api):
    hostile = "**b** :red[x] ![p](http://e.invalid/p)"
    order = [o for o in api.orders.list(total=30).data if not o.order_code.isdigit()][-1]
    api.customers.create(external_id=order.order_code.lower(), firstname=hostile)
    at = search(open_page("products"), order.order_code.lower())
    labels = [p.proto.label for p in at.sidebar.get("page_link")]
    assert labels and all("**" not in label and "](" not in label for label in labels)
    assert any(hostile in html.unescape(label) for label in labels)


# -- records link to each other -------------------------------------------------------------------
def test_an_order_links_to_its_customer_and_a_customer_to_their_orders(api):
    order = api.orders.list_walletable(total=1).data[0]
    at = open_page("orders", order=order.guid)
    customer = order.customer.external_id
    assert any(page == "customers" and q == f"customer={customer}" for _, page, q in links(at))
    at = open_page("customers", customer=customer, tab="Orders")
    assert (f"All orders of {customer}", "orders", f"customer={customer}") in links(at)
    at = open_page("orders", customer=customer)
    assert f"customer {customer}" in html.unescape(listed(at))  # the closed Filters' summary
    assert {row for row in at.dataframe[0].value["customer"]} == {customer}
    open_order_filters(at)
    assert at.text_input(key="orders-customer").value == customer
    assert {row for row in at.dataframe[0].value["customer"]} == {customer}


def test_the_customers_page_lists_the_customers_this_session_opened():
    at = open_page("customers", customer="MTD0018232")
    at.query_params["customer"] = "MTD0049908"
    at.run()
    recent = [(label, q) for label, page, q in links(at) if page == "customers"]
    assert ("Ayşe Yılmaz", "customer=MTD0018232") in recent


# -- the Orders view in the URL ---------------------------------------------------------------
def test_a_link_restores_the_orders_filters_and_the_filters_write_the_link():
    start = date.today() - timedelta(days=20)
    at = open_page(
        "orders",
        source="partner",
        status="completed",
        type="buy,sell",
        currency="TRY",
        **{"from": start.isoformat(), "to": date.today().isoformat()},
        page="2",
        rows="25",
    )
    assert not at.warning, [w.value for w in at.warning]
    assert at.get("button_group")[0].value == "partner"
    summary = html.unescape(listed(at))  # closed, the list says what narrows it
    assert summary.endswith("filters: Completed · buy, sell · TRY · 25 rows a page"), summary
    open_order_filters(at)
    assert at.multiselect(key="orders-status").value == ["Completed"]
    assert at.multiselect(key="orders-type").value == ["buy", "sell"]
    assert at.selectbox(key="orders-currency").value == "TRY"
    assert at.selectbox(key="orders-per-page").value == 25
    assert at.number_input(key="orders-page").value == 2
    assert tuple(at.date_input[0].value) == (start, date.today())
    at.selectbox(key="orders-currency").set_value("USD").run()
    assert param(at, "currency") == "USD" and param(at, "status") == "Completed"
    assert param(at, "page") == "2" and param(at, "source") == "partner"
    at.multiselect(key="orders-type").set_value([]).run()
    assert param(at, "type") is None  # a filter emptied leaves the link
    at.session_state["orders-filters"] = False  # closed: the filters still hold
    at.run()
    assert param(at, "currency") == "USD" and param(at, "status") == "Completed"
    assert "USD" in listed(at)


@pytest.mark.parametrize(
    "query,said",
    [
        ({"status": "Lost"}, "Unknown status"),
        ({"page": "0"}, "The page"),
        ({"page": "1e400"}, "The page"),
        ({"from": "garbage"}, "is not a date"),
        ({"rows": "7"}, "rows per page"),
        ({"currency": "<b>x</b>"}, "Unknown currency"),
    ],
)
def test_a_bad_value_in_the_link_is_a_message_not_a_traceback(query, said):
    at = open_page("orders", **query)
    assert not at.exception and not at.error
    assert said in html.unescape(at.warning[0].value)
    assert at.dataframe  # the list still shows, with that value left out
    assert all(param(at, k) != v for k, v in query.items())  # and the link is clean again
