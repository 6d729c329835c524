"""Customers, their addresses, their wallet KYC, and the Excel import that makes them."""

from __future__ import annotations

from minted.models import Address, KycUpsert
from minted.sandbox.errors import SandboxError, invalid, not_found
from minted.sandbox.limits import strip_unknown
from minted.sandbox.requests import CustomerCreateBody
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import World, iso, token


def create(world: World, fields: dict) -> dict:
    return world.create_customer(fields)


def get(world: World, external_id: str) -> dict:
    return world.render_customer(world.customer_row(external_id), with_wallets=True)


def update(world: World, external_id: str, changes: dict) -> dict:
    return world.update_customer(external_id, changes)


def remove_id(world: World, external_id: str) -> dict:
    return world.remove_customer_id(external_id)


def create_address(world: World, body: Address) -> dict:
    if not body.external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
    customer = world.customer_row(body.external_customer_id)
    addresses = customer.get("addresses") or []
    address = {**body.to_api(), "id": len(addresses) + 1}
    world.update_customer(body.external_customer_id, {"addresses": [*addresses, address]})
    return address


def create_addresses(world: World, external_customer_id: str, new: list[Address]) -> list[dict]:
    customer = world.customer_row(external_customer_id)
    addresses = customer.get("addresses") or []
    made = [
        {**a.to_api(), "external_customer_id": external_customer_id, "id": i}
        for i, a in enumerate(new, start=len(addresses) + 1)
    ]
    world.update_customer(external_customer_id, {"addresses": [*addresses, *made]})
    return made


def kyc(world: World, external_id: str) -> dict:
    world.customer_row(external_id)
    row = world.store.one("SELECT data FROM kyc WHERE external_id = ?", (external_id,))
    return loads(row["data"]) if row else {"external_id": external_id, "status": "none"}


def save_kyc(world: World, record: KycUpsert) -> dict:
    current = kyc(world, record.external_id)
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


def bulk_save_kyc(world: World, records: list[KycUpsert]) -> list[dict]:
    results = []
    for record in records:
        try:
            save_kyc(world, record)
            results.append({"external_id": record.external_id, "success": True, "message": None})
        except SandboxError as error:
            results.append(
                {"external_id": record.external_id, "success": False, "message": error.message}
            )
    return results


# -- Excel import: rows in, processed at once (the real service queues them) ---------------------
def import_rows(world: World, kind: str, rows: list[dict]) -> dict:
    errors, processed = [], 0
    for index, row in enumerate(rows):
        try:
            if kind == "customers":
                # Create Customer's rules, and only its fields (a row is a body of its own).
                customer = CustomerCreateBody.model_validate(row)
                strip_unknown(customer)
                world.create_customer(customer.to_api())
            else:
                save_kyc(world, KycUpsert.model_validate(row))
            processed += 1
        except (SandboxError, ValueError) as error:
            errors.append({"row": index + 1, "message": str(error)[:300]})
    job = {
        "id": token(16),  # no long run of digits that the journal could take for a card
        "status": "completed" if not errors else "completed_with_errors",
        "total_rows": len(rows),
        "processed_rows": processed,
        "failed_rows": len(errors),
        "errors": errors,
        "created_at": iso(world.now()),
    }
    world.store.execute("INSERT INTO imports (id, data) VALUES (?, ?)", (job["id"], dumps(job)))
    return job


def import_status(world: World, import_id: str) -> dict:
    row = world.store.one("SELECT data FROM imports WHERE id = ?", (import_id,))
    if row is None:
        raise not_found(1000, f"Import {import_id!r} not found")
    return loads(row["data"])
