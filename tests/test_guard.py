"""The environment guard: what each role may do in each environment, enforced in the client
before anything is sent."""

from __future__ import annotations

import contextlib

import pytest

import minted
from minted.errors import InvalidResponseError, WriteRefusedError
from minted.guard import Actor, Role

VIEWER = Actor("vera@example.com", Role.VIEWER)
OPERATOR = Actor("omar@example.com", Role.OPERATOR)
ADMIN = Actor("ada@example.com", Role.ADMIN)

# (environment, actor, production writes enabled, confirmation) → may write
MATRIX = [
    ("sandbox", VIEWER, False, None, False),
    ("sandbox", OPERATOR, False, None, True),
    ("sandbox", ADMIN, False, None, True),
    ("staging", VIEWER, False, None, False),
    ("staging", OPERATOR, False, None, True),
    ("staging", ADMIN, False, None, True),
    ("production", VIEWER, True, "PRODUCTION", False),
    ("production", OPERATOR, True, "PRODUCTION", False),
    ("production", ADMIN, False, "PRODUCTION", False),  # writes not enabled in secrets
    ("production", ADMIN, True, None, False),  # no typed confirmation
    ("production", ADMIN, True, "production", False),  # the exact word, not a near miss
    ("production", ADMIN, True, "PRODUCTION", True),
]


def client(recorder, environment, production_writes):
    base = {"sandbox": "http://127.0.0.1:1"}.get(environment)
    return recorder.client(
        environment=environment, base_url=base, production_writes=production_writes
    )


@pytest.mark.parametrize("environment,actor,enabled,confirmation,allowed", MATRIX)
def test_writes_by_role_and_environment(
    recorder, environment, actor, enabled, confirmation, allowed
):
    c = client(recorder, environment, enabled)
    with c.context(actor=actor, confirmation=confirmation):
        if allowed:
            with contextlib.suppress(InvalidResponseError):
                c.complete.buy("C-1", "t" * 32)
            assert recorder.last.url.path == "/partner/walletable/complete/buy"
        else:
            with pytest.raises(WriteRefusedError):
                c.complete.buy("C-1", "t" * 32)
            assert recorder.requests == []  # nothing left the client
    entry = c.journal.entries()[-1]
    assert entry.environment == environment
    assert (entry.error or "").startswith("WriteRefusedError") == (not allowed)


@pytest.mark.parametrize("actor", [VIEWER, OPERATOR, ADMIN])
@pytest.mark.parametrize("environment", ["sandbox", "staging", "production"])
def test_everyone_reads_everywhere(recorder, environment, actor):
    c = client(recorder, environment, False)
    with c.context(actor=actor):
        for read in (
            lambda: c.customers.get("C-1"),
            lambda: c.price_fix.get(currency="TRY"),  # a POST that changes nothing
        ):
            with contextlib.suppress(InvalidResponseError):
                read()
    assert len(recorder.requests) == 2


def test_library_use_without_an_actor_writes_outside_production(recorder):
    with contextlib.suppress(InvalidResponseError):
        client(recorder, "staging", False).customers.create(external_id="C-1")
    assert len(recorder.requests) == 1
    with pytest.raises(WriteRefusedError, match="read-only"):
        client(recorder, "production", False).customers.create(external_id="C-1")


def test_guard_tells_the_console_in_advance():
    sandbox = minted.Client("u", "p", environment="sandbox", base_url="http://127.0.0.1:1")
    production = minted.Client("u", "p", environment="production", production_writes=True)
    assert sandbox.guard.may_write(OPERATOR) and not sandbox.guard.may_write(VIEWER)
    assert production.guard.may_write(ADMIN) and not production.guard.may_write(OPERATOR)
