"""A customer's cash update from the Customers page: what may be typed (plain function) and
the write itself (AppTest against the sandbox); its lost answer is drilled in Chromium in
tests/test_console_unknown_outcome.py."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minted.console.cash import MAX_CASH_UPDATE, cash_amount


@pytest.mark.parametrize(
    "typed, amount",
    [("100", "100.00"), (" -25,5 ", "-25.50"), ("\u221210", "-10.00"), ("0.01", "0.01")],
)
def test_amounts_as_people_type_them(typed, amount):
    assert cash_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed, says",
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("abc", "not a number"),
        ("1e400", "At most"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("0", "must not be 0"),
        ("-0.00", "must not be 0"),
        ("1.005", "two decimals"),
        ("1.000,50", "one decimal mark"),
        ("\ud800", "not a number"),
    ],
)
def test_what_cannot_be_sent_says_what_to_fix(typed, says):
    with pytest.raises(ValueError, match=says):
        cash_amount(typed)


@given(st.text(max_size=40))
def test_any_text_is_an_exact_cent_amount_or_a_message(typed):
    try:
        amount = cash_amount(typed)
    except ValueError as problem:
        assert str(problem)
    else:
        assert amount == amount.quantize(Decimal("0.01")) and 0 < abs(amount) <= MAX_CASH_UPDATE


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_cash_added_on_the_customer_page_is_in_the_wallet_and_audited():
    from streamlit.testing.v1 import AppTest

    from minted.console import session

    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60
    )
    at.query_params["customer"] = "MTD0018232"
    at.run()
    assert not [t for t in at.text_input if t.key == "cash-amount"]  # collapsed: not drawn
    at.session_state["cash-open"] = True  # what a click on "Update cash balance" does
    at.run()
    before = wallet_try(at)
    at.text_input(key="cash-amount").set_value("abc")
    next(b for b in at.button if b.label == "Update cash").click().run()
    assert any("not a number" in e.value for e in at.error)  # nothing sent, text kept
    assert at.text_input(key="cash-amount").value == "abc"
    at.text_input(key="cash-amount").set_value("125.50")
    next(b for b in at.button if b.label == "Update cash").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert wallet_try(at) == before + Decimal("125.50")
    assert at.text_input(key="cash-amount").value == ""  # ready for the next one
    row = session.audit_log().events(action="balances.update_cash", limit=1)[0]
    assert row.result == "ok" and row.request["amount"] in ("125.50", Decimal("125.50"))


def wallet_try(at) -> Decimal:
    """The TRY cash the wallet tab shows, as the API has it."""
    from minted.console import session

    shown = at.dataframe[0].value
    assert shown[shown["code"] == "TRY"].iloc[0]["balance"].startswith("₺")  # money, in TRY
    lines = session.client().balances.customer("MTD0018232")
    return next(line.balance for line in lines if line.currency_code == "TRY")
