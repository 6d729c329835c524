"""Query strings, as models: each field is a parameter under the name it has on the wire.

The client's methods take Python arguments and build these strings themselves; the models say
what each endpoint's query is, for `minted.specs` (a form per endpoint, a drift check) and for
the sandbox, which constrains them (`minted.sandbox.requests`).  Lists go out comma-separated
(``status=2,5``), dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

from typing import Literal

from minted.models.base import MintedModel
from minted.types import CalendarDate


class OrderFilters(MintedModel):
    """Every order list (Partner, Walletable and E-Commerce › Get Orders): one page of
    ``total`` rows, filtered, sorted."""

    page: int = 1
    total: int = 10
    customer_external_id: str | None = None
    status: str | None = None  # status ids or names, comma-separated: "2,5"
    tx_type: str | None = None  # "buy,sell,delivery"
    sku: str | None = None
    currency_code: str | None = None
    startDate: CalendarDate | None = None
    endDate: CalendarDate | None = None
    sortBy: Literal["type", "total", "customer_external_id", "created_at"] = "created_at"
    sortType: Literal["asc", "desc"] = "desc"


class IncompleteBasketsQuery(MintedModel):
    """E-Commerce › Get Incomplete Baskets."""

    customer_external_id: str
    page: int = 1
    total: int = 10


class EcomProductsQuery(MintedModel):
    """E-Commerce › Products: one page of the catalogue."""

    page: int = 1
    total: int = 10


class EcomProductQuery(MintedModel):
    """E-Commerce › Get Product: by ``sku`` or by ``id``."""

    sku: str | None = None
    id: int | None = None


class ProductsQuery(MintedModel):
    """Walletable › Get Products (assumed filters)."""

    currency_code: str | None = None
    metal_type: str | None = None


class ProductPricesQuery(MintedModel):
    """Partner › Product Prices (assumed)."""

    currency: str | None = None


class CurrencyRatesQuery(MintedModel):
    """Walletable › Currency Rates (assumed): rates in ``base_currency``."""

    base_currency: str | None = None


class RateHistoryQuery(MintedModel):
    """Walletable › Rate History (assumed): one currency's (or metal's, per gram) rates."""

    currency_code: str
    base_currency: str | None = None
    startDate: CalendarDate | None = None
    endDate: CalendarDate | None = None


class BasketQuery(MintedModel):
    """Walletable › Get Active Basket (assumed): the customer's open basket of one type."""

    external_customer_id: str
    type: Literal["buy", "sell", "delivery"] = "buy"


class WalletQuery(MintedModel):
    """Walletable › Balance / Wallet (``metal_type=gold,silver``)."""

    external_customer_id: str
    metal_type: str | None = None
    is_deliverable: bool | None = None


class SummaryQuery(MintedModel):
    """Walletable › Get Summary (assumed)."""

    external_customer_id: str
