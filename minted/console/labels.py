"""Human column labels for the console's tables, each with the field it shows in its tooltip.

A table's columns keep short keys (``paid_total``), which is also what a CSV export's header
says; on screen each column reads as a person would say it ("Paid total") and its help
tooltip names the API's field (``API field: paid_total``), so a support engineer can match
the screen to a request in the API log.  Plain data and functions: no Streamlit here.  The
column configs are the dictionaries ``st.column_config.*Column`` returns, which
``st.dataframe(column_config=…)`` takes as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Label(NamedTuple):
    en: str
    tr: str
    field: str | None  # the field the column shows; None: the console works it out
    kind: str | None = None  # a Streamlit column type: image, link, checkbox
    note: str | None = None  # the tooltip of a column the console works out


# Where a table's fields come from, for its tooltips.
SOURCES = {
    "orders": "API field",
    "order_items": "API field",
    "balances": "API field",
    "kyc": "API field",
    "partner_metal": "API field",
    "products": "API field",
    "rates": "API field",
    "audit": "Audit log field",
    "api_log": "API log field",
    "sandbox_requests": "Sandbox journal field",
    "explorer": "Catalogue field",
    "explorer_problems": "Model check field",
    "drift": "Drift report field",
}

TABLES: dict[str, dict[str, Label]] = {
    "orders": {
        "order_at": Label("Order date", "Sipariş tarihi", "order_at"),
        "order": Label("Order", "Sipariş", "increment_id (walletable) / order_code (partner)"),
        "kind": Label("Type", "Tür", "tx_type"),
        "status": Label("Status", "Durum", "status_name"),
        "customer": Label("Customer", "Müşteri", "customer.external_id"),
        "currency": Label("Currency", "Para birimi", "currency_code"),
        "items": Label("Items", "Ürünler", "items[].amount × items[].sku"),
        "total": Label("Total", "Toplam", "total"),
        "paid_total": Label(
            "Paid total", "Ödenen toplam", "paid_total (walletable) / total (partner)"
        ),
        "guid": Label("GUID", "GUID", "guid"),
    },
    "order_items": {
        "sku": Label("SKU", "SKU", "items[].sku"),
        "product": Label("Product", "Ürün", "items[].product_name"),
        "amount": Label("Quantity", "Adet", "items[].amount"),
        "price": Label("Price", "Fiyat", "items[].price"),
        "total": Label("Total", "Toplam", "items[].total"),
    },
    "balances": {
        "wallet": Label("Wallet", "Cüzdan", "name"),
        "code": Label("Code", "Kod", "currency_code"),
        "kind": Label("Kind", "Tür", None, note="Metal (grams) or cash, from currency_code"),
        "balance": Label("Balance", "Bakiye", "balance"),
        "blocked": Label("Blocked", "Bloke", "blocked"),
        "available": Label("Available", "Kullanılabilir", "real_balance"),
    },
    "kyc": {  # one row per field of the KYC record; the row says which API field it is
        "field": Label("Field", "Alan", None, note="A field of the KYC record"),
        "value": Label("Value", "Değer", None, note="The field's value; — when empty"),
        "api": Label("API field", "API alanı", None, note="The field's name in the API"),
    },
    "partner_metal": {
        "wallet": Label("Wallet", "Cüzdan", "name"),
        "own": Label("Own (g)", "Kendi (g)", "balance"),
        "held": Label("Held for customers (g)", "Müşteriler için (g)", "held_for_customers"),
        "value": Label("Value (own)", "Değer (kendi)", "value, value_currency"),
    },
    "products": {
        "image": Label(
            "Metal", "Metal", None, "image", note="Drawn by the console from metal_type"
        ),
        "photo": Label("Photo link", "Fotoğraf bağlantısı", "product_images[0]", "link"),
        "product": Label("Product", "Ürün", "product_name"),
        "sku": Label("SKU", "SKU", "sku"),
        "metal": Label("Metal type", "Metal türü", "metal_type"),
        "weight": Label("Weight", "Ağırlık", "product_weight"),
        "buy": Label("Buy price", "Alış fiyatı", "buy_price"),
        "sell": Label("Sell price", "Satış fiyatı", "sell_price"),
        "deliverable": Label("Physical", "Fiziksel", "is_deliverable", "checkbox"),
    },
    "rates": {
        "code": Label("Code", "Kod", "currency_code"),
        "name": Label("Name", "Ad", "name"),
        "rate": Label("Rate", "Kur", "rate"),
        "buy": Label("Buy rate", "Alış kuru", "buy_rate"),
        "sell": Label("Sell rate", "Satış kuru", "sell_rate"),
        "updated": Label("Updated", "Güncellendi", "updated_at"),
    },
    "audit": {
        "at": Label("Time", "Zaman", "at"),
        "who": Label("Who", "Kim", "who"),
        "role": Label("Role", "Rol", "role"),
        "environment": Label("Environment", "Ortam", "environment"),
        "action": Label("Action", "İşlem", "action"),
        "result": Label("Result", "Sonuç", "result"),
        "orders": Label("Orders", "Siparişler", "order_ids"),
        "client ip": Label("Client IP", "İstemci IP", "client_ip"),
        "request": Label("Request", "İstek", "request"),
        "message": Label("Message", "Mesaj", "message"),
    },
    "api_log": {
        "time": Label("Time", "Zaman", "at"),
        "env": Label("Environment", "Ortam", "environment"),
        "method": Label("Method", "Yöntem", "method"),
        "path": Label("Path", "Yol", "path"),
        "status": Label("HTTP status", "HTTP durumu", "status"),
        "ms": Label("Duration (ms)", "Süre (ms)", "duration_ms"),
        "retries": Label("Retries", "Tekrar", "retries"),
        "error": Label("Error", "Hata", "error"),
        "override": Label("Overridden as", "Düzeltilmiş hali", "override"),
    },
    "sandbox_requests": {
        "at": Label("Time", "Zaman", "at"),
        "method": Label("Method", "Yöntem", "method"),
        "path": Label("Path", "Yol", "path"),
        "query": Label("Query", "Sorgu", "query"),
        "status": Label("HTTP status", "HTTP durumu", "status"),
        "duration_ms": Label("Duration (ms)", "Süre (ms)", "duration_ms"),
        "user": Label("User", "Kullanıcı", "user"),
    },
    "explorer": {
        "page": Label("Docs page", "Doküman sayfası", "docs (the page's title)"),
        "method": Label("Method", "Yöntem", "method"),
        "path": Label("Path", "Yol", "path"),
        "docs": Label("Path from", "Yolun kaynağı", "assumed (documented or assumed)"),
        "writes": Label("Writes", "Yazar", "writes"),
        "overridden": Label("Overridden as", "Düzeltilmiş hali", "the environment's override"),
    },
    "drift": {
        "endpoint": Label("Endpoint", "Uç nokta", "endpoint (the docs' name)"),
        "call": Label("Call", "Çağrı", "request"),
        "result": Label("Result", "Sonuç", "status and note"),
        "model": Label("Against the model", "Modele göre", "model findings"),
        "sandbox": Label("Against the sandbox", "Sandbox'a göre", "sandbox findings"),
    },
    "explorer_problems": {
        "kind": Label("Kind", "Tür", "kind (invalid, missing, unknown, format)"),
        "where": Label("Where", "Yer", "where"),
        "message": Label("What", "Ne", "message"),
    },
}


def answer_config(columns: Iterable[str]) -> dict[str, dict]:
    """An explorer answer's table: each column is an API field, labelled as the API names it
    (the explorer shows the API as it is)."""
    return {str(c): {"label": str(c), "help": f"API field: {c}"} for c in columns}


_WIDTHS = {"image": "small", "link": "medium"}


def help_text(table: str, column: str) -> str:
    label = TABLES[table][column]
    if label.field is None:
        return label.note or "Worked out by the console"
    return f"{SOURCES[table]}: {label.field}"


def unlabelled(table: str, columns: Iterable[str]) -> list[str]:
    """The columns of ``table`` that have no human label (there should be none)."""
    known = TABLES.get(table, {})
    return [str(c) for c in columns if c not in known]


def column_config(table: str, columns: Iterable[str], lang: str = "en") -> dict[str, dict]:
    """``st.dataframe``'s column_config for ``columns`` of ``table``: each column its human
    label in ``lang`` and its field in the tooltip.  A column with no label keeps its key as
    label (tests see that none has).  A column not to be seen is not sent (the frame for the
    screen leaves it out), rather than sent and hidden here."""
    config: dict[str, dict] = {}
    for column in columns:
        label = TABLES.get(table, {}).get(column)
        if label is None:
            config[column] = {"label": str(column)}
            continue
        entry: dict = {
            "label": label.tr if lang == "tr" else label.en,
            "help": help_text(table, column),
        }
        if label.kind:
            entry["type_config"] = {"type": label.kind}
            entry["width"] = _WIDTHS.get(label.kind)
        if label.kind == "link":  # as st.column_config.LinkColumn writes it
            entry["type_config"].update(max_chars=None, validate=None, display_text=None)
        config[column] = entry
    return config
