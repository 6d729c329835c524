"""The search box and the Orders link in real headless Chromium: an order code pasted into the
sidebar on another page lands on that order; the Orders URL then holds the view, and the same
link opened afresh shows the same filters."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import (  # noqa: E402
    browser_page,
    full_screenshot,
    running_console,
    wait_connected,
    wait_idle,
)

pytestmark = [pytest.mark.browser]
ARTIFACTS = ROOT / "artifacts" / "browser"


def an_order(db: Path) -> tuple[str, str]:
    """(order code, guid) of a partner order (its code is the 8-character kind)."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT order_code, guid FROM orders WHERE channel != 'walletable' ORDER BY id LIMIT 1"
        ).fetchone()


def test_an_order_code_pasted_in_the_search_box_lands_on_that_order(tmp_path):
    db = tmp_path / "console.db"
    with running_console(db) as url, browser_page() as page:
        page.goto(f"{url}/balances")
        wait_idle(page, 1500)
        page.get_by_role("heading", name="Balances").first.wait_for()
        wait_connected(page)  # the sandbox (started in the background) has its demo world
        code, guid = an_order(db)

        box = page.locator("[data-testid='stSidebar']").get_by_role("textbox", name="Find")
        box.click()
        box.fill(code.lower())  # as pasted, in whatever case
        box.press("Enter")
        wait_idle(page, 1500)

        page.get_by_role("heading", name=f"Order {code}").wait_for()
        assert "/orders?" in page.url and f"order={guid}" in page.url
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        full_screenshot(page, ARTIFACTS / "find-order.png")

        # the Orders view is in its URL: a link with filters opens with them set
        page.goto(f"{url}/orders?currency=TRY&type=buy&order={guid}")
        wait_idle(page, 1500)
        page.get_by_role("heading", name=f"Order {code}").wait_for()
        listed = page.get_by_text("order(s) · page").first.inner_text()
        assert listed.endswith("filters: buy · TRY"), listed  # the closed Filters, summed up
        filters = page.locator("[data-testid='stExpander']").first
        filters.get_by_text(
            "Filters", exact=True
        ).click()  # opened, they are drawn with the link's values
        wait_idle(page)
        assert filters.get_by_role("combobox", name="Currency").input_value() == "TRY"
        assert "buy" in filters.inner_text()  # the Type filter's chosen value
        assert "currency=TRY" in page.url and "type=buy" in page.url
