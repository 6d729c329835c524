"""Every order the sandbox answers, rendered once, through the client's models.

A stored order is a document of the shape its channel answers: a partner order (digital buy,
sell, partner delivery) the Order Schema, a walletable order the Ecom Order schema.  Rendering
adds what changes after it was stored (its status) and validates it into the model the route
declares, so the sandbox can only answer what the client can read.  A walletable order asked
for through the partner routes (Get Order, the order list) is mapped to the Order Schema
here, and only here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

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
    data = loads(row["data"])
    if row["channel"] == "partner":
        # increment_id and created_at are the store's, not the Order Schema's (ADDENDUM §6.1)
        stored = {k: v for k, v in data.items() if k not in _STORE_ONLY}
        return model.model_validate({**stored, **status_fields(row), **extra})
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
    schema = {
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
        **status_fields(row),
        "payment_type": "cash",
        "order_at": data["order_at"],
        "items": items,
        "customer": data.get("customer"),
        "payment": None,
        "delivery": data.get("delivery"),
        "description": None,
    }
    return model.model_validate({**schema, **extra})


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
