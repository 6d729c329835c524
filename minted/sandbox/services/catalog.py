"""The catalogue as it is answered: products and their prices, currency rates and their
history, E-Com products.  Every price comes from the world's one pricing engine."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from minted.sandbox.catalog import CURRENCIES, METAL_CURRENCIES, PRODUCTS, Product
from minted.sandbox.errors import invalid, not_found
from minted.sandbox.requests import HistoryQuery
from minted.sandbox.world import World, iso
from minted.types import API_TIMEZONE


def products(world: World, currency_code: str | None, metal_type: str | None) -> list[dict]:
    currency = currency_code or world.settings.walletable_currency
    world.check_currency(currency)
    metals = {m.strip() for m in metal_type.split(",")} if metal_type else None
    now = world.now()
    out = []
    for product in PRODUCTS.values():
        if metals and product.metal not in metals:
            continue
        quote = world.pricing.quote(product, currency, now)
        out.append(
            {
                "product_id": product.product_id,
                "sku": product.sku,
                "product_name": product.name,
                "item_currency_id": product.currency_id,
                "item_currency_name": METAL_CURRENCIES[product.currency_id].name,
                "metal_type": product.metal,
                "product_weight": product.weight,
                "purity": product.purity,
                "is_deliverable": not product.digital,
                "is_digital": product.digital,
                "currency_code": currency,
                "buy_price": quote.buy_price,
                "sell_price": quote.sell_price,
                "product_images": list(product.images),
                "prices": [],
            }
        )
    return out


def product_prices(world: World, currency: str | None) -> list[dict]:
    code = currency or world.settings.default_currency
    world.check_currency(code)
    now = world.now()
    prices = []
    for product in PRODUCTS.values():
        quote = world.pricing.quote(product, code, now)
        prices.append(
            {
                "sku": product.sku,
                "currency_id": product.currency_id,
                "product_id": product.product_id,
                "spot_price": quote.spot_price,
                "buy_price": quote.buy_price,
                "sell_price": quote.sell_price,
                "buy_amount": None,
            }
        )
    return prices


def currency_rates(world: World, base_currency: str | None) -> list[dict]:
    """Cash currencies and metal wallets (per gram), in ``base_currency``."""
    base = base_currency or world.settings.reporting_currency
    world.check_currency(base)
    now = world.now()
    units = [(code, c.name, c.symbol) for code, c in CURRENCIES.items()]
    units += [(c.code, c.name, "gr") for c in METAL_CURRENCIES.values()]
    rates = []
    for code, name, symbol in units:
        mid = world.unit_rate(code, base, now)
        rates.append(
            {
                "currency_code": code,
                "name": name,
                "symbol": symbol,
                "base_currency": base,
                "buy_rate": (mid * Decimal("1.002")).quantize(Decimal("0.0001")),
                "sell_rate": (mid * Decimal("0.998")).quantize(Decimal("0.0001")),
                "rate": mid,
                "updated_at": iso(now.replace(second=0, microsecond=0)),
            }
        )
    return rates


def rate_history(world: World, query: HistoryQuery) -> dict:
    base = query.base_currency or world.settings.reporting_currency
    world.check_currency(base)
    world.unit_rate(query.currency_code, base, world.now())  # refuses an unknown code
    # A date or time without an offset is Istanbul time, as everywhere in the API: the client's
    # own history(end_date=date(...)) sends "2026-01-31" (an aware/naive mix was a 500).
    end = min(_aware(query.endDate) if query.endDate else world.now(), world.now())
    start = _aware(query.startDate) if query.startDate else end - timedelta(days=30)
    if start >= end:
        raise invalid("startDate", "startDate must be before endDate.")
    steps = 120
    points = []
    for i in range(steps + 1):
        at = start + (end - start) * i / steps
        mid = world.unit_rate(query.currency_code, base, at)
        points.append({"at": at, "rate": mid})
    return {"currency_code": query.currency_code, "base_currency": base, "points": points}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=API_TIMEZONE)


def ecom_product(world: World, product: Product) -> dict:
    quote = world.pricing.quote(product, "TRY", world.now())
    return {
        "id": product.product_id,
        "name": product.name,
        "text": f"{product.name} — {product.purity} {product.metal}",
        "barcode": f"MNT{product.sku}",
        "sku": product.sku,
        "stock": 0 if product.digital else 20,
        "currency_code": "TRY",
        "list_price": quote.buy_price,
        "sale_price": quote.buy_price,
        "product_images": list(product.images),
        "basecurrency": {"currency_id": product.currency_id},
        "category": {"id": 1, "name": "Altın" if product.metal == "gold" else product.metal},
    }


def ecom_products(world: World, page: int, total: int) -> tuple[int, list[dict]]:
    products = list(PRODUCTS.values())
    chunk = products[(page - 1) * total : page * total]
    return len(products), [ecom_product(world, p) for p in chunk]


def find_ecom_product(world: World, sku: str | None, id: int | None) -> dict:
    if sku is None and id is None:
        raise invalid("sku", "Give sku or id.")
    product = next(
        (p for p in PRODUCTS.values() if p.sku == sku or (id is not None and p.product_id == id)),
        None,
    )
    if product is None:
        raise not_found(1000, "Product not found")
    return ecom_product(world, product)
