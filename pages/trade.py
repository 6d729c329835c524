"""Buy / sell: complete a walletable basket, or fix a price and buy or sell digital metal
(B2B for the partner's own account, B2B2C for a customer).  Every write goes through a
confirm dialog; an expired quote cannot be submitted."""

from decimal import Decimal, InvalidOperation

import streamlit as st

import minted
from minted.console import calls, data, formatting, frame, quotes, session
from minted.console.frames import items_text
from minted.console.receipts import headline_figures
from minted.fees import breakdown_of, priced

frame.header("Buy / sell")
env = session.current_environment()
lang = session.language()
# The open tab's widgets keep their state while the other tab is shown (only the open tab
# runs, and Streamlit forgets a widget that did not run): the state is ours, so no widget
# below is given a default of its own.
for state_key, default in (
    ("trade-customer", frame.remembered_customer()),
    ("d-mode", "B2B2C"),
    ("d-side", "buy"),
    ("d-cur", "TRY"),
    ("d-sku", "GAU"),
    ("d-customer", frame.remembered_customer()),
    ("d-by-total", False),
    ("d-amount", "1"),
):
    st.session_state[state_key] = st.session_state.get(state_key, default)


# -- walletable: complete a basket ------------------------------------------------------------
@st.dialog("Confirm")
def confirm_complete(customer_id: str, side: str, cart_token: str, address: dict | None):
    basket = quotes.current_basket(customer_id, side)
    left = quotes.seconds_left(customer_id, side)
    if basket is None or left is None or left <= 0:
        st.error("The price expired while you were confirming. Refresh the price first.")
        return
    verb = {"buy": "Buy", "sell": "Sell", "delivery": "Deliver"}[side]
    st.write(
        f"**{verb}** for {formatting.literal(customer_id)} on "
        f"**{session.current_environment().upper()}**: "
        + formatting.literal(items_text(basket, lang))
    )
    label = "Customer receives" if side == "sell" else "Customer pays"
    st.metric(label, formatting.money(basket.paid_total, basket.currency_code, lang))
    covered = quotes.partner_cash_notice(side, basket.currency_code, basket.paid_total)
    typed = production_confirmation()
    if st.button(
        f"Confirm {verb.lower()}", type="primary", key="confirm-complete", disabled=not covered
    ):
        method = {
            "buy": session.client().complete.buy,
            "sell": session.client().complete.sell,
            "delivery": session.client().complete.delivery,
        }[side]
        kwargs = {"shipping_address": address} if side == "delivery" else {}
        with st.status(f"Completing the {side}…", expanded=True) as status:
            order = calls.write(
                f"complete.{side}",
                method,
                customer_id,
                cart_token,
                intent=complete_intent(cart_token),
                summary={
                    "external_customer_id": customer_id,
                    "cart_token": cart_token,
                    "paid_total": basket.paid_total,
                    "currency": basket.currency_code,
                },
                order_ids=lambda o: [o.guid],
                confirmation=typed,
                **kwargs,
            )
            if order is None:
                status.update(label="Not completed", state="error", expanded=True)
                if calls.intent_status(complete_intent(cart_token)) == "unknown":
                    st.rerun()  # closes the dialog; the page offers the look-up
                return
            status.update(label="Completed", state="complete")
        st.session_state["last_walletable_order"] = order
        quotes.forget(customer_id, side)
        data.customer_changed()
        st.rerun()


def complete_intent(cart_token: str) -> str:
    """One basket, one order: the basket's token names the intent."""
    return f"complete:{env}:{cart_token}"


def production_confirmation() -> str | None:
    if env != "production":
        return None
    st.warning(
        "This writes to **PRODUCTION**: real money and real metal.", icon=":material/warning:"
    )
    return st.text_input("Type PRODUCTION to confirm", key="production-confirmation")


def look_up_unknown(order_id: str, intent: str, on_made=lambda: None) -> None:
    """After a write with no clear answer the order may exist: find it before anything is
    sent again.  ``on_made()`` runs when it was made."""
    st.warning(
        "The last attempt got no clear answer: its outcome is unknown. Look the order up "
        "before sending anything again.",
        icon=":material/help:",
    )
    if st.button("Look the order up", key=f"lookup-{intent}", type="primary"):
        try:
            with session.calling() as client:
                found = client.orders.get(order_id)
        except minted.NotFoundError:
            calls.intents().release(intent)
            frame.flash("It was not made. The same request may be sent again.")
            st.rerun()
        except minted.MintedError as error:
            calls.show_error(error, retry=True)
        else:
            calls.intents().done(intent, None)
            on_made()
            data.customer_changed()
            frame.flash(
                f"It was made: order {formatting.literal(found.order_code)} "
                f"({formatting.literal(found.status_name)}). Nothing to resend."
            )
            st.rerun()


