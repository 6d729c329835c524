"""The client against the captured docs: every example, every endpoint.

* every documented response example parses into its model, declares every field the example
  shows, and (where the example is complete) serialises back to the same JSON;
* every documented request example round-trips through its request model, and the client
  method that sends it puts exactly that JSON on the wire;
* every endpoint of the docs' table has a catalogue entry at the documented method and path,
  and every catalogue entry is reached by a client method (see test_client_surface.py).
"""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter
from reference import (
    ADDENDUM,
    REFERENCE,
    addendum_examples,
    documented_endpoints,
    reference_examples,
    seed_examples,
)

from minted import endpoints
from minted.errors import InvalidResponseError
from minted.models import (
    Address,
    BasketItem,
    Customer,
    CustomerBalance,
    CustomerCreate,
    DeliveryCreateRequest,
    DeliveryOrder,
    DigitalBuyRequest,
    DigitalSellRequest,
    EcomOrderLookup,
    EcomProduct,
    Invoice,
    Order,
    OrderItem,
    OrderLookup,
    OrderResponse,
    Page,
    PriceFix,
    PriceFixRequest,
    WalletableOrder,
    WalletItem,
)

SEED_BUY = "000_76da8185d6bce50a"  # Walletable › Complete Buy
SEED_B2B = "001_1ebd160653735689"  # Partner B2B › Buy (Gold)

RESPONSES = {
    "2.2#1": PriceFix,
    "2.9#1": OrderResponse,
    "2.11#1": Customer,
    "2.15#0": list[CustomerBalance],
    "2.19#1": DeliveryOrder,
    "2.23#0": Order,
    "2.24#1": Order,
    "3.1#0": Page[EcomProduct],
    "3.2#0": EcomProduct,
    "3.4#0": Customer,
    "3.10#1": WalletableOrder,
    "4.2#0": Page[WalletableOrder],
    "5.5#0": WalletableOrder,
    "5.7#0": Invoice,
    "5.9#0": list[WalletItem],
    "5.10#2": WalletableOrder,
    "5.10#3": WalletableOrder,
    "5.10#4": WalletableOrder,
    f"{SEED_BUY}#1": WalletableOrder,
    f"{SEED_B2B}#1": OrderResponse,
}

# Schema pages show type placeholders ("string", 0), not data: they are checked for field names.
SCHEMAS = {
    "6.1#0": Order,
    "6.2#0": OrderResponse,
    "6.3#0": WalletableOrder,
    "A6.1#0": Order,  # the complete Order Schema
    "A6.2#0": BasketItem,  # Ecom OrderItem
    "A6.3#0": OrderItem,  # Order Item Schema
}

# Each request example: its model, and the client call that sends it.
REQUESTS = {
    "2.2#0": (PriceFixRequest, lambda c, x: c.price_fix.get(**x)),
    "2.3#0": (PriceFixRequest, lambda c, x: c.price_fix.get(**x)),
    # Shown without price_token and with product_id items: only the model is checked.
    "2.6#0": (DigitalBuyRequest, None),
    "2.8#0": (DigitalSellRequest, lambda c, x: c.b2b.sell(**x)),
    "2.9#0": (
        DigitalBuyRequest,
        lambda c, x: c.card_payments.buy_with_card_token(
            x["price_token"], x["external_id"], x["customer"], x["items"], x["payment"]
        ),
    ),
    "2.11#0": (CustomerCreate, lambda c, x: c.customers.create(**x)),
    "2.12#0": (CustomerCreate, lambda c, x: c.customers.create(**x)),
    "2.19#0": (DeliveryCreateRequest, lambda c, x: c.delivery.create(**x)),
    "2.24#0": (OrderLookup, lambda c, x: c.orders.find(**x)),
    "3.6#0": (Address, lambda c, x: c.customers.create_address(**x)),
    "3.10#0": (None, lambda c, x: c.ecom.clear_basket(**x)),
    "5.1#0": (CustomerCreate, lambda c, x: c.customers.create(**x)),
    "5.3#0": (None, lambda c, x: c.complete.buy(**x)),
    "5.10#0": (None, lambda c, x: c.baskets.delete_item(**x)),
    "5.10#1": (None, lambda c, x: c.baskets.update_item(**x)),
    f"{SEED_BUY}#0": (None, lambda c, x: c.complete.buy(**x)),
    f"{SEED_B2B}#0": (DigitalBuyRequest, lambda c, x: c.b2b.buy(**x)),
    "A2#0": (EcomOrderLookup, lambda c, x: c.ecom.get_order(**x)),
}

NOT_EXAMPLES = {
    "1.4#0": "the envelope written as a pattern, `<object|array>`",
    "A3#0": "two members of the Order Schema's address object, not a document (see A6.1)",
    "A9#0": "E-Pay, another service's API (context only)",
    "A9#1": "E-Pay, another service's API (context only)",
    "A9#2": "E-Pay, another service's API (context only)",
}

# Fields whose documented text differs from what the model writes back, and why.
ROUND_TRIP_EXCEPTIONS: dict[str, str] = {}

ALL_EXAMPLES = {e.key: e for e in (*reference_examples(), *seed_examples(), *addendum_examples())}


