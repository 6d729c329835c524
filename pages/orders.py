"""Orders & receipts: filter, page through the server, open an order (?order=<guid>), see its
fee breakdown and receipt, download the receipt, export the filtered list as CSV."""

from datetime import date, timedelta

import streamlit as st

from minted.console import calls, charts, data, formatting, frame, labels, session
from minted.console.frames import order_items_frame, orders_frame, shown_orders, to_csv
from minted.console.receipts import receipt_html
from minted.fees import breakdown_of

frame.header("Orders & receipts")
env = session.current_environment()
lang = session.language()
PAGE_SIZES = [10, 25, 50, 100]

source = (
    st.segmented_control(
        "Orders",
        ["walletable", "partner"],
        default=st.query_params.get("source", "walletable"),
        format_func={"walletable": "Walletable", "partner": "All partner orders"}.get,
        key="orders-source",
    )
    or "walletable"
)

# the two independent reads of the first screen, at once
default_filters = (  # as the filters below build their key on a first visit
    ("start_date", date.today() - timedelta(days=30)),
    ("end_date", date.today()),
)
with session.calling():
    data.prefetch(
        (data.order_statuses, env),
        (
            data.walletable_orders if source == "walletable" else data.partner_orders,
            env,
            int(st.session_state.get("orders-page", 1)),
            st.session_state.get("orders-per-page", PAGE_SIZES[0]),
            default_filters,
        ),
    )
statuses = calls.call(data.order_statuses, env) or []
with st.expander("Filters", expanded=True):
    f = st.columns(5)
    status_names = f[0].multiselect("Status", [s.name for s in statuses])
    kinds = f[1].multiselect("Type", ["buy", "sell", "delivery"])
    customer = f[2].text_input("Customer", value=st.query_params.get("customer_filter", ""))
    currency = f[3].selectbox("Currency", ["", "TRY", "USD", "EUR", "GBP", "AED"])
    period = f[4].date_input(
        "Date range", value=(date.today() - timedelta(days=30), date.today()), format="YYYY-MM-DD"
    )

filters = {
    "status": [s.id for s in statuses if s.name in status_names] or None,
    "tx_type": kinds or None,
    "customer_external_id": customer.strip() or None,
    "currency_code": currency or None,
    "start_date": period[0] if len(period) > 0 else None,
    "end_date": period[1] if len(period) > 1 else None,
}
frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items() if v)
fetch = data.walletable_orders if source == "walletable" else data.partner_orders

nav = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
per_page = nav[0].selectbox("Rows", PAGE_SIZES, key="orders-per-page")
page_number = nav[1].number_input("Page", min_value=1, value=1, step=1, key="orders-page")
page = calls.call(fetch, env, int(page_number), per_page, frozen)
if page is not None:
    nav[3].caption(f"{page.total} order(s) · page {page.current_page} of {page.last_page}")
    frame = orders_frame(page.data, lang)
    picked = st.dataframe(
        shown_orders(frame, lang),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config=labels.column_config("orders", frame.columns, lang, hidden=["guid"]),
        key="orders-table",
    )
    if picked.selection.rows:
        st.query_params["order"] = frame["guid"][picked.selection.rows[0]]

    if st.button("Prepare CSV of every matching order"):
        rows = []
        number = 1
        while True:
            batch = calls.call(fetch, env, number, 100, frozen)
            if batch is None:
                break
            rows += batch.data
            if not batch.has_next or len(rows) >= 10_000:
                break
            number += 1
        st.session_state["orders-csv"] = (env, source, frozen, to_csv(orders_frame(rows, lang)))
    prepared = st.session_state.get("orders-csv")
    # only the file of the filters on screen: after a change it must be prepared again
    if prepared is not None and prepared[:3] == (env, source, frozen):
        st.download_button(
            "Download CSV",
            prepared[3],
            file_name=f"orders-{env}.csv",
            mime="text/csv",
        )

# -- one order -----------------------------------------------------------------------------------
order_id = st.query_params.get("order")
if order_id:
    st.divider()
    order = calls.call(data.order, env, order_id)
    if order is not None:
        # a walletable order's receipt has its time to the second; Get Order's to the minute
        receipt = (
            calls.call(data.receipt, env, order.guid) if order.channel == "walletable" else None
        )
        order_at = receipt.order_at if receipt is not None else order.order_at
        st.subheader(f"Order {formatting.literal(order.order_code or order.guid)}")
        st.markdown(
            f"{formatting.status_badge(order.status_name)} · {formatting.literal(order.type)} · "
            f"{formatting.timestamp(order_at, lang)} · guid {formatting.literal(order.guid)}"
        )
        cols = st.columns(4)
        cols[0].metric("Total", formatting.money(order.total, order.currency_code, lang))
        # a metric's value is Markdown too
        who = order.customer.external_id if order.customer else "partner"
        cols[1].metric("Customer", formatting.literal(who))
        cols[2].metric("Payment", formatting.literal(order.payment_type or "—"))
        cols[3].metric("External id", formatting.literal(order.external_id or "—"))
        items = order_items_frame(order, lang)
        st.dataframe(
            items,
            hide_index=True,
            width="stretch",
            column_config=labels.column_config("order_items", items.columns, lang),
        )
        if order.channel == "walletable":
            if receipt is not None:
                left, right = st.columns([3, 2])
                with left:
                    st.plotly_chart(
                        charts.fee_breakdown_chart(
                            breakdown_of(receipt), receipt.currency_code, lang
                        ),
                        width="stretch",
                    )
                with right:
                    html = receipt_html(receipt, lang)
                    with st.container(border=True):  # as tall as the receipt: never cut off
                        st.html(html)
                    st.download_button(
                        "Download receipt",
                        html.encode("utf-8"),
                        file_name=f"receipt-{receipt.receipt_number or receipt.guid}.html",
                        mime="text/html",
                    )
        else:
            st.caption("Partner digital orders carry no walletable receipt; the invoice is below.")
            invoice = calls.call(session.client().orders.invoice, order.guid)
            if invoice is not None:
                st.write(
                    f"Invoice **{formatting.literal(invoice.invoice_number)}** of "
                    f"{formatting.literal(invoice.invoice_date)}"
                )
