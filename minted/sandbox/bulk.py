"""A large demo history, made in bulk: ``--demo-orders N`` (`SandboxSettings.demo_orders`).

N orders at moments spread over the demo period (``history_days`` up to now), in time order,
by the rules the flows follow: prices from the pricing engine at each order's moment, fees
from `minted.fees` (a walletable order's document is `Baskets.document`'s), its answer in the
order list rendered as `World.insert_order` renders it (`answers.order_answer`; its answer in
the walletable list is rendered by the list's first read, see `minted.sandbox.store`), one
ledger entry per move, no balance ever below zero, and each order's status as its age has
made it.  What makes it fast is that balances are kept in memory while the history is made
and every row is written in batches (``executemany``), with the daily rollups added per
batch.

Choices of the demo, not of the rules: the mix is the seed's (most orders walletable bars,
the rest digital grams, B2B and B2B2C); a sell or delivery the customer's wallet cannot cover
becomes a buy, so there are exactly N orders; when the partner's prefunded cash would not
cover a buy, the partner first tops it up by its opening funding (a ``funding`` ledger entry),
as a partner trading this much would.  Not made for bulk orders: the used price tokens, the
completed baskets and the stored first answers of their ``external_id`` (a repeat of a bulk
order's id is still refused, 6002: `World.claim_order_id` finds the order).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from minted import _json
from minted.sandbox import answers
from minted.sandbox.catalog import METAL_CURRENCIES, PRODUCTS, STATUS_IDS
from minted.sandbox.pricing import money
from minted.sandbox.services.baskets import Baskets, _sku_asset
from minted.sandbox.store import order_count_key, order_day
from minted.sandbox.world import (
    PARTNER,
    PROGRESSION,
    UPPER_ALPHANUM,
    ZERO,
    World,
    customer_owner,
    shortfall,
    stamp,
)

BATCH = 25_000  # orders per executemany round
WALLETABLE_SHARE = 0.7
BAR_SKUS = (["MNTBAE0001", "MNTBAE0005", "MNTBAE0010", "MNTBAE0013"], [5, 2, 1, 3])
DIGITAL = (["GAU", "GAG", "GPT"], [6, 3, 1])
GRAMS = [Decimal(g) for g in ("0.5", "1", "2", "5", "10", "0.1")]
SHIPPING = {
    "fullname": "Demo Customer",
    "city": "İstanbul",
    "county": "Beykoz",
    "address": "No: 37/4",
    "phone": "+905550001122",
}


# `minted._json.dumps`, written by the C encoder: a Decimal goes out as a string marked by a
# NUL at each end, and the marks (with the quotes) are cut away after, leaving the bare number
# (tests check the two agree).  A NUL of the order's own (a customer's name may hold one) is
# found by counting, and that order is written by `minted._json.dumps`.
_OPEN, _CLOSE, _NUL = '"\\u0000', '\\u0000"', "\\u0000"


def fast_dumps(value) -> str:
    written = 0

    def exact(item):
        nonlocal written
        if isinstance(item, Decimal):
            written += 1
            return f"\x00{format(abs(item) if item.is_zero() else item, 'f')}\x00"
        if hasattr(item, "isoformat"):
            return item.isoformat()
        raise TypeError(f"{type(item).__name__} is not JSON")

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=exact)
    if text.count(_NUL) != 2 * written:
        return _json.dumps(value)
    return text.replace(_OPEN, "").replace(_CLOSE, "")


class Book:
    """Balances in memory while a history is made, and the rows waiting to be written."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.wallets: dict[str, dict[str, Decimal]] = {}
        self.moves: dict[tuple[str, str], int] = {}
        self.last: dict[tuple[str, str], str] = {}
        rows = world.store.query("SELECT owner, asset, balance, moves, last_move FROM balances")
        for row in rows:
            key = (row["owner"], row["asset"])
            self.wallets.setdefault(row["owner"], {})[row["asset"]] = Decimal(row["balance"])
            self.moves[key] = row["moves"]
            self.last[key] = row["last_move"] or ""
        self.touched: set[tuple[str, str]] = set()
        self.ledger: list[tuple] = []
        self.orders: list[tuple] = []
        self.days: list[tuple] = []

    def held(self, owner: str, asset: str) -> Decimal:
        return self.wallets.get(owner, {}).get(asset, ZERO)

    def wallet(self, owner: str) -> dict[str, Decimal]:
        return self.wallets.get(owner, {})

    def covers(self, moves: list[tuple[str, str, Decimal]]) -> bool:
        return all(self.held(o, a) + d >= 0 for o, a, d in moves)

    def apply(self, moves: list[tuple[str, str, Decimal]], reference: str, at: str) -> None:
        """All of an order's moves, or none (`World.move`'s rule: never below zero)."""
        for owner, asset, delta in moves:
            if self.held(owner, asset) + delta < 0:
                raise shortfall(owner, asset, self.held(owner, asset), -delta)
        for owner, asset, delta in moves:
            key = (owner, asset)
            after = self.held(owner, asset) + delta
            self.wallets.setdefault(owner, {})[asset] = after
            self.moves[key] = self.moves.get(key, 0) + 1
            self.last[key] = max(self.last.get(key, ""), at)
            self.touched.add(key)
            self.ledger.append((owner, asset, str(delta), str(after), reference, at))

    def flush(self) -> None:
        store = self.world.store
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO ledger (owner, asset, delta, balance_after, reference, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                self.ledger,
            )
            db.executemany(
                "INSERT INTO orders (guid, order_code, increment_id, external_id, "
                "customer_external_id, channel, tx_type, status_id, currency_code, skus, "
                "created_at, data, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.orders,
            )
            db.executemany(
                "INSERT INTO balances (owner, asset, balance, moves, last_move) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, asset) DO UPDATE SET "
                "balance = excluded.balance, moves = excluded.moves, "
                "last_move = excluded.last_move",
                [
                    (o, a, str(self.wallets[o][a]), self.moves[o, a], self.last[o, a])
                    for o, a in self.touched
                ],
            )
            store.add_order_days(self.days)
            store.count_orders(
                (order_count_key(o[4], o[10], o[5], o[6], o[7], o[8], o[9]), 1) for o in self.orders
            )
        self.touched.clear()
        self.ledger, self.orders, self.days = [], [], []


