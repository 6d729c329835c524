"""The figures kept beside the history answer what counting the history would.

`minted.sandbox.store` keeps three things so that reading them does not grow with the
history: each wallet's ledger count and last moment beside its balance, a daily rollup of
the orders' money (``order_days``, read by Balance Stats) and daily order counts
(``order_counts``, read for the order lists' ``total``).  Here, for random histories (orders
at random moments across API-timezone midnights, in random currencies, with exact amounts of
any number of places, statuses moving as the clock passes), each is checked against the
straightforward computation over the orders and the ledger.  The bulk history
(``--demo-orders``) is held to the same rules and to the ledger's.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minted import _json
from minted.models import StatsRequest
from minted.sandbox import bulk
from minted.sandbox.catalog import STATUS_IDS
from minted.sandbox.services import balances, orders
from minted.sandbox.settings import SandboxSettings
from minted.sandbox.store import FEE_FIELDS, Store
from minted.sandbox.world import World, stamp
from minted.types import API_TIMEZONE

D = Decimal
# The list filters as the order service takes them (wherever their model is defined).
OrderFilters = orders.OrderFilters
NOW = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)  # 23:30 in Istanbul: a midnight nearby
CURRENCIES = ["TRY", "GBP", "USD", "AED"]
CUSTOMERS = [None, "cust-a", "cust-b"]
SKUS = ["GAU", "GAG", "MNTBAE0001", "MNTBAE0005"]


def new_world() -> World:
    settings = SandboxSettings(db_path=":memory:", demo_data=False)
    world = World(settings, store=Store(":memory:"))
    world.clock.freeze(NOW)
    return world


money = st.decimals(
    min_value=D(0), max_value=D("1e9"), allow_nan=False, allow_infinity=False, places=6
) | st.decimals(min_value=D(0), max_value=D(10**6), places=2)

order = st.fixed_dictionaries(
    {
        "seconds_before": st.integers(0, 12 * 86400),
        "customer": st.sampled_from(CUSTOMERS),
        "channel": st.sampled_from(["partner", "walletable"]),
        "tx_type": st.sampled_from(["buy", "sell", "delivery"]),
        "currency_code": st.sampled_from(CURRENCIES),
        "skus": st.lists(st.sampled_from(SKUS), min_size=1, max_size=2, unique=True),
        "total": money,
        "fees": st.lists(st.none() | money, min_size=len(FEE_FIELDS), max_size=len(FEE_FIELDS)),
    }
)
# (seconds to move the clock by, then progress the statuses)
events = st.lists(st.one_of(order, st.integers(1, 3 * 86400)), max_size=40)


def run_history(world: World, steps, start: int = 0) -> None:
    for n, step in enumerate(steps, start):
        if isinstance(step, int):
            world.clock.advance(step)
            world.progress_orders()
            continue
        moment = world.now() - timedelta(seconds=step["seconds_before"])
        data = {
            "guid": f"G-{n}",
            "order_code": f"C-{n}",
            "increment_id": f"I-{n}",
            "currency_code": step["currency_code"],
            "created_at": stamp(moment),
            "items": [{"sku": s} for s in step["skus"]],
            "total": step["total"],
            **dict(zip(FEE_FIELDS, step["fees"], strict=True)),
        }
        world.insert_order(
            data, channel=step["channel"], tx_type=step["tx_type"], customer_ext=step["customer"]
        )


def reference_stats(world: World, start, end, currency: str, customer: str | None) -> dict:
    """Balance Stats the straightforward way: every order of the period read and decoded,
    summed exactly per day, currency and type, then valued at the day's fixing (00:00 UTC)
    and rounded once, as `balances.stats` documents."""
    low = stamp(datetime.combine(start, time.min, API_TIMEZONE))
    high = stamp(datetime.combine(end + timedelta(days=1), time.min, API_TIMEZONE))
    sums: dict[tuple, list] = {}
    for row in world.store.query(
        "SELECT * FROM orders WHERE created_at >= ? AND created_at < ?", (low, high)
    ):
        if customer and row["customer_external_id"] != customer:
            continue
        data = _json.loads(row["data"])
        day = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE).date()
        key = (day, row["currency_code"], row["tx_type"])
        point = sums.setdefault(key, [0, D(0), D(0)])
        point[0] += 1
        point[1] += D(str(data.get("total") or 0))
        point[2] += sum((D(str(data.get(k) or 0)) for k in FEE_FIELDS), D(0))
    days = {}
    day = start
    while day <= end:
        days[day] = {"date": day, "buy_total": D(0), "sell_total": D(0), "delivery_total": D(0)}
        days[day] |= {"fee_total": D(0), "order_count": 0}
        day += timedelta(days=1)
    for (day, code, tx_type), (count, total, fees) in sums.items():
        rate = world.pricing.rate(code, currency, datetime.combine(day, time.min, UTC))
        days[day][f"{tx_type}_total"] += (total * rate).quantize(D("0.01"))
        days[day]["fee_total"] += (fees * rate).quantize(D("0.01"))
        days[day]["order_count"] += count
    return {
        "start_date": start,
        "end_date": end,
        "currency_code": currency,
        "points": list(days.values()),
    }


def reference_page(world: World, filters: OrderFilters, channel: str | None) -> tuple[int, list]:
    """How many orders a list matches, and the ids of its page sorted by time, by reading
    every order."""
    statuses = orders._status_ids(filters.status) if filters.status else None
    matches = []
    for row in world.store.query("SELECT * FROM orders"):
        day = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE).date()
        if all(
            (
                channel is None or row["channel"] == channel,
                not filters.customer_external_id
                or row["customer_external_id"] == filters.customer_external_id,
                statuses is None or row["status_id"] in statuses,
                not filters.tx_type or row["tx_type"] in filters.tx_type.split(","),
                not filters.sku or filters.sku in row["skus"].split(","),
                not filters.currency_code or row["currency_code"] == filters.currency_code,
                not filters.startDate or day >= filters.startDate,
                not filters.endDate or day <= filters.endDate,
            )
        ):
            matches.append((row["created_at"], row["id"]))
    matches.sort(reverse=filters.sortType == "desc")
    start = (filters.page - 1) * filters.total
    return len(matches), [i for _, i in matches[start : start + filters.total]]


def reference_count(world: World, filters: OrderFilters, channel: str | None) -> int:
    return reference_page(world, filters, channel)[0]


def assert_wallet_figures(store: Store) -> None:
    """Each balance is its ledger's sum and never negative; its count and last moment are
    the ledger's."""
    ledger = {}
    for row in store.query("SELECT owner, asset, delta, at FROM ledger ORDER BY id"):
        entry = ledger.setdefault((row["owner"], row["asset"]), [D(0), 0, ""])
        entry[0] += D(row["delta"])
        entry[1] += 1
        entry[2] = max(entry[2], row["at"])
    kept = {
        (r["owner"], r["asset"]): [D(r["balance"]), r["moves"], r["last_move"]]
        for r in store.query("SELECT * FROM balances")
    }
    assert kept == ledger
    assert all(balance >= 0 for balance, _, _ in kept.values())


