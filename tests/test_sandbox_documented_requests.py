"""Every documented request example is accepted by the sandbox.

Each example of REFERENCE.md, ADDENDUM.md and the seed pages that `test_reference.REQUESTS`
lists is sent, as the docs write it, to a sandbox of its own (empty, no demo data), through
the client call that `test_reference` proves puts exactly that JSON on the wire (the one
example without such a call, 2.6, goes over plain HTTP with digest auth).  Each must be
answered 2xx.

What an example needs first (a customer, a price token, a basket, metal to sell or deliver, a
stored card, an order to look up) is made before it is sent.  The docs' placeholders are
replaced by real values, and only those; each replacement is listed in `SUBSTITUTIONS` with
why.  An example that cannot be accepted for a documented reason would be listed in
`REFUSED` with that reason: none is.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest
from conftest import client_for
from test_reference import ALL_EXAMPLES, REQUESTS, SEED_B2B, SEED_BUY

from minted import endpoints as ep
from minted.models import CardStorageAdd, CustomerCreate
from minted.sandbox.catalog import PRODUCTS
from minted.specs import fill_placeholders

# What each placeholder, or literal that names something of the docs' own service, becomes.
SUBSTITUTIONS = {
    "{{customer_external_id}}": "a customer made first (Create Customer)",
    "{{external_customer_id}}": "the same: the docs use both spellings for one customer",
    "{{price_token}}": "a Price Fix token fixed just before, in the example's currency",
    "{{cart_token}}": "the token of a basket made first (Add Basket Item)",
    "{{product_1}}": "the product_id of gold (GAU), the first digital product",
    "{% faker datatype.uuid %}": "a fresh UUID (36 characters of [0-9a-f-]: a valid id)",
    "{% faker name.firstName %}": "Ayşe (a first name of at least 3 characters)",
    "{% faker name.lastName %}": "Yılmaz",
    "{% faker internet.email %}": "an address at example.com",
    "{% faker random.alphaNumeric %}": "one random letter or digit",
    "[email protected]": (
        "an address at example.com: the captured page shows Cloudflare's e-mail protection, "
        "not the address, and the API takes a string<email>"
    ),
    "2.9#0 payment.card_token": (
        "token_HYAQA0171343asd names a card stored at the docs' service: the token of a card "
        "stored first for that customer (Card Storage - Add)"
    ),
    "2.24#0 guid": "2B555C6D-…: the guid of an order of the docs' service; an order made first",
    "A2#0 cart_token": "wgd9P8wF…: a basket of the docs' service; a basket made first",
}

# Examples the sandbox refuses, each with the documented reason: none.
REFUSED: dict[str, str] = {}

BAR = "MNTBAE0001"  # the walletable bar the docs' basket examples name


def fill(value, values: dict[str, str]):
    """The example with every placeholder replaced: ``{{name}}`` keys by name, any other key
    (an id of the docs' own service) where it occurs."""
    names = {k[2:-2]: v for k, v in values.items() if k.startswith("{{") and k.endswith("}}")}
    literals = {k: v for k, v in values.items() if k[2:-2] not in names}
    return fill_placeholders(value, names, literals)


def new_customer(client, external_id: str | None = None) -> str:
    external_id = external_id or f"doc-{uuid.uuid4().hex[:12]}"
    client.customers.create(
        CustomerCreate(
            external_id=external_id,
            firstname="Ayşe",
            lastname="Yılmaz",
            email=f"{external_id}@example.com",
            phone="+905320000000",
            identity_number="12345677938",
        )
    )
    return external_id


def price_token(client, currency: str, customer: str | None = None) -> str:
    return client.price_fix.get(currency=currency, customer_external_id=customer).token


def gold_for(client, customer: str, grams: int) -> None:
    """Metal in a customer's wallet: a B2B2C buy against a token fixed for them."""
    token = price_token(client, "TRY", customer)
    client.b2b2c.buy(
        token,
        f"prep-{uuid.uuid4().hex[:10]}",
        {"external_id": customer},
        [{"sku": "GAU", "amount": grams}],
    )


def basket(client, customer: str) -> str:
    return client.baskets.add_item(customer, BAR, 1).token


# -- what each example needs first: the placeholders' values --------------------------------------
def _customer(client) -> dict[str, str]:
    customer = new_customer(client)
    return {"{{customer_external_id}}": customer, "{{external_customer_id}}": customer}


def _basket(client) -> dict[str, str]:
    values = _customer(client)
    values["{{cart_token}}"] = basket(client, values["{{customer_external_id}}"])
    return values


def _prepare_2_6(client) -> dict[str, str]:
    return {"{{product_1}}": str(PRODUCTS["GAU"].product_id)}


def _prepare_2_8(client) -> dict[str, str]:
    # The partner sells 1 g of its own silver: it buys some first.
    client.b2b.buy(price_token(client, "GBP"), "prep-silver", [{"sku": "GAG", "amount": 2}])
    return {"{{price_token}}": price_token(client, "GBP")}


def _prepare_2_9(client) -> dict[str, str]:
    new_customer(client, "1801262568")  # the example's customer, so a card can be stored
    card = client.card_storage.add(
        CardStorageAdd(
            customer_external_id="1801262568",
            card_holder_name="Mehmet Gülbilge",
            card_number="4111111111111111",
            card_expire_month="12",
            card_expire_year="2030",
        )
    )
    return {"{{price_token}}": price_token(client, "GBP"), "token_HYAQA0171343asd": card.card_token}


def _prepare_2_19(client) -> dict[str, str]:
    values = _customer(client)
    gold_for(client, values["{{customer_external_id}}"], 3)  # the example delivers 3 g
    return values


def _prepare_2_24(client) -> dict[str, str]:
    order = client.b2b.buy(price_token(client, "GBP"), "prep-order", [{"sku": "GAU", "amount": 1}])
    return {"2B555C6D-E551-4BD0-8912-B72A77E53723": order.guid[0]}


def _prepare_a2(client) -> dict[str, str]:
    values = _basket(client)
    values["wgd9P8wFXpSTX7bgDmV0GMbWMelWoixp"] = values.pop("{{cart_token}}")
    return values


PREPARE: dict[str, Callable[[object], dict[str, str]]] = {
    SEED_BUY + "#0": _basket,  # Complete Buy of a basket with one bar
    SEED_B2B + "#0": lambda c: {"{{price_token}}": price_token(c, "GBP")},
    "2.2#0": _customer,
    "2.3#0": _customer,
    "2.6#0": _prepare_2_6,
    "2.8#0": _prepare_2_8,
    "2.9#0": _prepare_2_9,
    "2.11#0": lambda c: {},
    "2.12#0": lambda c: {},
    "2.19#0": _prepare_2_19,
    "2.24#0": _prepare_2_24,
    "3.6#0": _customer,
    "3.10#0": _basket,
    "5.1#0": lambda c: {},
    "5.3#0": _basket,
    "5.10#0": _basket,  # the basket holds MNTBAE0001, which the example deletes
    "5.10#1": _basket,  # … and sets to 3
    "A2#0": _prepare_a2,
}


def send_raw(sandbox, endpoint, body) -> httpx.Response:
    """An example with no client call (2.6: items by product_id, no price token)."""
    s = sandbox.settings
    with httpx.Client(
        base_url=sandbox.url,
        auth=httpx.DigestAuth(s.username, s.password),
        headers={"x-client-id": "web"},
    ) as http:
        content = json.dumps(body, default=str)
        return http.request(
            endpoint.method,
            endpoint.path,
            content=content,
            headers={"content-type": "application/json"},
        )


def test_every_request_example_is_prepared_or_refused_for_a_reason():
    assert set(PREPARE) | set(REFUSED) == set(REQUESTS)
    assert not set(PREPARE) & set(REFUSED)


@pytest.mark.parametrize("key", sorted(PREPARE))
def test_documented_request_example_is_accepted(key, sandbox):
    example = ALL_EXAMPLES[key].load()
    with client_for(sandbox) as client:
        values = PREPARE[key](client)
        body = fill(example, values)
        assert "{{" not in json.dumps(body, default=str) and "{%" not in json.dumps(
            body, default=str
        )
        _, send = REQUESTS[key]
        if send is None:
            response = send_raw(sandbox, ep.DIGITAL_BUY, body)
            assert 200 <= response.status_code < 300, response.text
            assert response.json()["success"] is True
        else:
            # The client raises on any answer but a 2xx; this is the parsed answer.
            assert send(client, dict(body)) is not None


def test_the_docs_buy_silver_body_is_accepted_and_buys(sandbox):
    """2.6 (Buy (Silver), B2B2C): items by product_id and no price token, as the page shows."""
    body = fill(ALL_EXAMPLES["2.6#0"].load(), _prepare_2_6(None))
    answer = send_raw(sandbox, ep.DIGITAL_BUY, body).json()
    assert answer["success"] is True
    [order] = answer["data"]["orders"]
    assert order["items"][0]["sku"] == "GAU"
    assert Decimal(str(order["items"][0]["amount"])) == 10
    assert order["customer"]["external_id"] == "MTD0018232"
