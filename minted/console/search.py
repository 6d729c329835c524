"""The search box in the sidebar of every page: paste any id (or a name, e-mail or phone of a
customer seen) and go to its page.  What an id may be and how it is looked up is
`minted.console.finder`; this is only the box, the jump and the choices."""

from __future__ import annotations

import streamlit as st

from minted.console import frame, session
from minted.console.finder import Found, find
from minted.console.formatting import literal

ICONS = {"customer": ":material/person:", "order": ":material/receipt_long:"}
TEXT_KEY = "find-text"
RESULT_KEY = "find-result"


def box() -> bool:
    """The box (in the caller's place, e.g. ``with st.sidebar``); True on the run it was
    sent (Enter or the button).  What was typed stays in it."""
    with st.form("find", border=False):
        st.text_input(
            "Find",
            key=TEXT_KEY,
            placeholder="Order code, guid, customer id, name…",
            help="Any id: customer external id (any case), order code, order guid, "
            "walletable increment id, cart token; or a name, e-mail or phone of a customer "
            "this console has seen.",
        )
        return st.form_submit_button("Find", icon=":material/search:")


def go(sent: bool, where) -> None:
    """After ``st.navigation``: on a sent search, open the one record found (``st.switch_page``
    with its query parameters), or show the choices, or say what was tried, in ``where``."""
    text = (st.session_state.get(TEXT_KEY) or "").strip()
    if sent and text:
        env = session.current_environment()
        with session.calling() as client:
            found = find(client, text, session.customer_index(env), recent=frame.recent_customers())
        if len(found.hits) == 1:
            st.session_state.pop(RESULT_KEY, None)
            hit = found.hits[0]
            st.switch_page(hit.page, query_params=hit.query)
        st.session_state[RESULT_KEY] = found
    found = st.session_state.get(RESULT_KEY)
    if found is not None and found.text == text:
        with where:
            show(found)


def show(found: Found) -> None:
    if found.hits:
        st.caption(f"{len(found.hits)} records match “{literal(found.text)}”:")
        for hit in found.hits:
            st.page_link(
                hit.page,
                label=literal(hit.label),
                icon=ICONS.get(hit.kind, ":material/shopping_basket:"),
                query_params=hit.query,
            )
        for failed in found.failures:
            st.caption(f"{literal(failed.what)}: {literal(failed.outcome)}")
        return
    st.warning(
        f"Nothing found for “{literal(found.text)}”. Tried:\n"
        + "\n".join(f"- {literal(a.what)}: {literal(a.outcome)}" for a in found.tried),
        icon=":material/search_off:",
    )
