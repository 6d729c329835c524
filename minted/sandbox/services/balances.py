"""Balances: the partner's and a customer's, cash updates, wallets, summaries, statistics.

Every balance is the sum of its ledger (`minted.sandbox.world.World.move`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from minted.models import CashBalanceUpdate, StatsRequest
from minted.sandbox.catalog import CURRENCIES, METAL_CURRENCIES, PRODUCTS
from minted.sandbox.errors import invalid
from minted.sandbox.services.baskets import wallet_items
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import World, customer_owner, iso, stamp
from minted.types import API_TIMEZONE


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
    if body.end_date < body.start_date:
        raise invalid("end_date", "The end date must be on or after the start date.")
    if (body.end_date - body.start_date).days > 366:
        raise invalid("end_date", "Ask for at most a year at a time.")
    currency = body.currency_code or world.settings.reporting_currency
    world.check_currency(currency)
    start = datetime.combine(body.start_date, time.min, API_TIMEZONE)
    end = datetime.combine(body.end_date + timedelta(days=1), time.min, API_TIMEZONE)
    params: list = [stamp(start), stamp(end)]
    customer_clause = ""
    if body.customer_external_id:
        customer_clause = "AND customer_external_id = ?"
        params.append(body.customer_external_id)
    rows = world.store.query(
        "SELECT tx_type, currency_code, created_at, data FROM orders "
        f"WHERE created_at >= ? AND created_at < ? {customer_clause}",
        tuple(params),
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
    rate_cache: dict[tuple[str, date], Decimal] = {}
    for row in rows:
        created = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE)
        data = loads(row["data"])
        key = (row["currency_code"], created.date())
        if key not in rate_cache:
            rate_cache[key] = world.pricing.rate(row["currency_code"], currency, created)
        rate = rate_cache[key]
        point = days[created.date()]
        metal = Decimal(str(data.get("total", 0)))
        fees = sum(
            (
                Decimal(str(data.get(k) or 0))
                for k in ("charge_fee", "minting_fee", "storage_fee", "charges_vat", "payment_cost")
            ),
            Decimal(0),
        )
        point[f"{row['tx_type']}_total"] += (metal * rate).quantize(Decimal("0.01"))
        point["fee_total"] += (fees * rate).quantize(Decimal("0.01"))
        point["order_count"] += 1
    return {
        "start_date": body.start_date,
        "end_date": body.end_date,
        "currency_code": currency,
        "points": list(days.values()),
    }


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