def undeclared_fields(value, where="data") -> list[str]:
    """Fields the example has that the model does not declare (they would land in extras)."""
    found = []
    if isinstance(value, BaseModel):
        found += [f"{where}.{name}" for name in value.model_extra or {}]
        for name in type(value).model_fields:
            found += undeclared_fields(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += undeclared_fields(item, f"{where}[{i}]")
    return found


def dump(value) -> object:
    adapter = TypeAdapter(type(value)) if not isinstance(value, list) else None
    if isinstance(value, BaseModel):
        return value.to_api()
    if isinstance(value, list):
        return [dump(v) for v in value]
    return adapter.dump_python(value)


def test_every_json_example_is_classified():
    classified = RESPONSES.keys() | SCHEMAS.keys() | REQUESTS.keys() | NOT_EXAMPLES.keys()
    assert set(ALL_EXAMPLES) == classified
    assert len(ALL_EXAMPLES) >= 40  # the parser found the examples, not nothing


@pytest.mark.parametrize("key", sorted(RESPONSES))
def test_response_example_parses(key):
    example = ALL_EXAMPLES[key]
    document = example.load()
    assert document.get("success", True) is True
    data = document["data"]
    parsed = TypeAdapter(RESPONSES[key]).validate_python(data)
    assert undeclared_fields(parsed) == []
    if not example.truncated and key not in ROUND_TRIP_EXCEPTIONS:
        assert dump(parsed) == data


@pytest.mark.parametrize("key", sorted(SCHEMAS))
def test_schema_fields_are_declared(key):
    def names(value, prefix=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield f"{prefix}{k}"
                yield from names(v, f"{prefix}{k}.")
        elif isinstance(value, list) and value:
            yield from names(value[0], f"{prefix}[].")

    def declared(model, dotted: str) -> bool:
        tp = model
        for part in dotted.split("."):
            if part == "[]":
                continue
            fields = {f.alias or n: f for n, f in tp.model_fields.items()}
            if part not in fields:
                return False
            tp = _model_in(fields[part].annotation)
            if tp is None:
                return True
        return True

    example = ALL_EXAMPLES[key].load()
    missing = [n for n in names(example) if not declared(SCHEMAS[key], n)]
    assert missing == []


def _model_in(annotation):
    """The pydantic model inside list[...] / X | None, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _model_in(arg)
        if inner is not None:
            return inner
    return None


@pytest.mark.parametrize("key", sorted(REQUESTS))
def test_request_example_round_trips_and_is_sent_as_documented(key, recorder):
    model, send = REQUESTS[key]
    example = ALL_EXAMPLES[key].load()
    if model is not None:
        assert model.model_validate(example).to_api() == example
    if send is not None:
        client = recorder.client()
        with contextlib.suppress(InvalidResponseError):  # the recorder answers with {}
            send(client, dict(example))
        assert json.loads(recorder.last.content, parse_float=Decimal) == example


@pytest.mark.parametrize("vendored", [REFERENCE, ADDENDUM], ids=lambda p: p.name)
def test_the_vendored_reference_is_the_shared_one(vendored):
    shared = Path(__file__).resolve().parents[2] / "shared" / "api" / vendored.name
    if not shared.exists():
        pytest.skip("no ../shared checkout beside this one")
    assert shared.read_text(encoding="utf-8") == vendored.read_text(encoding="utf-8")


# -- endpoints -----------------------------------------------------------------------------------

DOC_PAGES = ("(overview doc)", "(doc)", "Akış")
OUT_OF_SCOPE = {
    "Embedded › Get Active Basket": "Embedded Webview uses Bearer tokens, not Digest",
}


def in_scope(row) -> bool:
    if any(marker in row.name for marker in DOC_PAGES) or row.name.startswith("("):
        return False
    if row.doc_name in OUT_OF_SCOPE:
        return False
    # Partner and Walletable completely; E-Commerce and Embedded where the page was found.
    return row.section in ("Partner", "Walletable") or row.found.startswith("yes")


def _normalise(path: str) -> str:
    return endpoints.re.sub(r"{\w+}", "{}", path)


@pytest.mark.parametrize(
    "row", [r for r in documented_endpoints() if in_scope(r)], ids=lambda r: r.doc_name
)
def test_documented_endpoint_has_a_catalogue_entry(row):
    endpoint = endpoints.BY_DOC_NAME.get(row.doc_name)
    assert endpoint is not None, f"no endpoint for {row.doc_name}"
    if row.method != "unknown":
        assert endpoint.method == row.method
    if row.path != "unknown":
        assert _normalise(endpoint.path) == _normalise(row.path)
        assert not endpoint.assumed
    else:
        # A page without a visible path either shares a documented sibling's path (every
        # buy variant posts to …/digital/buy) or its path is marked as our assumption.
        documented = {r.doc_name for r in documented_endpoints() if r.path != "unknown"}
        assert endpoint.assumed or documented & set(endpoint.docs)


# Pages found after REFERENCE.md: ADDENDUM.md §10 gives each one's method and path.
ADDENDUM_PAGES = {
    "Partner › Card Payment – Get Order": ("GET", "/partner/order/{{external_order_id}}"),
    "E-Com › Get Order": ("POST", "/partner/ecom/getorder"),
    "E-Com › Set Custom Address": ("PATCH", "/partner/ecom/basket/setaddress"),
    "E-Com › Customer Address – Create Multiple": ("POST", "/partner/customer/address/createmulti"),
}


@pytest.mark.parametrize("doc_name", ADDENDUM_PAGES)
def test_pages_the_addendum_found_are_in_the_catalogue_as_documented(doc_name):
    method, path = ADDENDUM_PAGES[doc_name]
    corrections = ADDENDUM.read_text(encoding="utf-8").split("## 10. Facts that", 1)[1]
    assert f"**{method} `{path}`**" in corrections  # the table above says what §10 says
    endpoint = endpoints.BY_DOC_NAME[doc_name]
    assert endpoint.key == f"{method} {path.replace('{{', '{').replace('}}', '}')}"
    assert not endpoint.assumed


def test_catalogue_names_only_documented_pages():
    names = {r.doc_name for r in documented_endpoints()} | set(ADDENDUM_PAGES)
    assert set(endpoints.BY_DOC_NAME) <= names
    assert len({e.key for e in endpoints.ALL}) == len(endpoints.ALL)  # one entry per route
