"""Every console page, run with Streamlit's AppTest against the embedded sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import offered, open_order_filters

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [
    "customers",
    "products",
    "basket",
    "trade",
    "orders",
    "balances",
    "explorer",
    "api_log",
    "audit",
    "sandbox",
]


pytestmark = pytest.mark.usefixtures("console_sandbox", "navigation_as_served")


def open_page(name: str, **query) -> AppTest:
    """``pages/<name>.py`` as a person opens it, ``query`` in the URL (``page`` may be one)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{name}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_errors(page):
    at = open_page(page)
    assert at.title[0].value
    assert not at.error, [e.value for e in at.error]
    assert any("SANDBOX" in m.value for m in at.markdown)  # the environment badge
    assert at.selectbox(key="environment").value == "sandbox"  # app.py's sidebar framed it


def test_sandbox_page_says_how_to_reach_the_sandbox_from_curl():
    from minted.console import session

    at = open_page("sandbox")
    running = session.sandbox()
    curl = next(c.value for c in at.code if c.value.startswith("curl --digest"))
    assert running.url in curl and running.settings.username in curl


def test_customer_lookup_shows_wallet_and_url():
    at = open_page("customers")
    at.text_input[0].set_value("MTD0018232")
    at.button[0].click().run()
    assert at.query_params["customer"] in ("MTD0018232", ["MTD0018232"])
    assert at.subheader[0].value == "Ayşe Yılmaz"
    assert at.dataframe and not at.error
    # her birth date as the console writes every date (the Customers page opens in Turkish)
    facts = next(literal_text(m.value) for m in at.markdown if "Birth date" in m.value)
    assert "| 05 Nis 1970 |" in facts, facts


def test_unknown_customer_is_a_clear_message_not_a_traceback():
    at = open_page("customers", customer="nobody-here")
    assert not at.exception
    assert "not found" in at.error[0].value and "code 4001" in at.error[0].value


def creating(at: AppTest) -> AppTest:
    """The New customer expander opened, as a click on it does (it is closed on every visit,
    the console's first page included)."""
    at.session_state["new-customer"] = True
    at.run()
    return at


def test_the_console_opens_on_the_lookup_with_the_new_customer_form_closed():
    at = open_page("customers")
    assert [t.label for t in at.text_input if t.label != "Find"] == ["External id"]
    assert not [b for b in at.button if b.label == "Create person"]
    assert [e.label for e in at.expander] == ["New customer"]


def test_create_customer_from_the_form():
    at = creating(open_page("customers"))
    form = next(t for t in at.text_input if t.label == "External id *")
    form.set_value("apptest-001")
    next(t for t in at.text_input if t.label == "First name").set_value("Deniz")
    next(t for t in at.text_input if t.label == "Last name").set_value("Koç")
    next(b for b in at.button if b.label == "Create person").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.subheader[0].value == "Deniz Koç"


def test_collapsed_forms_are_not_drawn_and_keep_what_was_typed():
    """The New customer form is not drawn until its expander is first opened (a dozen
    widgets the browser drew on every visit with a customer open, issue 13); once opened,
    closing and opening it again loses nothing typed."""
    at = open_page("customers", customer="MTD0018232")  # a customer open: collapsed
    assert not [t for t in at.text_input if t.label == "External id *"]
    at.session_state["new-customer"] = True  # what a click on the expander does
    at.run()
    typed = {"nb-id": "kept-001", "nb-company": "Kept <b>Ltd</b>", "nb-email": "no"}
    for key, value in typed.items():
        at.text_input(key=key).set_value(value)
    next(b for b in at.button if b.label == "Create business").click().run()
    assert "E-mail: Not an e-mail" in literal_text(at.error[0].value)  # refused, kept
    at.session_state["new-customer"] = False  # closed
    at.run()
    at.session_state["new-customer"] = True  # and opened again
    at.run()
    assert {key: at.text_input(key=key).value for key in typed} == typed
    assert not at.exception and not at.warning


def fill_and_create(at: AppTest, button: str = "Create person", **labelled: str) -> AppTest:
    for label, value in labelled.items():
        next(t for t in at.text_input if t.label == label).set_value(value)
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def field(at: AppTest, label: str) -> str:
    return next(t for t in at.text_input if t.label == label).value


