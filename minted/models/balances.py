"""Balances of the partner and of its customers, and their statistics.

Only Customer Balance is documented (with Apidog mock data); the other shapes are assumptions
in the same style, and anything else the service sends is kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from minted.models.base import MintedModel
from minted.types import CalendarDate, IsoTime, Money


class BalanceLine(MintedModel):
    """One wallet: cash in a currency (``is_cash``) or a metal, in grams."""

    name: str | None = None
    currency_id: int | None = None
    currency_symbol: str | None = None
    currency_code: str | None = None
    is_cash: bool | None = None
    balance: Money | None = None
    blocked: Money | None = None
    real_balance: Money | None = None


class CustomerBalance(BalanceLine):
    """One wallet line of Customer Balance (the documented 12 fields)."""

    customer_external_id: str | None = None
    soft_blocked_amount: Money | None = None
    stats: dict[str, Any] | None = None
    prices: dict[str, Any] | None = None


class PartnerBalance(CustomerBalance):
    """One wallet line of the partner's own account (cash per currency, metal per type).

    Partner Balance is not documented.  Assumed: the service writes every wallet with one
    serializer, so a partner line has Customer Balance's 12 fields (``customer_external_id``
    null, as the partner is no customer), plus what a partner's line adds below."""

    value: Money | None = None
    value_currency: str | None = None
    held_for_customers: Money | None = None  # metal wallets: what the customers hold
    as_of: IsoTime | None = None


class WalletItem(MintedModel):
    """Walletable Balance / Wallet line.  The API uses camelCase here, unlike elsewhere."""

    product_name: str | None = Field(default=None, alias="productName")
    images: list[str] = Field(default_factory=list)
    sku: str | None = None
    metal_type: str | None = Field(default=None, alias="metalType")
    amount: Money | None = None
    weight: Money | None = None
    is_deliverable: bool | None = Field(default=None, alias="isDeliverable")
    value: Money | None = None
    currency_code: str | None = Field(default=None, alias="currencyCode")


class StatsRequest(MintedModel):
    start_date: CalendarDate
    end_date: CalendarDate
    currency_code: str | None = None
    customer_external_id: str | None = None


class StatsPoint(MintedModel):
    """One day of partner activity: volumes and fees by transaction type."""

    date: CalendarDate
    buy_total: Money = Decimal(0)
    sell_total: Money = Decimal(0)
    delivery_total: Money = Decimal(0)
    fee_total: Money = Decimal(0)
    order_count: int = 0


class Stats(MintedModel):
    start_date: CalendarDate
    end_date: CalendarDate
    currency_code: str | None = None
    points: list[StatsPoint] = Field(default_factory=list)


class BalancePoint(MintedModel):
    """A customer's balance of one wallet at the end of one day."""

    date: CalendarDate
    currency_code: str
    balance: Money
    value: Money | None = None


class BalanceStats(MintedModel):
    customer_external_id: str
    points: list[BalancePoint] = Field(default_factory=list)

    def days(self) -> list[date]:
        return sorted({p.date for p in self.points})
