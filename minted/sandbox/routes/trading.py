"""Price fix, digital buy/sell, card payments, stored cards and partner delivery."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from pydantic import BaseModel, Field

from minted import endpoints as ep
from minted.fees import cents
from minted.models import (
    BinInfo,
    BinQueryRequest,
    CalculatedPrice,
    CalculatePriceRequest,
    CardStorageAdd,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryQuote,
    DeliveryWallet,
    DigitalBuyRequest,
    DigitalSellRequest,
    Order,
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
from minted.sandbox.world import PARTNER, customer_owner, product_or_error, stamp

router = partner_router()

# Partner delivery charge (assumed): shipping plus insurance on the metal's value.
SHIPPING_TRY = Decimal("49.90")
INSURANCE_RATE = Decimal("0.0035")


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


BANKS = {
    "4": ("visa", "Ziraat Bankası"),
    "5": ("mastercard", "Garanti BBVA"),
    "9": ("troy", "İş Bankası"),
}


@route(router, ep.BIN_QUERY, BinInfo)
def bin_query(body: BinQueryRequest, world: WorldDep):
    if len(body.bin) != 6 or not body.bin.isdigit():
        raise invalid("bin", "The bin must be exactly 6 digits.")
    if body.amount <= 0:
        raise invalid("amount", "The amount must be greater than 0.")
    brand, bank = BANKS.get(body.bin[0], ("visa", "Sandbox Bank"))
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


@route(router, ep.CARD_PAYMENT_ORDER, Order)
def card_payment_order(order_id: str, world: WorldDep):
    return ok(Order, world.schema_order(world.find_order(order_id)))


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
        "masked_pan": pan[:6] + "*" * (len(pan) - 10) + pan[-4:],
        "card_holder_name": body.card_holder_name,
        "card_expire_month": body.card_expire_month,
        "card_expire_year": body.card_expire_year,
        "card_brand": BANKS.get(pan[0], ("visa", ""))[0],
        "bank_name": BANKS.get(pan[0], ("", "Sandbox Bank"))[1],
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


def _delivery_quote(world, sku: str, amount: Decimal, currency: str = "TRY") -> dict:
    product = product_or_error(sku, digital=True)
    if amount <= 0 or amount != amount.to_integral_value():
        raise invalid("amount", "Delivery is in whole grams: the amount must be 1 or more.")
    quote = world.pricing.quote(product, currency, world.now())
    value = quote.sell_price * amount
    shipping = cents(SHIPPING_TRY * world.pricing.rate("TRY", currency, world.now()))
    insurance = cents(value * INSURANCE_RATE)
    total = shipping + insurance
    return {
        "sku": sku,
        "amount": amount,
        "delivery_cost": shipping,
        "insurance_price": insurance,
        "tax": Decimal(0),
        "total": total,
        "currency_code": currency,
    }


@route(router, ep.DELIVERY_CALCULATE, DeliveryQuote)
def delivery_calculate(body: DeliveryCalculateRequest, world: WorldDep):
    world.customer_row(body.customer_external_id)
    return ok(DeliveryQuote, _delivery_quote(world, body.sku, body.amount))


@route(router, ep.DELIVERY_CREATE, Order)
def delivery_create(body: DeliveryCreateRequest, world: WorldDep):
    with world.store.transaction() as db:
        repeat = world.store.one(
            "SELECT data FROM idempotency WHERE scope = 'delivery' AND key = ?", (body.external_id,)
        )
        if repeat is not None:
            return ok(Order, world.schema_order(world.find_order(loads(repeat["data"])["guid"])))
        customer = world.customer_row(body.customer.external_id)
        if body.address.shipping is None:
            raise invalid("address.shipping", "The shipping address is required.")
        quote = _delivery_quote(world, body.sku, body.amount)
        product = PRODUCTS[body.sku]
        now = world.now()
        ids = world.new_order_ids()
        metal = METAL_CURRENCIES[product.currency_id].code
        world.take_metal(customer_owner(customer["id"]), metal, body.amount, ids["guid"], now)
        if body.payment_type != "creditcard":
            world.move(PARTNER, quote["currency_code"], -quote["total"], ids["guid"], now)
        order = {
            **ids,
            "id": int(ids["increment_id"]) % 100000,
            "external_id": body.external_id,
            "channel": "partner",
            "tx_type": "delivery",
            "type": "Delivery",
            "price_token": None,
            "price": quote["total"],
            "tax": Decimal(0),
            "total": quote["total"],
            "payment_cost": Decimal(0),
            "currency_rate": Decimal(1),
            "currency_total": quote["total"],
            "currency_code": quote["currency_code"],
            "payment_type": "credit-card" if body.payment_type == "creditcard" else "cash",
            "order_at": now,
            "created_at": stamp(now),
            "items": [
                {
                    "item_currency_id": product.currency_id,
                    "item_currency_name": METAL_CURRENCIES[product.currency_id].name,
                    "product_id": product.product_id,
                    "sku": product.sku,
                    "product_name": product.name,
                    "product_weight": product.weight,
                    "spot_price": Decimal(0),
                    "price": Decimal(0),
                    "tax_rate": Decimal(0),
                    "tax": Decimal(0),
                    "amount": body.amount,
                    "total": quote["total"],
                }
            ],
            "customer": world.order_customer(customer),
            "address": body.address.to_api(),
            "delivery": {
                "cargo_tracking_url": None,
                "cargo_tracking_number": None,
                "estimated_arrival_date": (now + timedelta(days=4)).date().isoformat(),
            },
            "description": f"{body.amount.normalize():f}gr - #{product.sku}",
        }
        world.insert_order(
            order, channel="partner", tx_type="delivery", customer_ext=customer["external_id"]
        )
        db.execute(
            "INSERT INTO idempotency (scope, key, data) VALUES ('delivery', ?, ?)",
            (body.external_id, dumps({"guid": ids["guid"]})),
        )
        return ok(Order, world.schema_order(world.find_order(ids["guid"])))
