"""Partner digital buy and sell against a price token (B2B and B2B2C, cash or card), and
Delivery - Create: the partner orders that an ``external_id`` names."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from minted.fees import cents
from minted.models import (
    BinQueryRequest,
    CardStorageAdd,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryOrder,
    DigitalBuyRequest,
    DigitalSellRequest,
    OrderCustomer,
    OrderResponse,
    PriceFixRequest,
)
from minted.sandbox.catalog import DIGITAL_SKUS, METAL_CURRENCIES, PRODUCTS, Product
from minted.sandbox.errors import SandboxError, invalid, not_found, refused
from minted.sandbox.limits import MAX_ITEMS
from minted.sandbox.pricing import money
from minted.sandbox.services import render
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import (
    CENT,
    PARTNER,
    World,
    check_external_id,
    customer_owner,
    product_or_error,
    stamp,
    token,
)

DECLINED_CARDS = {"4000000000000002", "4000000000009995"}  # Sipay-style test declines
NEW_CUSTOMER_FIELDS = ("identity_number", "firstname", "lastname", "email", "phone")


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    if len(digits) < 12:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _customer_for_order(world: World, customer: OrderCustomer) -> dict:
    """An existing customer, or a new one when the order carries what creating one needs
    (the external-id rule of Create Customer holds here too)."""
    check_external_id(customer.external_id, "customer.external_id")
    try:
        return world.customer_row(customer.external_id)
    except SandboxError:
        pass
    fields = customer.to_api()
    missing = [f for f in NEW_CUSTOMER_FIELDS if not fields.get(f)]
    if missing:
        raise SandboxError(
            422,
            1002,
            "New customer: the customer fields are required",
            {f"customer.{f}": [f"The customer.{f} field is required."] for f in missing},
        )
    world.create_customer(fields, field="customer.external_id")
    return world.customer_row(customer.external_id)


def _product_of(item, index: int) -> Product:
    """A line's product by ``sku`` or by ``product_id`` (the docs' Buy (Silver) B2B example
    names products by id); when both are sent they must agree."""
    by_id = None
    if item.product_id is not None:
        by_id = next(
            (p for p in PRODUCTS.values() if str(p.product_id) == str(item.product_id).strip()),
            None,
        )
        if by_id is None or not by_id.digital:
            allowed = ", ".join(str(PRODUCTS[s].product_id) for s in DIGITAL_SKUS)
            raise invalid(
                f"items.{index}.product_id",
                f"The selected product_id {item.product_id!r} is invalid. Allowed: {allowed}",
            )
        if item.sku is None:
            return by_id
    product = product_or_error(item.sku, field=f"items.{index}.sku", digital=True)
    if by_id is not None and by_id is not product:
        raise invalid(f"items.{index}.product_id", "The product_id and the sku name two products.")
    return product


# The sandbox's card world: the first digit names the scheme and the issuing bank.
BANKS = {
    "4": ("visa", "Ziraat Bankası"),
    "5": ("mastercard", "Garanti BBVA"),
    "9": ("troy", "İş Bankası"),
}


def masked(pan: str) -> str:
    return pan[:6] + "*" * (len(pan) - 10) + pan[-4:]


def _payment(world: World, request: DigitalBuyRequest, amount: Decimal) -> dict | None:
    if request.payment_type != "creditcard":
        return None
    if request.payment is None:
        raise invalid("payment", "The payment field is required when payment_type is creditcard.")
    fields = request.payment.to_api()
    if "card_token" in fields:
        row = world.store.one(
            "SELECT data FROM cards WHERE card_token = ?", (fields["card_token"],)
        )
        if row is None:
            raise SandboxError(404, 7002, "Stored card not found")
        card = loads(row["data"])
        pan, holder = card["card_number"], card.get("card_holder_name")
        expiry = f"{card.get('card_expire_month')}/{str(card.get('card_expire_year'))[-2:]}"
    else:
        pan = "".join(ch for ch in fields.get("card_number", "") if ch.isdigit())
        holder = fields.get("card_holder_name")
        expiry = f"{fields.get('card_expire_month')}/{str(fields.get('card_expire_year'))[-2:]}"
        if not _luhn_ok(pan):
            raise invalid("payment.card_number", "The card number is invalid.")
    if pan in DECLINED_CARDS:
        raise refused(7001, "Card declined by the bank (Sipay code 41)")
    commission = money(amount * world.rates.card_commission_rate / 100)
    # The Order Payment object of the Order Schema (ADDENDUM §6.1); the card is masked and
    # its CVV never kept.  No 3-D Secure in the sandbox: the bank answers at once.
    return {
        "state": "paid",
        "redirect_url": None,
        "token": None,
        "is_3d": False,
        "auth_mode": "sale",
        "amount": amount,
        "comission": commission,
        "total": amount + commission,
        "installment": fields.get("installment") or 1,
        "details": {
            "card_holder": holder,
            "card_number": masked(pan),
            "card_expiry": expiry,
            "card_association": BANKS.get(pan[:1], ("visa", ""))[0],
            "customer_ip": fields.get("customer_ip"),
        },
    }


def buy(world: World, request: DigitalBuyRequest) -> OrderResponse:
    return _trade(world, request, "buy")


def sell(world: World, request: DigitalSellRequest) -> OrderResponse:
    return _trade(world, request, "sell")


def _trade(
    world: World, request: DigitalBuyRequest | DigitalSellRequest, side: str
) -> OrderResponse:
    if not request.external_id:
        raise invalid("external_id", "The external id field is required.")
    if not request.items:
        raise invalid("items", "The items field is required.")
    # Each line is an order of its own, so 10,000 lines were 10,000 orders; the request
    # models bound items by the same number (the docs give none).
    if len(request.items) > MAX_ITEMS:
        raise invalid("items", f"The items may not have more than {MAX_ITEMS} lines.")
    with world.store.transaction():
        # One order per external_id, whatever the operation: a repeat returns the first answer.
        first = world.claim_order_id(request.external_id, side, request)
        if first is not None:
            return render.order_response(first)
        fix = _price_fix_of(world, request)
        currency = request.currency_code or fix["currency"]
        if currency != fix["currency"]:
            raise refused(2004, f"The price token was fixed in {fix['currency']}, not {currency}")
        prices = {p["sku"]: p for p in fix["prices"]}
        customer = (
            _customer_for_order(world, request.customer) if request.customer is not None else None
        )
        fixed_for = fix.get("customer_external_id")
        if fixed_for and customer is None:
            customer = world.customer_row(fixed_for)
        elif fixed_for and customer["external_id"] != fixed_for:
            raise refused(2005, "The price token was fixed for another customer")
        holder = customer_owner(customer["id"]) if customer else PARTNER
        now = world.now()
        lines = []
        for index, item in enumerate(request.items):
            product = _product_of(item, index)
            if product.sku not in prices:
                raise invalid(f"items.{index}.sku", f"{product.sku} is not in the price token")
            price = prices[product.sku]
            unit = Decimal(str(price["buy_price" if side == "buy" else "sell_price"]))
            amount = item.amount
            if amount is None and fix.get("is_total_price") and side == "buy":
                amount = (Decimal(str(fix["total"])) / unit).quantize(
                    Decimal("0.0001"), rounding=ROUND_DOWN
                )
            if amount is None or amount <= 0:
                raise invalid(f"items.{index}.amount", "The amount must be greater than 0.")
            if money(unit * amount) < CENT:
                # Nothing changes hands for 0.00: a line must be worth at least a cent.
                raise invalid(
                    f"items.{index}.amount",
                    f"{amount} g of {product.sku} is worth less than 0.01 {currency}.",
                )
            lines.append((product, price, unit, amount))
        totals = [money(unit * amount) for _, _, unit, amount in lines]
        grand_total = sum(totals, Decimal(0))
        payment = _payment(world, request, grand_total) if side == "buy" else None

        orders = []
        for (product, price, unit, amount), total in zip(lines, totals, strict=True):
            ids = world.new_order_ids()
            metal = METAL_CURRENCIES[product.currency_id].code
            if side == "buy":
                if payment is None:  # paid from the partner's prefunded cash (never below 0)
                    world.take(PARTNER, currency, total, ids["guid"], now)
                world.move(holder, metal, amount, ids["guid"], now)
            else:
                world.take(holder, metal, amount, ids["guid"], now)
                world.move(PARTNER, currency, total, ids["guid"], now)
            order = {
                **ids,
                "external_id": request.external_id,
                "channel": "partner",
                "tx_type": side,
                "type": side.capitalize(),
                "price_token": fix["token"],
                "price": total,
                "tax": Decimal(0),
                "total": total,
                "payment_cost": payment["comission"] if payment else Decimal(0),
                "currency_rate": Decimal(1),
                "currency_total": total,
                "currency_code": currency,
                "payment_type": "credit-card" if payment else "cash",
                "order_at": now,
                "created_at": stamp(now),
                "items": [
                    {
                        "product_id": product.product_id,
                        "sku": product.sku,
                        "product_name": product.name,
                        "product_weight": product.weight,
                        "spot_price": Decimal(str(price["spot_price"])),
                        "price": unit,
                        "tax_rate": Decimal(0),
                        "tax": Decimal(0),
                        "amount": amount,
                        "total": total,
                    }
                ],
                "customer": world.order_customer(customer),
                "payment": payment,
                "description": f"{amount.normalize():f}gr - #{product.sku}",
            }
            world.insert_order(
                order,
                channel="partner",
                tx_type=side,
                customer_ext=customer["external_id"] if customer else None,
            )
            orders.append({**order, "status_id": 2, "status_name": "Pending"})
        response = {
            "order_code": [o["order_code"] for o in orders],
            "guid": [o["guid"] for o in orders],
            "price": grand_total,
            "tax": Decimal(0),
            "total": grand_total,
            "order_at": now,
            "orders": [{k: v for k, v in o.items() if k != "created_at"} for o in orders],
            "payment": payment,
        }
        answer = render.order_response(response)
        stored = answer.model_dump(mode="python", by_alias=True)
        world.record_order_id(request.external_id, side, request, stored)
        return answer


def _price_fix_of(world: World, request: DigitalBuyRequest | DigitalSellRequest) -> dict:
    """The request's price token, used up; or, when it sends none (as the docs' Buy (Silver)
    B2B example does, although its table marks the token required), the price of this
    moment, fixed and used at once (assumed: a market order)."""
    if request.price_token:
        return world.use_price_token(request.price_token, request.external_id)
    currency = request.currency_code or world.settings.default_currency
    fix = world.fix_prices(currency)
    return world.use_price_token(fix["token"], request.external_id)


def deliver(world: World, body: DeliveryCreateRequest) -> DeliveryOrder:
    """Delivery - Create: whole grams out of the customer's wallet, the charge from the
    partner's prefunded cash (or a card); one order per ``external_id`` like a buy or sell."""
    with world.store.transaction():
        first = world.claim_order_id(body.external_id, "delivery", body)
        if first is not None:
            return render.order(world.find_order(first["guid"]), DeliveryOrder)
        customer = world.customer_row(body.customer.external_id)
        if body.address.shipping is None:
            raise invalid("address.shipping", "The shipping address is required.")
        quote = delivery_quote(world, body.sku, body.amount)
        product = PRODUCTS[body.sku]
        now = world.now()
        ids = world.new_order_ids()
        metal = METAL_CURRENCIES[product.currency_id].code
        world.take(customer_owner(customer["id"]), metal, body.amount, ids["guid"], now)
        if body.payment_type != "creditcard":
            world.take(PARTNER, quote["currency_code"], quote["total"], ids["guid"], now)
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
        world.record_order_id(body.external_id, "delivery", body, {"guid": ids["guid"]})
        return render.order(world.find_order(ids["guid"]), DeliveryOrder)


