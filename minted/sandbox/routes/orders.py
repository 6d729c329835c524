"""Orders (lists, lookups, invoices, statuses), balances and their statistics, legal texts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Query, Request
from pydantic import BaseModel, Field, model_validator

from minted import endpoints as ep
from minted.models import (
    BalanceStats,
    CashBalanceUpdate,
    CustomerBalance,
    Invoice,
    Order,
    OrderLookup,
    OrderStatus,
    Page,
    PartnerBalance,
    PartnerLegal,
    Stats,
    StatsRequest,
    WalletableOrder,
)
from minted.sandbox.catalog import (
    CURRENCIES,
    METAL_CURRENCIES,
    ORDER_STATUSES,
    PRODUCTS,
    STATUS_IDS,
)
from minted.sandbox.errors import invalid
from minted.sandbox.limits import MAX_PAGE
from minted.sandbox.routes._common import WorldDep, ok, paginate, partner_router, route
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import World, customer_owner, stamp
from minted.types import API_TIMEZONE

router = partner_router()

SORT_COLUMNS = {
    "created_at": "created_at",
    "type": "tx_type",
    "total": "CAST(json_extract(data, '$.total') AS REAL)",
    "customer_external_id": "customer_external_id",
}


class OrderFilters(BaseModel):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    total: int = Field(10, ge=1, le=100)
    customer_external_id: str | None = None
    status: str | None = None  # ids or names, comma-separated: "2,5" or "Pending"
    tx_type: str | None = None  # "buy,sell,delivery"
    sku: str | None = None
    currency_code: str | None = None
    startDate: date | None = None
    endDate: date | None = None
    sortBy: Literal["type", "total", "customer_external_id", "created_at"] = "created_at"
    sortType: Literal["asc", "desc"] = "desc"

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, values):
        """The docs' samples send empty filters (``sku=&startDate&endDate``): no filter."""
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if v not in ("", None)}
        return values


def _status_ids(value: str) -> list[int]:
    ids = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        if part.isdigit() and int(part) in ORDER_STATUSES:
            ids.append(int(part))
        elif part in STATUS_IDS:
            ids.append(STATUS_IDS[part])
        else:
            raise invalid("status", f"Unknown order status {part!r}")
    return ids


def query_orders(world: World, filters: OrderFilters, channel: str | None) -> tuple[int, list]:
    world.progress_orders()
    where, params = [], []
    if channel:
        where.append("channel = ?")
        params.append(channel)
    if filters.customer_external_id:
        where.append("customer_external_id = ?")
        params.append(filters.customer_external_id)
    if filters.status:
        ids = _status_ids(filters.status)
        where.append(f"status_id IN ({','.join('?' * len(ids))})")
        params += ids
    if filters.tx_type:
        types = [t.strip().lower() for t in filters.tx_type.split(",") if t.strip()]
        where.append(f"tx_type IN ({','.join('?' * len(types))})")
        params += types
    if filters.sku:
        where.append("(',' || skus || ',') LIKE ?")
        params.append(f"%,{filters.sku},%")
    if filters.currency_code:
        where.append("currency_code = ?")
        params.append(filters.currency_code)
    if filters.startDate:
        start = datetime.combine(filters.startDate, time.min, API_TIMEZONE)
        where.append("created_at >= ?")
        params.append(stamp(start))
    if filters.endDate:
        end = datetime.combine(filters.endDate + timedelta(days=1), time.min, API_TIMEZONE)
        where.append("created_at < ?")
        params.append(stamp(end))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = world.store.one(f"SELECT COUNT(*) AS n FROM orders {clause}", tuple(params))["n"]
    order = (
        f"{SORT_COLUMNS[filters.sortBy]} {filters.sortType.upper()}, id {filters.sortType.upper()}"
    )
    rows = world.store.query(
        f"SELECT * FROM orders {clause} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, filters.total, (filters.page - 1) * filters.total),
    )
    return total, rows


@route(router, ep.ORDERS, Page[Order])
def list_orders(request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep):
    count, rows = query_orders(world, filters, None)
    data = [world.schema_order(row) for row in rows]
    return ok(Page[Order], paginate(request, count, filters.page, filters.total, data))


@route(router, ep.WALLETABLE_ORDERS, Page[WalletableOrder])
def list_walletable_orders(
    request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep
):
    count, rows = query_orders(world, filters, "walletable")
    data = [world.walletable_order(row) for row in rows]
    return ok(Page[WalletableOrder], paginate(request, count, filters.page, filters.total, data))


