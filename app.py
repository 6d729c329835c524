"""Minted Connect Console — ``streamlit run app.py``.

Opens on the embedded sandbox; staging and production appear when .streamlit/secrets.toml
configures them.
"""

import streamlit as st

from minted.console.startup import (
    freeze_new_imports,
    server_starts_sandbox,
    skip_direct_run_warning,
    tune_collector,
)

# Before the console's imports on the server's first run: what Streamlit made to start is
# frozen out of the collector's full passes, and on a later run what the runs before it
# imported (a no-op on a run after one that imported nothing new).
freeze_new_imports()
tune_collector()  # young collections every 10,000 allocations, not Python's 700
skip_direct_run_warning()  # before the first element: its check costs the first page

from minted.console import data, formatting, frame, search, session  # noqa: E402 (after the freeze)
from minted.console.sandbox import SandboxStartError  # noqa: E402

# The sandbox's process: serve.py's server starts it a moment after it answers, not while a
# browser draws its first page (`minted.console.startup`); run on its own, app.py starts it
# on its first run, as it reaches a shared one at once.  That page makes no call; whatever
# calls sooner starts it and waits.
if not server_starts_sandbox() or session.sandbox_is_shared():
    session.start_sandbox()

# An emoji, not a :material: icon: Streamlit fetches those favicons from fonts.gstatic.com,
# a request outside the console on every page load (and a broken icon offline).
st.set_page_config(page_title="Minted Connect Console", page_icon="🪙", layout="wide")

# -- who: st.login when [auth] is configured (OIDC), otherwise a local user -----------------------
if session.auth_configured() and not st.user.is_logged_in:
    st.title("Minted Connect Console")
    st.write("Sign in to continue.")
    st.button("Sign in", on_click=st.login, type="primary")
    st.stop()

# -- sidebar: where am I, is it up, which language ------------------------------------------------
with st.sidebar:
    st.markdown("### :material/toll: Minted Connect Console")
    options = session.environments()
    st.selectbox(
        "Environment",
        options,
        index=options.index(session.current_environment()),
        key="environment",
        format_func=lambda name: {"sandbox": "Sandbox (local)"}.get(name, name.capitalize()),
        help="Staging and production appear when .streamlit/secrets.toml configures them.",
    )
    env = session.current_environment()
    st.markdown(frame.environment_badge(env))
    searched = search.box()  # any id, from every page; it opens after navigation is known
    found_slot = st.container()
    # The health check runs beside the page's own reads, and is shown once the page is done;
    # none while the console's sandbox is starting (the sidebar says so instead).
    health_slot = st.empty()
    starting = session.is_sandbox() and not session.sandbox_ready()
    health = None if starting else data.in_background(data.health, env)
    who = session.actor()
    writes = "may write here" if session.may_write() else "read only here"
    st.caption(f":material/badge: {formatting.literal(who.user)} · {who.role.value} · {writes}")
    if session.auth_configured():
        st.button("Sign out", on_click=st.logout)
    st.radio(
        "Accept-Language",
        list(session.LANGUAGES),
        format_func=session.LANGUAGES.get,
        key="language",
        horizontal=True,
    )


def console_pages(with_sandbox: bool) -> list:
    customers = st.Page("pages/customers.py", title="Customers", icon=":material/person:")

    def home() -> None:
        """The root URL forwards to Customers.  Streamlit serves a default page only at the
        root, so a default Customers would answer its own address (`/customers?customer=…`,
        the link a support engineer bookmarks or pastes) with "Page not found"; this way
        every page has one."""
        st.switch_page(customers, query_params=st.query_params.to_dict())

    pages = [
        st.Page(home, title="Minted Connect Console", default=True, visibility="hidden"),
        customers,
        st.Page(
            "pages/products.py",
            title="Products & currency rates",
            icon=":material/currency_exchange:",
        ),
        st.Page("pages/basket.py", title="Basket builder", icon=":material/shopping_basket:"),
        st.Page("pages/trade.py", title="Buy / sell", icon=":material/swap_horiz:"),
        st.Page("pages/orders.py", title="Orders & receipts", icon=":material/receipt_long:"),
        st.Page("pages/balances.py", title="Balances", icon=":material/monitoring:"),
        st.Page("pages/explorer.py", title="API explorer", icon=":material/explore:"),
        st.Page("pages/api_log.py", title="API log", icon=":material/terminal:"),
        st.Page("pages/audit.py", title="Audit log", icon=":material/policy:"),
    ]
    if with_sandbox:
        pages.append(st.Page("pages/sandbox.py", title="Sandbox", icon=":material/science:"))
    return pages


# Made once per browser session: each st.Page resolves its file on the disk (a tenth of a light
# page's run), and a session's runs never overlap, as navigation's use of a page requires.
sandbox_here = session.is_sandbox()
pages = frame.per_session(f"pages:{sandbox_here}", lambda: console_pages(sandbox_here))

try:
    with frame.framed():
        page = st.navigation(pages)
        search.go(searched, found_slot)
        frame.remembered_customer()  # a link's ?customer= follows to the pages after it
        page.run()
except SandboxStartError as error:  # the page needed the sandbox; the next run tries again
    frame.sandbox_failed(error)
finally:  # also when the page stops early (st.stop) or reruns
    frame.connection(health_slot, health)
