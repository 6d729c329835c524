from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from minted import endpoints as ep
from minted.models import (
    Address,
    Customer,
    CustomerCreate,
    CustomerRemoved,
    CustomerUpdate,
    KycBulkResult,
    KycRecord,
    KycUpsert,
)
from minted.resources._base import Resource


class Customers(Resource):
    """Partner/Walletable › Customers."""

    def create(self, customer: CustomerCreate | None = None, /, **fields: Any) -> Customer:
        """``create(CustomerCreate(...))`` or ``create(external_id=..., firstname=...)``."""
        body = customer if customer is not None else CustomerCreate(**fields)
        return self._call(ep.CUSTOMER_CREATE, Customer, body=body)

    def create_business(
        self,
        external_id: str,
        company_name: str,
        *,
        tax_number: str | None = None,
        tax_office: str | None = None,
        email: str | None = None,
        phone: str | None = None,
    ) -> Customer:
        body = CustomerCreate.business(
            external_id,
            company_name,
            tax_number=tax_number,
            tax_office=tax_office,
            email=email,
            phone=phone,
        )
        return self._call(ep.CUSTOMER_CREATE, Customer, body=body)

    def get(self, external_id: str) -> Customer:
        return self._call(ep.CUSTOMER_GET, Customer, path={"external_id": external_id})

    def update(
        self, external_id: str, changes: CustomerUpdate | None = None, /, **fields: Any
    ) -> Customer:
        body = changes if changes is not None else CustomerUpdate(**fields)
        return self._call(
            ep.CUSTOMER_UPDATE, Customer, path={"external_id": external_id}, body=body
        )

    def remove_external_id(self, external_id: str) -> CustomerRemoved:
        """Detach the partner's id from the customer (the Minted customer itself stays)."""
        return self._call(ep.CUSTOMER_REMOVE_ID, CustomerRemoved, path={"external_id": external_id})

    def create_address(self, address: Address | None = None, /, **fields: Any) -> Address:
        """E-Commerce › Customer Address - Create (billing or shipping)."""
        body = address if address is not None else Address(**fields)
        return self._call(ep.CUSTOMER_ADDRESS_CREATE, Address, body=body)

    def create_addresses(
        self, external_customer_id: str, addresses: list[Address | dict]
    ) -> list[Address]:
        """E-Commerce › Customer Address - Create Multiple.  Its body was not captured
        (ADDENDUM §4); assumed ``{external_customer_id, addresses: [...]}`` answering the list."""
        body = {
            "external_customer_id": external_customer_id,
            "addresses": [a if isinstance(a, Address) else Address(**a) for a in addresses],
        }
        return self._call(ep.CUSTOMER_ADDRESS_CREATE_MULTI, list[Address], body=body)


class Kyc(Resource):
    """Partner › Customers › Customer Wallet Kyc."""

    def get(self, external_id: str) -> KycRecord:
        return self._call(ep.KYC_GET, KycRecord, path={"external_id": external_id})

    def upsert(self, record: KycUpsert | None = None, /, **fields: Any) -> KycRecord:
        body = record if record is not None else KycUpsert(**fields)
        return self._call(ep.KYC_UPSERT, KycRecord, body=body)

    def bulk_upsert(self, records: Iterable[KycUpsert]) -> list[KycBulkResult]:
        return self._call(ep.KYC_BULK_UPSERT, list[KycBulkResult], body={"items": list(records)})
