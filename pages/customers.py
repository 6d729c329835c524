"""Customers: look up, create (person or business), update, remove id, KYC, and a customer's
wallet, basket and orders on one screen.  Every customer has a URL: ?customer=<external id>."""

import uuid
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from minted.console import (
    calls,
    data,
    formatting,
    forms,
    frame,
    quotes,
    session,
    wallet,
)
from minted.console.frames import (
    kyc_rows,
    orders_frame,
    shown_orders,
)

if TYPE_CHECKING:  # the models come with the first client: this page opens a cold start
    from minted.models import Customer

frame.header("Customers", "Look a customer up by your external id, or create one.")
env = session.current_environment()
lang = session.language()

# -- look up -----------------------------------------------------------------------------------
with st.form("lookup", border=False):
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    typed = left.text_input(
        "External id", value=frame.remembered_customer(), placeholder="MTD0018232"
    )
    looked_up = right.form_submit_button("Look up", type="primary", width="stretch")
external_id = typed.strip()
if looked_up and external_id:
    st.query_params["customer"] = external_id
    frame.remember_customer(external_id)
recent = [r for r in frame.recent_customers() if r != external_id]
if recent:  # the customers this session opened last, one click away
    seen = session.customer_index(env)
    cols = st.columns(len(recent) + 1, vertical_alignment="center")
    cols[0].caption("Recent")
    for col, other in zip(cols[1:], recent, strict=True):
        known = seen.get(other)
        col.page_link(
            "pages/customers.py",
            label=formatting.literal(known.name if known and known.name else other),
            help=f"External id {formatting.literal(other)}",
            query_params={"customer": other},
        )


@st.dialog("Remove the customer's external id")
def confirm_remove(external_id: str) -> None:
    st.write(
        f"The Minted customer stays, with its wallets, but {formatting.literal(external_id)} "
        "will no longer find "
        "it, and the id becomes free for another customer."
    )
    typed_id = st.text_input("Type the external id to confirm")
    remove = st.button("Remove external id", type="primary", disabled=typed_id != external_id)
    if remove and calls.write(
        "customers.remove_external_id",
        session.client().customers.remove_external_id,
        external_id,
        intent=f"remove-id:{session.current_environment()}:{external_id}",
        summary={"external_id": external_id},
    ):
        data.customer_changed()
        session.customer_index(session.current_environment()).forget(external_id)
        st.query_params.pop("customer", None)
        st.session_state.pop("customer", None)
        st.rerun()


def show_customer(external_id: str) -> None:
    with session.calling():
        data.prefetch(
            (data.customer, env, external_id),
            (data.customer_balances, env, external_id),
            (data.walletable_orders, env, 1, 20, (("customer_external_id", external_id),)),
            (data.kyc, env, external_id),
            (quotes.current_basket, external_id, "buy"),
        )
    customer = calls.call(data.customer, env, external_id)
    if customer is None:
        return
    calls.unknown_outcome(wallet.customer_scope(external_id), data.customer_changed, "customer")
    frame.opened_customer(customer.external_id)
    kind = ":material/business: Business" if customer.is_business else ":material/person: Person"
    st.subheader(formatting.literal(customer.display_name))
    st.caption(
        f"{kind} · external id {formatting.literal(customer.external_id)} · created "
        f"{formatting.timestamp(customer.created_at, lang)}"
    )
    facts = {
        "E-mail": customer.email,
        "Phone": customer.phone,
        "Identity / tax no.": customer.identity_number,
        "Tax office" if customer.is_business else "Birth date": (
            customer.tax_office
            if customer.is_business
            else formatting.day(customer.birthdate, lang)
        ),
    }
    st.markdown(formatting.side_by_side([(k, v or "—") for k, v in facts.items()]))

    frame.lazy_tabs(
        {
            "Wallet": lambda: wallet_tab(external_id),
            "Basket": lambda: basket_tab(external_id),
            "Orders": lambda: orders_tab(external_id),
            "KYC": lambda: kyc_tab(external_id),
            "Edit": lambda: edit_tab(customer),
            "Remove id": lambda: remove_id_tab(external_id),
        },
        key="tab",
    )


