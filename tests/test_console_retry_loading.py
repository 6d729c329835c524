"""A failed read offers a Retry that asks the API again (AppTest), and a section that waits
shows a loading state after ~300 ms, gone when the answer is there (Chromium)."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_connected, wait_idle  # noqa: E402

APP = str(ROOT / "app.py")
CUSTOMER_ROUTE = "GET /partner/customer/{external_id}"


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_a_failed_read_offers_a_retry_that_reads_again():
    import streamlit

    from minted.console import session

    streamlit.cache_data.clear()  # an earlier test's read of this customer would answer
    running = session.sandbox()
    running.control("POST", "/faults", json={"route": CUSTOMER_ROUTE, "status": 503})
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["customer"] = "MTD0018232"
        at.run()
        assert not at.exception
        assert any("HTTP 503" in e.value for e in at.error)
        retry = next(b for b in at.button if b.label == "Retry")
    finally:
        running.control("DELETE", "/faults")
    retry.click().run()
    assert not at.error, [e.value for e in at.error]
    assert any(h.value == "Ayşe Yılmaz" for h in at.subheader)
    assert not any(b.label == "Retry" for b in at.button)


@pytest.mark.browser
def test_a_slow_section_says_it_is_loading_then_shows_the_answer(tmp_path):
    db = tmp_path / "console.db"
    with running_console(db) as url, browser_page() as page:
        page.goto(url)  # the first request takes Streamlit's legacy pages/ detour
        wait_idle(page, 1500)
        page.goto(f"{url}/products")  # the console has started its sandbox
        page.get_by_role("heading", name="Products & currency rates").wait_for()
        wait_connected(page)  # the sandbox starts beside the first page: its URL is known now
        sandbox = sandbox_url(db)
        slow = {"route": CUSTOMER_ROUTE, "latency_ms": 2500, "times": 1}
        httpx.post(f"{sandbox}/_sandbox/faults", json=slow).raise_for_status()
        page.goto(f"{url}/customers?customer=MTD0018232")
        loading = page.get_by_text("Loading…").first
        loading.wait_for(timeout=2000)  # shown well before the answer
        page.get_by_role("heading", name="Ayşe Yılmaz").wait_for()
        wait_idle(page, 300)
        assert page.get_by_text("Loading…").count() == 0


def sandbox_url(db: Path) -> str:
    import json
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'listening_on'").fetchone()
    return json.loads(row[0])
