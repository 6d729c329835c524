from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minted import endpoints as ep
from minted.models import (
    CardNumberPayment,
    CardTokenPayment,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryOrder,
    DeliveryQuote,
    DeliveryWallet,
)
from minted.resources._base import Resource, drop_none


class Delivery(Resource):
    """Partner › Delivery: metal out of a wallet and into a parcel."""

    def wallets(self, customer_external_id: str) -> list[DeliveryWallet]:
        body = {"customer_external_id": customer_external_id}
        return self._call(ep.DELIVERY_WALLETS, list[DeliveryWallet], body=body)

    def calculate(
        self, customer_external_id: str, sku: str, amount: Decimal, *, city: str | None = None
    ) -> DeliveryQuote:
        body = DeliveryCalculateRequest(
            customer_external_id=customer_external_id,
            sku=sku,
            amount=amount,
            **drop_none(city=city),
        )
        return self._call(ep.DELIVERY_CALCULATE, DeliveryQuote, body=body)

    def create(
        self, request: DeliveryCreateRequest | None = None, /, **fields: Any
    ) -> DeliveryOrder:
        """Delivery - Create (Pay With Cash)."""
        body = request if request is not None else DeliveryCreateRequest(**fields)
        return self._call(ep.DELIVERY_CREATE, DeliveryOrder, body=body)

    def create_with_card(
        self,
        request: DeliveryCreateRequest,
        payment: CardTokenPayment | CardNumberPayment | Mapping,
    ) -> DeliveryOrder:
        """Delivery - Create (Pay With Card Payment)."""
        body = DeliveryCreateRequest.model_validate(
            {**request.to_api(), "payment_type": "creditcard", "payment": payment}
        )
        return self._call(ep.DELIVERY_CREATE, DeliveryOrder, body=body)
