"""Balances: the partner's account and a customer's wallets, holdings by metal, activity and
balances over time.  Every figure says as of when."""

from datetime import timedelta

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, labels, session, wallet
from minted.console.frames import partner_metal_frame

frame.header("Balances")
env = session.current_environment()
lang = session.language()


PERIOD_DEFAULT = (formatting.today() - timedelta(days=30), formatting.today())

# The Activity filters live in the Partner tab, which does not run while the Customer tab is
# open; Streamlit forgets the state of widgets that did not run, so the state is ours.
for key, default in (("stats-period", PERIOD_DEFAULT), ("stats-currency", "TRY")):
    st.session_state[key] = st.session_state.get(key, default)
period = st.session_state["stats-period"]
currency = st.session_state["stats-currency"]

# Both tabs' reads in one round trip, whichever tab is open: switching is then instant.
reads = [(data.partner_balances, env)]
if len(period) == 2:
    reads.append((data.stats, env, period[0], period[1], currency))
if remembered := frame.remembered_customer():
    reads += [(data.customer_balances, env, remembered), (data.customer_week, env, remembered)]
with session.calling():
    data.prefetch(*reads)


def partner_tab() -> None:
    fetched = calls.call(data.partner_balances, env)
    if fetched is not None:
        lines = fetched.value
        st.caption(f"As of {formatting.timestamp(fetched.at, lang)}")
        cash = [line for line in lines if line.is_cash]
        for col, line in zip(st.columns(len(cash) or 1), cash, strict=False):
            col.markdown(
                f"**{formatting.literal(line.name or line.currency_code)}**  \n"
                f"#### {formatting.money(line.balance, line.currency_code, lang)}"
            )
        metal = [line for line in lines if not line.is_cash]
        table = partner_metal_frame(metal, lang)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config=labels.column_config("partner_metal", table.columns, lang),
        )
        st.plotly_chart(charts.holdings_chart(lines, fetched.at, lang), width="stretch")
    st.subheader("Activity")
    s = st.columns([2, 1])
    period = s[0].date_input("Period", key="stats-period")
    currency = s[1].selectbox("In", ["TRY", "USD", "EUR", "GBP", "AED"], key="stats-currency")
    if len(period) == 2:
        stats = calls.call(data.stats, env, period[0], period[1], currency)
        if stats is not None:
            st.plotly_chart(charts.activity_chart(stats.value, stats.at, lang), width="stretch")
            st.plotly_chart(
                charts.fees_over_time_chart(stats.value, stats.at, lang), width="stretch"
            )


def customer_tab() -> None:
    external_id = st.text_input(
        "Customer external id", value=frame.remembered_customer(), key="balance-customer"
    ).strip()
    if external_id:
        frame.remember_customer(external_id)
        fetched = calls.call(data.customer_balances, env, external_id)
        if fetched is not None:
            wallet.balances_table(fetched)
            left, right = st.columns(2)
            left.plotly_chart(
                charts.holdings_chart(fetched.value, fetched.at, lang), width="stretch"
            )
            week = calls.call(data.customer_week, env, external_id)
            if week is not None:
                right.plotly_chart(
                    charts.balance_history_chart(week.value, week.at, "TRY", lang), width="stretch"
                )


frame.lazy_tabs({"Partner": partner_tab, "Customer": customer_tab}, key="view")
