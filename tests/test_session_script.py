"""Session to script (issue 12): a session's journal as a Python script that, run against a
fresh sandbox, makes the same calls and exits 0; with no secret in it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from helpers import make_customer

import minted
from minted import endpoints
from minted.console.sandbox import SandboxProcess
from minted.journal import JournalEntry
from minted.models import CardStorageAdd
from minted.sandbox import EmbeddedSandbox, SandboxSettings
from minted.session_script import session_script

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Orig1nal-Sess10n-Pa55"  # the original session's sandbox password
CARD = "4111111111111111"
CUSTOMER = "replay-001"
SEEDED = "MTD0018232"  # minted/sandbox/seed.py's first demo customer


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A session as the console makes it: one client with a journal, calls tagged with the
    browser; what the original sandbox saw; and an unrelated call of another browser."""
    db = tmp_path_factory.mktemp("original") / "sandbox.db"
    with EmbeddedSandbox(SandboxSettings(db_path=str(db), password=PASSWORD)) as sandbox:
        s = sandbox.settings
        with minted.Client(s.username, s.password, base_url=sandbox.url) as client:
            with client.context(tag="browser-b"):
                client.orders.statuses()
            with client.context(tag="browser-a"):
                make_customer(client, CUSTOMER)
                client.customers.get(SEEDED)
                fix = client.price_fix.get(currency="TRY")
                client.b2b2c.buy(fix.token, "REPLAY-1", CUSTOMER, [{"sku": "GAU", "amount": "0.1"}])
                basket = client.baskets.add_item(CUSTOMER, "MNTBAE0001", 2)
                basket = client.baskets.update_item(CUSTOMER, basket.cart_token, "MNTBAE0001", 1)
                order = client.complete.buy(CUSTOMER, basket.cart_token)
                listed = client.orders.list(total=5, status=[2, 5])
                client.orders.get(order.guid)
                client.orders.get(listed.data[-1].guid)  # a demo order, picked from the list
                with pytest.raises(minted.NotFoundError):
                    client.customers.get("no-such-customer")
                card = client.card_storage.add(
                    CardStorageAdd(
                        customer_external_id=CUSTOMER,
                        card_holder_name="Ayşe Yılmaz",
                        card_number=CARD,
                        card_expire_month="12",
                        card_expire_year="2030",
                    )
                )
                client.card_storage.delete(CUSTOMER, card.card_token)
            entries = [e for e in client.journal.entries() if e.tag == "browser-a"]
        seen = server_calls(sandbox.url)
    return entries, seen


def server_calls(url: str) -> list[tuple[str, str, str, int]]:
    """What a sandbox answered, oldest first, as (method, catalogue endpoint, query, status);
    digest challenges (401) left out."""
    answer = httpx.get(f"{url}/_sandbox/journal", params={"limit": 1000}).json()["data"]
    calls = []
    for row in reversed(answer):
        if row["status"] == 401:
            continue
        found = endpoints.resolve(row["method"], row["path"])
        assert found is not None, row
        calls.append((row["method"], found[0].key, row["query"], row["status"]))
    return calls


def run_script(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("MINTED_")}
    return subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env={**keep, "PYTHONPATH": str(ROOT), **env},
        timeout=120,
    )


def test_the_script_replays_the_session_on_a_fresh_sandbox(session, tmp_path):
    entries, original = session
    script = tmp_path / "replay.py"
    script.write_text(session_script(entries), encoding="utf-8")
    settings = SandboxSettings.from_env(db_path=str(tmp_path / "fresh.db"))
    with SandboxProcess(settings) as fresh:
        done = run_script(
            script,
            {
                "MINTED_USERNAME": settings.username,
                "MINTED_PASSWORD": settings.password,
                "MINTED_BASE_URL": fresh.url,
                "MINTED_SECRET_CARD_NUMBER_1111": CARD,
            },
        )
        replayed = server_calls(fresh.url)
    assert done.returncode == 0, done.stdout + done.stderr
    # The same calls in the same order, with the same queries and outcomes (the 404 too),
    # and none of the other browser's.
    assert replayed == original[1:]
    assert [(e.method, e.endpoint) for e in entries] == [(m, k) for m, k, _, _ in replayed]
    lines = done.stdout.splitlines()
    assert len(lines) == len(entries) + 1  # one a call, and the summary
    assert "GET /partner/customer/no-such-customer -> HTTP 404, as in the session" in done.stdout


