"""Price fix, digital buy/sell, card payments, stored cards and partner delivery."""

from __future__ import annotations

from minted import endpoints as ep
from minted.models import (
    BinInfo,
    BinQueryRequest,
    CalculatedPrice,
    CalculatePriceRequest,
    CardDeleted,
    CardStorageAdd,
    CardStorageDelete,
    CardStorageListRequest,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryOrder,
    DeliveryQuote,
    DeliveryWallet,
    DeliveryWalletsRequest,
    DigitalBuyRequest,
    DigitalSellRequest,
    OrderResponse,
    PaymentType,
    PriceFix,
    PriceFixRequest,
    StoredCard,
)
from minted.sandbox.routes._common import WorldDep, ok, route
from minted.sandbox.services import trading


@route(ep.PRICE_FIX, PriceFix)
def price_fix(body: PriceFixRequest, world: WorldDep):
    return ok(PriceFix, trading.price_fix(world, body))


@route(ep.CALCULATE_PRICE, CalculatedPrice)
def calculate_price(body: CalculatePriceRequest, world: WorldDep):
    return ok(CalculatedPrice, trading.calculate(world, body.price_token, body.items))


@route(ep.DIGITAL_BUY, OrderResponse)
def digital_buy(body: DigitalBuyRequest, world: WorldDep):
    return ok(OrderResponse, trading.buy(world, body))


@route(ep.DIGITAL_SELL, OrderResponse)
def digital_sell(body: DigitalSellRequest, world: WorldDep):
    return ok(OrderResponse, trading.sell(world, body))


# -- card payments ------------------------------------------------------------------------------
@route(ep.PAYMENT_TYPES, list[PaymentType])
def payment_types():
    return ok(list[PaymentType], trading.payment_types())


@route(ep.BIN_QUERY, BinInfo)
def bin_query(body: BinQueryRequest, world: WorldDep):
    return ok(BinInfo, trading.bin_query(world, body))


@route(ep.CARD_STORAGE_LIST, list[StoredCard])
def card_storage_list(body: CardStorageListRequest, world: WorldDep):
    return ok(list[StoredCard], trading.stored_cards(world, body.customer_external_id))


@route(ep.CARD_STORAGE_ADD, StoredCard)
def card_storage_add(body: CardStorageAdd, world: WorldDep):
    return ok(StoredCard, trading.store_card(world, body))


@route(ep.CARD_STORAGE_DELETE, CardDeleted)
def card_storage_delete(body: CardStorageDelete, world: WorldDep):
    return ok(CardDeleted, trading.delete_card(world, body.customer_external_id, body.card_token))


# -- partner delivery ---------------------------------------------------------------------------
@route(ep.DELIVERY_WALLETS, list[DeliveryWallet])
def delivery_wallets(body: DeliveryWalletsRequest, world: WorldDep):
    return ok(list[DeliveryWallet], trading.delivery_wallets(world, body.customer_external_id))


@route(ep.DELIVERY_CALCULATE, DeliveryQuote)
def delivery_calculate(body: DeliveryCalculateRequest, world: WorldDep):
    return ok(DeliveryQuote, trading.delivery_calculate(world, body))


@route(ep.DELIVERY_CREATE, DeliveryOrder)
def delivery_create(body: DeliveryCreateRequest, world: WorldDep):
    return ok(DeliveryOrder, trading.deliver(world, body))
