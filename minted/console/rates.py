"""Currency conversion over a rates table (plain functions, exact decimals)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from minted.console.formatting import number, timestamp
from minted.figures import figures, to_place
from minted.models import CurrencyRate

RATE_COLUMNS = ["code", "name", "rate", "buy", "sell", "updated"]


def rates_frame(rates: Sequence[CurrencyRate], lang: str = "en") -> pd.DataFrame:
    """The rates table as shown: every digit the API gave, written the ``lang`` way
    (``42,1234`` in Turkish), and its time as every other time (labels: `labels`)."""
    rows = [
        {
            "code": r.currency_code,
            "name": r.name,
            "rate": number(r.rate, lang),
            "buy": number(r.buy_rate, lang),
            "sell": number(r.sell_rate, lang),
            "updated": timestamp(r.updated_at, lang),
        }
        for r in rates
    ]
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


def convert(
    amount: Decimal, from_code: str, to_code: str, rates: Iterable[CurrencyRate]
) -> Decimal:
    """``amount`` of ``from_code`` in ``to_code``, through the table's common base currency.

    Rates are "units of base per one unit of code" (the base itself has rate 1).  Metal
    wallets are rated per gram, so grams convert to money and back the same way.  Worked in
    `minted.figures`; a result too large to round to a cent (``1E+999999999``) is given as
    it is.  A code the table has no usable rate for (none, or 0) raises `ValueError`, saying
    which.
    """
    table = {r.currency_code: r for r in rates}
    bases = {r.base_currency for r in table.values() if r.base_currency}
    per_base = {code: r.rate for code, r in table.items() if r.rate}
    per_base.update({base: Decimal(1) for base in bases})
    for code in (from_code, to_code):
        if code not in per_base:
            given = "a rate of 0" if code in table else "no rate"
            raise ValueError(f"The rates table gives {code} {given}: it cannot be converted.")
    with figures():
        converted = amount * per_base[from_code] / per_base[to_code]
    places = Decimal("0.0001") if to_code in _gram_codes(table) else Decimal("0.01")
    return to_place(converted, places, ROUND_HALF_UP)


def _gram_codes(table: dict[str, CurrencyRate]) -> set[str]:
    return {code for code, rate in table.items() if rate.symbol == "gr"}