@pytest.mark.parametrize(
    "labelled,problem",
    [
        ({"External id *": "a!"}, "External id: 3–40 characters"),
        ({"External id *": ""}, "External id: The external id is required"),
        ({"External id *": "   "}, "External id: The external id is required"),
        ({"External id *": "form-1", "E-mail": "not-an-email"}, "E-mail: Not an e-mail"),
        ({"External id *": "form-1", "First name": "x" * 10_000}, "First name: First name must"),
    ],
)
def test_a_bad_new_customer_is_refused_beside_the_field_and_keeps_what_was_typed(labelled, problem):
    at = fill_and_create(creating(open_page("customers")), **labelled)
    shown = literal_text(at.error[0].value)
    assert shown.startswith("Not sent") and problem in shown, shown
    for label, value in labelled.items():
        assert field(at, label) == value  # nothing typed is lost


def test_a_business_needs_its_company_name():
    at = fill_and_create(
        creating(open_page("customers")), "Create business", **{"External id *": "biz-01"}
    )
    assert "Company name: The company name is required" in literal_text(at.error[0].value)


def test_created_says_so_after_the_rerun_and_empties_the_form():
    at = fill_and_create(
        creating(open_page("customers")),
        **{"External id *": "flash-001", "First name": "Deniz", "Last name": "Koç"},
    )
    assert any("Created Deniz Koç" in literal_text(s.value) for s in at.success)
    assert field(at, "External id *") == "" and field(at, "First name") == ""
    at.run()  # the message is shown once
    assert not any("Created" in literal_text(s.value) for s in at.success)


def literal_text(markdown: str) -> str:
    """What the browser shows of Markdown made with `formatting.literal`."""
    import html

    return html.unescape(markdown)


def test_basket_builder_adds_an_item_and_shows_totals():
    at = open_page("basket", customer="MTD0018232")
    next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    labels = [m.label for m in at.metric]
    assert "Customer pays" in labels and "Metal" in labels
    assert any("Price fixed for" in m.value for m in at.markdown)


@pytest.mark.parametrize("typed", ["abc", "NaN", "-Infinity", "", "1,2,3"])
def test_products_converter_says_what_is_not_a_number(typed):
    at = open_page("products", show="Rates & converter")
    next(t for t in at.text_input if t.label == "Amount").set_value(typed).run()
    assert "not a number" in at.error[0].value  # a clear message, the page still renders
    assert at.dataframe and not at.exception


def test_products_show_one_view_at_a_time():
    """Products, the rates with the converter, and a rate's history are tabs: each draws only
    its own table or chart (issue 13), and the history's unit follows the chosen base."""
    at = open_page("products")
    assert len(at.dataframe) == 1 and not at.get("plotly_chart")
    at = open_page("products", show="Price history")
    assert not at.dataframe and len(at.get("plotly_chart")) == 1
    at.selectbox(key="history_unit").set_value("USD").run()
    at.selectbox(key="rate_base").set_value("USD").run()  # dollars in dollars is no history
    assert at.selectbox(key="history_unit").value == "GAU" and not at.exception
    assert len(at.get("plotly_chart")) == 1


def test_the_audit_filters_hold_while_closed_and_are_summed_up():
    at = open_page("audit")
    assert not at.main.selectbox  # closed: not drawn
    at.session_state["audit-filters"] = True
    at.run()
    at.selectbox(key="audit-result").set_value("refused").run()
    at.session_state["audit-filters"] = False
    at.run()
    listed = next(c.value for c in at.caption if "attempt(s)" in c.value)
    assert listed.endswith("filters: refused"), listed
    results = set(at.dataframe[0].value["result"]) if len(at.dataframe[0].value) else set()
    assert results <= {"refused"}


def test_the_audit_csv_is_made_when_asked_for_and_holds_the_rows_shown(downloads):
    """The file is made on the click, not on every run of the page (issue 13)."""
    import csv
    import io

    at = open_page("audit")
    shown = len(at.dataframe[0].value)
    rows = list(csv.reader(io.StringIO(offered(at, "Export CSV", downloads).decode("utf-8"))))
    assert len(rows) == shown + 1 and rows[0][0]  # a header, then every row on screen


