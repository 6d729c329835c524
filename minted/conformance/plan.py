"""The calls a drift report makes: every endpoint that reads, with safe inputs, in an order
where each finds its ids in the answers before it (a customer from the order list, an order
from it, a product from the catalogue, a basket from the incomplete baskets…).

Only reads are here (GETs, and POSTs the catalogue marks ``reads_only``: quotes, lookups,
previews); `minted.conformance.run` refuses anything else before it is sent, whatever this
table says.  An endpoint whose input no read can give (Import Status needs an import that only
Import Queue, a write, makes) is skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from minted import endpoints as ep
from minted.endpoints import Endpoint
from minted.types import API_TIMEZONE

W_ORDERS = "Walletable › Get Orders"


class Skip(Exception):
    """No safe input for this call: the message says why."""


@dataclass
class Inputs:
    """What one call sends: path parameters, query and body."""

    path_params: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None


Context = dict[str, Any]  # what earlier answers gave: "customer", "order", "sku", …
Prepare = Callable[[Context], Inputs]
Learn = Callable[[Context, Any], None]


@dataclass(frozen=True)
class Step:
    endpoint: Endpoint
    prepare: Prepare
    learn: Learn | None = None


def _need(context: Context, key: str, source: str) -> Any:
    value = context.get(key)
    if value in (None, "", [], {}):
        raise Skip(f"no {key.replace('_', ' ')} to use: {source} gave none")
    return value


def _none(context: Context) -> Inputs:
    return Inputs()


def _rows(data: Any) -> list[dict]:
    """The rows of a list or of a page's ``data``, objects only."""
    rows = data.get("data") if isinstance(data, Mapping) else data
    return [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []


def _customer_of(row: Mapping) -> str | None:
    customer = row.get("customer")
    return customer.get("external_id") if isinstance(customer, Mapping) else None


def _first(rows: list[dict], test: Callable[[dict], Any]) -> dict | None:
    return next((row for row in rows if test(row)), None)


# -- what each answer teaches ---------------------------------------------------------------------
def _learn_products(context: Context, data: Any) -> None:
    rows = _rows(data)
    bar = _first(rows, lambda r: r.get("is_deliverable") and r.get("sku"))
    context.setdefault("walletable_sku", bar["sku"] if bar else None)


def _learn_rates(context: Context, data: Any) -> None:
    rate = _first(_rows(data), lambda r: r.get("currency_code"))
    context["currency"] = rate["currency_code"] if rate else None


def _learn_orders(context: Context, data: Any) -> None:
    order = _first(_rows(data), lambda r: r.get("guid") and _customer_of(r))
    order = order or _first(_rows(data), lambda r: r.get("guid"))
    context["order"] = order
    if order and _customer_of(order):
        context["customer"] = _customer_of(order)


def _learn_price_fix(context: Context, data: Any) -> None:
    if isinstance(data, Mapping):
        context["price_token"] = data.get("token")
        price = _first(_rows(data.get("prices")), lambda r: r.get("sku"))
        context["price_sku"] = price["sku"] if price else None


def _learn_walletable_orders(context: Context, data: Any) -> None:
    order = _first(_rows(data), lambda r: r.get("guid") and _customer_of(r))
    context["walletable_order"] = order
    if order:
        context["walletable_customer"] = _customer_of(order)


def _learn_wallet(context: Context, data: Any) -> None:
    held = _first(_rows(data), lambda r: r.get("isDeliverable") and r.get("sku"))
    if held:  # a product the customer holds: a sell or delivery preview can take it
        context["walletable_sku"] = held["sku"]


def _learn_delivery_wallets(context: Context, data: Any) -> None:
    context["delivery_wallet"] = _first(_rows(data), lambda r: r.get("sku"))


def _learn_ecom_products(context: Context, data: Any) -> None:
    product = _first(_rows(data), lambda r: r.get("sku"))
    context["ecom_sku"] = product["sku"] if product else None


def _learn_ecom_orders(context: Context, data: Any) -> None:
    context["ecom_order"] = _first(_rows(data), lambda r: r.get("token") and _customer_of(r))


def _learn_baskets(context: Context, data: Any) -> None:
    context["basket"] = _first(_rows(data), lambda r: r.get("guid") or r.get("token"))


# -- what each call sends -------------------------------------------------------------------------
def _page(context: Context) -> Inputs:
    return Inputs(params={"page": 1, "total": 10})


def _order_id(context: Context) -> Inputs:
    order = _need(context, "order", "Get Orders")
    return Inputs(path_params={"external_order_id": order.get("external_id") or order["guid"]})


def _customer_path(name: str) -> Prepare:
    def prepare(context: Context) -> Inputs:
        return Inputs(path_params={name: _need(context, "customer", "Get Orders")})

    return prepare


def _customer_body(context: Context) -> Inputs:
    return Inputs(body={"customer_external_id": _need(context, "customer", "Get Orders")})


def _walletable_customer(context: Context) -> str:
    return _need(context, "walletable_customer", W_ORDERS)


def _summary_items(context: Context) -> Inputs:
    sku = _need(context, "walletable_sku", "Balance / Wallet and Get Products")
    return Inputs(
        body={
            "external_customer_id": _walletable_customer(context),
            "items": [{"sku": sku, "qty": 1}],
        }
    )


def _stats(context: Context) -> Inputs:
    today = datetime.now(API_TIMEZONE).date()
    start = today - timedelta(days=7)
    return Inputs(body={"start_date": start.isoformat(), "end_date": today.isoformat()})


def _calculate(context: Context) -> Inputs:
    token = _need(context, "price_token", "Price Fix")
    sku = _need(context, "price_sku", "Price Fix")
    return Inputs(body={"price_token": token, "items": [{"sku": sku, "amount": 1}]})


def _delivery_calculate(context: Context) -> Inputs:
    wallet = _need(context, "delivery_wallet", "Delivery – List Wallets")
    amount = wallet.get("min_amount") or 1
    customer = _need(context, "customer", "Get Orders")
    return Inputs(body={"customer_external_id": customer, "sku": wallet["sku"], "amount": amount})


def _ecom_order(context: Context) -> Inputs:
    order = _need(context, "ecom_order", "E-Com › Get Orders")
    return Inputs(body={"customer_external_id": _customer_of(order), "cart_token": order["token"]})


def _ecom_baskets(context: Context) -> Inputs:
    order = context.get("ecom_order")
    customer = (_customer_of(order) if order else None) or _walletable_customer(context)
    context["basket_customer"] = customer
    return Inputs(params={"customer_external_id": customer, "page": 1, "total": 10})


def _basket(context: Context) -> Inputs:
    basket = context.get("basket")
    customer = (_customer_of(basket) if basket else None) or context.get("basket_customer")
    if not basket or not customer:
        raise Skip(
            "no open basket to read: Get Incomplete Baskets listed none, and opening one "
            "would be a write"
        )
    side = basket.get("tx_type") if basket.get("tx_type") in ("buy", "sell", "delivery") else None
    params = {"external_customer_id": customer}
    return Inputs(params=params | ({"type": side} if side else {}))


def _import_status(context: Context) -> Inputs:
    raise Skip("needs an import id, which only Import Queue (a write) makes")


STEPS: tuple[Step, ...] = (
    Step(ep.ORDER_STATUSES, _none),
    Step(ep.PAYMENT_TYPES, _none),
    Step(ep.PARTNER_BALANCE, _none),
    Step(ep.PRODUCT_PRICES, _none),
    Step(ep.WALLETABLE_PRODUCTS, _none, _learn_products),
    Step(ep.CURRENCY_RATES, _none, _learn_rates),
    Step(
        ep.RATE_HISTORY,
        lambda c: Inputs(params={"currency_code": _need(c, "currency", "Currency Rates")}),
    ),
    Step(ep.ORDERS, _page, _learn_orders),
    Step(ep.ORDER_GET, _order_id),
    Step(ep.ORDER_INVOICE, _order_id),
    Step(ep.ORDER_FIND, lambda c: Inputs(body={"guid": _need(c, "order", "Get Orders")["guid"]})),
    Step(ep.CUSTOMER_GET, _customer_path("external_id")),
    Step(ep.KYC_GET, _customer_path("external_id")),
    Step(ep.CUSTOMER_BALANCE, _customer_path("customer_external_id")),
    Step(ep.CUSTOMER_7D_STATS, _customer_path("customer_external_id")),
    Step(ep.CARD_STORAGE_LIST, _customer_body),
    Step(ep.STATS, _stats),
    Step(ep.PARTNER_LEGAL, lambda c: Inputs(body={"type": "kvkk"})),
    Step(ep.PRICE_FIX, lambda c: Inputs(body={"type": "digital"}), _learn_price_fix),
    Step(ep.CALCULATE_PRICE, _calculate),
    Step(ep.BIN_QUERY, lambda c: Inputs(body={"bin": "411111", "amount": 100})),
    Step(ep.DELIVERY_WALLETS, _customer_body, _learn_delivery_wallets),
    Step(ep.DELIVERY_CALCULATE, _delivery_calculate),
    Step(ep.WALLETABLE_ORDERS, _page, _learn_walletable_orders),
    Step(
        ep.RECEIPT,
        lambda c: Inputs(path_params={"order_id": _need(c, "walletable_order", W_ORDERS)["guid"]}),
    ),
    Step(
        ep.WALLET_BALANCE,
        lambda c: Inputs(params={"external_customer_id": _walletable_customer(c)}),
        _learn_wallet,
    ),
    Step(
        ep.SUMMARY_GET, lambda c: Inputs(params={"external_customer_id": _walletable_customer(c)})
    ),
    Step(ep.SUMMARY_POST, lambda c: Inputs(body={"external_customer_id": _walletable_customer(c)})),
    Step(ep.SUMMARY_BUY, _summary_items),
    Step(ep.SUMMARY_SELL, _summary_items),
    Step(ep.SUMMARY_DELIVERY, _summary_items),
    Step(ep.ECOM_PRODUCTS, _page, _learn_ecom_products),
    Step(
        ep.ECOM_PRODUCT,
        lambda c: Inputs(params={"sku": _need(c, "ecom_sku", "E-Com › Products")}),
    ),
    Step(ep.ECOM_ORDERS, _page, _learn_ecom_orders),
    Step(ep.ECOM_ORDER, _ecom_order),
    Step(ep.ECOM_BASKETS, _ecom_baskets, _learn_baskets),
    Step(ep.BASKET_GET, _basket),
    Step(ep.IMPORT_STATUS, _import_status),
)
