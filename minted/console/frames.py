"""Tables for the console: API models as pandas DataFrames, and CSV for export.

Money columns keep `Decimal` values, so a CSV export carries exactly what the API said.
Times are already text, written by `formatting.timestamp` (in the API's zone, with its
offset): the export says what the screen says, and no table lets pandas or the browser
write a moment its own way.  Column labels are `minted.console.labels`'.

pandas is imported by the functions that make a frame, not with this module: the page the
console opens on (Customers, before a customer is looked up) needs none, and pandas is about
0.35–0.4 s of a cold start (on top of Streamlit).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from minted import _json
from minted.console.formatting import (
    METAL_CODES,
    amount,
    exact_digits,
    grams,
    metal_swatch,
    money,
    number,
    timestamp,
)

if TYPE_CHECKING:
    import pandas as pd

    # The models come with the first client, not with the first page (bench (e)).
    from minted.console.rows import OrderRowFields, WalletableRowFields
    from minted.models import CustomerBalance, Order, WalletableOrder, WalletableProduct

    RowFields = OrderRowFields | WalletableRowFields

ORDER_COLUMNS = [
    "order_at",
    "order",
    "kind",
    "status",
    "customer",
    "currency",
    "items",
    "total",
    "paid_total",
    "guid",
]


@functools.lru_cache(maxsize=4096)
def _item_text(amount: str, sku: str | None, lang: str) -> str:
    # an export writes 50,000 rows from a few hundred distinct lines (a SKU and an amount):
    # written once each, not once a row.  The amount comes as its text, so that no two
    # amounts share a line's text because they are equal (1E+99 and 1.0E+99 are written as
    # they came).
    return f"{number(Decimal(amount), lang, trimmed=True)} × {sku}"


def items_text(order, lang: str = "en") -> str:
    """An order's (or a basket's) lines as one text: ``2.5 × MNTBAE0013, 1 × GAU``, each
    amount exact without its closing zeros."""
    lines = [_item_text(str(i.amount), i.sku, lang) for i in order.items if i.amount]
    return ", ".join(lines)


@functools.cache
def _walletable_types() -> tuple[type, ...]:
    # imported on the first row, not with the module (the first page loads no pydantic), and
    # once: an export asks for every row
    from minted.console.rows import WALLETABLE

    return WALLETABLE


def _order_values(order: Order | WalletableOrder | RowFields, lang: str) -> tuple:
    """An order's row, its values in `ORDER_COLUMNS`' order."""
    if isinstance(order, _walletable_types()):
        code, kind = order.increment_id, order.tx_type or order.type
        paid = order.paid_total
    else:
        code, kind = order.order_code, order.type or order.tx_type
        paid = order.total
    customer = order.customer
    return (
        timestamp(order.order_at, lang),
        code,
        (kind or "").lower(),
        order.status_name,
        customer.external_id if customer else "",
        order.currency_code,
        items_text(order, lang),
        order.total,
        paid,
        order.guid,
    )


def order_row(order: Order | WalletableOrder | RowFields, lang: str = "en") -> dict:
    """An order's row as the Orders list shows it, from the client's model or the export's
    (`minted.console.rows`)."""
    return dict(zip(ORDER_COLUMNS, _order_values(order, lang), strict=True))


def order_cells(order: Order | WalletableOrder | RowFields, lang: str = "en") -> list:
    """`order_row`'s values as an export's CSV writes them, in `ORDER_COLUMNS`' order: text
    `neutralised`, money the exact digits of its Decimal, nothing as an empty cell.

    Written column by column (each column's type is known), not through a generic cell: an
    export writes 50,000 of these, and with the worker threads reading pages in the same
    interpreter, each microsecond saved here saved two to three of the export's wall time
    (12 → 6.7 µs a row; 3.80 → 3.31 s for 33,911 rows)."""
    at, code, kind, status, customer, currency, items, total, paid, guid = _order_values(
        order, lang
    )
    return [
        _text_cell(at),
        _text_cell(code),
        _text_cell(kind),
        _text_cell(status),
        _text_cell(customer),
        _text_cell(currency),
        _text_cell(items),
        _money_cell(total),
        _money_cell(paid),
        _text_cell(guid),
    ]


def orders_frame(orders: Sequence[Order | WalletableOrder], lang: str = "en") -> pd.DataFrame:
    """The orders as a table (and a CSV): exact money, the time as the screen writes it."""
    import pandas as pd

    return pd.DataFrame([order_row(o, lang) for o in orders], columns=ORDER_COLUMNS)


def shown_orders(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """`orders_frame` for the screen: money in its currency, written in ``lang``; without the
    guid, which no one reads there (the page keeps it to open a picked row)."""
    return frame.drop(columns=["guid"]).assign(
        **{
            column: [
                money(v, c, lang) for v, c in zip(frame[column], frame["currency"], strict=True)
            ]
            for column in ("total", "paid_total")
        }
    )


def order_items_frame(order: Order, lang: str = "en") -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "sku": i.sku,
            "product": i.product_name,
            "amount": number(i.amount, lang),
            "price": money(i.price, order.currency_code, lang),
            "total": money(i.total, order.currency_code, lang),
        }
        for i in order.items
    ]
    return pd.DataFrame(rows, columns=["sku", "product", "amount", "price", "total"])


def photo_link(product: WalletableProduct) -> str:
    """A product's first photo as a link's address, or "" (an empty cell: never "None").

    Photos are links, not images, on purpose: an image column makes every operator's
    browser fetch each URL from the product's host, outside the console (telling that host
    who looks, and failing offline).  A link is fetched only when clicked, and only
    http(s) addresses are links at all; the swatch beside it is drawn by the console."""
    for url in product.product_images or []:
        if isinstance(url, str) and url.strip().lower().startswith(("https://", "http://")):
            return url.strip()
    return ""


def products_frame(
    products: Sequence[WalletableProduct], currency: str, lang: str = "en"
) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "image": metal_swatch(p.metal_type),
            "photo": photo_link(p),
            "product": p.product_name,
            "sku": p.sku,
            "metal": p.metal_type,
            "weight": grams(p.product_weight, lang),
            "buy": money(p.buy_price, currency, lang),
            "sell": money(p.sell_price, currency, lang),
            "deliverable": bool(p.is_deliverable),
        }
        for p in products
    ]
    columns = ["image", "photo", "product", "sku", "metal", "weight", "buy", "sell"]
    return pd.DataFrame(rows, columns=[*columns, "deliverable"])


AUDIT_COLUMNS = [
    "at",
    "who",
    "role",
    "environment",
    "action",
    "result",
    "orders",
    "client ip",
    "request",
    "message",
]


def audit_frame(events: Sequence, lang: str = "en") -> pd.DataFrame:
    """Audit events (`minted.console.audit.AuditEvent`) as the audit page and its CSV show them."""
    import pandas as pd

    rows = [
        {
            "at": timestamp(e.at, lang),
            "who": e.who,
            "role": e.role,
            "environment": e.environment,
            "action": e.action,
            "result": e.result,
            "orders": ", ".join(e.order_ids),
            "client ip": e.client_ip or "",
            "request": _json.dumps(e.request),
            "message": e.message or "",
        }
        for e in events
    ]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def api_log_frame(entries: Sequence, lang: str = "en") -> pd.DataFrame:
    """Journal entries (`minted.journal.JournalEntry`) as the API log shows them."""
    import pandas as pd

    rows = [
        {
            "time": timestamp(e.at, lang),
            "env": e.environment,
            "method": e.method,
            "path": e.path,
            "status": e.status,
            "ms": e.duration_ms,
            "retries": e.retries,
            "error": e.error or "",
            # sent elsewhere than the catalogue says: the environment's endpoint override
            "override": getattr(e, "override", None) or "",
        }
        for e in entries
    ]
    columns = ["time", "env", "method", "path", "status", "ms", "retries", "error", "override"]
    return pd.DataFrame(rows, columns=columns)


def balances_frame(lines: Sequence[CustomerBalance]) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "wallet": line.name,
            "code": line.currency_code,
            "kind": "metal (g)" if line.currency_code in METAL_CODES else "cash",
            "balance": line.balance,
            "blocked": line.blocked,
            "available": line.real_balance,
        }
        for line in lines
    ]
    return pd.DataFrame(rows, columns=["wallet", "code", "kind", "balance", "blocked", "available"])


def shown_balances(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """`balances_frame` for the screen: each figure in its wallet's unit (grams for metal,
    money for cash), written in ``lang``."""
    return frame.assign(
        **{
            column: [amount(v, c, lang) for v, c in zip(frame[column], frame["code"], strict=True)]
            for column in ("balance", "blocked", "available")
        }
    )


def partner_metal_frame(lines: Sequence, lang: str = "en") -> pd.DataFrame:
    """The partner's metal wallets (`minted.models.PartnerBalance`): its own grams, what its
    customers hold, and the value of its own."""
    import pandas as pd

    rows = [
        {
            "wallet": line.name,
            "own": grams(line.balance, lang),
            "held": grams(line.held_for_customers, lang),
            "value": money(line.value, line.value_currency, lang),
        }
        for line in lines
    ]
    return pd.DataFrame(rows, columns=["wallet", "own", "held", "value"])


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# -2+3+cmd|…, @SUM(…)); OWASP's advice: a leading apostrophe makes it text again.  The
# full-width forms count too: some spreadsheets read them as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralised(value: object) -> object:
    """A text cell as a spreadsheet shows it, never runs it; numbers, times and everything
    that is not text stay as they are (a negative Decimal is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text_cell(value: str | None) -> str:
    """A CSV cell of text: `neutralised`; nothing is an empty cell."""
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _money_cell(value: Decimal | None) -> str:
    """A CSV cell of money: the exact digits of its Decimal (``1E+2`` is ``100``)."""
    return "" if value is None else exact_digits(value)


KYC_STATUSES = {
    "none": "Not started",
    "pending": "Pending review",
    "approved": "Approved",
    "rejected": "Rejected",
}


def kyc_rows(record) -> list[dict]:
    """A KYC record as label / value rows (the API's field name beside each), for a person to
    read instead of raw JSON; empty fields say so."""
    fields = record.model_dump(exclude={"external_id"})
    rows = []
    for name, value in fields.items():
        if name == "status":
            value = KYC_STATUSES.get(str(value), value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        words = name.replace("_", " ").replace("pep", "PEP")
        label = words[:1].upper() + words[1:]
        rows.append(
            {"field": label, "value": "—" if value in (None, "") else str(value), "api": name}
        )
    return rows


# A worksheet refuses the C0 controls but tab, newline and carriage return (openpyxl raises
# IllegalCharacterError): each becomes U+FFFD, so one odd name never stops an export.  (Lone
# surrogates never get this far: `minted._json.loads` replaces them as it reads an answer.)
_WORKSHEET_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _worksheet_text(value: object) -> object:
    return _WORKSHEET_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV of ``frame`` as shown, its text cells neutralised for spreadsheets."""
    buffer = io.StringIO()
    # RFC 4180 line ends: with \n, a carriage return inside a cell was left unquoted and
    # split its row in a spreadsheet
    frame.map(neutralised).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "orders") -> bytes:
    """An Excel workbook of ``frame`` as shown.  Text cells are neutralised as in the CSV:
    openpyxl itself stores any text that starts with ``=`` as a formula.  Money goes in as
    text of its exact digits (Excel has no decimal type; a float would round it)."""
    import pandas as pd

    shown = (
        frame.map(_worksheet_text)
        .map(neutralised)
        .map(lambda v: exact_digits(v) if isinstance(v, Decimal) else v)
    )
    for column in shown.columns:  # Excel has no time zones: the console's one time format
        if isinstance(shown[column].dtype, pd.DatetimeTZDtype) or _holds_datetimes(shown[column]):
            shown[column] = shown[column].map(timestamp)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        shown.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def _holds_datetimes(column: pd.Series) -> bool:
    return any(isinstance(v, datetime) for v in column)


SANDBOX_REQUEST_COLUMNS = ["at", "method", "path", "query", "status", "duration_ms", "user"]


def sandbox_requests_frame(rows: Sequence[dict], lang: str = "en") -> pd.DataFrame:
    """The sandbox's own request log (``/_sandbox/journal``): its ISO UTC ``at`` written as
    every other time in the console."""
    import pandas as pd

    from minted.types import parse_timestamp

    shown = [
        {
            **{column: row.get(column) for column in SANDBOX_REQUEST_COLUMNS},
            "at": timestamp(parse_timestamp(row["at"]), lang) if row.get("at") else "—",
        }
        for row in rows
    ]
    return pd.DataFrame(shown, columns=SANDBOX_REQUEST_COLUMNS)
