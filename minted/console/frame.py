"""The frame around every page: app.py's navigation, the page header, tabs, and the customer
that follows a support engineer from page to page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from minted.console import labels, session
from minted.console.formatting import literal
from minted.console.health import connection_status
from minted.console.index import pushed
from minted.console.sandbox import SandboxStartError

# The design card puts the pages in ``pages/``.  Streamlit also treats a ``pages/`` folder as
# a legacy multipage app until the first ``st.navigation`` call in the process: a first
# visitor opening a page URL directly (a bookmarked ``/orders?order=…``) would get that page
# without app.py's sidebar.  Declaring the v2 router on the first import of this module (app.py
# and every page import it) closes that gap; `require_frame` reruns the one request that was
# already on its way through the legacy path.
PagesManager.uses_pages_directory = False

ENV_COLORS = {"sandbox": "green", "staging": "orange", "production": "red"}

_FRAMED: ContextVar[bool] = ContextVar("console_framed", default=False)


@contextmanager
def framed() -> Iterator[None]:
    """app.py runs the selected page inside this."""
    token = _FRAMED.set(True)
    try:
        yield
    finally:
        _FRAMED.reset(token)


def require_frame() -> None:
    """A page run without app.py around it runs again, framed.  Once only: if even the rerun
    is not framed, the page renders as it is, never loops."""
    if _FRAMED.get():
        st.session_state.pop("_reframed", None)
        return
    if not st.session_state.get("_reframed"):
        st.session_state["_reframed"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


def connection(slot, health: Future | None) -> None:
    """The sidebar's connection line in ``slot``, once the page is done: the health check
    (``health``, run beside the page's reads) and this session's latest call.  Without a
    health check (the console's sandbox was still starting when the run began: the first page
    of a cold start needs no call, so it does not wait for it), a line that says so, which
    turns into the real one when the sandbox answers."""
    if health is None:
        with slot.container():
            _sandbox_starting()
        return
    try:
        mine = [e for e in session.client().journal.entries() if e.tag == session.session_tag()]
        healthy, text = connection_status(health.result(), mine, datetime.now(UTC))
    except SandboxStartError as error:  # tried again on the next run
        healthy, text = False, f"the local sandbox did not start: {error}"
    icon = ":green[:material/check_circle:]" if healthy else ":red[:material/error:]"
    slot.caption(f"{icon} {literal(text)}")


def sandbox_failed(error: SandboxStartError) -> None:
    """In place of a page that needed the console's sandbox, which did not start."""
    st.error(
        f"The local sandbox did not start: {literal(error)}.  Each page tries again; its "
        "settings (`MINTED_CONSOLE_SANDBOX_DB`, `…_PORT`, `…_URL`) are in the README.",
        icon=":material/error:",
    )


@st.fragment(run_every=1.0)
def _sandbox_starting() -> None:
    if session.sandbox_ready():
        st.rerun()  # the whole page, whose sidebar then shows the connection as it is
    st.caption(":gray[:material/progress_activity:] starting the local sandbox…")


def environment_badge(environment: str | None = None) -> str:
    env = environment or session.current_environment()
    return f":{ENV_COLORS.get(env, 'gray')}-background[**{env.upper()}**]"


def header(title: str, caption: str | None = None) -> None:
    require_frame()
    left, right = st.columns([4, 1])
    left.title(title)
    right.markdown(f"#### {environment_badge()}")
    if caption:
        st.caption(caption)
    for message in st.session_state.pop("_flash", []):
        st.success(message, icon=":material/check_circle:")


def flash(message: str) -> None:
    """A success message (Markdown, data already made literal) that outlives the rerun a
    write ends with: shown once, under the next page header."""
    st.session_state.setdefault("_flash", []).append(message)


def clear_widgets(*keys: str) -> None:
    """Empty a form's fields after it was sent; a refused form keeps what was typed."""
    for key in keys:
        st.session_state.pop(key, None)


def per_session(key: str, make: Callable[[], Any]) -> Any:
    """``make()``'s value, made once in this browser session (kept in its Session State)."""
    key = f"_per_session:{key}"
    if key not in st.session_state:
        st.session_state[key] = make()
    return st.session_state[key]


def remember_customer(external_id: str | None) -> None:
    """The customer a support engineer works on follows them from page to page."""
    if external_id:
        st.session_state["customer"] = external_id


def remembered_customer() -> str:
    """The customer in the URL (``?customer=``, on any page), else the last one worked on; a
    customer in the URL is remembered, so it follows to the next page whichever this is."""
    in_url = st.query_params.get("customer")
    if in_url:
        remember_customer(in_url)
    return in_url or st.session_state.get("customer", "")


def opened_customer(external_id: str) -> None:
    """A customer's page was opened (and found): first in this session's recent customers."""
    key = f"recent-customers:{session.current_environment()}"
    st.session_state[key] = pushed(st.session_state.get(key, []), external_id)


def recent_customers() -> list[str]:
    """The customers this browser session opened last on this environment, newest first."""
    return list(st.session_state.get(f"recent-customers:{session.current_environment()}", []))


def lazy_tabs(tabs: dict[str, Callable[[], None]], key: str) -> None:
    """Tabs whose hidden panels do not run: only the open tab is computed and sent to the
    browser, where drawing every panel's tables and charts on each load was most of the page's
    cost with ten sessions (bench (d)).  The open tab is in the URL as ``?{key}=<label>``, so
    a link can point at it; switching tabs is a rerun, which makes no call when data is cached.
    ``key`` names the URL parameter; give each page its own: the first run of the next page
    still sees the last page's widget state, and a shared key there would pick the wrong tab."""
    panels = st.tabs(list(tabs), key=key, bind="query-params")
    for panel, render in zip(panels, tabs.values(), strict=True):
        if panel.open:
            with panel:
                render()


def keep_values(defaults: Mapping[str, Any]) -> None:
    """Keep these widgets' values (or set their defaults) across runs in which the widgets are
    not drawn: a closed tab or expander that is not filled.  Streamlit forgets the state of a
    widget that did not run, so the state is set here, as the app's own, on every run."""
    for key, default in defaults.items():
        st.session_state[key] = st.session_state.get(key, default)


def lazy_expander(
    label: str, key: str, expanded: bool = False, keep_filled: bool = True
) -> tuple[Any, bool]:
    """An expander, and whether to fill it: only once it is open.  A collapsed expander's
    widgets are still sent and drawn by the browser, and a form of a dozen fields was most
    of the Customers page's drawing on every visit; opening it is a rerun.  With
    ``keep_filled`` it stays filled once opened in this session, also when closed again: a
    form's typed values live only in the browser until it is sent, and an emptied expander
    would drop them (widgets outside a form send theirs at once: they need not)."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    if not keep_filled:
        return box, bool(box.open)
    opened = f"{key}:opened"
    if box.open:
        st.session_state[opened] = True
    return box, bool(st.session_state.get(opened))


def table(rows: Any, kind: str, lang: str, *, columns=None, where: Any = st, **options) -> Any:
    """A table as every page shows one: no index, the page's width, each column labelled in
    ``lang`` with its API field in the tooltip (`labels.column_config` for ``kind``; the
    columns are ``rows``' own unless given).  ``where``: a container or column to draw in;
    ``options`` go to ``st.dataframe`` (a selection, a key)."""
    columns = rows.columns if columns is None else columns
    return where.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config=labels.column_config(kind, columns, lang),
        **options,
    )


BASKET_SIDES = ("buy", "sell", "delivery")


def side_control(where) -> str:
    """Which basket (buy, sell or delivery): always one, and in the URL as ``?side=``, so the
    basket builder's check-out link opens the same side on Buy / sell."""
    return where.segmented_control(
        "Basket", BASKET_SIDES, default="buy", key="side", required=True, bind="query-params"
    )