def test_the_script_takes_what_the_service_gave_from_the_new_answers(session):
    entries, _ = session
    text = session_script(entries)
    buy, basket = entries[3], entries[4]
    price_token = buy.request_body["price_token"]
    cart_token = basket.response_body["data"]["token"]
    assert price_token not in text and cart_token not in text
    assert '"price_token": replay.answer(3, "token")' in text
    assert '"cart_token": replay.answer(5, "token")' in text
    # An order picked from a list: the same one if the server still has it, else the one at
    # the same place (a fresh sandbox's demo orders have new guids).
    demo_order = entries[9].path.rsplit("/", 1)[1]
    assert f'replay.answer(8, "data", 4, "guid", was="{demo_order}")' in text
    # What the session chose itself stays as it was: the customer, the seeded one, the sku.
    assert f'"external_customer_id": "{CUSTOMER}"' in text and SEEDED in text
    assert '"amount": Decimal("0.1")' in text


def test_no_secret_is_written_and_each_masked_value_is_read_from_a_named_variable(session):
    entries, _ = session
    text = session_script(entries)
    assert PASSWORD not in text and CARD not in text and "************1111" not in text
    assert '"card_number": SECRETS["MINTED_SECRET_CARD_NUMBER_1111"]' in text
    assert "MINTED_SECRET_CARD_NUMBER_1111: the card number ending 1111" in text


def test_a_missing_variable_is_named_before_any_call(session, tmp_path):
    entries, _ = session
    script = tmp_path / "replay.py"
    script.write_text(session_script(entries), encoding="utf-8")
    done = run_script(script, {"MINTED_USERNAME": "u", "MINTED_PASSWORD": "p"})
    assert done.returncode == 2
    assert "MINTED_SECRET_CARD_NUMBER_1111" in done.stderr and "MINTED_BASE_URL" in done.stderr
    assert done.stdout == ""


def test_a_call_that_goes_otherwise_stops_the_script(session, tmp_path):
    """Against a sandbox that already has the customer, creating it again fails: the script
    says so and exits 1 without going on."""
    entries, _ = session
    script = tmp_path / "replay.py"
    script.write_text(session_script(entries[:2]), encoding="utf-8")
    settings = SandboxSettings.from_env(db_path=str(tmp_path / "busy.db"))
    with SandboxProcess(settings) as busy:
        with minted.Client(settings.username, settings.password, base_url=busy.url) as client:
            make_customer(client, CUSTOMER)
        env = {
            "MINTED_USERNAME": settings.username,
            "MINTED_PASSWORD": settings.password,
            "MINTED_BASE_URL": busy.url,
        }
        done = run_script(script, env)
    assert done.returncode == 1
    assert "Stopped at call 1 (POST /partner/customer): in the session it succeeded" in done.stderr
    assert "HTTP 422" in done.stderr and done.stdout == ""


def test_calls_of_the_moment_are_skipped_with_a_comment():
    at = datetime(2026, 11, 25, tzinfo=UTC)
    common = dict(at=at, environment="sandbox", duration_ms=1.0, retries=0, tag="t")
    unanswered = JournalEntry(
        id=1,
        method="POST",
        url="http://x/partner/customer",
        path="/partner/customer",
        status=None,
        error="APITimeoutError: No answer in time",
        endpoint="POST /partner/customer",
        request_body={"external_id": "a"},
        **common,
    )
    failed = JournalEntry(
        id=2,
        method="GET",
        url="http://x/partner/orders/statuses",
        path="/partner/orders/statuses",
        status=503,
        endpoint="GET /partner/orders/statuses",
        **common,
    )
    text = session_script([failed, unanswered])
    assert "replay.call(" not in text.split("def main")[1]
    assert "#    skipped: it got no answer in the session (APITimeoutError" in text
    assert "#    skipped: HTTP 503 in the session" in text
    assert text.index("# 1. POST /partner/customer") < text.index(
        "# 2. GET /partner/orders/statuses"
    )
    assert "#    Partner › Create Customer" in text
    compile(text, "replay.py", "exec")


def test_money_is_written_exactly():
    entry = JournalEntry(
        id=1,
        at=datetime(2026, 11, 25, tzinfo=UTC),
        environment="staging",
        method="POST",
        url="http://x/partner/pricefix",
        path="/partner/pricefix",
        status=200,
        duration_ms=1.0,
        retries=0,
        endpoint="POST /partner/pricefix",
        request_body={"type": "digital", "total": Decimal("559.40"), "big": Decimal("1E+3")},
        response_body={"data": {}, "success": True},
    )
    text = session_script([entry], environment="staging")
    # The digits sent: 559.40 keeps its zero; 1E+3 went out as 1000.
    assert '"total": Decimal("559.40")' in text and '"big": 1000}' in text
    assert 'os.environ.get("MINTED_ENVIRONMENT") or "staging"' in text


