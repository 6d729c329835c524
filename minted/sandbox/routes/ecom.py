"""E-Commerce API pages the docs show, served from the same catalogue and baskets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from minted import endpoints as ep
from minted.models import (
    BasketRef,
    CompleteBasketRequest,
    EcomOrderLookup,
    EcomProduct,
    Page,
    SetAddressRequest,
    WalletableOrder,
)
from minted.sandbox.limits import MAX_PAGE
from minted.sandbox.requests import IncompleteQuery, OrderFilters
from minted.sandbox.routes._common import Lang, WorldDep, ok, ok_texts, paginate, route
from minted.sandbox.services import baskets, catalog, orders
from minted.sandbox.services.baskets import Baskets


@route(ep.ECOM_PRODUCTS, Page[EcomProduct])
def ecom_products(
    request: Request,
    world: WorldDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)],
    total: Annotated[int, Query(ge=5, le=100)],
):
    count, data = catalog.ecom_products(world, page, total)
    return ok(Page[EcomProduct], paginate(request, count, page, total, data))


@route(ep.ECOM_PRODUCT, EcomProduct)
def ecom_product(world: WorldDep, sku: str | None = None, id: int | None = None):
    return ok(EcomProduct, catalog.find_ecom_product(world, sku, id))


@route(ep.ECOM_BASKETS, Page[WalletableOrder])
def ecom_baskets(
    request: Request, query: Annotated[IncompleteQuery, Query()], world: WorldDep, lang: Lang
):
    every = baskets.incomplete(world, query.customer_external_id, lang)
    chunk = every[(query.page - 1) * query.total : query.page * query.total]
    return ok(Page[WalletableOrder], paginate(request, len(every), query.page, query.total, chunk))


@route(ep.ECOM_BASKET_CLEAR, WalletableOrder)
def ecom_clear_basket(body: BasketRef, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).clear(body.model_dump(), lang))


@route(ep.ECOM_BASKET_COMPLETE, WalletableOrder)
def ecom_complete_basket(body: CompleteBasketRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("buy", body.model_dump(), lang))


@route(ep.ECOM_ORDERS, Page[WalletableOrder])
def ecom_orders(request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep):
    count, texts = orders.list_walletable_texts(world, filters)
    page = paginate(request, count, filters.page, filters.total, texts)
    return ok_texts(Page[WalletableOrder], page)


@route(ep.ECOM_ORDER, WalletableOrder)
def ecom_order(body: EcomOrderLookup, world: WorldDep, lang: Lang):
    return ok(
        WalletableOrder, Baskets(world).find(body.customer_external_id, body.cart_token, lang)
    )


@route(ep.ECOM_SET_ADDRESS, WalletableOrder)
def ecom_set_address(body: SetAddressRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).set_address(body.to_api(), lang))