def assert_rollups(store: Store) -> None:
    """``order_days`` and ``order_counts`` are what the orders add up to, row for row."""
    days: dict[tuple, list] = {}
    counts: dict[tuple, int] = {}
    for row in store.query("SELECT * FROM orders"):
        data = _json.loads(row["data"])
        day = datetime.fromisoformat(row["created_at"]).astimezone(API_TIMEZONE).date()
        who = row["customer_external_id"] or ""
        for customer in {"", who}:
            key = (customer, day.isoformat(), row["currency_code"], row["tx_type"])
            point = days.setdefault(key, [0, D(0), D(0)])
            point[0] += 1
            point[1] += D(str(data.get("total") or 0))
            point[2] += sum((D(str(data.get(k) or 0)) for k in FEE_FIELDS), D(0))
            kind = (row["channel"], row["tx_type"], row["status_id"], row["currency_code"])
            key = (customer, day.isoformat(), *kind, row["skus"])
            counts[key] = counts.get(key, 0) + 1
    kept_days = {
        (r["customer"], r["day"], r["currency_code"], r["tx_type"]): [
            r["orders"],
            D(r["total"]),
            D(r["fees"]),
        ]
        for r in store.query("SELECT * FROM order_days")
    }
    assert kept_days == days
    kept_counts = {
        tuple(r)[:-1]: r["orders"]
        for r in store.query("SELECT * FROM order_counts")
        if r["orders"]  # a status's count that went back to 0
    }
    assert kept_counts == counts


