"""Basket builder: a customer's active basket, its items, live totals, fees and countdown."""

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, quotes, session
from minted.console.receipts import headline_figures
from minted.fees import breakdown_of

frame.header("Basket builder", "Build a walletable basket; its price is fixed for a few minutes.")
env = session.current_environment()
lang = session.language()

left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
customer_id = left.text_input("Customer external id", value=frame.remembered_customer()).strip()
basket_type = frame.side_control(middle)
currency = right.selectbox("Currency (new baskets)", ["AED", "TRY", "USD", "EUR", "GBP"])
if not customer_id:
    st.info("Enter a customer's external id (or pick one on the Customers page).")
    st.stop()
frame.remember_customer(customer_id)

with session.calling():
    data.prefetch(  # the products in the usual walletable currency come with the basket
        (quotes.current_basket, customer_id, basket_type), (data.products, env, "AED")
    )
basket = quotes.current_basket(customer_id, basket_type)
quotes.unknown_change(customer_id, basket_type)
products = calls.call(data.products, env, basket.currency_code if basket else currency) or []
bars = [p for p in products if not p.is_digital]

with st.form("add-item", border=True):
    cols = st.columns([4, 1, 1], vertical_alignment="bottom")
    sku = cols[0].selectbox(
        "Product",
        [p.sku for p in bars],
        format_func=lambda s: next(f"{p.product_name} ({s})" for p in bars if p.sku == s),
    )
    qty = cols[1].number_input("Qty", min_value=1, max_value=10_000, value=1, step=1)
    if cols[2].form_submit_button("Add", type="primary", width="stretch"):
        quotes.change_basket(
            basket_type,
            session.client().baskets.add_item,
            customer_id,
            sku,
            int(qty),
            cart_token=basket.cart_token if basket else None,
            type=basket_type,
            currency_code=None if basket else currency,
        )

if basket is None or not basket.items:
    st.write(f"No {basket_type} items yet: add a product to start the basket.")
    st.stop()
else:
    st.subheader(f"{len(basket.items)} line(s)")
    for item in basket.items:
        cols = st.columns([4, 2, 2, 1, 1], vertical_alignment="center")
        name, sku = formatting.literal(item.product_name), formatting.literal(item.sku)
        cols[0].markdown(f"**{name}**  \n{sku}")
        new_qty = cols[1].number_input(
            "Qty",
            min_value=0,
            max_value=10_000,
            value=int(item.amount),
            step=1,
            key=f"qty-{item.sku}",
            label_visibility="collapsed",
        )
        cols[2].text(formatting.money(item.total, basket.currency_code, lang))
        if cols[3].button("Update", key=f"update-{item.sku}", disabled=new_qty == item.amount):
            quotes.change_basket(
                basket_type,
                session.client().baskets.update_item,
                customer_id,
                basket.cart_token,
                item.sku,
                int(new_qty),
            )
        if cols[4].button("Remove", key=f"remove-{item.sku}"):
            quotes.change_basket(
                basket_type,
                session.client().baskets.delete_item,
                customer_id,
                basket.cart_token,
                item.sku,
            )
    if st.button("Clear basket"):
        quotes.change_basket(
            basket_type, session.client().baskets.clear, customer_id, basket.cart_token
        )

st.divider()
totals, chart = st.columns([2, 3])
with totals:
    quotes.countdown(customer_id, basket_type)
    fees = breakdown_of(basket)
    for label, value in headline_figures(fees):
        st.metric(label, formatting.money(value, basket.currency_code, lang))
    st.caption(f"cart_token {formatting.literal(basket.cart_token)}")
    if basket.items:
        st.page_link(
            "pages/trade.py",
            label="Check out on Buy / sell",
            icon=":material/swap_horiz:",
            query_params={"side": basket_type, "customer": customer_id},
        )
with chart:
    if basket.items:
        st.plotly_chart(
            charts.fee_breakdown_chart(fees, basket.currency_code, lang), width="stretch"
        )
