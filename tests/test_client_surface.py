"""Every catalogue endpoint is reached by a client method, at its method, path and headers."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from minted import endpoints
from minted.errors import InvalidResponseError
from minted.models import (
    CardStorageAdd,
    CustomerCreate,
    DeliveryCreateRequest,
    KycUpsert,
    SummaryRequest,
)

CUSTOMER = "MTD0018232"
TOKEN = "JNAqWuc3NShBli71ceBGFp1Td4NG047B"
ITEMS = [{"sku": "GAU", "amount": Decimal("1.5")}]
DELIVERY = DeliveryCreateRequest(
    customer={"external_id": CUSTOMER, "firstname": "John", "lastname": "Due"},
    external_id="D-1",
    sku="GAU",
    amount=3,
    address={"shipping": {"fullname": "John Due", "city": "İstanbul", "address": "No: 1"}},
)

# One call per client method; each names the endpoint it must reach.
CALLS = [
    (endpoints.PRICE_FIX, lambda c: c.price_fix.get(customer_external_id=CUSTOMER)),
    (endpoints.PRICE_FIX, lambda c: c.price_fix.get(total=Decimal(10000), currency="TRY")),
    (endpoints.PRICE_FIX, lambda c: c.card_payments.price_fix(customer_external_id=CUSTOMER)),
    (endpoints.CALCULATE_PRICE, lambda c: c.price_fix.calculate(TOKEN, ITEMS)),
    (endpoints.DIGITAL_BUY, lambda c: c.b2b.buy(TOKEN, "B-1", ITEMS)),
    (endpoints.DIGITAL_BUY, lambda c: c.b2b2c.buy(TOKEN, "B-2", CUSTOMER, ITEMS)),
    (
        endpoints.DIGITAL_BUY,
        lambda c: c.card_payments.buy_with_card_token(
            TOKEN, "B-3", CUSTOMER, ITEMS, {"card_token": "tok", "card_cvv": "000"}
        ),
    ),
    (
        endpoints.DIGITAL_BUY,
        lambda c: c.card_payments.buy_with_card_number(
            TOKEN,
            "B-4",
            CUSTOMER,
            ITEMS,
            {
                "card_holder_name": "John Due",
                "card_number": "4111111111111111",
                "card_expire_month": "12",
                "card_expire_year": "2030",
                "card_cvv": "123",
            },
        ),
    ),
    (endpoints.DIGITAL_SELL, lambda c: c.b2b.sell(TOKEN, "S-1", ITEMS)),
    (endpoints.DIGITAL_SELL, lambda c: c.b2b2c.sell(TOKEN, "S-2", CUSTOMER, ITEMS)),
    (endpoints.PAYMENT_TYPES, lambda c: c.card_payments.types()),
    (endpoints.BIN_QUERY, lambda c: c.card_payments.bin_query("411111", Decimal("100"))),
    (endpoints.ORDER_GET, lambda c: c.card_payments.get_order("ALS8HEVP")),
    (endpoints.CARD_STORAGE_LIST, lambda c: c.card_storage.list(CUSTOMER)),
    (
        endpoints.CARD_STORAGE_ADD,
        lambda c: c.card_storage.add(
            CardStorageAdd(
                customer_external_id=CUSTOMER,
                card_holder_name="John Due",
                card_number="4111111111111111",
                card_expire_month="12",
                card_expire_year="2030",
            )
        ),
    ),
    (endpoints.CARD_STORAGE_DELETE, lambda c: c.card_storage.delete(CUSTOMER, "tok")),
    (endpoints.CUSTOMER_CREATE, lambda c: c.customers.create(CustomerCreate(external_id="C-1"))),
    (endpoints.CUSTOMER_CREATE, lambda c: c.customers.create_business("C-2", "Test AŞ")),
    (endpoints.CUSTOMER_UPDATE, lambda c: c.customers.update(CUSTOMER, phone="+905551112233")),
    (endpoints.CUSTOMER_REMOVE_ID, lambda c: c.customers.remove_external_id(CUSTOMER)),
    (endpoints.CUSTOMER_GET, lambda c: c.customers.get(CUSTOMER)),
    (
        endpoints.CUSTOMER_ADDRESS_CREATE,
        lambda c: c.customers.create_address(external_customer_id=CUSTOMER, type="billing"),
    ),
    (endpoints.KYC_GET, lambda c: c.kyc.get(CUSTOMER)),
    (endpoints.KYC_UPSERT, lambda c: c.kyc.upsert(external_id=CUSTOMER, status="approved")),
    (endpoints.KYC_BULK_UPSERT, lambda c: c.kyc.bulk_upsert([KycUpsert(external_id=CUSTOMER)])),
    (endpoints.PARTNER_BALANCE, lambda c: c.balances.partner()),
    (endpoints.CUSTOMER_BALANCE, lambda c: c.balances.customer(CUSTOMER)),
    (endpoints.CASH_BALANCE_UPDATE, lambda c: c.balances.update_cash(CUSTOMER, Decimal("50"))),
    (endpoints.STATS, lambda c: c.balances.stats(date(2026, 11, 1), date(2026, 11, 22))),
    (endpoints.CUSTOMER_7D_STATS, lambda c: c.balances.customer_7d_stats(CUSTOMER)),
    (endpoints.WALLET_BALANCE, lambda c: c.balances.wallet(CUSTOMER, metal_type=["gold"])),
    (endpoints.DELIVERY_WALLETS, lambda c: c.delivery.wallets(CUSTOMER)),
    (endpoints.DELIVERY_CALCULATE, lambda c: c.delivery.calculate(CUSTOMER, "GAU", Decimal(3))),
    (endpoints.DELIVERY_CREATE, lambda c: c.delivery.create(DELIVERY)),
    (
        endpoints.DELIVERY_CREATE,
        lambda c: c.delivery.create_with_card(DELIVERY, {"card_token": "tok"}),
    ),
    (endpoints.PRODUCT_PRICES, lambda c: c.products.prices(currency="TRY")),
    (endpoints.WALLETABLE_PRODUCTS, lambda c: c.products.list()),
    (endpoints.CURRENCY_RATES, lambda c: c.currency_rates.list()),
    (endpoints.RATE_HISTORY, lambda c: c.currency_rates.history("USD")),
    (endpoints.ORDERS, lambda c: c.orders.list(status=[2, 5])),
    (endpoints.ORDER_STATUSES, lambda c: c.orders.statuses()),
    (endpoints.ORDER_GET, lambda c: c.orders.get("HYAQA01373")),
    (endpoints.ORDER_FIND, lambda c: c.orders.find(order_code="FE9HURU6")),
    (endpoints.ORDER_INVOICE, lambda c: c.orders.invoice("HYAQA01373")),
    (endpoints.RECEIPT, lambda c: c.orders.receipt("49074601532")),
    (endpoints.WALLETABLE_ORDERS, lambda c: c.orders.list_walletable(tx_type=["buy", "sell"])),
    (endpoints.PARTNER_LEGAL, lambda c: c.legal.get("kvkk")),
    (endpoints.BASKET_GET, lambda c: c.baskets.get_active(CUSTOMER)),
    (endpoints.BASKET_ADD_ITEM, lambda c: c.baskets.add_item(CUSTOMER, "MNTBAE0001", 1)),
    (endpoints.BASKET_UPDATE_ITEM, lambda c: c.baskets.update_item(CUSTOMER, TOKEN, "GAU", 2)),
    (endpoints.BASKET_DELETE_ITEM, lambda c: c.baskets.delete_item(CUSTOMER, TOKEN, "GAU")),
    (endpoints.BASKET_CLEAR, lambda c: c.baskets.clear(CUSTOMER, TOKEN)),
    (endpoints.COMPLETE_BUY, lambda c: c.complete.buy(CUSTOMER, TOKEN)),
    (endpoints.COMPLETE_SELL, lambda c: c.complete.sell(CUSTOMER, TOKEN)),
    (
        endpoints.COMPLETE_DELIVERY,
        lambda c: c.complete.delivery(CUSTOMER, TOKEN, shipping_address={"city": "İstanbul"}),
    ),
    (endpoints.SUMMARY_GET, lambda c: c.summary.get(CUSTOMER)),
    (endpoints.SUMMARY_POST, lambda c: c.summary.post(SummaryRequest(external_customer_id="x"))),
    (endpoints.SUMMARY_BUY, lambda c: c.summary.buy(CUSTOMER, [{"sku": "GAU", "qty": 1}])),
    (endpoints.SUMMARY_SELL, lambda c: c.summary.sell(CUSTOMER, [{"sku": "GAU", "qty": 1}])),
    (
        endpoints.SUMMARY_DELIVERY,
        lambda c: c.summary.delivery(CUSTOMER, [{"sku": "GAU", "qty": 1}]),
    ),
    (endpoints.IMPORT_QUEUE, lambda c: c.imports.queue("customers", [{"external_id": "x"}])),
    (endpoints.IMPORT_STATUS, lambda c: c.imports.status("42")),
    (endpoints.ECOM_PRODUCTS, lambda c: c.ecom.products()),
    (endpoints.ECOM_PRODUCT, lambda c: c.ecom.product(sku="MNT0001")),
    (endpoints.ECOM_BASKETS, lambda c: c.ecom.incomplete_baskets(CUSTOMER)),
    (endpoints.ECOM_BASKET_CLEAR, lambda c: c.ecom.clear_basket(CUSTOMER, TOKEN)),
    (endpoints.ECOM_BASKET_COMPLETE, lambda c: c.ecom.complete_basket(CUSTOMER, TOKEN)),
    (endpoints.ECOM_ORDERS, lambda c: c.ecom.orders(status=2)),
    (endpoints.ECOM_ORDER, lambda c: c.ecom.get_order(CUSTOMER, TOKEN)),
    (
        endpoints.ECOM_SET_ADDRESS,
        lambda c: c.ecom.set_address(
            CUSTOMER,
            TOKEN,
            shipping={"fullname": "John Due", "city": "İstanbul", "address": "No: 1"},
            billing={"invoice_type": "Individual", "phone": "+905551112233"},
            card_bin="411111",
        ),
    ),
    (
        endpoints.CUSTOMER_ADDRESS_CREATE_MULTI,
        lambda c: c.customers.create_addresses(
            CUSTOMER, [{"type": "billing", "city": "İstanbul"}, {"type": "shipping"}]
        ),
    ),
]


def test_every_endpoint_has_a_client_method():
    assert {e.key for e, _ in CALLS} == {e.key for e in endpoints.ALL}


@pytest.mark.parametrize(
    "endpoint,call", CALLS, ids=[f"{e.key}#{i}" for i, (e, _) in enumerate(CALLS)]
)
def test_method_calls_its_endpoint_with_documented_headers(endpoint, call, recorder):
    client = recorder.client(language="en", client_id="support-console")
    with contextlib.suppress(InvalidResponseError):  # the recorder answers every call with {}
        call(client)
    request = recorder.last
    resolved = endpoints.resolve(request.method, request.url.path)
    assert resolved is not None and resolved[0] == endpoint
    assert request.headers["x-client-id"] == "support-console"
    assert request.headers["api-version"] == str(endpoint.api_version)
    assert request.headers["accept-language"] == "en"
    if request.method == "GET":
        assert request.content == b""
    elif request.content:
        assert request.headers["content-type"] == "application/json"


def test_list_query_uses_the_docs_parameter_names(recorder):
    client = recorder.client()
    with contextlib.suppress(InvalidResponseError):
        client.orders.list_walletable(
            status=[2, 5],
            tx_type=["buy", "sell", "delivery"],
            customer_external_id="743a4765",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 31),
        )
    query = dict(recorder.last.url.params)
    assert query == {
        "page": "1",
        "total": "10",
        "sortBy": "created_at",
        "sortType": "desc",
        "status": "2,5",
        "tx_type": "buy,sell,delivery",
        "customer_external_id": "743a4765",
        "startDate": "2026-01-01",
        "endDate": "2026-01-31",
    }


def test_path_parameters_are_escaped(recorder):
    client = recorder.client()
    with contextlib.suppress(InvalidResponseError):
        client.customers.get("a/b c")
    assert recorder.last.url.raw_path == b"/partner/customer/a%2Fb%20c"


def test_fractional_grams_go_out_as_exact_numbers(recorder):
    client = recorder.client()
    with contextlib.suppress(InvalidResponseError):
        client.b2b.buy(TOKEN, "B-9", [{"sku": "GAU", "amount": Decimal("0.1")}])
    assert b'"amount":0.1' in recorder.last.content


def test_every_page_of_results_can_be_pickled_without_the_sandbox_loaded():
    """The console caches answers with st.cache_data, which pickles them; a pydantic generic
    such as Page[WalletableOrder] pickles only if it was first made at a module's top level,
    not inside a method.  A fresh process, as a console against staging, no sandbox loaded."""
    code = """