def days_between(world: World):
    today = world.now().astimezone(API_TIMEZONE).date()
    return st.tuples(st.integers(-15, 2), st.integers(0, 20)).map(
        lambda t: (today + timedelta(days=t[0] - t[1]), today + timedelta(days=t[0]))
    )


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@PROPERTY
@given(steps=events, data=st.data())
def test_stats_from_the_rollup_equal_the_stats_of_the_orders(steps, data):
    world = new_world()
    run_history(world, steps)
    for _ in range(3):
        start, end = data.draw(days_between(world))
        currency = data.draw(st.sampled_from(CURRENCIES))
        customer = data.draw(st.sampled_from(CUSTOMERS))
        body = StatsRequest(
            start_date=start, end_date=end, currency_code=currency, customer_external_id=customer
        )
        assert balances.stats(world, body) == reference_stats(world, start, end, currency, customer)
    assert_wallet_figures(world.store)
    assert_rollups(world.store)


filters = st.fixed_dictionaries(
    {},
    optional={
        "customer_external_id": st.sampled_from(CUSTOMERS[1:]),
        "status": st.sets(
            st.sampled_from(["Pending", "Completed", "Preparing", "Shipped", "1"]), min_size=1
        ).map(",".join),
        "tx_type": st.sets(st.sampled_from(["buy", "sell", "delivery"]), min_size=1).map(",".join),
        "sku": st.sampled_from(SKUS),
        "currency_code": st.sampled_from(CURRENCIES),
        "startDate": st.integers(0, 14),
        "endDate": st.integers(0, 14),
    },
)


paging = st.fixed_dictionaries(
    {
        "page": st.integers(1, 12),
        "total": st.integers(1, 6),
        "sortType": st.sampled_from(["asc", "desc"]),
    }
)


@PROPERTY
@given(
    steps=events,
    chosen=st.lists(
        st.tuples(filters, paging, st.sampled_from([None, "walletable", "partner"])),
        min_size=1,
        max_size=4,
    ),
    seek=st.sampled_from([0, 3, orders.DAY_SEEK]),
)
def test_list_totals_and_pages_equal_reading_every_order(steps, chosen, seek):
    """``total`` from the daily counts, and a page sorted by time found from its day (from
    any offset, with ``DAY_SEEK`` lowered), are what reading every order gives."""
    world = new_world()
    run_history(world, steps)
    kept, orders.DAY_SEEK = orders.DAY_SEEK, seek
    try:
        assert_lists_read_every_order(world, chosen)
    finally:
        orders.DAY_SEEK = kept


def assert_lists_read_every_order(world: World, chosen) -> None:
    """Each chosen list (filters with days before today, paging, channel) as the service
    answers it is what reading every order gives."""
    today = world.now().astimezone(API_TIMEZONE).date()
    for raw, page, channel in chosen:
        values = dict(raw)
        for key in ("startDate", "endDate"):
            if key in values:
                values[key] = today - timedelta(days=values[key])
        query = OrderFilters(**values, **page)
        total, rows = orders.query_orders(world, query, channel)
        assert (total, [r["id"] for r in rows]) == reference_page(world, query, channel)


