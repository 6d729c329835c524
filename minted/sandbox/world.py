"""The sandbox's state and rules: one store, one pricing engine, one clock.

Money model (assumed; the docs do not describe settlement): the partner keeps a prefunded cash
account per currency at Minted.  A customer's buy is paid from it (``paid_total``) and the metal
lands in the customer's wallet; a sell takes the customer's metal and credits the partner with
the net ``paid_total``; a delivery takes the metal out of the wallet and charges the delivery
cost.  B2B buys and sells move the partner's own metal.  Customer cash wallets exist for
"Update Customer Cash Balance".
"""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets
import string
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from minted.fees import FeeRates, buy_fees, cents, delivery_fees, sell_fees
from minted.sandbox import answers
from minted.sandbox.catalog import (
    CURRENCIES,
    METAL_CURRENCIES,
    PRODUCTS,
    STATUS_IDS,
    Product,
)
from minted.sandbox.clock import SandboxClock
from minted.sandbox.errors import SandboxError, invalid, not_found, refused
from minted.sandbox.pricing import PricingEngine, money
from minted.sandbox.settings import SandboxSettings
from minted.sandbox.store import Store, dumps, loads, order_count_key, order_day
from minted.types import API_TIMEZONE

PARTNER = "partner"
ZERO = Decimal(0)
CENT = Decimal("0.01")
# The documented rule for a partner's customer id (Create Customer: 3–40 characters, pattern
# ``^[A-Za-z0-9-_]$``), held wherever a customer can come into being: Create Customer, a
# B2B2C buy's ``customer`` object, Excel import rows.
EXTERNAL_ID = re.compile(r"[A-Za-z0-9_-]{3,40}")
ALPHANUM = string.ascii_letters + string.digits
UPPER_ALPHANUM = string.ascii_uppercase + string.digits

# How orders move on the sandbox clock: (status, seconds after the order) per kind.
PROGRESSION = {
    "buy": [("Pending", 0), ("Completed", 30)],
    "sell": [("Pending", 0), ("Completed", 30)],
    "delivery": [
        ("Pending", 0),
        ("Preparing", 600),
        ("Packed", 3600),
        ("Shipped", 6 * 3600),
        ("Completed", 2 * 86400),
    ],
}


def token(length: int = 32) -> str:
    return "".join(secrets.choice(ALPHANUM) for _ in range(length))


def customer_owner(customer_id: int) -> str:
    return f"customer:{customer_id}"


