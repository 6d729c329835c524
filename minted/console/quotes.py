"""Baskets and quotes held in the session, and their live countdown.

A basket is read once and kept with the moment it was read; the countdown is worked out
from that (``pricefix.remaining`` minus the seconds since), so it is right whatever the
sandbox clock says and costs no API call per tick.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

import streamlit as st

from minted.console import calls, data, formatting, session
from minted.console.cash import partner_cash_after
from minted.console.intents import new_reference
from minted.errors import MintedError, NotFoundError

if TYPE_CHECKING:  # the models come with the first client, not with the first page
    from minted.models import Basket


def _key(customer_id: str, basket_type: str) -> str:
    return f"basket:{session.current_environment()}:{customer_id}:{basket_type}"


def _store(basket: Basket | None, customer_id: str, basket_type: str) -> None:
    st.session_state[_key(customer_id, basket_type)] = (basket, time.monotonic())
    if basket is not None:  # its cart token can be searched for: the API needs its customer
        index = session.customer_index(session.current_environment())
        index.note(basket.customer)
        index.note_cart(basket.cart_token, customer_id, basket_type)


def current_basket(customer_id: str, basket_type: str, *, refresh: bool = False) -> Basket | None:
    """The customer's open basket (read once per session unless ``refresh``), or None."""
    key = _key(customer_id, basket_type)
    if refresh or key not in st.session_state:
        try:
            with session.calling() as client:
                basket = client.baskets.get_active(customer_id, type=basket_type)
        except NotFoundError:
            basket = None
        except MintedError as error:
            calls.show_error(error, retry=True)
            return None
        _store(basket, customer_id, basket_type)
    return st.session_state[key][0]


LONGEST_QUOTE_S = 86_400


def seconds_left(customer_id: str, basket_type: str) -> float | None:
    basket, read_at = st.session_state.get(_key(customer_id, basket_type), (None, 0.0))
    if basket is None or basket.pricefix is None:
        return None
    # a day at most: no quote lasts that long, and 10**400 seconds is no float
    remaining = min(basket.pricefix.remaining, LONGEST_QUOTE_S)
    return remaining - (time.monotonic() - read_at)


def change_basket(basket_type: str, method, customer_id: str, *args: Any, **kwargs: Any) -> None:
    """Run a basket write (audited); keep the basket it returns; rerun the page."""
    basket = calls.write(
        f"basket.{method.__name__}",
        method,
        customer_id,
        *args,
        intent=f"basket:{uuid.uuid4().hex}",  # each click is its own change…
        scope=basket_scope(customer_id, basket_type),  # …but none after an unknown one
        summary={"external_customer_id": customer_id, "args": list(args), **kwargs},
        **kwargs,
    )
    if basket is not None:
        _store(basket, customer_id, basket_type)
        data.customer_changed()
        st.rerun()


def basket_scope(customer_id: str, basket_type: str) -> str:
    return f"basket:{session.current_environment()}:{customer_id}:{basket_type}"


def unknown_change(customer_id: str, basket_type: str) -> None:
    """After a basket change with no clear answer: offer to read the basket as it is now."""
    calls.unknown_outcome(
        basket_scope(customer_id, basket_type),
        lambda: current_basket(customer_id, basket_type, refresh=True),
        "basket",
    )


def forget(customer_id: str, basket_type: str) -> None:
    st.session_state.pop(_key(customer_id, basket_type), None)


def _show_countdown(left: float | None, valid: str, expired: str) -> bool:
    """The seconds left on a price, as text and a bar; True once it has expired."""
    if left is None:
        return False
    if left > 0:
        st.markdown(f":material/timer: {valid} **{formatting.countdown(left)}**")
        st.progress(min(1.0, left / 240))
        return False
    st.markdown(f":material/timer: :red[**{expired}**]")
    return True


@st.fragment(run_every=1)
def countdown(customer_id: str, basket_type: str) -> None:
    left = seconds_left(customer_id, basket_type)
    expired = _show_countdown(left, "Price fixed for", "Price expired — refresh for a new price")
    if expired and st.button("Refresh price", key=f"refresh-{basket_type}"):
        current_basket(customer_id, basket_type, refresh=True)
        st.rerun()


# -- partner price fixes ---------------------------------------------------------------------------
def keep_quote(key: str, fix) -> None:
    st.session_state[f"quote:{key}"] = (fix, time.monotonic())


def quote(key: str):
    return st.session_state.get(f"quote:{key}", (None, 0.0))[0]


def quote_seconds_left(key: str) -> float | None:
    fix, read_at = st.session_state.get(f"quote:{key}", (None, 0.0))
    if fix is None:
        return None
    return fix.expire_ttl - (time.monotonic() - read_at)


def drop_quote(key: str) -> None:
    st.session_state.pop(f"quote:{key}", None)


def digital_scope(mode: str, customer: str) -> str:
    """What a partner digital order changes: the partner's own account (B2B) or a customer's
    (B2B2C).  While an order there has an unknown outcome no other is sent there: the same
    order typed another way ("1.0" g for "1") is another quote, and would be a second order."""
    account = f"customer:{customer}" if mode == "B2B2C" else "partner"
    return f"digital:{session.current_environment()}:{account}"


def pending_digital_order(mode: str, customer: str) -> str | None:
    """The external id of the digital order there whose outcome is unknown, if any."""
    return calls.intents().unknown_in(digital_scope(mode, customer))


def digital_order_id(key: str) -> str:
    """The external id of the order placed on quote ``key``, which is also its intent: made
    once and kept until the order is known, so a retry on a fresh quote sends the same id and
    the API finds the first order instead of making a second."""
    return st.session_state.setdefault(f"intent:{key}", new_reference("MC-"))


def digital_order_made(external_id: str) -> None:
    """A look-up found the order: its quote's price token is spent and its id is taken, so
    the next order there needs a new quote and is a new order."""
    for name in [str(k) for k in st.session_state if str(k).startswith("intent:")]:
        if st.session_state[name] == external_id:
            drop_quote(name.removeprefix("intent:"))
            del st.session_state[name]


@st.fragment(run_every=1)
def quote_countdown(key: str) -> None:
    _show_countdown(
        quote_seconds_left(key), "Quote valid for", "Quote expired — get a new quote to continue"
    )


def partner_cash_notice(side: str, currency: str, amount) -> bool:
    """In a confirm dialog: the partner's cash before and after this trade.  True when it
    may be confirmed: the cash covers it, or the engineer chose to send it anyway (the
    figure may be a few seconds old; the API has the last word and refuses with 3002)."""
    env = session.current_environment()
    lang = session.language()
    try:
        fetched = data.partner_balances(env)
    except MintedError as error:
        st.caption(f"The partner's cash could not be read ({formatting.literal(error.message)}).")
        return True
    check = partner_cash_after(fetched.value, currency, side, amount)
    before = formatting.money(check.available, currency, lang)
    after = formatting.money(check.after, currency, lang)
    as_of = formatting.timestamp(fetched.at)
    code = formatting.literal(currency)
    if not check.short:
        st.caption(f"Partner's {code} cash: {before} → {after} (as of {as_of})")
        return True
    needs = formatting.money(check.change.copy_negate(), currency, lang)
    has = before if check.has_wallet else "no wallet"
    st.error(
        f"**The partner's {code} cash does not cover this {side}.** "
        f"It has {has} (as of {as_of}); this needs {needs} and would leave {after}. "
        "The API refuses it (code 3002): top up the partner's cash first.",
        icon=":material/account_balance_wallet:",
    )
    return st.checkbox("Send it anyway (the cash shown may be out of date)", key="cash-anyway")
