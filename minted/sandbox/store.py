"""The sandbox's one store: SQLite, so state survives a restart (and a kill -9).

Documents (customers, baskets, orders …) are kept as JSON next to the columns that are
searched; money is kept as text, so it stays exact.  Every write happens in one transaction
under one lock: a request's effects land together or not at all, and a write that was
acknowledged is on disk (WAL, ``synchronous=FULL``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from minted import _json

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
    data TEXT NOT NULL
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
"""

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
        self._db.executescript(SCHEMA)
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work.  A nested call is a savepoint: if it fails, only its own
        writes are undone and the outer work can go on."""
        with self._lock:
            self._depth += 1
            name = f"sp{self._depth}"
            self._db.execute("BEGIN IMMEDIATE" if self._depth == 1 else f"SAVEPOINT {name}")
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
                "INSERT INTO balances (owner, asset, balance) VALUES (?, ?, ?) "
                "ON CONFLICT (owner, asset) DO UPDATE SET balance = excluded.balance",
                (owner, asset, str(after)),
            )
            db.execute(
                "INSERT INTO ledger (owner, asset, delta, balance_after, reference, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (owner, asset, str(delta), str(after), reference, at),
            )
            return after

    def reset(self) -> None:
        with self.transaction() as db:
            for table in TABLES:
                db.execute(f"DELETE FROM {table}")
