"""Fault drills: the sandbox breaks the Complete Buy call in each way a real network can, and
the console shows a clear error, stays usable, and never writes twice.

Each drill: a basket, the fault, Confirm; then the message on screen and the order count in
the sandbox's database; then the fault cleared and Confirm again (where nothing was made),
and the count once more."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from test_console_browser import needs_browser, orders_of, prepare_basket, sandbox_url, shot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_idle  # noqa: E402

pytestmark = [pytest.mark.browser, needs_browser]
ROUTE = "POST /partner/walletable/complete/buy"
TIMEOUT_S = 3


def seeded_customer(index: int) -> str:
    return f"MTD{18232 + index * 7919:07d}"  # minted/sandbox/seed.py's demo ids


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    db = tmp_path_factory.mktemp("drills") / "console.db"
    with running_console(db, env={"MINTED_CONSOLE_TIMEOUT": str(TIMEOUT_S)}) as url:
        yield url, db


def control(db: Path, method: str, path: str, **kwargs):
    httpx.request(method, f"{sandbox_url(db)}/_sandbox{path}", timeout=10, **kwargs)


# (name, fault or action, orders made by the first Confirm).  A 5xx, a broken body, a dropped
# connection and a timeout all leave the outcome unknown (the write may have been made): the
# console says so, sends nothing more, and offers the look-up, which tells made from not made.
DRILLS = [
    ("server-error", {"route": ROUTE, "status": 500}, 0),
    ("malformed-json", {"route": ROUTE, "malformed": True}, 0),
    ("dropped-connection", {"route": ROUTE, "drop": True}, 0),
    ("latency-beyond-timeout", {"route": ROUTE, "latency_ms": (TIMEOUT_S + 2) * 1000}, 1),
    ("expired-nonces", "expire-nonces", 1),
]


@pytest.mark.parametrize("name,fault,made", DRILLS, ids=[d[0] for d in DRILLS])
def test_drill(console, name, fault, made):
    url, db = console
    customer = seeded_customer(DRILLS.index(next(d for d in DRILLS if d[0] == name)) + 1)
    with browser_page() as page:
        prepare_basket(page, url, customer)
        before = orders_of(db, customer)
        if fault == "expire-nonces":
            control(db, "POST", "/nonces/expire")
        else:
            control(db, "POST", "/faults", json={**fault, "times": 1})
        page.get_by_role("button", name="Confirm buy").click()
        wait_idle(page, 1500)
        if fault == "expire-nonces":  # re-authenticated on the way: just done
            page.get_by_text("See it in Orders & receipts").first.wait_for(timeout=30_000)
            assert orders_of(db, customer) == before + 1
            return
        page.get_by_text("outcome is unknown").first.wait_for(timeout=30_000)
        shot(page, f"drill-{name}")
        page.wait_for_timeout((TIMEOUT_S + 3) * 1000 if made else 0)
        assert orders_of(db, customer) == before + made
        assert page.get_by_role("button", name="Complete buy…").count() == 0  # no resend

        control(db, "DELETE", "/faults")
        page.get_by_role("button", name="Look the order up").click()
        wait_idle(page, 1500)
        if made:
            page.get_by_text("It was made").wait_for()
        else:
            page.get_by_text("It was not made").wait_for()
            page.get_by_role("button", name="Complete buy…").click()  # now a retry is safe
            wait_idle(page)
            page.get_by_role("button", name="Confirm buy").click()
            wait_idle(page, 1500)
            page.get_by_text("See it in Orders & receipts").first.wait_for(timeout=30_000)
        assert orders_of(db, customer) == before + 1  # never twice, and not lost

        page.get_by_role("link", name="Orders & receipts").first.click()  # still usable
        wait_idle(page, 1500)
        page.get_by_role("heading", name="Orders & receipts").wait_for()