def wallet_tab(external_id: str) -> None:
    fetched = calls.call(data.customer_balances, env, external_id)
    if fetched is not None:
        wallet.balances_table(fetched)
        cash, fill = frame.lazy_expander("Update cash balance", key="cash-open")
        if fill:
            with cash:
                wallet.cash_update_form(external_id)
        # The charts are one click away, not here: this is the page the console opens on, and
        # a chart makes the browser load plotly.js (4.7 MB), ~40 % of a first open's work.
        st.page_link(
            "pages/balances.py",
            label="Holdings and the last 7 days as charts",
            icon=":material/monitoring:",
            query_params={"view": "Customer"},
        )


def basket_tab(external_id: str) -> None:
    active = quotes.current_basket(external_id, "buy")
    if active is not None and active.items:
        total = formatting.money(active.total, active.currency_code, lang)
        pays = formatting.money(active.paid_total, active.currency_code, lang)
        st.write(
            f"{len(active.items)} line(s) · total {formatting.literal(total)} · "
            f"pays {formatting.literal(pays)}"
        )
    else:
        st.write("No open buy basket.")
    st.page_link(
        "pages/basket.py", label="Open the basket builder", icon=":material/shopping_basket:"
    )


def orders_tab(external_id: str) -> None:
    page = calls.call(data.walletable_orders, env, 1, 20, (("customer_external_id", external_id),))
    if page is not None:
        st.caption(f"{page.total} walletable order(s); the latest 20:")
        orders = orders_frame(page.data, lang)
        shown = shown_orders(orders, lang)
        frame.table(shown, "orders", lang)
        st.page_link(
            "pages/orders.py",
            label=f"All orders of {formatting.literal(external_id)}",
            icon=":material/receipt_long:",
            query_params={"customer": external_id},
        )


def kyc_tab(external_id: str) -> None:
    record = calls.call(data.kyc, env, external_id)
    if record is None:
        return
    frame.table(kyc_rows(record), "kyc", lang, columns=["field", "value", "api"])
    with st.form("kyc"):
        status = st.selectbox("Status", ["pending", "approved", "rejected"])
        nationality = st.text_input("Nationality", value=record.nationality or "")
        occupation = st.text_input("Occupation", value=record.occupation or "")
        source = st.text_input("Source of funds", value=record.source_of_funds or "")
        is_pep = st.checkbox("Politically exposed person", value=bool(record.is_pep))
        if st.form_submit_button("Save KYC"):
            saved = calls.write(
                "kyc.upsert",
                session.client().kyc.upsert,
                intent=f"kyc:{uuid.uuid4().hex}",
                scope=wallet.customer_scope(external_id),
                summary={"external_id": external_id, "status": status},
                external_id=external_id,
                status=status,
                nationality=nationality or None,
                occupation=occupation or None,
                source_of_funds=source or None,
                is_pep=is_pep,
            )
            if saved:
                data.kyc.clear()
                frame.flash("KYC saved.")
                st.rerun()


def edit_tab(customer: "Customer") -> None:
    with st.form("edit"):
        first = st.text_input("First name / company", value=customer.firstname or "")
        last = st.text_input("Last name", value=customer.lastname or "")
        email = st.text_input("E-mail", value=customer.email or "")
        phone = st.text_input("Phone", value=customer.phone or "")
        if st.form_submit_button("Save changes"):
            changes = {
                key: value or None
                for key, value, old in (
                    ("firstname", first, customer.firstname),
                    ("lastname", last, customer.lastname),
                    ("email", email, customer.email),
                    ("phone", phone, customer.phone),
                )
                if (value or None) != old
            }
            if not changes:
                st.info("Nothing changed.")
            elif calls.write(
                "customers.update",
                session.client().customers.update,
                customer.external_id,
                intent=f"update:{uuid.uuid4().hex}",
                scope=wallet.customer_scope(customer.external_id),
                summary={"external_id": customer.external_id, **changes},
                **changes,
            ):
                data.customer_changed()
                frame.flash("Saved.")
                st.rerun()


def remove_id_tab(external_id: str) -> None:
    st.write("Detach your external id from this customer (the Remove Customer Id call).")
    if st.button("Remove external id…"):
        confirm_remove(external_id)


if external_id:
    frame.remember_customer(external_id)
    show_customer(external_id)