def test_api_log_lists_this_sessions_calls():
    at = open_page("customers", customer="MTD0018232")
    at.switch_page("pages/api_log.py").run()
    assert not at.exception
    assert any("call(s) on sandbox" in c.value for c in at.caption)


def test_staging_from_secrets_is_selectable_and_failures_are_messages():
    """secrets.toml adds staging; an unreachable staging is a message, never a traceback, and
    the Sandbox page is only offered on the sandbox."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["environments"] = {
        "staging": {"username": "u", "password": "not-used", "base_url": "http://127.0.0.1:9"}
    }
    at.query_params["customer"] = "MTD0018232"
    at.run()
    assert at.selectbox(key="environment").options == ["Sandbox (local)", "Staging"]
    at.selectbox(key="environment").set_value("staging").run()
    assert not at.exception
    assert any("STAGING" in m.value for m in at.markdown)
    assert any("Could not reach 127" in c.value for c in at.sidebar.caption)  # and what to check
    assert "Transport error" in at.error[0].value  # the customer lookup, as a message
    shown = [e.value for e in (*at.markdown, *at.caption, *at.error, *at.sidebar.caption)]
    assert not any("not-used" in text for text in shown)  # the password is nowhere on screen


def api_calls(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if "call(s) on sandbox" in c.value)
    return int(caption.split()[0])


def test_customer_tabs_run_only_the_open_one_and_it_is_in_the_url():
    at = open_page("customers", customer="MTD0018232")
    labels = {t.label for t in at.text_input}
    edit_form = "First name / company"
    assert at.dataframe and "Nationality" not in labels and edit_form not in labels  # Wallet only
    at.query_params["tab"] = "Edit"
    at.run()
    labels = {t.label for t in at.text_input}
    assert edit_form in labels and "Nationality" not in labels and not at.dataframe


def test_edit_tab_saves_a_change_and_shows_it():
    at = creating(open_page("customers"))
    next(t for t in at.text_input if t.label == "External id *").set_value("apptest-edit")
    next(t for t in at.text_input if t.label == "First name").set_value("Eda")
    next(b for b in at.button if b.label == "Create person").click().run()
    at.query_params["tab"] = "Edit"
    at.run()
    next(t for t in at.text_input if t.label == "Last name").set_value("Yurt")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.subheader[0].value == "Eda Yurt"


def test_balances_tabs_run_only_the_open_one_and_keep_the_filters():
    at = open_page("api_log", customer="MTD0018232")
    at.query_params["view"] = "Customer"  # a link to the tab
    at.switch_page("pages/balances.py").run()
    assert at.text_input(key="balance-customer").value == "MTD0018232"
    assert not at.date_input  # the Activity tab did not run
    assert len(at.get("plotly_chart")) == 1  # one chart per view
    at = open_page("balances", customer="MTD0018232")
    assert not at.date_input and len(at.get("plotly_chart")) == 1  # Partner: no stats read
    at.session_state["view"] = "Activity"  # what a click on the tab does
    at.run()
    at.selectbox(key="stats-currency").set_value("USD").run()
    assert len(at.get("plotly_chart")) == 1
    at.session_state["view"] = "Customer"
    at.run()
    assert not at.date_input
    at.session_state["view"] = "Activity"
    at.run()
    assert at.selectbox(key="stats-currency").value == "USD"  # kept while the tab was hidden


def test_balances_read_only_what_the_open_view_shows():
    """Partner reads the partner's balances alone; Activity the stats alone; the customer's
    7-day history is read when its chart is chosen (issue 13: stats only for the open tab)."""
    from minted.console import session

    def paths_read(at) -> list[str]:
        journal = session.client().journal.entries()
        return [e.path for e in journal[mark:] if e.path.startswith("/partner/")]

    st_clear()
    at = open_page("api_log", customer="MTD0018232")
    mark = len(session.client().journal.entries())
    at.switch_page("pages/balances.py").run()
    assert [p for p in paths_read(at) if "stats" in p] == []
    st_clear()
    mark = len(session.client().journal.entries())
    at.session_state["view"] = "Activity"
    at.run()
    read = paths_read(at)
    assert any(p.endswith("/balance/stats") for p in read), read
    assert not any("customer" in p for p in read), read
    st_clear()
    mark = len(session.client().journal.entries())
    at.session_state["view"] = "Customer"
    at.run()
    assert not any("7d" in p or "stats" in p for p in paths_read(at))
    at.session_state["customer-chart"] = "Last 7 days"
    at.run()
    assert len(at.get("plotly_chart")) == 1
    assert any("7d" in p or "stats" in p for p in paths_read(at)), paths_read(at)


def test_orders_read_the_statuses_only_when_a_status_is_asked_for_or_the_filters_open():
    """The list needs no status to be shown: its first screen is one call (issue 13: a page
    reads what it shows).  Opening the filters reads the statuses, to offer them; a link with a
    status reads them first, for their ids, and the list is narrowed by them."""
    from minted.console import session

    def paths_read() -> list[str]:
        return [e.path.split("?")[0] for e in session.client().journal.entries()[mark:]]

    st_clear()
    at = open_page("api_log", customer="MTD0018232")
    mark = len(session.client().journal.entries())
    at.switch_page("pages/orders.py").run()
    assert paths_read() == ["/partner/walletable/orders"], paths_read()
    assert at.dataframe and not at.multiselect
    mark = len(session.client().journal.entries())
    open_order_filters(at)
    assert paths_read() == ["/partner/orders/statuses"], paths_read()
    assert "Completed" in at.multiselect(key="orders-status").options

    st_clear()
    mark = len(session.client().journal.entries())
    at = open_page("orders", status="Completed")
    assert paths_read()[:1] == ["/partner/orders/statuses"], paths_read()
    assert not at.warning, [w.value for w in at.warning]
    assert "filters: Completed" in listed(at)
    assert set(at.dataframe[0].value["status"]) == {"Completed"}


def listed(at) -> str:
    """The Orders list's caption: its count, page, and the filters set."""
    return next(c.value for c in at.caption if "order(s) · page" in c.value)


