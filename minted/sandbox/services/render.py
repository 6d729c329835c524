"""Every order the sandbox answers, rendered once, through the client's models.

A stored order is a document of the shape its channel answers: a partner order (digital buy,
sell, partner delivery) the Order Schema, a walletable order the Ecom Order schema.  Rendering
adds what changes after it was stored (its status) and validates it into the model the route
declares, so the sandbox can only answer what the client can read.  A walletable order asked
for through the partner routes (Get Order, the order list) is mapped to the Order Schema
here, and only here.

The order lists answer many orders at once, so each order's answers in them are also
rendered once, when it is written, through the same mappings and models, with a slot where
its status goes: its Order Schema answer for GET /partner/orders
(`minted.sandbox.answers.order_answer`, kept in ``orders.answer``) and, for a walletable
order, its Ecom Order schema answer for the walletable list and the E-Commerce Get Orders
(`minted.sandbox.answers.walletable_answer`, kept in ``orders.ecom_answer``).  A read splices
the status in (`order_text`, `walletable_text`) and the texts into the page, without parsing
them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from minted import _json
from minted.models import Order, OrderResponse, WalletableOrder
from minted.sandbox.answers import (
    ORDER,
    STATUS_SLOT_UTF8,
    STATUS_UTF8,
    WALLETABLE,
    ecom_schema,
    order_schema,
    status_fields,
)
from minted.sandbox.errors import not_found
from minted.sandbox.store import loads

OrderT = TypeVar("OrderT", bound=Order)
WalletableT = TypeVar("WalletableT", bound=WalletableOrder)


def order(row, model: type[OrderT] = Order, **extra: Any) -> OrderT:
    """Any stored order (partner or walletable) as the Partner Order Schema."""
    document = order_schema(row, loads(row["data"]))
    return model.model_validate({**document, **status_fields(row), **extra})


def order_text(row) -> bytes:
    """A stored order as the order list answers it, as JSON text in UTF-8: its stored answer
    (read as UTF-8, ``row["answer"]``) with its status put in the slot, or, for an order
    stored without one (a database from before answers were kept), rendered now through
    `order` exactly as `order_answer` would have."""
    answer = row["answer"]
    if answer is None:
        value = ORDER.dump_python(order(row), mode="python", by_alias=True)
        return _json.dumps(value).encode("utf-8")
    return _with_status(answer, row)


def walletable_order(row, model: type[WalletableT] = WalletableOrder, **extra: Any) -> WalletableT:
    """A stored walletable order as the Ecom Order schema."""
    if row["channel"] != "walletable":
        raise not_found(6001, "Not a walletable order")
    document = ecom_schema(loads(row["data"]))
    return model.model_validate({**document, **status_fields(row), **extra})


def walletable_text(row, answer: bytes | None) -> bytes:
    """A stored walletable order as the walletable list answers it, as JSON text in UTF-8:
    its answer (`minted.sandbox.answers.walletable_answer`, stored or just rendered, in
    UTF-8) with its status put in the slot, or, for one the Ecom Order schema cannot read
    (None), rendered through `walletable_order`, which refuses it as before."""
    if answer is None:
        value = WALLETABLE.dump_python(walletable_order(row), mode="python", by_alias=True)
        return _json.dumps(value).encode("utf-8")
    return _with_status(answer, row)


def _with_status(answer: bytes, row) -> bytes:
    """A stored answer with the row's status in its slot (`minted.sandbox.answers`)."""
    return answer.replace(STATUS_SLOT_UTF8, STATUS_UTF8[row["status_id"]], 1)


def basket(document: dict) -> WalletableOrder:
    """An open basket (or a preview of one) as the Ecom Order schema."""
    return WalletableOrder.model_validate(document)


def order_response(response: dict) -> OrderResponse:
    """What Buy and Sell answer: the orders of one request, and their totals."""
    return OrderResponse.model_validate(response)