import pickle, sys, httpx, minted
page = {"data": {"current_page": 1, "data": []}, "success": True, "code": 200, "message": ""}
client = minted.Client("u", "p", environment="staging",
                       http_transport=httpx.MockTransport(lambda r: httpx.Response(200, json=page)))
answers = [client.orders.list(), client.orders.list_walletable(), client.ecom.products(),
           client.ecom.orders(), client.ecom.incomplete_baskets("cust-1")]
for answer in answers:
    assert type(pickle.loads(pickle.dumps(answer))) is type(answer)
assert not any(name.startswith("minted.sandbox") for name in sys.modules)
print(len({type(answer) for answer in answers}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "3"  # Page[Order], Page[WalletableOrder], Page[EcomProduct]


def test_any_endpoint_can_be_called_directly_and_answers_plain_json():
    """``client.request`` is for what the typed methods cannot do (an explorer, a replay):
    the same transport, journal and errors, the envelope's data unparsed."""
    import httpx
    from helpers import envelope, json_response

    import minted

    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path, request.headers["api-version"]))
        return json_response(200, envelope({"external_id": "MTD0018232", "cash": Decimal("1.10")}))

    client = minted.Client(
        "user",
        "s3cret-Pa55",
        base_url="http://api.test",
        http_transport=httpx.MockTransport(answer),
    )
    data = client.request(
        "GET /partner/customer/{external_id}", path_params={"external_id": "MTD 0018232"}
    )
    assert data == {"external_id": "MTD0018232", "cash": Decimal("1.10")}
    assert seen == [("GET", "/partner/customer/MTD 0018232", "2")]  # httpx decodes .path
    assert client.journal.entries()[-1].path == "/partner/customer/MTD%200018232"
    with pytest.raises(KeyError, match="no endpoint is called"):
        client.request("GET /partner/nowhere")


