"""What every endpoint takes and gives: one table over the catalogue of `minted.endpoints`.

    from minted import specs
    spec = specs.spec_for("Walletable › Clear Basket")  # or "BASKET_CLEAR", or ep.BASKET_CLEAR
    spec.endpoint          # the catalogue's Endpoint (method, path, docs names, assumed, …)
    spec.path_params       # ("external_id",): the path template's parameters, in order
    spec.query             # a model whose fields are the query parameters, or None
    spec.body              # the request body's model (minted.models), or None
    spec.response          # what the envelope's ``data`` validates as: Basket, list[X], Page[X]
    spec.client_method     # "baskets.clear": the `minted.Client` method that calls it
    spec.example           # the docs' request example (a fresh copy), or None
    spec.check(data)       # what in an answer does not fit `response` (see `Problem`)

`SPECS` holds one `EndpointSpec` per catalogue endpoint, in the catalogue's order.  Models'
field names are the wire names (query models included: ``startDate``, ``sortBy``).  To send a
call with a body of one's own, use ``client.request(spec.endpoint, path_params=…, params=…,
body=…)``: it goes through the same digest, hooks, overrides and journal as the typed methods.

The sandbox serves exactly this table (tests/test_specs.py compares them): its handlers take
these body models (or constrained subclasses of them) and answer these response types.  The
docs' examples come from minted/docs_examples.json, which scripts/docs_examples.py makes from
docs/reference, so an installed client has them without the docs.
"""

from __future__ import annotations

import operator
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from minted import _json
from minted import endpoints as ep
from minted import models as m
from minted.endpoints import Endpoint
from minted.models import Page


@dataclass(frozen=True)
class Example:
    """A request example as a docs page shows it (placeholders such as
    ``{{customer_external_id}}`` and ``{% faker … %}`` included)."""

    page: str  # the docs page, as in `Endpoint.docs`
    source: str  # where in docs/reference: "REFERENCE.md §2.11", "ADDENDUM.md §2", "seeds/…"
    truncated: bool  # the capture stopped mid-way; what is here is what was captured
    text: str  # the JSON, money as exact numbers

    @property
    def body(self) -> Any:
        """The example as JSON-ready data (a fresh copy; numbers with a point are Decimal)."""
        return _json.loads(self.text)


Kind = Literal["invalid", "missing", "unknown", "absent", "format"]


@dataclass(frozen=True)
class Problem:
    """One way an answer differs from its model.

    ``kind``: ``invalid`` a value of the wrong type or shape; ``missing`` a required field is
    not there; ``unknown`` a field the model does not declare; ``absent`` an optional field
    the model declares is not there; ``format`` a value read fine but written differently by
    the model (a date in another of the documented shapes, say)."""

    kind: Kind
    where: str  # "data.items[0].price"
    message: str