def stamp(moment: datetime) -> str:
    """How the store keeps a moment: UTC, fixed width, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def iso(moment: datetime) -> str:
    return moment.astimezone(API_TIMEZONE).isoformat(timespec="seconds")


class World:
    def __init__(
        self,
        settings: SandboxSettings,
        *,
        store: Store | None = None,
        clock: SandboxClock | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or Store(settings.db_path)
        self.clock = clock or SandboxClock()
        self.clock.restore(self.store.setting("clock", {}))
        self.pricing = PricingEngine(settings.seed)
        self.rates: FeeRates = settings.fee_rates
        if not settings.demo_data:  # the demo world opens the account at its own start
            self.open_partner_account()

    def now(self) -> datetime:
        return self.clock.now()

    def save_clock(self) -> None:
        self.store.set_setting("clock", self.clock.snapshot())

    # -- customers --------------------------------------------------------------------------------
    def customer_row(self, external_id: str) -> dict:
        row = self.store.one("SELECT * FROM customers WHERE external_id = ?", (external_id,))
        if row is None:
            raise not_found(4001, f"Customer {external_id!r} not found")
        return {"id": row["id"], **loads(row["data"])}

    def create_customer(self, fields: dict, *, field: str = "external_id") -> dict:
        """A new customer; ``field`` names the external id in the caller's body for errors."""
        external_id = fields.get("external_id")
        check_external_id(external_id, field)
        with self.store.transaction() as db:
            if self.store.one("SELECT 1 FROM customers WHERE external_id = ?", (external_id,)):
                raise invalid(field, "The external id has already been taken.")
            now = self.now()
            data = {
                "external_id": external_id,
                "company_id": 2000000,
                "user_id": None,
                "firstname": fields.get("firstname"),
                "middlename": fields.get("middlename"),
                "lastname": fields.get("lastname"),
                "email": fields.get("email"),
                "phone": fields.get("phone"),
                "gender": fields.get("gender"),
                "identity_number": fields.get("identity_number"),
                "tax_office": fields.get("tax_office"),
                "birthdate": fields.get("birthdate"),
                "account_type": fields.get("account_type") or "person",
                "created_at": now,
                "updated_at": now,
            }
            cursor = db.execute(
                "INSERT INTO customers (external_id, created_at, data) VALUES (?, ?, ?)",
                (external_id, stamp(now), dumps(_plain(data))),
            )
            return self.render_customer({"id": cursor.lastrowid, **_plain(data)})

    def update_customer(self, external_id: str, changes: dict) -> dict:
        with self.store.transaction() as db:
            customer = self.customer_row(external_id)
            customer.update({k: v for k, v in _plain(changes).items()})
            customer["updated_at"] = _plain(self.now())
            data = {k: v for k, v in customer.items() if k != "id"}
            db.execute("UPDATE customers SET data = ? WHERE id = ?", (dumps(data), customer["id"]))
            return self.render_customer(customer)

    def remove_customer_id(self, external_id: str) -> dict:
        """The Minted customer stays (with its wallets); the partner's id is released."""
        with self.store.transaction() as db:
            customer = self.customer_row(external_id)
            db.execute("UPDATE customers SET external_id = NULL WHERE id = ?", (customer["id"],))
        return {"external_id": external_id, "removed": True}

    def render_customer(self, customer: dict, *, with_wallets: bool = False) -> dict:
        first, middle, last = (
            customer.get(k) or "" for k in ("firstname", "middlename", "lastname")
        )
        fullname = " ".join(p for p in (first, middle, last) if p) or None
        out = {k: v for k, v in customer.items() if k != "wallets"}
        out["fullname"] = fullname
        if with_wallets:
            out["wallets"] = [
                {
                    "id": customer["id"] * 100 + i,
                    "customer_external_id": customer.get("external_id"),
                    "name": line["name"],
                    "currency_id": line["currency_id"],
                    "currency_code": line["currency_code"],
                    "currency_symbol": line["currency_symbol"],
                    "is_cash": line["is_cash"],
                    "balance": line["balance"],
                    "blocked": line["blocked"],
                    "real_balance": line["real_balance"],
                }
                for i, line in enumerate(self.customer_balance_lines(customer))
            ]
        return out

    def order_customer(self, customer: dict | None) -> dict | None:
        if customer is None:
            return None
        keys = (
            "external_id",
            "firstname",
            "middlename",
            "lastname",
            "email",
            "phone",
            "gender",
            "identity_number",
            "tax_office",
            "birthdate",
            "account_type",
        )
        rendered = self.render_customer(customer)
        out = {k: rendered.get(k) for k in keys}
        out["fullname"] = rendered["fullname"]
        return out

    # -- price fixes ------------------------------------------------------------------------------
    def fix_prices(
        self,
        currency: str,
        *,
        customer_external_id: str | None = None,
        total: Decimal | None = None,
        skus: Iterable[str] | None = None,
        purpose: str = "digital",
    ) -> dict:
        self.check_currency(currency)
        if customer_external_id:
            self.customer_row(customer_external_id)
        now = self.now()
        expires = now + timedelta(seconds=self.settings.price_ttl_seconds)
        prices = []
        for sku in skus or [s for s, p in PRODUCTS.items() if p.digital]:
            product = PRODUCTS[sku]
            quote = self.pricing.quote(product, currency, now)
            buy_amount = None
            if total is not None:
                buy_amount = (total / quote.buy_price).quantize(
                    Decimal("0.0001"), rounding=ROUND_DOWN
                )
            prices.append(
                {
                    "currency_id": product.currency_id,
                    "product_id": product.product_id,
                    "spot_price": money(quote.spot_price, "0.0001")
                    if product.metal == "silver"
                    else money(quote.spot_price),
                    "buy_price": quote.buy_price,
                    "sell_price": quote.sell_price,
                    "buy_amount": buy_amount,
                    "sku": sku,
                }
            )
        fix = {
            "token": token(),
            "total": total,
            "expires_at": iso(expires),
            "is_total_price": total is not None,
            "prices": prices,
            "currency": currency,
        }
        record = {**fix, "customer_external_id": customer_external_id, "purpose": purpose}
        self.store.execute(
            "INSERT INTO price_tokens (token, expires_at, data) VALUES (?, ?, ?)",
            (fix["token"], stamp(expires), dumps(record)),
        )
        return {**fix, "expire_ttl": self.settings.price_ttl_seconds - 1}

    def use_price_token(self, price_token: str | None, used_by: str) -> dict:
        """Check a price token and mark it used, inside the caller's transaction."""
        if not price_token:
            raise invalid("price_token", "The price token field is required.")
        row = self.store.one("SELECT * FROM price_tokens WHERE token = ?", (price_token,))
        if row is None:
            raise refused(2003, "Price token not found")
        if row["used_by"]:
            raise refused(2002, "Price token has already been used")
        if datetime.fromisoformat(row["expires_at"]) <= self.now():
            raise refused(2001, "Price token expired, fix a new price")
        self.store.execute(
            "UPDATE price_tokens SET used_by = ? WHERE token = ?", (used_by, price_token)
        )
        return loads(row["data"])

    def peek_price_token(self, price_token: str) -> dict:
        row = self.store.one("SELECT * FROM price_tokens WHERE token = ?", (price_token,))
        if row is None:
            raise refused(2003, "Price token not found")
        if datetime.fromisoformat(row["expires_at"]) <= self.now():
            raise refused(2001, "Price token expired, fix a new price")
        return loads(row["data"])

    def unit_rate(self, code: str, base: str, at: datetime) -> Decimal:
        """Units of ``base`` for one unit of ``code``: a currency, or a gram of a metal wallet
        (in Minted, metals are currencies too: "Gold", "Dirham Gold")."""
        if code in CURRENCIES:
            return self.pricing.rate(code, base, at)
        metal = next((c.metal for c in METAL_CURRENCIES.values() if c.code == code), None)
        if metal is None:
            allowed = ", ".join([*CURRENCIES, *(c.code for c in METAL_CURRENCIES.values())])
            raise invalid("currency_code", f"Unknown currency {code!r}. Allowed: {allowed}")
        return money(self.pricing.spot_per_gram(metal, base, at))

    def check_currency(self, currency: str) -> None:
        if currency not in CURRENCIES:
            allowed = ", ".join(CURRENCIES)
            raise invalid("currency", f"The selected currency is invalid. Allowed: {allowed}")

    # -- balances ---------------------------------------------------------------------------------
    def move(self, owner: str, asset: str, delta: Decimal, reference: str, at: datetime) -> None:
        """One ledger entry.  No balance ever goes below zero: the partner's prefunded cash,
        a customer's cash wallet and every metal or bar holding.  A move that would take one
        below zero is refused (3001 for metal, 3002 for cash) and, inside the caller's
        transaction, undoes the whole request."""
        with self.store.transaction():
            held = self.store.balance(owner, asset)
            if held + delta < 0:
                raise shortfall(owner, asset, held, -delta)
            self.store.move(owner, asset, delta, reference, stamp(at))

    def take(self, owner: str, asset: str, amount: Decimal, reference: str, at: datetime) -> None:
        self.move(owner, asset, -amount, reference, at)

    take_metal = take  # the older name: metal or cash, the same rule

    def open_partner_account(self, at: datetime | None = None) -> None:
        """The partner's opening prefunded cash, once per store (assumed amounts, settings)."""
        with self.store.transaction():
            if self.store.setting("funded") is not None:
                return
            moment = at or self.now()
            for code, amount in self.settings.partner_funding:
                self.move(PARTNER, code, Decimal(amount), "funding", moment)
            self.store.set_setting("funded", stamp(moment))

    # -- one external_id, one order ---------------------------------------------------------------
    def claim_order_id(self, external_id: str, operation: str, request: Any) -> dict | None:
        """The partner's order id (``external_id``: "your unique order id") makes one order,
        whatever the operation.  Returns what was stored for the first order when this is a
        repeat of the same request; refuses the id when it was used by another operation
        (6002) or by the same operation with other contents (6003); None when it is new.
        Call inside the transaction that will `record_order_id`."""
        row = self.store.one(
            "SELECT data FROM idempotency WHERE scope = 'order' AND key = ?", (external_id,)
        )
        if row is not None:
            first = loads(row["data"])
            if first["operation"] != operation:
                raise refused(
                    6002,
                    f"external_id {external_id!r} is already the id of a {first['operation']} "
                    f"order; a {operation} needs an id of its own",
                )
            if first["fingerprint"] != fingerprint(request):
                raise refused(
                    6003,
                    f"external_id {external_id!r} is already the id of another {operation} "
                    "order with different contents; a repeat must send the same request",
                )
            return first["result"]
        used = self.store.one(
            "SELECT tx_type FROM orders WHERE external_id = ? LIMIT 1", (external_id,)
        )
        if used is not None:  # an order from before this rule was kept in one scope
            raise refused(
                6002, f"external_id {external_id!r} is already the id of a {used['tx_type']} order"
            )
        return None

    def record_order_id(self, external_id: str, operation: str, request: Any, result: Any):
        self.store.execute(
            "INSERT INTO idempotency (scope, key, data) VALUES ('order', ?, ?)",
            (
                external_id,
                dumps(
                    {
                        "operation": operation,
                        "fingerprint": fingerprint(request),
                        "result": _plain(result),
                    }
                ),
            ),
        )

    def metal_line(self, owner: str, currency_id: int, balance: Decimal, customer_ext: str | None):
        metal_currency = METAL_CURRENCIES[currency_id]
        sku = next(s for s, p in PRODUCTS.items() if p.currency_id == currency_id)
        reporting = self.settings.reporting_currency
        quote = self.pricing.quote(PRODUCTS[sku], reporting, self.now())
        per_gram_sell = quote.sell_price / PRODUCTS[sku].weight
        return {
            "customer_external_id": customer_ext,
            "name": metal_currency.name,
            "currency_id": currency_id,
            "currency_symbol": "gr",
            "currency_code": metal_currency.code,
            "is_cash": False,
            "balance": balance,
            "blocked": ZERO,
            "real_balance": balance,
            "soft_blocked_amount": ZERO,
            "stats": self.owner_stats(owner, metal_currency.code),
            "prices": {
                "currency_code": reporting,
                "buy_price": money(quote.buy_price / PRODUCTS[sku].weight),
                "sell_price": money(per_gram_sell),
                "value": money(balance * per_gram_sell),
            },
        }

    def cash_line(self, owner: str, code: str, balance: Decimal, customer_ext: str | None):
        currency = CURRENCIES[code]
        return {
            "customer_external_id": customer_ext,
            "name": currency.name,
            "currency_id": currency.id,
            "currency_symbol": currency.symbol,
            "currency_code": code,
            "is_cash": True,
            "balance": balance,
            "blocked": ZERO,
            "real_balance": balance,
            "soft_blocked_amount": ZERO,
            "stats": self.owner_stats(owner, code),
            "prices": {},
        }

    def owner_stats(self, owner: str, asset: str) -> dict:
        """The wallet's ledger count and last moment, kept beside its balance (`Store.move`)."""
        moves, last_move = self.store.moves(owner, asset)
        return {"moves": moves, "last_move_at": last_move}

    def customer_balance_lines(self, customer: dict) -> list[dict]:
        owner = customer_owner(customer["id"])
        held = self.store.balances(owner)
        ext = customer.get("external_id")
        lines = [
            self.cash_line(owner, code, held.get(code, ZERO), ext)
            for code in CURRENCIES
            if code in held or code == self.settings.reporting_currency
        ]
        for currency_id, metal_currency in METAL_CURRENCIES.items():
            if metal_currency.code in held or metal_currency.code in ("GAU", "GAG", "GPT"):
                balance = held.get(metal_currency.code, ZERO)
                lines.append(self.metal_line(owner, currency_id, balance, ext))
        return lines

    def partner_balance_lines(self) -> list[dict]:
        held = self.store.balances(PARTNER)
        now = iso(self.now())
        lines = []
        for code in CURRENCIES:
            line = self.cash_line(PARTNER, code, held.get(code, ZERO), None)
            lines.append({**line, "as_of": now})
        customer_totals = self._customer_metal_totals()
        for currency_id, metal_currency in METAL_CURRENCIES.items():
            own = held.get(metal_currency.code, ZERO)
            line = self.metal_line(PARTNER, currency_id, own, None)
            line["held_for_customers"] = customer_totals.get(metal_currency.code, ZERO)
            line["value"] = line["prices"]["value"]
            line["value_currency"] = self.settings.reporting_currency
            lines.append({**line, "as_of": now})
        return lines

    def _customer_metal_totals(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        rows = self.store.query("SELECT asset, balance FROM balances WHERE owner LIKE 'customer:%'")
        for row in rows:
            totals[row["asset"]] = totals.get(row["asset"], ZERO) + Decimal(row["balance"])
        return totals

    # -- orders -----------------------------------------------------------------------------------
    def new_order_ids(self) -> dict:
        return {
            "guid": str(uuid.uuid4()).upper(),
            "order_code": "".join(secrets.choice(UPPER_ALPHANUM) for _ in range(8)),
            "increment_id": str(secrets.randbelow(9 * 10**10) + 10**10),
        }

    def insert_order(self, data: dict, *, channel: str, tx_type: str, customer_ext: str | None):
        """The order, its answers in the order lists (`answers.order_answer`, and for a
        walletable order `answers.walletable_answer`) and its day's statistics
        (`Store.add_order_days`), in one transaction."""
        status_id = STATUS_IDS[PROGRESSION[tx_type][0][0]]
        skus = ",".join(sorted({i["sku"] for i in data["items"]}))
        document = dumps(_plain(data))
        row = {"data": document, "channel": channel, "tx_type": tx_type}
        answer, ecom_answer = answers.answers_of(row)
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO orders (guid, order_code, increment_id, external_id, "
                "customer_external_id, channel, tx_type, status_id, currency_code, skus, "
                "created_at, data, answer, ecom_answer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    data["guid"],
                    data["order_code"],
                    data["increment_id"],
                    data.get("external_id"),
                    customer_ext,
                    channel,
                    tx_type,
                    status_id,
                    data["currency_code"],
                    skus,
                    data["created_at"],
                    document,
                    answer,
                    ecom_answer,
                ),
            )
            self.store.add_order_days(
                [order_day(customer_ext, data["created_at"], data["currency_code"], tx_type, data)]
            )
            key = order_count_key(
                customer_ext,
                data["created_at"],
                channel,
                tx_type,
                status_id,
                data["currency_code"],
                skus,
            )
            self.store.count_orders([(key, 1)])

    def progress_orders(self) -> None:
        """Move orders along their statuses as the sandbox clock passes."""
        now = self.now()
        with self.store.transaction() as db:
            for tx_type, steps in PROGRESSION.items():
                for (name, _), (next_name, after) in itertools.pairwise(steps):
                    where = "WHERE tx_type = ? AND status_id = ? AND created_at <= ?"
                    params = (tx_type, STATUS_IDS[name], stamp(now - timedelta(seconds=after)))
                    moving = db.execute(
                        "SELECT customer_external_id, created_at, channel, currency_code, skus "
                        f"FROM orders {where}",
                        params,
                    ).fetchall()
                    if not moving:
                        continue
                    changes = []
                    for r in moving:
                        who, at, channel, currency, skus = tuple(r)
                        for status, n in ((STATUS_IDS[name], -1), (STATUS_IDS[next_name], 1)):
                            key = order_count_key(who, at, channel, tx_type, status, currency, skus)
                            changes.append((key, n))
                    self.store.count_orders(changes)
                    db.execute(
                        f"UPDATE orders SET status_id = ? {where}", (STATUS_IDS[next_name], *params)
                    )

    def find_order(self, any_id: str) -> Any:
        """An order by external id, guid, order code or increment id."""
        self.progress_orders()
        row = self.store.one(
            "SELECT * FROM orders WHERE external_id = ? OR guid = ? OR order_code = ? "
            "OR increment_id = ? ORDER BY id LIMIT 1",
            (any_id, any_id.upper(), any_id.upper(), any_id),
        )
        if row is None:
            raise not_found(6001, f"Order {any_id!r} not found")
        return row

    # -- fees -------------------------------------------------------------------------------------
    def fees(
        self,
        kind: str,
        total: Decimal,
        holdings_grams: Decimal = ZERO,
        currency="AED",
        *,
        minting_fee: Decimal | None = None,
    ):
        if kind == "buy":
            return buy_fees(
                total, self.rates, holdings_grams=holdings_grams, minting_fee=minting_fee
            )
        if kind == "sell":
            return sell_fees(total, self.rates)
        return delivery_fees(self.delivery_cost(currency), self.rates)

    def delivery_cost(self, currency: str) -> Decimal:
        base = self.settings.walletable_currency
        if currency == base:
            return self.settings.delivery_cost
        rate = self.pricing.rate(base, currency, self.now())
        return cents(self.settings.delivery_cost * rate)


