"""Endpoint overrides (issue 12): settings correct an endpoint's method, path or api-version;
the client calls it there (and the journal says so), and a sandbox started with the same table
answers there and no longer at the catalogue's path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import client_for

import minted
from minted import endpoints as ep
from minted.endpoints import EndpointOverrideError, find, load_overrides, parse_overrides
from minted.errors import NotFoundError

CLEAR = "Walletable › Clear Basket"
MOVED = "DELETE /partner/walletable/basket/clear"
ROOT = Path(__file__).resolve().parent.parent


# -- parsing -------------------------------------------------------------------------------------
def test_a_docs_name_a_constant_or_a_key_names_an_endpoint():
    assert find(CLEAR) is ep.BASKET_CLEAR
    assert find("BASKET_CLEAR") is ep.BASKET_CLEAR
    assert find("DELETE /partner/walletable/basket/empty") is ep.BASKET_CLEAR
    assert find("Walletable > Clear Basket") is ep.BASKET_CLEAR  # typed without the "›"
    assert find("Partner › Card Payment - Get Order") is ep.ORDER_GET  # "-" for "–"
    assert len(ep.BY_CONSTANT) == len(ep.ALL) == 62


def test_an_override_corrects_method_path_and_api_version():
    (moved,) = parse_overrides({CLEAR: MOVED + " api-version=2"}).values()
    assert (moved.method, moved.path, moved.api_version) == ("DELETE", MOVED.split()[1], 2)
    assert moved.docs == ep.BASKET_CLEAR.docs and moved.assumed
    only_version = parse_overrides({"ORDER_GET": "api-version=3"})[ep.ORDER_GET]
    assert only_version.key == ep.ORDER_GET.key and only_version.api_version == 3


def test_a_read_moved_to_post_stays_a_read():
    moved = parse_overrides({"Partner › Get Orders": "POST /partner/orders/search"})[ep.ORDERS]
    assert moved.method == "POST" and not moved.writes


def test_an_override_equal_to_the_catalogue_is_no_override():
    assert parse_overrides({CLEAR: "DELETE /partner/walletable/basket/empty"}) == {}


@pytest.mark.parametrize(
    "table,reason",
    [
        ({"Walletable › Clear Baskets": MOVED}, "did you mean 'Walletable › Clear Basket'"),
        ({CLEAR: "REMOVE /partner/walletable/basket/clear"}, "'REMOVE' is not a method"),
        ({CLEAR: "DELETE partner/basket"}, "is not a method"),
        ({CLEAR: "DELETE /partner/basket?x=1"}, "is not a path"),
        ({CLEAR: ""}, "is empty"),
        ({CLEAR: "api-version=three"}, "api-version must be a whole number"),
        ({"CUSTOMER_GET": "GET /partner/customers/{id}"}, "must name {external_id}"),
        ({"CUSTOMER_GET": "GET /partner/customers"}, "must name {external_id}"),
        ({CLEAR: "GET /partner/walletable/basket/clear"}, "cannot be a GET"),
        ({CLEAR: MOVED, "BASKET_CLEAR": "DELETE /other"}, "corrected differently"),
        ({"ORDERS": "GET /partner/orders/statuses"}, "would also answer calls of"),
        ({"ORDERS": "GET /partner/order/{x}".replace("{x}", "all")}, "would also answer"),
    ],
)
def test_a_bad_override_says_which_and_why(table, reason):
    with pytest.raises(EndpointOverrideError, match="bad endpoint overrides") as caught:
        parse_overrides(table)
    assert reason in str(caught.value)


def test_every_bad_entry_is_named_at_once():
    with pytest.raises(EndpointOverrideError) as caught:
        parse_overrides({"Nope": MOVED, CLEAR: "FETCH /x"})
    assert "'Nope'" in str(caught.value) and "'FETCH'" in str(caught.value)


def test_overrides_are_read_from_a_toml_table(tmp_path):
    path = tmp_path / "endpoints.toml"
    path.write_text(f'[endpoints]\n"{CLEAR}" = "{MOVED}"\n', encoding="utf-8")
    assert load_overrides(path) == {CLEAR: MOVED}
    nested = tmp_path / "secrets.toml"
    nested.write_text(f'[environments.staging.endpoints]\n"{CLEAR}" = "{MOVED}"\n', "utf-8")
    assert load_overrides(nested, "environments.staging.endpoints") == {CLEAR: MOVED}
    assert load_overrides(nested) == {}


def test_resolve_follows_the_overrides():
    overrides = parse_overrides({CLEAR: MOVED})
    assert ep.resolve("DELETE", "/partner/walletable/basket/clear", overrides)[0] is ep.BASKET_CLEAR
    assert ep.resolve("DELETE", "/partner/walletable/basket/empty", overrides) is None
    assert ep.resolve("DELETE", "/partner/walletable/basket/empty")[0] is ep.BASKET_CLEAR


# -- the client ----------------------------------------------------------------------------------
def recording_client(**kwargs) -> tuple[minted.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {}, "success": True, "code": 0, "message": ""})

    client = minted.Client(
        "user", "secret", environment="staging", base_url="https://staging.example",
        http_transport=httpx.MockTransport(answer), **kwargs,
    )  # fmt: skip
    return client, seen


def test_the_client_calls_the_overridden_path_and_the_journal_says_so():
    seen_hooks = []
    client, seen = recording_client(
        endpoint_overrides={CLEAR: MOVED + " api-version=4"},
        event_hooks={"request": [seen_hooks.append]},
    )
    client.request("BASKET_CLEAR", body={"external_customer_id": "C-1", "cart_token": "t" * 32})
    assert (seen[-1].method, seen[-1].url.path) == ("DELETE", "/partner/walletable/basket/clear")
    assert seen[-1].headers["api-version"] == "4"
    entry = client.journal.entries()[-1]
    assert entry.path == "/partner/walletable/basket/clear"
    assert entry.endpoint == "DELETE /partner/walletable/basket/empty"
    assert entry.override == "DELETE /partner/walletable/basket/clear api-version=4"
    # hooks see the catalogue's endpoint (what the call is) and the path as sent
    assert seen_hooks[-1].endpoint is ep.BASKET_CLEAR
    assert seen_hooks[-1].path == "/partner/walletable/basket/clear"
    assert client.endpoint(CLEAR).path == "/partner/walletable/basket/clear"
    assert client.endpoint_overrides == parse_overrides({CLEAR: MOVED + " api-version=4"})


def test_typed_methods_follow_the_override_too_and_others_are_untouched():
    client, seen = recording_client(
        endpoint_overrides={"CUSTOMER_GET": "GET /partner/c/{external_id}"}
    )
    with pytest.raises(minted.InvalidResponseError):  # {} is no customer
        client.customers.get("MTD 1")
    assert seen[-1].url.raw_path == b"/partner/c/MTD%201"
    client.request(ep.ORDER_STATUSES)
    assert seen[-1].url.path == "/partner/orders/statuses"
    assert client.journal.entries()[-1].override is None
    assert client.journal.entries()[-1].endpoint == ep.ORDER_STATUSES.key


def test_a_client_refuses_bad_overrides_before_any_call():
    with pytest.raises(EndpointOverrideError, match="cannot be a GET"):
        minted.Client("u", "p", base_url="http://x", endpoint_overrides={CLEAR: "GET /x"})


def test_a_write_moved_elsewhere_is_still_guarded_in_production():
    production = minted.Client(
        "u", "p", environment="production", base_url="https://prod.example",
        endpoint_overrides={CLEAR: "POST /partner/basket/clear"},
        http_transport=httpx.MockTransport(lambda r: httpx.Response(500)),
    )  # fmt: skip
    with pytest.raises(minted.WriteRefusedError):
        production.request(CLEAR, body={})
    assert production.journal.entries()[-1].override == "POST /partner/basket/clear api-version=3"


# -- the sandbox ---------------------------------------------------------------------------------
@pytest.fixture
def moved_sandbox(tmp_path):
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(
        db_path=str(tmp_path / "sandbox.db"),
        demo_data=False,
        endpoint_overrides={CLEAR: MOVED, "Partner › Order Statusses": "POST /partner/statuses"},
    )
    with EmbeddedSandbox(settings) as sandbox:
        yield sandbox


def test_the_sandbox_answers_where_the_override_says_and_404s_at_the_old_path(moved_sandbox):
    overrides = {CLEAR: MOVED, "Partner › Order Statusses": "POST /partner/statuses"}
    with client_for(moved_sandbox, endpoint_overrides=overrides) as client:
        client.customers.create(external_id="C-100", firstname="Ayşe", lastname="Yılmaz")
        basket = client.baskets.add_item("C-100", "MNTBAE0001", 1)
        cleared = client.baskets.clear("C-100", basket.token)
        assert cleared.items == []
        assert client.journal.entries()[-1].path == "/partner/walletable/basket/clear"
        assert [s.id for s in client.orders.statuses()]  # a read moved to POST
    with client_for(moved_sandbox) as plain:  # the catalogue's paths are gone
        with pytest.raises(NotFoundError) as caught:
            plain.baskets.clear("C-100", basket.token)
        assert caught.value.body["success"] is False and caught.value.code == 1000
        with pytest.raises(NotFoundError):
            plain.orders.statuses()


def test_a_read_only_account_may_call_a_read_moved_to_post(moved_sandbox):
    overrides = {"Partner › Order Statusses": "POST /partner/statuses"}
    with client_for(moved_sandbox, read_only=True, endpoint_overrides=overrides) as client:
        assert client.orders.statuses()


def test_the_sandbox_openapi_shows_the_moved_path(moved_sandbox):
    paths = httpx.get(f"{moved_sandbox.url}/openapi.json").json()["paths"]
    assert "/partner/walletable/basket/clear" in paths
    assert "/partner/walletable/basket/empty" not in paths


def test_the_sandbox_command_reads_an_endpoints_file(tmp_path):
    table = tmp_path / "endpoints.toml"
    table.write_text(f'[endpoints]\n"{CLEAR}" = "GET /nope"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "minted.sandbox", "--db", str(tmp_path / "s.db"),
         "--endpoints", str(table), "--port", "0"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2
    assert "cannot be a GET" in out.stderr and "Traceback" not in out.stderr


def test_the_sandbox_settings_read_the_endpoints_file_from_the_environment(tmp_path, monkeypatch):
    from minted.sandbox import SandboxSettings

    table = tmp_path / "endpoints.toml"
    table.write_text(f'[endpoints]\n"{CLEAR}" = "{MOVED}"\n', encoding="utf-8")
    monkeypatch.setenv("MINTED_SANDBOX_ENDPOINTS", str(table))
    assert SandboxSettings.from_env().endpoint_overrides == {CLEAR: MOVED}


# -- the console's settings ----------------------------------------------------------------------
def test_an_environment_s_settings_carry_its_overrides():
    from minted.console import settings

    staging = {"username": "s", "password": "pw", "endpoints": {CLEAR: MOVED}}
    configs = settings.configured({"environments": {"staging": staging}})
    assert configs["staging"].endpoint_overrides == parse_overrides({CLEAR: MOVED})
    staging["endpoints"] = {"Clear Basket": MOVED}
    with pytest.raises(ValueError, match=r"\[environments.staging.endpoints\].*Clear Basket"):
        settings.configured({"environments": {"staging": staging}})


def test_the_console_s_client_calls_where_the_settings_say(moved_sandbox, monkeypatch):
    """secrets.toml's [environments.staging.endpoints] → the console's staging client → the
    moved path, in the journal the API log shows; here "staging" is a sandbox started with
    the same table, which answers there."""
    from minted.console import policy, session

    s = moved_sandbox.settings
    staging = {
        "username": s.username,
        "password": s.password,
        "base_url": moved_sandbox.url,
        "endpoints": dict(s.endpoint_overrides),
    }
    monkeypatch.setattr(session, "secrets", lambda: {"environments": {"staging": staging}})
    operator = policy.Actor("ayse@example.com", policy.Role.OPERATOR)
    # a client of its own, not the one other tests share
    with session.new_client("staging") as client:
        assert client.endpoint(CLEAR).path == "/partner/walletable/basket/clear"
        with policy.acting(operator):
            client.customers.create(external_id="C-200", firstname="Ayşe", lastname="Yılmaz")
            basket = client.baskets.add_item("C-200", "MNTBAE0001", 1)
            assert client.baskets.clear("C-200", basket.token).items == []
        entry = client.journal.entries()[-1]
        assert (entry.method, entry.path, entry.status) == (
            "DELETE",
            "/partner/walletable/basket/clear",
            200,
        )
        assert entry.override == f"{MOVED} api-version=3"


def test_the_console_s_sandbox_client_follows_the_sandbox_s_own_overrides(
    moved_sandbox, monkeypatch
):
    """MINTED_SANDBOX_ENDPOINTS reaches the console's child sandbox through its environment;
    the console's sandbox client reads the same settings, so it calls where that one serves."""
    from minted.console import session

    monkeypatch.setattr(session, "sandbox", lambda: moved_sandbox)
    with session.new_client("sandbox") as client:
        assert client.endpoint(CLEAR).path == "/partner/walletable/basket/clear"
        assert [status.id for status in client.orders.statuses()]  # moved to POST /partner/statuses
