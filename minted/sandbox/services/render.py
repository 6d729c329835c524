"""Every order the sandbox answers, rendered once, through the client's models.

A stored order is a document of the shape its channel answers: a partner order (digital buy,
sell, partner delivery) the Order Schema, a walletable order the Ecom Order schema.  Rendering
adds what changes after it was stored (its status) and validates it into the model the route
declares, so the sandbox can only answer what the client can read.  A walletable order asked
for through the partner routes (Get Order, the order list) is mapped to the Order Schema
here, and only here.

The order list answers many orders at once, so each order's Order Schema answer is also
rendered once, when it is written (`order_answer`, kept in ``orders.answer``), with a slot
where its status goes; a read splices the status in (`order_text`) and the texts into the
page, without parsing them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import TypeAdapter

from minted import _json
from minted.models import Order, OrderResponse, WalletableOrder
from minted.sandbox.catalog import ORDER_STATUSES
from minted.sandbox.errors import not_found
from minted.sandbox.store import loads

OrderT = TypeVar("OrderT", bound=Order)
WalletableT = TypeVar("WalletableT", bound=WalletableOrder)
ZERO = Decimal(0)
_STORE_ONLY = ("increment_id", "created_at")  # kept with a partner order, never answered


def status_fields(row) -> dict:
    return {"status_id": row["status_id"], "status_name": ORDER_STATUSES[row["status_id"]]}


def order(row, model: type[OrderT] = Order, **extra: Any) -> OrderT:
    """Any stored order (partner or walletable) as the Partner Order Schema."""
    document = _order_schema(row, loads(row["data"]))
    return model.model_validate({**document, **status_fields(row), **extra})


def _order_schema(row, data: dict) -> dict:
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


# Where an order's stored answer holds its status: one raw U+001F.  JSON writes every control
# character inside a string escaped (``\u001f``) and none outside one, so no text `_json.dumps`
# writes holds it, whatever the order's data: the one in a stored answer is the slot.
STATUS_SLOT = "\x1f"
# What goes in the slot: the status as the Order Schema answers it, by status id.
_STATUS_TEXTS = {i: _json.dumps(status_fields({"status_id": i}))[1:-1] for i in ORDER_STATUSES}
_ORDER = TypeAdapter(Order)


def order_answer(row) -> str | None:
    """What the order list answers for a stored order (``data``, ``channel``, ``tx_type``:
    a row of ``orders`` or what is about to be one), written when the order is: `order`'s
    Order Schema, dumped as `minted.sandbox.routes._common.ok` dumps it, with `STATUS_SLOT`
    in place of ``"status_id":…,"status_name":…``, the one part that changes after
    (`minted.sandbox.world.World.progress_orders`).

    None for a document the Order Schema cannot read: such an order is rendered per read
    (`order_text`) and refused there, as before, rather than refused when written."""
    try:
        document = _order_schema(row, loads(row["data"]))
        value = Order.model_validate({**document, "status_id": None, "status_name": None})
    except (KeyError, TypeError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
    dumped = _ORDER.dump_python(value, mode="python", by_alias=True)
    keys = list(dumped)
    at = keys.index("status_id")
    if keys[at + 1 : at + 2] != ["status_name"]:  # the Order model declares them side by side
        raise AssertionError(f"status_name does not follow status_id: {keys}")
    head = _json.dumps({k: dumped[k] for k in keys[:at]})[1:-1]
    tail = _json.dumps({k: dumped[k] for k in keys[at + 2 :]})[1:-1]
    return "{" + ",".join(part for part in (head, STATUS_SLOT, tail) if part) + "}"


def order_text(row) -> str:
    """A stored order as the order list answers it, as JSON text: its stored answer with its
    status put in the slot, or, for an order stored without one (a database from before
    answers were kept), rendered now through `order` exactly as `order_answer` would have."""
    answer = row["answer"]
    if answer is None:
        return _json.dumps(_ORDER.dump_python(order(row), mode="python", by_alias=True))
    return answer.replace(STATUS_SLOT, _STATUS_TEXTS[row["status_id"]], 1)


def walletable_order(row, model: type[WalletableT] = WalletableOrder, **extra: Any) -> WalletableT:
    """A stored walletable order as the Ecom Order schema."""
    if row["channel"] != "walletable":
        raise not_found(6001, "Not a walletable order")
    data = loads(row["data"])
    # The Ecom Order schema has increment_id, not order_code: the stored order_code is what
    # the partner routes' Order Schema shows of a walletable order (`order`), not this.
    document = {
        k: v
        for k, v in {**data, **status_fields(row)}.items()
        if k not in ("created_at", "order_code")
    }
    return model.model_validate({**document, **extra})


def basket(document: dict) -> WalletableOrder:
    """An open basket (or a preview of one) as the Ecom Order schema."""
    return WalletableOrder.model_validate(document)


def order_response(response: dict) -> OrderResponse:
    """What Buy and Sell answer: the orders of one request, and their totals."""
    return OrderResponse.model_validate(response)
