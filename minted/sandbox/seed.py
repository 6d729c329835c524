"""The demo world: the partner's funded account, demo customers and five weeks of history
(``history_days``); with ``demo_orders`` set, that many orders over the same period, made in
bulk by `minted.sandbox.bulk` instead of one flow at a time.

History is made by the same flows a client uses (baskets, complete, digital buy and sell),
each run with the sandbox clock set to the moment it happened, so every order, balance and
statistic is consistent with the pricing engine.  Seeding is deterministic per seed.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from minted.models import DigitalBuyRequest, DigitalSellRequest
from minted.sandbox import bulk
from minted.sandbox.errors import SandboxError
from minted.sandbox.services import trading
from minted.sandbox.services.baskets import Baskets
from minted.sandbox.world import World

DEMO_PEOPLE = [
    ("Ayşe", "Yılmaz", "F"),
    ("Mehmet", "Gülbilge", "M"),
    ("Zeynep", "Kaya", "F"),
    ("Mustafa", "Demir", "M"),
    ("Elif", "Şahin", "F"),
    ("Ahmet", "Çelik", "M"),
    ("Fatma", "Öztürk", "F"),
    ("Emre", "Aydın", "M"),
    ("Merve", "Arslan", "F"),
    ("Burak", "Doğan", "M"),
    ("Brant", "Ankunding", "M"),
    ("Terrence", "Brown", "M"),
    ("Layla", "Al Mansoori", "F"),
    ("Omar", "Haddad", "M"),
    ("Sophie", "Turner", "F"),
    ("Soner", "Kaya", "M"),
    ("Deniz", "Koç", "F"),
    ("Can", "Yıldız", "M"),
    ("Ece", "Aksoy", "F"),
    ("Kerem", "Polat", "M"),
]
DEMO_COMPANIES = [("Test AŞ", "Ümraniye"), ("Altın Kuyumculuk Ltd", "Kadıköy")]


def seed_world(world: World) -> None:
    rng = random.Random(world.settings.seed)
    saved = world.clock.snapshot()
    real_now = world.clock.now()
    start = real_now - timedelta(days=world.settings.history_days)
    events: list[tuple] = []
    try:
        with world.store.transaction():
            world.clock.freeze(start - timedelta(days=5))
            world.open_partner_account()
            customers = _customers(world, rng, start)
            if world.settings.demo_orders:  # a large history, made in bulk (`bulk`)
                made = bulk.grow(
                    world, world.settings.demo_orders, start, real_now - timedelta(minutes=5), rng
                )
                seeded = {"seed": world.settings.seed, "events": made, "bulk": True}
                world.store.set_setting("seeded", seeded)
                return
            for external_id, joined in customers:
                moment = joined
                while True:
                    moment += timedelta(hours=rng.uniform(10, 90))
                    if moment >= real_now - timedelta(minutes=5):
                        break
                    events.append((moment, "walletable", external_id))
            moment = start
            while moment < real_now - timedelta(minutes=5):
                moment += timedelta(hours=rng.uniform(6, 30))
                events.append((moment, "digital", rng.choice(customers)[0]))
            events.sort()
            for moment, kind, external_id in events:
                world.clock.freeze(moment)
                try:
                    if kind == "walletable":
                        _walletable_event(world, rng, external_id)
                    else:
                        _digital_event(world, rng, external_id)
                except SandboxError:
                    pass  # e.g. a sell the wallet cannot cover: the demo just skips it
            world.store.set_setting("seeded", {"seed": world.settings.seed, "events": len(events)})
    finally:
        world.clock.restore(saved)


def _customers(world: World, rng: random.Random, start) -> list[tuple[str, object]]:
    made = []
    for index, (first, last, gender) in enumerate(DEMO_PEOPLE):
        joined = start + timedelta(days=rng.uniform(0, 10))
        world.clock.freeze(joined)
        external_id = f"MTD{18232 + index * 7919:07d}"
        world.create_customer(
            {
                "external_id": external_id,
                "firstname": first,
                "lastname": last,
                "email": f"{_ascii(first)}.{_ascii(last)}@example.com",
                "phone": f"+90532{rng.randint(1000000, 9999999)}",
                "gender": gender,
                "identity_number": f"{rng.randint(10**10, 10**11 - 1)}",
                "birthdate": date(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28)),
                "account_type": "person",
            }
        )
        made.append((external_id, joined))
    for index, (name, office) in enumerate(DEMO_COMPANIES):
        joined = start + timedelta(days=rng.uniform(0, 10))
        world.clock.freeze(joined)
        external_id = f"BIZ{index + 1:04d}"
        world.create_customer(
            {
                "external_id": external_id,
                "firstname": name,
                "identity_number": f"{rng.randint(10**9, 10**10 - 1)}",
                "tax_office": office,
                "email": f"finance@{name.split()[0].lower()}.example.com",
                "account_type": "company",
            }
        )
        made.append((external_id, joined))
    return made


def _ascii(name: str) -> str:
    """ayşe.yılmaz → ayse.yilmaz: demo e-mail addresses stay plain ASCII."""
    folded = unicodedata.normalize("NFKD", name.lower().replace("ı", "i"))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def _walletable_event(world: World, rng: random.Random, external_id: str) -> None:
    baskets = Baskets(world)
    roll = rng.random()
    side = "buy" if roll < 0.72 else ("sell" if roll < 0.93 else "delivery")
    skus = ["MNTBAE0001", "MNTBAE0005", "MNTBAE0010", "MNTBAE0013"]
    sku = rng.choices(skus, weights=[5, 2, 1, 3])[0]
    qty = rng.choice([1, 1, 1, 2, 3]) if side == "buy" else 1
    basket = baskets.add_item(
        {"external_customer_id": external_id, "sku": sku, "qty": qty, "type": side}, "tr"
    )
    body = {"external_customer_id": external_id, "cart_token": basket.token}
    if side == "delivery":
        body["address"] = {
            "shipping": {
                "fullname": "Demo Customer",
                "city": "İstanbul",
                "county": "Beykoz",
                "address": "No: 37/4",
                "phone": "+905550001122",
            }
        }
    try:
        baskets.complete(side, body, "tr")
    except SandboxError:
        baskets.clear(body, "tr")  # nothing to sell: leave no stale basket behind


def _digital_event(world: World, rng: random.Random, external_id: str) -> None:
    currency = rng.choice(["TRY", "TRY", "GBP", "USD"])
    sku = rng.choices(["GAU", "GAG", "GPT"], weights=[6, 3, 1])[0]
    b2b = rng.random() < 0.3
    fix = world.fix_prices(currency, customer_external_id=None if b2b else external_id)
    grams = Decimal(rng.choice(["0.5", "1", "2", "5", "10", "0.1"]))
    if sku == "GAG":
        grams *= 50
    customer = None if b2b else {"external_id": external_id}
    order_id = f"DEMO-{rng.randrange(16**8):08x}"
    if rng.random() < 0.8:
        request = DigitalBuyRequest(
            price_token=fix["token"],
            external_id=order_id,
            customer=customer,
            items=[{"sku": sku, "amount": grams}],
        )
        trading.buy(world, request)
    else:
        request = DigitalSellRequest(
            price_token=fix["token"],
            external_id=order_id,
            customer=customer,
            items=[{"sku": sku, "amount": grams / 2}],
        )
        trading.sell(world, request)
