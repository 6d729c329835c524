"""Balances: the partner's account, its activity over a period, and a customer's wallets.
Every figure says as of when.  One chart per view: a chart is the costliest thing a browser
draws here, so each tab shows one, and a control picks which."""

from datetime import timedelta

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, session, wallet
from minted.console.frames import partner_metal_frame

frame.header("Balances")
env = session.current_environment()
lang = session.language()

PERIOD_DEFAULT = (formatting.today() - timedelta(days=30), formatting.today())
CURRENCIES = ["TRY", "USD", "EUR", "GBP", "AED"]

# The Activity filters belong to a tab that does not run while another is open.
frame.keep_values({"stats-period": PERIOD_DEFAULT, "stats-currency": "TRY"})


def chart_choice(where, charts_shown: list[str], key: str) -> str:
    """Which of a view's charts to draw (the first at first): one chart per view."""
    return where.segmented_control(
        "Chart",
        charts_shown,
        default=charts_shown[0],
        key=key,
        required=True,
        label_visibility="hidden",
    )


def partner_tab() -> None:
    fetched = calls.call(data.partner_balances, env)
    if fetched is None:
        return
    lines = fetched.value
    st.caption(f"As of {formatting.timestamp(fetched.at, lang)}")
    cash = [line for line in lines if line.is_cash]
    if cash:
        st.markdown(formatting.cash_row(cash, lang))
    metal = [line for line in lines if not line.is_cash]
    table = partner_metal_frame(metal, lang)
    frame.table(table, "partner_metal", lang)
    st.plotly_chart(charts.holdings_chart(lines, fetched.at, lang), width="stretch")


def activity_tab() -> None:
    s = st.columns([2, 1, 2], vertical_alignment="bottom")
    period = s[0].date_input("Period", key="stats-period")
    currency = s[1].selectbox("In", CURRENCIES, key="stats-currency")
    shown = chart_choice(s[2], ["Per day", "Fees, cumulative"], key="stats-chart")
    if len(period) != 2:
        st.caption("Pick the period's last day too.")
        return
    stats = calls.call(data.stats, env, period[0], period[1], currency)
    if stats is None:
        return
    draw = charts.activity_chart if shown == "Per day" else charts.fees_over_time_chart
    st.plotly_chart(draw(stats.value, stats.at, lang), width="stretch")


def customer_tab() -> None:
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    external_id = left.text_input(
        "Customer external id", value=frame.remembered_customer(), key="balance-customer"
    ).strip()
    shown = chart_choice(right, ["Holdings", "Last 7 days"], key="customer-chart")
    if not external_id:
        return
    frame.remember_customer(external_id)
    reads = [(data.customer_balances, env, external_id)]
    if shown == "Last 7 days":
        reads.append((data.customer_week, env, external_id))
    with session.calling():  # what the view shows, in one round trip
        data.prefetch(*reads)
    fetched = calls.call(data.customer_balances, env, external_id)
    if fetched is None:
        return
    wallet.balances_table(fetched)
    if shown == "Holdings":
        st.plotly_chart(charts.holdings_chart(fetched.value, fetched.at, lang), width="stretch")
    else:
        week = calls.call(data.customer_week, env, external_id)
        if week is not None:
            st.plotly_chart(
                charts.balance_history_chart(week.value, week.at, "TRY", lang), width="stretch"
            )


frame.lazy_tabs(
    {"Partner": partner_tab, "Activity": activity_tab, "Customer": customer_tab}, key="view"
)
