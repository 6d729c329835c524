"""A customer's wallets as a table, and their cash changed from the Customers page (Update
Customer Cash Balance).

Money moves here, so the write is as careful as a trade: exactly once (its reference, the
``external_id`` the API uses to recognise a repeat, is the intent, kept until the outcome is
known), audited, and blocked while an earlier change to the same customer has no clear
answer (the customer page offers the look-up).
"""

from __future__ import annotations

import streamlit as st

from minted.console import calls, data, formatting, frame, session
from minted.console.cash import CASH_CURRENCIES, cash_amount
from minted.console.frames import balances_frame, shown_balances
from minted.console.intents import DONE, new_reference


def customer_scope(external_id: str) -> str:
    """Writes to one customer share this scope (see `calls.write`)."""
    return f"customer:{session.current_environment()}:{external_id}"


def _reference_key(external_id: str) -> str:
    return f"cash-ref:{session.current_environment()}:{external_id}"


def cash_reference(external_id: str) -> str:
    """The update's ``external_id``: one per intended change, kept until it is made or its
    unknown outcome is settled (a refused one is sent again with it), so that the API,
    which recognises a repeated reference, applies it at most once."""
    return st.session_state.setdefault(_reference_key(external_id), new_reference("MC-CASH-"))


def forget_reference(external_id: str) -> None:
    st.session_state.pop(_reference_key(external_id), None)


def cash_update_form(external_id: str) -> None:
    lang = session.language()
    with st.form("cash-update", clear_on_submit=False):
        cols = st.columns([1, 2, 3])
        currency = cols[0].selectbox("Currency", CASH_CURRENCIES, key="cash-currency")
        typed = cols[1].text_input(
            "Amount", key="cash-amount", help="Positive adds cash, negative takes it."
        )
        note = cols[2].text_input("Description", key="cash-note", max_chars=255)
        sent = st.form_submit_button("Update cash", disabled=not session.may_write())
    if not sent:
        return
    try:
        amount = cash_amount(typed)
    except ValueError as problem:
        st.error(formatting.literal(problem), icon=":material/edit:")
        return
    reference = cash_reference(external_id)
    if calls.intent_status(reference) == DONE:
        # settled by the customer's look-up, which showed the balance as it now is: what is
        # sent now is a new change, with a new reference
        forget_reference(external_id)
        reference = cash_reference(external_id)
    updated = calls.write(
        "balances.update_cash",
        session.client().balances.update_cash,
        external_id,
        amount,
        currency_code=currency,
        external_id=reference,
        description=note.strip() or None,
        intent=reference,
        scope=customer_scope(external_id),
        summary={
            "customer_external_id": external_id,
            "amount": amount,
            "currency": currency,
            "external_id": reference,
        },
    )
    if updated is None:
        return
    forget_reference(external_id)
    for key in ("cash-amount", "cash-note"):
        st.session_state.pop(key, None)
    data.customer_changed()
    frame.flash(
        f"Cash updated: {formatting.money(amount, currency, lang)} "
        f"(reference {formatting.literal(reference)})."
    )
    st.rerun()


def balances_table(fetched: data.Fetched) -> None:
    """A customer's wallets as read (`data.customer_balances`): when, and each figure in its
    own unit, with labelled columns."""
    lang = session.language()
    st.caption(f"As of {formatting.timestamp(fetched.at, lang)}")
    balances = balances_frame(fetched.value)
    frame.table(shown_balances(balances, lang), "balances", lang, columns=balances.columns)
