"""The audit log: every write attempt, safe under concurrent writers, kept across restarts,
and never holding a secret."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from minted.console.audit import AuditLog

SECRET = "s3cret-Pa55-do-not-show"


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'audit.db'}"


def record(log, i=0, **overrides):
    fields = {
        "who": "omar@example.com",
        "role": "operator",
        "environment": "staging",
        "action": "complete.buy",
        "request": {"cart_token": "t" * 32, "n": i},
        "result": "ok",
        "order_ids": ["GUID-1"],
        "client_ip": "10.1.2.3",
        "intent_id": f"intent-{i}",
    }
    return log.record(**{**fields, **overrides})


def test_records_and_filters(url):
    log = AuditLog(url)
    record(log, 1)
    record(log, 2, result="refused", environment="production", message="read-only")
    record(log, 3, result="unknown", who="ada@example.com", request={"amount": Decimal("0.1")})
    assert [e.intent_id for e in log.events()] == ["intent-3", "intent-2", "intent-1"]
    [refused] = log.events(result="refused")
    assert (refused.environment, refused.message) == ("production", "read-only")
    assert log.events(who="ada@example.com")[0].request == {"amount": Decimal("0.1")}
    assert log.events(environment="staging", result="ok")[0].order_ids == ["GUID-1"]
    assert log.events()[0].at.tzinfo is not None
    with pytest.raises(ValueError):
        record(log, 4, result="maybe")


def test_concurrent_writers_lose_nothing(url):
    logs = [AuditLog(url) for _ in range(4)]  # as four console processes would
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: record(logs[i % 4], i), range(200)))
    events = AuditLog(url).events(limit=500)
    assert len(events) == 200 and len({e.intent_id for e in events}) == 200


def test_survives_a_restart(url):
    record(AuditLog(url), 7)
    assert AuditLog(url).events()[0].intent_id == "intent-7"


def test_secrets_never_stored(url, tmp_path):
    log = AuditLog(url, secrets=[SECRET])
    record(
        log,
        1,
        request={"password": "x", "card_number": "4111111111111111", "note": f"pw {SECRET}"},
        message=f"failed with {SECRET}",
    )
    raw = (tmp_path / "audit.db").read_bytes()
    for path in tmp_path.glob("audit.db*"):
        raw += path.read_bytes()
    assert SECRET.encode() not in raw
    assert b"4111111111111111" not in raw
    event = log.events()[0]
    assert event.request["password"] == "***" and "***" in event.message


# -- the same on PostgreSQL, as several console replicas would share it ------------------------
def _postgres_bin() -> Path | None:
    import shutil

    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None if shutil.which("initdb") is None else Path(shutil.which("initdb")).parent


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL cluster on loopback (Debian's packages), run as ``postgres``."""
    import os
    import pwd
    import subprocess

    from minted.sandbox.ports import free_port

    # Tests marked `postgres` are skipped before this runs when PostgreSQL is not here, with
    # one line naming what to install, and with CI=true the run then fails (tests/conftest.py).
    pg_bin = _postgres_bin()
    assert pg_bin is not None
    import shutil
    import tempfile

    # pytest's own temp folders are private to root; the cluster must be the postgres user's
    home = Path(tempfile.mkdtemp(prefix="minted-pg-"))
    home.chmod(0o755)
    data = home / "data"
    data.mkdir()
    os.chown(data, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)
    port = free_port()

    def as_postgres(*args):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120
        )

    as_postgres(str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "minted")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    log = str(data / "server.log")  # the server must not hold our pipes open
    as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", log, "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://minted@127.0.0.1:{port}/postgres"
    finally:
        as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.postgres
def test_postgres_replicas_share_one_log(postgres_url):
    replicas = [AuditLog(postgres_url, secrets=[SECRET]) for _ in range(3)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda i: record(replicas[i % 3], i, message=f"x {SECRET}"), range(90)))
    for replica in replicas:
        replica.close()
    with AuditLog(postgres_url) as reader:
        events = reader.events(limit=500)
    assert len({e.intent_id for e in events}) == 90
    assert all(SECRET not in (e.message or "") for e in events)
    assert events[0].at.tzinfo is not None


START_TOGETHER = """
import sys, time
from minted.console.audit import AuditLog
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))  # every process opens the log at once
with AuditLog(sys.argv[1]) as log:
    log.record(who="w", role="operator", environment="sandbox", action="start",
               request={}, result="ok", intent_id=sys.argv[3])
"""


def start_together(url: str, count: int) -> list[int]:
    import subprocess
    import sys
    import time

    start = time.time() + 3  # after every interpreter has started
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", START_TOGETHER, url, str(start), f"p{i}"],
            stderr=subprocess.PIPE,
        )
        for i in range(count)
    ]
    codes = []
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        codes.append(process.returncode)
        assert process.returncode == 0, stderr.decode()[-2000:]
    return codes


def test_replicas_starting_together_all_create_or_find_the_table(tmp_path):
    """Several console processes open a new audit log in the same instant: each creates the
    table or finds it made, and none loses its row ("table audit_events already exists")."""
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'together-{round_}.db'}"
        assert start_together(url, 8) == [0] * 8
        with AuditLog(url) as log:
            assert len(log.events(limit=50)) == 8


@pytest.mark.postgres
def test_postgres_replicas_starting_together(postgres_url):
    assert start_together(postgres_url, 8) == [0] * 8
    with AuditLog(postgres_url) as log:
        assert len([e for e in log.events(limit=50) if e.action == "start"]) == 8
