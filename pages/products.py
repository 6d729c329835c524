"""Products and currency rates: prices in a chosen currency, a converter, price history."""

from decimal import Decimal, InvalidOperation

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, session
from minted.console.rates import convert

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
    rows = [
        {
            "image": formatting.metal_swatch(p.metal_type),
            "photo": p.product_images[0] if p.product_images else None,
            "product": p.product_name,
            "sku": p.sku,
            "metal": p.metal_type,
            "weight": formatting.grams(p.product_weight, lang),
            "buy": formatting.money(p.buy_price, currency, lang),
            "sell": formatting.money(p.sell_price, currency, lang),
            "deliverable": bool(p.is_deliverable),
        }
        for p in products
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "image": st.column_config.ImageColumn("", width="small"),
            "photo": st.column_config.ImageColumn("photo", width="small"),
            "deliverable": st.column_config.CheckboxColumn("physical"),
        },
    )
    st.caption("Digital products are priced per gram, bars per piece.")

st.divider()
rates_col, converter_col = st.columns([3, 2])
with rates_col:
    base = st.selectbox("Rates against", CURRENCIES, key="rate_base")
    rates = calls.call(data.currency_rates, env, base) or []
    st.subheader(f"Rates in {base}")
    st.dataframe(
        [
            {
                "code": r.currency_code,
                "name": r.name,
                "rate": f"{r.rate:f}",
                "buy": f"{r.buy_rate:f}",
                "sell": f"{r.sell_rate:f}",
                "updated": formatting.timestamp(r.updated_at),
            }
            for r in rates
        ],
        hide_index=True,
        width="stretch",
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
        charts.rate_history_chart(history, history.points[-1].at if history.points else None),
        width="stretch",
    )
