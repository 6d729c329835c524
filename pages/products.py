"""Products and currency rates: prices in a chosen currency, a converter, price history."""

from decimal import Decimal, InvalidOperation

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, labels, session
from minted.console.frames import products_frame
from minted.console.rates import convert, rates_frame

CURRENCIES = ["TRY", "USD", "EUR", "GBP", "AED"]

frame.header("Products & currency rates")
env = session.current_environment()
lang = session.language()

currency = st.segmented_control("Prices in", CURRENCIES, default="AED", key="price_currency")
currency = currency or "AED"
base_default = st.session_state.get("rate_base", CURRENCIES[0])
with session.calling():
    data.prefetch(
        (data.products, env, currency),
        (data.currency_rates, env, base_default),
        (data.rate_history, env, st.session_state.get("history_unit", "GAU"), base_default),
    )
products = calls.call(data.products, env, currency)
if products is not None:
    table = products_frame(products, currency, lang)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config=labels.column_config("products", table.columns, lang),
    )
    st.caption("Digital products are priced per gram, bars per piece.")

st.divider()
rates_col, converter_col = st.columns([3, 2])
with rates_col:
    base = st.selectbox("Rates against", CURRENCIES, key="rate_base")
    rates = calls.call(data.currency_rates, env, base) or []
    st.subheader(f"Rates in {base}")
    shown_rates = rates_frame(rates, lang)
    st.dataframe(
        shown_rates,
        hide_index=True,
        width="stretch",
        column_config=labels.column_config("rates", shown_rates.columns, lang),
    )
with converter_col:
    st.subheader("Converter")
    codes = [r.currency_code for r in rates]
    text = st.text_input("Amount", value="100", help="Exact decimals; grams for metals")
    src = st.selectbox("From", codes, index=codes.index("USD") if "USD" in codes else 0)
    dst = st.selectbox("To", codes, index=codes.index("GAU") if "GAU" in codes else 0)
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:
        st.error(f"“{formatting.literal(text)}” is not a number.")
    else:
        if rates:
            result = convert(amount, src, dst, rates)
            st.metric(
                f"{amount} {src} =",
                formatting.amount(result, dst, lang)
                if dst in formatting.METAL_CODES
                else f"{formatting.money(result, dst, lang)}",
            )

st.divider()
st.subheader("Price history")
choices = [r.currency_code for r in rates if r.currency_code != base] or ["GAU"]
unit = st.selectbox(
    "Unit", choices, index=choices.index("GAU") if "GAU" in choices else 0, key="history_unit"
)
history = calls.call(data.rate_history, env, unit, base)
if history is not None:
    st.plotly_chart(
        charts.rate_history_chart(history, history.points[-1].at if history.points else None, lang),
        width="stretch",
    )
