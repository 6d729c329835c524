"""Balances: the partner's account and a customer's wallets, holdings by metal, activity and
balances over time.  Every figure says as of when."""

from datetime import date, timedelta

import streamlit as st

from minted import charts, formatting
from minted.frames import balances_frame
from pages import data, ui

ui.header("Balances")
env = ui.current_environment()
lang = ui.language()
partner, customer_tab = st.tabs(["Partner", "Customer"])

with partner:
    period_default = (date.today() - timedelta(days=30), date.today())
    period = st.session_state.get("stats-period", period_default)
    currency = st.session_state.get("stats-currency", "TRY")
    customer_reads = []
    if remembered := ui.remembered_customer():
        customer_reads = [
            (data.customer_balances, env, remembered),
            (data.customer_week, env, remembered),
        ]
    if len(period) == 2:
        with ui.client().context(language=lang, tag=ui.session_tag(), actor=ui.actor()):
            data.prefetch(
                (data.partner_balances, env),
                (data.stats, env, period[0], period[1], currency),
                *customer_reads,  # the Customer tab renders at the same time
            )
    fetched = ui.call(data.partner_balances, env)
    if fetched is not None:
        lines = fetched.value
        st.caption(f"As of {formatting.timestamp(fetched.at)}")
        cash = [line for line in lines if line.is_cash]
        for col, line in zip(st.columns(len(cash) or 1), cash, strict=False):
            col.markdown(
                f"**{line.name or line.currency_code}**  \n"
                f"#### {formatting.money(line.balance, line.currency_code, lang)}"
            )
        metal = [line for line in lines if not line.is_cash]
        st.dataframe(
            [
                {
                    "wallet": line.name,
                    "own (g)": formatting.grams(line.balance, lang),
                    "held for customers (g)": formatting.grams(line.held_for_customers, lang),
                    "value (own)": formatting.money(line.value, line.value_currency, lang),
                }
                for line in metal
            ],
            hide_index=True,
            width="stretch",
        )
        st.plotly_chart(charts.holdings_chart(lines, fetched.at), width="stretch")
    st.subheader("Activity")
    s = st.columns([2, 1])
    period = s[0].date_input("Period", value=period_default, key="stats-period")
    currency = s[1].selectbox("In", ["TRY", "USD", "EUR", "GBP", "AED"], key="stats-currency")
    if len(period) == 2:
        stats = ui.call(data.stats, env, period[0], period[1], currency)
        if stats is not None:
            st.plotly_chart(charts.activity_chart(stats.value, stats.at), width="stretch")
            st.plotly_chart(charts.fees_over_time_chart(stats.value, stats.at), width="stretch")

with customer_tab:
    external_id = st.text_input(
        "Customer external id", value=ui.remembered_customer(), key="balance-customer"
    ).strip()
    if external_id:
        ui.remember_customer(external_id)
        fetched = ui.call(data.customer_balances, env, external_id)
        if fetched is not None:
            st.caption(f"As of {formatting.timestamp(fetched.at)}")
            st.dataframe(balances_frame(fetched.value), hide_index=True, width="stretch")
            left, right = st.columns(2)
            left.plotly_chart(charts.holdings_chart(fetched.value, fetched.at), width="stretch")
            week = ui.call(data.customer_week, env, external_id)
            if week is not None:
                right.plotly_chart(
                    charts.balance_history_chart(week.value, week.at, "TRY"), width="stretch"
                )
