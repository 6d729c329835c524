"""Audit log: every write attempt from this console (who, when, where, what, and how it
ended), filterable and exportable.  Kept in the database set by [audit] url."""

from datetime import timedelta

import streamlit as st

from minted.console import formatting, frame, labels, session
from minted.console.frames import audit_frame, to_csv

frame.header("Audit log", "Write attempts from this console, including refused and failed ones.")
f = st.columns(4)
environment = f[0].selectbox("Environment", ["", "sandbox", "staging", "production"])
result = f[1].selectbox("Result", ["", "ok", "refused", "failed", "unknown"])
who = f[2].text_input("Who")
today = formatting.today()
period = f[3].date_input("Period", value=(today - timedelta(days=7), today))
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
st.caption(f"{len(attempts)} attempt(s)")
st.dataframe(
    attempts,
    hide_index=True,
    width="stretch",
    column_config=labels.column_config("audit", attempts.columns, session.language()),
)
# made when clicked, not on every run of the page
st.download_button("Export CSV", lambda: to_csv(attempts), file_name="audit.csv", mime="text/csv")
