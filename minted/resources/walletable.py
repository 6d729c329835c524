"""Walletable E-Commerce: baskets, complete buy/sell/delivery, summaries, imports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

from minted import endpoints as ep
from minted.models import (
    Address,
    Basket,
    ImportJob,
    Summary,
    SummaryItem,
    SummaryRequest,
    WalletableOrder,
)
from minted.resources._base import Resource, drop_none

BasketType = Literal["buy", "sell", "delivery"]


class Baskets(Resource):
    """A customer's active basket; its ``token`` is the ``cart_token`` of every later call.

    Assumed where the docs are silent: Get Active Basket takes the customer (and basket type)
    as query; Create Basket / Add Basket Item starts a basket when no ``cart_token`` is given;
    Clear Basket is ``DELETE …/basket/empty`` like its E-Commerce twin.
    """

    def get_active(self, external_customer_id: str, *, type: BasketType = "buy") -> Basket:
        """The open basket; `NotFoundError` when the customer has none (a basket starts with
        its first item).  A stale price is re-fixed: ``pricefix.updated`` and a new token."""
        params = {"external_customer_id": external_customer_id, "type": type}
        return self._call(ep.BASKET_GET, Basket, params=params)

    def add_item(
        self,
        external_customer_id: str,
        sku: str,
        qty: Decimal | int,
        *,
        cart_token: str | None = None,
        type: BasketType = "buy",
        currency_code: str | None = None,
    ) -> Basket:
        """Without ``cart_token`` this starts a basket (in ``currency_code``, assumed)."""
        body = drop_none(
            external_customer_id=external_customer_id,
            cart_token=cart_token,
            type=type,
            sku=sku,
            qty=qty,
            currency_code=currency_code,
        )
        return self._call(ep.BASKET_ADD_ITEM, Basket, body=body)

    def update_item(
        self, external_customer_id: str, cart_token: str, sku: str, qty: Decimal | int
    ) -> Basket:
        body = {
            "external_customer_id": external_customer_id,
            "cart_token": cart_token,
            "sku": sku,
            "qty": qty,
        }
        return self._call(ep.BASKET_UPDATE_ITEM, Basket, body=body)

    def delete_item(self, external_customer_id: str, cart_token: str, sku: str) -> Basket:
        body = {"external_customer_id": external_customer_id, "cart_token": cart_token, "sku": sku}
        return self._call(ep.BASKET_DELETE_ITEM, Basket, body=body)

    def clear(self, external_customer_id: str, cart_token: str) -> Basket:
        body = {"external_customer_id": external_customer_id, "cart_token": cart_token}
        return self._call(ep.BASKET_CLEAR, Basket, body=body)


class Complete(Resource):
    """Complete Buy / Sell / Delivery: turn a basket into an order at its fixed price."""

    def buy(self, external_customer_id: str, cart_token: str) -> WalletableOrder:
        body = {"external_customer_id": external_customer_id, "cart_token": cart_token}
        return self._call(ep.COMPLETE_BUY, WalletableOrder, body=body)

    def sell(self, external_customer_id: str, cart_token: str) -> WalletableOrder:
        body = {"external_customer_id": external_customer_id, "cart_token": cart_token}
        return self._call(ep.COMPLETE_SELL, WalletableOrder, body=body)

    def delivery(
        self,
        external_customer_id: str,
        cart_token: str,
        *,
        shipping_address: Address | Mapping | None = None,
        billing_address: Address | Mapping | None = None,
    ) -> WalletableOrder:
        """The addresses are assumed to travel as ``address: {shipping, billing}``, as in
        Partner › Delivery - Create."""
        body: dict[str, Any] = {
            "external_customer_id": external_customer_id,
            "cart_token": cart_token,
        }
        address = drop_none(
            shipping=Address.model_validate(shipping_address) if shipping_address else None,
            billing=Address.model_validate(billing_address) if billing_address else None,
        )
        if address:
            body["address"] = address
        return self._call(ep.COMPLETE_DELIVERY, WalletableOrder, body=body)


class Summaries(Resource):
    """Walletable › Summary: holdings, and fee previews that create nothing."""

    def get(self, external_customer_id: str) -> Summary:
        params = {"external_customer_id": external_customer_id}
        return self._call(ep.SUMMARY_GET, Summary, params=params)

    def post(self, request: SummaryRequest) -> Summary:
        return self._call(ep.SUMMARY_POST, Summary, body=request)

    def buy(
        self, external_customer_id: str, items: Iterable[SummaryItem | Mapping]
    ) -> WalletableOrder:
        return self._preview(ep.SUMMARY_BUY, external_customer_id, items)

    def sell(
        self, external_customer_id: str, items: Iterable[SummaryItem | Mapping]
    ) -> WalletableOrder:
        return self._preview(ep.SUMMARY_SELL, external_customer_id, items)

    def delivery(
        self, external_customer_id: str, items: Iterable[SummaryItem | Mapping]
    ) -> WalletableOrder:
        return self._preview(ep.SUMMARY_DELIVERY, external_customer_id, items)

    def _preview(self, endpoint, external_customer_id, items) -> WalletableOrder:
        body = SummaryRequest(
            external_customer_id=external_customer_id,
            items=[SummaryItem.model_validate(i) for i in items],
        )
        return self._call(endpoint, WalletableOrder, body=body)


class Imports(Resource):
    """Walletable › Excel Import.  Assumed: the spreadsheet's rows are sent as JSON rows
    (``type`` names the sheet, e.g. ``customers``) and processed in the background."""

    def queue(self, type: str, rows: Iterable[Mapping[str, Any]]) -> ImportJob:
        return self._call(ep.IMPORT_QUEUE, ImportJob, body={"type": type, "rows": list(rows)})

    def status(self, import_id: str) -> ImportJob:
        return self._call(ep.IMPORT_STATUS, ImportJob, path={"import_id": import_id})