def st_clear() -> None:
    import streamlit as st

    st.cache_data.clear()


def test_the_basket_side_follows_the_url_to_buy_sell():
    """ "Check out on Buy / sell" from a sell basket opens the sell side (it opened buy)."""
    at = open_page("basket", customer="MTD0018232", side="sell")
    assert at.get("button_group")[0].value == "sell"
    links = [p for p in at.get("page_link") if "Check out" in p.proto.label]
    if links:  # only with items in the basket
        assert "side=sell" in links[0].proto.query_string
    trade = open_page("trade", customer="MTD0018232", side="sell")
    assert trade.get("button_group")[0].value == "sell"


def test_a_prepared_csv_is_offered_only_for_the_filters_it_was_made_with():
    at = open_page("orders")
    next(b for b in at.button if b.label.startswith("Prepare CSV")).click().run()
    assert not at.exception
    assert [d for d in at.get("download_button") if "CSV" in d.proto.label]
    open_order_filters(at)
    at.selectbox[[s.label for s in at.selectbox].index("Currency")].set_value("TRY").run()
    assert not [d for d in at.get("download_button") if "CSV" in d.proto.label]


def test_the_kyc_tab_is_a_labelled_table():
    at = open_page("customers", customer="MTD0018232", tab="KYC")
    assert not at.error and not at.json  # no raw JSON
    table = at.dataframe[0].value
    assert "Status" in list(table["field"])


# -- one time format, labelled columns, photos (issue 11) ----------------------------------------
TIME_SHAPE = r"^\d{2} \w{3} \d{4} \d{2}:\d{2}(:\d{2})? \+03$"  # formatting.timestamp's


def column_config(table) -> dict:
    import json

    return json.loads(table.proto.columns)


def test_one_order_shows_one_time_in_its_header_and_on_its_receipt():
    """Issue 11: the header said 07:37:00 (Get Order's minute-only order_at) above a receipt
    saying 07:37:33."""
    from minted.console import formatting, session

    client = session.client_for("sandbox")
    listed = next(o for o in client.orders.list_walletable(total=50).data if o.order_at.second)
    at = open_page("orders", order=listed.guid)
    shown = formatting.timestamp(listed.order_at, "tr")  # the console's default language
    header = next(m.value for m in at.markdown if "guid" in m.value)
    receipt = next(h.proto.body for h in at.get("html"))
    assert shown in header and shown in receipt, (shown, header)


