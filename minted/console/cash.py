"""The partner's prefunded cash before a trade: what is there, and what is left after it.

Walletable buys and deliveries, and digital buys not paid by card, are paid from the
partner's cash in the order's currency; sells pay into it.  The API refuses a trade the cash
does not cover (code 3002), but a support engineer should see that before pressing Confirm,
not after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from minted.figures import figures

if TYPE_CHECKING:  # the models come with the first client, not with the first page
    from minted.models import PartnerBalance

PAYS_FROM_CASH = {"buy": -1, "delivery": -1, "sell": 1}


@dataclass(frozen=True)
class CashCheck:
    currency: str
    available: Decimal  # 0 where the partner has no wallet in this currency
    change: Decimal  # negative: the trade takes this much from the partner's cash
    has_wallet: bool

    @property
    def after(self) -> Decimal:
        with figures():
            return self.available + self.change

    @property
    def short(self) -> bool:
        return self.after < 0


def partner_cash_after(
    lines: Sequence[PartnerBalance], currency: str, side: str, amount: Decimal
) -> CashCheck:
    """The partner's ``currency`` cash before and after a ``side`` trade of ``amount``.

    Available means what is not blocked (``real_balance``), falling back to ``balance``
    where the API sends only that.
    """
    wallet = next((line for line in lines if line.is_cash and line.currency_code == currency), None)
    available = Decimal(0)
    if wallet is not None:
        figure = wallet.real_balance if wallet.real_balance is not None else wallet.balance
        available = Decimal(figure or 0)
    with figures():
        change = PAYS_FROM_CASH[side] * Decimal(amount)
    return CashCheck(currency, available, change, wallet is not None)


CASH_CURRENCIES = ("TRY", "USD", "EUR", "GBP", "AED")
MAX_CASH_UPDATE = Decimal("1000000000")  # the sandbox's bound on one money field


def cash_amount(text: str) -> Decimal:
    """A signed cash amount as a support engineer types it (``100``, ``-25,50``, ``1.000,5``
    is refused as ambiguous): a positive amount adds cash, a negative one takes it.  Raises
    `ValueError` with what to fix."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")  # a typographic minus
    if not cleaned:
        raise ValueError("Enter an amount, e.g. 100 or -25.50.")
    if "," in cleaned and "." in cleaned:
        raise ValueError(f"“{text.strip()}”: use one decimal mark, no thousands separators.")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except ArithmeticError:
        raise ValueError(f"“{text.strip()}” is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"“{text.strip()}” is not a number.")
    if value == 0:
        raise ValueError("The amount must not be 0: positive adds cash, negative takes it.")
    if abs(value) > MAX_CASH_UPDATE:
        raise ValueError(f"At most {MAX_CASH_UPDATE:,} per update.")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("Cash has at most two decimals (a cent).")
    return value.quantize(Decimal("0.01"))