def test_an_overridden_endpoint_is_replayed_where_the_session_sent_it(tmp_path):
    """The session's environment had moved Clear Basket; the script moves it the same way,
    and a sandbox started with that override answers it there."""
    moved = {"Walletable › Clear Basket": "DELETE /partner/walletable/basket/clear"}
    original = SandboxSettings(db_path=str(tmp_path / "a.db"), endpoint_overrides=moved)
    with EmbeddedSandbox(original) as sandbox:
        s = sandbox.settings
        with minted.Client(
            s.username, s.password, base_url=sandbox.url, endpoint_overrides=moved
        ) as client:
            make_customer(client, CUSTOMER)
            basket = client.baskets.add_item(CUSTOMER, "MNTBAE0001", 1)
            client.baskets.clear(CUSTOMER, basket.cart_token)
            entries = client.journal.entries()
    text = session_script(entries)
    assert (
        '"DELETE /partner/walletable/basket/empty": "DELETE /partner/walletable/basket/clear'
        in text
    )
    script = tmp_path / "replay.py"
    script.write_text(text, encoding="utf-8")
    fresh = SandboxSettings(db_path=str(tmp_path / "b.db"), endpoint_overrides=moved)
    with EmbeddedSandbox(fresh) as sandbox:
        env = {
            "MINTED_USERNAME": fresh.username,
            "MINTED_PASSWORD": fresh.password,
            "MINTED_BASE_URL": sandbox.url,
        }
        done = run_script(script, env)
        rows = httpx.get(f"{sandbox.url}/_sandbox/journal").json()["data"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert rows[0]["method"] == "DELETE" and rows[0]["path"] == "/partner/walletable/basket/clear"
    assert rows[0]["status"] == 200


def test_a_value_from_a_read_is_kept_while_the_server_still_has_it(session):
    """Replayed on the same server, a list may have grown: the order the session picked is
    still the one to open.  On a fresh server the one at the same place is."""
    entries, _ = session
    script: dict = {"__name__": "replay"}  # imported, not run
    exec(compile(session_script(entries), "replay.py", "exec"), script)
    replay = script["Replay"](client=None)
    replay.answers[8] = {"data": [{"guid": "NEW-1"}, {"guid": "OLD-4"}]}
    assert replay.answer(8, "data", 0, "guid", was="OLD-4") == "OLD-4"
    replay.answers[8] = {"data": [{"guid": "NEW-1"}, {"guid": "NEW-2"}]}
    assert replay.answer(8, "data", 1, "guid", was="OLD-4") == "NEW-2"
    replay.answers[8] = {"data": []}
    assert replay.answer(8, "data", 1, "guid", was="OLD-4") == "OLD-4"
    with pytest.raises(SystemExit, match=r"Call 8's answer has no \['data'\]\[1\]\['guid'\]"):
        replay.answer(8, "data", 1, "guid")


def test_a_number_is_taken_from_an_answer_only_where_it_is_an_id():
    common = dict(
        at=datetime(2026, 11, 25, tzinfo=UTC),
        environment="sandbox",
        duration_ms=1.0,
        retries=0,
        url="x",
        method="POST",
        path="/partner/customer/kyc",
        status=200,
        endpoint="POST /partner/customer/kyc",
    )
    upsert = JournalEntry(
        id=1,
        request_body={"external_id": "c-1"},
        response_body={"data": {"id": 150, "kyc_id": 4242}, "success": True},
        **common,
    )
    later = JournalEntry(id=2, request_body={"amount": 150, "record_id": 4242}, **common)
    text = session_script([upsert, later])
    assert 'body={"amount": 150, "record_id": replay.answer(1, "kyc_id")}' in text


def test_text_from_the_journal_stays_inside_comments_and_strings():
    """An error's text, a path or a key can hold anything; none of it may become code."""
    entry = JournalEntry(
        id=1,
        at=datetime(2026, 11, 25, tzinfo=UTC),
        environment="sandbox",
        method="POST",
        url="x",
        path="/partner/customer",
        status=None,
        duration_ms=1.0,
        retries=0,
        error='TransportError: reset\nimport shutil; shutil.rmtree("/")',
        endpoint="POST /partner/customer",
    )
    hostile = JournalEntry(
        id=2,
        at=datetime(2026, 11, 25, tzinfo=UTC),
        environment="sandbox",
        method="POST",
        url="x",
        path="/partner/customer",
        status=200,
        duration_ms=1.0,
        retries=0,
        endpoint="POST /partner/customer",
        request_body={'x"""\nimport os\n"""password': "***", "n\nimport os": "a\nb"},
    )
    text = session_script([entry, hostile])
    compile(text, "replay.py", "exec")
    assert "#    skipped: it got no answer in the session (TransportError: reset import" in text
    assert [line for line in text.splitlines() if line.startswith("import ")] == [
        "import os",
        "import sys",
    ]
