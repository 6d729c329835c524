"""The order lists splice each order's answer rendered when it was written, and answer
exactly what rendering every order per read answered: GET /partner/orders and the walletable
list (GET /partner/walletable/orders, and the E-Commerce Get Orders, which answers the same).

`minted.sandbox.answers.order_answer` renders an order's Order Schema answer once, and
`answers.walletable_answer` a walletable order's Ecom Order schema answer, when the order is
written (`World.insert_order`, the bulk history's `Book`), each with a slot for its status,
which moves after; the lists splice the statuses and the texts into the page
(`render.order_text`, `render.walletable_text`, `routes._common.ok_texts`).  Here, for orders
made through the flows (digital buy and sell, walletable basket completes, partner delivery)
and by the bulk writer, with hostile text wherever the flows take text (names holding the
slot's character, quotes, backslashes, JSON fragments, NUL, markup, unicode), at every status
the clock moves them through, each list's answer is byte for byte what the old way gives:
`render.order` (`render.walletable_order`) per row, validated, dumped and written by
`routes._common.ok`.  A database from before the stored answers (no columns, or NULL
answers) is answered the old way.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from conftest import client_for
from helpers import ADDRESS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request

import minted
from minted import _json
from minted import endpoints as ep
from minted.models import Order, Page, WalletableOrder
from minted.sandbox import EmbeddedSandbox, SandboxSettings, answers, bulk
from minted.sandbox.catalog import ORDER_STATUSES
from minted.sandbox.requests import OrderFilters
from minted.sandbox.routes import ecom as ecom_routes
from minted.sandbox.routes import orders as order_routes
from minted.sandbox.routes._common import ok, paginate
from minted.sandbox.services import orders
from minted.sandbox.store import Store
from minted.sandbox.world import World, stamp

D = Decimal
NOW = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)
# Every step of every kind's progression (world.PROGRESSION), and a little past each.
CLOCK_STEPS = [31, 600, 3000, 6 * 3600, 2 * 86400]

# Each 3–40 characters (a name's bounds), each an attempt to be mistaken for the slot, a
# status, a key, a decimal mark or markup once written into JSON.
HOSTILE = [
    answers.STATUS_SLOT * 3,
    f"a{answers.STATUS_SLOT}b",
    '"status_id":1,"status_name":"x"',
    '","status_id":9,"status_name":"',
    '\\"},{"status_id":3}\\\\',
    "back\\slash\\u001f",
    "\x00minted-decimal:12.5",
    "nul\x00nul",
    "<b>**x**</b> $x^2$ :red[r]",
    "İğüşöç € 😀 \u202e\u2028",
    "\x1f\x00\x7f\ufeff",
]
# Any text a name may hold: no newline (the bound's ``.``), no lone surrogate (refused).
names = st.sampled_from(HOSTILE) | st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), min_size=3, max_size=40
)
ACTIONS = [
    "b2b_buy",
    "b2b_sell",
    "b2b2c_buy",
    "b2b2c_sell",
    "basket_buy",
    "basket_sell",
    "basket_delivery",
    "partner_delivery",
    "clock",
]


def request(page: int = 1, total: int = 100, path: str = ep.ORDERS.path) -> Request:
    query = f"page={page}&total={total}".encode()
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [],
        "query_string": query,
        "scheme": "http",
        "server": ("127.0.0.1", 8765),
        "root_path": "",
    }
    return Request(scope)


def old_body(world: World, filters: OrderFilters) -> bytes:
    """The list as it was answered before the stored answers: every order rendered per read."""
    count, data = orders.list_orders(world, filters)
    page = paginate(request(filters.page, filters.total), count, filters.page, filters.total, data)
    return ok(Page[Order], page).body


def assert_list_as_before(world: World, *, total: int = 100) -> int:
    """Every page of the list, the new way and the old; returns how many orders there were."""
    page, seen = 1, 0
    while True:
        filters = OrderFilters(page=page, total=total)
        new = order_routes.list_orders(request(page, total), filters, world).body
        old = old_body(world, filters)
        assert _json.loads(new) == _json.loads(old)
        assert new == old
        rows = _json.loads(new)["data"]["data"]
        seen += len(rows)
        if len(rows) < total:
            return seen
        page += 1


# The walletable list's routes: each answers the same Page[WalletableOrder], at its own path.
WALLETABLE_ROUTES = [
    (order_routes.list_walletable_orders, ep.WALLETABLE_ORDERS.path),
    (ecom_routes.ecom_orders, ep.ECOM_ORDERS.path),
]


def old_walletable_body(world: World, filters: OrderFilters, path: str) -> bytes:
    """The walletable list as it was answered before the stored answers."""
    count, data = orders.list_walletable_orders(world, filters)
    at = request(filters.page, filters.total, path)
    return ok(Page[WalletableOrder], paginate(at, count, filters.page, filters.total, data)).body


def assert_walletable_as_before(world: World, *, total: int = 100) -> int:
    """`assert_list_as_before` for the walletable list, through each of its routes; returns
    how many walletable orders there were (checked against the store)."""
    counted = []
    for route, path in WALLETABLE_ROUTES:
        page, seen = 1, 0
        while True:
            filters = OrderFilters(page=page, total=total)
            new = route(request(page, total, path), filters, world).body
            old = old_walletable_body(world, filters, path)
            assert _json.loads(new) == _json.loads(old)
            assert new == old
            rows = _json.loads(new)["data"]["data"]
            seen += len(rows)
            if len(rows) < total:
                break
            page += 1
        counted.append(seen)
    stored = world.store.one("SELECT COUNT(*) AS n FROM orders WHERE channel = 'walletable'")
    assert counted == [stored["n"]] * len(WALLETABLE_ROUTES)
    return stored["n"]


def assert_answers_stored(world: World) -> None:
    """Every order written has its Order Schema answer, every walletable order its Ecom Order
    schema answer too, and no partner order one."""
    missing = world.store.one(
        "SELECT COUNT(*) AS n FROM orders WHERE answer IS NULL "
        "OR (channel = 'walletable' AND ecom_answer IS NULL)"
    )
    assert missing["n"] == 0
    partner = (
        "SELECT COUNT(*) AS n FROM orders WHERE channel != 'walletable' AND ecom_answer IS NOT NULL"
    )
    assert world.store.one(partner)["n"] == 0


# -- orders made through the flows --------------------------------------------------------------
@pytest.fixture(scope="module")
def flows(tmp_path_factory):
    db = tmp_path_factory.mktemp("answers") / "sandbox.db"
    config = SandboxSettings(db_path=str(db), demo_data=False)
    with EmbeddedSandbox(config) as sandbox, client_for(sandbox) as client:
        yield sandbox, client


def _attempt(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except minted.APIError as error:
        assert 400 <= error.status < 500, error  # a refusal (no metal, no cash), never a 5xx
        return None


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=names,
    middle=names,
    last=names,
    address_text=names,
    order_id=names,
    actions=st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=8),
)
def test_the_flows_orders_are_listed_as_rendered_per_read(
    flows, first, middle, last, address_text, order_id, actions
):
    sandbox, client = flows
    sandbox.control("POST", "/reset", json={"demo_data": False})
    world = sandbox.world
    who = "hostile-1"
    client.customers.create(
        external_id=who,
        firstname=first,
        middlename=middle,
        lastname=last,
        email='q"\\<i>@e.co',
        phone=address_text,
    )
    address = {**ADDRESS, "fullname": address_text, "address": address_text}
    ids = iter(f"{order_id[:100]}-{n}" for n in range(100))

    def digital(side: str, b2b: bool):
        fix = client.price_fix.get(customer_external_id=None if b2b else who, currency="TRY")
        items = [{"sku": "GAU", "amount": D("0.5")}]
        if b2b:
            place = client.b2b.buy if side == "buy" else client.b2b.sell
            return _attempt(place, fix.token, next(ids), items)
        place = client.b2b2c.buy if side == "buy" else client.b2b2c.sell
        return _attempt(place, fix.token, next(ids), who, items)

    def basket(side: str):
        cart = _attempt(client.baskets.add_item, who, "MNTBAE0001", 1, type=side)
        if cart is None:
            return None
        if side == "delivery":
            return _attempt(
                client.complete.delivery, who, cart.cart_token, shipping_address=address
            )
        return _attempt(getattr(client.complete, side), who, cart.cart_token)

    digital("buy", b2b=False)  # metal to sell and deliver
    basket("buy")
    for action in actions:
        if action == "clock":
            sandbox.control("POST", "/clock", json={"advance_seconds": 45})
        elif action.startswith("b2b"):
            digital(action.split("_")[1], b2b=action.startswith("b2b_"))
        elif action.startswith("basket_"):
            basket(action.split("_")[1])
        else:
            _attempt(
                client.delivery.create,
                customer={"external_id": who},
                external_id=next(ids),
                sku="GAU",
                amount=D("0.1"),
                address={"shipping": address, "billing": address},
            )
        assert_list_as_before(world)
        assert_walletable_as_before(world)
    statuses = set()
    for seconds in CLOCK_STEPS:
        sandbox.control("POST", "/clock", json={"advance_seconds": seconds})
        assert_list_as_before(world, total=3)
        assert_walletable_as_before(world, total=3)
        statuses |= {r["status_id"] for r in world.store.query("SELECT status_id FROM orders")}
    assert_answers_stored(world)
    # And the client reads it (the list goes through its model on the way in, too).
    listed = client.orders.list(total=100)
    assert {o.customer.firstname for o in listed.data if o.customer} <= {first}
    walletable = client.orders.list_walletable(total=100)
    assert {o.customer.firstname for o in walletable.data if o.customer} <= {first}
    assert len(statuses) >= 1


def test_every_status_of_every_kind_is_listed_as_before(flows):
    """One order of each kind, listed at each status it passes through."""
    sandbox, client = flows
    sandbox.control("POST", "/reset", json={"demo_data": False})
    world = sandbox.world
    who = "status-1"
    client.customers.create(external_id=who, firstname=HOSTILE[2], lastname=HOSTILE[0])
    fix = client.price_fix.get(customer_external_id=who, currency="TRY")
    client.b2b2c.buy(fix.token, "st-1", who, [{"sku": "GAU", "amount": D(2)}])
    cart = client.baskets.add_item(who, "MNTBAE0001", 2)
    client.complete.buy(who, cart.cart_token)
    cart = client.baskets.add_item(who, "MNTBAE0001", 1, type="delivery")
    client.complete.delivery(who, cart.cart_token, shipping_address=ADDRESS)
    client.delivery.create(
        customer={"external_id": who},
        external_id="st-2",
        sku="GAU",
        amount=D(1),
        address={"shipping": ADDRESS, "billing": ADDRESS},
    )
    assert_answers_stored(world)
    seen: set[int] = set()
    for seconds in [0, *CLOCK_STEPS]:
        sandbox.control("POST", "/clock", json={"advance_seconds": seconds})
        assert assert_list_as_before(world) == 4
        assert assert_walletable_as_before(world) == 2  # the basket buy and delivery
        seen |= {r["status_id"] for r in world.store.query("SELECT status_id FROM orders")}
    names = {ORDER_STATUSES[s] for s in seen}
    assert {"Pending", "Preparing", "Packed", "Shipped", "Completed"} <= names


# -- orders made by the bulk writer -------------------------------------------------------------
def new_world(path) -> World:
    world = World(SandboxSettings(db_path=str(path), demo_data=False), store=Store(path))
    world.clock.freeze(NOW)
    return world


def bulk_world(path, orders: int, seed: int, customers: list[dict]) -> World:
    """A world whose ``customers`` join before a bulk history of ``orders`` over the three
    days up to `NOW`, its clock at `NOW`."""
    world = new_world(path)
    world.clock.freeze(NOW - timedelta(days=4))  # the customers join before the history
    for customer in customers:
        world.create_customer(customer)
    with world.store.transaction():
        bulk.grow(world, orders, NOW - timedelta(days=3), NOW, random.Random(seed))
    world.clock.freeze(NOW)
    return world


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32), first=names, last=names)
def test_the_bulk_history_is_listed_as_rendered_per_read(tmp_path_factory, seed, first, last):
    customers = [
        {"external_id": f"bulk-{n}", "firstname": name, "lastname": HOSTILE[n + 6]}
        for n, name in enumerate((first, last, HOSTILE[3]))
    ]
    world = bulk_world(tmp_path_factory.mktemp("bulk") / "sandbox.db", 150, seed, customers)
    # The bulk history stores the Order Schema answers; the walletable list's are rendered
    # by its first read, and kept (`Store.keep_ecom_answers`).
    assert world.store.one("SELECT COUNT(*) AS n FROM orders WHERE answer IS NULL")["n"] == 0
    assert world.store.one(KEPT)["n"] == 0
    channels = world.store.query(
        "SELECT DISTINCT channel, customer_external_id IS NULL AS b2b FROM orders"
    )
    assert len(channels) == 3  # walletable, digital B2B2C and digital B2B
    for seconds in [0, *CLOCK_STEPS]:
        world.clock.advance(seconds)
        assert assert_list_as_before(world, total=40) == 150
        assert 0 < assert_walletable_as_before(world, total=40) < 150
        assert_answers_stored(world)
    world.store.close()


KEPT = "SELECT COUNT(*) AS n FROM orders WHERE ecom_answer IS NOT NULL"


def test_a_first_read_keeps_its_answers_without_forgetting_what_reads_remember(tmp_path):
    """What the first read of a page of the walletable list renders is kept for the next,
    and is not a write for `Store.memo`: an export's first pass renders 100 orders a page,
    and each page must not count the days again."""
    customer = {"external_id": "kept-1", "firstname": HOSTILE[1]}
    world = bulk_world(tmp_path / "sandbox.db", 120, 3, [customer])
    read = []
    remembered = lambda: world.store.memo("probe", lambda: read.append(1) or len(read))  # noqa: E731
    assert remembered() == 1 and world.store.one(KEPT)["n"] == 0
    first = orders.list_walletable_texts(world, OrderFilters(page=1, total=25))
    assert world.store.one(KEPT)["n"] == 25
    assert remembered() == 1  # not read again
    assert orders.list_walletable_texts(world, OrderFilters(page=1, total=25)) == first
    with world.store.transaction():  # a real write is still one
        world.store.set_setting("probe", 1)
    assert remembered() == 2
    world.store.close()


def test_a_read_whose_answers_cannot_be_kept_is_answered_all_the_same(tmp_path):
    """Keeping the answers a first read rendered is saved work, not the read's: when the
    write fails (here a trigger refuses it, as a full disk or a read-only file would), the
    list is answered as before, and a later read keeps them once it can."""
    customer = {"external_id": "refused-1", "firstname": HOSTILE[2]}
    world = bulk_world(tmp_path / "sandbox.db", 80, 5, [customer])
    world.store.execute(
        "CREATE TRIGGER refuse BEFORE UPDATE OF ecom_answer ON orders "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    assert assert_walletable_as_before(world, total=15) > 15
    assert world.store.one(KEPT)["n"] == 0
    world.store.execute("DROP TRIGGER refuse")
    walletable = assert_walletable_as_before(world, total=15)
    assert world.store.one(KEPT)["n"] == walletable
    world.store.close()


# -- what the sandbox allows in a stored document, read straight from the store ----------------
def test_a_lone_surrogate_in_a_stored_document_is_answered_as_before(tmp_path):
    """The requests refuse a lone surrogate (`minted.sandbox.limits`), and the store writes
    UTF-8; one can still sit in a document as a JSON escape, which reading makes U+FFFD: in a
    partner order's item, and in the customer of the bulk history's walletable orders."""
    world = new_world(tmp_path / "sandbox.db")
    world.clock.freeze(NOW - timedelta(days=3))
    world.create_customer({"external_id": "sur-1", "firstname": "abc"})
    world.create_customer({"external_id": "sur-2", "firstname": "\\ud800 y"})
    with world.store.transaction():
        bulk.grow(world, 20, NOW - timedelta(days=2), NOW, random.Random(3))
    world.clock.freeze(NOW)
    data = {
        "guid": "G-1",
        "order_code": "C-1",
        "increment_id": "I-1",
        "external_id": "E-1",
        "channel": "partner",
        "currency_code": "TRY",
        "created_at": stamp(NOW),
        "order_at": NOW,
        "total": D("12.50"),
        "items": [{"sku": "GAU", "product_name": "\\ud800 x", "amount": D("0.1000")}],
        "description": '"status_id":1,"status_name":"Pending"',
    }
    world.insert_order(data, channel="partner", tx_type="buy", customer_ext="sur-1")
    for row in world.store.query("SELECT * FROM orders WHERE data LIKE '%ud800%'"):
        text = row["data"].replace("\\\\ud800", "\\ud800")
        world.store.execute(
            "UPDATE orders SET data = ?, answer = NULL, ecom_answer = NULL WHERE id = ?",
            (text, row["id"]),
        )
        written = {"data": text, "channel": row["channel"], "tx_type": row["tx_type"]}
        answer, ecom_answer = answers.order_answer(written), answers.walletable_answer(written)
        assert "\ufffd" in answer
        assert (ecom_answer is None) == (row["channel"] == "partner")
        assert ecom_answer is None or "\ufffd" in ecom_answer
        world.store.execute(
            "UPDATE orders SET answer = ?, ecom_answer = ? WHERE id = ?",
            (answer, ecom_answer, row["id"]),
        )
    surrogates = "SELECT COUNT(*) AS n FROM orders WHERE channel = ? AND ecom_answer LIKE ?"
    assert world.store.one(surrogates, ("walletable", "%\ufffd%"))["n"] > 0
    for seconds in [0, *CLOCK_STEPS]:
        world.clock.advance(seconds)
        assert assert_list_as_before(world) == 21
        assert assert_walletable_as_before(world) > 0


def test_an_order_the_model_cannot_read_is_stored_without_an_answer(tmp_path):
    """As before, such an order is refused when listed, not when written (the rollups' tests
    write such documents)."""
    world = new_world(tmp_path / "sandbox.db")
    data = {"guid": "G-1", "order_code": "C-1", "increment_id": "I-1", "currency_code": "TRY"}
    data |= {"created_at": stamp(NOW), "items": [{"sku": "GAU"}], "total": D(1)}
    world.insert_order(data, channel="walletable", tx_type="buy", customer_ext=None)
    assert world.store.one("SELECT answer FROM orders")["answer"] is None
    with pytest.raises(KeyError):
        orders.list_order_texts(world, OrderFilters(page=1, total=10))
    # The Ecom Order schema reads it (its fields are optional but the guid): it is listed.
    assert world.store.one("SELECT ecom_answer FROM orders")["ecom_answer"] is not None
    assert assert_walletable_as_before(world) == 1
    # One it cannot read is stored without that answer, and refused when listed, as before.
    data |= {"guid": "G-2", "order_code": "C-2", "increment_id": "I-2", "customer": "nobody"}
    world.insert_order(data, channel="walletable", tx_type="buy", customer_ext=None)
    assert world.store.one("SELECT ecom_answer FROM orders WHERE guid = 'G-2'")[0] is None
    for listed in (orders.list_walletable_orders, orders.list_walletable_texts):
        with pytest.raises(ValidationError):
            listed(world, OrderFilters(page=1, total=10))


# -- a database from before the stored answers --------------------------------------------------
def test_a_database_without_the_column_is_answered_as_before(tmp_path):
    path = tmp_path / "sandbox.db"
    world = new_world(path)
    world.clock.freeze(NOW - timedelta(days=3))
    world.create_customer({"external_id": "old-1", "firstname": HOSTILE[0]})
    with world.store.transaction():
        bulk.grow(world, 60, NOW - timedelta(days=2), NOW, random.Random(7))
    world.store.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE orders DROP COLUMN answer")
    db.execute("ALTER TABLE orders DROP COLUMN ecom_answer")
    db.commit()
    db.close()

    world = new_world(path)  # `Store._migrate` adds the columns, NULL: no backfill
    unanswered = "SELECT COUNT(*) AS n FROM orders WHERE answer IS NULL AND ecom_answer IS NULL"
    assert world.store.one(unanswered)["n"] == 60
    for seconds in [0, *CLOCK_STEPS]:
        world.clock.advance(seconds)
        assert assert_list_as_before(world, total=25) == 60
        walletable = assert_walletable_as_before(world, total=10)
    assert 10 < walletable < 60  # more than a page
    # The first read kept the walletable list's answers of an old database too.
    assert world.store.one(KEPT)["n"] == walletable
    # Half of them with their answers, half without, on one page.
    rows = world.store.query("SELECT * FROM orders WHERE id % 2 = 1")
    for row in rows:
        world.store.execute(
            "UPDATE orders SET answer = ?, ecom_answer = ? WHERE id = ?",
            (answers.order_answer(row), answers.walletable_answer(row), row["id"]),
        )
    world.store.execute("UPDATE orders SET ecom_answer = NULL WHERE id % 2 = 0")
    assert 0 < world.store.one(KEPT)["n"] < walletable
    assert assert_list_as_before(world, total=25) == 60
    assert assert_walletable_as_before(world, total=10) == walletable
    world.store.close()


# -- the slot ------------------------------------------------------------------------------------
@pytest.mark.parametrize("model", [Order, WalletableOrder])
def test_both_models_dump_a_status_as_the_slot_is_filled(model):
    """The one table of status texts (`answers.STATUS_TEXTS`) is what each model dumps of each
    status, and its two members are side by side in each model."""
    fields = list(model.model_fields)
    assert fields[fields.index("status_id") + 1] == "status_name"
    adapter = TypeAdapter(model)
    for status_id, name in ORDER_STATUSES.items():
        value = model.model_validate({"guid": "G", "status_id": status_id, "status_name": name})
        dumped = adapter.dump_python(value, mode="python", by_alias=True)
        status = {k: dumped[k] for k in ("status_id", "status_name")}
        assert _json.dumps(status)[1:-1] == answers.STATUS_TEXTS[status_id]


@pytest.mark.parametrize(("route", "path"), WALLETABLE_ROUTES)
def test_the_walletable_list_answers_the_stored_text(tmp_path, route, path):
    """What the walletable list answers is the stored text with its status put in, not the
    order rendered again."""
    world = new_world(tmp_path / "sandbox.db")
    world.clock.freeze(NOW - timedelta(days=3))
    world.create_customer({"external_id": "text-1", "firstname": "abc"})
    with world.store.transaction():
        bulk.grow(world, 10, NOW - timedelta(days=2), NOW, random.Random(5))
    world.clock.freeze(NOW)
    row = world.store.one("SELECT * FROM orders WHERE channel = 'walletable' LIMIT 1")
    stored = '{"guid":"stored",' + answers.STATUS_SLOT + "}"
    world.store.execute("UPDATE orders SET ecom_answer = ? WHERE id = ?", (stored, row["id"]))
    body = _json.loads(route(request(1, 100, path), OrderFilters(page=1, total=100), world).body)
    status_id = world.store.one("SELECT status_id FROM orders WHERE id = ?", (row["id"],))[0]
    status = {"status_id": status_id, "status_name": ORDER_STATUSES[status_id]}
    assert {"guid": "stored", **status} in body["data"]["data"]


def test_a_unit_of_work_that_could_not_begin_leaves_the_next_one_whole(tmp_path):
    """Another process holding the file's write lock past the wait makes a unit of work fail
    to begin; the next one still begins as a unit (taking the write lock at once), not as a
    savepoint of one that never began."""
    from minted.sandbox.store import Store

    first, second = Store(tmp_path / "sandbox.db"), Store(tmp_path / "sandbox.db")
    for store in (first, second):
        store.one("PRAGMA busy_timeout = 0")
    for holder, other in ((first, second), (second, first)):
        with (
            holder.transaction(),
            pytest.raises(sqlite3.OperationalError, match="locked"),
            other.transaction(),
        ):
            pass
    first.close(), second.close()
