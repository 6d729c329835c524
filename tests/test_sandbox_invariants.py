"""Random sequences of partner calls, and the sandbox's money invariants after every step.

A hypothesis state machine drives the minted client against an in-process sandbox whose
partner holds little cash (so refusals for want of cash and metal happen): customers created
and updated, prices fixed, baskets filled, edited and cleared, digital buys and sells, partner
deliveries, walletable completes (with other customers' and other sides' cart tokens too),
cash-balance updates, clock moves and exact repeats of the last write.  After every step:

* every balance equals the sum of its ledger, and none is negative;
* one external_id names at most one order (every request here has one line);
* each wallet's ledger count and last moment, and the orders' daily rollups (money and
  counts), are what the ledger and the orders add up to;
* every order's figures are the sums of its lines, its ``paid_total`` is the docs' formula,
  and what the ledger moved for it is that ``paid_total`` (cash) and its lines' metal;
* a call for one customer changed nothing another customer owns, a refused call changed
  nothing at all, and no answer carried another customer's order.

``MINTED_INVARIANT_EXAMPLES`` (default 40, of up to 50 steps each) sets the number of
sequences; e.g. ``MINTED_INVARIANT_EXAMPLES=500`` for a long run, with fresh random choices.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from conftest import client_for
from helpers import ADDRESS, make_customer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from test_sandbox_rollups import assert_rollups, assert_wallet_figures

import minted
from minted import _json
from minted.fees import percent
from minted.sandbox import EmbeddedSandbox, SandboxSettings
from minted.sandbox.catalog import METAL_CURRENCIES, PRODUCTS

D = Decimal
EXAMPLES = int(os.environ.get("MINTED_INVARIANT_EXAMPLES", "40"))
STEPS = int(os.environ.get("MINTED_INVARIANT_STEPS", "50"))

CUSTOMERS = ["inv-a", "inv-b", "inv-c"]
ORDER_IDS = [f"o-{i}" for i in range(6)]
DIGITAL = ["GAU", "GAG"]
GRAMS = [D("0.00004"), D("0.002663"), D("0.01"), D("0.5"), D(1), D("2.5")]
BARS = ["MNTBAE0001", "MNTBAE0005", "MNTBAE0013"]
CURRENCIES = ["TRY", "GBP", "AED"]
FUNDING = (("TRY", D(200_000)), ("GBP", D(5_000)), ("AED", D(40_000)), ("USD", D(0)), ("EUR", D(0)))
METAL_CODES = {c.code for c in METAL_CURRENCIES.values()}


@pytest.fixture(scope="module")
def small_partner(tmp_path_factory):
    db = tmp_path_factory.mktemp("invariants") / "sandbox.db"
    config = SandboxSettings(db_path=str(db), demo_data=False, partner_funding=FUNDING)
    with EmbeddedSandbox(config) as sandbox, client_for(sandbox) as client:
        yield sandbox, client


def _d(value) -> D:
    return D(0) if value is None else D(str(value))


class SandboxMoney(RuleBasedStateMachine):
    sandbox: EmbeddedSandbox
    client: minted.Client

    def __init__(self) -> None:
        super().__init__()
        self.sandbox.control("POST", "/reset", json={"demo_data": False})
        self.store = self.sandbox.world.store
        self.rates = self.sandbox.settings.fee_rates
        self.created: list[str] = []
        self.tokens: list[tuple[str, str | None]] = []  # (price token, fixed for)
        self.carts: list[str] = []
        self.owned_carts: list[tuple[str, str, str]] = []  # (cart token, customer, side)
        self.last = None  # the last write, to send again
        for n, who in enumerate(CUSTOMERS[:2]):  # two to start with, holding some metal
            self.create_customer(who)
            token, _ = self.fix_price(who, "TRY")
            items = [{"sku": "GAU", "amount": D(3)}]
            assert self.call(who, self.client.b2b2c.buy, token, f"init-{n}", who, items)
            basket = self.call(who, self.client.baskets.add_item, who, "MNTBAE0001", 2)
            assert self.call(who, self.client.complete.buy, who, basket.cart_token)

    # -- the calls ------------------------------------------------------------------------------
    def call(self, actor: str | None, fn, *args, **kwargs):
        """Run one write for ``actor`` (a customer id, None for the partner's own account)
        and check what it may have changed."""
        self.last = (actor, fn, args, kwargs)
        before = self.snapshot()
        try:
            result = fn(*args, **kwargs)
        except minted.APIError as error:
            assert 400 <= error.status < 500, error  # a refusal, never a 5xx
            assert self.snapshot() == before, f"a refused call changed state: {error}"
            return None
        after = self.snapshot()
        for customer, owned in before["customers"].items():
            if customer != actor:
                assert after["customers"].get(customer) == owned, (
                    f"a call for {actor!r} changed what {customer!r} owns"
                )
        self.answered_for(actor, result)
        return result

    def answered_for(self, actor, result) -> None:
        orders = []
        if isinstance(result, minted.models.OrderResponse):
            orders = result.orders
        elif isinstance(result, minted.models.Order | minted.models.WalletableOrder):
            orders = [result]
        for order in orders:
            owner = order.customer.external_id if order.customer else None
            assert owner == actor, f"{actor!r} was answered {owner!r}'s order"

    @precondition(lambda self: len(self.created) < len(CUSTOMERS))
    @rule(data=st.data())
    def create_another_customer(self, data):
        self.create_customer(data.draw(st.sampled_from(CUSTOMERS[len(self.created) :])))

    def create_customer(self, who):
        if self.call(who, make_customer, self.client, who):
            self.created.append(who)

    @precondition(lambda self: self.created)
    @rule(data=st.data(), phone=st.sampled_from(["+905550000000", "+905551111111"]))
    def update_customer(self, data, phone):
        who = data.draw(st.sampled_from(self.created))
        self.call(who, self.client.customers.update, who, phone=phone)

    def fix_price(self, who, currency) -> tuple[str, str | None] | None:
        try:
            fix = self.client.price_fix.get(customer_external_id=who, currency=currency)
        except minted.NotFoundError:
            return None
        self.tokens.append((fix.token, who))
        return fix.token, who

    @rule(
        data=st.data(),
        side=st.sampled_from(["buy", "buy", "sell"]),
        order_id=st.sampled_from(ORDER_IDS),
        sku=st.sampled_from(DIGITAL),
        grams=st.sampled_from(GRAMS),
        b2b=st.booleans(),
        fresh=st.sampled_from([True, True, False]),
        currency=st.sampled_from(CURRENCIES),
    )
    def digital(self, data, side, order_id, sku, grams, b2b, fresh, currency):
        """A fresh price, or one fixed before (used, expired or another customer's)."""
        if fresh or not self.tokens:
            who = None if b2b else data.draw(st.sampled_from(CUSTOMERS))
            fixed = self.fix_price(who, currency)
            if fixed is None:
                return
        else:
            fixed = data.draw(st.sampled_from(self.tokens))
        token, fixed_for = fixed
        items = [{"sku": sku, "amount": grams}]
        if b2b and fixed_for is None:
            place = self.client.b2b.buy if side == "buy" else self.client.b2b.sell
            self.call(None, place, token, order_id, items)
            return
        who = fixed_for or data.draw(st.sampled_from(CUSTOMERS))
        place = self.client.b2b2c.buy if side == "buy" else self.client.b2b2c.sell
        self.call(who, place, token, order_id, who, items)

    @rule(
        who=st.sampled_from(CUSTOMERS),
        order_id=st.sampled_from(ORDER_IDS),
        grams=st.integers(1, 3),
    )
    def partner_delivery(self, who, order_id, grams):
        self.call(
            who,
            self.client.delivery.create,
            customer={"external_id": who},
            external_id=order_id,
            sku="GAU",
            amount=D(grams),
            address={"shipping": ADDRESS, "billing": ADDRESS},
        )

    @rule(
        who=st.sampled_from(CUSTOMERS),
        sku=st.sampled_from(BARS),
        qty=st.integers(1, 2),
        side=st.sampled_from(["buy", "buy", "sell", "delivery"]),
    )
    def add_to_basket(self, who, sku, qty, side):
        basket = self.call(who, self.client.baskets.add_item, who, sku, qty, type=side)
        if basket is not None and basket.cart_token not in self.carts:
            self.carts.append(basket.cart_token)
            self.owned_carts.append((basket.cart_token, who, side))

    @rule(who=st.sampled_from(CUSTOMERS[:2]), side=st.sampled_from(["sell", "delivery"]))
    def sell_or_deliver_a_bar(self, who, side):
        """A bar the customer is likely to hold, out at once: a fresh basket of one."""
        open_basket = self.store.one(
            "SELECT b.token FROM baskets b JOIN customers c ON c.id = b.customer_id "
            "WHERE c.external_id = ? AND b.type = ? AND b.status = 'basket'",
            (who, side),
        )
        if open_basket is not None:
            self.call(who, self.client.baskets.clear, who, open_basket["token"])
        basket = self.call(who, self.client.baskets.add_item, who, "MNTBAE0001", 1, type=side)
        if basket is None:
            return
        if basket.cart_token not in self.carts:
            self.carts.append(basket.cart_token)
            self.owned_carts.append((basket.cart_token, who, side))
        if side == "delivery":
            self.call(
                who, self.client.complete.delivery, who, basket.cart_token, shipping_address=ADDRESS
            )
        else:
            self.call(who, self.client.complete.sell, who, basket.cart_token)

    @precondition(lambda self: self.owned_carts)
    @rule(data=st.data())
    def complete_own(self, data):
        """A customer completes one of its own baskets on its own side (again, at times)."""
        token, who, side = data.draw(st.sampled_from(self.owned_carts))
        if side == "delivery":
            self.call(who, self.client.complete.delivery, who, token, shipping_address=ADDRESS)
        else:
            self.call(who, getattr(self.client.complete, side), who, token)

    @precondition(lambda self: self.carts)
    @rule(
        data=st.data(),
        who=st.sampled_from(CUSTOMERS),
        sku=st.sampled_from(BARS),
        action=st.sampled_from(["update", "delete", "clear"]),
        qty=st.integers(0, 3),
    )
    def edit_basket(self, data, who, sku, action, qty):
        token = data.draw(st.sampled_from(self.carts))
        if action == "update":
            self.call(who, self.client.baskets.update_item, who, token, sku, qty)
        elif action == "delete":
            self.call(who, self.client.baskets.delete_item, who, token, sku)
        else:
            self.call(who, self.client.baskets.clear, who, token)

    @precondition(lambda self: self.carts)
    @rule(
        data=st.data(),
        who=st.sampled_from(CUSTOMERS),
        side=st.sampled_from(["buy", "sell", "delivery"]),
    )
    def complete(self, data, who, side):
        """Any customer, any side, any cart token: foreign and used ones included."""
        token = data.draw(st.sampled_from(self.carts))
        if side == "delivery":
            self.call(who, self.client.complete.delivery, who, token, shipping_address=ADDRESS)
        else:
            self.call(who, getattr(self.client.complete, side), who, token)

    @rule(
        who=st.sampled_from(CUSTOMERS),
        amount=st.sampled_from([D(500), D("-120.5"), D("0.01"), D(-1000)]),
        currency=st.sampled_from(["TRY", "AED"]),
        reference=st.sampled_from([None, "cash-1", "cash-2"]),
    )
    def cash(self, who, amount, currency, reference):
        self.call(
            who,
            self.client.balances.update_cash,
            who,
            amount,
            currency_code=currency,
            external_id=reference,
        )

    @rule(seconds=st.sampled_from([20, 120, 245, 3600]))
    def move_clock(self, seconds):
        before = self.snapshot()["balances"]
        self.sandbox.control("POST", "/clock", json={"advance_seconds": seconds})
        assert self.snapshot()["balances"] == before  # time alone moves no money

    @precondition(lambda self: self.last is not None)
    @rule()
    def repeat_last(self):
        actor, fn, args, kwargs = self.last
        self.call(actor, fn, *args, **kwargs)

    # -- what must always hold ------------------------------------------------------------------
    def snapshot(self) -> dict:
        store = self.store
        balances = {
            (r["owner"], r["asset"]): r["balance"]
            for r in store.query("SELECT owner, asset, balance FROM balances")
        }
        customers = {}
        for row in store.query("SELECT id, external_id, data FROM customers"):
            owner = f"customer:{row['id']}"
            customers[row["external_id"] or f"#{row['id']}"] = (
                row["data"],
                sorted((k[1], v) for k, v in balances.items() if k[0] == owner),
                [
                    tuple(r)
                    for r in store.query(
                        "SELECT guid, data FROM orders WHERE customer_external_id = ? ORDER BY id",
                        (row["external_id"],),
                    )
                ],
                [
                    tuple(r)
                    for r in store.query(
                        "SELECT token, status, data FROM baskets WHERE customer_id = ? ORDER BY id",
                        (row["id"],),
                    )
                ],
            )
        orders = store.one("SELECT COUNT(*) AS n FROM orders")["n"]
        return {"balances": balances, "customers": customers, "orders": orders}

    @invariant()
    def balances_are_their_ledgers_and_never_negative(self):
        sums = {
            (r["owner"], r["asset"]): r["deltas"]
            for r in self.store.query(
                "SELECT owner, asset, GROUP_CONCAT(delta, ' ') AS deltas FROM ledger "
                "GROUP BY owner, asset"
            )
        }
        rows = self.store.query("SELECT owner, asset, balance FROM balances")
        assert len(rows) == len(sums)
        for row in rows:
            balance = D(row["balance"])
            total = sum((D(x) for x in sums[(row["owner"], row["asset"])].split()), D(0))
            assert balance == total, (row["owner"], row["asset"], balance, total)
            assert balance >= 0, (row["owner"], row["asset"], balance)

    @invariant()
    def the_figures_kept_beside_the_history_are_the_history_s(self):
        """Running ledger counts, and the orders' daily rollups (`test_sandbox_rollups`)."""
        assert_wallet_figures(self.store)
        assert_rollups(self.store)

    @invariant()
    def one_external_id_one_order(self):
        rows = self.store.query(
            "SELECT external_id, COUNT(*) AS n FROM orders WHERE external_id IS NOT NULL "
            "GROUP BY external_id HAVING n > 1"
        )
        assert rows == [], [tuple(r) for r in rows]

    @invariant()
    def orders_add_up_and_the_ledger_moved_what_they_say(self):
        for row in self.store.query("SELECT * FROM orders"):
            order = _json.loads(row["data"])
            moved = self._moved(order["guid"])
            if row["channel"] == "walletable":
                self._check_walletable(row["tx_type"], order, moved)
            else:
                self._check_partner(row["tx_type"], order, moved)

    def _moved(self, guid: str) -> dict[tuple[str, str], D]:
        moved: dict[tuple[str, str], D] = {}
        for r in self.store.query(
            "SELECT owner, asset, delta FROM ledger WHERE reference = ?", (guid,)
        ):
            key = ("partner" if r["owner"] == "partner" else "customer", r["asset"])
            moved[key] = moved.get(key, D(0)) + D(r["delta"])
        return moved

    def _check_partner(self, tx_type: str, order: dict, moved) -> None:
        (item,) = order["items"]
        total, currency = _d(order["total"]), order["currency_code"]
        assert total == _d(item["total"]) == _d(order["price"])
        holder = "customer" if order.get("customer") else "partner"
        if tx_type == "delivery":
            assert moved.get(("partner", currency), D(0)) == -total
            assert moved[("customer", item["sku"])] == -_d(item["amount"])
            return
        assert total >= D("0.01")  # nothing changes hands for less than a cent
        assert total == percent(_d(item["price"]) * _d(item["amount"]), D(100))
        sign = 1 if tx_type == "buy" else -1
        assert moved.get(("partner", currency), D(0)) == -sign * total
        assert moved[(holder, item["sku"])] == sign * _d(item["amount"])

    def _check_walletable(self, tx_type: str, order: dict, moved) -> None:
        rates = self.rates
        items = order["items"]
        total = _d(order["total"])
        charge, minting = _d(order["charge_fee"]), _d(order["minting_fee"])
        storage, vat = _d(order["storage_fee"]), _d(order["charges_vat"])
        paid = _d(order["paid_total"])
        if tx_type != "delivery":
            assert _d(order["price"]) == total == sum((_d(i["total"]) for i in items), D(0))
        for item in items:
            assert [p["id"] for p in item["prices"]] == [6, 4, 7]
        lines_mint = sum((_d(i["amount"]) * _d(i["prices"][2]["price"]) for i in items), D(0))
        assert minting == lines_mint
        if tx_type == "buy":
            assert charge == percent(total, rates.charge_fee_rate)
            assert storage in (D(0), percent(total, rates.storage_fee_rate))
            assert vat == percent(charge + minting + storage, rates.vat_rate)
            assert paid == total + charge + minting + storage + vat + _d(order["payment_cost"])
        elif tx_type == "sell":
            assert minting == storage == 0
            assert charge == percent(total, rates.charge_fee_rate)
            assert vat == percent(charge, rates.vat_rate)
            assert paid == total - charge - vat
        else:
            delivery = _d(order["delivery_cost"])
            assert vat == percent(delivery, rates.vat_rate) and paid == delivery + vat
        sign = {"buy": 1, "sell": -1, "delivery": -1}[tx_type]
        cash = {"buy": -paid, "sell": paid, "delivery": -paid}[tx_type]
        assert moved[("partner", order["currency_code"])] == cash
        grams: dict[str, D] = {}
        for item in items:
            product = PRODUCTS[item["sku"]]
            metal = METAL_CURRENCIES[product.currency_id].code
            grams[metal] = grams.get(metal, D(0)) + product.weight * _d(item["amount"])
        for metal, weight in grams.items():
            assert moved[("customer", metal)] == sign * weight
        assert not {a for _, a in moved if a in METAL_CODES} - set(grams)


def test_money_invariants_hold_under_random_sequences(small_partner):
    sandbox, client = small_partner
    SandboxMoney.sandbox = sandbox
    SandboxMoney.client = client
    machine = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        derandomize=os.environ.get("MINTED_INVARIANT_EXAMPLES") is None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )(SandboxMoney)
    machine.TestCase().runTest()
