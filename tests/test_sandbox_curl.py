"""The docs' own curl commands, pointed at the sandbox with ``--digest -u``, succeed and
answer with the documented keys.  Placeholders ({{cart_token}}, "") are filled with real
values made first, as a partner would."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

import pytest
from conftest import client_for
from reference import curl_commands, reference_examples, seed_examples

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

STAGING = "https://api.staging.mintedconnect.com"
EXAMPLES = {e.key: e for e in (*reference_examples(), *seed_examples())}


def documented_keys(key: str) -> set[str]:
    data = EXAMPLES[key].load()["data"]
    if isinstance(data, dict) and isinstance(data.get("data"), list):  # a paginator
        return set(data)
    return set(data[0] if isinstance(data, list) else data)


def run_curl(sandbox, command: str, fill: dict | None = None) -> tuple[int, dict]:
    """Run a documented curl command against the sandbox, as the docs wrote it."""
    s = sandbox.settings
    args = shlex.split(command.replace("\\\n", " "))
    assert args[0] == "curl"
    out = ["curl", "-sS", "--digest", "-u", f"{s.username}:{s.password}", "-w", "\n%{http_code}"]
    i = 1
    while i < len(args):
        arg = args[i]
        if arg in ("--header", "-H") and args[i + 1].lower().startswith("authorization"):
            i += 2  # the docs' "Authorization: Digest <parameters>": curl computes it
            continue
        if arg == "--data-raw" and fill:
            body = json.loads(args[i + 1])
            body.update(fill)
            out += [arg, json.dumps(body)]
            i += 2
            continue
        out.append(arg.replace(STAGING, sandbox.url))
        i += 1
    result = subprocess.run(out, capture_output=True, text=True, timeout=60, check=True)
    body, status = result.stdout.rsplit("\n", 1)
    return int(status), json.loads(body)


def sample(method: str, path_and_query: str) -> str:
    url = f"{STAGING}{path_and_query}"
    return f"curl --location --request {method} '{url}' --header 'x-client-id: web'"


def test_seed_complete_buy(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        client.customers.create(
            external_id="ea0982a7-4fd3-43ff-a682-cae5870d1eac",
            firstname="Brant",
            lastname="Ankunding",
        )
        basket = client.baskets.add_item("ea0982a7-4fd3-43ff-a682-cae5870d1eac", "MNTBAE0001", 3)
    [command] = [c for c in curl_commands() if "/walletable/complete/buy" in c]
    status, body = run_curl(
        seeded_sandbox,
        command,
        {
            "external_customer_id": "ea0982a7-4fd3-43ff-a682-cae5870d1eac",
            "cart_token": basket.cart_token,
        },
    )
    assert status == 200 and body["success"] is True
    assert documented_keys("000_76da8185d6bce50a#1") <= set(body["data"])
    assert body["data"]["items"][0]["sku"] == "MNTBAE0001"


def test_seed_b2b_buy_gold(seeded_sandbox):
    with client_for(seeded_sandbox) as client:
        token = client.price_fix.get(currency="GBP").token
    [command] = [c for c in curl_commands() if "/order/digital/buy" in c]
    status, body = run_curl(seeded_sandbox, command, {"price_token": token})
    assert status == 200 and body["success"] is True
    assert documented_keys("001_1ebd160653735689#1") <= set(body["data"])
    order = body["data"]["orders"][0]
    assert order["external_id"] == "HYAQA0171" and order["items"][0]["sku"] == "GAU"


@pytest.mark.parametrize(
    "method,url,fill,documented",
    [
        (
            "POST",
            "/partner/pricefix",
            {"type": "digital", "customer_external_id": "MTD0018232"},
            "2.2#1",
        ),
        ("GET", "/partner/ecom/products?page=1&total=10", None, "3.1#0"),
        ("GET", "/partner/customer/MTD0018232", None, "3.4#0"),
        (
            "GET",
            "/partner/ecom/orders?page=1&total=10&customer_external_id=&sku=&sortBy=created_at"
            "&sortType=desc&status=2&startDate&endDate",
            None,
            "4.2#0",
        ),
        (
            "GET",
            "/partner/walletable/orders?page=1&total=10&sortBy=created_at&sortType=desc"
            "&status=2,5&startDate&endDate&tx_type=buy,sell,delivery"
            "&customer_external_id=MTD0018232",
            None,
            "4.2#0",
        ),
        (
            "GET",
            "/partner/walletable/balance?metal_type=gold,silver"
            "&external_customer_id=MTD0018232&is_deliverable=false",
            None,
            None,
        ),
        ("GET", "/partner/balance/customer/MTD0018232", None, "2.15#0"),
    ],
)
def test_reference_samples(seeded_sandbox, method, url, fill, documented):
    command = sample(method, url)
    if fill:
        command += f" --header 'Content-Type: application/json' --data-raw '{json.dumps(fill)}'"
    status, body = run_curl(seeded_sandbox, command)
    assert status == 200, body
    assert body["success"] is True and body["code"] == 0
    if documented:
        assert documented_keys(documented) <= set(
            body["data"][0] if isinstance(body["data"], list) else body["data"]
        )