@route(router, ep.ORDER_STATUSES, list[OrderStatus])
def order_statuses():
    return ok(list[OrderStatus], [{"id": i, "name": n} for i, n in ORDER_STATUSES.items()])


@route(router, ep.ORDER_GET, Order)
def get_order(external_order_id: str, world: WorldDep):
    return ok(Order, world.schema_order(world.find_order(external_order_id)))


@route(router, ep.ORDER_FIND, Order)
def find_order(body: OrderLookup, world: WorldDep):
    key = body.guid or body.order_code or body.external_id
    if not key:
        raise invalid("guid", "Give one of guid, order_code or external_id.")
    order = world.schema_order(world.find_order(key))
    if body.push_hook:
        order["hook_pushed"] = True  # no webhook leaves the sandbox; the flag says it would
    return ok(Order, order)


@route(router, ep.ORDER_INVOICE, Invoice)
def order_invoice(external_order_id: str, world: WorldDep):
    row = world.find_order(external_order_id)
    order = world.schema_order(row)
    created = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE)
    order.update(
        {
            "invoice_number": f"MNT{created:%Y}{row['id']:09d}",
            "invoice_date": created.date().isoformat(),
            "invoice_url": None,
        }
    )
    return ok(Invoice, order)


LEGAL_TEXTS = {
    "kvkk": ("KVKK Aydınlatma Metni", "Kişisel verileriniz 6698 sayılı Kanun kapsamında işlenir."),
    "user_agreement": ("User Agreement", "The customer's digital metal is held in Minted's vault."),
    "distance_sales": (
        "Mesafeli Satış Sözleşmesi",
        "Dijital altın alım satımına ilişkin sözleşme.",
    ),
}


class LegalBody(BaseModel):
    type: str = Field(min_length=1)
    customer_external_id: str | None = None


@route(router, ep.PARTNER_LEGAL, PartnerLegal)
def partner_legal(body: LegalBody, world: WorldDep):
    if body.type not in LEGAL_TEXTS:
        raise invalid("type", f"Unknown legal text. Allowed: {', '.join(LEGAL_TEXTS)}")
    if body.customer_external_id:
        world.customer_row(body.customer_external_id)
    title, content = LEGAL_TEXTS[body.type]
    return ok(
        PartnerLegal,
        {"type": body.type, "title": title, "version": "2026.1", "content": content, "url": None},
    )


# -- balances -------------------------------------------------------------------------------------
@route(router, ep.PARTNER_BALANCE, list[PartnerBalance])
def partner_balance(world: WorldDep):
    return ok(list[PartnerBalance], world.partner_balance_lines())


@route(router, ep.CUSTOMER_BALANCE, list[CustomerBalance])
def customer_balance(customer_external_id: str, world: WorldDep):
    customer = world.customer_row(customer_external_id)
    return ok(list[CustomerBalance], world.customer_balance_lines(customer))


@route(router, ep.CASH_BALANCE_UPDATE, list[CustomerBalance])
def update_cash_balance(customer_external_id: str, body: CashBalanceUpdate, world: WorldDep):
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
        return ok(list[CustomerBalance], world.customer_balance_lines(customer))


@route(router, ep.STATS, Stats)
def stats(body: StatsRequest, world: WorldDep):
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
    return ok(
        Stats,
        {
            "start_date": body.start_date,
            "end_date": body.end_date,
            "currency_code": currency,
            "points": list(days.values()),
        },
    )


@route(router, ep.CUSTOMER_7D_STATS, BalanceStats)
def customer_7d_stats(customer_external_id: str, world: WorldDep):
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
    return ok(BalanceStats, {"customer_external_id": customer_external_id, "points": points})


def _value(world: World, asset: str, balance: Decimal, at: datetime) -> Decimal:
    currency = world.settings.reporting_currency
    if asset in CURRENCIES:
        return (balance * world.pricing.rate(asset, currency, at)).quantize(Decimal("0.01"))
    metal = next(c.metal for c in METAL_CURRENCIES.values() if c.code == asset)
    sku = next(s for s, p in PRODUCTS.items() if p.digital and p.metal == metal)
    return (balance * world.pricing.quote(sku, currency, at).sell_price).quantize(Decimal("0.01"))
