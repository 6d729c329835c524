"""The sandbox's one store: SQLite, so state survives a restart (and a kill -9).

Documents (customers, baskets, orders …) are kept as JSON next to the columns that are
searched; money is kept as text, so it stays exact.  Every write happens in one transaction
under one lock: a request's effects land together or not at all, and a write that was
acknowledged is on disk (WAL, ``synchronous=FULL``).

What is read often over a long history is kept beside it, in the transaction that changes it,
so reading it costs the same at 500 orders as at 500,000:

- ``balances`` keeps each wallet's running balance and its ledger's count and last moment
  (``moves``, ``last_move``), so a balance line never counts the ledger;
- ``order_days`` is a daily rollup of the orders: per customer (and ``''`` for every order),
  API-timezone day, order currency and type, how many orders and the exact sums of their
  ``total`` and fees (decimal text, added up in Python, never by SQLite's floating ``SUM``).
  Balance statistics read it instead of the orders;
- ``order_counts`` counts the orders per customer (and ``''``), day, channel, type, status,
  currency and SKUs: the order lists' ``total`` is summed from it (a status change moves its
  count, in the transaction that changes the status), so counting costs the days, not the
  orders;
- ``orders.answer`` is each order's Order Schema answer, rendered when the order is written
  (`minted.sandbox.answers.order_answer`) with a slot for its status, which moves
  after: the order list splices these texts instead of rendering every order on every read.
  NULL in a database from before it (the list then renders that order per read);
- ``orders.ecom_answer`` is, the same way, a walletable order's Ecom Order schema answer
  (`minted.sandbox.answers.walletable_answer`), which the walletable list and the E-Commerce
  Get Orders splice; written with an order the flows make, and by the first read of one the
  bulk history made (or of a database from before it): rendering it costs ~0.1 ms an order,
  which made `--demo-orders` 1.45x as long when it rendered them (500,000: 232 s against
  160 s, past its 3-minute target), and a first read of a page of 100 costs ~0.7x what
  rendering on every read did (21 against 31 ms of CPU; `keep_ecom_answers`).  NULL for a
  partner order.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from minted import _json
from minted.types import API_TIMEZONE

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kyc (external_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS price_tokens (
    token TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL,
    used_by TEXT,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS baskets (
    id INTEGER PRIMARY KEY,
    token TEXT UNIQUE NOT NULL,
    customer_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS baskets_customer ON baskets (customer_id, type, status);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    guid TEXT UNIQUE NOT NULL,
    order_code TEXT UNIQUE NOT NULL,
    increment_id TEXT UNIQUE NOT NULL,
    external_id TEXT,
    customer_external_id TEXT,
    channel TEXT NOT NULL,
    tx_type TEXT NOT NULL,
    status_id INTEGER NOT NULL,
    currency_code TEXT NOT NULL,
    skus TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL,
    answer TEXT,
    ecom_answer TEXT
);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);
CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_external_id, created_at);
CREATE INDEX IF NOT EXISTS orders_external ON orders (external_id);
CREATE INDEX IF NOT EXISTS orders_progress ON orders (status_id, tx_type, created_at);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS balances (
    owner TEXT NOT NULL,
    asset TEXT NOT NULL,
    balance TEXT NOT NULL,
    moves INTEGER NOT NULL DEFAULT 0,
    last_move TEXT,
    PRIMARY KEY (owner, asset)
);
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    asset TEXT NOT NULL,
    delta TEXT NOT NULL,
    balance_after TEXT NOT NULL,
    reference TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_owner ON ledger (owner, asset, at);
CREATE TABLE IF NOT EXISTS cards (
    card_token TEXT PRIMARY KEY,
    customer_external_id TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS imports (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS order_days (
    customer TEXT NOT NULL,
    day TEXT NOT NULL,
    currency_code TEXT NOT NULL,
    tx_type TEXT NOT NULL,
    orders INTEGER NOT NULL,
    total TEXT NOT NULL,
    fees TEXT NOT NULL,
    PRIMARY KEY (customer, day, currency_code, tx_type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS order_counts (
    customer TEXT NOT NULL,
    day TEXT NOT NULL,
    channel TEXT NOT NULL,
    tx_type TEXT NOT NULL,
    status_id INTEGER NOT NULL,
    currency_code TEXT NOT NULL,
    skus TEXT NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (customer, day, channel, tx_type, status_id, currency_code, skus)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS orders_channel ON orders (channel, created_at);
CREATE INDEX IF NOT EXISTS orders_type ON orders (tx_type);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_external_id);
CREATE INDEX IF NOT EXISTS orders_total ON orders (CAST(json_extract(data, '$.total') AS REAL));
"""

