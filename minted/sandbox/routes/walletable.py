"""Walletable e-commerce: products, rates, baskets, complete, receipts, wallet, summaries."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from minted import endpoints as ep
from minted.models import (
    Basket,
    BasketItemAdd,
    BasketItemDelete,
    BasketItemUpdate,
    BasketRef,
    CompleteDeliveryRequest,
    CurrencyRate,
    ImportJob,
    ImportRequest,
    ProductPrice,
    RateHistory,
    Receipt,
    Summary,
    SummaryRequest,
    WalletableOrder,
    WalletableProduct,
    WalletItem,
)
from minted.sandbox.requests import HistoryQuery
from minted.sandbox.routes._common import Lang, WorldDep, ok, route
from minted.sandbox.services import balances, catalog, customers, orders
from minted.sandbox.services.baskets import Baskets, preview


# -- products and rates ---------------------------------------------------------------------------
@route(ep.WALLETABLE_PRODUCTS, list[WalletableProduct])
def products(world: WorldDep, currency_code: str | None = None, metal_type: str | None = None):
    return ok(list[WalletableProduct], catalog.products(world, currency_code, metal_type))


@route(ep.PRODUCT_PRICES, list[ProductPrice])
def product_prices(world: WorldDep, currency: str | None = None):
    return ok(list[ProductPrice], catalog.product_prices(world, currency))


@route(ep.CURRENCY_RATES, list[CurrencyRate])
def currency_rates(world: WorldDep, base_currency: str | None = None):
    """Cash currencies and metal wallets (per gram), in ``base_currency``."""
    return ok(list[CurrencyRate], catalog.currency_rates(world, base_currency))


@route(ep.RATE_HISTORY, RateHistory)
def rate_history(query: Annotated[HistoryQuery, Query()], world: WorldDep):
    return ok(RateHistory, catalog.rate_history(world, query))


# -- baskets ------------------------------------------------------------------------------------
@route(ep.BASKET_GET, Basket)
def get_basket(
    world: WorldDep,
    lang: Lang,
    external_customer_id: Annotated[str, Query(min_length=1)],
    type: Literal["buy", "sell", "delivery"] = "buy",
):
    return ok(Basket, Baskets(world).get_active(external_customer_id, type, lang))


@route(ep.BASKET_ADD_ITEM, Basket)
def add_basket_item(body: BasketItemAdd, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).add_item(body.model_dump(), lang))


@route(ep.BASKET_UPDATE_ITEM, Basket)
def update_basket_item(body: BasketItemUpdate, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).update_item(body.model_dump(), lang))


@route(ep.BASKET_DELETE_ITEM, Basket)
def delete_basket_item(body: BasketItemDelete, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).delete_item(body.model_dump(), lang))


@route(ep.BASKET_CLEAR, Basket)
def clear_basket(body: BasketRef, world: WorldDep, lang: Lang):
    return ok(Basket, Baskets(world).clear(body.model_dump(), lang))


@route(ep.COMPLETE_BUY, WalletableOrder)
def complete_buy(body: BasketRef, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("buy", body.model_dump(), lang))


@route(ep.COMPLETE_SELL, WalletableOrder)
def complete_sell(body: BasketRef, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("sell", body.model_dump(), lang))


@route(ep.COMPLETE_DELIVERY, WalletableOrder)
def complete_delivery(body: CompleteDeliveryRequest, world: WorldDep, lang: Lang):
    payload = body.model_dump(exclude={"address"})
    if body.address:
        payload["address"] = body.address.to_api()
    return ok(WalletableOrder, Baskets(world).complete("delivery", payload, lang))


@route(ep.RECEIPT, Receipt)
def receipt(order_id: str, world: WorldDep):
    return ok(Receipt, orders.receipt(world, order_id))


@route(ep.WALLET_BALANCE, list[WalletItem])
def wallet_balance(
    world: WorldDep,
    external_customer_id: Annotated[str, Query(min_length=1)],
    metal_type: str | None = None,
    is_deliverable: bool | None = None,
):
    items = balances.wallet(world, external_customer_id, metal_type, is_deliverable)
    return ok(list[WalletItem], items)


# -- summaries: holdings, and fee previews that create nothing -----------------------------------
@route(ep.SUMMARY_GET, Summary)
def get_summary(world: WorldDep, external_customer_id: Annotated[str, Query(min_length=1)]):
    return ok(Summary, balances.summary(world, external_customer_id, None))


@route(ep.SUMMARY_POST, Summary)
def post_summary(body: SummaryRequest, world: WorldDep):
    return ok(Summary, balances.summary(world, body.external_customer_id, body.currency_code))


@route(ep.SUMMARY_BUY, WalletableOrder)
def summary_buy(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, preview(world, "buy", body, lang))


@route(ep.SUMMARY_SELL, WalletableOrder)
def summary_sell(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, preview(world, "sell", body, lang))


@route(ep.SUMMARY_DELIVERY, WalletableOrder)
def summary_delivery(body: SummaryRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, preview(world, "delivery", body, lang))


# -- Excel import: rows in, processed at once (the real service queues them) ---------------------
@route(ep.IMPORT_QUEUE, ImportJob)
def import_queue(body: ImportRequest, world: WorldDep):
    return ok(ImportJob, customers.import_rows(world, body.type, body.rows))


@route(ep.IMPORT_STATUS, ImportJob)
def import_status(import_id: str, world: WorldDep):
    return ok(ImportJob, customers.import_status(world, import_id))