class History:
    """Makes the orders; `grow` is the entry point."""

    def __init__(self, world: World, rng: random.Random, customers: list[dict]) -> None:
        self.world = world
        self.rng = rng
        # (joined, customer), by when they joined; `members` those who had by the moment
        self.customers = sorted(
            ((datetime.fromisoformat(c["created_at"]), c) for c in customers),
            key=lambda pair: pair[0],
        )
        self.members: list[dict] = []
        self.book = Book(world)
        self.baskets = Baskets(world)
        self.order_customers = {c["external_id"]: world.order_customer(c) for c in customers}
        self.funding = dict(world.settings.partner_funding)
        self.used = {
            value
            for row in world.store.query("SELECT guid, order_code, increment_id FROM orders")
            for value in row
        }
        self.external_ids = {
            row["external_id"]
            for row in world.store.query(
                "SELECT external_id FROM orders WHERE external_id IS NOT NULL"
            )
        }
        row = world.store.one("SELECT MAX(id) AS n FROM baskets")
        self.basket_id = row["n"] or 0

    # -- ids, drawn from the seeded generator, never one already used ---------------------------
    def _unique(self, draw: Callable[[], str]) -> str:
        while True:
            value = draw()
            if value not in self.used:
                self.used.add(value)
                return value

    def ids(self) -> dict:
        rng = self.rng
        return {
            "guid": self._unique(
                lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
            ),
            "order_code": self._unique(lambda: "".join(rng.choices(UPPER_ALPHANUM, k=8))),
            "increment_id": self._unique(lambda: str(rng.randrange(9 * 10**10) + 10**10)),
        }

    def external_id(self) -> str:
        while True:
            value = f"DEMO-{self.rng.randrange(16**12):012x}"
            if value not in self.external_ids:
                self.external_ids.add(value)
                return value

    # -- the partner's prefunded cash -------------------------------------------------------------
    def _fund(self, currency: str, needed: Decimal, at: str) -> None:
        held = self.book.held(PARTNER, currency)
        if held >= needed:
            return
        amount = max(Decimal(self.funding.get(currency, needed)), needed - held)
        self.book.apply([(PARTNER, currency, amount)], "funding", at)

    # -- one order --------------------------------------------------------------------------------
    def order(self, moment: datetime, now: datetime) -> None:
        """One order at ``moment`` by a customer who had joined by then (or a B2B one)."""
        joined = self.customers
        while len(self.members) < len(joined) and joined[len(self.members)][0] <= moment:
            self.members.append(joined[len(self.members)][1])
        self.world.clock.freeze(moment)
        if not self.members:
            self.digital(None, moment, now)
            return
        customer = self.rng.choice(self.members)
        if self.rng.random() < WALLETABLE_SHARE:
            self.walletable(customer, moment, now)
        else:
            self.digital(customer, moment, now)

    def _store(self, order: dict, channel: str, tx_type: str, customer_ext, now: datetime) -> None:
        age = (now - order["order_at"]).total_seconds()
        status = [name for name, after in PROGRESSION[tx_type] if after <= age][-1]
        skus = ",".join(sorted({i["sku"] for i in order["items"]}))
        document = fast_dumps(order)
        answer = answers.order_answer({"data": document, "channel": channel, "tx_type": tx_type})
        self.book.orders.append(
            (
                order["guid"],
                order["order_code"],
                order["increment_id"],
                order.get("external_id"),
                customer_ext,
                channel,
                tx_type,
                STATUS_IDS[status],
                order["currency_code"],
                skus,
                order["created_at"],
                document,
                answer,
            )
        )
        self.book.days.append(
            order_day(customer_ext, order["created_at"], order["currency_code"], tx_type, order)
        )

    def walletable(self, customer: dict, moment: datetime, now: datetime) -> None:
        world, rng, book = self.world, self.rng, self.book
        owner = customer_owner(customer["id"])
        roll = rng.random()
        side = "buy" if roll < 0.72 else ("sell" if roll < 0.93 else "delivery")
        sku = rng.choices(*BAR_SKUS)[0]
        qty = rng.choice([1, 1, 1, 2, 3]) if side == "buy" else 1
        product = PRODUCTS[sku]
        metal = METAL_CURRENCIES[product.currency_id].code
        grams = product.weight * qty
        if side != "buy" and book.held(owner, _sku_asset(sku)) < qty:
            side = "buy"  # nothing to sell or deliver: the customer buys instead
        at = stamp(moment)
        currency = world.settings.walletable_currency
        quote = world.pricing.quote(product, currency, moment)
        ids = self.ids()
        self.basket_id += 1
        basket = {
            "id": self.basket_id,
            "guid": ids["guid"],
            "increment_id": ids["increment_id"],
            "token": self._unique(lambda: f"{rng.getrandbits(128):032x}"),
            "price_token": f"{rng.getrandbits(128):032x}",
            "type": side,
            "currency_code": currency,
            "customer_id": customer["id"],
            "items": {sku: qty},
            "prices": {
                sku: {
                    "spot": str(quote.spot_price),
                    "buy": str(quote.buy_price),
                    "sell": str(quote.sell_price),
                }
            },
            "created_at": at,
            "expires_at": stamp(moment + timedelta(seconds=world.settings.price_ttl_seconds)),
        }
        order = self.baskets.document(
            basket, customer, "tr", as_order=True, held=book.wallet(owner)
        )
        order.pop("pricefix")
        order["order_creation_status"] = "order"
        order["type"] = "walletable_ecommerce"
        order["tx_type"] = side
        order["order_at"] = moment
        order["created_at"] = at
        order["order_code"] = order["increment_id"]
        if side == "delivery":
            order["shippingaddress"] = {"id": basket["id"], **SHIPPING}
            order["billingaddress"] = None
            order["delivery"] = {
                "cargo_tracking_url": None,
                "cargo_tracking_number": None,
                "estimated_arrival_date": (moment + timedelta(days=4)).date().isoformat(),
            }
        cash = order["paid_total"]
        if side == "buy":
            moves = [(owner, metal, grams), (owner, _sku_asset(sku), Decimal(qty))]
            self._fund(currency, cash, at)
            moves.append((PARTNER, currency, -cash))
        else:
            moves = [(owner, _sku_asset(sku), Decimal(-qty)), (owner, metal, -grams)]
            if side == "delivery":
                self._fund(currency, cash, at)
            moves.append((PARTNER, currency, cash if side == "sell" else -cash))
        book.apply(moves, order["guid"], at)
        self._store(order, "walletable", side, customer["external_id"], now)

    def digital(self, customer: dict | None, moment: datetime, now: datetime) -> None:
        world, rng, book = self.world, self.rng, self.book
        currency = rng.choice(["TRY", "TRY", "GBP", "USD"])
        sku = rng.choices(*DIGITAL)[0]
        b2b = rng.random() < 0.3 or customer is None
        grams = rng.choice(GRAMS) * (50 if sku == "GAG" else 1)
        side = "buy" if rng.random() < 0.8 else "sell"
        holder = PARTNER if b2b else customer_owner(customer["id"])
        if b2b:
            customer = None
        product = PRODUCTS[sku]
        metal = METAL_CURRENCIES[product.currency_id].code
        amount = grams if side == "buy" else grams / 2
        if side == "sell" and book.held(holder, metal) < amount:
            side, amount = "buy", grams  # nothing to sell: a buy instead
        quote = world.pricing.quote(product, currency, moment)
        unit = quote.buy_price if side == "buy" else quote.sell_price
        total = money(unit * amount)
        at = stamp(moment)
        ids = self.ids()
        if side == "buy":
            self._fund(currency, total, at)
            moves = [(PARTNER, currency, -total), (holder, metal, amount)]
        else:
            moves = [(holder, metal, -amount), (PARTNER, currency, total)]
        book.apply(moves, ids["guid"], at)
        spot = money(quote.spot_price, "0.0001" if product.metal == "silver" else "0.01")
        order = {
            **ids,
            "external_id": self.external_id(),
            "channel": "partner",
            "tx_type": side,
            "type": side.capitalize(),
            "price_token": f"{rng.getrandbits(128):032x}",
            "price": total,
            "tax": ZERO,
            "total": total,
            "payment_cost": ZERO,
            "currency_rate": Decimal(1),
            "currency_total": total,
            "currency_code": currency,
            "payment_type": "cash",
            "order_at": moment,
            "created_at": at,
            "items": [
                {
                    "product_id": product.product_id,
                    "sku": product.sku,
                    "product_name": product.name,
                    "product_weight": product.weight,
                    "spot_price": spot,
                    "price": unit,
                    "tax_rate": ZERO,
                    "tax": ZERO,
                    "amount": amount,
                    "total": total,
                }
            ],
            "customer": None if b2b else self.order_customers[customer["external_id"]],
            "payment": None,
            "description": f"{amount.normalize():f}gr - #{product.sku}",
        }
        self._store(
            order, "partner", side, None if customer is None else customer["external_id"], now
        )


def grow(world: World, count: int, start: datetime, end: datetime, rng: random.Random) -> int:
    """``count`` orders at moments spread over [start, end), written in batches, their
    statuses as of ``end``; call inside the seed's transaction.  Returns how many were made."""
    rows = world.store.query(
        "SELECT external_id FROM customers WHERE external_id IS NOT NULL ORDER BY id"
    )
    customers = [world.customer_row(r["external_id"]) for r in rows]
    if count <= 0:
        return 0
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))
    history = History(world, rng, customers)
    store = world.store
    saved = world.clock.snapshot()
    store._db.execute("PRAGMA cache_size = -262144")  # 256 MiB while the indexes grow
    try:
        for index, moment in enumerate(moments, 1):
            history.order(moment, end)
            if index % BATCH == 0:
                history.book.flush()
        history.book.flush()
    finally:
        store._db.execute("PRAGMA cache_size = -2000")
        world.clock.restore(saved)
    return count
