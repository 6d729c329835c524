"""Orders & receipts: filter, page through the server, open an order (?order=<guid>), see its
fee breakdown and receipt, download the receipt, export the filtered list as CSV."""

from dataclasses import replace

import streamlit as st

from minted.console import (
    calls,
    charts,
    data,
    export,
    formatting,
    frame,
    session,
    urlstate,
)
from minted.console.frames import order_items_frame, orders_frame, shown_orders
from minted.console.receipts import receipt_html
from minted.fees import breakdown_of

frame.header("Orders & receipts")
env = session.current_environment()
lang = session.language()
today = formatting.today()  # the API's day (Istanbul), not the server's
KEYS = {  # the view's widgets, by URL parameter (see minted.console.urlstate)
    "source": "orders-source",
    "statuses": "orders-status",
    "types": "orders-type",
    "customer": "orders-customer",
    "currency": "orders-currency",
    "rows": "orders-per-page",
    "page": "orders-page",
}
FILTERS = "orders-filters"  # the Filters expander's key: True while it is open

# The URL holds the view (filters, page, open order): a copied link opens the same view.  A
# link opened (or changed) from outside sets the widgets; otherwise the widgets write the URL.
link = {k: v for k, v in st.query_params.to_dict().items() if k in urlstate.KEYS}
from_link = st.session_state.get("orders-url") != link


def period_key() -> str:
    """The date range's widget: a new one for each link opened, as it takes the link's dates
    as its initial value (a range picker set through Session State would be a single date)."""
    return f"orders-period-{st.session_state.get('orders-link', 0)}"


def widget_view() -> urlstate.OrdersView:
    state = st.session_state
    period = tuple(state.get(period_key()) or ())
    default = urlstate.default_view(today)
    return urlstate.OrdersView(
        start=period[0] if period else default.start,
        end=period[-1] if period else default.end,
        source=state.get(KEYS["source"]) or "walletable",
        statuses=tuple(state.get(KEYS["statuses"]) or ()),
        types=tuple(state.get(KEYS["types"]) or ()),
        customer=(state.get(KEYS["customer"]) or "").strip(),
        currency=state.get(KEYS["currency"]) or "",
        page=int(state.get(KEYS["page"]) or 1),
        rows=state.get(KEYS["rows"]) or urlstate.PAGE_SIZES[0],
        order=st.query_params.get("order", ""),
    )


def fetch_of(source: str):
    return data.walletable_orders if source == "walletable" else data.partner_orders


# The order statuses (a status's name to its id) are read only when a status is asked for or
# the filters are open: the list needs no status to be shown, so its first screen is one
# call.  When both are needed they go at once, unless a status filter needs their ids first.
guess = urlstate.decode(link, today=today, statuses=None)[0] if from_link else widget_view()
wants_statuses = bool(guess.statuses) or bool(st.session_state.get(FILTERS))
with session.calling():
    data.prefetch(
        *([(data.order_statuses, env)] if wants_statuses else []),
        *(
            [(fetch_of(guess.source), env, guess.page, guess.rows, guess.api_filters({}))]
            if not guess.statuses
            else []
        ),
    )
statuses = (calls.call(data.order_statuses, env) or []) if wants_statuses else []
if from_link:
    asked, problems = urlstate.decode(
        link, today=today, statuses=[s.name for s in statuses] if statuses else None
    )
    if not statuses:  # not asked for, or unknown names cannot be offered (the error is shown)
        asked = replace(asked, statuses=())
    for name, value in {
        "source": asked.source,
        "statuses": list(asked.statuses),
        "types": list(asked.types),
        "customer": asked.customer,
        "currency": asked.currency,
        "rows": asked.rows,
        "page": asked.page,
    }.items():
        st.session_state[KEYS[name]] = value
    st.session_state["orders-link"] = st.session_state.get("orders-link", 0) + 1
    st.session_state["orders-period"] = (asked.start, asked.end)
    st.session_state.pop("orders-table", None)  # a row picked before is not the link's order
    if problems:
        st.warning(
            "Some of this link's filters could not be used:\n"
            + "\n".join(f"- {formatting.literal(p)}" for p in problems),
            icon=":material/link_off:",
        )

# The filters that narrow the list live in an expander that is drawn only while open (its
# widgets were a third of the page's drawing on every visit); their values are kept in
# Session State meanwhile, and the list's caption says which are set.  (The label stays the
# same: a stateful expander whose label changes is a new one, and would close.)
frame.keep_values(
    {
        KEYS[name]: st.session_state[KEYS[name]]
        for name in ("statuses", "types", "customer", "currency", "rows")
        if KEYS[name] in st.session_state
    }
)

