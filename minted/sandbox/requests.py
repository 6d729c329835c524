"""The request bodies the sandbox accepts: the client's own models, with the constraints the
docs state (and the sandbox's sanity limits of `minted.sandbox.limits`) on top.

They live here, not on the shared models in `minted.models`, because the client must still
send the docs' examples as written (``"{% faker datatype.uuid %}"``, the page's obfuscated
``[email protected]``); it is the service that refuses them.  Every handler also drops the
fields a model does not declare (`limits.strip_unknown`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from minted import models
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
    MAX_PAGE,
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


# -- queries ---------------------------------------------------------------------------------
class OrderFilters(models.OrderFilters):
    model_config = ConfigDict(extra="ignore")

    page: int = Field(1, ge=1, le=MAX_PAGE)
    total: int = Field(10, ge=1, le=100)
    customer_external_id: str | None = None
    status: str | None = None  # ids or names, comma-separated: "2,5" or "Pending"
    tx_type: str | None = None  # "buy,sell,delivery"
    sku: str | None = None
    currency_code: str | None = None
    startDate: date | None = None  # type: ignore[assignment]
    endDate: date | None = None  # type: ignore[assignment]
    sortBy: Literal["type", "total", "customer_external_id", "created_at"] = "created_at"
    sortType: Literal["asc", "desc"] = "desc"

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, values):
        """The docs' samples send empty filters (``sku=&startDate&endDate``): no filter."""
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if v not in ("", None)}
        return values


class HistoryQuery(models.RateHistoryQuery):
    model_config = ConfigDict(extra="ignore")

    currency_code: str
    base_currency: str | None = None
    startDate: datetime | None = None  # type: ignore[assignment]
    endDate: datetime | None = None  # type: ignore[assignment]


class IncompleteQuery(models.IncompleteBasketsQuery):
    model_config = ConfigDict(extra="ignore")

    customer_external_id: str = Field(min_length=1, max_length=110)
    page: int = Field(1, ge=1, le=MAX_PAGE)
    total: int = Field(10, ge=1, le=100)


# -- customers, cards, delivery wallets, legal texts -------------------------------------------
class CustomerAddressListBody(models.CustomerAddressList):
    """Create Multiple's body, assumed (ADDENDUM §4 shows only its first key)."""

    external_customer_id: str = Field(min_length=1, max_length=110)
    addresses: list[Address] = Field(min_length=1, max_length=20)


class KycBulkBody(models.KycBulkUpsert):
    items: list[models.KycUpsert] = Field(min_length=1, max_length=500)


class CardStorageListBody(models.CardStorageListRequest):
    customer_external_id: str = Field(min_length=1)


class DeliveryWalletsBody(models.DeliveryWalletsRequest):
    customer_external_id: str = Field(min_length=1)


class CardStorageDeleteBody(models.CardStorageDelete):
    customer_external_id: str = Field(min_length=1)
    card_token: str = Field(min_length=1)


class LegalBody(models.PartnerLegalRequest):
    type: str = Field(min_length=1)
    customer_external_id: str | None = None


# -- walletable baskets -------------------------------------------------------------------
CART_TOKEN = Field(min_length=32, max_length=32, description="The basket's 32-character token")
CUSTOMER = Field(min_length=1, max_length=110)


class BasketAddBody(models.BasketItemAdd):
    external_customer_id: str = CUSTOMER
    sku: str = Field(min_length=1)
    qty: int = Field(1, ge=1, le=10_000)  # type: ignore[assignment]  # whole bars or coins
    cart_token: str | None = Field(None, min_length=32, max_length=32)
    type: Literal["buy", "sell", "delivery"] = "buy"
    currency_code: str | None = None


class BasketItemBody(models.BasketItemDelete):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN
    sku: str = Field(min_length=1)


class BasketUpdateBody(models.BasketItemUpdate):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN
    sku: str = Field(min_length=1)
    qty: int = Field(ge=0, le=10_000)  # type: ignore[assignment]


class BasketRefBody(models.BasketRef):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN


class CompleteDeliveryBody(models.CompleteDeliveryRequest):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN
    address: OrderAddressBody | None = None


class CompleteBasketBody(models.CompleteBasketRequest):
    external_customer_id: str = CUSTOMER
    cart_token: str = CART_TOKEN
    payment_type: str | None = None


class ImportBody(models.ImportRequest):
    type: Literal["customers", "kyc"]
    rows: list[dict[str, Any]] = Field(min_length=1, max_length=5000)
