"""Orders: the Partner digital buy/sell, the Order Schema, and walletable orders and baskets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from minted.models.base import MintedModel, Page
from minted.models.customers import Address, Customer, OrderAddress, OrderCustomer
from minted.models.products import ItemPrice
from minted.types import CalendarDate, DmyTime, IsoTime, Money, SqlTime, ZuluTime

# -- requests -------------------------------------------------------------------------------------


class OrderItemRequest(MintedModel):
    """A line of a buy or sell: ``sku`` (or ``product_id``) and ``amount`` (grams; fractions
    are allowed for digital metal, e.g. 0.1 g GAU)."""

    sku: str | None = None
    product_id: int | str | None = None
    amount: Money | None = None


class CardTokenPayment(MintedModel):
    card_token: str
    card_cvv: str | None = None
    customer_ip: str | None = None
    installment: int | None = None


class CardNumberPayment(MintedModel):
    """Card details for "Buy (with card number)" (fields assumed, Sipay-style)."""

    card_holder_name: str
    card_number: str
    card_expire_month: str
    card_expire_year: str
    card_cvv: str
    installment: int | None = None
    customer_ip: str | None = None
    save_card: bool | None = None


class DigitalBuyRequest(MintedModel):
    """Buy (Gold/Silver/Platinum): B2B without ``customer``, B2B2C with it; paid from the
    partner's cash unless ``payment_type="creditcard"`` with a ``payment``."""

    price_token: str | None = None
    currency_code: str | None = None
    external_id: str | None = None
    customer: OrderCustomer | None = None
    items: list[OrderItemRequest] = Field(default_factory=list)
    topup: dict[str, Any] | None = None
    price: Money | None = None
    payment_type: Literal["creditcard", "cash"] | None = None
    payment: CardTokenPayment | CardNumberPayment | None = None


class DigitalSellRequest(MintedModel):
    price_token: str | None = None
    currency_code: str | None = None
    external_id: str | None = None
    customer: OrderCustomer | None = None
    items: list[OrderItemRequest] = Field(default_factory=list)


class OrderLookup(MintedModel):
    """Get Order (Alternative): find an order by any of its ids."""

    guid: str | None = None
    order_code: str | None = None
    external_id: str | None = None
    push_hook: bool | None = None


# -- the Order Schema ----------------------------------------------------------------------------


class LineItem(MintedModel):
    """A product line: what every order and basket item has."""

    sku: str | None = None
    product_id: int | None = None
    product_name: str | None = None
    product_weight: Money | None = None
    item_currency_id: int | None = None
    item_currency_name: str | None = None
    price: Money | None = None
    tax_rate: Money | None = None
    tax: Money | None = None
    amount: Money | None = None
    total: Money | None = None


class OrderItem(LineItem):
    """Order Item Schema."""

    spot_price: Money | None = None
    currency_id: int | None = None
    currency_rate: Money | None = None
    currency_total: Money | None = None


class DeliveryProduct(MintedModel):
    product_id: int | None = None
    sku: str | None = None
    product_name: str | None = None
    amount: Money | None = None


class OrderDelivery(MintedModel):
    """Order Item Delivery (ADDENDUM §6.1)."""

    status_id: int | None = None
    status_name: str | None = None
    cargo_tracking_url: str | None = None
    cargo_tracking_number: str | None = None
    sync_status: bool | None = None
    products: list[DeliveryProduct] = Field(default_factory=list)
    estimated_arrival_date: CalendarDate | None = None


class CardDetails(MintedModel):
    """The card of an Order Payment, as the service echoes it (ADDENDUM §6.1)."""

    card_holder: str | None = None
    card_number: str | None = None
    card_expiry: str | None = None  # "MM/YY"
    card_cvv: str | None = None
    card_association: str | None = None
    customer_ip: str | None = None


class OrderPayment(MintedModel):
    """Order Payment (ADDENDUM §6.1); a basket's payment has the same shape."""

    state: str | None = None
    redirect_url: str | None = None  # 3-D Secure
    token: str | None = None
    is_3d: bool | None = None
    auth_mode: str | None = None
    amount: Money | None = None
    comission: Money | None = None  # sic, as the API spells it
    total: Money | None = None
    details: CardDetails | None = None


class Order(MintedModel):
    """Order Schema: Get Order, Get Order (Alternative), the ``orders`` of a buy/sell."""

    guid: str
    id: int | None = None
    order_code: str | None = None
    external_id: str | None = None
    channel: str | None = None
    tx_type: str | None = None
    type: Literal["Buy", "Sell", "Delivery"] | str | None = None
    price_token: str | None = None
    price: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    payment_cost: Money | None = None
    currency_rate: Money | None = None
    currency_total: Money | None = None
    currency_code: str | None = None
    status_id: int | None = None
    status_name: str | None = None
    payment_type: str | None = None
    order_at: DmyTime | None = None
    items: list[OrderItem] = Field(default_factory=list)
    customer: Customer | None = None
    payment: OrderPayment | None = None
    delivery: OrderDelivery | None = None
    address: OrderAddress | None = None
    description: str | None = None


class DeliveryOrder(Order):
    """What Delivery - Create answers: the Order Schema, with ``order_at`` in ISO 8601 with
    its offset as that page's example shows (``2023-12-11T11:21:46+03:00``)."""

    order_at: IsoTime | None = None


class OrderResponse(MintedModel):
    """What Buy and Sell return: one order per product line, with their codes."""

    order_code: list[str] = Field(default_factory=list)
    guid: list[str] = Field(default_factory=list)
    price: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    order_at: SqlTime | None = None
    orders: list[Order] = Field(default_factory=list)
    payment: dict[str, Any] | None = None


