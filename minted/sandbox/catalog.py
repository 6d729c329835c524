"""The sandbox's fixed world: currencies, metals and the documented products.

Ids, SKUs and names are the ones the docs' examples show (GAU 3000001 "Gold - Digital storage",
MNTBAE0001 3000099 "Minted 1 g 999.9 Gold Bar" in "Dirham Gold" 1000013, …).  The cash
currency ids and the B-prefixed products' names are not documented and are our choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

IMAGE_BASE = "https://minted-tr.mncdn.com/products"


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    name: str
    symbol: str
    usd_rate: Decimal  # units of this currency per 1 USD at the start of the sandbox's history
    daily_volatility: float
    daily_drift: float = 0.0


CURRENCIES = {
    c.code: c
    for c in (
        Currency(1000001, "USD", "US Dollar", "$", Decimal(1), 0.0),
        Currency(1000002, "EUR", "Euro", "€", Decimal("0.92"), 0.004),
        Currency(1000003, "TRY", "Türk Lirası", "₺", Decimal("41.80"), 0.004, 0.0004),
        Currency(1000006, "GBP", "British Pound", "£", Decimal("0.79"), 0.004),
        Currency(1000012, "AED", "UAE Dirham", "د.إ", Decimal("3.6725"), 0.0),  # pegged
    )
}


@dataclass(frozen=True)
class Metal:
    name: str  # gold, silver, platinum, palladium
    usd_per_gram: Decimal  # at the start of the sandbox's history
    daily_volatility: float


METALS = {
    m.name: m
    for m in (
        Metal("gold", Decimal("128.60"), 0.011),
        Metal("silver", Decimal("1.62"), 0.019),
        Metal("platinum", Decimal("39.80"), 0.017),
        Metal("palladium", Decimal("34.10"), 0.022),
    )
}


@dataclass(frozen=True)
class MetalCurrency:
    """A wallet unit: grams of one metal, kept per product line (``item_currency``)."""

    id: int
    code: str
    name: str
    metal: str


METAL_CURRENCIES = {
    c.id: c
    for c in (
        MetalCurrency(1000004, "GAU", "Gold", "gold"),
        MetalCurrency(1000005, "GAG", "Silver", "silver"),
        MetalCurrency(1000013, "DGAU", "Dirham Gold", "gold"),
        MetalCurrency(1000015, "BGAU", "Gold (B)", "gold"),
        MetalCurrency(1000016, "BGAG", "Silver (B)", "silver"),
        MetalCurrency(1000017, "GPT", "Platinum", "platinum"),
        MetalCurrency(1000018, "GPD", "Palladium", "palladium"),
        MetalCurrency(1000019, "DGAG", "Dirham Silver", "silver"),
    )
}


@dataclass(frozen=True)
class Product:
    product_id: int
    sku: str
    name: str
    currency_id: int  # the metal currency (wallet) it is held in
    weight: Decimal  # grams of fine metal per unit
    digital: bool  # digital grams (any fraction) or a physical bar (whole units)
    buy_spread: Decimal  # over spot, as a fraction
    sell_spread: Decimal  # under spot
    minted: bool = False  # a bar that carries the per-item "Mint Ücreti"
    purity: str = "999.9"
    images: tuple[str, ...] = field(default_factory=tuple)

    @property
    def metal(self) -> str:
        return METAL_CURRENCIES[self.currency_id].metal

    @property
    def item_currency(self) -> MetalCurrency:
        return METAL_CURRENCIES[self.currency_id]


def _images(folder: int, *names: str) -> tuple[str, ...]:
    return tuple(f"{IMAGE_BASE}/{folder}/{name}.png" for name in names)


_GOLD_BAR = _images(
    10,
    "Z1P5eT1ggOvmgyS5bwFeW1qZwS41zj5FOL3gu4Fv",
    "JxMzuWaZkljzWoVXzfKZPWYY2FeAU1TQY1sAtMnv",
    "qzyXgt51f7ndySM5QpMQqyDN6QBZXqAomsyshp5r",
    "sKZiiWqLA9PdejL5mG2sMWOyPJl7FWD95ILsYtx4",
)
_SILVER_BAR = _images(
    25, "YToYYHKI2qwxGY6hFhLg2t01b7ktbZHeaqip9PvN", "nNuD08frgQLkbrL8UicTht6XexeHP3fSdhs73OTD"
)
D = Decimal

PRODUCTS = {
    p.sku: p
    for p in (
        Product(
            3000001, "GAU", "Gold - Digital storage", 1000004, D(1), True, D("0.008"), D("0.028")
        ),
        Product(
            3000002, "GAG", "Silver - Digital storage", 1000005, D(1), True, D("0.012"), D("0.10")
        ),
        Product(
            3000088, "BGAU", "Gold - Bulk storage", 1000015, D(1), True, D("0.002"), D("0.002")
        ),
        Product(
            3000089, "BGAG", "Silver - Bulk storage", 1000016, D(1), True, D("0.002"), D("0.002")
        ),
        Product(
            3000090, "GPT", "Platinum - Digital storage", 1000017, D(1), True, D("0.02"), D("0.05")
        ),
        Product(
            3000091, "GPD", "Palladium - Digital storage", 1000018, D(1), True, D("0.02"), D("0.05")
        ),
        Product(
            3000099,
            "MNTBAE0001",
            "Minted 1 g 999.9 Gold Bar",
            1000013,
            D(1),
            False,
            D("0.012"),
            D("0.03"),
            minted=True,
            images=_GOLD_BAR,
        ),
        Product(
            3000101,
            "MNTBAE0005",
            "Minted 5 g 999.9 Gold Bar",
            1000013,
            D(5),
            False,
            D("0.012"),
            D("0.03"),
            minted=True,
            images=_GOLD_BAR,
        ),
        Product(
            3000102,
            "MNTBAE0010",
            "Minted 10 g 999.9 Gold Bar",
            1000013,
            D(10),
            False,
            D("0.012"),
            D("0.03"),
            minted=True,
            images=_GOLD_BAR,
        ),
        Product(
            3000065,
            "MNT0001",
            "Minted 1 Gr 999,9 Külçe Altın (NadirGold)",
            1000004,
            D(1),
            False,
            D("0.015"),
            D("0.03"),
            minted=True,
            images=_GOLD_BAR,
        ),
        Product(
            3000100,
            "MNTBAE0013",
            "Minted 50 g 999.0 Silver Bar",
            1000019,
            D(50),
            False,
            D("0.03"),
            D("0.10"),
            minted=True,
            purity="999.0",
            images=_SILVER_BAR,
        ),
    )
}

DIGITAL_SKUS = tuple(sku for sku, p in PRODUCTS.items() if p.digital)
WALLETABLE_SKUS = tuple(sku for sku, p in PRODUCTS.items() if not p.digital)

# Order statuses.  The docs evidence 1 = Created (older: New) and 2 = Pending, and filters by
# numeric ids (status=2,5); the rest follow the Order Schema's list in its order (assumed).
ORDER_STATUSES = {
    1: "Created",
    2: "Pending",
    3: "Processing",
    4: "Cancelled",
    5: "Completed",
    6: "Preparing",
    7: "Packed",
    8: "Shipped",
    9: "Transferring",
    10: "Refunding",
    11: "Refunded",
    12: "Payment Confirmed",
}
STATUS_IDS = {name: id for id, name in ORDER_STATUSES.items()}
