"""The sandbox's smaller pages, each on its success path and its main refusal."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from test_sandbox_flows import holdings, make_customer

import minted
from minted.fees import cents
from minted.models import CardStorageAdd, DeliveryCreateRequest, KycUpsert, SummaryRequest

D = Decimal
VISA = "4111111111111111"
DECLINED = "4000000000000002"


@pytest.fixture
def customer(client):
    return make_customer(client)


def test_kyc_get_upsert_bulk(client, customer):
    assert client.kyc.get("cust-001").status == "none"
    record = client.kyc.upsert(external_id="cust-001", status="approved", nationality="TR")
    assert record.status == "approved" and record.verified_at is not None
    results = client.kyc.bulk_upsert(
        [KycUpsert(external_id="cust-001", occupation="Engineer"), KycUpsert(external_id="ghost")]
    )
    assert [(r.external_id, r.success) for r in results] == [("cust-001", True), ("ghost", False)]
    assert client.kyc.get("cust-001").occupation == "Engineer"


def test_customer_address_and_wallets(client, customer):
    address = client.customers.create_address(
        external_customer_id="cust-001",
        type="billing",
        invoice_type="Individual",
        tax_number="1234567",
        city="İstanbul",
        county="Beykoz",
        address="54 sok. No: 12",
    )
    assert address.id == 1 and address.city == "İstanbul"
    fetched = client.customers.get("cust-001")
    assert fetched.wallets and all(w.customer_external_id == "cust-001" for w in fetched.wallets)


def test_card_storage_and_card_buys(client, customer):
    card = client.card_storage.add(
        CardStorageAdd(
            customer_external_id="cust-001",
            card_holder_name="Ayşe Yılmaz",
            card_number=VISA,
            card_expire_month="12",
            card_expire_year="2030",
        )
    )
    assert card.masked_pan == "411111******1111"
    assert re.fullmatch(r"token_[A-Za-z0-9]{15}", card.card_token)  # as the docs' token_HYAQA…
    assert [c.card_token for c in client.card_storage.list("cust-001")] == [card.card_token]
    fix = client.card_payments.price_fix(customer_external_id="cust-001", currency="TRY")
    result = client.card_payments.buy_with_card_token(
        fix.token,
        "CARD-1",
        "cust-001",
        [{"sku": "GAU", "amount": 1}],
        {"card_token": card.card_token, "card_cvv": "000"},
    )
    assert result.payment["state"] == "paid" and result.orders[0].payment_type == "credit-card"
    payment = client.card_payments.get_order(result.guid[0]).payment
    assert payment.details.card_number == card.masked_pan and payment.details.card_cvv is None
    assert payment.details.card_association == "visa" and payment.total > payment.amount
    declined_fix = client.card_payments.price_fix(customer_external_id="cust-001", currency="TRY")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.card_payments.buy_with_card_number(
            declined_fix.token,
            "CARD-2",
            "cust-001",
            [{"sku": "GAU", "amount": 1}],
            {
                "card_holder_name": "A",
                "card_number": DECLINED,
                "card_expire_month": "01",
                "card_expire_year": "2031",
                "card_cvv": "123",
            },
        )
    assert info.value.code == 7001
    client.card_storage.delete("cust-001", card.card_token)
    assert client.card_storage.list("cust-001") == []
    with pytest.raises(minted.NotFoundError):
        client.card_storage.delete("cust-001", card.card_token)


def test_bin_query_and_payment_types(client):
    info = client.card_payments.bin_query("411111", D("1000"))
    assert [i.installment for i in info.installments] == [1, 3, 6, 9]
    assert info.installments[0].total == D("1028.80")  # 2.88 % commission, as the docs' basket
    assert {t.code for t in client.card_payments.types()} == {"cash", "creditcard"}
    with pytest.raises(minted.UnprocessableEntityError):
        client.card_payments.bin_query("4111", D("1000"))


def test_partner_delivery(client, customer):
    fix = client.price_fix.get(customer_external_id="cust-001", currency="TRY")
    client.b2b2c.buy(fix.token, "BUY-D", "cust-001", [{"sku": "GAU", "amount": D("3.5")}])
    [wallet] = client.delivery.wallets("cust-001")
    assert (wallet.sku, wallet.balance, wallet.deliverable_amount) == ("GAU", D("3.5"), D(3))
    quote = client.delivery.calculate("cust-001", "GAU", D(3))
    assert quote.total == quote.delivery_cost + quote.insurance_price > 0
    request = DeliveryCreateRequest(
        customer={"external_id": "cust-001", "firstname": "Ayşe", "lastname": "Yılmaz"},
        external_id="DLV-1",
        sku="GAU",
        amount=3,
        address={
            "shipping": {"fullname": "Ayşe", "city": "İstanbul", "address": "No 1"},
            "billing": {"fullname": "Ayşe", "invoice_type": "Individual"},
        },
    )
    order = client.delivery.create(request)
    assert order.type == "Delivery" and order.total == quote.total
    assert client.delivery.create(request).guid == order.guid  # external_id: one order
    assert holdings(client, "cust-001", "GAU") == D("0.5")
    with pytest.raises(minted.UnprocessableEntityError) as info:
        client.delivery.create(request.model_copy(update={"external_id": "DLV-2"}))
    assert info.value.code == 3001


def test_summaries_preview_without_creating(client, customer):
    buy = client.summary.buy("cust-001", [{"sku": "MNTBAE0001", "qty": 2}])
    assert buy.paid_total > buy.total > 0
    assert client.orders.list_walletable().total == 0
    assert client.ecom.incomplete_baskets("cust-001").total == 0  # no basket left behind
    client.complete.buy("cust-001", client.baskets.add_item("cust-001", "MNTBAE0001", 2).cart_token)
    summary = client.summary.get("cust-001")
    assert summary.holdings[0]["sku"] == "MNTBAE0001" and summary.total_value > 0
    assert client.summary.post(SummaryRequest(external_customer_id="cust-001")).total_value > 0
    assert client.summary.sell("cust-001", [{"sku": "MNTBAE0001", "qty": 1}]).paid_total > 0
    assert client.summary.delivery("cust-001", [{"sku": "MNTBAE0001", "qty": 1}]).delivery_cost


def test_imports(client):
    job = client.imports.queue(
        "customers", [{"external_id": "imp-001", "firstname": "Can"}, {"firstname": "no id"}]
    )
    assert (job.processed_rows, job.failed_rows) == (1, 1) and job.errors[0]["row"] == 2
    assert client.imports.status(job.id).status == "completed_with_errors"
    assert client.customers.get("imp-001").firstname == "Can"


def test_cash_balance_update_is_idempotent_by_external_id(client, customer):
    for _ in range(3):
        client.balances.update_cash(
            "cust-001", D("250.50"), currency_code="TRY", external_id="dep-1"
        )
    assert holdings(client, "cust-001", "TRY") == D("250.50")
    client.balances.update_cash("cust-001", D("-50.50"), currency_code="TRY")
    assert holdings(client, "cust-001", "TRY") == D("200.00")
    with pytest.raises(minted.UnprocessableEntityError):
        client.balances.update_cash("cust-001", D("-1000"), currency_code="TRY")


def test_orders_lookup_invoice_receipt_statuses(client, customer):
    order = client.complete.buy(
        "cust-001", client.baskets.add_item("cust-001", "MNTBAE0001", 1).cart_token
    )
    assert client.orders.find(guid=order.guid).guid == order.guid
    assert client.orders.find(order_code=order.increment_id, push_hook=True).guid == order.guid
    assert client.orders.invoice(order.guid).invoice_number.startswith("MNT")
    receipt = client.orders.receipt(order.increment_id)
    assert receipt.receipt_number and receipt.paid_total == order.paid_total
    names = {s.id: s.name for s in client.orders.statuses()}
    assert names[1] == "Created" and names[2] == "Pending"


def test_calculate_price_and_legal(client, customer):
    fix = client.price_fix.get(currency="TRY")
    calc = client.price_fix.calculate(fix.token, [{"sku": "GAU", "amount": 2}])
    assert calc.total == cents(fix.price_of("GAU").buy_price * 2)
    legal = client.legal.get("kvkk", customer_external_id="cust-001")
    assert legal.title and legal.content
    with pytest.raises(minted.UnprocessableEntityError):
        client.legal.get("unknown-text")


def test_rates_products_and_history(client, sandbox):
    rates = {r.currency_code: r for r in client.currency_rates.list(base_currency="TRY")}
    assert rates["TRY"].rate == 1 and rates["USD"].rate > 1
    assert rates["USD"].buy_rate > rates["USD"].rate > rates["USD"].sell_rate
    history = client.currency_rates.history("USD")
    assert len(history.points) == 121
    gold = client.currency_rates.history("GAU", base_currency="TRY")  # metals are currencies too
    assert gold.points[-1].rate == rates["GAU"].rate and gold.points[-1].rate > 1000
    assert history.points[0].at < history.points[-1].at
    products = {p.sku: p for p in client.products.list(currency_code="AED")}
    assert products["MNTBAE0001"].product_name == "Minted 1 g 999.9 Gold Bar"
    assert products["MNTBAE0001"].buy_price > products["MNTBAE0001"].sell_price
    gold = client.products.list(metal_type="gold")
    assert gold and all(p.metal_type == "gold" for p in gold)
    before = {p.sku: p.buy_price for p in client.products.prices(currency="USD")}
    sandbox.control("POST", "/clock", json={"advance_seconds": timedelta(hours=6).total_seconds()})
    after = {p.sku: p.buy_price for p in client.products.prices(currency="USD")}
    # Prices move with the clock.  One price can land on the same cent six hours later (CI saw
    # GAU do it); gold, silver and platinum walk independently, so all of them cannot.
    assert before.keys() == after.keys() and before != after


def test_ecom_pages(client, customer):
    page = client.ecom.products(page=1, total=5)
    assert page.total >= 10 and len(page.data) == 5
    assert client.ecom.product(sku="MNT0001").name.startswith("Minted 1 Gr")
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1)
    assert client.ecom.incomplete_baskets("cust-001").data[0].token == basket.cart_token
    assert client.ecom.clear_basket("cust-001", basket.cart_token).items == []
    client.baskets.add_item("cust-001", "MNTBAE0001", 1, cart_token=basket.cart_token)
    order = client.ecom.complete_basket("cust-001", basket.cart_token)
    assert client.ecom.orders(customer_external_id="cust-001").data[0].guid == order.guid
