"""A walletable receipt as a small, printable HTML document (plain function, no Streamlit)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from minted.console.formatting import grams, money, number, timestamp
from minted.fees import FeeBreakdown, breakdown_of
from minted.figures import figures
from minted.models import Receipt

LABELS = {
    "en": {
        "receipt": "Receipt",
        "order": "Order",
        "customer": "Customer",
        "date": "Date",
        "metal": "Metal",
        "paid": "Paid total",
        "received": "Net amount received",
        "status": "Status",
        "item": "Item",
        "qty": "Qty",
        "weight": "Weight",
        "price": "Price",
        "total": "Total",
    },
    "tr": {
        "receipt": "Makbuz",
        "order": "Sipariş",
        "customer": "Müşteri",
        "date": "Tarih",
        "metal": "Metal",
        "paid": "Ödenen toplam",
        "received": "Alınan net tutar",
        "status": "Durum",
        "item": "Ürün",
        "qty": "Adet",
        "weight": "Ağırlık",
        "price": "Fiyat",
        "total": "Toplam",
    },
}

# The fee lines' names (`minted.fees.FeeBreakdown.components`), for a receipt in Turkish; the
# docs' own Turkish word for the minting fee is "Mint Ücreti".
COMPONENTS_TR = {
    "Metal": "Metal",
    "Service fee": "Hizmet bedeli",
    "Minting fee": "Mint ücreti",
    "Storage fee": "Saklama ücreti",
    "Delivery": "Teslimat",
    "VAT on fees": "Ücretlerin KDV'si",
    "Payment cost": "Ödeme maliyeti",
}


def component_name(name: str, lang: str) -> str:
    return COMPONENTS_TR.get(name, name) if lang == "tr" else name


def _line_grams(item) -> Decimal:
    """A line's weight (`minted.figures`: the API's amounts are data, not promises)."""
    with figures():
        return Decimal(item.product_weight or 0) * Decimal(item.amount or 0)


def receipt_html(receipt: Receipt, lang: str = "en") -> str:
    t = LABELS.get(lang, LABELS["en"])
    currency = receipt.currency_code
    fees = breakdown_of(receipt)
    rows = "".join(
        f"<tr><td>{escape(i.product_name or i.sku or '')}</td>"
        f"<td>{number(i.amount or Decimal(0), lang, trimmed=True)}</td>"
        f"<td>{grams(_line_grams(i), lang)}</td>"
        f"<td>{money(i.price, currency, lang)}</td><td>{money(i.total, currency, lang)}</td></tr>"
        for i in receipt.items
    )
    lines = "".join(
        f"<tr><td colspan=4>{escape(component_name(name, lang))}</td>"
        f"<td>{money(value, currency, lang)}</td></tr>"
        for name, value in fees.components()
    )
    customer = receipt.customer
    who = (
        f"{escape(customer.display_name or '—')} ({escape(customer.external_id or '')})"
        if customer
        else "—"
    )
    final = t["received"] if fees.type == "sell" else t["paid"]
    return f"""<div style="font-family:system-ui,sans-serif;font-size:14px;max-width:520px">
<h3 style="margin:0">{t["receipt"]} {escape(receipt.receipt_number or "")}</h3>
<p style="margin:4px 0">{t["order"]} {escape(receipt.increment_id or receipt.guid)} ·
{t["status"]}: {escape(receipt.status_name or "")}<br>
{t["customer"]}: {who}<br>
{t["date"]}: {timestamp(receipt.order_at, lang)}</p>
<table style="width:100%;border-collapse:collapse" border=0 cellpadding=3>
<tr style="text-align:left;border-bottom:1px solid #ccc"><th>{t["item"]}</th><th>{t["qty"]}</th>
<th>{t["weight"]}</th><th>{t["price"]}</th><th>{t["total"]}</th></tr>
{rows}{lines}
<tr style="border-top:2px solid #333;font-weight:bold"><td colspan=4>{final}</td>
<td>{money(receipt.paid_total, currency, lang)}</td></tr>
</table></div>"""


def headline_figures(fees: FeeBreakdown) -> list[tuple[str, Decimal]]:
    """The three figures a basket is read by.  A delivery buys no metal: its ``total`` is the
    delivery cost (shown as "Metal" it was counted twice beside the fees)."""
    with figures():
        extras = fees.fees + fees.payment_cost
        goods_extras = extras + fees.delivery_cost
    if fees.type == "delivery":
        return [
            ("Delivery", fees.delivery_cost),
            ("Fees and VAT", extras),
            ("Customer pays", fees.paid_total),
        ]
    if fees.type == "sell":
        return [
            ("Metal", fees.total),
            ("Fees and VAT (deducted)", extras),
            ("Customer receives", fees.paid_total),
        ]
    return [
        ("Metal", fees.total),
        ("Fees and VAT", goods_extras),
        ("Customer pays", fees.paid_total),
    ]