# -- create ---------------------------------------------------------------------------------
def create_customer(fields: dict, *, business: bool, form_keys: list[str]) -> None:
    """Check the form, then create once; a refused form keeps what was typed."""
    problems = forms.customer_problems(fields, business=business)
    if problems:
        st.error(
            "Not sent — please correct:\n"
            + "\n".join(
                f"- {forms.label_of(k, business=business)}: {formatting.literal(v)}"
                for k, v in problems.items()
            )
        )
        return
    from minted.models import CustomerCreate

    request = CustomerCreate(**{k: v for k, v in fields.items() if v})
    st.session_state["create-pending"] = request.external_id
    created = calls.write(
        "customers.create",
        session.client().customers.create,
        request,
        intent=f"create:{uuid.uuid4().hex}",
        scope=f"create:{env}:{request.external_id}",
        summary=request.to_api(),
    )
    if created:
        data.customer_changed()
        frame.remember_customer(created.external_id)
        frame.clear_widgets(*form_keys)
        frame.flash(
            f"Created {formatting.literal(created.display_name)} "
            f"({formatting.literal(created.external_id)})."
        )
        st.query_params["customer"] = created.external_id
        st.rerun()


st.divider()


def new_customer_forms() -> None:
    person, business = st.tabs(["Person", "Business"])
    with person, st.form("new-person"):
        cols = st.columns(2)
        new_id = cols[0].text_input(
            "External id *", help="3–40 letters, digits, - or _", key="np-id"
        )
        gender = cols[1].selectbox("Gender", ["", "F", "M"], key="np-gender")
        firstname = cols[0].text_input("First name", key="np-first")
        lastname = cols[1].text_input("Last name", key="np-last")
        email = cols[0].text_input("E-mail", key="np-email")
        phone = cols[1].text_input("Phone", placeholder="+905321112233", key="np-phone")
        identity = cols[0].text_input("Identity number", key="np-identity")
        birthdate = cols[1].date_input(
            "Birth date",
            value=None,
            min_value=date(1900, 1, 1),
            max_value=formatting.today(),
            key="np-birthdate",
        )
        if st.form_submit_button("Create person", type="primary"):
            fields = {
                "external_id": new_id.strip(),
                "firstname": firstname.strip(),
                "lastname": lastname.strip(),
                "email": email.strip(),
                "phone": phone.strip(),
                "identity_number": identity.strip(),
                "gender": gender,
                "birthdate": birthdate,
            }
            create_customer(
                fields, business=False, form_keys=[k for k in st.session_state if k[:3] == "np-"]
            )
    with business, st.form("new-business"):
        cols = st.columns(2)
        biz_id = cols[0].text_input("External id *", key="nb-id")
        company = cols[1].text_input("Company name *", key="nb-company")
        tax_number = cols[0].text_input("Tax number", key="nb-tax-number")
        tax_office = cols[1].text_input("Tax office", key="nb-tax-office")
        biz_email = cols[0].text_input("E-mail", key="nb-email")
        biz_phone = cols[1].text_input("Phone", key="nb-phone")
        if st.form_submit_button("Create business", type="primary"):
            fields = {
                "external_id": biz_id.strip(),
                "firstname": company.strip(),  # the API's place for a company name
                "identity_number": tax_number.strip(),
                "tax_office": tax_office.strip(),
                "email": biz_email.strip(),
                "phone": biz_phone.strip(),
                "account_type": "company",
            }
            create_customer(
                fields, business=True, form_keys=[k for k in st.session_state if k[:3] == "nb-"]
            )


# Closed until asked for, also on the page the console opens on: looking customers up is the
# usual errand, and the two forms (a dozen fields, a date picker) were a third of the browser's
# work on a cold start's first page (bench (e): 0.21 s of Chromium's CPU).
new_customer, fill = frame.lazy_expander("New customer", key="new-customer")
if fill:
    with new_customer:
        new_customer_forms()
# Outside the expander, so that a create whose answer was lost is seen even when it is closed.
pending = st.session_state.get("create-pending")
if pending:
    calls.unknown_outcome(
        f"create:{env}:{pending}",
        lambda: session.client().customers.get(pending),
        f"customer {formatting.literal(pending)}",
    )