# What an order adds to its day's statistics: its ``total`` and these fees, in its currency.
FEE_FIELDS = ("charge_fee", "minting_fee", "storage_fee", "charges_vat", "payment_cost")
MEMO_SIZE = 64  # `Store.memo`: reads kept at once
EVERY_CUSTOMER = ""  # the rollups' rows of every order (the partner's whole book)

TABLES = (
    "customers",
    "kyc",
    "price_tokens",
    "baskets",
    "orders",
    "idempotency",
    "balances",
    "ledger",
    "cards",
    "imports",
    "settings",
    "order_days",
    "order_counts",
)


def dumps(value: Any) -> str:
    return _json.dumps(value)


def loads(text: str) -> Any:
    return _json.loads(text)


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        had = {name: self._has_table(name) for name in ("order_days", "order_counts")}
        self._db.executescript(SCHEMA)
        self._depth = 0
        # `memo`: reads kept until the next write, and the transactions so far that changed a
        # row (committed or not: either may have changed what a read saw)
        self._writes = 0
        self._memo: dict[Hashable, tuple[tuple[int, int], Any]] = {}
        self._migrate(rebuild_days=not had["order_days"], rebuild_counts=not had["order_counts"])

    def _has_table(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def _migrate(self, *, rebuild_days: bool, rebuild_counts: bool) -> None:
        """A database from before the running figures: add them, from what it holds.  One
        from before the orders' stored answers gets the columns (``answer``,
        ``ecom_answer``), NULL: those orders are rendered per read, as they were, but for the
        walletable list, which keeps what its first read renders (no backfill here, so
        opening a large store stays quick)."""
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(balances)")}
        order_columns = {r["name"] for r in self._db.execute("PRAGMA table_info(orders)")}
        with self.transaction() as db:
            if "answer" not in order_columns:
                db.execute("ALTER TABLE orders ADD COLUMN answer TEXT")
            if "ecom_answer" not in order_columns:
                db.execute("ALTER TABLE orders ADD COLUMN ecom_answer TEXT")
            if "moves" not in columns:
                db.execute("ALTER TABLE balances ADD COLUMN moves INTEGER NOT NULL DEFAULT 0")
                db.execute("ALTER TABLE balances ADD COLUMN last_move TEXT")
                db.execute(
                    "UPDATE balances SET "
                    "moves = (SELECT COUNT(*) FROM ledger l "
                    "WHERE l.owner = balances.owner AND l.asset = balances.asset), "
                    "last_move = (SELECT MAX(at) FROM ledger l "
                    "WHERE l.owner = balances.owner AND l.asset = balances.asset)"
                )
            if rebuild_counts:
                rows = db.execute(
                    "SELECT customer_external_id, created_at, channel, tx_type, status_id, "
                    "currency_code, skus FROM orders"
                )
                self.count_orders((order_count_key(*r), 1) for r in rows)
            if rebuild_days:
                rows = db.execute(
                    "SELECT customer_external_id, currency_code, tx_type, created_at, data "
                    "FROM orders"
                )
                self.add_order_days(
                    order_day(
                        r["customer_external_id"],
                        r["created_at"],
                        r["currency_code"],
                        r["tx_type"],
                        loads(r["data"]),
                    )
                    for r in rows
                )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work.  A nested call is a savepoint: if it fails, only its own
        writes are undone and the outer work can go on.  ``counted=False``: what it writes
        is no write for `memo` (it changes nothing a read counts or sums)."""
        with self._lock:
            name = f"sp{self._depth + 1}"
            changes = self._db.total_changes
            # begun before it is counted: one that cannot begin (the file's write lock held
            # by another process past the wait) leaves no depth behind for the next
            self._db.execute("BEGIN IMMEDIATE" if not self._depth else f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self._db
            except BaseException:
                if self._depth == 1:
                    self._db.execute("ROLLBACK")
                else:
                    self._db.execute(f"ROLLBACK TO {name}")
                    self._db.execute(f"RELEASE {name}")
                raise
            else:
                self._db.execute("COMMIT" if self._depth == 1 else f"RELEASE {name}")
            finally:
                self._depth -= 1
                if counted and self._db.total_changes != changes:
                    self._writes += 1

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads that must see one state (a count and its page): no write lands between."""
        with self._lock:
            yield

    def memo(self, key: Hashable, read: Callable[[], Any]) -> Any:
        """``read()``, kept until anything is written: by this store (any transaction ended)
        or by another connection to the same file (SQLite's ``data_version``).  For reads
        that aggregate many rows and are asked again and again between writes (an export's
        500 pages each count the same days)."""
        with self._lock:
            version = (self._writes, self._db.execute("PRAGMA data_version").fetchone()[0])
            kept = self._memo.get(key)
            if kept is not None and kept[0] == version:
                return kept[1]
            if kept is None and len(self._memo) >= MEMO_SIZE:
                self._memo.clear()  # filters seldom repeat beyond a few; start again
            value = read()
            self._memo[key] = (version, value)
            return value

    def keep_ecom_answers(self, answers: list[tuple[str, int]]) -> None:
        """Store walletable orders' answers a read rendered (``(ecom_answer, order id)``), so
        that the next read splices them.  Not a write for `memo`: they add a rendering of
        what is stored and change nothing a read counts or sums (an export's first pass
        over a list renders and keeps 100 a page, and must not read the days again each
        page).  An answer already kept, by another read at the same time, is left.  One that
        cannot be written (the file locked by another process past the wait, read-only, full)
        is not kept, and the read is answered all the same: it is only saved work.  Inside a
        unit of work it is a savepoint of it: kept, or undone, with it."""
        sql = "UPDATE orders SET ecom_answer = ? WHERE id = ? AND ecom_answer IS NULL"
        with suppress(sqlite3.Error), self.transaction(counted=False) as db:
            db.executemany(sql, answers)

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        with self.transaction() as db:
            return db.execute(sql, params)

    # -- settings -------------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.one("SELECT value FROM settings WHERE key = ?", (key,))
        return loads(row["value"]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, dumps(value)),
        )

    # -- balances: a ledger, and the running balance beside it ----------------------------------
    def balance(self, owner: str, asset: str) -> Decimal:
        row = self.one("SELECT balance FROM balances WHERE owner = ? AND asset = ?", (owner, asset))
        return Decimal(row["balance"]) if row else Decimal(0)

    def balances(self, owner: str) -> dict[str, Decimal]:
        rows = self.query("SELECT asset, balance FROM balances WHERE owner = ?", (owner,))
        return {row["asset"]: Decimal(row["balance"]) for row in rows}

    def move(self, owner: str, asset: str, delta: Decimal, reference: str, at: str) -> Decimal:
        with self.transaction() as db:
            after = self.balance(owner, asset) + delta
            db.execute(
                "INSERT INTO balances (owner, asset, balance, moves, last_move) "
                "VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (owner, asset) DO UPDATE SET balance = excluded.balance, "
                "moves = moves + 1, last_move = MAX(COALESCE(last_move, ''), excluded.last_move)",
                (owner, asset, str(after), at),
            )
            db.execute(
                "INSERT INTO ledger (owner, asset, delta, balance_after, reference, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (owner, asset, str(delta), str(after), reference, at),
            )
            return after

    def moves(self, owner: str, asset: str) -> tuple[int, str | None]:
        """How many ledger entries a wallet has, and the moment of its latest."""
        row = self.one(
            "SELECT moves, last_move FROM balances WHERE owner = ? AND asset = ?", (owner, asset)
        )
        return (row["moves"], row["last_move"]) if row else (0, None)

    # -- the orders' daily rollup -----------------------------------------------------------------
    def add_order_days(self, entries) -> None:
        """Add orders (`order_day` entries) to their days' rows, inside the caller's
        transaction: an order and its rollup land together or not at all."""
        sums: dict[tuple, list] = {}
        for customer, day, currency, tx_type, total, fees in entries:
            for who in {EVERY_CUSTOMER, customer or EVERY_CUSTOMER}:
                key = (who, day, currency, tx_type)
                point = sums.setdefault(key, [0, Decimal(0), Decimal(0)])
                point[0] += 1
                point[1] += total
                point[2] += fees
        if not sums:
            return
        with self.transaction() as db:
            for key, (orders, total, fees) in sums.items():
                row = db.execute(
                    "SELECT orders, total, fees FROM order_days "
                    "WHERE customer = ? AND day = ? AND currency_code = ? AND tx_type = ?",
                    key,
                ).fetchone()
                if row is not None:
                    orders += row["orders"]
                    total += Decimal(row["total"])
                    fees += Decimal(row["fees"])
                db.execute(
                    "INSERT OR REPLACE INTO order_days "
                    "(customer, day, currency_code, tx_type, orders, total, fees) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*key, orders, str(total), str(fees)),
                )

    def count_orders(self, changes) -> None:
        """Add ``(order_count_key, +n or -n)`` changes to ``order_counts``, inside the
        caller's transaction (an order's insert, a status change)."""
        sums: dict[tuple, int] = {}
        for (customer, *rest), n in changes:
            for who in {EVERY_CUSTOMER, customer or EVERY_CUSTOMER}:
                key = (who, *rest)
                sums[key] = sums.get(key, 0) + n
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO order_counts "
                "(customer, day, channel, tx_type, status_id, currency_code, skus, orders) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                "(customer, day, channel, tx_type, status_id, currency_code, skus) "
                "DO UPDATE SET orders = orders + excluded.orders",
                [(*key, n) for key, n in sums.items() if n],
            )

    def reset(self) -> None:
        with self.transaction() as db:
            for table in TABLES:
                db.execute(f"DELETE FROM {table}")


def api_day(created_at: str) -> str:
    """The API-timezone date of a stored moment: the day a date filter or a statistic puts it in."""
    return datetime.fromisoformat(created_at).astimezone(API_TIMEZONE).date().isoformat()


def order_count_key(
    customer: str | None,
    created_at: str,
    channel: str,
    tx_type: str,
    status_id: int,
    currency: str,
    skus: str,
) -> tuple:
    """An order's row in ``order_counts``: everything the order lists filter on (``skus`` as
    the orders keep it, so a SKU filter matches a row as it matches the orders)."""
    return customer, api_day(created_at), channel, tx_type, status_id, currency, skus


def order_day(
    customer: str | None, created_at: str, currency: str, tx_type: str, data: dict
) -> tuple:
    """One order's entry in `Store.add_order_days`: whose, which API-timezone day, its
    currency and type, and its exact ``total`` and fees."""
    day = api_day(created_at)
    total = Decimal(str(data.get("total") or 0))
    fees = sum((Decimal(str(data.get(k) or 0)) for k in FEE_FIELDS), Decimal(0))
    return customer, day, currency, tx_type, total, fees
