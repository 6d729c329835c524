"""minted.replay: a journaled call written as Python with `minted` and as HTTPie, and the
Python, run against a sandbox, makes the same call."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import client_for

from minted import _json, replay

ROOT = Path(__file__).resolve().parent.parent


def sandbox_saw(sandbox, since: str = "") -> list[tuple[str, str, str]]:
    """What reached the sandbox with credentials after the moment ``since`` (ISO, as the
    sandbox's journal writes it), the digest challenge's 401 left out.  By time, not by
    count: the journal keeps only its last requests, and a shared sandbox has many."""
    return [
        (e["method"], e["path"], e["query"])
        for e in reversed(sandbox.control("GET", "/journal", params={"limit": 1000}))
        if e["status"] != 401 and e["at"] > since
    ]


def last_moment(sandbox) -> str:
    newest = sandbox.control("GET", "/journal", params={"limit": 1})
    return newest[0]["at"] if newest else ""


def run_script(source: str, sandbox, tmp_path: Path) -> subprocess.CompletedProcess:
    script = tmp_path / "replay.py"
    script.write_text(source, encoding="utf-8")
    env = {**os.environ, "MINTED_PASSWORD": sandbox.settings.password}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60
    )


CALLS = [
    ("BIN_QUERY", {}, {}, {"bin": "411111", "amount": Decimal("100.50")}),
    ("CUSTOMER_GET", {"external_id": "MTD0018232"}, {}, None),
    ("ORDERS", {}, {"page": 1, "total": 3, "status": "Completed"}, None),
    ("ORDER_STATUSES", {}, {}, None),
]


@pytest.mark.parametrize("name,path_params,params,body", CALLS, ids=[c[0] for c in CALLS])
def test_the_python_makes_the_same_call(seeded_sandbox, tmp_path, name, path_params, params, body):
    with client_for(seeded_sandbox) as client:
        data = client.request(name, path_params=path_params, params=params, body=body)
        entry = client.journal.entries()[-1]
    source = replay.as_python(entry)
    assert seeded_sandbox.settings.password not in source  # read from the environment
    assert "os.environ['MINTED_PASSWORD']" in source
    since = last_moment(seeded_sandbox)
    result = run_script(source, seeded_sandbox, tmp_path)
    assert result.returncode == 0, result.stderr
    seen = sandbox_saw(seeded_sandbox, since)
    assert seen == [(entry.method, entry.path.split("?")[0], entry.url.partition("?")[2])]
    # the script prints the data as json.dumps(default=str) does: exact money, as text
    assert json.loads(result.stdout) == json.loads(json.dumps(data, default=str))


def test_the_python_keeps_the_override_it_was_sent_with(tmp_path):
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    moved = {"BIN_QUERY": "POST /partner/payment/bins"}
    settings = SandboxSettings(
        db_path=str(tmp_path / "s.db"), demo_data=False, endpoint_overrides=moved
    )
    with EmbeddedSandbox(settings) as sandbox, client_for(sandbox, endpoint_overrides=moved) as c:
        c.request("BIN_QUERY", body={"bin": "411111", "amount": 100})
        entry = c.journal.entries()[-1]
        source = replay.as_python(entry)
        assert "endpoint_overrides={'BIN_QUERY': 'POST /partner/payment/bins api-version=2'}" in (
            source
        )
        result = run_script(source, sandbox, tmp_path)
        assert result.returncode == 0, result.stderr
        assert sandbox_saw(sandbox)[-1] == ("POST", "/partner/payment/bins", "")


def test_path_parameters_are_read_back_decoded(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        with pytest.raises(Exception):  # noqa: B017 - any refusal; only the journal matters
            client.request("CUSTOMER_GET", path_params={"external_id": "a b/c"})
        entry = client.journal.entries()[-1]
    assert replay.path_params(entry) == {"external_id": "a b/c"}
    assert replay.base_url(entry) == seeded_sandbox.url


def test_masked_values_stay_masked_and_say_so(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        body = {
            "customer_external_id": "MTD0018232",
            "card_holder_name": "Ayşe Yılmaz",
            "card_number": "4111111111111111",
            "card_expire_month": "12",
            "card_expire_year": "2030",
        }
        client.request("CARD_STORAGE_ADD", body=body)
        entry = client.journal.entries()[-1]
    source = replay.as_python(entry)
    httpie = replay.as_httpie(entry)
    for text in (source, httpie):
        assert "4111111111111111" not in text and "************1111" in text
    assert "masked in the log: fill them in first" in source


def test_the_httpie_command_is_the_same_call(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        client.request("BIN_QUERY", body={"bin": "411111", "amount": Decimal("100.50")})
        entry = client.journal.entries()[-1]
    command = replay.as_httpie(entry)
    assert command.splitlines()[0].startswith("http ")
    assert '--auth-type digest --auth "sandbox-partner:${MINTED_PASSWORD}"' in command
    assert """--raw '{"bin":"411111","amount":100.50}'""" in command  # money exact
    assert f"POST '{seeded_sandbox.url}/partner/payment/bin'" in command
    assert "'api-version:2'" in command and "'x-client-id:web'" in command
    assert seeded_sandbox.settings.password not in command
    if shutil.which("http") is None:  # HTTPie is not a dependency; run it where it is there
        return
    result = subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, "MINTED_PASSWORD": seeded_sandbox.settings.password},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert _json.loads(result.stdout)["success"] is True
