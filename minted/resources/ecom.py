from __future__ import annotations

from typing import Unpack

from minted import endpoints as ep
from minted.models import (
    Address,
    EcomOrderLookup,
    EcomProduct,
    Page,
    SetAddressRequest,
    WalletableOrder,
)
from minted.resources._base import Resource, drop_none
from minted.resources.orders import OrderQuery, order_params


class Ecom(Resource):
    """E-Commerce API (catalogue and checkout of physical products): the documented pages."""

    def products(self, *, page: int = 1, total: int = 10) -> Page[EcomProduct]:
        return self._call(
            ep.ECOM_PRODUCTS, Page[EcomProduct], params={"page": page, "total": total}
        )

    def product(self, *, sku: str | None = None, id: int | None = None) -> EcomProduct:
        if sku is None and id is None:
            raise ValueError("give sku or id")
        return self._call(ep.ECOM_PRODUCT, EcomProduct, params=drop_none(sku=sku, id=id))

    def orders(self, **query: Unpack[OrderQuery]) -> Page[WalletableOrder]:
        """E-Commerce › Get Orders (the same filters as every order list)."""
        return self._call(ep.ECOM_ORDERS, Page[WalletableOrder], params=order_params(query))

    def incomplete_baskets(
        self, customer_external_id: str, *, page: int = 1, total: int = 10
    ) -> Page[WalletableOrder]:
        params = {"customer_external_id": customer_external_id, "page": page, "total": total}
        return self._call(ep.ECOM_BASKETS, Page[WalletableOrder], params=params)

    def clear_basket(self, external_customer_id: str, cart_token: str) -> WalletableOrder:
        body = {"external_customer_id": external_customer_id, "cart_token": cart_token}
        return self._call(ep.ECOM_BASKET_CLEAR, WalletableOrder, body=body)

    def complete_basket(
        self, external_customer_id: str, cart_token: str, *, payment_type: str | None = None
    ) -> WalletableOrder:
        body = drop_none(
            external_customer_id=external_customer_id,
            cart_token=cart_token,
            payment_type=payment_type,
        )
        return self._call(ep.ECOM_BASKET_COMPLETE, WalletableOrder, body=body)

    def get_order(self, customer_external_id: str, cart_token: str) -> WalletableOrder:
        """E-Commerce › Get Order: a basket or order by its cart token (ADDENDUM §2)."""
        body = EcomOrderLookup(customer_external_id=customer_external_id, cart_token=cart_token)
        return self._call(ep.ECOM_ORDER, WalletableOrder, body=body)

    def set_address(
        self,
        external_customer_id: str,
        cart_token: str,
        *,
        shipping: Address | dict,
        billing: Address | dict,
        card_bin: str | None = None,
    ) -> WalletableOrder:
        """E-Commerce › Set Custom Address: the basket's shipping and billing address, and the
        card's BIN for its commission (ADDENDUM §3)."""
        body = SetAddressRequest(
            external_customer_id=external_customer_id,
            cart_token=cart_token,
            shipping=shipping,
            billing=billing,
            card_bin=card_bin,
        )
        return self._call(ep.ECOM_SET_ADDRESS, WalletableOrder, body=body)
