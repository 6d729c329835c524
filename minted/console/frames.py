"""Tables for the console: API models as pandas DataFrames, and CSV for export.

Money columns keep `Decimal` values, so a CSV export carries exactly what the API said.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import pandas as pd

from minted.console.formatting import METAL_CODES, timestamp
from minted.models import CustomerBalance, Order, WalletableOrder

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


def _items(order) -> str:
    return ", ".join(f"{i.amount.normalize():f} × {i.sku}" for i in order.items if i.amount)


def order_row(order: Order | WalletableOrder) -> dict:
    if isinstance(order, WalletableOrder):
        code, kind = order.increment_id, order.tx_type or order.type
        paid = order.paid_total
    else:
        code, kind = order.order_code, order.type or order.tx_type
        paid = order.total
    return {
        "order_at": order.order_at,
        "order": code,
        "kind": (kind or "").lower(),
        "status": order.status_name,
        "customer": order.customer.external_id if order.customer else "",
        "currency": order.currency_code,
        "items": _items(order),
        "total": order.total,
        "paid_total": paid,
        "guid": order.guid,
    }


def orders_frame(orders: Sequence[Order | WalletableOrder]) -> pd.DataFrame:
    return pd.DataFrame([order_row(o) for o in orders], columns=ORDER_COLUMNS)


def balances_frame(lines: Sequence[CustomerBalance]) -> pd.DataFrame:
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


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV of ``frame`` as shown, its text cells neutralised for spreadsheets."""
    buffer = io.StringIO()
    frame.map(neutralised).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "orders") -> bytes:
    """An Excel workbook of ``frame`` as shown.  Text cells are neutralised as in the CSV:
    openpyxl itself stores any text that starts with ``=`` as a formula.  Money goes in as
    text of its exact digits (Excel has no decimal type; a float would round it)."""
    shown = frame.map(neutralised).map(lambda v: f"{v:f}" if isinstance(v, Decimal) else v)
    for column in shown.columns:  # Excel has no time zones: the console's one time format
        if isinstance(shown[column].dtype, pd.DatetimeTZDtype) or _holds_datetimes(shown[column]):
            shown[column] = shown[column].map(timestamp)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        shown.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def _holds_datetimes(column: pd.Series) -> bool:
    return any(isinstance(v, datetime) for v in column)
