"""Balances: the partner's and a customer's, cash updates, wallets, summaries, statistics.

Every balance is the sum of its ledger (`minted.sandbox.world.World.move`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from minted.models import CashBalanceUpdate, StatsRequest
from minted.sandbox.catalog import CURRENCIES, METAL_CURRENCIES, PRODUCTS
from minted.sandbox.errors import invalid
from minted.sandbox.services.baskets import wallet_items
from minted.sandbox.store import EVERY_CUSTOMER, dumps
from minted.sandbox.world import World, customer_owner, iso, stamp
from minted.types import API_TIMEZONE

CENT = Decimal("0.01")


def partner(world: World) -> list[dict]:
    return world.partner_balance_lines()


def customer(world: World, customer_external_id: str) -> list[dict]:
    return world.customer_balance_lines(world.customer_row(customer_external_id))


def update_cash(world: World, customer_external_id: str, body: CashBalanceUpdate) -> list[dict]:
    """Update Customer Cash Balance; a repeated ``external_id`` moves nothing again."""
    world.check_currency(body.currency_code)
    if body.amount == 0:
        raise invalid("amount", "The amount must not be 0.")
    with world.store.transaction() as db:
        customer = world.customer_row(customer_external_id)
        key = f"{customer_external_id}:{body.external_id}" if body.external_id else None
        seen = key and world.store.one(
            "SELECT 1 FROM idempotency WHERE scope = 'cash' AND key = ?", (key,)
        )
        if not seen:
            owner = customer_owner(customer["id"])
            if body.amount < 0:
                world.take_metal(owner, body.currency_code, -body.amount, "cash", world.now())
            else:
                world.move(owner, body.currency_code, body.amount, "cash", world.now())
            if key:
                db.execute(
                    "INSERT INTO idempotency (scope, key, data) VALUES ('cash', ?, ?)",
                    (key, dumps({"amount": body.amount})),
                )
        return world.customer_balance_lines(customer)


def stats(world: World, body: StatsRequest) -> dict:
    """Each day's volumes by type, its fees and its order count, from the daily rollup the
    orders keep (`minted.sandbox.store`): the cost follows the days asked for, not the
    history.

    Valuation (assumed; the docs do not say): a day's orders in one currency are added up
    exactly, then valued in the reporting currency at that date's fixing, the rate at 00:00
    UTC, and rounded to the cent once per day, currency and type (half even).  That is what
    a service aggregating in SQL would answer; it differs from valuing every order at its own
    moment by less than a cent per order."""
    if body.end_date < body.start_date:
        raise invalid("end_date", "The end date must be on or after the start date.")
    if (body.end_date - body.start_date).days > 366:
        raise invalid("end_date", "Ask for at most a year at a time.")
    currency = body.currency_code or world.settings.reporting_currency
    world.check_currency(currency)
    rows = world.store.query(
        "SELECT day, currency_code, tx_type, orders, total, fees FROM order_days "
        "WHERE customer = ? AND day >= ? AND day <= ?",
        (
            body.customer_external_id or EVERY_CUSTOMER,
            body.start_date.isoformat(),
            body.end_date.isoformat(),
        ),
    )
    days: dict[date, dict] = {}
    day = body.start_date
    while day <= body.end_date:
        days[day] = {
            "date": day,
            "buy_total": Decimal(0),
            "sell_total": Decimal(0),
            "delivery_total": Decimal(0),
            "fee_total": Decimal(0),
            "order_count": 0,
        }
        day += timedelta(days=1)
    rates: dict[tuple[str, date], Decimal] = {}
    for row in rows:
        day = date.fromisoformat(row["day"])
        key = (row["currency_code"], day)
        if key not in rates:
            rates[key] = day_rate(world, row["currency_code"], currency, day)
        point = days[day]
        point[f"{row['tx_type']}_total"] += (Decimal(row["total"]) * rates[key]).quantize(CENT)
        point["fee_total"] += (Decimal(row["fees"]) * rates[key]).quantize(CENT)
        point["order_count"] += row["orders"]
    return {
        "start_date": body.start_date,
        "end_date": body.end_date,
        "currency_code": currency,
        "points": list(days.values()),
    }


def day_rate(world: World, code: str, base: str, day: date) -> Decimal:
    """Units of ``base`` per unit of ``code`` on ``day``: its 00:00 UTC fixing."""
    return world.pricing.rate(code, base, datetime.combine(day, time.min, UTC))


def customer_7d_stats(world: World, customer_external_id: str) -> dict:
    customer = world.customer_row(customer_external_id)
    owner = customer_owner(customer["id"])
    today = world.now().astimezone(API_TIMEZONE).date()
    points = []
    assets = [
        r["asset"]
        for r in world.store.query(
            "SELECT DISTINCT asset FROM balances WHERE owner = ? AND asset NOT LIKE 'sku:%'",
            (owner,),
        )
    ]
    for offset in range(6, -1, -1):
        day = today - timedelta(days=offset)
        day_end = datetime.combine(day + timedelta(days=1), time.min, API_TIMEZONE)
        for asset in assets:
            row = world.store.one(
                "SELECT balance_after FROM ledger WHERE owner = ? AND asset = ? AND at < ? "
                "ORDER BY at DESC, id DESC LIMIT 1",
                (owner, asset, stamp(day_end)),
            )
            balance = Decimal(row["balance_after"]) if row else Decimal(0)
            points.append(
                {
                    "date": day,
                    "currency_code": asset,
                    "balance": balance,
                    "value": _value(world, asset, balance, min(day_end, world.now())),
                }
            )
    return {"customer_external_id": customer_external_id, "points": points}


def _value(world: World, asset: str, balance: Decimal, at: datetime) -> Decimal:
    currency = world.settings.reporting_currency
    if asset in CURRENCIES:
        return (balance * world.pricing.rate(asset, currency, at)).quantize(Decimal("0.01"))
    metal = next(c.metal for c in METAL_CURRENCIES.values() if c.code == asset)
    sku = next(s for s, p in PRODUCTS.items() if p.digital and p.metal == metal)
    return (balance * world.pricing.quote(sku, currency, at).sell_price).quantize(Decimal("0.01"))


def wallet(world: World, external_customer_id: str, metal_type: str | None, is_deliverable):
    metals = {m.strip() for m in metal_type.split(",") if m.strip()} if metal_type else None
    return wallet_items(world, external_customer_id, metals, is_deliverable)


def summary(world: World, external_customer_id: str | None, currency: str | None) -> dict:
    if not external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
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
