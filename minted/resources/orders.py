from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, TypedDict, Unpack

from minted import endpoints as ep
from minted.models import (
    Invoice,
    Order,
    OrderLookup,
    OrderStatus,
    Page,
    PartnerLegal,
    Receipt,
    WalletableOrder,
)
from minted.resources._base import Resource, drop_none

SortBy = Literal["type", "total", "customer_external_id", "created_at"]


class OrderQuery(TypedDict, total=False):
    """Filters of every order list (Python names; sent in the docs' own names)."""

    page: int  # from 1
    total: int  # rows per page
    customer_external_id: str
    status: Iterable[int] | int | str  # status ids, e.g. [2, 5] → "2,5"
    tx_type: Iterable[str] | str  # "buy", "sell", "delivery"
    sku: str
    currency_code: str
    start_date: date
    end_date: date
    sort_by: SortBy
    sort_type: Literal["asc", "desc"]


_WIRE_NAMES = {
    "start_date": "startDate",
    "end_date": "endDate",
    "sort_by": "sortBy",
    "sort_type": "sortType",
}


def order_params(query: OrderQuery) -> dict:
    """The query string of an order list: defaults first, then the caller's filters."""
    merged = {"page": 1, "total": 10, "sort_by": "created_at", "sort_type": "desc", **query}
    return drop_none(**{_WIRE_NAMES.get(k, k): v for k, v in merged.items()})


class Orders(Resource):
    def list(self, **query: Unpack[OrderQuery]) -> Page[Order]:
        """Partner › Get Orders, one page (``total`` rows) at a time."""
        return self._call(ep.ORDERS, Page[Order], params=order_params(query))

    def list_walletable(self, **query: Unpack[OrderQuery]) -> Page[WalletableOrder]:
        """Walletable › Get Orders (``status=2,5``, ``tx_type=buy,sell,delivery``)."""
        return self._call(ep.WALLETABLE_ORDERS, Page[WalletableOrder], params=order_params(query))

    def get(self, external_order_id: str) -> Order:
        return self._call(ep.ORDER_GET, Order, path={"external_order_id": external_order_id})

    def find(
        self,
        *,
        guid: str | None = None,
        order_code: str | None = None,
        external_id: str | None = None,
        push_hook: bool | None = None,
    ) -> Order:
        """Get Order (Alternative): by guid, order code or your external id."""
        if not (guid or order_code or external_id):
            raise ValueError("give guid, order_code or external_id")
        body = OrderLookup(
            **drop_none(
                guid=guid, order_code=order_code, external_id=external_id, push_hook=push_hook
            )
        )
        return self._call(ep.ORDER_FIND, Order, body=body)

    def invoice(self, external_order_id: str) -> Invoice:
        return self._call(ep.ORDER_INVOICE, Invoice, path={"external_order_id": external_order_id})

    def receipt(self, order_id: str) -> Receipt:
        """Walletable › Receipt, by the order's guid or increment id."""
        return self._call(ep.RECEIPT, Receipt, path={"order_id": order_id})

    def statuses(self) -> list[OrderStatus]:
        return self._call(ep.ORDER_STATUSES, list[OrderStatus])


class Legal(Resource):
    def get(self, type: str, *, customer_external_id: str | None = None) -> PartnerLegal:
        """Partner Legal: a legal text (e.g. ``type="kvkk"``) to show a customer."""
        body = drop_none(type=type, customer_external_id=customer_external_id)
        return self._call(ep.PARTNER_LEGAL, PartnerLegal, body=body)