def test_request_with_cast_to_reads_data_as_the_typed_methods_do():
    """``cast_to`` reads the answer's data as a type of the caller's (a model naming only the
    fields it uses): exact money, and an answer of another shape is the typed methods'
    `InvalidResponseError`, naming the call and keeping the data."""
    import httpx
    from helpers import envelope, json_response
    from pydantic import BaseModel

    import minted
    from minted.models import Page
    from minted.types import Money

    class Row(BaseModel):
        guid: str
        total: Money | None = None

    answers = [
        {"current_page": 1, "data": [{"guid": "g1", "total": Decimal("559.40"), "x": [1]}]},
        {"current_page": 1, "data": [{"total": "1"}]},
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        return json_response(200, envelope(answers.pop(0)))

    client = minted.Client(
        "user",
        "s3cret-Pa55",
        base_url="http://api.test",
        http_transport=httpx.MockTransport(answer),
    )
    page = client.request("ORDERS", params={"total": 1}, cast_to=Page[Row])
    assert page.data == [Row(guid="g1", total=Decimal("559.40"))]
    assert str(page.data[0].total) == "559.40" and not hasattr(page.data[0], "x")
    with pytest.raises(InvalidResponseError, match="1 problem") as caught:
        client.request("ORDERS", cast_to=Page[Row])
    assert (caught.value.method, caught.value.path) == ("GET", "/partner/orders")
    assert caught.value.body == {"current_page": 1, "data": [{"total": "1"}]}