@dataclass(frozen=True)
class EndpointSpec:
    endpoint: Endpoint
    response: Any
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    client_methods: tuple[str, ...]  # every Client method that calls it; the first is the main
    examples: tuple[Example, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        """The catalogue constant: ``"BASKET_CLEAR"``."""
        return ep.CONSTANT_OF[self.endpoint]

    @property
    def path_params(self) -> tuple[str, ...]:
        return self.endpoint.path_params

    @property
    def client_method(self) -> str:
        return self.client_methods[0]

    @property
    def example(self) -> Any:
        """The first docs example's body (a fresh copy), or None when the docs show none."""
        return self.examples[0].body if self.examples else None

    def method_of(self, client: Any, name: str | None = None) -> Callable[..., Any]:
        """The bound method ``client.<client_method>`` (or ``name``, one of `client_methods`)."""
        return operator.attrgetter(name or self.client_method)(client)

    @cached_property
    def adapter(self) -> TypeAdapter:
        """Validates and dumps ``response`` (``adapter.validate_python(data)``)."""
        return TypeAdapter(self.response)

    def check(self, data: Any) -> list[Problem]:
        """Every way ``data`` (an envelope's ``data``, as JSON-ready data) differs from
        ``response``; [] when it fits exactly."""
        try:
            parsed = self.adapter.validate_python(data)
        except ValidationError as exc:
            return [
                Problem(
                    "missing" if error["type"] == "missing" else "invalid",
                    _where(error["loc"]),
                    error["msg"],
                )
                for error in exc.errors()
            ]
        problems: list[Problem] = []
        written = self.adapter.dump_python(parsed, mode="json", by_alias=True)
        _compare(parsed, data, written, "data", problems)
        return problems


def _where(loc: tuple[Any, ...], start: str = "data") -> str:
    text = start
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _compare(value: Any, raw: Any, written: Any, where: str, problems: list[Problem]) -> None:
    """Walk a validated value beside the data it was read from and what the model writes."""
    if isinstance(value, BaseModel):
        raw = raw if isinstance(raw, dict) else {}
        written = written if isinstance(written, dict) else {}
        for extra in value.model_extra or {}:
            problems.append(Problem("unknown", f"{where}.{extra}", "not in the model"))
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            if key not in raw:
                problems.append(Problem("absent", f"{where}.{key}", "declared, not sent"))
            else:
                inner = f"{where}.{key}"
                _compare(getattr(value, name), raw[key], written.get(key), inner, problems)
    elif isinstance(value, list) and isinstance(raw, list) and isinstance(written, list):
        for i, parts in enumerate(zip(value, raw, written, strict=False)):
            _compare(*parts, f"{where}[{i}]", problems)
    elif (
        isinstance(raw, str)
        and not isinstance(value, str)
        and isinstance(written, str)
        and written != raw
    ):
        problems.append(Problem("format", where, f"{raw!r}; the model writes {written!r}"))


def _load_examples() -> dict[str, list[Example]]:
    text = resources.files("minted").joinpath("docs_examples.json").read_text(encoding="utf-8")
    by_page: dict[str, list[Example]] = {}
    for item in _json.loads(text)["examples"]:
        body = _json.dumps(item["body"])
        example = Example(item["page"], item["source"], item["truncated"], body)
        by_page.setdefault(example.page, []).append(example)
    return by_page


_EXAMPLES = _load_examples()


def _spec(endpoint, response, body, query, *client_methods) -> EndpointSpec:
    examples = tuple(x for page in endpoint.docs for x in _EXAMPLES.get(page, ()))
    return EndpointSpec(endpoint, response, body, query, client_methods, examples)


# fmt: off
SPECS: tuple[EndpointSpec, ...] = (
    # -- price fix, digital buy and sell --------------------------------------------------------
    _spec(ep.PRICE_FIX, m.PriceFix, m.PriceFixRequest, None,
          "price_fix.get", "card_payments.price_fix"),
    _spec(ep.CALCULATE_PRICE, m.CalculatedPrice, m.CalculatePriceRequest, None,
          "price_fix.calculate"),
    _spec(ep.DIGITAL_BUY, m.OrderResponse, m.DigitalBuyRequest, None,
          "b2b.buy", "b2b2c.buy", "card_payments.buy_with_card_token",
          "card_payments.buy_with_card_number"),
    _spec(ep.DIGITAL_SELL, m.OrderResponse, m.DigitalSellRequest, None, "b2b.sell", "b2b2c.sell"),
    # -- card payment and card storage ----------------------------------------------------------
    _spec(ep.PAYMENT_TYPES, list[m.PaymentType], None, None, "card_payments.types"),
    _spec(ep.BIN_QUERY, m.BinInfo, m.BinQueryRequest, None, "card_payments.bin_query"),
    _spec(ep.CARD_STORAGE_LIST, list[m.StoredCard], m.CardStorageListRequest, None,
          "card_storage.list"),
    _spec(ep.CARD_STORAGE_ADD, m.StoredCard, m.CardStorageAdd, None, "card_storage.add"),
    _spec(ep.CARD_STORAGE_DELETE, m.CardDeleted, m.CardStorageDelete, None,
          "card_storage.delete"),
    # -- customers and KYC ----------------------------------------------------------------------
    _spec(ep.CUSTOMER_CREATE, m.Customer, m.CustomerCreate, None,
          "customers.create", "customers.create_business"),
    _spec(ep.CUSTOMER_UPDATE, m.Customer, m.CustomerUpdate, None, "customers.update"),
    _spec(ep.CUSTOMER_REMOVE_ID, m.CustomerRemoved, None, None, "customers.remove_external_id"),
    _spec(ep.CUSTOMER_GET, m.Customer, None, None, "customers.get"),
    _spec(ep.CUSTOMER_ADDRESS_CREATE, m.Address, m.Address, None, "customers.create_address"),
    _spec(ep.CUSTOMER_ADDRESS_CREATE_MULTI, list[m.Address], m.CustomerAddressList, None,
          "customers.create_addresses"),
    _spec(ep.KYC_GET, m.KycRecord, None, None, "kyc.get"),
    _spec(ep.KYC_UPSERT, m.KycRecord, m.KycUpsert, None, "kyc.upsert"),
    _spec(ep.KYC_BULK_UPSERT, list[m.KycBulkResult], m.KycBulkUpsert, None, "kyc.bulk_upsert"),
    # -- balances -------------------------------------------------------------------------------
    _spec(ep.PARTNER_BALANCE, list[m.PartnerBalance], None, None, "balances.partner"),
    _spec(ep.CUSTOMER_BALANCE, list[m.CustomerBalance], None, None, "balances.customer"),
    _spec(ep.CASH_BALANCE_UPDATE, list[m.CustomerBalance], m.CashBalanceUpdate, None,
          "balances.update_cash"),
    _spec(ep.STATS, m.Stats, m.StatsRequest, None, "balances.stats"),
    _spec(ep.CUSTOMER_7D_STATS, m.BalanceStats, None, None, "balances.customer_7d_stats"),
    # -- delivery -------------------------------------------------------------------------------
    _spec(ep.DELIVERY_WALLETS, list[m.DeliveryWallet], m.DeliveryWalletsRequest, None,
          "delivery.wallets"),
    _spec(ep.DELIVERY_CALCULATE, m.DeliveryQuote, m.DeliveryCalculateRequest, None,
          "delivery.calculate"),
    _spec(ep.DELIVERY_CREATE, m.DeliveryOrder, m.DeliveryCreateRequest, None,
          "delivery.create", "delivery.create_with_card"),
    # -- products, orders, legal ----------------------------------------------------------------
    _spec(ep.PRODUCT_PRICES, list[m.ProductPrice], None, m.ProductPricesQuery, "products.prices"),
    _spec(ep.ORDERS, Page[m.Order], None, m.OrderFilters, "orders.list"),
    _spec(ep.ORDER_STATUSES, list[m.OrderStatus], None, None, "orders.statuses"),
    _spec(ep.ORDER_GET, m.Order, None, None, "orders.get", "card_payments.get_order"),
    _spec(ep.ORDER_FIND, m.Order, m.OrderLookup, None, "orders.find"),
    _spec(ep.ORDER_INVOICE, m.Invoice, None, None, "orders.invoice"),
    _spec(ep.PARTNER_LEGAL, m.PartnerLegal, m.PartnerLegalRequest, None, "legal.get"),
    # -- walletable e-commerce ------------------------------------------------------------------
    _spec(ep.WALLETABLE_PRODUCTS, list[m.WalletableProduct], None, m.ProductsQuery,
          "products.list"),
    _spec(ep.CURRENCY_RATES, list[m.CurrencyRate], None, m.CurrencyRatesQuery,
          "currency_rates.list"),
    _spec(ep.RATE_HISTORY, m.RateHistory, None, m.RateHistoryQuery, "currency_rates.history"),
    _spec(ep.BASKET_GET, m.Basket, None, m.BasketQuery, "baskets.get_active"),
    _spec(ep.BASKET_ADD_ITEM, m.Basket, m.BasketItemAdd, None, "baskets.add_item"),
    _spec(ep.BASKET_UPDATE_ITEM, m.Basket, m.BasketItemUpdate, None, "baskets.update_item"),
    _spec(ep.BASKET_DELETE_ITEM, m.Basket, m.BasketItemDelete, None, "baskets.delete_item"),
    _spec(ep.BASKET_CLEAR, m.Basket, m.BasketRef, None, "baskets.clear"),
    _spec(ep.COMPLETE_BUY, m.WalletableOrder, m.BasketRef, None, "complete.buy"),
    _spec(ep.COMPLETE_SELL, m.WalletableOrder, m.BasketRef, None, "complete.sell"),
    _spec(ep.COMPLETE_DELIVERY, m.WalletableOrder, m.CompleteDeliveryRequest, None,
          "complete.delivery"),
    _spec(ep.WALLETABLE_ORDERS, Page[m.WalletableOrder], None, m.OrderFilters,
          "orders.list_walletable"),
    _spec(ep.RECEIPT, m.Receipt, None, None, "orders.receipt"),
    _spec(ep.WALLET_BALANCE, list[m.WalletItem], None, m.WalletQuery, "balances.wallet"),
    _spec(ep.SUMMARY_GET, m.Summary, None, m.SummaryQuery, "summary.get"),
    _spec(ep.SUMMARY_POST, m.Summary, m.SummaryRequest, None, "summary.post"),
    _spec(ep.SUMMARY_BUY, m.WalletableOrder, m.SummaryRequest, None, "summary.buy"),
    _spec(ep.SUMMARY_SELL, m.WalletableOrder, m.SummaryRequest, None, "summary.sell"),
    _spec(ep.SUMMARY_DELIVERY, m.WalletableOrder, m.SummaryRequest, None, "summary.delivery"),
    _spec(ep.IMPORT_QUEUE, m.ImportJob, m.ImportRequest, None, "imports.queue"),
    _spec(ep.IMPORT_STATUS, m.ImportJob, None, None, "imports.status"),
    # -- e-commerce -----------------------------------------------------------------------------
    _spec(ep.ECOM_PRODUCTS, Page[m.EcomProduct], None, m.EcomProductsQuery, "ecom.products"),
    _spec(ep.ECOM_PRODUCT, m.EcomProduct, None, m.EcomProductQuery, "ecom.product"),
    _spec(ep.ECOM_BASKETS, Page[m.WalletableOrder], None, m.IncompleteBasketsQuery,
          "ecom.incomplete_baskets"),
    _spec(ep.ECOM_BASKET_CLEAR, m.WalletableOrder, m.BasketRef, None, "ecom.clear_basket"),
    _spec(ep.ECOM_BASKET_COMPLETE, m.WalletableOrder, m.CompleteBasketRequest, None,
          "ecom.complete_basket"),
    _spec(ep.ECOM_ORDERS, Page[m.WalletableOrder], None, m.OrderFilters, "ecom.orders"),
    _spec(ep.ECOM_ORDER, m.WalletableOrder, m.EcomOrderLookup, None, "ecom.get_order"),
    _spec(ep.ECOM_SET_ADDRESS, m.WalletableOrder, m.SetAddressRequest, None, "ecom.set_address"),
)
# fmt: on

BY_ENDPOINT: dict[Endpoint, EndpointSpec] = {spec.endpoint: spec for spec in SPECS}
SPECS = tuple(BY_ENDPOINT[endpoint] for endpoint in ep.ALL)  # the catalogue's order


def spec_for(endpoint: Endpoint | str) -> EndpointSpec:
    """The spec of a catalogue endpoint, or of one named as `minted.endpoints.find` reads
    (docs name, constant or key).  An overridden endpoint is looked up as its catalogue
    entry: pass the catalogue's (``client.endpoint_overrides`` maps it to the correction)."""
    catalogued = endpoint if isinstance(endpoint, Endpoint) else ep.find(endpoint)
    try:
        return BY_ENDPOINT[catalogued]
    except KeyError:
        raise KeyError(f"{catalogued.key} is not a catalogue endpoint") from None


# The docs' examples are Apidog pages: their bodies hold placeholders.  These are what the
# docs' own faker ones stand for, and the address Cloudflare masked in the captured page.
FAKER = {
    "{% faker name.firstName %}": "Ayşe",
    "{% faker name.lastName %}": "Yılmaz",
    "[email protected]": "ayse.yilmaz@example.com",
}
_FRESH = {  # a new value at each occurrence
    "{% faker datatype.uuid %}": lambda: str(uuid.uuid4()),
    "{% faker internet.email %}": lambda: f"{uuid.uuid4().hex[:12]}@example.com",
    "{% faker random.alphaNumeric %}": lambda: uuid.uuid4().hex[0],
}


def fill_placeholders(
    value: Any, values: Mapping[str, str], literals: Mapping[str, str] | None = None
) -> Any:
    """A docs example with its placeholders filled: ``{{name}}`` from ``values`` (an unknown
    name is left), the faker ones (each uuid, e-mail and character fresh), the masked
    e-mail, and any ``literals`` (a docs-only id → a real one) replaced where they occur."""
    if isinstance(value, dict):
        return {k: fill_placeholders(v, values, literals) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_placeholders(v, values, literals) for v in value]
    if not isinstance(value, str):
        return value
    for placeholder, real in {**FAKER, **(literals or {})}.items():
        value = value.replace(placeholder, real)
    value = re.sub(r"{{\s*(\w+)\s*}}", lambda m: str(values.get(m.group(1), m.group(0))), value)
    for placeholder, fresh in _FRESH.items():
        while placeholder in value:
            value = value.replace(placeholder, fresh(), 1)
    return value
