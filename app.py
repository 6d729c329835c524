"""Minted Connect Console — ``streamlit run app.py``.

Opens on the embedded sandbox; staging and production appear when .streamlit/secrets.toml
configures them.
"""

import streamlit as st

from pages import data, ui

st.set_page_config(page_title="Minted Connect Console", page_icon="🪙", layout="wide")

# -- sidebar: where am I, is it up, which language ------------------------------------------------
with st.sidebar:
    st.markdown("### 🪙 Minted Connect Console")
    options = ui.environments()
    st.selectbox(
        "Environment",
        options,
        index=options.index(ui.current_environment()),
        key="environment",
        format_func=lambda name: {"sandbox": "Sandbox (local)"}.get(name, name.capitalize()),
        help="Staging and production appear when .streamlit/secrets.toml configures them.",
    )
    env = ui.current_environment()
    st.markdown(ui.environment_badge(env))
    healthy, latency_ms, message = data.health(env)
    if healthy:
        st.caption(f"🟢 {message} · {latency_ms:.0f} ms")
    else:
        st.caption(f"🔴 {message}")
    st.radio(
        "Accept-Language",
        list(ui.LANGUAGES),
        format_func=ui.LANGUAGES.get,
        key="language",
        horizontal=True,
    )

pages = [
    st.Page("pages/customers.py", title="Customers", icon="👤", default=True),
    st.Page("pages/products.py", title="Products & currency rates", icon="💱"),
    st.Page("pages/basket.py", title="Basket builder", icon="🧺"),
    st.Page("pages/trade.py", title="Buy / sell", icon="⚖️"),
    st.Page("pages/orders.py", title="Orders & receipts", icon="🧾"),
    st.Page("pages/balances.py", title="Balances", icon="📊"),
    st.Page("pages/api_log.py", title="API log", icon="📜"),
]
if ui.is_sandbox():
    pages.append(st.Page("pages/sandbox.py", title="Sandbox", icon="🧪"))

st.navigation(pages).run()