top = st.columns([2, 2, 1], vertical_alignment="bottom")
top[0].segmented_control(
    "Orders",
    urlstate.SOURCES,
    format_func={"walletable": "Walletable", "partner": "All partner orders"}.get,
    key=KEYS["source"],
)
top[1].date_input(
    "Date range",
    value=st.session_state.get("orders-period", (urlstate.default_view(today).start, today)),
    min_value=urlstate.EARLIEST,
    max_value=urlstate.latest(today),
    format="YYYY-MM-DD",
    key=period_key(),
)
top[2].number_input("Page", min_value=1, max_value=urlstate.MAX_PAGE, step=1, key=KEYS["page"])
filters, fill = frame.lazy_expander("Filters", key=FILTERS, keep_filled=False)
if fill:
    f = filters.columns(5)
    f[0].multiselect("Status", [s.name for s in statuses], key=KEYS["statuses"])
    f[1].multiselect("Type", list(urlstate.TYPES), key=KEYS["types"])
    f[2].text_input("Customer", key=KEYS["customer"])
    f[3].selectbox("Currency", ["", *urlstate.CURRENCIES], key=KEYS["currency"])
    f[4].selectbox("Rows a page", urlstate.PAGE_SIZES, key=KEYS["rows"])

view = widget_view()
frozen = view.api_filters({s.name: s.id for s in statuses})
fetch = fetch_of(view.source)
page = calls.call(fetch, env, view.page, view.rows, frozen)
if page is not None:
    st.caption(
        f"{page.total} order(s) · page {page.current_page} of {page.last_page} · "
        + formatting.filters_summary(urlstate.chosen_filters(view))
    )
    orders = orders_frame(page.data, lang)
    shown = shown_orders(orders, lang)
    picked = frame.table(
        shown,
        "orders",
        lang,
        on_select="rerun",
        selection_mode="single-row",
        key="orders-table",
    )
    if picked.selection.rows:
        view = replace(view, order=orders["guid"][picked.selection.rows[0]])

    if st.button("Prepare CSV / Excel of every matching order"):
        # every matching row in one pass, straight from the client (not the read cache)
        bar = st.progress(0.0, text="Preparing the export…")

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, f"{done:,} of {total:,} rows")

        made = calls.call(
            export.export_orders,
            data.order_pages(env, view.source, frozen),
            lang=lang,
            on_progress=progress,
        )
        bar.empty()
        if made is not None:
            st.session_state["orders-csv"] = ((env, view.source, frozen), made)
    prepared = st.session_state.get("orders-csv")
    # only the file of the filters on screen: after a change it must be prepared again
    if prepared is not None and prepared[0] == (env, view.source, frozen):
        made = prepared[1]
        if made.capped:
            st.warning(
                f"The export holds the first {made.count:,} of {made.total:,} matching orders "
                f"(at most {export.MAX_ROWS:,} in one file): narrow the filters for the rest.",
                icon=":material/warning:",
            )
        elif not made.moved:
            st.caption(f"Prepared: {made.count:,} order(s), every one the filters match.")
        if made.moved:
            st.warning(export.moved_note(made), icon=":material/sync_problem:")
        name = export.file_stem(env, made)
        get = st.columns([1, 1, 4])
        get[0].download_button("Download CSV", made.csv, file_name=f"{name}.csv", mime="text/csv")
        # the workbook is made from the CSV on the click, not before: the CSV does not wait
        get[1].download_button(
            "Download Excel",
            made.xlsx,
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        st.caption(
            "The Excel workbook is made from the CSV when you download it "
            "(about 4–7 s for 50,000 rows; the CSV is ready now)."
        )

# -- the URL says what is on screen ---------------------------------------------------------------
wanted = urlstate.encode(view)
for key in urlstate.KEYS:
    if key not in wanted:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != wanted[key]:
        st.query_params[key] = wanted[key]
st.session_state["orders-url"] = wanted

# -- one order -----------------------------------------------------------------------------------
order_id = view.order
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
        if order.customer is not None:  # the customer's own page
            cols[1].page_link(
                "pages/customers.py",
                label=formatting.literal(order.customer.display_name),
                icon=":material/person:",
                query_params={"customer": order.customer.external_id},
            )
        cols[2].metric("Payment", formatting.literal(order.payment_type or "—"))
        cols[3].metric("External id", formatting.literal(order.external_id or "—"))
        items = order_items_frame(order, lang)
        frame.table(items, "order_items", lang)
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
