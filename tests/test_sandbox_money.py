"""Money rules of the sandbox: no balance below zero, nothing for less than a cent, a cart
token and an external_id each name one order, and fees whose lines add up."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import httpx
import pytest
from conftest import client_for
from helpers import ADDRESS, make_customer

import minted
from minted.fees import unit_minting_fee
from minted.sandbox import EmbeddedSandbox, SandboxSettings

D = Decimal


def partner(client) -> dict[str, D]:
    return {b.currency_code: b.balance for b in client.balances.partner()}


def held(client, external_id) -> dict[str, D]:
    return {b.currency_code: b.balance for b in client.balances.customer(external_id)}


@pytest.fixture
def poor(tmp_path):
    """A sandbox whose partner holds little cash: 1,000 of each currency, 10,000 TRY."""
    funding = (("TRY", D(10_000)), *((c, D(1000)) for c in ("USD", "EUR", "GBP", "AED")))
    settings = SandboxSettings(
        db_path=str(tmp_path / "poor.db"), demo_data=False, partner_funding=funding
    )
    with EmbeddedSandbox(settings) as sandbox, client_for(sandbox) as client:
        yield sandbox, client


# -- no balance below zero ----------------------------------------------------------------------
def test_b2b_buy_beyond_the_partners_cash_is_refused(poor):
    _, client = poor
    fix = client.price_fix.get(currency="EUR")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.b2b.buy(fix.token, "BIG-1", [{"sku": "GAU", "amount": 7621}])
    assert info.value.code == 3002
    assert partner(client)["EUR"] == D(1000) and client.orders.list().total == 0


def test_walletable_buy_beyond_the_partners_cash_is_refused(poor):
    _, client = poor
    make_customer(client)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 10_000)
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.complete.buy("cust-001", basket.cart_token)
    assert info.value.code == 3002
    assert partner(client)["AED"] == D(1000)
    assert held(client, "cust-001").get("DGAU", D(0)) == 0
    assert client.orders.list_walletable().total == 0


def test_partner_delivery_beyond_the_partners_cash_is_refused(poor):
    sandbox, client = poor
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    client.b2b2c.buy(fix.token, "B-1", "cust-001", [{"sku": "GAU", "amount": D(1)}])
    sandbox.world.move("partner", "TRY", -partner(client)["TRY"], "test", sandbox.world.now())
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.delivery.create(
            customer={"external_id": "cust-001"},
            external_id="DLV-1",
            sku="GAU",
            amount=D(1),
            address={"shipping": ADDRESS, "billing": ADDRESS},
        )
    assert info.value.code == 3002
    assert partner(client)["TRY"] == 0 and held(client, "cust-001")["GAU"] == D(1)


def test_customer_cash_cannot_go_below_zero(client):
    make_customer(client)
    client.balances.update_cash("cust-001", D(100), currency_code="TRY")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.balances.update_cash("cust-001", D("-100.01"), currency_code="TRY")
    assert info.value.code == 3002
    assert held(client, "cust-001")["TRY"] == D(100)


# -- nothing for less than a cent ---------------------------------------------------------------
def test_a_buy_worth_less_than_a_cent_is_refused(client):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.b2b2c.buy(fix.token, "TINY-1", "cust-001", [{"sku": "GAG", "amount": D("0.00004")}])
    assert "items.0.amount" in info.value.field_errors
    assert held(client, "cust-001").get("GAG", D(0)) == 0
    assert client.orders.list().total == 0


def test_the_issues_0_002663_g_buy_is_refused(client):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="GBP")
    price = fix.price_of("GAG").buy_price
    grams = D("0.002663")
    assert (price * grams).quantize(D("0.01")) == 0  # it would have cost 0.00
    with pytest.raises(minted.UnprocessableEntityError):
        client.b2b2c.buy(fix.token, "TINY-2", "cust-001", [{"sku": "GAG", "amount": grams}])
    assert held(client, "cust-001").get("GAG", D(0)) == 0


# -- a cart token belongs to its customer and its side -------------------------------------------
def test_a_used_cart_token_answers_no_other_customer(client):
    make_customer(client, "cust-001")
    make_customer(client, "cust-002")
    token = client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
    first = client.complete.buy("cust-001", token)
    with pytest.raises(minted.NotFoundError) as info:
        client.complete.buy("cust-002", token)
    assert info.value.code == 5001
    assert "cust-001" not in str(info.value) and "@example.com" not in str(info.value)
    with pytest.raises(minted.UnprocessableEntityError):
        client.complete.sell("cust-001", token)
    with pytest.raises(minted.APIError):
        client.complete.delivery("cust-001", token, shipping_address=ADDRESS)
    assert client.complete.buy("cust-001", token).guid == first.guid  # its own repeat
    assert client.orders.list_walletable().total == 1


def test_an_open_basket_s_token_adds_only_to_its_own_side(client):
    make_customer(client, "cust-001")
    token = client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
    with pytest.raises(minted.UnprocessableEntityError, match="buy basket, not sell"):
        client.baskets.add_item("cust-001", "MNTBAE0001", 1, cart_token=token, type="sell")
    assert (
        client.baskets.add_item("cust-001", "MNTBAE0001", 1, cart_token=token).items[0].amount == 2
    )


# -- one external_id, one order -----------------------------------------------------------------
def test_one_external_id_makes_one_order_whatever_the_operation(client):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="GBP")
    first = client.b2b2c.buy(fix.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": D(2)}])
    again = client.b2b2c.buy(fix.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": D(2)}])
    assert again.guid == first.guid
    # a retry after a lost answer, priced anew (the first quote may have expired)
    fresh = client.price_fix.get(customer_external_id="cust-001", currency="GBP")
    retry = client.b2b2c.buy(fresh.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": D(2)}])
    assert retry.guid == first.guid
    sell_fix = client.price_fix.get(customer_external_id="cust-001", currency="GBP")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.b2b2c.sell(sell_fix.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": 1}])
    assert info.value.code == 6002
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.delivery.create(
            customer={"external_id": "cust-001"},
            external_id="ORD-1",
            sku="GAU",
            amount=D(1),
            address={"shipping": ADDRESS},
        )
    assert info.value.code == 6002
    with pytest.raises(minted.UnprocessableEntityError) as info:  # same id, other contents
        client.b2b2c.buy(fix.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": D(3)}])
    assert info.value.code == 6003
    assert client.orders.list(total=50).total == 1
    assert held(client, "cust-001")["GAU"] == D(2)
    # the sell's token was not used up by the refusal
    client.b2b2c.sell(sell_fix.token, "ORD-2", "cust-001", [{"sku": "GAU", "amount": 1}])


def test_a_delivery_repeat_returns_the_first_order(client):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    client.b2b2c.buy(fix.token, "B-1", "cust-001", [{"sku": "GAU", "amount": D(3)}])
    request = {
        "customer": {"external_id": "cust-001"},
        "external_id": "DLV-1",
        "sku": "GAU",
        "amount": D(1),
        "address": {"shipping": ADDRESS},
    }
    first = client.delivery.create(**request)
    assert client.delivery.create(**request).guid == first.guid
    assert held(client, "cust-001")["GAU"] == D(2)


# -- the external-id rule wherever a customer comes into being ----------------------------------
BAD_IDS = ["", "ab", "a/b", "=1+1", "a b", "x" * 41, "ü-123", "../etc"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_b2b2c_buy_cannot_create_a_customer_with_a_bad_id(client, bad):
    fix = client.price_fix.get(currency="TRY")
    customer = {
        "external_id": bad,
        "firstname": "Mehmet",
        "lastname": "Gülbilge",
        "email": "m@example.com",
        "phone": "+905322808035",
        "identity_number": "12345677938",
    }
    with pytest.raises(minted.APIError) as info:
        client.b2b2c.buy(fix.token, "ORD-X", customer, [{"sku": "GAU", "amount": 1}])
    assert info.value.status in (404, 422)
    assert client.orders.list().total == 0


def test_import_rows_cannot_create_customers_with_bad_ids(client, sandbox):
    rows = [{"external_id": bad, "firstname": "Ayşe", "lastname": "Yılmaz"} for bad in BAD_IDS]
    rows.append({"external_id": "good-id-1", "firstname": "Ayşe", "lastname": "Yılmaz"})
    job = client.imports.queue("customers", rows)
    assert job.processed_rows == 1 and job.failed_rows == len(BAD_IDS)
    count = sandbox.world.store.one("SELECT COUNT(*) AS n FROM customers")["n"]
    assert count == 1


# -- size --------------------------------------------------------------------------------------
def test_ten_thousand_items_make_no_order_and_answer_fast(client):
    fix = client.price_fix.get(currency="GBP")
    started = time.perf_counter()
    with pytest.raises(minted.UnprocessableEntityError):
        client.b2b.buy(fix.token, "MANY-1", [{"sku": "GAU", "amount": 1}] * 10_000)
    assert time.perf_counter() - started < 5
    assert client.orders.list().total == 0


# -- fees against the docs ---------------------------------------------------------------------
def test_order_fees_are_the_sums_of_their_lines(client, sandbox):
    make_customer(client)
    rates = sandbox.settings.fee_rates
    for _ in range(5):
        basket = client.baskets.add_item("cust-001", "MNTBAE0001", 3)
        basket = client.baskets.add_item("cust-001", "MNTBAE0013", 2, cart_token=basket.cart_token)
        assert [[p.id for p in i.prices] for i in basket.items] == [[7], [7]]
        order = client.complete.buy("cust-001", basket.cart_token)
        for item in order.items:
            assert [(p.id, p.name) for p in item.prices] == [
                (6, "Fiziksel Dönüşüm"),
                (4, "Kargo"),
                (7, "Minting Fee"),
            ]
            assert item.prices[2].price == unit_minting_fee(item.price, rates)
        assert order.minting_fee == sum(i.amount * i.prices[2].price for i in order.items)
        assert order.price == sum(i.total for i in order.items)
        assert order.minting_fee == basket.minting_fee and order.paid_total == basket.paid_total
        sandbox.control("POST", "/clock", json={"advance_seconds": 977})


def test_delivery_create_answers_order_at_as_iso_8601_with_offset(client, sandbox):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    client.b2b2c.buy(fix.token, "B-1", "cust-001", [{"sku": "GAU", "amount": D(3)}])
    s = sandbox.settings
    body = {
        "customer": {
            "external_id": "cust-001",
            "firstname": "John",
            "lastname": "Due",
            "phone": "+905180001923",
            "email": "john@example.com",
        },
        "external_id": "DLV-ISO",
        "sku": "GAU",
        "amount": 3,
        "address": {"billing": ADDRESS, "shipping": ADDRESS},
    }
    with httpx.Client(auth=httpx.DigestAuth(s.username, s.password)) as http:
        response = http.post(
            f"{sandbox.url}/partner/delivery/create", json=body, headers={"x-client-id": "web"}
        )
    assert response.status_code == 200, response.text
    order_at = response.json()["data"]["order_at"]
    assert order_at[10] == "T" and order_at[-6:] == "+03:00", order_at


def test_the_docs_buy_silver_b2b_body_is_accepted(client, sandbox):
    """REFERENCE §2.6: no price_token, items by product_id, a customer to create."""
    from reference import reference_examples

    example = next(e for e in reference_examples() if e.key == "2.6#0")
    body = json.loads(example.text.replace('"{{product_1}}"', "3000002"))
    s = sandbox.settings
    with httpx.Client(auth=httpx.DigestAuth(s.username, s.password)) as http:
        response = http.post(
            f"{sandbox.url}/partner/order/digital/buy", json=body, headers={"x-client-id": "web"}
        )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert [i["sku"] for o in data["orders"] for i in o["items"]] == ["GAG"]
    assert held(client, "MTD0018232")["GAG"] == D(10)
    assert data["orders"][0]["currency_code"] == "GBP"
