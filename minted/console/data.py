"""Small cached reads, keyed by environment (and customer, language, filters).

Reference data lives a minute; a customer's data a few seconds and is cleared by the
writes that change it.  A rerun that changes nothing makes no API call.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

from minted.console.session import client_for, customer_index
from minted.errors import MintedError

REFERENCE_TTL = 60
CUSTOMER_TTL = 15


@dataclass(frozen=True)
class Fetched:
    """A read and the moment it was made: every balance on screen says "as of"."""

    value: Any
    at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


@st.cache_data(ttl=10, show_spinner=False)  # a latency seen under a fault fades soon
def health(environment: str) -> tuple[bool, float, str]:
    """A cheap authenticated read, timed."""
    import time

    client = client_for(environment)  # outside the timing: the first one starts the sandbox
    started = time.perf_counter()
    try:
        client.orders.statuses()
    except MintedError as error:
        return False, (time.perf_counter() - started) * 1000, error.message
    return True, (time.perf_counter() - started) * 1000, "connected"


@st.cache_data(ttl=3600, show_spinner=False)
def order_statuses(environment: str):
    return client_for(environment).orders.statuses()


@st.cache_data(ttl=REFERENCE_TTL, show_spinner=False)
def products(environment: str, currency: str):
    return client_for(environment).products.list(currency_code=currency)


@st.cache_data(ttl=REFERENCE_TTL, show_spinner=False)
def currency_rates(environment: str, base: str):
    return client_for(environment).currency_rates.list(base_currency=base)


@st.cache_data(ttl=REFERENCE_TTL, show_spinner=False)
def rate_history(environment: str, code: str, base: str):
    return client_for(environment).currency_rates.history(code, base_currency=base)


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def customer(environment: str, external_id: str):
    found = client_for(environment).customers.get(external_id)
    customer_index(environment).note(found)  # to be found by name, e-mail or phone
    return found


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def customer_balances(environment: str, external_id: str) -> Fetched:
    return Fetched(client_for(environment).balances.customer(external_id), _now())


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def customer_week(environment: str, external_id: str) -> Fetched:
    return Fetched(client_for(environment).balances.customer_7d_stats(external_id), _now())


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def kyc(environment: str, external_id: str):
    return client_for(environment).kyc.get(external_id)


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def walletable_orders(environment: str, page: int, total: int, filters: tuple):
    orders = client_for(environment).orders.list_walletable(page=page, total=total, **dict(filters))
    customer_index(environment).note_orders(orders.data)
    return orders


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def partner_orders(environment: str, page: int, total: int, filters: tuple):
    orders = client_for(environment).orders.list(page=page, total=total, **dict(filters))
    customer_index(environment).note_orders(orders.data)
    return orders


def order_pages(environment: str, source: str, filters: tuple):
    """``fetch_page(number, size)`` for an export (`minted.console.export`): the list's pages
    straight from the client, not through the read cache (an export is read once)."""
    from minted.console.export import order_pages

    return order_pages(client_for(environment), source, dict(filters))


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def order(environment: str, order_id: str):
    found = client_for(environment).orders.get(order_id)
    customer_index(environment).note_orders([found])
    return found


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def receipt(environment: str, order_id: str):
    return client_for(environment).orders.receipt(order_id)


@st.cache_data(ttl=CUSTOMER_TTL, show_spinner=False)
def partner_balances(environment: str) -> Fetched:
    return Fetched(client_for(environment).balances.partner(), _now())


@st.cache_data(ttl=REFERENCE_TTL, show_spinner=False)
def stats(environment: str, start: date, end: date, currency: str | None) -> Fetched:
    return Fetched(
        client_for(environment).balances.stats(start, end, currency_code=currency), _now()
    )


def customer_changed() -> None:
    """After a write: what any page shows about customers, baskets and orders is stale."""
    for cached in (
        customer,
        customer_balances,
        customer_week,
        kyc,
        walletable_orders,
        partner_orders,
        order,
        receipt,
        partner_balances,
        stats,
    ):
        cached.clear()


def in_background(fn, *args):
    """Start a cached read on a pool thread now; ``.result()`` it later.  The thread carries
    the script's context (for the cache) and the caller's context variables (language,
    session tag, actor): see `minted.console.workers`."""
    from minted.console import workers

    return workers.submit(fn, *args)


def prefetch(*reads: tuple) -> None:
    """Run a page's independent reads at once; the page's own calls to the same cached
    functions are then cache hits.  ``reads`` are ``(fn, *args)``.  A read that fails is left
    to the page, whose own call shows the error where it belongs."""
    from minted.console.calls import loading

    if not reads:
        return
    (first, *first_args), *others = reads
    with loading():
        # The others on the pool; the first here, meanwhile: when every read is a cache hit
        # (a page seen seconds ago) no thread need be woken and waited for.
        waiting = [in_background(fn, *args) for fn, *args in others]
        with contextlib.suppress(Exception):  # the failure itself is the page's to show
            first(*first_args)
        for future in waiting:
            future.exception()  # wait, as above
