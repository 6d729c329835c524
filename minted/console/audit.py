"""The audit log: every write attempt, refused, failed, unknown or done, in a database.

SQLite by default (WAL, so several console processes on one machine can write at once); any
SQLAlchemy URL, e.g. ``postgresql+psycopg://…``, for several replicas.  What is stored is a
redacted summary of the request, never credentials: bodies go through the same redaction as
the journal, and any registered secret is blanked wherever it appears.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError

from minted import _json
from minted.journal import redact

RESULTS = ("ok", "refused", "failed", "unknown")

metadata = MetaData()
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("who", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("environment", String(20), nullable=False, index=True),
    Column("action", String(100), nullable=False),
    Column("intent_id", String(64), nullable=True, index=True),
    Column("request", Text, nullable=False),
    Column("result", String(10), nullable=False),
    Column("order_ids", Text, nullable=False, default=""),
    Column("client_ip", String(64), nullable=True),
    Column("message", Text, nullable=True),
)


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    who: str
    role: str
    environment: str
    action: str
    intent_id: str | None
    request: dict
    result: str
    order_ids: list[str]
    client_ip: str | None
    message: str | None


def _create_tables(engine, attempts: int = 6) -> None:
    """Create the table unless it exists.  Replicas starting together may all see no table
    and all create it: the losers' CREATE fails ("already exists", or PostgreSQL's unique
    violation on its catalogue), and a second look finds the table made."""
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


class AuditLog:
    def __init__(self, url: str = "sqlite:///.sandbox/audit.db", secrets: Iterable[str] = ()):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self._secrets = tuple(s for s in secrets if s)
        is_sqlite = url.startswith("sqlite")
        self.engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"timeout": 30, "check_same_thread": False} if is_sqlite else {},
        )
        if is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        _create_tables(self.engine)

    def close(self) -> None:
        """Close the pooled connections (a server-side database keeps them open otherwise)."""
        self.engine.dispose()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_secrets(self, *secrets: str) -> None:
        self._secrets = tuple({*self._secrets, *(s for s in secrets if s)})

    def record(
        self,
        *,
        who: str,
        role: str,
        environment: str,
        action: str,
        request: dict[str, Any] | None,
        result: str,
        order_ids: Iterable[str] = (),
        client_ip: str | None = None,
        intent_id: str | None = None,
        message: str | None = None,
    ) -> int:
        if result not in RESULTS:
            raise ValueError(f"result must be one of {RESULTS}")
        safe_request = redact(request or {}, self._secrets)
        row = {
            "at": datetime.now(UTC),
            "who": who,
            "role": role,
            "environment": environment,
            "action": action,
            "intent_id": intent_id,
            "request": _json.dumps(safe_request),
            "result": result,
            "order_ids": ",".join(order_ids),
            "client_ip": client_ip,
            "message": redact(message, self._secrets) if message else None,
        }
        with self.engine.begin() as conn:
            return conn.execute(insert(audit_events).values(**row)).inserted_primary_key[0]

    def events(
        self,
        *,
        environment: str | None = None,
        who: str | None = None,
        result: str | None = None,
        action: str | None = None,
        intent_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[AuditEvent]:
        query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
        for column, value in (
            (audit_events.c.environment, environment),
            (audit_events.c.who, who),
            (audit_events.c.result, result),
            (audit_events.c.action, action),
            (audit_events.c.intent_id, intent_id),
        ):
            if value:
                query = query.where(column == value)
        if since:
            query = query.where(audit_events.c.at >= since)
        if until:
            query = query.where(audit_events.c.at < until)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            AuditEvent(
                id=row["id"],
                at=row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=UTC),
                who=row["who"],
                role=row["role"],
                environment=row["environment"],
                action=row["action"],
                intent_id=row["intent_id"],
                request=_json.loads(row["request"]),
                result=row["result"],
                order_ids=[o for o in row["order_ids"].split(",") if o],
                client_ip=row["client_ip"],
                message=row["message"],
            )
            for row in rows
        ]


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
