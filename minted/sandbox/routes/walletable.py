"""Walletable e-commerce: products, rates, baskets, complete, receipts, wallet, summaries."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from minted import endpoints as ep
from minted.models import (
    Address,
    Basket,
    CurrencyRate,
    ImportJob,
    KycUpsert,
    ProductPrice,
    RateHistory,
    Receipt,
    Summary,
    SummaryRequest,
    WalletableOrder,
    WalletableProduct,
    WalletItem,
)
from minted.sandbox.catalog import CURRENCIES, METAL_CURRENCIES, PRODUCTS
from minted.sandbox.errors import SandboxError, invalid, not_found
from minted.sandbox.limits import strip_unknown
from minted.sandbox.requests import CustomerCreateBody
from minted.sandbox.routes._common import Lang, WorldDep, ok, partner_router, route
from minted.sandbox.routes.customers import save_kyc
from minted.sandbox.store import dumps, loads
from minted.sandbox.walletable import Baskets, wallet_items
from minted.sandbox.world import customer_owner, iso
from minted.types import API_TIMEZONE

router = partner_router()
CART_TOKEN = Field(min_length=32, max_length=32, description="The basket's 32-character token")
CUSTOMER = Field(min_length=1, max_length=110)


class BasketAddBody(BaseModel):
    external_customer_id: str = CUSTOMER
    sku: str = Field(min_length=1)
    qty: int = Field(1, ge=1, le=10_000)
    cart_token: str | None = Field(None, min_length=32, max_length=32)
    type: Literal["buy", "sell", "delivery"] = "buy"
    currency_code: str | None = None


class BasketItemBody(BaseModel):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN
    sku: str = Field(min_length=1)


class BasketUpdateBody(BasketItemBody):
    qty: int = Field(ge=0, le=10_000)


class BasketRefBody(BaseModel):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN


class CompleteDeliveryBody(BasketRefBody):
    address: dict[str, Address] | None = None


class ImportBody(BaseModel):
    type: Literal["customers", "kyc"]
    rows: list[dict[str, Any]] = Field(min_length=1, max_length=5000)


# -- products and rates ---------------------------------------------------------------------------
@route(router, ep.WALLETABLE_PRODUCTS, list[WalletableProduct])
def products(
    world: WorldDep,
    currency_code: str | None = None,
    metal_type: str | None = None,
):
    currency = currency_code or world.settings.walletable_currency
    world.check_currency(currency)
    metals = {m.strip() for m in metal_type.split(",")} if metal_type else None
    now = world.now()
    out = []
    for product in PRODUCTS.values():
        if metals and product.metal not in metals:
            continue
        quote = world.pricing.quote(product, currency, now)
        out.append(
            {
                "product_id": product.product_id,
                "sku": product.sku,
                "product_name": product.name,
                "item_currency_id": product.currency_id,
                "item_currency_name": METAL_CURRENCIES[product.currency_id].name,
                "metal_type": product.metal,
                "product_weight": product.weight,
                "purity": product.purity,
                "is_deliverable": not product.digital,
                "is_digital": product.digital,
                "currency_code": currency,
                "buy_price": quote.buy_price,
                "sell_price": quote.sell_price,
                "product_images": list(product.images),
                "prices": [],
            }
        )
    return ok(list[WalletableProduct], out)


@route(router, ep.PRODUCT_PRICES, list[ProductPrice])
def product_prices(world: WorldDep, currency: str | None = None):
    code = currency or world.settings.default_currency
    world.check_currency(code)
    now = world.now()
    prices = []
    for product in PRODUCTS.values():
        quote = world.pricing.quote(product, code, now)
        prices.append(
            {
                "sku": product.sku,
                "currency_id": product.currency_id,
                "product_id": product.product_id,
                "spot_price": quote.spot_price,
                "buy_price": quote.buy_price,
                "sell_price": quote.sell_price,
                "buy_amount": None,
            }
        )
    return ok(list[ProductPrice], prices)


@route(router, ep.CURRENCY_RATES, list[CurrencyRate])
def currency_rates(world: WorldDep, base_currency: str | None = None):
    """Cash currencies and metal wallets (per gram), in ``base_currency``."""
    base = base_currency or world.settings.reporting_currency
    world.check_currency(base)
    now = world.now()
    units = [(code, c.name, c.symbol) for code, c in CURRENCIES.items()]
    units += [(c.code, c.name, "gr") for c in METAL_CURRENCIES.values()]
    rates = []
    for code, name, symbol in units:
        mid = world.unit_rate(code, base, now)
        rates.append(
            {
                "currency_code": code,
                "name": name,
                "symbol": symbol,
                "base_currency": base,
                "buy_rate": (mid * Decimal("1.002")).quantize(Decimal("0.0001")),
                "sell_rate": (mid * Decimal("0.998")).quantize(Decimal("0.0001")),
                "rate": mid,
                "updated_at": iso(now.replace(second=0, microsecond=0)),
            }
        )
    return ok(list[CurrencyRate], rates)


class HistoryQuery(BaseModel):
    currency_code: str
    base_currency: str | None = None
    startDate: datetime | None = None
    endDate: datetime | None = None


@route(router, ep.RATE_HISTORY, RateHistory)
def rate_history(query: Annotated[HistoryQuery, Query()], world: WorldDep):
    base = query.base_currency or world.settings.reporting_currency
    world.check_currency(base)
    world.unit_rate(query.currency_code, base, world.now())  # refuses an unknown code
    # A date or time without an offset is Istanbul time, as everywhere in the API: the client's
    # own history(end_date=date(...)) sends "2026-01-31" (an aware/naive mix was a 500).
    end = min(_aware(query.endDate) if query.endDate else world.now(), world.now())
    start = _aware(query.startDate) if query.startDate else end - timedelta(days=30)
    if start >= end:
        raise invalid("startDate", "startDate must be before endDate.")
    steps = 120
    points = []
    for i in range(steps + 1):
        at = start + (end - start) * i / steps
        mid = world.unit_rate(query.currency_code, base, at)
        points.append({"at": at, "rate": mid})
    return ok(
        RateHistory, {"currency_code": query.currency_code, "base_currency": base, "points": points}
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=API_TIMEZONE)


# -- baskets ------------------------------------------------------------------------------------
@route(router, ep.BASKET_GET, Basket)
def get_basket(
    world: WorldDep,
    lang: Lang,
    external_customer_id: Annotated[str, Query(min_length=1)],
    type: Literal["buy", "sell", "delivery"] = "buy",
):
    return ok(Basket, Baskets(world).get_active(external_customer_id, type, lang))


@route(router, ep.BASKET_ADD_ITEM, Basket)
def add_basket_item(body: BasketAddBody, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).add_item(body.model_dump(), lang))


@route(router, ep.BASKET_UPDATE_ITEM, Basket)
def update_basket_item(body: BasketUpdateBody, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).update_item(body.model_dump(), lang))


@route(router, ep.BASKET_DELETE_ITEM, Basket)
def delete_basket_item(body: BasketItemBody, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).delete_item(body.model_dump(), lang))


@route(router, ep.BASKET_CLEAR, Basket)
def clear_basket(body: BasketRefBody, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).clear(body.model_dump(), lang))


@route(router, ep.COMPLETE_BUY, WalletableOrder)
def complete_buy(body: BasketRefBody, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("buy", body.model_dump(), lang))


@route(router, ep.COMPLETE_SELL, WalletableOrder)
def complete_sell(body: BasketRefBody, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("sell", body.model_dump(), lang))


@route(router, ep.COMPLETE_DELIVERY, WalletableOrder)
def complete_delivery(body: CompleteDeliveryBody, world: WorldDep, lang: Lang):
    payload = body.model_dump(exclude={"address"})
    if body.address:
        payload["address"] = {k: v.to_api() for k, v in body.address.items()}
    return ok(WalletableOrder, Baskets(world).complete("delivery", payload, lang))


@route(router, ep.RECEIPT, Receipt)
def receipt(order_id: str, world: WorldDep):
    row = world.find_order(order_id)
    order = world.walletable_order(row)
    created = datetime.fromisoformat(row["created_at"])
    order.update(
        {
            "receipt_number": f"RCPT-{created.astimezone(API_TIMEZONE):%Y%m%d}-{row['id']:06d}",
            "issued_at": iso(created),
            "receipt_url": None,
        }
    )
    return ok(Receipt, order)


@route(router, ep.WALLET_BALANCE, list[WalletItem])
def wallet_balance(
    world: WorldDep,
    external_customer_id: Annotated[str, Query(min_length=1)],
    metal_type: str | None = None,
    is_deliverable: bool | None = None,
):
    metals = {m.strip() for m in metal_type.split(",") if m.strip()} if metal_type else None
    items = wallet_items(world, external_customer_id, metals, is_deliverable)
    return ok(list[WalletItem], items)


# -- summaries: holdings, and fee previews that create nothing -----------------------------------
def _summary(world, external_customer_id: str, currency: str | None) -> dict:
    customer = world.customer_row(external_customer_id)
    currency = currency or world.settings.walletable_currency
    world.check_currency(currency)
    items = wallet_items(world, external_customer_id, None, None)
    held = world.store.balances(customer_owner(customer["id"]))
    holdings = [
        {
            "sku": i["sku"],
            "product_name": i["productName"],
            "amount": i["amount"],
            "weight": i["weight"],
            "value": i["value"],
        }
        for i in items
    ]
    cash = {code: held[code] for code in CURRENCIES if code in held}
    return {
        "external_customer_id": external_customer_id,
        "currency_code": currency,
        "holdings": holdings,
        "cash": cash,
        "total_value": sum((h["value"] for h in holdings), Decimal(0)),
        "as_of": iso(world.now()),
    }


@route(router, ep.SUMMARY_GET, Summary)
def get_summary(world: WorldDep, external_customer_id: Annotated[str, Query(min_length=1)]):
    return ok(Summary, _summary(world, external_customer_id, None))


@route(router, ep.SUMMARY_POST, Summary)
def post_summary(body: SummaryRequest, world: WorldDep):
    if not body.external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
    return ok(Summary, _summary(world, body.external_customer_id, body.currency_code))


def _preview(world, side: str, body: SummaryRequest, lang: str) -> dict:
    """A basket's answer for these items, without a basket: nothing is stored."""
    if not body.external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
    with world.store.transaction() as db:
        baskets = Baskets(world)
        customer = world.customer_row(body.external_customer_id)
        basket = baskets._new_basket(customer, side, body.currency_code)
        for item in body.items:
            product = PRODUCTS.get(item.sku)
            if product is None or product.digital:
                raise invalid("items", f"{item.sku!r} is not a walletable product")
            basket["items"][item.sku] = int(item.qty)
        preview = baskets.render(basket, customer, lang)
        db.execute("DELETE FROM baskets WHERE token = ?", (basket["token"],))
        return preview


