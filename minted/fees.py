"""Walletable fee maths, as the docs' fee table and every basket example show it.

Buy:      charge_fee  = total × charge_fee_rate %
          minting_fee = Σ over the lines of amount × the line's Minting Fee, where a line's
                        Minting Fee (its ``prices`` entry id 7) = unit price × minting_fee_rate %
                        (the docs' Complete Buy: 3 × 11.85 = 35.55); for one bar, total × rate
          storage_fee = total × storage_fee_rate %   (0 while holdings stay under the free limit)
          charges_vat = (charge_fee + minting_fee + storage_fee) × vat_rate %
          paid_total  = total + the three fees + charges_vat + payment_cost
Sell:     charge_fee  = total × charge_fee_rate %, charges_vat = charge_fee × vat_rate %
          paid_total  = total − charge_fee − charges_vat          (what the customer receives)
Delivery: charges_vat = delivery_cost × vat_rate %, paid_total = delivery_cost + charges_vat

Each amount is rounded to the cent, half up, before it is added: that is what reproduces every
documented example (3008.90 × 5 % = 150.445 → 150.45, where banker's rounding gives 150.44).
There is no ``minting_fee_rate`` field in the API; the examples show 5 % and 2 % depending on
the partner's rate settings, so it is a setting here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from minted.figures import figures, to_place

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def priced(unit_price: Decimal, grams: Decimal) -> Decimal:
    """What ``grams`` cost at ``unit_price``, to the cent (half up, as the sandbox charges a
    line), worked in `minted.figures`; a total too large to round to a cent as it is."""
    with figures():
        total = unit_price * grams
    return to_place(total, CENT, ROUND_HALF_UP)


def percent(amount: Decimal, rate: Decimal) -> Decimal:
    return cents(amount * rate / HUNDRED)


@dataclass(frozen=True)
class FeeRates:
    """A partner's rate settings, in percent."""

    charge_fee_rate: Decimal = Decimal(10)
    minting_fee_rate: Decimal = Decimal(5)
    storage_fee_rate: Decimal = Decimal(20)
    vat_rate: Decimal = Decimal(5)
    card_commission_rate: Decimal = Decimal("2.88")
    # Holdings (grams of gold and silver) a customer may keep before storage is charged.
    storage_free_grams: Decimal = ZERO


@dataclass(frozen=True)
class FeeBreakdown:
    """The extra-fee fields of a basket or order, named as the API names them."""

    type: str  # buy, sell or delivery
    total: Decimal
    charge_fee: Decimal = ZERO
    minting_fee: Decimal = ZERO
    storage_fee: Decimal = ZERO
    charges_vat: Decimal = ZERO
    delivery_cost: Decimal = ZERO
    payment_cost: Decimal = ZERO
    paid_total: Decimal = ZERO
    charge_fee_rate: Decimal = ZERO
    storage_fee_rate: Decimal = ZERO
    vat_rate: Decimal = ZERO

    @property
    def fees(self) -> Decimal:
        """Everything on top of (buy) or taken from (sell) the metal's price."""
        with figures():
            return self.charge_fee + self.minting_fee + self.storage_fee + self.charges_vat

    def components(self) -> list[tuple[str, Decimal]]:
        """The parts of ``paid_total`` for a chart, signed as they move the customer's money."""
        sign = -1 if self.type == "sell" else 1
        with figures():
            parts = [
                ("Metal", self.total if self.type != "delivery" else ZERO),
                ("Service fee", sign * self.charge_fee),
                ("Minting fee", self.minting_fee),
                ("Storage fee", self.storage_fee),
                ("Delivery", self.delivery_cost),
                ("VAT on fees", sign * self.charges_vat),
                ("Payment cost", self.payment_cost),
            ]
        return [(name, value) for name, value in parts if value]


def _shown_rates(rates: FeeRates) -> dict[str, Decimal]:
    """The rates a basket shows beside its fees (the minting rate is not one of them)."""
    return {
        "charge_fee_rate": rates.charge_fee_rate,
        "storage_fee_rate": rates.storage_fee_rate,
        "vat_rate": rates.vat_rate,
    }