@PROPERTY
@given(
    first=events,
    then=events,
    chosen=st.lists(
        st.tuples(filters, paging, st.sampled_from([None, "walletable", "partner"])),
        min_size=1,
        max_size=3,
    ),
    seek=st.sampled_from([0, 3]),
)
def test_lists_read_between_writes_see_every_write(first, then, chosen, seek):
    """The daily counts a list reads are kept until the next write (`Store.memo`): the same
    lists asked before and after more orders and status changes are each time what reading
    every order gives."""
    world = new_world()
    kept, orders.DAY_SEEK = orders.DAY_SEEK, seek
    try:
        for steps, start in ((first, 0), (then, len(first))):
            run_history(world, steps, start)
            assert_lists_read_every_order(world, chosen)
    finally:
        orders.DAY_SEEK = kept


def test_a_list_sees_orders_another_process_wrote(tmp_path):
    """Another connection's write (a second sandbox on the same file) is seen at once: the
    kept counts follow SQLite's ``data_version`` as well as this store's own writes."""
    settings = SandboxSettings(db_path=str(tmp_path / "shared.db"), demo_data=False)
    one = World(settings, store=Store(settings.db_path))
    other = World(settings, store=Store(settings.db_path))
    for world in (one, other):
        world.clock.freeze(NOW)
    step = {
        "seconds_before": 60,
        "customer": "cust-a",
        "channel": "partner",
        "tx_type": "delivery",  # pending for days: no status moves to write
        "currency_code": "TRY",
        "skus": ["GAU"],
        "total": D("10.00"),
        "fees": [None] * len(FEE_FIELDS),
    }
    run_history(one, [step])
    every = OrderFilters()
    assert orders.query_orders(one, every, None)[0] == 1
    run_history(other, [step], start=1)
    assert orders.query_orders(one, every, None)[0] == 2


@given(
    counts=st.lists(st.integers(0, 5), min_size=1, max_size=12).filter(any),
    data=st.data(),
    newest_first=st.booleans(),
)
def test_the_day_of_a_row_is_where_walking_the_days_finds_it(counts, data, newest_first):
    """`day_of_row`'s bisection against walking the days one by one, as the list did before
    (days with no orders left in them included)."""
    days = [f"2026-01-{n + 1:02d}" for n in range(len(counts))]
    running = [("", 0), *zip(days, itertools.accumulate(counts), strict=True)]
    offset = data.draw(st.integers(0, sum(counts) - 1))
    passed = 0
    for day, n in (
        reversed(list(zip(days, counts, strict=True)))
        if newest_first
        else zip(days, counts, strict=True)
    ):
        if passed + n > offset:
            expected = (date.fromisoformat(day), offset - passed)
            break
        passed += n
    assert orders.day_of_row(running, offset, newest_first=newest_first) == expected


def test_status_changes_move_the_counts(tmp_path):
    world = new_world()
    run_history(
        world,
        [
            {
                "seconds_before": 0,
                "customer": "cust-a",
                "channel": "partner",
                "tx_type": "delivery",
                "currency_code": "TRY",
                "skus": ["GAU"],
                "total": D("10.00"),
                "fees": [None] * len(FEE_FIELDS),
            }
        ],
    )
    pending = OrderFilters(status="Pending")
    assert orders.query_orders(world, pending, None)[0] == 1
    world.clock.advance(3 * 86400)
    assert orders.query_orders(world, pending, None)[0] == 0
    assert (
        orders.query_orders(world, OrderFilters(status=str(STATUS_IDS["Completed"])), None)[0] == 1
    )


def test_an_older_database_gets_its_figures_from_what_it_holds(tmp_path):
    path = tmp_path / "old.db"
    world = World(SandboxSettings(db_path=str(path), history_days=6))
    from minted.sandbox.seed import seed_world

    seed_world(world)

    def figures(store: Store) -> dict:  # (a count that went back to 0 is no figure)
        return {
            t: sorted(tuple(r) for r in store.query(f"SELECT * FROM {t}") if r[-1] != 0)
            for t in ("order_days", "order_counts", "balances")
        }

    kept = figures(world.store)
    world.store.close()
    # As a database from before them: no rollups, no running figures beside the balances.
    import sqlite3

    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE order_days; DROP TABLE order_counts; "
        "ALTER TABLE balances DROP COLUMN moves; ALTER TABLE balances DROP COLUMN last_move;"
    )
    db.close()
    store = Store(path)
    assert figures(store) == kept
    store.close()


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    from minted.sandbox.seed import seed_world

    path = tmp_path_factory.mktemp("bulk") / "bulk.db"
    settings = SandboxSettings(
        db_path=str(path), demo_orders=3000, history_days=20, partner_funding=(("AED", D(5000)),)
    )
    world = World(settings)
    seed_world(world)
    yield world
    world.store.close()