def walletable_tab() -> None:
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    customer_id = left.text_input("Customer external id", key="trade-customer").strip()
    side = frame.side_control(right)
    order = st.session_state.get("last_walletable_order")
    if order is not None:
        with st.container(border=True):
            st.success(
                f"Order **{formatting.literal(order.increment_id)}** — "
                f"{formatting.status_badge(order.status_name)} · "
                f"{formatting.money(order.paid_total, order.currency_code, lang)}",
                icon=":material/receipt_long:",
            )
            st.page_link(
                "pages/orders.py",
                label="See it in Orders & receipts",
                icon=":material/receipt_long:",
                query_params={"order": order.guid},
            )
    if customer_id:
        frame.remember_customer(customer_id)
        basket = quotes.current_basket(customer_id, side)
        if basket is None or not basket.items:
            st.info(f"No open {side} basket for {formatting.literal(customer_id)}.")
            st.page_link("pages/basket.py", label="Build one", icon=":material/shopping_basket:")
        else:
            figures = headline_figures(breakdown_of(basket))
            for col, (label, value) in zip(st.columns(3), figures, strict=True):
                col.metric(label, formatting.money(value, basket.currency_code, lang))
            quotes.countdown(customer_id, side)
            address = None
            if side == "delivery":
                with st.expander("Shipping address", expanded=True):
                    a = st.columns(2)
                    address = {
                        "fullname": a[0].text_input("Full name"),
                        "phone": a[1].text_input("Phone"),
                        "city": a[0].text_input("City"),
                        "county": a[1].text_input("County"),
                        "district": a[0].text_input("District"),
                        "zipcode": a[1].text_input("Zip code"),
                        "address": st.text_area("Address"),
                    }
                    address = {k: v for k, v in address.items() if v}
            if calls.intent_status(complete_intent(basket.cart_token)) == "unknown":
                # no second buy while the first may exist: the look-up comes first
                look_up_unknown(
                    basket.guid,
                    complete_intent(basket.cart_token),
                    lambda: quotes.forget(customer_id, side),  # completed: no basket left
                )
            else:
                left_s = quotes.seconds_left(customer_id, side) or 0
                expired = left_s <= 0
                if st.button(
                    f"Complete {side}…",
                    type="primary",
                    disabled=expired,
                    help="The price has expired: refresh it first." if expired else None,
                ):
                    confirm_complete(customer_id, side, basket.cart_token, address)


# -- partner digital: price fix → buy or sell ---------------------------------------------------
@st.dialog("Confirm")
def confirm_digital(key: str, side: str, mode: str, customer: str, sku: str, grams, total):
    fix = quotes.quote(key)
    left = quotes.quote_seconds_left(key)
    if fix is None or left is None or left <= 0:
        st.error("The quote expired while you were confirming. Get a new quote.")
        return
    who = (
        "the partner's own account" if mode == "B2B" else f"customer {formatting.literal(customer)}"
    )
    st.write(f"**{side.capitalize()} {formatting.literal(sku)}** for {who} on **{env.upper()}**")
    st.metric("Total", formatting.money(total, fix.currency, lang))
    covered = quotes.partner_cash_notice(side, fix.currency, total)
    typed = production_confirmation()
    if st.button(f"Confirm {side}", type="primary", key="confirm-digital", disabled=not covered):
        external_id = quotes.digital_order_id(key)
        items = [{"sku": sku, "amount": grams}] if grams is not None else [{"sku": sku}]
        c = session.client()
        if mode == "B2B":
            method = c.b2b.buy if side == "buy" else c.b2b.sell
            args = (fix.token, external_id, items)
        else:
            method = c.b2b2c.buy if side == "buy" else c.b2b2c.sell
            args = (fix.token, external_id, customer, items)
        with st.status(f"Placing the {side}…") as status:
            result = calls.write(
                f"{mode.lower()}.{side}",
                method,
                *args,
                intent=external_id,
                summary={
                    "external_id": external_id,
                    "sku": sku,
                    "amount": grams,
                    "total": total,
                    "currency": fix.currency,
                    "customer": customer or None,
                },
                order_ids=lambda r: list(r.guid),
                confirmation=typed,
                scope=quotes.digital_scope(mode, customer),
                currency_code=fix.currency,
            )
            if result is None:
                status.update(label="Not placed", state="error", expanded=True)
                if calls.intent_status(external_id) == "unknown":
                    st.rerun()  # closes the dialog; the page offers the look-up
                return
            status.update(label="Placed", state="complete")
        st.session_state["last_digital_order"] = result
        quotes.drop_quote(key)
        st.session_state.pop(f"intent:{key}", None)
        data.customer_changed()
        st.rerun()


