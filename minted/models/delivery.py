"""Physical delivery of metal held in a wallet (Partner › Delivery)."""

from __future__ import annotations

from pydantic import Field

from minted.models.base import MintedModel
from minted.models.customers import OrderAddress
from minted.models.orders import CardNumberPayment, CardTokenPayment
from minted.types import Money


class DeliveryCustomer(MintedModel):
    external_id: str
    firstname: str | None = None
    lastname: str | None = None
    phone: str | None = None
    email: str | None = None


class DeliveryWalletsRequest(MintedModel):
    """Delivery - List Wallets: the customer whose deliverable wallets to list (assumed)."""

    customer_external_id: str


class DeliveryCreateRequest(MintedModel):
    """Delivery - Create: pay with cash (default) or with a card (``payment_type="creditcard"``
    and a ``payment``, assumed to mirror the card-payment buy)."""

    customer: DeliveryCustomer
    external_id: str
    sku: str
    amount: Money
    address: OrderAddress
    payment_type: str | None = None
    payment: CardTokenPayment | CardNumberPayment | None = None


class DeliveryWallet(MintedModel):
    """A wallet that metal can be delivered from (fields assumed)."""

    sku: str
    product_name: str | None = None
    balance: Money | None = None
    deliverable_amount: Money | None = None
    min_amount: Money | None = None
    step: Money | None = None


class DeliveryCalculateRequest(MintedModel):
    customer_external_id: str
    sku: str
    amount: Money
    city: str | None = None


class DeliveryQuote(MintedModel):
    sku: str
    amount: Money
    delivery_cost: Money
    insurance_price: Money | None = None
    tax: Money | None = None
    total: Money
    currency_code: str | None = None
    items: list[dict] = Field(default_factory=list)
