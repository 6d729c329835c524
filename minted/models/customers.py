"""Customers, their KYC record and their addresses."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minted.models.base import MintedModel
from minted.types import CalendarDate, IsoTime, Money, SqlTime

Gender = Literal["M", "F"]


class CustomerCreate(MintedModel):
    """Create Customer.  A business customer is the same call with ``account_type="company"``,
    the company name in ``firstname`` and its tax number in ``identity_number``."""

    external_id: str
    firstname: str | None = None
    middlename: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    identity_number: str | None = None
    birthdate: CalendarDate | None = None
    tax_office: str | None = None
    account_type: str | None = None

    @classmethod
    def business(
        cls,
        external_id: str,
        company_name: str,
        *,
        tax_number: str | None = None,
        tax_office: str | None = None,
        email: str | None = None,
        phone: str | None = None,
    ) -> CustomerCreate:
        fields = {
            "external_id": external_id,
            "firstname": company_name,
            "identity_number": tax_number,
            "tax_office": tax_office,
            "email": email,
            "phone": phone,
            "account_type": "company",
        }
        return cls(**{k: v for k, v in fields.items() if v is not None})


class CustomerUpdate(MintedModel):
    """Update Customer: only the fields given are changed."""

    firstname: str | None = None
    middlename: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    identity_number: str | None = None
    birthdate: CalendarDate | None = None
    tax_office: str | None = None


class Wallet(MintedModel):
    """One wallet of a customer (cash in one currency, or one metal)."""

    id: int | None = None
    customer_external_id: str | None = None
    name: str | None = None
    currency_id: int | None = None
    currency_code: str | None = None
    currency_symbol: str | None = None
    is_cash: bool | None = None
    balance: Money | None = None
    blocked: Money | None = None
    real_balance: Money | None = None


class Customer(MintedModel):
    """A customer, as Get/Create Customer return it and as orders embed it."""

    external_id: str
    id: int | None = None
    company_id: int | None = None
    user_id: int | None = None
    firstname: str | None = None
    middlename: str | None = None
    lastname: str | None = None
    fullname: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: str | None = None
    identity_number: str | None = None
    tax_office: str | None = None
    birthdate: CalendarDate | None = None
    account_type: str | None = None
    created_at: SqlTime | None = None
    updated_at: SqlTime | None = None
    wallets: list[Wallet] | None = None

    @property
    def display_name(self) -> str:
        if self.fullname:
            return self.fullname
        parts = (self.firstname, self.middlename, self.lastname)
        return " ".join(p for p in parts if p) or self.external_id

    @property
    def is_business(self) -> bool:
        return self.account_type == "company"


class OrderCustomer(MintedModel):
    """The ``customer`` object of a B2B2C buy (OrderCustomerRequestScheme)."""

    external_id: str
    identity_number: str | None = None
    firstname: str | None = None
    middlename: str | None = None
    lastname: str | None = None
    fullname: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    birthdate: CalendarDate | None = None


class CustomerRemoved(MintedModel):
    """Remove Customer Id: the partner's external id is detached from the Minted customer.
    (Response not documented; assumed to echo the id.)"""

    external_id: str
    removed: bool = True


class KycUpsert(MintedModel):
    """Customer Wallet KYC.  The docs list the endpoints but no fields; these are the fields a
    regulated wallet records (assumption), and anything else the service sends is kept."""

    external_id: str
    status: Literal["none", "pending", "approved", "rejected"] | str | None = None
    level: int | None = None
    nationality: str | None = None
    identity_type: str | None = None
    identity_number: str | None = None
    occupation: str | None = None
    source_of_funds: str | None = None
    annual_income: str | None = None
    is_pep: bool | None = None
    address: str | None = None


class KycRecord(KycUpsert):
    """What the service keeps: the upserted fields and when they were checked."""

    status: Literal["none", "pending", "approved", "rejected"] | str = "none"
    verified_at: IsoTime | None = None
    updated_at: IsoTime | None = None


class KycBulkResult(MintedModel):
    external_id: str
    success: bool
    message: str | None = None


class Address(MintedModel):
    """Billing or shipping address (Order Address, Customer Address)."""

    id: int | None = None
    external_customer_id: str | None = None
    type: Literal["billing", "shipping"] | None = None
    invoice_type: Literal["Individual", "Corporate"] | None = None
    company_name: str | None = None
    tax_office: str | None = None
    tax_number: str | None = None
    external_id: str | None = None
    fullname: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    county: str | None = None
    district: str | None = None
    street: str | None = None
    zipcode: str | None = None
    address: str | None = None


class OrderAddress(MintedModel):
    billing: Address | None = None
    shipping: Address | None = None


class CashBalanceUpdate(MintedModel):
    """Update Customer Cash Balance (fields assumed: a signed amount in one currency, with the
    partner's own reference so a repeat is recognised)."""

    amount: Money
    currency_code: str = "TRY"
    external_id: str | None = None
    description: str | None = None


class CustomerAddressList(MintedModel):
    """Customer Address - Create Multiple: its body was not captured (ADDENDUM §4, which shows
    only its first key); assumed Create's addresses as a list."""

    external_customer_id: str
    addresses: list[Address] = Field(default_factory=list)


class KycBulkUpsert(MintedModel):
    """Customer Wallet Kyc - Bulk Upsert (assumed): many Upsert bodies at once."""

    items: list[KycUpsert] = Field(default_factory=list)