def test_orders_tables_show_labels_with_the_api_field_and_the_console_s_times():
    import re

    at = open_page("orders")
    table = at.dataframe[0]
    config = column_config(table)
    assert config["paid_total"]["label"] == "Ödenen toplam"  # Türkçe, the default
    assert config["paid_total"]["help"].startswith("API field: paid_total")
    assert all(re.match(TIME_SHAPE, t) for t in table.value["order_at"]), table.value["order_at"]


def test_the_customer_s_orders_tab_writes_times_and_money_as_the_orders_page():
    import re

    at = open_page("customers", customer="MTD0018232", tab="Orders")
    table = at.dataframe[0]
    assert all(re.match(TIME_SHAPE, t) for t in table.value["order_at"]), table.value["order_at"]
    totals = list(table.value["total"])  # written in Turkish, as on the orders page: 892,60 AED
    assert totals and all(isinstance(v, str) and "," in v for v in totals), totals
    assert column_config(table)["order_at"]["help"] == "API field: order_at"


def test_the_sandbox_clock_is_written_as_every_other_time():
    import html
    import re

    at = open_page("sandbox")
    status = next(m.value for m in at.markdown if "Sandbox time" in m.value)
    header, _, values = status.splitlines()
    labels = [cell.strip() for cell in header.strip("| ").split("|")]
    clock = values.strip("| ").split("|")[labels.index("Sandbox time")].strip().strip("*")
    # the cell is made literal (each punctuation mark a character reference), as it shows
    assert re.match(TIME_SHAPE, html.unescape(clock)), clock  # was "25 Nov 07:37"


def test_the_explorers_catalogue_is_drawn_when_opened_with_labelled_columns():
    at = open_page("explorer")
    assert not at.dataframe  # closed, its table per section of the docs is not drawn
    at.session_state["explorer-catalogue"] = True
    at.run()
    assert len(at.dataframe) > 3 and not at.exception
    for table in at.dataframe:
        config = column_config(table)
        assert all(config[str(c)]["label"] and config[str(c)]["help"] for c in table.value.columns)


def test_product_photos_are_links_or_empty_never_none_and_never_fetched():
    products = open_page("products").dataframe[0]
    rates = open_page("products", show="Rates & converter").dataframe[0]
    config = column_config(products)
    assert config["photo"]["type_config"]["type"] == "link"  # not an image the browser loads
    assert config["image"]["type_config"]["type"] == "image"  # the console's own swatch
    photos = list(products.value["photo"])
    assert all(p == "" or p.startswith("http") for p in photos), photos
    assert column_config(rates)["rate"]["label"] == "Kur"
    assert any("," in r for r in rates.value["rate"])  # written the Turkish way


@pytest.mark.parametrize(
    "page,view",
    [(page, {}) for page in PAGES]
    + [
        ("customers", {"tab": "Orders"}),
        ("customers", {"tab": "KYC"}),
        ("products", {"show": "Rates & converter"}),
        ("balances", {"view": "Customer"}),
    ],
)
def test_every_table_on_every_page_labels_every_column(page, view):
    """Each column a person sees has a human label and, in its tooltip, the field it shows."""
    at = open_page(page, customer="MTD0018232", **view)
    for table in at.dataframe:
        config = column_config(table)
        for column in table.value.columns:
            entry = config.get(str(column))
            assert entry, f"{page}: column {column!r} has no label"
            assert entry.get("hidden") or (entry.get("label") and entry.get("help")), column


def test_a_customer_in_any_pages_link_follows_to_the_next_page():
    """/audit?customer=X, then a click on Balances: its Customer tab is on X (it was empty,
    as only the pages that ask for a customer remembered one)."""
    at = open_page("audit")  # no customer yet
    at.query_params["customer"] = "MTD0049908"
    at.run()
    at.query_params.pop("customer")  # the sidebar's links carry no query
    at.query_params["view"] = "Customer"
    at.switch_page("pages/balances.py").run()
    assert at.text_input(key="balance-customer").value == "MTD0049908"