class Invoice(Order):
    """Get Order Invoice: the order, plus its invoice (invoice fields assumed)."""

    invoice_number: str | None = None
    invoice_date: CalendarDate | None = None
    invoice_url: str | None = None


class OrderStatus(MintedModel):
    id: int
    name: str


# -- walletable baskets and orders (the "Ecom Order" schema) ----------------------------------


class PriceFixState(MintedModel):
    """A basket's price-fix countdown.  ``remaining`` goes negative once the price is stale;
    when the service re-fixes it, ``updated`` is true and ``token`` is the new price token."""

    remaining: int
    next_update: IsoTime | None = Field(default=None, alias="nextUpdate")
    updated: bool | None = None
    token: str | None = None


class BasketItem(LineItem):
    """A walletable basket or order line, with its images and priced extras."""

    spot_price: Money | None = None  # Ecom OrderItem (ADDENDUM §6.2)
    product_images: list[str] = Field(default_factory=list)
    prices: list[ItemPrice] = Field(default_factory=list)


BasketPayment = OrderPayment


class SetAddressRequest(MintedModel):
    """E-Commerce › Set Custom Address (ADDENDUM §3): a basket's shipping and billing address,
    and optionally the card's BIN so that the card commission can be worked out."""

    external_customer_id: str
    cart_token: str
    shipping: Address
    billing: Address
    card_bin: str | None = None


class EcomOrderLookup(MintedModel):
    """E-Commerce › Get Order (ADDENDUM §2); note ``customer_external_id``, not the
    ``external_customer_id`` of the basket calls."""

    customer_external_id: str
    cart_token: str


class BasketRef(MintedModel):
    """One customer's basket, by its token: Clear Basket, Complete Buy and Complete Sell (and
    E-Commerce's Clear Basket)."""

    external_customer_id: str
    cart_token: str


class BasketItemAdd(MintedModel):
    """Create Basket / Add Basket Item: without ``cart_token`` a basket is started (assumed),
    of ``type`` buy, sell or delivery, in ``currency_code``."""

    external_customer_id: str
    sku: str
    qty: Money = Decimal(1)
    cart_token: str | None = None
    type: Literal["buy", "sell", "delivery"] | None = None
    currency_code: str | None = None


class BasketItemDelete(BasketRef):
    """Delete Basket Item: one line (``sku``) of a basket."""

    sku: str


class BasketItemUpdate(BasketItemDelete):
    """Update Basket Item: a line's new quantity (0 removes it)."""

    qty: Money


class CompleteDeliveryRequest(BasketRef):
    """Complete Delivery: the addresses are assumed to travel as ``address: {shipping,
    billing}``, as in Partner › Delivery - Create."""

    address: OrderAddress | None = None


class CompleteBasketRequest(BasketRef):
    """E-Commerce › Complete Basket."""

    payment_type: str | None = None


class WalletableOrder(MintedModel):
    """A walletable basket or order (``order_creation_status`` ``basket`` → ``order``).

    ``total`` is the raw metal price; ``paid_total`` what the customer pays (buy) or receives
    (sell) after fees — see `minted.fees`.
    """

    guid: str
    id: int | None = None
    pricefix: PriceFixState | None = None
    order_creation_status: Literal["basket", "order"] | str | None = None
    external_id: str | None = None
    increment_id: str | None = None
    token: str | None = None
    price_token: str | None = None
    type: str | None = None
    # buy, sell or delivery: the sandbox says it; on a completed order the docs show only
    # type "walletable_ecommerce"
    tx_type: str | None = None
    price: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    payment_cost: Money | None = None
    paid_total: Money | None = None
    delivery_cost: Money | None = None
    delivery_price: Money | None = None
    insurance_price: Money | None = None
    conversion_price: Money | None = None
    market_commission: Money | None = None
    minted_markup_price: Money | None = None
    silver_craftsmanship: Money | None = None
    charge_fee: Money | None = None
    charge_fee_rate: Money | None = None
    minting_fee: Money | None = None
    storage_fee: Money | None = None
    storage_fee_rate: Money | None = None
    charges_vat: Money | None = None
    vat_rate: Money | None = None
    currency_rate: Money | None = None
    currency_total: Money | None = None
    currency_code: str | None = None
    status_id: int | None = None
    status_name: str | None = None
    customer: Customer | None = None
    shippingaddress: Address | None = None
    billingaddress: Address | None = None
    payment: BasketPayment | None = None
    delivery: OrderDelivery | None = None
    order_at: ZuluTime | None = None
    items: list[BasketItem] = Field(default_factory=list)

    @property
    def cart_token(self) -> str | None:
        """The basket's ``token`` is what the basket and complete calls call ``cart_token``."""
        return self.token

    @property
    def is_basket(self) -> bool:
        return self.order_creation_status == "basket"

    @property
    def metal_weight(self) -> Decimal:
        """Grams of metal in the basket (product weight × amount, summed)."""
        return sum(
            ((i.product_weight or Decimal(1)) * (i.amount or Decimal(0)) for i in self.items),
            Decimal(0),
        )


Basket = WalletableOrder


class Receipt(WalletableOrder):
    """Receipt of a walletable order (receipt fields assumed)."""

    receipt_number: str | None = None
    issued_at: IsoTime | None = None
    receipt_url: str | None = None


# Parametrized here, at module level, so that pydantic registers the classes in this module and
# pickle (Streamlit's st.cache_data) finds them by name; a Page[...] first made inside a function
# cannot be pickled.
OrderPage = Page[Order]
WalletableOrderPage = Page[WalletableOrder]
