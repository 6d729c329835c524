"""The request bodies the sandbox accepts: the client's own models, with the constraints the
docs state (and the sandbox's sanity limits of `minted.sandbox.limits`) on top.

They live here, not on the shared models in `minted.models`, because the client must still
send the docs' examples as written (``"{% faker datatype.uuid %}"``, the page's obfuscated
``[email protected]``); it is the service that refuses them.  Every handler also drops the
fields a model does not declare (`limits.strip_unknown`).
"""

from __future__ import annotations

from pydantic import Field

from minted.models import (
    Address,
    BinQueryRequest,
    CalculatePriceRequest,
    CashBalanceUpdate,
    CustomerCreate,
    CustomerUpdate,
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DigitalBuyRequest,
    DigitalSellRequest,
    OrderCustomer,
    OrderItemRequest,
    PriceFixRequest,
    SummaryRequest,
)
from minted.models.delivery import DeliveryCustomer
from minted.models.misc import SummaryItem
from minted.models.orders import OrderAddress
from minted.models.products import CalculatePriceItem
from minted.sandbox.limits import (
    MAX_ITEMS,
    CustomerId,
    Email,
    Grams,
    Money,
    Name,
    OrderId,
    SignedMoney,
    Units,
)


class CustomerCreateBody(CustomerCreate):
    """Create Customer as the docs constrain it: the id 3–40 of ``[A-Za-z0-9_-]``, names and
    tax office 3–40 characters, ``email`` a ``string<email>``."""

    external_id: CustomerId
    firstname: Name | None = None
    middlename: Name | None = None
    lastname: Name | None = None
    tax_office: Name | None = None
    email: Email | None = None


class CustomerUpdateBody(CustomerUpdate):
    """Update Customer: the same rules as Create for the fields it may change; nothing else
    (not ``id``, not ``external_id``) is read."""

    firstname: Name | None = None
    middlename: Name | None = None
    lastname: Name | None = None
    tax_office: Name | None = None
    email: Email | None = None


class AddressBody(Address):
    """Customer Address / Order Address: ids 1–110 and a zipcode of at most 5 characters
    (Set Custom Address's table)."""

    external_id: OrderId | None = None
    external_customer_id: OrderId | None = None
    zipcode: str | None = Field(None, max_length=5)
    email: Email | None = None


class OrderAddressBody(OrderAddress):
    billing: AddressBody | None = None
    shipping: AddressBody | None = None


class OrderCustomerBody(OrderCustomer):
    """A B2B2C buy's customer: it can come into being here, so Create Customer's id rule."""

    external_id: CustomerId


class OrderItemBody(OrderItemRequest):
    amount: Grams | None = None


class DigitalBuyBody(DigitalBuyRequest):
    external_id: OrderId | None = None
    customer: OrderCustomerBody | None = None
    items: list[OrderItemBody] = Field(default_factory=list, max_length=MAX_ITEMS)
    price: Money | None = None


class DigitalSellBody(DigitalSellRequest):
    external_id: OrderId | None = None
    customer: OrderCustomerBody | None = None
    items: list[OrderItemBody] = Field(default_factory=list, max_length=MAX_ITEMS)


class CalculatePriceItemBody(CalculatePriceItem):
    amount: Grams | None = None


class CalculatePriceBody(CalculatePriceRequest):
    items: list[CalculatePriceItemBody] = Field(max_length=MAX_ITEMS)
    total: Money | None = None


class PriceFixBody(PriceFixRequest):
    total: Money | None = None


class BinQueryBody(BinQueryRequest):
    amount: Money


class CashBalanceBody(CashBalanceUpdate):
    amount: SignedMoney
    external_id: OrderId | None = None


class DeliveryCustomerBody(DeliveryCustomer):
    external_id: CustomerId


class DeliveryCalculateBody(DeliveryCalculateRequest):
    amount: Grams


class DeliveryCreateBody(DeliveryCreateRequest):
    customer: DeliveryCustomerBody
    external_id: OrderId
    amount: Grams
    address: OrderAddressBody


class SummaryItemBody(SummaryItem):
    qty: Units  # type: ignore[assignment]  # whole bars or coins


class SummaryBody(SummaryRequest):
    items: list[SummaryItemBody] = Field(default_factory=list, max_length=MAX_ITEMS)
