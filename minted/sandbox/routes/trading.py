"""Price fix, digital buy/sell, card payments, stored cards and partner delivery."""

from __future__ import annotations

import secrets
from decimal import Decimal

from pydantic import BaseModel, Field

from minted import endpoints as ep
from minted.models import (
    BinInfo,
    BinQueryRequest,
    CalculatedPrice,
    CalculatePriceRequest,
    CardStorageAdd,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryOrder,
    DeliveryQuote,
    DeliveryWallet,
    DigitalBuyRequest,
    DigitalSellRequest,
    OrderResponse,
    PaymentType,
    PriceFix,
    PriceFixRequest,
    StoredCard,
)
from minted.sandbox import trading
from minted.sandbox.catalog import DIGITAL_SKUS, METAL_CURRENCIES, PRODUCTS
from minted.sandbox.errors import invalid, not_found
from minted.sandbox.pricing import money
from minted.sandbox.routes._common import WorldDep, ok, partner_router, route
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import customer_owner

router = partner_router()


class CustomerRef(BaseModel):
    customer_external_id: str = Field(min_length=1)


class CardRef(BaseModel):
    customer_external_id: str = Field(min_length=1)
    card_token: str = Field(min_length=1)


class Deleted(BaseModel):
    deleted: bool


@route(router, ep.PRICE_FIX, PriceFix)
def price_fix(body: PriceFixRequest, world: WorldDep):
    if body.type != "digital":
        raise invalid("type", "The selected type is invalid. Allowed: digital")
    if body.total is not None and body.total <= 0:
        raise invalid("total", "The total must be greater than 0.")
    currency = body.currency or world.settings.default_currency
    fix = world.fix_prices(
        currency,
        customer_external_id=body.customer_external_id,
        total=body.total,
        purpose=body.payment_type or "digital",
    )
    return ok(PriceFix, fix)


@route(router, ep.CALCULATE_PRICE, CalculatedPrice)
def calculate_price(body: CalculatePriceRequest, world: WorldDep):
    return ok(CalculatedPrice, trading.calculate(world, body.price_token, body.items))


@route(router, ep.DIGITAL_BUY, OrderResponse)
def digital_buy(body: DigitalBuyRequest, world: WorldDep):
    return ok(OrderResponse, trading.buy(world, body))


@route(router, ep.DIGITAL_SELL, OrderResponse)
def digital_sell(body: DigitalSellRequest, world: WorldDep):
    return ok(OrderResponse, trading.sell(world, body))


# -- card payments ------------------------------------------------------------------------------
PAYMENT_TYPES = [
    {"id": 1, "code": "cash", "name": "Partner cash balance"},
    {"id": 2, "code": "creditcard", "name": "Credit / debit card (Sipay)"},
]


@route(router, ep.PAYMENT_TYPES, list[PaymentType])
def payment_types():
    return ok(list[PaymentType], PAYMENT_TYPES)


@route(router, ep.BIN_QUERY, BinInfo)
def bin_query(body: BinQueryRequest, world: WorldDep):
    if len(body.bin) != 6 or not body.bin.isdigit():
        raise invalid("bin", "The bin must be exactly 6 digits.")
    if body.amount <= 0:
        raise invalid("amount", "The amount must be greater than 0.")
    brand, bank = trading.BANKS.get(body.bin[0], ("visa", "Sandbox Bank"))
    base = world.rates.card_commission_rate
    installments = []
    for count, extra in (
        (1, Decimal(0)),
        (3, Decimal("1.9")),
        (6, Decimal("3.9")),
        (9, Decimal("5.9")),
    ):
        rate = base + extra
        commission = money(body.amount * rate / 100)
        installments.append(
            {
                "installment": count,
                "commission_rate": rate,
                "commission": commission,
                "total": body.amount + commission,
            }
        )
    return ok(
        BinInfo,
        {
            "bin": body.bin,
            "card_type": "credit",
            "card_brand": brand,
            "bank_name": bank,
            "installments": installments,
        },
    )


@route(router, ep.CARD_STORAGE_LIST, list[StoredCard])
def card_storage_list(body: CustomerRef, world: WorldDep):
    world.customer_row(body.customer_external_id)
    rows = world.store.query(
        "SELECT data FROM cards WHERE customer_external_id = ? ORDER BY rowid",
        (body.customer_external_id,),
    )
    return ok(list[StoredCard], [_public_card(loads(r["data"])) for r in rows])


def _public_card(card: dict) -> dict:
    return {k: v for k, v in card.items() if k != "card_number"}


@route(router, ep.CARD_STORAGE_ADD, StoredCard)
def card_storage_add(body: CardStorageAdd, world: WorldDep):
    world.customer_row(body.customer_external_id)
    pan = "".join(ch for ch in body.card_number if ch.isdigit())
    if not trading._luhn_ok(pan):
        raise invalid("card_number", "The card number is invalid.")
    card = {
        "card_token": "card_" + secrets.token_hex(12),
        "masked_pan": trading.masked(pan),
        "card_holder_name": body.card_holder_name,
        "card_expire_month": body.card_expire_month,
        "card_expire_year": body.card_expire_year,
        "card_brand": trading.BANKS.get(pan[0], ("visa", ""))[0],
        "bank_name": trading.BANKS.get(pan[0], ("", "Sandbox Bank"))[1],
        "alias": body.alias,
        # Kept only so the sandbox can decline test cards; never returned.
        "card_number": pan,
    }
    world.store.execute(
        "INSERT INTO cards (card_token, customer_external_id, data) VALUES (?, ?, ?)",
        (card["card_token"], body.customer_external_id, dumps(card)),
    )
    return ok(StoredCard, _public_card(card))


@route(router, ep.CARD_STORAGE_DELETE, Deleted)
def card_storage_delete(body: CardRef, world: WorldDep):
    cursor = world.store.execute(
        "DELETE FROM cards WHERE card_token = ? AND customer_external_id = ?",
        (body.card_token, body.customer_external_id),
    )
    if cursor.rowcount == 0:
        raise not_found(7002, "Stored card not found")
    return ok(Deleted, {"deleted": True})


# -- partner delivery ---------------------------------------------------------------------------
@route(router, ep.DELIVERY_WALLETS, list[DeliveryWallet])
def delivery_wallets(body: CustomerRef, world: WorldDep):
    customer = world.customer_row(body.customer_external_id)
    held = world.store.balances(customer_owner(customer["id"]))
    wallets = []
    for sku in DIGITAL_SKUS:
        product = PRODUCTS[sku]
        balance = held.get(METAL_CURRENCIES[product.currency_id].code, Decimal(0))
        if balance <= 0:
            continue
        wallets.append(
            {
                "sku": sku,
                "product_name": product.name,
                "balance": balance,
                "deliverable_amount": balance.to_integral_value(rounding="ROUND_DOWN"),
                "min_amount": Decimal(1),
                "step": Decimal(1),
            }
        )
    return ok(list[DeliveryWallet], wallets)


@route(router, ep.DELIVERY_CALCULATE, DeliveryQuote)
def delivery_calculate(body: DeliveryCalculateRequest, world: WorldDep):
    world.customer_row(body.customer_external_id)
    return ok(DeliveryQuote, trading.delivery_quote(world, body.sku, body.amount))


@route(router, ep.DELIVERY_CREATE, DeliveryOrder)
def delivery_create(body: DeliveryCreateRequest, world: WorldDep):
    return ok(DeliveryOrder, trading.deliver(world, body))