@route(router, ep.SUMMARY_BUY, WalletableOrder)
def summary_buy(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, _preview(world, "buy", body, lang))


@route(router, ep.SUMMARY_SELL, WalletableOrder)
def summary_sell(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, _preview(world, "sell", body, lang))


@route(router, ep.SUMMARY_DELIVERY, WalletableOrder)
def summary_delivery(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, _preview(world, "delivery", body, lang))


# -- Excel import: rows in, processed at once (the real service queues them) ---------------------
@route(router, ep.IMPORT_QUEUE, ImportJob)
def import_queue(body: ImportBody, world: WorldDep):
    errors, processed = [], 0
    for index, row in enumerate(body.rows):
        try:
            if body.type == "customers":
                # Create Customer's rules, and only its fields (a row is a body of its own).
                customer = CustomerCreateBody.model_validate(row)
                strip_unknown(customer)
                world.create_customer(customer.to_api())
            else:
                save_kyc(world, KycUpsert.model_validate(row))
            processed += 1
        except (SandboxError, ValueError) as error:
            errors.append({"row": index + 1, "message": str(error)[:300]})
    job = {
        "id": secrets.token_hex(8),
        "status": "completed" if not errors else "completed_with_errors",
        "total_rows": len(body.rows),
        "processed_rows": processed,
        "failed_rows": len(errors),
        "errors": errors,
        "created_at": iso(world.now()),
    }
    world.store.execute("INSERT INTO imports (id, data) VALUES (?, ?)", (job["id"], dumps(job)))
    return ok(ImportJob, job)


@route(router, ep.IMPORT_STATUS, ImportJob)
def import_status(import_id: str, world: WorldDep):
    row = world.store.one("SELECT data FROM imports WHERE id = ?", (import_id,))
    if row is None:
        raise not_found(1000, f"Import {import_id!r} not found")
    return ok(ImportJob, loads(row["data"]))
