"""The client's own guard (production is read-only unless the client says otherwise) and the
event hook through which an application adds its policy.  No console is involved here."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest
from helpers import send_reads

import minted
from minted.errors import InvalidResponseError, WriteRefusedError


def client(recorder, environment, production_writes=False, **kwargs):
    base = {"sandbox": "http://127.0.0.1:1"}.get(environment)
    return recorder.client(
        environment=environment, base_url=base, production_writes=production_writes, **kwargs
    )


@pytest.mark.parametrize(
    "environment,production_writes,sent",
    [
        ("sandbox", False, True),
        ("staging", False, True),
        ("production", False, False),
        ("production", True, True),
    ],
)
def test_production_is_read_only_unless_the_client_allows_writes(
    recorder, environment, production_writes, sent
):
    c = client(recorder, environment, production_writes)
    if sent:
        with contextlib.suppress(InvalidResponseError):
            c.complete.buy("C-1", "t" * 32)
        assert recorder.last.url.path == "/partner/walletable/complete/buy"
    else:
        with pytest.raises(WriteRefusedError, match="production_writes=True"):
            c.complete.buy("C-1", "t" * 32)
        assert recorder.requests == []  # nothing left the client
    entry = c.journal.entries()[-1]
    assert entry.environment == environment
    assert (entry.error or "").startswith("WriteRefusedError") == (not sent)


@pytest.mark.parametrize("environment", ["sandbox", "staging", "production"])
def test_reads_are_never_refused(recorder, environment):
    assert send_reads(client(recorder, environment)) == len(recorder.requests)


def test_production_writes_reach_a_real_server_with_no_console(sandbox):
    """A partner's own script, a local server standing in for production: the flag alone
    lets the write through, and the server makes the customer."""
    s = sandbox.settings
    code = f"""
import sys, minted
with minted.Client({s.username!r}, {s.password!r}, environment="production",
                   base_url={sandbox.url!r}, production_writes=True) as client:
    client.customers.create(external_id="PROD-1", firstname="Ada", lastname="Lovelace",
                            email="ada@example.com")
    print(client.customers.get("PROD-1").external_id)
assert not {{"streamlit", "minted.console"}} & set(sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "PROD-1"
    with (
        minted.Client(
            s.username, s.password, environment="production", base_url=sandbox.url
        ) as read_only,
        pytest.raises(WriteRefusedError),
    ):
        read_only.customers.create(external_id="PROD-2", firstname="Bob", lastname="Smith")
    with (
        minted.Client(s.username, s.password, base_url=sandbox.url) as reader,
        pytest.raises(minted.NotFoundError),
    ):
        reader.customers.get("PROD-2")


def test_request_hooks_see_each_call_and_may_refuse_it(recorder):
    seen: list[minted.Call] = []

    def no_baskets(call: minted.Call) -> None:
        seen.append(call)
        if call.writes and "basket" in call.path:
            raise WriteRefusedError("no baskets today", method=call.method, path=call.path)

    c = client(recorder, "staging", event_hooks={"request": [no_baskets]})
    with contextlib.suppress(InvalidResponseError):
        c.customers.get("C-1")
    with pytest.raises(WriteRefusedError, match="no baskets today"):
        c.baskets.add_item("C-1", "MNTBAE0001", 1)
    assert len(recorder.requests) == 1  # the refused write never left
    assert [(call.method, call.writes) for call in seen] == [("GET", False), ("POST", True)]
    assert seen[1].environment.name == "staging"
    assert seen[1].body["sku"] == "MNTBAE0001"
    assert c.journal.entries()[-1].error.startswith("WriteRefusedError")


def test_hooks_run_after_the_clients_own_guard(recorder):
    calls = []
    c = client(recorder, "production", event_hooks={"request": [calls.append]})
    with pytest.raises(WriteRefusedError):
        c.customers.create(external_id="C-1")
    assert calls == []


def test_unknown_events_and_uncallable_hooks_are_mistakes(recorder):
    with pytest.raises(ValueError, match="unknown event hook"):
        client(recorder, "staging", event_hooks={"response": [print]})
    with pytest.raises(TypeError):
        client(recorder, "staging", event_hooks={"request": ["not a function"]})


def test_old_error_names_still_work_with_a_warning():
    with pytest.warns(DeprecationWarning, match="APITimeoutError"):
        assert minted.TimeoutError is minted.APITimeoutError
    with pytest.warns(DeprecationWarning, match="UnprocessableEntityError"):
        from minted.errors import ValidationError
    assert ValidationError is minted.UnprocessableEntityError
    with pytest.raises(AttributeError):
        _ = minted.NoSuchError
