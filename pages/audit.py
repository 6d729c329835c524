"""Audit log: every write attempt from this console (who, when, where, what, and how it
ended), filterable and exportable.  Kept in the database set by [audit] url."""

from datetime import timedelta

import streamlit as st

from minted.console import formatting, frame, session
from minted.console.frames import audit_frame, to_csv

frame.header("Audit log", "Write attempts from this console, including refused and failed ones.")
FILTERS = {"audit-environment": "", "audit-result": "", "audit-who": ""}
frame.keep_values(FILTERS)  # kept while the filters are closed (not drawn)

today = formatting.today()
period = st.date_input("Period", value=(today - timedelta(days=7), today))
filters, fill = frame.lazy_expander("Filters", key="audit-filters", keep_filled=False)
if fill:
    f = filters.columns(3)
    f[0].selectbox("Environment", ["", "sandbox", "staging", "production"], key="audit-environment")
    f[1].selectbox("Result", ["", "ok", "refused", "failed", "unknown"], key="audit-result")
    f[2].text_input("Who", key="audit-who")
environment = st.session_state["audit-environment"]
result = st.session_state["audit-result"]
who = st.session_state["audit-who"]
since, until = formatting.day_range(period)

events = session.audit_log().events(
    environment=environment or None,
    result=result or None,
    who=who.strip() or None,
    since=since,
    until=until,
    limit=5000,
)
attempts = audit_frame(events, session.language())
chosen = [environment, result, f"who {who.strip()}" if who.strip() else ""]
st.caption(f"{len(attempts)} attempt(s) · {formatting.filters_summary(chosen)}")
frame.table(attempts, "audit", session.language())
# made when clicked, not on every run of the page
st.download_button("Export CSV", lambda: to_csv(attempts), file_name="audit.csv", mime="text/csv")
