"""The API explorer under AppTest with the console's sandbox: every endpoint of the catalogue
walked (form, the docs' example sent, the answer or the API's message shown), a viewer's
write refused before sending, an operator's write audited once."""

from __future__ import annotations

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from test_console_pages import APP, column_config, open_page
from test_console_roles import audit, console

from minted import endpoints as ep
from minted import specs
from minted.console import explorer, session

pytestmark = pytest.mark.usefixtures("console_sandbox", "navigation_as_served")

# The walk goes through the catalogue in its order, after a Create Customer whose customer
# every later form starts with (so the seeded customers are left alone), and removes that
# customer's id last.  Forms start with what earlier answers gave (the last price token,
# basket, order), as a person working down the list would see.  These answers are the API's
# refusals, for these reasons:
REFUSED = {
    "DIGITAL_SELL": (
        "Price token has already been used",
        "the docs' example sells with {{price_token}}, the last Price Fix's token, which "
        "the Digital Buy just before used: a token is good for one order",
    ),
    "DELIVERY_CREATE": (
        "Insufficient GAU balance",
        "the docs' example delivers 3 g of gold, which the walk's new customer does not hold",
    ),
    "ORDER_FIND": (
        "not found",
        "the docs' example names an order of the docs' own service (guid 2B555C6D-…)",
    ),
    "BASKET_GET": (
        "has no open buy basket",
        "the new customer has no basket until Add Basket Item, listed after it",
    ),
    "COMPLETE_BUY": ("The basket is empty", "Delete Basket Item and Clear Basket emptied it"),
    "COMPLETE_SELL": ("This is a buy basket, not sell", "the basket the walk made is a buy one"),
    "COMPLETE_DELIVERY": (
        "This is a buy basket, not delivery",
        "the basket the walk made is a buy one",
    ),
    "RECEIPT": (
        "Not a walletable order",
        "the order remembered last is the walk's Digital Buy, a Partner order (the walk's "
        "customer has no other); receipts are of walletable orders",
    ),
    "ECOM_BASKET_COMPLETE": ("The basket is empty", "the walk's basket was emptied before"),
    "ECOM_ORDER": (
        "Basket not found",
        "the docs' example names a basket of the docs' own service (wgd9P8wF…)",
    ),
}


def walk_order() -> list[str]:
    names = [spec.name for spec in specs.SPECS]
    middle = [n for n in names if n not in ("CUSTOMER_CREATE", "CUSTOMER_REMOVE_ID")]
    return ["CUSTOMER_CREATE", *middle, "CUSTOMER_REMOVE_ID"]


def first_item(name: str) -> explorer.Item:
    return next(item for item in explorer.catalogue() if item.spec.name == name)