def digital_tab() -> None:
    cols = st.columns(4)
    mode = cols[0].segmented_control("For", ["B2B", "B2B2C"], key="d-mode", required=True)
    side_d = cols[1].segmented_control("Side", ["buy", "sell"], key="d-side", required=True)
    currency = cols[2].selectbox("Currency", ["TRY", "GBP", "USD", "EUR", "AED"], key="d-cur")
    sku = cols[3].selectbox(
        "Metal",
        ["GAU", "GAG", "GPT", "GPD"],
        key="d-sku",
        format_func=lambda s: {
            "GAU": "Gold (GAU)",
            "GAG": "Silver (GAG)",
            "GPT": "Platinum (GPT)",
            "GPD": "Palladium (GPD)",
        }[s],
    )
    customer = ""
    if mode == "B2B2C":
        customer = st.text_input("Customer external id", key="d-customer").strip()
    by_total = side_d == "buy" and mode == "B2B2C"
    by_total = by_total and st.toggle("Buy for a total amount", key="d-by-total")
    text = st.text_input(f"Total ({currency})" if by_total else "Grams", key="d-amount")
    try:
        figure = Decimal(text.replace(",", "."))
        if figure <= 0:
            raise InvalidOperation
    except InvalidOperation:
        st.error(f"“{formatting.literal(text)}” is not a positive number.")
        st.stop()
    key = f"{env}:{mode}:{side_d}:{currency}:{sku}:{customer}:{by_total}:{figure}"
    if st.button("Get quote", disabled=mode == "B2B2C" and not customer):
        fix = calls.call(
            session.client().price_fix.get,
            customer_external_id=customer or None,
            currency=currency,
            total=figure if by_total else None,
        )
        if fix is not None:
            quotes.keep_quote(key, fix)
    fix = quotes.quote(key)
    if fix is not None:
        price = fix.price_of(sku)
        unit = price.buy_price if side_d == "buy" else price.sell_price
        grams = price.buy_amount if by_total else figure
        total = priced(unit, grams)
        q = st.columns(4)
        q[0].metric("Spot / g", formatting.money(price.spot_price, fix.currency, lang))
        q[1].metric(f"{side_d.capitalize()} / g", formatting.money(unit, fix.currency, lang))
        q[2].metric("Grams", formatting.grams(grams, lang))
        q[3].metric("Total", formatting.money(total, fix.currency, lang))
        quotes.quote_countdown(key)
    pending = quotes.pending_digital_order(mode, customer)
    if pending:  # no other order here while that one may exist, whatever is typed now
        look_up_unknown(pending, pending, lambda: quotes.digital_order_made(pending))
    elif fix is not None:
        left_q = quotes.quote_seconds_left(key) or 0
        if st.button(
            f"{side_d.capitalize()}…", type="primary", disabled=left_q <= 0, key="place-digital"
        ):
            confirm_digital(key, side_d, mode, customer, sku, None if by_total else figure, total)
    result = st.session_state.get("last_digital_order")
    if result is not None:
        with st.container(border=True):
            st.success(
                f"Order(s) {formatting.literal(', '.join(result.order_code))} · "
                f"{formatting.money(result.total, result.orders[0].currency_code, lang)}",
                icon=":material/receipt_long:",
            )
            st.page_link(
                "pages/orders.py",
                label="See it in Orders & receipts",
                icon=":material/receipt_long:",
                query_params={"order": result.guid[0], "source": "partner"},
            )


# Keyed (and in the URL, ?trade=): a message above the tabs, such as a look-up's answer, does
# not send the page back to the first tab; only the open tab runs and is drawn.
frame.lazy_tabs(
    {"Walletable basket": walletable_tab, "Partner digital (B2B / B2B2C)": digital_tab},
    key="trade",
)