def unit_minting_fee(unit_price: Decimal, rates: FeeRates) -> Decimal:
    """The Minting Fee of one unit of a line (a basket item's ``prices`` id 7): 592.34 at 2 %
    → 11.85, 496 at 5 % → 24.80."""
    return percent(unit_price, rates.minting_fee_rate)


def lines_minting_fee(lines: Iterable[tuple[Decimal, Decimal]], rates: FeeRates) -> Decimal:
    """An order's ``minting_fee`` from its (unit price, amount) lines: what the lines show,
    added up, so a receipt adds up."""
    return sum((unit_minting_fee(unit, rates) * amount for unit, amount in lines), ZERO)


def buy_fees(
    total: Decimal,
    rates: FeeRates,
    *,
    holdings_grams: Decimal = ZERO,
    payment_cost: Decimal = ZERO,
    minting_fee: Decimal | None = None,
) -> FeeBreakdown:
    """``minting_fee``: the sum of the lines' Minting Fees (`lines_minting_fee`); without it,
    the fee of ``total`` as one line."""
    total = cents(total)
    charge = percent(total, rates.charge_fee_rate)
    minting = percent(total, rates.minting_fee_rate) if minting_fee is None else minting_fee
    storage_charged = rates.storage_free_grams == 0 or holdings_grams > rates.storage_free_grams
    storage = percent(total, rates.storage_fee_rate) if storage_charged else ZERO
    vat = percent(charge + minting + storage, rates.vat_rate)
    return FeeBreakdown(
        type="buy",
        total=total,
        charge_fee=charge,
        minting_fee=minting,
        storage_fee=storage,
        charges_vat=vat,
        payment_cost=payment_cost,
        paid_total=total + charge + minting + storage + vat + payment_cost,
        **_shown_rates(rates),
    )


def sell_fees(total: Decimal, rates: FeeRates) -> FeeBreakdown:
    total = cents(total)
    charge = percent(total, rates.charge_fee_rate)
    vat = percent(charge, rates.vat_rate)
    return FeeBreakdown(
        type="sell",
        total=total,
        charge_fee=charge,
        charges_vat=vat,
        paid_total=total - charge - vat,
        **_shown_rates(rates),
    )


def delivery_fees(delivery_cost: Decimal, rates: FeeRates) -> FeeBreakdown:
    delivery_cost = cents(delivery_cost)
    vat = percent(delivery_cost, rates.vat_rate)
    return FeeBreakdown(
        type="delivery",
        total=delivery_cost,
        delivery_cost=delivery_cost,
        charges_vat=vat,
        paid_total=delivery_cost + vat,
        **_shown_rates(rates),
    )


def card_commission(amount: Decimal, rates: FeeRates) -> Decimal:
    """Commission of a card payment (basket example: 592.34 → 17.06 at 2.88 %)."""
    return percent(amount, rates.card_commission_rate)


def breakdown_of(order) -> FeeBreakdown:
    """The fee breakdown of a `WalletableOrder` as the API returned it (no recomputation)."""

    def d(value) -> Decimal:
        return value if value is not None else ZERO

    # a completed walletable order says "walletable_ecommerce" in type; tx_type tells the side
    kind = (getattr(order, "tx_type", None) or order.type or "").lower()
    kind = kind if kind in ("buy", "sell", "delivery") else "buy"
    return FeeBreakdown(
        type=kind,
        total=d(order.total),
        charge_fee=d(order.charge_fee),
        minting_fee=d(order.minting_fee),
        storage_fee=d(order.storage_fee),
        charges_vat=d(order.charges_vat),
        delivery_cost=d(order.delivery_cost),
        payment_cost=d(order.payment_cost),
        paid_total=d(order.paid_total),
        charge_fee_rate=d(order.charge_fee_rate),
        storage_fee_rate=d(order.storage_fee_rate),
        vat_rate=d(order.vat_rate),
    )
