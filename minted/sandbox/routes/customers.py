"""Customers, their addresses and their wallet KYC."""

from __future__ import annotations

from pydantic import BaseModel, Field

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
from minted.sandbox.errors import SandboxError, invalid
from minted.sandbox.routes._common import WorldDep, ok, partner_router, route
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import iso

router = partner_router()


class KycBulkBody(BaseModel):
    items: list[KycUpsert] = Field(min_length=1, max_length=500)


@route(router, ep.CUSTOMER_CREATE, Customer)
def create_customer(body: CustomerCreate, world: WorldDep):
    return ok(Customer, world.create_customer(body.to_api()))


@route(router, ep.CUSTOMER_GET, Customer)
def get_customer(external_id: str, world: WorldDep):
    customer = world.customer_row(external_id)
    return ok(Customer, world.render_customer(customer, with_wallets=True))


@route(router, ep.CUSTOMER_UPDATE, Customer)
def update_customer(external_id: str, body: CustomerUpdate, world: WorldDep):
    return ok(Customer, world.update_customer(external_id, body.to_api()))


@route(router, ep.CUSTOMER_REMOVE_ID, CustomerRemoved)
def remove_customer_id(external_id: str, world: WorldDep):
    return ok(CustomerRemoved, world.remove_customer_id(external_id))


@route(router, ep.CUSTOMER_ADDRESS_CREATE, Address)
def create_address(body: Address, world: WorldDep):
    if not body.external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
    customer = world.customer_row(body.external_customer_id)
    addresses = customer.get("addresses") or []
    address = {**body.to_api(), "id": len(addresses) + 1}
    world.update_customer(body.external_customer_id, {"addresses": [*addresses, address]})
    return ok(Address, address)


class AddressList(BaseModel):
    """Create Multiple's body, assumed (ADDENDUM §4 shows only its first key)."""

    external_customer_id: str = Field(min_length=1, max_length=110)
    addresses: list[Address] = Field(min_length=1, max_length=20)


@route(router, ep.CUSTOMER_ADDRESS_CREATE_MULTI, list[Address])
def create_addresses(body: AddressList, world: WorldDep):
    customer = world.customer_row(body.external_customer_id)
    addresses = customer.get("addresses") or []
    made = [
        {**a.to_api(), "external_customer_id": body.external_customer_id, "id": i}
        for i, a in enumerate(body.addresses, start=len(addresses) + 1)
    ]
    world.update_customer(body.external_customer_id, {"addresses": [*addresses, *made]})
    return ok(list[Address], made)


def _kyc(world, external_id: str) -> dict:
    world.customer_row(external_id)
    row = world.store.one("SELECT data FROM kyc WHERE external_id = ?", (external_id,))
    return loads(row["data"]) if row else {"external_id": external_id, "status": "none"}


def save_kyc(world, record: KycUpsert) -> dict:
    current = _kyc(world, record.external_id)
    current.update(record.to_api())
    current.setdefault("status", "pending")
    current["updated_at"] = iso(world.now())
    if current.get("status") == "approved" and not current.get("verified_at"):
        current["verified_at"] = current["updated_at"]
    world.store.execute(
        "INSERT INTO kyc (external_id, data) VALUES (?, ?) "
        "ON CONFLICT (external_id) DO UPDATE SET data = excluded.data",
        (record.external_id, dumps(current)),
    )
    return current


@route(router, ep.KYC_GET, KycRecord)
def get_kyc(external_id: str, world: WorldDep):
    return ok(KycRecord, _kyc(world, external_id))


@route(router, ep.KYC_UPSERT, KycRecord)
def upsert_kyc(body: KycUpsert, world: WorldDep):
    return ok(KycRecord, save_kyc(world, body))


@route(router, ep.KYC_BULK_UPSERT, list[KycBulkResult])
def bulk_upsert_kyc(body: KycBulkBody, world: WorldDep):
    results = []
    for record in body.items:
        try:
            save_kyc(world, record)
            results.append({"external_id": record.external_id, "success": True, "message": None})
        except SandboxError as error:
            results.append(
                {"external_id": record.external_id, "success": False, "message": error.message}
            )
    return ok(list[KycBulkResult], results)