def check_external_id(external_id: Any, field: str = "external_id") -> None:
    if not isinstance(external_id, str) or not EXTERNAL_ID.fullmatch(external_id):
        raise invalid(
            field,
            f"The {field} must be 3 to 40 characters: letters, digits, '-' or '_'.",
        )


def shortfall(owner: str, asset: str, held: Decimal, wanted: Decimal) -> SandboxError:
    if asset in CURRENCIES:
        whose = "the partner's prefunded" if owner == PARTNER else "the customer's"
        return refused(
            3002,
            f"Insufficient {asset} balance in {whose} cash account: {held} held, {wanted} needed",
        )
    unit = "units" if asset.startswith("sku:") else "g"
    return refused(
        3001, f"Insufficient {asset} balance: {held} {unit} held, {wanted} {unit} requested"
    )


# Not part of what an order is: the quote it was priced with.  A retry after a lost answer
# needs a fresh price_token once the first has expired (240 s), and must still find the
# order the first attempt made rather than be refused.
NOT_CONTENTS = frozenset({"price_token"})


def fingerprint(request: Any) -> str:
    """What makes two requests "the same": their documented contents, in a canonical form."""
    body = request.to_api() if hasattr(request, "to_api") else request
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in NOT_CONTENTS}
    text = dumps(_canonical(_plain(body)))
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """Keys in order, amounts normalised (1 and 1.0 are one amount), absent = null."""
    if isinstance(value, dict):
        return {k: _canonical(value[k]) for k in sorted(value) if value[k] is not None}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return value.normalize() if value.is_finite() else str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)).normalize()
    return value


def product_or_error(
    sku: str | None, *, field: str = "sku", digital: bool | None = None
) -> Product:
    product = PRODUCTS.get(sku or "")
    if product is None or (digital is not None and product.digital != digital):
        allowed = ", ".join(
            s for s, p in PRODUCTS.items() if digital is None or p.digital == digital
        )
        raise invalid(field, f"The selected {field} {sku!r} is invalid. Allowed: {allowed}")
    return product


def _plain(value: Any) -> Any:
    """Dates and times as the API writes them, so JSON documents stay plain."""
    if hasattr(value, "isoformat"):  # datetime and date
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
