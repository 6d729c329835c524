"""An order's answers in the order lists, rendered once, when the order is written.

Below the world (`minted.sandbox.world.World.insert_order` stores them in ``orders.answer``
and ``orders.ecom_answer``, the bulk history the first, and the walletable list keeps the
second on its first read) and below the services
(`minted.sandbox.services.render` reads orders through the same mappings): a stored order's
Order Schema document (`order_schema`), a walletable order's Ecom Order schema document
(`ecom_schema`), its status (`status_fields`), and the answers with a slot where the status
goes, which moves after the order is written: in GET /partner/orders (`order_answer`) and in
the walletable list (`walletable_answer`).  Rendered through the client's `Order` and
`WalletableOrder` models, so what is stored is only what the client can read.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pydantic import TypeAdapter

from minted import _json
from minted.models import Order, WalletableOrder
from minted.sandbox.catalog import ORDER_STATUSES
from minted.sandbox.store import loads

ZERO = Decimal(0)
_STORE_ONLY = ("increment_id", "created_at")  # kept with a partner order, never answered
# Kept with a walletable order, never in its Ecom Order schema: that has increment_id, not
# order_code (the stored order_code is what the partner routes' Order Schema shows of it).
_NOT_ECOM = ("created_at", "order_code")


def status_fields(row) -> dict:
    return {"status_id": row["status_id"], "status_name": ORDER_STATUSES[row["status_id"]]}


def order_schema(row, data: dict) -> dict:
    """A stored order's Order Schema document, but for its status (`status_fields`)."""
    if row["channel"] == "partner":
        # increment_id and created_at are the store's, not the Order Schema's (ADDENDUM §6.1)
        return {k: v for k, v in data.items() if k not in _STORE_ONLY}
    items = [
        {
            "product_id": i["product_id"],
            "sku": i["sku"],
            "product_name": i["product_name"],
            "product_weight": i["product_weight"],
            "spot_price": i.get("spot_price", ZERO),
            "price": i["price"],
            "tax_rate": i["tax_rate"],
            "tax": i["tax"],
            "amount": i["amount"],
            "total": i["total"],
        }
        for i in data["items"]
    ]
    return {
        "guid": data["guid"],
        "id": data["id"],
        "order_code": data["order_code"],
        "external_id": data.get("external_id"),
        "channel": "walletable",
        "tx_type": row["tx_type"],
        "type": row["tx_type"].capitalize(),
        "price_token": data.get("price_token"),
        "price": data["price"],
        "tax": data["tax"],
        "total": data["paid_total"],
        "payment_cost": data["payment_cost"],
        "currency_code": data["currency_code"],
        "payment_type": "cash",
        "order_at": data["order_at"],
        "items": items,
        "customer": data.get("customer"),
        "payment": None,
        "delivery": data.get("delivery"),
        "description": None,
    }


def ecom_schema(data: dict) -> dict:
    """A stored walletable order's Ecom Order schema document, but for its status
    (`status_fields`)."""
    return {k: v for k, v in data.items() if k not in _NOT_ECOM}


# Where an order's stored answer holds its status: one raw U+001F.  JSON writes every control
# character inside a string escaped (``\u001f``) and none outside one, so no text `_json.dumps`
# writes holds it, whatever the order's data: the one in a stored answer is the slot.
STATUS_SLOT = "\x1f"
# What goes in the slot: the status as the Order Schema and the Ecom Order schema answer it,
# by status id.  Both models declare ``status_id: int | None`` and ``status_name: str | None``
# side by side, so both dump the same two members (tests/test_sandbox_order_answers.py).
STATUS_TEXTS = {i: _json.dumps(status_fields({"status_id": i}))[1:-1] for i in ORDER_STATUSES}
# The same, as the lists splice them: in UTF-8, as the store reads a stored answer for them
# (`minted.sandbox.services.orders`).  U+001F is the byte 0x1F, which no other character's
# UTF-8 holds.
STATUS_SLOT_UTF8 = STATUS_SLOT.encode("utf-8")
STATUS_UTF8 = {i: text.encode("utf-8") for i, text in STATUS_TEXTS.items()}
ORDER = TypeAdapter(Order)
WALLETABLE = TypeAdapter(WalletableOrder)


def order_answer(row) -> str | None:
    """What the order list answers for a stored order (``data``, ``channel``, ``tx_type``:
    a row of ``orders`` or what is about to be one), written when the order is: its Order
    Schema (as `minted.sandbox.services.render.order` reads it), dumped as
    `minted.sandbox.routes._common.ok` dumps it, with `STATUS_SLOT` in place of
    ``"status_id":…,"status_name":…``, the one part that changes after
    (`minted.sandbox.world.World.progress_orders`).

    None for a document the Order Schema cannot read: such an order is rendered per read
    (`minted.sandbox.services.render.order_text`) and refused there, as before, rather than
    refused when written."""
    return _order_answer(row, _read(row))


def walletable_answer(row) -> str | None:
    """What the walletable list (and the E-Commerce Get Orders) answers for a stored order,
    written when the order is: `order_answer` for the Ecom Order schema (as
    `minted.sandbox.services.render.walletable_order` reads it), through `WalletableOrder`.

    None for a partner order (never in those lists) and for a document the Ecom Order schema
    cannot read (rendered per read, `minted.sandbox.services.render.walletable_text`)."""
    return _walletable_answer(row, _read(row))


def answers_of(row) -> tuple[str | None, str | None]:
    """`order_answer` and `walletable_answer` of one order, its document read once (the
    writers store both; reading it is about a third of each)."""
    data = _read(row)
    return _order_answer(row, data), _walletable_answer(row, data)


def _read(row) -> dict | None:
    try:
        return loads(row["data"])
    except ValueError:  # not JSON: no answer, as for a document the models cannot read
        return None


def _order_answer(row, data: dict | None) -> str | None:
    return _slotted(ORDER, lambda: order_schema(row, data))


def _walletable_answer(row, data: dict | None) -> str | None:
    if row["channel"] != "walletable":  # a partner order is never in those lists
        return None
    return _slotted(WALLETABLE, lambda: ecom_schema(data))


def _slotted(adapter: TypeAdapter, document_of: Callable[[], dict]) -> str | None:
    """The document ``document_of()`` makes, read through ``adapter`` without its status,
    dumped and written as `minted.sandbox.routes._common.ok` writes it, with `STATUS_SLOT`
    in place of its ``"status_id":…,"status_name":…``; None when the document cannot be
    made (its data not JSON, or lacking what it needs) or read."""
    try:
        value = adapter.validate_python({**document_of(), "status_id": None, "status_name": None})
    except (AttributeError, KeyError, TypeError, ValueError):  # ValidationError: ValueError
        return None
    dumped = adapter.dump_python(value, mode="python", by_alias=True)
    keys = list(dumped)
    at = keys.index("status_id")
    if keys[at + 1 : at + 2] != ["status_name"]:  # both models declare them side by side
        raise AssertionError(f"status_name does not follow status_id: {keys}")
    head = _json.dumps({k: dumped[k] for k in keys[:at]})[1:-1]
    tail = _json.dumps({k: dumped[k] for k in keys[at + 2 :]})[1:-1]
    return "{" + ",".join(part for part in (head, STATUS_SLOT, tail) if part) + "}"
