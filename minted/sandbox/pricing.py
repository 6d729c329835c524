"""Prices that move: a deterministic seeded random walk per metal and per currency.

Each series is a geometric random walk on a one-minute grid.  Day boundaries are drawn in
sequence from one generator per series; inside a day the minutes are a Brownian bridge between
them, drawn from a generator seeded by (seed, series, day).  So any moment's price is computed
without walking from the start, the same seed always gives the same history, and prices move
every minute of the sandbox clock.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from minted.sandbox.catalog import CURRENCIES, METALS, PRODUCTS, Product

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # the walks start here; earlier times clamp to it
MINUTES_PER_DAY = 1440
CENT = Decimal("0.01")


def money(amount: Decimal, places: str = "0.01") -> Decimal:
    return amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)


class _Walk:
    """log(level / start) of one series, as a function of time."""

    def __init__(self, seed: int, name: str, daily_volatility: float, daily_drift: float = 0.0):
        self.seed = seed
        self.name = name
        self.sigma = daily_volatility
        self.drift = daily_drift
        self._days = [0.0]
        self._rng = random.Random(f"{seed}:{name}:days")
        self._lock = threading.Lock()
        self._intraday = lru_cache(maxsize=128)(self._bridge)

    def _day_level(self, day: int) -> float:
        with self._lock:
            while len(self._days) <= day:
                step = self.drift - self.sigma**2 / 2 + self.sigma * self._rng.gauss(0, 1)
                self._days.append(self._days[-1] + step)
            return self._days[day]

    def _bridge(self, day: int) -> tuple[float, ...]:
        start, end = self._day_level(day), self._day_level(day + 1)
        rng = random.Random(f"{self.seed}:{self.name}:{day}")
        step_sigma = self.sigma / math.sqrt(MINUTES_PER_DAY)
        path = [0.0]
        for _ in range(MINUTES_PER_DAY):
            path.append(path[-1] + rng.gauss(0, step_sigma))
        last = path[-1]
        return tuple(
            start + p - (i / MINUTES_PER_DAY) * last + (i / MINUTES_PER_DAY) * (end - start)
            for i, p in enumerate(path)
        )

    def at(self, moment: datetime) -> float:
        minutes = max(0, int((moment - EPOCH).total_seconds() // 60))
        day, minute = divmod(minutes, MINUTES_PER_DAY)
        if minute == 0:  # the day's opening level, exactly the bridge's first point
            return self._day_level(day)
        return self._intraday(day)[minute]


@dataclass(frozen=True)
class Quote:
    """One product's prices per unit at one moment, in one currency."""

    sku: str
    currency_code: str
    spot_price: Decimal  # per gram of fine metal
    buy_price: Decimal  # per unit (a gram for digital products, a bar for bars)
    sell_price: Decimal
    at: datetime


class PricingEngine:
    def __init__(self, seed: int = 42) -> None:
        self.seed = seed
        self._metals = {
            name: _Walk(seed, f"metal:{name}", m.daily_volatility) for name, m in METALS.items()
        }
        self._currencies = {
            code: _Walk(seed, f"fx:{code}", c.daily_volatility, c.daily_drift)
            for code, c in CURRENCIES.items()
        }

    def usd_rate(self, currency_code: str, at: datetime) -> Decimal:
        """Units of ``currency_code`` per US dollar."""
        currency = CURRENCIES[currency_code]
        if currency.daily_volatility == 0:
            return currency.usd_rate
        factor = math.exp(self._currencies[currency_code].at(at))
        return money(currency.usd_rate * Decimal(repr(factor)), "0.0001")

    def rate(self, currency_code: str, base: str, at: datetime) -> Decimal:
        """Units of ``base`` per one unit of ``currency_code`` (e.g. TRY per USD)."""
        return money(self.usd_rate(base, at) / self.usd_rate(currency_code, at), "0.0001")

    def spot_per_gram(self, metal: str, currency_code: str, at: datetime) -> Decimal:
        usd = METALS[metal].usd_per_gram * Decimal(repr(math.exp(self._metals[metal].at(at))))
        return money(usd * self.usd_rate(currency_code, at), "0.0001")

    def quote(self, product: Product | str, currency_code: str, at: datetime) -> Quote:
        product = PRODUCTS[product] if isinstance(product, str) else product
        spot = self.spot_per_gram(product.metal, currency_code, at)
        unit = spot * product.weight
        return Quote(
            sku=product.sku,
            currency_code=currency_code,
            spot_price=spot,
            buy_price=money(unit * (1 + product.buy_spread)),
            sell_price=money(unit * (1 - product.sell_spread)),
            at=at,
        )

    def history(
        self, sku: str, currency_code: str, end: datetime, *, days: int = 30, points: int = 240
    ) -> list[Quote]:
        start = end - timedelta(days=days)
        step = (end - start) / (points - 1)
        return [self.quote(sku, currency_code, start + step * i) for i in range(points)]
