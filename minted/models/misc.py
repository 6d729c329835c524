"""The smaller pages: partner legal texts, walletable summaries and Excel imports (all assumed)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from minted.models.base import MintedModel
from minted.types import IsoTime, Money


class PartnerLegal(MintedModel):
    type: str
    title: str | None = None
    version: str | None = None
    content: str | None = None
    url: str | None = None


class SummaryItem(MintedModel):
    sku: str
    qty: Money


class SummaryRequest(MintedModel):
    external_customer_id: str | None = None
    currency_code: str | None = None
    items: list[SummaryItem] = Field(default_factory=list)


class Summary(MintedModel):
    """A customer's walletable summary: holdings and their value (fields assumed).  ``cash``
    is the customer's cash by currency code (``{"TRY": 250.00}``): assumed, since a summary of
    what a customer holds would hardly leave out the cash wallets Customer Balance lists."""

    external_customer_id: str | None = None
    currency_code: str | None = None
    holdings: list[dict[str, Any]] = Field(default_factory=list)
    cash: dict[str, Money] = Field(default_factory=dict)
    total_value: Money | None = None
    as_of: IsoTime | None = None


class ImportJob(MintedModel):
    id: str
    status: str
    total_rows: int | None = None
    processed_rows: int | None = None
    failed_rows: int | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    created_at: IsoTime | None = None


class PartnerLegalRequest(MintedModel):
    """Partner Legal (assumed): which legal text (``type``, e.g. ``"kvkk"``), for whom."""

    type: str
    customer_external_id: str | None = None


class ImportRequest(MintedModel):
    """Import Queue (assumed): the spreadsheet's rows as JSON, ``type`` naming the sheet
    (``customers`` or ``kyc``)."""

    type: str
    rows: list[dict[str, Any]] = Field(default_factory=list)
