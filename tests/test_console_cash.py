"""The partner's cash shown before Confirm (minted.console.cash), and in Chromium: a trade
the cash does not cover is flagged in the confirm dialog, before anything is sent."""

from __future__ import annotations

import sqlite3
import sys
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import minted
from minted.console.cash import partner_cash_after
from minted.models import PartnerBalance
from minted.sandbox.settings import DEFAULT_PASSWORD, DEFAULT_USERNAME

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_idle  # noqa: E402

money = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


def wallet(code: str, real: Decimal | None, balance: Decimal | None = None) -> PartnerBalance:
    return PartnerBalance(currency_code=code, is_cash=True, real_balance=real, balance=balance)


@given(available=money, amount=money, side=st.sampled_from(["buy", "sell", "delivery"]))
def test_what_is_left_is_what_was_there_plus_the_trade(available, amount, side):
    check = partner_cash_after([wallet("TRY", available)], "TRY", side, amount)
    expected = available + amount if side == "sell" else available - amount
    assert check.after == expected
    assert check.short == (expected < 0)
    if side == "sell":
        assert not check.short  # a sell pays into the partner's cash


def test_the_blocked_part_is_not_available():
    lines = [wallet("AED", Decimal("100.00"), balance=Decimal("900.00"))]
    assert partner_cash_after(lines, "AED", "buy", Decimal("150")).short


def test_only_a_cash_wallet_in_the_trade_currency_counts():
    lines = [
        wallet("TRY", Decimal("1000000")),
        PartnerBalance(currency_code="AED", is_cash=False, real_balance=Decimal("5000")),
    ]
    check = partner_cash_after(lines, "AED", "buy", Decimal("10"))
    assert check.short and not check.has_wallet and check.available == 0


def test_balance_stands_in_when_real_balance_is_absent():
    check = partner_cash_after([wallet("USD", None, Decimal("50"))], "USD", "delivery", 20)
    assert check.after == Decimal(30)


def sandbox_url(db: Path) -> str:
    import json

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'listening_on'").fetchone()
    return json.loads(row[0])


def drain_partner_cash(url: str, currency: str, leave: Decimal) -> None:
    """A real B2B gold buy that leaves about ``leave`` of the partner's cash."""
    with minted.Client(DEFAULT_USERNAME, DEFAULT_PASSWORD, base_url=url) as client:
        cash = next(
            b.real_balance
            for b in client.balances.partner()
            if b.is_cash and b.currency_code == currency
        )
        fix = client.price_fix.get(currency=currency)
        unit = fix.price_of("GAU").buy_price
        grams = ((cash - leave) / unit).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
        client.b2b.buy(fix.token, "drain-the-cash", [{"sku": "GAU", "amount": grams}])


@pytest.mark.browser
def test_a_buy_the_partner_cash_does_not_cover_is_flagged_before_confirm(tmp_path):
    db = tmp_path / "console.db"
    with running_console(db) as url, browser_page() as page:
        page.goto(f"{url}/basket?customer=MTD0018232")
        wait_idle(page, 1500)
        page.get_by_role("button", name="Add").click()
        wait_idle(page)
        drain_partner_cash(sandbox_url(db), "AED", Decimal("5"))
        page.get_by_role("link", name="Buy / sell").first.click()
        wait_idle(page)
        page.get_by_role("button", name="Complete buy…").click()
        wait_idle(page)
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("does not cover this buy").wait_for()
        confirm = dialog.get_by_role("button", name="Confirm buy")
        assert confirm.is_disabled()
        dialog.get_by_text("Send it anyway").click()
        wait_idle(page)
        assert dialog.get_by_role("button", name="Confirm buy").is_enabled()
