"""Card payment helpers and stored cards (Partner › Card Payment, Card Storage).

None of these bodies is documented; the shapes follow the card-payment buy page and Sipay,
the payment provider the docs name.
"""

from __future__ import annotations

from pydantic import Field

from minted.models.base import MintedModel
from minted.types import Money


class PaymentType(MintedModel):
    id: int | None = None
    code: str
    name: str | None = None


class BinQueryRequest(MintedModel):
    bin: str
    amount: Money
    currency_code: str | None = None


class Installment(MintedModel):
    installment: int
    commission_rate: Money | None = None
    commission: Money | None = None
    total: Money | None = None


class BinInfo(MintedModel):
    bin: str
    card_type: str | None = None
    card_brand: str | None = None
    bank_name: str | None = None
    installments: list[Installment] = Field(default_factory=list)


class StoredCard(MintedModel):
    card_token: str
    masked_pan: str | None = None
    card_holder_name: str | None = None
    card_expire_month: str | None = None
    card_expire_year: str | None = None
    card_brand: str | None = None
    bank_name: str | None = None
    alias: str | None = None


class CardStorageAdd(MintedModel):
    customer_external_id: str
    card_holder_name: str
    card_number: str
    card_expire_month: str
    card_expire_year: str
    alias: str | None = None


class CardStorageListRequest(MintedModel):
    """Card Storage List: the customer whose stored cards to list (assumed)."""

    customer_external_id: str


class CardStorageDelete(MintedModel):
    """Card Storage Delete: one stored card of a customer, by its token (assumed)."""

    customer_external_id: str
    card_token: str


class CardDeleted(MintedModel):
    """Card Storage Delete's answer (assumed): whether the card was removed."""

    deleted: bool