# Partner delivery charge (assumed): shipping plus insurance on the metal's value.
SHIPPING_TRY = Decimal("49.90")
INSURANCE_RATE = Decimal("0.0035")


def delivery_quote(world: World, sku: str, amount: Decimal, currency: str = "TRY") -> dict:
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


def calculate(world: World, price_token: str, items: list) -> dict:
    fix = world.peek_price_token(price_token)
    prices = {p["sku"]: p for p in fix["prices"]}
    lines = []
    for index, item in enumerate(items):
        if item.sku not in prices:
            raise invalid(f"items.{index}.sku", f"{item.sku} is not in the price token")
        unit = Decimal(str(prices[item.sku]["buy_price"]))
        amount = item.amount or Decimal(1)
        lines.append(
            {"sku": item.sku, "amount": amount, "price": unit, "total": money(unit * amount)}
        )
    total = sum((line["total"] for line in lines), Decimal(0))
    return {
        "price_token": price_token,
        "currency_code": fix["currency"],
        "price": total,
        "tax": Decimal(0),
        "total": total,
        "items": lines,
        "expires_at": fix["expires_at"],
    }


# -- Price Fix, and what routes ask of the trading desk beside buying and selling --------------
def price_fix(world: World, body: PriceFixRequest) -> dict:
    if body.type != "digital":
        raise invalid("type", "The selected type is invalid. Allowed: digital")
    if body.total is not None and body.total <= 0:
        raise invalid("total", "The total must be greater than 0.")
    currency = body.currency or world.settings.default_currency
    return world.fix_prices(
        currency,
        customer_external_id=body.customer_external_id,
        total=body.total,
        purpose=body.payment_type or "digital",
    )


