"""Products and currency rates: prices in a chosen currency, the rates with a converter, and a
rate's history.  One view at a time (its tab in the URL, ``?show=``): each reads and draws
only its own table or chart."""

from decimal import Decimal, InvalidOperation

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, session
from minted.console.frames import products_frame
from minted.console.rates import convert, rates_frame

CURRENCIES = ["TRY", "USD", "EUR", "GBP", "AED"]

frame.header("Products & currency rates")
env = session.current_environment()
lang = session.language()

# Each view's choices belong to a tab that does not run while another is open.
frame.keep_values(
    {
        "price_currency": "AED",
        "rate_base": CURRENCIES[0],
        "history_unit": "GAU",
        "converter-amount": "100",
    }
)


def products_tab() -> None:
    currency = st.segmented_control("Prices in", CURRENCIES, key="price_currency", required=True)
    products = calls.call(data.products, env, currency)
    if products is None:
        return
    table = products_frame(products, currency, lang)
    frame.table(table, "products", lang)
    st.caption("Digital products are priced per gram, bars per piece.")


def rates_tab() -> None:
    rates_col, converter_col = st.columns([3, 2])
    base = rates_col.selectbox("Rates against", CURRENCIES, key="rate_base")
    rates = calls.call(data.currency_rates, env, base) or []
    shown_rates = rates_frame(rates, lang)
    frame.table(shown_rates, "rates", lang, where=rates_col)
    with converter_col:
        converter(rates)


def converter(rates: list) -> None:
    st.subheader("Converter")
    codes = [r.currency_code for r in rates]
    text = st.text_input("Amount", key="converter-amount", help="Exact decimals; grams for metals")
    src = st.selectbox("From", codes, index=codes.index("USD") if "USD" in codes else 0)
    dst = st.selectbox("To", codes, index=codes.index("GAU") if "GAU" in codes else 0)
    try:
        amount = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        st.error(f"“{formatting.literal(text)}” is not a number.")
        return
    if rates:
        try:
            result = convert(amount, src, dst, rates)
        except ValueError as error:
            st.error(formatting.literal(error))
            return
        st.metric(
            f"{formatting.literal(amount)} {src} =",
            formatting.amount(result, dst, lang)
            if dst in formatting.METAL_CODES
            else formatting.money(result, dst, lang),
        )


def history_tab() -> None:
    left, right = st.columns(2)
    base = left.selectbox("Against", CURRENCIES, key="rate_base")
    unit = st.session_state["history_unit"]
    with session.calling():  # the units to choose from and the history, in one round trip
        data.prefetch((data.currency_rates, env, base), (data.rate_history, env, unit, base))
    rates = calls.call(data.currency_rates, env, base) or []
    choices = [r.currency_code for r in rates if r.currency_code != base] or ["GAU"]
    if unit not in choices:
        st.session_state["history_unit"] = unit = "GAU" if "GAU" in choices else choices[0]
    unit = right.selectbox("Unit", choices, key="history_unit")
    history = calls.call(data.rate_history, env, unit, base)
    if history is not None:
        as_of = history.points[-1].at if history.points else None
        st.plotly_chart(charts.rate_history_chart(history, as_of, lang), width="stretch")


frame.lazy_tabs(
    {"Products": products_tab, "Rates & converter": rates_tab, "Price history": history_tab},
    key="show",
)
