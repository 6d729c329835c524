"""The console's write policy: what each role may do in each environment, enforced by the
request hook under every call the console makes, before anything is sent."""

from __future__ import annotations

import contextlib

import pytest
from helpers import send_reads

from minted.console import policy
from minted.console.policy import Actor, Role
from minted.environments import environment
from minted.errors import InvalidResponseError, WriteRefusedError

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


def console_client(recorder, environment_name, production_writes):
    base = {"sandbox": "http://127.0.0.1:1"}.get(environment_name)
    return recorder.client(
        environment=environment_name,
        base_url=base,
        production_writes=production_writes,
        event_hooks={"request": [policy.check]},
    )


@pytest.mark.parametrize("environment_name,actor,enabled,confirmation,allowed", MATRIX)
def test_writes_by_role_and_environment(
    recorder, environment_name, actor, enabled, confirmation, allowed
):
    c = console_client(recorder, environment_name, enabled)
    with policy.acting(actor, confirmation):
        if allowed:
            with contextlib.suppress(InvalidResponseError):
                c.complete.buy("C-1", "t" * 32)
            assert recorder.last.url.path == "/partner/walletable/complete/buy"
        else:
            with pytest.raises(WriteRefusedError):
                c.complete.buy("C-1", "t" * 32)
            assert recorder.requests == []  # nothing left the client
    assert (c.journal.entries()[-1].error or "").startswith("WriteRefusedError") == (not allowed)
    # what the sidebar says in advance agrees with what the hook does
    assert policy.may_write(actor, environment(environment_name), enabled) == (
        allowed or (environment_name == "production" and actor is ADMIN and enabled)
    )


@pytest.mark.parametrize("actor", [VIEWER, OPERATOR, ADMIN])
@pytest.mark.parametrize("environment_name", ["sandbox", "staging", "production"])
def test_everyone_reads_everywhere(recorder, environment_name, actor):
    with policy.acting(actor):
        sent = send_reads(console_client(recorder, environment_name, False))
    assert sent == len(recorder.requests)


def test_a_call_with_no_one_acting_may_not_write(recorder):
    c = console_client(recorder, "sandbox", False)
    with pytest.raises(WriteRefusedError, match="nobody"):
        c.customers.create(external_id="C-1")
    assert recorder.requests == []


def test_acting_ends_with_its_block(recorder):
    c = console_client(recorder, "staging", False)
    with policy.acting(OPERATOR), contextlib.suppress(InvalidResponseError):
        c.customers.create(external_id="C-1")
    with pytest.raises(WriteRefusedError):
        c.customers.create(external_id="C-2")
    assert len(recorder.requests) == 1