PAYMENT_TYPES = [
    {"id": 1, "code": "cash", "name": "Partner cash balance"},
    {"id": 2, "code": "creditcard", "name": "Credit / debit card (Sipay)"},
]


def payment_types() -> list[dict]:
    return PAYMENT_TYPES


def bin_query(world: World, body: BinQueryRequest) -> dict:
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
    return {
        "bin": body.bin,
        "card_type": "credit",
        "card_brand": brand,
        "bank_name": bank,
        "installments": installments,
    }


def stored_cards(world: World, customer_external_id: str) -> list[dict]:
    world.customer_row(customer_external_id)
    rows = world.store.query(
        "SELECT data FROM cards WHERE customer_external_id = ? ORDER BY rowid",
        (customer_external_id,),
    )
    return [_public_card(loads(r["data"])) for r in rows]


def _public_card(card: dict) -> dict:
    return {k: v for k, v in card.items() if k != "card_number"}


def store_card(world: World, body: CardStorageAdd) -> dict:
    world.customer_row(body.customer_external_id)
    pan = "".join(ch for ch in body.card_number if ch.isdigit())
    if not _luhn_ok(pan):
        raise invalid("card_number", "The card number is invalid.")
    card = {
        # Letters and digits as the docs' "token_HYAQA0171343asd": 24 hex digits hold a run
        # that the journal takes for a card about once in 450 tokens.
        "card_token": "token_" + token(15),
        "masked_pan": masked(pan),
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
    return _public_card(card)


def delete_card(world: World, customer_external_id: str, card_token: str) -> dict:
    cursor = world.store.execute(
        "DELETE FROM cards WHERE card_token = ? AND customer_external_id = ?",
        (card_token, customer_external_id),
    )
    if cursor.rowcount == 0:
        raise not_found(7002, "Stored card not found")
    return {"deleted": True}


# -- partner delivery: what can be delivered, and its price ------------------------------------
def delivery_wallets(world: World, customer_external_id: str) -> list[dict]:
    customer = world.customer_row(customer_external_id)
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
    return wallets


def delivery_calculate(world: World, body: DeliveryCalculateRequest) -> dict:
    world.customer_row(body.customer_external_id)
    return delivery_quote(world, body.sku, body.amount)
