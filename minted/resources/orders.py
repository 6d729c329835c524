from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

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


def order_filters(
    *,
    page: int,
    total: int,
    customer_external_id: str | None,
    status: Iterable[int] | int | str | None,
    tx_type: Iterable[str] | str | None,
    sku: str | None,
    currency_code: str | None,
    start_date: date | None,
    end_date: date | None,
    sort_by: SortBy,
    sort_type: Literal["asc", "desc"],
) -> dict:
    """The query of every order list, in the docs' own parameter names."""
    return drop_none(
        page=page,
        total=total,
        customer_external_id=customer_external_id,
        status=status,
        tx_type=tx_type,
        sku=sku,
        currency_code=currency_code,
        startDate=start_date,
        endDate=end_date,
        sortBy=sort_by,
        sortType=sort_type,
    )


class Orders(Resource):
    def list(
        self,
        *,
        page: int = 1,
        total: int = 10,
        customer_external_id: str | None = None,
        status: Iterable[int] | int | str | None = None,
        tx_type: Iterable[str] | str | None = None,
        sku: str | None = None,
        currency_code: str | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
        sort_by: SortBy = "created_at",
        sort_type: Literal["asc", "desc"] = "desc",
    ) -> Page[Order]:
        """Partner › Get Orders, one page (``total`` rows) at a time."""
        params = order_filters(
            page=page,
            total=total,
            customer_external_id=customer_external_id,
            status=status,
            tx_type=tx_type,
            sku=sku,
            currency_code=currency_code,
            start_date=start_date,
            end_date=end_date,
            sort_by=sort_by,
            sort_type=sort_type,
        )
        return self._call(ep.ORDERS, Page[Order], params=params)

    def list_walletable(
        self,
        *,
        page: int = 1,
        total: int = 10,
        customer_external_id: str | None = None,
        status: Iterable[int] | int | str | None = None,
        tx_type: Iterable[str] | str | None = None,
        sku: str | None = None,
        currency_code: str | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
        sort_by: SortBy = "created_at",
        sort_type: Literal["asc", "desc"] = "desc",
    ) -> Page[WalletableOrder]:
        """Walletable › Get Orders (``status=2,5``, ``tx_type=buy,sell,delivery``)."""
        params = order_filters(
            page=page,
            total=total,
            customer_external_id=customer_external_id,
            status=status,
            tx_type=tx_type,
            sku=sku,
            currency_code=currency_code,
            start_date=start_date,
            end_date=end_date,
            sort_by=sort_by,
            sort_type=sort_type,
        )
        return self._call(ep.WALLETABLE_ORDERS, Page[WalletableOrder], params=params)

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
