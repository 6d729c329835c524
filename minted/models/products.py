"""Products, prices, price fixes and currency rates."""

from __future__ import annotations

from pydantic import Field

from minted.models.base import MintedModel, Page
from minted.types import IsoTime, Money


class ProductPrice(MintedModel):
    """One product's prices in a price fix (and in Product Prices)."""

    sku: str
    currency_id: int | None = None
    product_id: int | None = None
    spot_price: Money | None = None
    buy_price: Money | None = None
    sell_price: Money | None = None
    buy_amount: Money | None = None


class PriceFixRequest(MintedModel):
    """Price Fix (Get Prices).  From amount: ``type`` (+ customer).  From total price: also
    ``total`` and ``currency``: the token then buys as much metal as ``total`` pays for."""

    type: str = "digital"
    customer_external_id: str | None = None
    currency: str | None = None
    total: Money | None = None
    payment_type: str | None = None


class PriceFix(MintedModel):
    """A price token and the prices it holds until ``expires_at`` (``expire_ttl`` seconds)."""

    token: str
    total: Money | None = None
    expires_at: IsoTime
    expire_ttl: int
    is_total_price: bool = False
    prices: list[ProductPrice] = Field(default_factory=list)
    currency: str = "GBP"

    def price_of(self, sku: str) -> ProductPrice | None:
        return next((p for p in self.prices if p.sku == sku), None)


class CalculatePriceItem(MintedModel):
    sku: str
    amount: Money | None = None


class CalculatePriceRequest(MintedModel):
    price_token: str
    items: list[CalculatePriceItem]
    currency_code: str | None = None
    total: Money | None = None


class CalculatedItem(MintedModel):
    sku: str
    amount: Money
    price: Money
    total: Money


class CalculatedPrice(MintedModel):
    """Calculate Price (From Amount): what a buy with this token would cost (fields assumed).
    ``expires_at`` is when the token's prices stop holding, as Price Fix says it: assumed, a
    calculation on a token being worth no more than the token."""

    price_token: str | None = None
    currency_code: str | None = None
    price: Money
    tax: Money | None = None
    total: Money
    items: list[CalculatedItem] = Field(default_factory=list)
    expires_at: IsoTime | None = None


class ItemPrice(MintedModel):
    """A priced extra on a product line (``prices``: minting fee, shipping, conversion)."""

    id: int | None = None
    name: str | None = None
    price: Money | None = None


class WalletableProduct(MintedModel):
    """Walletable Get Products (fields assumed from the basket item, which embeds a product)."""

    product_id: int
    sku: str
    product_name: str
    item_currency_id: int | None = None
    item_currency_name: str | None = None
    metal_type: str | None = None
    product_weight: Money | None = None
    purity: str | None = None
    is_deliverable: bool | None = None
    is_digital: bool | None = None
    currency_code: str | None = None
    buy_price: Money | None = None
    sell_price: Money | None = None
    product_images: list[str] = Field(default_factory=list)
    prices: list[ItemPrice] = Field(default_factory=list)


class CurrencyRate(MintedModel):
    """One currency against the partner's base currency (fields assumed)."""

    currency_code: str
    name: str | None = None
    symbol: str | None = None
    base_currency: str | None = None
    buy_rate: Money | None = None
    sell_rate: Money | None = None
    rate: Money | None = None
    updated_at: IsoTime | None = None


class RatePoint(MintedModel):
    at: IsoTime
    rate: Money
    buy_rate: Money | None = None
    sell_rate: Money | None = None


class RateHistory(MintedModel):
    currency_code: str
    base_currency: str | None = None
    points: list[RatePoint] = Field(default_factory=list)


class EcomProduct(MintedModel):
    """E-Commerce catalogue product."""

    id: int
    name: str | None = None
    text: str | None = None
    barcode: str | None = None
    sku: str | None = None
    stock: int | None = None
    currency_code: str | None = None
    list_price: Money | None = None
    sale_price: Money | None = None
    product_images: list[str] = Field(default_factory=list)
    basecurrency: dict | None = None
    category: dict | None = None


# Parametrized here, at module level, so that pydantic registers the classes in this module and
# pickle (Streamlit's st.cache_data) finds them by name; a Page[...] first made inside a function
# cannot be pickled.
EcomProductPage = Page[EcomProduct]
