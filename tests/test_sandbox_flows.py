"""The sandbox as a partner meets it, through the minted client: state, rules, errors."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest
from conftest import client_for
from helpers import make_customer

import minted
from minted.fees import buy_fees, cents, lines_minting_fee, sell_fees

D = Decimal


def holdings(client, external_id, code):
    lines = {line.currency_code: line for line in client.balances.customer(external_id)}
    return lines[code].balance if code in lines else D(0)


def test_customer_lifecycle(client):
    created = make_customer(client)
    assert created.fullname == "Ayşe Yılmaz" and created.created_at.tzinfo is not None
    assert client.customers.get("cust-001").email == "cust-001@example.com"
    assert client.customers.update("cust-001", phone="+905550000000").phone == "+905550000000"
    with pytest.raises(minted.UnprocessableEntityError) as info:
        make_customer(client)  # the same external id again
    assert "external_id" in info.value.field_errors
    assert client.customers.remove_external_id("cust-001").removed
    with pytest.raises(minted.NotFoundError):
        client.customers.get("cust-001")
    make_customer(client)  # the id is free again


def test_business_customer(client):
    company = client.customers.create_business("biz-001", "Test AŞ", tax_number="1234567793")
    assert company.account_type == "company" and company.is_business


def test_walletable_buy_moves_money_and_metal(client, sandbox):
    make_customer(client)
    partner_before = {b.currency_code: b.balance for b in client.balances.partner()}
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 3)
    assert len(basket.cart_token) == 32 and basket.is_basket
    assert 0 < basket.pricefix.remaining <= 240
    rates = sandbox.settings.fee_rates
    minting = lines_minting_fee(((i.price, i.amount) for i in basket.items), rates)
    assert basket.paid_total == buy_fees(basket.total, rates, minting_fee=minting).paid_total
    order = client.complete.buy("cust-001", basket.cart_token)
    assert order.order_creation_status == "order" and order.status_name == "Pending"
    assert order.paid_total == basket.paid_total
    assert holdings(client, "cust-001", "DGAU") == D(3)
    partner_after = {b.currency_code: b.balance for b in client.balances.partner()}
    assert partner_before["AED"] - partner_after["AED"] == order.paid_total
    wallet = client.balances.wallet("cust-001")
    assert [(w.sku, w.amount) for w in wallet] == [("MNTBAE0001", D(3))]


def test_walletable_sell_needs_metal_and_pays_net(client, sandbox):
    make_customer(client)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1, type="sell")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.complete.sell("cust-001", basket.cart_token)
    assert info.value.code == 3001
    client.complete.buy("cust-001", client.baskets.add_item("cust-001", "MNTBAE0001", 2).cart_token)
    basket = client.baskets.get_active("cust-001", type="sell")
    assert basket.paid_total == sell_fees(basket.total, sandbox.settings.fee_rates).paid_total
    assert basket.paid_total < basket.total
    client.complete.sell("cust-001", basket.cart_token)
    assert holdings(client, "cust-001", "DGAU") == D(1)


def test_basket_edit_and_clear(client):
    make_customer(client)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1)
    token = basket.cart_token
    basket = client.baskets.add_item("cust-001", "MNTBAE0013", 2, cart_token=token)
    assert {i.sku: i.amount for i in basket.items} == {"MNTBAE0001": 1, "MNTBAE0013": 2}
    basket = client.baskets.update_item("cust-001", token, "MNTBAE0001", 4)
    assert {i.sku: i.amount for i in basket.items}["MNTBAE0001"] == 4
    basket = client.baskets.delete_item("cust-001", token, "MNTBAE0013")
    assert [i.sku for i in basket.items] == ["MNTBAE0001"]
    basket = client.baskets.clear("cust-001", token)
    assert basket.items == [] and basket.total == 0
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.complete.buy("cust-001", token)
    assert info.value.code == 5002


def test_stale_basket_is_refixed_and_cannot_be_bought_stale(client, sandbox):
    make_customer(client)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1)
    sandbox.control("POST", "/clock", json={"advance_seconds": 300})
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.complete.buy("cust-001", basket.cart_token)
    assert info.value.code == 5003
    fresh = client.baskets.get_active("cust-001")
    assert fresh.cart_token == basket.cart_token
    assert fresh.pricefix.updated is True and fresh.pricefix.token == fresh.price_token
    assert fresh.price_token != basket.price_token and fresh.pricefix.remaining > 200
    assert client.complete.buy("cust-001", fresh.cart_token).status_name == "Pending"


def test_price_token_expires_and_is_single_use(client, sandbox):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    assert fix.expire_ttl == 239 and fix.currency == "TRY" and not fix.is_total_price
    gau = fix.price_of("GAU")
    assert gau.buy_price > gau.spot_price > gau.sell_price
    result = client.b2b2c.buy(fix.token, "ORD-1", "cust-001", [{"sku": "GAU", "amount": D("0.1")}])
    assert result.total == cents(gau.buy_price * D("0.1"))
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.b2b2c.buy(fix.token, "ORD-2", "cust-001", [{"sku": "GAU", "amount": 1}])
    assert info.value.code == 2002
    stale = client.price_fix.get(currency="TRY")
    sandbox.control("POST", "/clock", json={"advance_seconds": 241})
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.b2b.buy(stale.token, "ORD-3", [{"sku": "GAU", "amount": 1}])
    assert info.value.code == 2001


def test_total_price_fix_buys_as_much_as_the_total_pays(client):
    make_customer(client)
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY", total=D(10000))
    assert fix.is_total_price and fix.total == D(10000)
    result = client.b2b2c.buy(fix.token, "ORD-T", "cust-001", [{"sku": "GAU"}])
    assert D(9990) <= result.total <= D(10000)
    assert result.orders[0].items[0].amount == fix.price_of("GAU").buy_amount


def test_external_id_never_makes_two_orders(client):
    make_customer(client)
    fix = client.price_fix.get(currency="GBP")
    first = client.b2b.buy(fix.token, "ONCE-1", [{"sku": "GAU", "amount": 1}])
    again = client.b2b.buy(fix.token, "ONCE-1", [{"sku": "GAU", "amount": 1}])
    assert again.guid == first.guid
    assert client.orders.list(total=50).total == 1


def test_concurrent_repeats_make_one_order(client):
    make_customer(client)
    fix = client.price_fix.get(currency="GBP")

    def attempt(_):
        try:
            return client.b2b.buy(fix.token, "RACE-1", [{"sku": "GAU", "amount": 1}]).guid[0]
        except minted.APIError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = set(pool.map(attempt, range(16)))
    assert len(results) == 1  # the same first order, every time
    assert client.orders.list(total=50).total == 1


def test_double_complete_returns_the_first_order(client):
    make_customer(client)
    token = client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
    with ThreadPoolExecutor(max_workers=4) as pool:
        guids = set(pool.map(lambda _: client.complete.buy("cust-001", token).guid, range(8)))
    assert len(guids) == 1
    assert client.orders.list_walletable().total == 1


def test_orders_progress_on_the_sandbox_clock(client, sandbox):
    make_customer(client)
    token = client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
    order = client.complete.buy("cust-001", token)
    assert client.orders.get(order.guid).status_name == "Pending"
    sandbox.control("POST", "/clock", json={"advance_seconds": 31})
    assert client.orders.get(order.guid).status_name == "Completed"
    assert client.orders.list(status=[5]).total == 1
    assert client.orders.list(status=[2]).total == 0


def test_delivery_takes_metal_out_of_the_wallet(client):
    make_customer(client)
    client.complete.buy("cust-001", client.baskets.add_item("cust-001", "MNTBAE0001", 2).cart_token)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1, type="delivery")
    assert basket.delivery_cost == D(3) and basket.charges_vat == D("0.15")
    assert basket.paid_total == D("3.15")  # the docs' delivery example
    with pytest.raises(minted.UnprocessableEntityError):
        client.complete.delivery("cust-001", basket.cart_token)  # no address
    order = client.complete.delivery(
        "cust-001",
        basket.cart_token,
        shipping_address={"fullname": "Ayşe Yılmaz", "city": "İstanbul", "address": "No:1"},
    )
    assert order.delivery.estimated_arrival_date is not None
    assert order.shippingaddress.city == "İstanbul"
    assert holdings(client, "cust-001", "DGAU") == D(1)


def test_lists_paginate_and_filter(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        page = client.orders.list(total=20)
        assert page.total > 200 and len(page.data) == 20 and page.has_next
        second = client.orders.list(total=20, page=2)
        assert {o.guid for o in page.data}.isdisjoint({o.guid for o in second.data})
        sells = client.orders.list_walletable(tx_type=["sell"], total=100)
        assert sells.total > 0 and all(o.tx_type == "sell" for o in sells.data)
        first = page.data[-1]
        assert (
            first.customer is None
            or client.orders.list(customer_external_id=first.customer.external_id).total >= 1
        )


def test_stats_come_from_the_history(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        today = seeded_sandbox.world.now().date()
        stats = client.balances.stats(today.replace(day=1) if today.day > 7 else today, today)
        assert sum(p.order_count for p in stats.points) > 0
        customer = client.orders.list_walletable(total=1).data[0].customer.external_id
        week = client.balances.customer_7d_stats(customer)
        assert len(week.days()) == 7


def test_read_only_account_reads_but_never_writes(sandbox):
    with client_for(sandbox) as writer:
        make_customer(writer)
    with client_for(sandbox, read_only=True) as reader:
        assert reader.customers.get("cust-001").firstname == "Ayşe"
        assert reader.price_fix.get(currency="TRY").token  # a quote changes nothing
        with pytest.raises(minted.PermissionDeniedError) as info:
            reader.baskets.add_item("cust-001", "MNTBAE0001", 1)
        assert info.value.code == 1102


def test_wrong_password_is_refused(sandbox):
    client = minted.Client(sandbox.settings.username, "not-it", base_url=sandbox.url)
    with client, pytest.raises(minted.AuthenticationError):
        client.orders.statuses()


def test_expired_nonces_are_renewed_transparently(client, sandbox):
    assert client.orders.statuses()
    sandbox.control("POST", "/nonces/expire")
    assert client.orders.statuses()  # stale=true → the client re-authenticates once


def test_missing_client_id_header_is_a_422_in_the_envelope(sandbox):
    s = sandbox.settings
    response = httpx.get(
        f"{sandbox.url}/partner/orders/statuses", auth=httpx.DigestAuth(s.username, s.password)
    )
    body = response.json()
    assert response.status_code == 422 and body["success"] is False and body["code"] == 1003
    assert "x-client-id" in body["errors"]


@pytest.mark.parametrize(
    "method,path,status,code",
    [("GET", "/partner/nowhere", 404, 1000), ("PUT", "/partner/customer", 405, 1001)],
)
def test_unknown_routes_answer_in_the_envelope(sandbox, method, path, status, code):
    s = sandbox.settings
    response = httpx.request(
        method,
        f"{sandbox.url}{path}",
        auth=httpx.DigestAuth(s.username, s.password),
        headers={"x-client-id": "web"},
    )
    assert response.status_code == status
    assert response.json() == {
        "data": None,
        "success": False,
        "code": code,
        "message": response.json()["message"],
    }


def test_unauthenticated_requests_get_a_challenge(sandbox):
    response = httpx.get(f"{sandbox.url}/partner/orders/statuses", headers={"x-client-id": "web"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Digest ")
    assert 'qop="auth"' in response.headers["www-authenticate"]
    assert response.json()["success"] is False


def test_state_survives_a_restart(tmp_path):
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(db_path=str(tmp_path / "keep.db"), demo_data=False)
    with EmbeddedSandbox(settings) as first, client_for(first) as client:
        make_customer(client)
        order = client.complete.buy(
            "cust-001", client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
        )
    with EmbeddedSandbox(settings) as second, client_for(second) as client:
        assert client.orders.get(order.guid).guid == order.guid
        assert holdings(client, "cust-001", "DGAU") == D(1)


def test_faults_are_injected_and_cleared(client, sandbox):
    sandbox.control(
        "POST", "/faults", json={"route": "GET /partner/orders/statuses", "status": 503}
    )
    client._transport._sleep = lambda s: None
    with pytest.raises(minted.ServerError) as info:
        client.orders.statuses()
    assert info.value.code == 8001
    sandbox.control("DELETE", "/faults")
    assert client.orders.statuses()
    sandbox.control("POST", "/faults", json={"route": "*", "malformed": True, "times": 1})
    with pytest.raises(minted.InvalidResponseError):
        client.orders.statuses()
    sandbox.control("POST", "/faults", json={"route": "*", "drop": True, "times": 1})
    with pytest.raises(minted.TransportError):
        client.customers.create(external_id="cust-drop")


def test_control_plane_refuses_non_loopback_clients(sandbox):
    async def reset_from(address):
        transport = httpx.ASGITransport(app=sandbox.app, client=(address, 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as outsider:
            return (await outsider.get("/_sandbox/clock")).status_code

    assert asyncio.run(reset_from("203.0.113.9")) == 403
    assert asyncio.run(reset_from("127.0.0.1")) == 200


def test_sandbox_is_thread_safe_under_concurrent_writes(client):
    make_customer(client)
    errors = []

    def buy(i):
        try:
            token = client.baskets.add_item(f"cust-{i:03d}", "MNTBAE0001", 1).cart_token
            client.complete.buy(f"cust-{i:03d}", token)
        except Exception as error:  # collected, asserted below
            errors.append(error)

    for i in range(2, 10):
        make_customer(client, f"cust-{i:03d}")
    threads = [threading.Thread(target=buy, args=(i,)) for i in range(2, 10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert client.orders.list_walletable(total=50).total == 8


@pytest.fixture(scope="module")
def sandbox_to_spend(tmp_path_factory):
    """A seeded sandbox of this module's own: the calls below change the demo world (one
    removes MTD0018232's id), which other tests' shared sandbox must not see."""
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(db_path=str(tmp_path_factory.mktemp("spent") / "sandbox.db"))
    with EmbeddedSandbox(settings) as sandbox:
        yield sandbox


@pytest.mark.parametrize(
    "endpoint,call",
    __import__("test_client_surface").CALLS,
    ids=[f"{e.key}#{i}" for i, (e, _) in enumerate(__import__("test_client_surface").CALLS)],
)
def test_every_client_method_works_against_the_sandbox(sandbox_to_spend, endpoint, call):
    """Each method gets a typed answer or a clear refusal (404/422), never a 5xx or a shape
    the client cannot read."""
    with client_for(sandbox_to_spend) as client:
        try:
            call(client)
        except minted.APIError as error:
            assert error.status in (404, 422), error
            assert not isinstance(error, minted.InvalidResponseError), error


def test_control_plane_clock_journal_latency_and_reset(client, sandbox):
    frozen = sandbox.control("POST", "/clock", json={"freeze": True})
    assert frozen["frozen"] is True
    assert sandbox.control("GET", "/clock")["now"] == frozen["now"]
    later = sandbox.control("POST", "/clock", json={"advance_seconds": 3600})
    assert later["now"] > frozen["now"] and later["frozen"] is True
    sandbox.control("POST", "/clock", json={"freeze": False})

    make_customer(client)
    journal = sandbox.control("GET", "/journal", params={"limit": 5})
    assert journal[0]["method"] == "POST" and journal[0]["path"] == "/partner/customer"
    assert journal[0]["status"] == 200 and journal[0]["user"] == sandbox.settings.username

    sandbox.control(
        "POST",
        "/faults",
        json={"route": "GET /partner/orders/statuses", "latency_ms": 300, "times": 1},
    )
    started = time.perf_counter()
    client.orders.statuses()
    assert time.perf_counter() - started >= 0.3

    sandbox.control("POST", "/reset", json={"demo_data": False})
    with pytest.raises(minted.NotFoundError):
        client.customers.get("cust-001")
    assert sandbox.control("GET", "/health")["customers"] == 0
