"""Arithmetic on the API's figures (money, grams, rates), wherever the client or the console
adds, multiplies or divides them.

A model accepts any finite decimal the API sends, and Python's default context keeps 28 digits
and raises `decimal.Overflow` past ``1E+999999``: there, a sum of two 30-digit balances was
rounded (a cash check of 1E+30 against 1E+30 + 0.01 said the cash covered it) and an absurd
figure stopped the page that added it.  `FIGURES` keeps 100 digits, exact for any figure with
fewer than 60 digits before its point and the API's decimals after it, and no exponent a model
accepts overflows it.  An absurd figure (``1E+999999999``) is kept to 100 digits, and the
console writes it as it came (`minted.console.formatting`).

Plain Python: the console's first page imports it without pydantic.
"""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

FIGURES = Context(prec=100, Emax=MAX_EMAX, Emin=MIN_EMIN)
# Digits before the point past which a figure is absurd (no balance has them), and so is
# written and kept as it came, never expanded or rounded to a place.
HUGE_DIGITS = 60


def figures():
    """A ``with`` block whose decimal arithmetic is done in `FIGURES`."""
    return localcontext(FIGURES)


def to_place(value: Decimal, place: Decimal, rounding: str) -> Decimal:
    """``value`` rounded to ``place`` (``0.01``, ``0.0001``) in `FIGURES`; one too large to
    round to a place (more than `HUGE_DIGITS` digits before its point) as it is."""
    with figures():
        return value if value.adjusted() > HUGE_DIGITS else value.quantize(place, rounding)


def is_absurd(value: Decimal) -> bool:
    """Too many digits to write out or round to a place (``1E+999999999``, ``1E-999999999``),
    or not a number at all."""
    return not value.is_finite() or not -HUGE_DIGITS <= value.adjusted() <= HUGE_DIGITS
