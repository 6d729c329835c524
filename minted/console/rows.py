"""What a row of the Orders list shows of an order, read alone: the models the export reads
its pages into.

A page of 100 walletable orders is ~8,000 values (each order's customer, lines, images and
fees), of which a row shows ten.  Read into the client's full models, a page cost the
console ~2.6 ms of validating and the objects the collector then walks; read into these,
~0.6 ms (2026-12-07), and the export of 50,000 orders is bound by the console's one
interpreter (bench (f)).  Each field is typed as the client's model types it (the same
`Money`, the same timestamp readers, ``guid`` and a customer's ``external_id`` required), so
`minted.console.frames.order_row` writes the same row from either (tests hold them equal),
and a value a row shows that the full model refuses is refused here too.  A malformed field
that no row shows no longer stops an export; the Orders page's table still reads the full
models and says so.

Imported by the Orders page's export, not with the console: the first page loads no
pydantic (bench (e)).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from minted.models import WalletableOrder
from minted.types import DmyTime, Money, ZuluTime


class _Fields(BaseModel):
    # the rest of an order is not read (nor kept): that is the point
    model_config = ConfigDict(extra="ignore")


class RowCustomer(_Fields):
    external_id: str


class RowLine(_Fields):
    sku: str | None = None
    amount: Money | None = None


class _RowOrder(_Fields):
    guid: str
    type: str | None = None
    tx_type: str | None = None
    status_name: str | None = None
    customer: RowCustomer | None = None
    currency_code: str | None = None
    items: list[RowLine] = Field(default_factory=list)
    total: Money | None = None


class OrderRowFields(_RowOrder):
    """Partner › Get Orders' Order Schema, as its row shows it."""

    order_code: str | None = None
    order_at: DmyTime | None = None


class WalletableRowFields(_RowOrder):
    """Walletable › Get Orders' order, as its row shows it."""

    increment_id: str | None = None
    paid_total: Money | None = None
    order_at: ZuluTime | None = None


# An order whose row is written the walletable way (its increment id and paid total)
WALLETABLE = (WalletableOrder, WalletableRowFields)
