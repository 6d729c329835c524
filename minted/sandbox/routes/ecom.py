"""E-Commerce API pages the docs show, served from the same catalogue and baskets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from pydantic import BaseModel, Field

from minted import endpoints as ep
from minted.models import (
    EcomOrderLookup,
    EcomProduct,
    Page,
    SetAddressRequest,
    WalletableOrder,
)
from minted.sandbox.catalog import PRODUCTS
from minted.sandbox.errors import invalid, not_found
from minted.sandbox.limits import MAX_PAGE
from minted.sandbox.routes._common import Lang, WorldDep, ok, paginate, partner_router, route
from minted.sandbox.routes.orders import OrderFilters, query_orders
from minted.sandbox.routes.walletable import BasketRefBody
from minted.sandbox.store import loads
from minted.sandbox.walletable import Baskets

router = partner_router()


def _ecom_product(world, product) -> dict:
    quote = world.pricing.quote(product, "TRY", world.now())
    return {
        "id": product.product_id,
        "name": product.name,
        "text": f"{product.name} — {product.purity} {product.metal}",
        "barcode": f"MNT{product.sku}",
        "sku": product.sku,
        "stock": 0 if product.digital else 20,
        "currency_code": "TRY",
        "list_price": quote.buy_price,
        "sale_price": quote.buy_price,
        "product_images": list(product.images),
        "basecurrency": {"currency_id": product.currency_id},
        "category": {"id": 1, "name": "Altın" if product.metal == "gold" else product.metal},
    }


@route(router, ep.ECOM_PRODUCTS, Page[EcomProduct])
def ecom_products(
    request: Request,
    world: WorldDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)],
    total: Annotated[int, Query(ge=5, le=100)],
):
    products = list(PRODUCTS.values())
    chunk = products[(page - 1) * total : page * total]
    data = [_ecom_product(world, p) for p in chunk]
    return ok(Page[EcomProduct], paginate(request, len(products), page, total, data))


@route(router, ep.ECOM_PRODUCT, EcomProduct)
def ecom_product(world: WorldDep, sku: str | None = None, id: int | None = None):
    if sku is None and id is None:
        raise invalid("sku", "Give sku or id.")
    product = next(
        (p for p in PRODUCTS.values() if p.sku == sku or (id is not None and p.product_id == id)),
        None,
    )
    if product is None:
        raise not_found(1000, "Product not found")
    return ok(EcomProduct, _ecom_product(world, product))


class IncompleteQuery(BaseModel):
    customer_external_id: str = Field(min_length=1, max_length=110)
    page: int = Field(1, ge=1, le=MAX_PAGE)
    total: int = Field(10, ge=1, le=100)


@route(router, ep.ECOM_BASKETS, Page[WalletableOrder])
def ecom_baskets(
    request: Request, query: Annotated[IncompleteQuery, Query()], world: WorldDep, lang: Lang
):
    customer = world.customer_row(query.customer_external_id)
    rows = world.store.query(
        "SELECT data FROM baskets WHERE customer_id = ? AND status = 'basket' ORDER BY id DESC",
        (customer["id"],),
    )
    baskets = Baskets(world)
    every = [baskets.render(loads(r["data"]), customer, lang) for r in rows]
    chunk = every[(query.page - 1) * query.total : query.page * query.total]
    return ok(Page[WalletableOrder], paginate(request, len(every), query.page, query.total, chunk))


@route(router, ep.ECOM_BASKET_CLEAR, WalletableOrder)
def ecom_clear_basket(body: BasketRefBody, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).clear(body.model_dump(), lang))


class CompleteBasketBody(BasketRefBody):
    payment_type: str | None = None


@route(router, ep.ECOM_BASKET_COMPLETE, WalletableOrder)
def ecom_complete_basket(body: CompleteBasketBody, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).complete("buy", body.model_dump(), lang))


@route(router, ep.ECOM_ORDERS, Page[WalletableOrder])
def ecom_orders(request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep):
    count, rows = query_orders(world, filters, "walletable")
    data = [world.walletable_order(row) for row in rows]
    return ok(Page[WalletableOrder], paginate(request, count, filters.page, filters.total, data))


@route(router, ep.ECOM_ORDER, WalletableOrder)
def ecom_order(body: EcomOrderLookup, world: WorldDep, lang: Lang):
    return ok(
        WalletableOrder, Baskets(world).find(body.customer_external_id, body.cart_token, lang)
    )


@route(router, ep.ECOM_SET_ADDRESS, WalletableOrder)
def ecom_set_address(body: SetAddressRequest, world: WorldDep, lang: Lang):
    return ok(WalletableOrder, Baskets(world).set_address(body.to_api(), lang))
