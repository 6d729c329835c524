"""Orders: lists and lookups, statuses, invoices, receipts, legal texts.

Every order is answered through `render`, in the model its route declares.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date, datetime, time, timedelta

from minted.models import Invoice, Order, Receipt, WalletableOrder
from minted.sandbox import answers
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


# From this offset on, a page sorted by time starts at the day its first row falls in (found
# from the daily counts) rather than skipping every row before it.
DAY_SEEK = 1000


def query_orders(
    world: World, filters: OrderFilters, channel: str | None, columns: str = "*"
) -> tuple[int, list]:
    """One page of orders (each row's ``columns``) and how many match.

    ``total`` is exact, as the real service's paginator (Laravel's, by the envelope's shape)
    counts every match.  It is summed from the daily counts (`minted.sandbox.store`'s
    ``order_counts``), whose rows follow days and kinds of order, not orders.  The page is read
    through an index for every sort; a deep page sorted by time (the default) starts at its
    first row's day, so its cost is that of a day's orders, not of its offset; a deep page
    in another sort costs its offset, as OFFSET does in any SQL database."""
    world.progress_orders()
    where, params = _conditions(filters, channel, counts=False)
    counted, counted_params = _conditions(filters, channel, counts=True)
    offset = (filters.page - 1) * filters.total
    with world.store.reading():  # the count and the page from one state of the store
        days = _days(world, counted, counted_params)
        total = days[-1][1]
        if offset >= total:
            return total, []
        if filters.sortBy == "created_at" and offset >= DAY_SEEK:
            bound, offset = _seek_day(days, offset, filters.sortType)
            where += f" AND {bound[0]}"
            params += (bound[1],)
        direction = filters.sortType.upper()
        rows = world.store.query(
            f"SELECT {columns} FROM orders WHERE {where} "
            f"ORDER BY {SORT_COLUMNS[filters.sortBy]} {direction}, id {direction} LIMIT ? OFFSET ?",
            (*params, filters.total, offset),
        )
    return total, rows


def _conditions(filters: OrderFilters, channel: str | None, *, counts: bool) -> tuple[str, tuple]:
    """The filters as SQL: on ``orders``, or (``counts``) on ``order_counts``, whose rows
    carry the same columns and an API-timezone ``day`` (and ``customer``, ``''`` for all)."""
    where, params = ["1 = 1"], []
    if counts:
        where.append("customer = ?")
        params.append(filters.customer_external_id or EVERY_CUSTOMER)
    elif filters.customer_external_id:
        where.append("customer_external_id = ?")
        params.append(filters.customer_external_id)
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
        if counts:
            where.append("day >= ?")
            params.append(filters.startDate.isoformat())
        else:
            where.append("created_at >= ?")
            params.append(stamp(_midnight(filters.startDate)))
    if filters.endDate:
        if counts:
            where.append("day <= ?")
            params.append(filters.endDate.isoformat())
        else:
            where.append("created_at < ?")
            params.append(stamp(_midnight(filters.endDate + timedelta(days=1))))
    return " AND ".join(where), tuple(params)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, API_TIMEZONE)


def _days(world: World, counted: str, params: tuple) -> list[tuple[str, int]]:
    """The matching orders' days, oldest first, each with how many matched up to the end of
    it (the last: the total); ``("", 0)`` first.  Summed from ``order_counts`` and kept until
    the next write (`Store.memo`), so an export's pages, or a list paged through, count once."""

    def read() -> list[tuple[str, int]]:
        days = world.store.query(
            f"SELECT day, SUM(orders) AS n FROM order_counts WHERE {counted} "
            "GROUP BY day ORDER BY day",
            params,
        )
        running = itertools.accumulate(r["n"] for r in days)
        return [("", 0), *zip((r["day"] for r in days), running, strict=True)]

    return world.store.memo(("order days", counted, params), read)


def _seek_day(days: list[tuple[str, int]], offset: int, sort: str):
    """Where a page sorted by time starts: the bound of the day its first row falls in, and
    what is left of the offset from there (the days before it, from `_days`)."""
    newest_first = sort == "desc"
    day, rest = day_of_row(days, offset, newest_first=newest_first)
    if newest_first:
        return ("created_at < ?", stamp(_midnight(day + timedelta(days=1)))), rest
    return ("created_at >= ?", stamp(_midnight(day))), rest


def day_of_row(days: list[tuple[str, int]], offset: int, *, newest_first: bool) -> tuple[date, int]:
    """The day holding row ``offset`` (from 0) of a list sorted by time, and the rows of that
    day before it, from `_days`' running counts: found by bisection, not by walking the days."""
    total = days[-1][1]
    if not 0 <= offset < total:
        raise ValueError(f"row {offset} of {total}")
    if newest_first:  # the first day whose running count reaches the row, from the end
        at = bisect.bisect_left(days, total - offset, key=lambda d: d[1])
        return date.fromisoformat(days[at][0]), offset - (total - days[at][1])
    at = bisect.bisect_right(days, offset, key=lambda d: d[1])
    return date.fromisoformat(days[at][0]), offset - days[at - 1][1]


def list_orders(world: World, filters: OrderFilters) -> tuple[int, list[Order]]:
    """One page of every order, partner and walletable, as the Order Schema."""
    count, rows = query_orders(world, filters, None)
    return count, [render.order(row) for row in rows]


def _spliced(answer: str) -> str:
    """The columns a list that splices stored answers reads of an order: its ``answer``
    column, as the UTF-8 it is stored in, and what the status slot and the renderers read,
    and its document only where no answer is stored (it is rendered from it then).

    Read whole, a page of 100 walletable orders was ~500 KB of text and 0.52 ms of SQLite;
    read so, 0.25 ms.  And read as UTF-8, the answers go out as they are stored: made into
    Python text (two bytes a character once a name holds a non-ASCII letter), spliced and
    encoded again, a page cost 0.97 ms against 0.14 ms."""
    stored = f"CAST({answer} AS BLOB) AS {answer}"
    document = f"CASE WHEN {answer} IS NULL THEN data END AS data"
    return f"id, channel, tx_type, status_id, {stored}, {document}"


def list_order_texts(world: World, filters: OrderFilters) -> tuple[int, list[bytes]]:
    """`list_orders` as the JSON texts of its orders, in UTF-8: each order's answer, rendered
    through the Order Schema when it was written, with its status put in
    (`render.order_text`)."""
    count, rows = query_orders(world, filters, None, _spliced("answer"))
    return count, [render.order_text(row) for row in rows]


def list_walletable_orders(
    world: World, filters: OrderFilters
) -> tuple[int, list[WalletableOrder]]:
    """One page of the walletable orders, as the Ecom Order schema."""
    count, rows = query_orders(world, filters, "walletable")
    return count, [render.walletable_order(row) for row in rows]


def list_walletable_texts(world: World, filters: OrderFilters) -> tuple[int, list[bytes]]:
    """`list_walletable_orders` as the JSON texts of its orders, in UTF-8: each order's
    answer, rendered through the Ecom Order schema when it was written or first read, with
    its status put in (`render.walletable_text`).  Those first rendered here are kept for
    the next read (`Store.keep_ecom_answers`)."""
    count, rows = query_orders(world, filters, "walletable", _spliced("ecom_answer"))
    texts, rendered = [], []
    for row in rows:
        answer = row["ecom_answer"]
        if answer is None and (fresh := answers.walletable_answer(row)) is not None:
            rendered.append((fresh, row["id"]))
            answer = fresh.encode("utf-8")
        texts.append(render.walletable_text(row, answer))
    if rendered:
        world.store.keep_ecom_answers(rendered)
    return count, texts


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
