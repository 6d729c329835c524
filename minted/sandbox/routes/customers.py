"""Customers, their addresses and their wallet KYC."""

from __future__ import annotations

from minted import endpoints as ep
from minted.models import (
    Address,
    Customer,
    CustomerAddressList,
    CustomerCreate,
    CustomerRemoved,
    CustomerUpdate,
    KycBulkResult,
    KycBulkUpsert,
    KycRecord,
    KycUpsert,
)
from minted.sandbox.routes._common import WorldDep, ok, route
from minted.sandbox.services import customers


@route(ep.CUSTOMER_CREATE, Customer)
def create_customer(body: CustomerCreate, world: WorldDep):
    return ok(Customer, customers.create(world, body.to_api()))


@route(ep.CUSTOMER_GET, Customer)
def get_customer(external_id: str, world: WorldDep):
    return ok(Customer, customers.get(world, external_id))


@route(ep.CUSTOMER_UPDATE, Customer)
def update_customer(external_id: str, body: CustomerUpdate, world: WorldDep):
    return ok(Customer, customers.update(world, external_id, body.to_api()))


@route(ep.CUSTOMER_REMOVE_ID, CustomerRemoved)
def remove_customer_id(external_id: str, world: WorldDep):
    return ok(CustomerRemoved, customers.remove_id(world, external_id))


@route(ep.CUSTOMER_ADDRESS_CREATE, Address)
def create_address(body: Address, world: WorldDep):
    return ok(Address, customers.create_address(world, body))


@route(ep.CUSTOMER_ADDRESS_CREATE_MULTI, list[Address])
def create_addresses(body: CustomerAddressList, world: WorldDep):
    made = customers.create_addresses(world, body.external_customer_id, body.addresses)
    return ok(list[Address], made)


@route(ep.KYC_GET, KycRecord)
def get_kyc(external_id: str, world: WorldDep):
    return ok(KycRecord, customers.kyc(world, external_id))


@route(ep.KYC_UPSERT, KycRecord)
def upsert_kyc(body: KycUpsert, world: WorldDep):
    return ok(KycRecord, customers.save_kyc(world, body))


@route(ep.KYC_BULK_UPSERT, list[KycBulkResult])
def bulk_upsert_kyc(body: KycBulkUpsert, world: WorldDep):
    return ok(list[KycBulkResult], customers.bulk_save_kyc(world, body.items))