def test_a_bulk_history_has_the_orders_asked_for_and_keeps_the_ledger_s_rules(grown):
    store = grown.store
    assert store.one("SELECT COUNT(*) AS n FROM orders")["n"] == 3000
    assert_wallet_figures(store)
    assert_rollups(store)
    # balance_after runs along each wallet's ledger, in the order its entries happened
    for (owner, asset), rows in itertools.groupby(
        store.query(
            "SELECT owner, asset, delta, balance_after FROM ledger ORDER BY owner, asset, at, id"
        ),
        key=lambda r: (r["owner"], r["asset"]),
    ):
        running = D(0)
        for row in rows:
            running += D(row["delta"])
            assert D(row["balance_after"]) == running >= 0, (owner, asset)
    # the partner topped its cash up (a funding entry) rather than going below zero
    assert store.one("SELECT COUNT(*) AS n FROM ledger WHERE reference = 'funding'")["n"] > 1
    kinds = {tuple(r) for r in store.query("SELECT DISTINCT channel, tx_type FROM orders")}
    assert kinds >= {
        ("walletable", "buy"),
        ("walletable", "sell"),
        ("partner", "buy"),
        ("partner", "sell"),
    }


def test_a_bulk_history_s_figures_are_its_orders(grown):
    today = grown.now().astimezone(API_TIMEZONE).date()
    start = today - timedelta(days=25)
    for customer in (None, "MTD0018232"):
        body = StatsRequest(start_date=start, end_date=today, customer_external_id=customer)
        assert balances.stats(grown, body) == reference_stats(grown, start, today, "TRY", customer)
    for values, channel in (
        ({}, None),
        ({"status": "5", "tx_type": "buy"}, "walletable"),
        ({"sku": "GAU"}, None),
    ):
        query = OrderFilters(**values)
        assert orders.query_orders(grown, query, channel)[0] == reference_count(
            grown, query, channel
        )


def test_bulk_documents_are_written_as_the_store_writes_them(grown):
    rows = grown.store.query("SELECT data FROM orders ORDER BY random() LIMIT 200")
    for row in rows:
        assert _json.dumps(_json.loads(row["data"])) == row["data"]
        assert bulk.fast_dumps(_json.loads(row["data"])) == row["data"]


@given(
    st.recursive(
        st.none() | st.text() | st.decimals(allow_nan=False, allow_infinity=False, places=4),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_bulk_writes_any_text_as_the_store_does(value):
    """A NUL of the data's own (a customer's name may hold one) is not taken for the mark
    around a decimal: the order is then written the store's way."""
    assert bulk.fast_dumps(value) == _json.dumps(value)
    assert (
        bulk.fast_dumps(["\x00", D("1.50"), "\x001.5\x00"])
        == '["\\u0000",1.50,"\\u00001.5\\u0000"]'
    )


def test_bulk_orders_render_through_the_client_models(grown):
    from minted.sandbox.services import render

    for row in grown.store.query("SELECT * FROM orders ORDER BY random() LIMIT 200"):
        render.order(row)
        if row["channel"] == "walletable":
            render.walletable_order(row)


def test_a_bulk_history_is_the_same_for_the_same_seed(tmp_path):
    from minted.sandbox.seed import seed_world

    made = []
    for name in ("a", "b"):
        world = World(SandboxSettings(db_path=str(tmp_path / f"{name}.db"), demo_orders=200))
        world.clock.freeze(NOW)
        seed_world(world)
        made.append(
            [
                tuple(r)
                for r in world.store.query("SELECT guid, created_at, data FROM orders ORDER BY id")
            ]
        )
        world.store.close()
    assert made[0] == made[1]