def choose(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="explorer-endpoint:").set_value(first_item(name).key).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def send(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label.startswith("Send")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_errors(at: AppTest) -> list[str]:
    return [html.unescape(e.value) for e in at.error]


def answered(at: AppTest) -> bool:
    return any(m.value.startswith("**Answer**") for m in at.markdown)


def sent_as_documented(body: dict, example: dict) -> bool:
    """The example's fields, each with the docs' value unless that holds a placeholder."""
    if set(body) != set(example):
        return False
    placeholder = re.compile(r"{{|{%|\[email")
    fixed = {k: v for k, v in example.items() if not placeholder.search(json.dumps(v, default=str))}
    return all(body[k] == v for k, v in fixed.items())


def test_every_endpoint_of_the_catalogue_through_the_explorer():
    assert len(walk_order()) == len(ep.ALL) == len(set(walk_order())) == 62
    at = open_page("explorer")
    journal = session.client().journal
    outcomes = {}
    for name in walk_order():
        spec = specs.spec_for(name)
        choose(at, name)
        assert at.subheader[0].value == html.escape(first_item(name).doc, quote=False) or (
            html.unescape(at.subheader[0].value) == first_item(name).doc
        )
        for param in spec.path_params:  # the form: path, query and body fields
            assert any(t.label == f"{param} *" for t in at.text_input), name
        for field in explorer.fields_of(spec.query):
            assert any(w.label == field.label for w in [*at.text_input, *at.selectbox]), name
        if spec.body is not None:
            assert any(t.label == "Raw JSON" for t in at.toggle), name
        before = max((e.id for e in journal.entries()), default=0)
        send(at)
        sent = [e for e in journal.entries() if e.id > before and e.endpoint == spec.endpoint.key]
        assert len(sent) == 1, name  # sent, once
        if spec.examples:  # the docs' example is what went out, placeholders filled
            assert sent_as_documented(sent[0].request_body, spec.example), name
        outcomes[name] = answered(at), shown_errors(at)
    for name, (ok, errors) in outcomes.items():
        if name in REFUSED:
            message, _why = REFUSED[name]
            assert not ok and any(message in e for e in errors), (name, errors)
        else:
            assert ok and not errors, (name, errors)


def test_the_answer_shows_a_tree_a_table_the_model_s_problems_and_the_copies():
    at = open_page("explorer", endpoint="ORDER_STATUSES")
    send(at)
    assert at.json and at.dataframe  # the tree, and the list as a table
    for table in at.dataframe:  # every column labelled, its field in the tooltip
        config = column_config(table)
        assert all(config[str(c)]["label"] and config[str(c)]["help"] for c in table.value.columns)
    assert any(s.value == "Fits the model." for s in at.success)
    codes = [c.value for c in at.code]
    assert any(c.startswith("curl --location --request GET") for c in codes)
    assert any("client.request(" in c and "'ORDER_STATUSES'" in c for c in codes)
    assert any(c.startswith("http --ignore-stdin") for c in codes)
    password = session.sandbox().settings.password
    assert not any(password in c for c in codes)


def test_search_finds_bin_query_by_bin():
    at = open_page("explorer")
    at.text_input(key="explorer-search").set_value("bin").run()
    chosen = at.selectbox(key="explorer-endpoint:bin")
    assert chosen.value == first_item("BIN_QUERY").key
    assert "Bin Query" in html.unescape(at.subheader[0].value)


def test_bad_json_is_a_clear_message_and_keeps_what_was_typed():
    at = open_page("explorer", endpoint="BIN_QUERY")
    at.toggle(key="x:BIN_QUERY:raw").set_value(True).run()
    typed = '{"bin": "411111", "amount": 100,'
    at.text_area(key="x:BIN_QUERY:raw-body").set_value(typed).run()
    before = len(session.client().journal)
    send(at)
    errors = shown_errors(at)
    assert any(e.startswith("Not sent") and "Not valid JSON (line 1" in e for e in errors), errors
    assert at.text_area(key="x:BIN_QUERY:raw-body").value == typed
    assert len(session.client().journal) == before  # nothing was sent


def test_a_field_that_is_not_a_number_is_named_and_nothing_is_sent():
    at = open_page("explorer", endpoint="BIN_QUERY")
    at.text_input(key="x:BIN_QUERY:b:amount").set_value("a lot").run()
    before = len(session.client().journal)
    send(at)
    assert any("amount: 'a lot' is not a number" in e for e in shown_errors(at))
    assert at.text_input(key="x:BIN_QUERY:b:amount").value == "a lot"
    assert len(session.client().journal) == before


def sandbox_requests_since(mark: str) -> list[tuple[str, str]]:
    """The calls the sandbox answered after ``mark`` (the time of one it answered before)."""
    entries = session.sandbox().control("GET", "/journal", params={"limit": 1000})
    return [(e["method"], e["path"]) for e in entries if e["at"] > mark and e["status"] != 401]


def sandbox_mark() -> str:
    session.client().orders.statuses()  # a call of the test's own, to mark the time
    return session.sandbox().control("GET", "/journal", params={"limit": 1})[0]["at"]


def open_as(email: str, endpoint: str) -> AppTest:
    at = console(email)
    at.query_params["endpoint"] = endpoint
    at.run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_viewer_s_write_is_refused_before_sending_and_audited():
    at = open_as("vera@example.com", "BASKET_ADD_ITEM")
    assert any("may not write here" in c.value for c in at.caption)
    before = len(audit().events(who="vera@example.com", limit=10_000))
    mark = sandbox_mark()
    send(at)
    assert any(e.startswith("**Not sent**") for e in shown_errors(at)), shown_errors(at)
    assert ("POST", "/partner/walletable/basket") not in sandbox_requests_since(mark)
    events = audit().events(who="vera@example.com", limit=10_000)
    assert len(events) == before + 1
    assert events[0].action == "explorer.BASKET_ADD_ITEM" and events[0].result == "refused"


def test_an_operator_s_write_is_audited_once():
    at = open_as("omar@example.com", "CUSTOMER_CREATE")
    action = "explorer.CUSTOMER_CREATE"
    before = len(audit().events(who="omar@example.com", action=action, limit=10_000))
    mark = sandbox_mark()
    send(at)
    assert answered(at) and not shown_errors(at), shown_errors(at)
    at.run()  # a rerun (a refresh of the widgets) sends nothing again
    events = audit().events(who="omar@example.com", action=action, limit=10_000)
    assert len(events) == before + 1 and events[0].result == "ok"
    assert events[0].request["endpoint"] == "POST /partner/customer"
    assert sandbox_requests_since(mark).count(("POST", "/partner/customer")) == 1


# -- endpoint overrides: marked in the explorer, named in the API log ---------------------------
STATUSES_MOVED = {"Partner › Order Statusses": "POST /partner/statuses"}


@pytest.fixture
def moved_staging(tmp_path, monkeypatch):
    """ "Staging" is a sandbox serving Order Statusses at POST /partner/statuses, and the
    console's staging client carries the same override (as secrets.toml would give it)."""
    import minted
    from minted.console import policy
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(
        db_path=str(tmp_path / "staging.db"), demo_data=False, endpoint_overrides=STATUSES_MOVED
    )
    with EmbeddedSandbox(settings) as staging:
        client = minted.Client(
            settings.username,
            settings.password,
            environment="staging",
            base_url=staging.url,
            event_hooks={"request": [policy.check]},
            endpoint_overrides=STATUSES_MOVED,
        )
        shared = session.client_for

        def client_for(environment: str):
            return client if environment == "staging" else shared(environment)

        monkeypatch.setattr(session, "client_for", client_for)
        yield staging
        client.close()


def test_an_overridden_endpoint_is_marked_sent_there_and_named_in_the_api_log(moved_staging):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["environments"] = {
        "staging": {"username": "u", "password": "p", "base_url": moved_staging.url}
    }
    at.query_params["endpoint"] = "ORDER_STATUSES"
    at.run()
    at.selectbox(key="environment").set_value("staging").run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [o for o in at.selectbox(key="explorer-endpoint:").options if "overridden" in o]
    assert shown == ["Partner › Order Statusses · POST /partner/statuses · assumed · overridden"]
    info = [html.unescape(i.value) for i in at.info]
    assert any("sent as POST /partner/statuses api-version=2" in i for i in info), info
    send(at)
    assert answered(at) and not shown_errors(at), shown_errors(at)
    python = next(c.value for c in at.code if "client.request(" in c.value)
    assert "endpoint_overrides={'ORDER_STATUSES': 'POST /partner/statuses api-version=2'}" in python

    at.switch_page("pages/api_log.py").run()
    table = at.dataframe[0].value
    assert table.iloc[0]["override"] == "POST /partner/statuses api-version=2"
    assert table.iloc[0]["method"] == "POST" and table.iloc[0]["path"] == "/partner/statuses"
    at.session_state["log-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    info = [html.unescape(i.value) for i in at.info]
    assert any("GET /partner/orders/statuses was sent as POST /partner/statuses" in i for i in info)


def test_a_production_write_needs_the_typed_confirmation():
    """An admin where production writes are allowed: without PRODUCTION typed the write is
    refused before it is sent (production is unreachable here: nothing could be sent)."""
    at = console("ada@example.com", production_writes=True)
    at.query_params["endpoint"] = "KYC_UPSERT"
    at.run()
    at.selectbox(key="environment").set_value("production").run()
    at.switch_page("pages/explorer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("writes to **PRODUCTION**" in w.value for w in at.warning)
    before = len(audit().events(who="ada@example.com", action="explorer.KYC_UPSERT", limit=100))
    send(at)
    refused = [e for e in shown_errors(at) if e.startswith("**Not sent**")]
    assert refused and "typed confirmation 'PRODUCTION'" in refused[0], shown_errors(at)
    events = audit().events(who="ada@example.com", action="explorer.KYC_UPSERT", limit=100)
    assert len(events) == before + 1 and events[0].result == "refused"
    assert events[0].environment == "production"
    # typed, it goes out (and production, unreachable here, gives no clear answer)
    at.text_input(key="explorer-confirm").set_value("PRODUCTION").run()
    send(at)
    assert any("outcome is unknown" in w.value for w in at.warning), [w.value for w in at.warning]
    events = audit().events(who="ada@example.com", action="explorer.KYC_UPSERT", limit=100)
    assert len(events) == before + 2 and events[0].result == "unknown"
    send(at)  # a second click sends nothing while the first one's outcome is unknown
    assert any("outcome is not known yet" in w.value for w in at.warning)
    assert len(audit().events(who="ada@example.com", action="explorer.KYC_UPSERT")) == before + 2
    assert any(b.label.startswith("I have checked") for b in at.button)


def test_a_form_shown_again_starts_again_and_raw_json_keeps_what_was_typed():
    at = open_page("explorer", endpoint="CUSTOMER_GET")
    assert at.text_input(key="x:CUSTOMER_GET:p:external_id").value == "MTD0018232"
    choose(at, "BIN_QUERY")
    at.toggle(key="x:BIN_QUERY:raw").set_value(True).run()
    assert '"bin": "411111"' in at.text_area(key="x:BIN_QUERY:raw-body").value  # carried over
    at.text_area(key="x:BIN_QUERY:raw-body").set_value('{"bin": "540061", "amount": 5}').run()
    at.run()
    assert at.text_area(key="x:BIN_QUERY:raw-body").value == '{"bin": "540061", "amount": 5}'
    at.toggle(key="x:BIN_QUERY:raw").set_value(False).run()  # and back to the fields
    assert at.text_input(key="x:BIN_QUERY:b:bin").value == "540061"
    assert at.text_input(key="x:BIN_QUERY:b:currency_code").value == ""
    choose(at, "CUSTOMER_GET")
    assert at.text_input(key="x:CUSTOMER_GET:p:external_id").value == "MTD0018232"
