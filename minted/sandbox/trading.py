"""Partner digital buy and sell against a price token (B2B and B2B2C, cash or card)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from minted.models import DigitalBuyRequest, DigitalSellRequest, OrderCustomer, OrderResponse
from minted.sandbox.catalog import METAL_CURRENCIES
from minted.sandbox.errors import SandboxError, invalid, refused
from minted.sandbox.pricing import money
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import PARTNER, World, customer_owner, product_or_error, stamp

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
    """An existing customer, or a new one when the order carries what creating one needs."""
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
    world.create_customer(fields)
    return world.customer_row(customer.external_id)


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
        pan = loads(row["data"])["card_number"]
    else:
        pan = "".join(ch for ch in fields.get("card_number", "") if ch.isdigit())
        if not _luhn_ok(pan):
            raise invalid("payment.card_number", "The card number is invalid.")
    if pan in DECLINED_CARDS:
        raise refused(7001, "Card declined by the bank (Sipay code 41)")
    commission = money(amount * world.rates.card_commission_rate / 100)
    return {
        "payment_type": "creditcard",
        "masked_pan": pan[:6] + "*" * (len(pan) - 10) + pan[-4:],
        "amount": amount,
        "comission": commission,
        "total": amount + commission,
        "installment": fields.get("installment") or 1,
        "state": "paid",
    }


def buy(world: World, request: DigitalBuyRequest) -> dict:
    return _trade(world, request, "buy")


def sell(world: World, request: DigitalSellRequest) -> dict:
    return _trade(world, request, "sell")


def _trade(world: World, request: DigitalBuyRequest | DigitalSellRequest, side: str) -> dict:
    if not request.external_id:
        raise invalid("external_id", "The external id field is required.")
    if not request.items:
        raise invalid("items", "The items field is required.")
    with world.store.transaction() as db:
        # One order per external_id: a repeat returns the first answer, whatever it carries.
        repeat = world.store.one(
            "SELECT data FROM idempotency WHERE scope = ? AND key = ?",
            (f"digital:{side}", request.external_id),
        )
        if repeat is not None:
            return loads(repeat["data"])
        fix = world.use_price_token(request.price_token, request.external_id)
        currency = request.currency_code or fix["currency"]
        if currency != fix["currency"]:
            raise refused(2004, f"The price token was fixed in {fix['currency']}, not {currency}")
        prices = {p["sku"]: p for p in fix["prices"]}
        customer = (
            _customer_for_order(world, request.customer) if request.customer is not None else None
        )
        if fix.get("customer_external_id") and customer is None:
            customer = world.customer_row(fix["customer_external_id"])
        holder = customer_owner(customer["id"]) if customer else PARTNER
        now = world.now()
        lines = []
        for index, item in enumerate(request.items):
            product = product_or_error(item.sku, field=f"items.{index}.sku", digital=True)
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
            lines.append((product, price, unit, amount))
        totals = [money(unit * amount) for _, _, unit, amount in lines]
        grand_total = sum(totals, Decimal(0))
        payment = _payment(world, request, grand_total) if side == "buy" else None

        orders = []
        for (product, price, unit, amount), total in zip(lines, totals, strict=True):
            ids = world.new_order_ids()
            metal = METAL_CURRENCIES[product.currency_id].code
            if side == "buy":
                world.move(holder, metal, amount, ids["guid"], now)
                if payment is None:
                    world.move(PARTNER, currency, -total, ids["guid"], now)
            else:
                world.take_metal(holder, metal, amount, ids["guid"], now)
                world.move(PARTNER, currency, total, ids["guid"], now)
            order = {
                **ids,
                "external_id": request.external_id,
                "channel": "partner",
                "tx_type": side,
                "type": side.capitalize(),
                "price_token": request.price_token,
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
        stored = OrderResponse.model_validate(response).model_dump(mode="python", by_alias=True)
        db.execute(
            "INSERT INTO idempotency (scope, key, data) VALUES (?, ?, ?)",
            (f"digital:{side}", request.external_id, dumps(stored)),
        )
        return stored


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
