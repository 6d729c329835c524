"""Sandbox settings, with the documented defaults.

Credentials come from the environment so a team can share one sandbox:

| variable | default |
|---|---|
| ``MINTED_SANDBOX_USERNAME`` | ``sandbox-partner`` |
| ``MINTED_SANDBOX_PASSWORD`` | ``sandbox-pass-2026`` |
| ``MINTED_SANDBOX_READONLY_USERNAME`` | ``sandbox-viewer`` (same password; 403 on writes) |
| ``MINTED_SANDBOX_READONLY_PASSWORD`` | the partner password |
| ``MINTED_SANDBOX_ENDPOINTS`` | none: a TOML file whose ``[endpoints]`` table moves endpoints |

The endpoints table is the one an environment's settings use
(``[environments.staging.endpoints]`` in the console's secrets.toml), so the sandbox can answer
where staging turned out to answer::

    [endpoints]
    "Walletable › Clear Basket" = "DELETE /partner/walletable/basket/clear"

These are credentials of a local simulator holding demo data, not secrets; they are printed at
start so curl users can copy them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from minted.endpoints import load_overrides
from minted.fees import FeeRates

# The defaults are the client package's, which the console reads without this package.
from minted.local_sandbox import (
    DEFAULT_DB_PATH,
    DEFAULT_PASSWORD,
    DEFAULT_READONLY_USERNAME,
    DEFAULT_SEED,
    DEFAULT_USERNAME,
)

REALM = "Minted Connect Sandbox"
# Bounds of a demo world.  Ten years of history; and 500,000 orders took 157 s and 2.4 GB
# (bench/results.md, (c)), so ten times that is as big a history as anyone will wait for.
MAX_HISTORY_DAYS = 3650
MAX_DEMO_ORDERS = 5_000_000


@dataclass(frozen=True)
class SandboxSettings:
    db_path: str = DEFAULT_DB_PATH
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    readonly_username: str = DEFAULT_READONLY_USERNAME
    readonly_password: str = DEFAULT_PASSWORD
    seed: int = DEFAULT_SEED
    # Seed the demo world (customers, 35 days of history) into an empty database.
    demo_data: bool = True
    history_days: int = 35
    # Instead of the flows' five weeks, this many orders over the demo period, made in bulk
    # (`minted.sandbox.bulk`; ``--demo-orders``): a big history for measuring.  0: the flows'.
    demo_orders: int = 0
    nonce_ttl_seconds: int = 300
    price_ttl_seconds: int = 240  # the docs' example: expire_ttl 239 right after the fix
    # The rate settings of basket example A (api-26503559): realistic, all non-zero.
    fee_rates: FeeRates = field(
        default_factory=lambda: FeeRates(
            charge_fee_rate=Decimal("1.75"),
            minting_fee_rate=Decimal(2),
            storage_fee_rate=Decimal("0.3"),
            vat_rate=Decimal(5),
        )
    )
    default_currency: str = "GBP"  # Partner API default (Price Fix, Buy: "Default: GBP")
    walletable_currency: str = "AED"  # every Walletable example is in AED
    reporting_currency: str = "TRY"  # stats and balance values
    delivery_cost: Decimal = Decimal(3)  # per shipment, in the walletable currency (example)
    # The partner's opening prefunded cash per currency (assumed; the docs do not describe
    # settlement).  Buys and deliveries are paid from it and it never goes below zero (3002).
    partner_funding: tuple[tuple[str, Decimal], ...] = (
        ("TRY", Decimal(25_000_000)),
        ("USD", Decimal(750_000)),
        ("EUR", Decimal(500_000)),
        ("GBP", Decimal(500_000)),
        ("AED", Decimal(2_500_000)),
    )
    loopback_only_control: bool = True
    # Endpoints served at another method, path or api-version than the catalogue's, and not
    # at the catalogue's: {name: "METHOD /path"} as `minted.endpoints.parse_overrides` reads.
    endpoint_overrides: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # Refused here, so a settings object and ``python -m minted.sandbox`` say the same.
        if not 1 <= self.history_days <= MAX_HISTORY_DAYS:
            raise ValueError(
                f"the demo period (history days) must be 1 to {MAX_HISTORY_DAYS:,} days up to "
                f"now, not {self.history_days}"
            )
        if not 0 <= self.demo_orders <= MAX_DEMO_ORDERS:
            raise ValueError(
                f"the demo orders must be 0 (the flows' own history) to {MAX_DEMO_ORDERS:,}, "
                f"not {self.demo_orders}"
            )

    @classmethod
    def from_env(cls, **overrides) -> SandboxSettings:
        password = os.environ.get("MINTED_SANDBOX_PASSWORD") or DEFAULT_PASSWORD
        values = {
            "username": os.environ.get("MINTED_SANDBOX_USERNAME") or DEFAULT_USERNAME,
            "password": password,
            "readonly_username": os.environ.get("MINTED_SANDBOX_READONLY_USERNAME")
            or DEFAULT_READONLY_USERNAME,
            "readonly_password": os.environ.get("MINTED_SANDBOX_READONLY_PASSWORD") or password,
        }
        if os.environ.get("MINTED_SANDBOX_ENDPOINTS"):
            values["endpoint_overrides"] = load_overrides(os.environ["MINTED_SANDBOX_ENDPOINTS"])
        values.update(overrides)
        return cls(**values)
