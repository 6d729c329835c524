"""Orders: lists and lookups, statuses, invoices, receipts, legal texts.

Every order is answered through `render`, in the model its route declares.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from minted.models import Invoice, Order, Receipt, WalletableOrder
from minted.sandbox.catalog import ORDER_STATUSES, STATUS_IDS
from minted.sandbox.errors import invalid
from minted.sandbox.requests import OrderFilters
from minted.sandbox.services import render
from minted.sandbox.store import EVERY_CUSTOMER
from minted.sandbox.world import World, iso, stamp
from minted.types import API_TIMEZONE

SORT_COLUMNS = {
    "created_at": "created_at",
    "type": "tx_type",
    "total": "CAST(json_extract(data, '$.total') AS REAL)",
    "customer_external_id": "customer_external_id",
}


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
    """One page of orders and how many match.

    ``total`` is exact, as the real service's paginator (Laravel's, by the envelope's shape)
    counts every match.  It is summed from the daily counts (`minted.sandbox.store`'s
    ``order_counts``), whose rows follow days and kinds of order, not orders.  The page is read
    through an index for every sort; a deep page of a filter no index covers costs its offset,
    as OFFSET does in any SQL database."""
    world.progress_orders()
    total = _count(world, filters, channel)
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
    order = (
        f"{SORT_COLUMNS[filters.sortBy]} {filters.sortType.upper()}, id {filters.sortType.upper()}"
    )
    rows = world.store.query(
        f"SELECT * FROM orders {clause} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, filters.total, (filters.page - 1) * filters.total),
    )
    return total, rows


def _count(world: World, filters: OrderFilters, channel: str | None) -> int | None:
    """How many orders match, from ``order_counts`` (its rows are filtered as the orders are)."""
    where, params = ["customer = ?"], [filters.customer_external_id or EVERY_CUSTOMER]
    if channel:
        where.append("channel = ?")
        params.append(channel)
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
        where.append("day >= ?")
        params.append(filters.startDate.isoformat())
    if filters.endDate:
        where.append("day <= ?")
        params.append(filters.endDate.isoformat())
    row = world.store.one(
        f"SELECT COALESCE(SUM(orders), 0) AS n FROM order_counts WHERE {' AND '.join(where)}",
        tuple(params),
    )
    return row["n"]


def list_orders(world: World, filters: OrderFilters) -> tuple[int, list[Order]]:
    """One page of every order, partner and walletable, as the Order Schema."""
    count, rows = query_orders(world, filters, None)
    return count, [render.order(row) for row in rows]


def list_walletable_orders(
    world: World, filters: OrderFilters
) -> tuple[int, list[WalletableOrder]]:
    """One page of the walletable orders, as the Ecom Order schema."""
    count, rows = query_orders(world, filters, "walletable")
    return count, [render.walletable_order(row) for row in rows]


def statuses() -> list[dict]:
    return [{"id": i, "name": n} for i, n in ORDER_STATUSES.items()]


def get_order(world: World, any_id: str) -> Order:
    return render.order(world.find_order(any_id))


def find_order(
    world: World, guid: str | None, order_code: str | None, external_id: str | None, push_hook
) -> Order:
    """Get Order (Alternative): by one of three ids; ``push_hook`` is only acknowledged."""
    key = guid or order_code or external_id
    if not key:
        raise invalid("guid", "Give one of guid, order_code or external_id.")
    if push_hook:  # no webhook leaves the sandbox; the flag says it would
        return render.order(world.find_order(key), hook_pushed=True)
    return render.order(world.find_order(key))


def invoice(world: World, any_id: str) -> Invoice:
    row = world.find_order(any_id)
    created = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE)
    return render.order(
        row,
        Invoice,
        invoice_number=f"MNT{created:%Y}{row['id']:09d}",
        invoice_date=created.date().isoformat(),
        invoice_url=None,
    )


def receipt(world: World, any_id: str) -> Receipt:
    row = world.find_order(any_id)
    created = datetime.fromisoformat(row["created_at"])
    return render.walletable_order(
        row,
        Receipt,
        receipt_number=f"RCPT-{created.astimezone(API_TIMEZONE):%Y%m%d}-{row['id']:06d}",
        issued_at=iso(created),
        receipt_url=None,
    )


LEGAL_TEXTS = {
    "kvkk": ("KVKK Aydınlatma Metni", "Kişisel verileriniz 6698 sayılı Kanun kapsamında işlenir."),
    "user_agreement": ("User Agreement", "The customer's digital metal is held in Minted's vault."),
    "distance_sales": (
        "Mesafeli Satış Sözleşmesi",
        "Dijital altın alım satımına ilişkin sözleşme.",
    ),
}


def legal(world: World, kind: str, customer_external_id: str | None) -> dict:
    if kind not in LEGAL_TEXTS:
        raise invalid("type", f"Unknown legal text. Allowed: {', '.join(LEGAL_TEXTS)}")
    if customer_external_id:
        world.customer_row(customer_external_id)
    title, content = LEGAL_TEXTS[kind]
    return {"type": kind, "title": title, "version": "2026.1", "content": content, "url": None}
