"""Audit log: every write attempt from this console (who, when, where, what, and how it
ended), filterable and exportable.  Kept in the database set by [audit] url."""

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from minted import _json
from minted.console import formatting, frame, session
from minted.console.frames import to_csv

frame.header("Audit log", "Write attempts from this console, including refused and failed ones.")
f = st.columns(4)
environment = f[0].selectbox("Environment", ["", "sandbox", "staging", "production"])
result = f[1].selectbox("Result", ["", "ok", "refused", "failed", "unknown"])
who = f[2].text_input("Who")
period = f[3].date_input("Period", value=(date.today() - timedelta(days=7), date.today()))
since = datetime.combine(period[0], time.min, UTC) if len(period) > 0 else None
until = datetime.combine(period[1] + timedelta(days=1), time.min, UTC) if len(period) > 1 else None

events = session.audit_log().events(
    environment=environment or None,
    result=result or None,
    who=who.strip() or None,
    since=since,
    until=until,
    limit=5000,
)
frame = pd.DataFrame(
    [
        {
            "at": formatting.timestamp(e.at),
            "who": e.who,
            "role": e.role,
            "environment": e.environment,
            "action": e.action,
            "result": e.result,
            "orders": ", ".join(e.order_ids),
            "client ip": e.client_ip or "",
            "request": _json.dumps(e.request),
            "message": e.message or "",
        }
        for e in events
    ],
    columns=[
        "at",
        "who",
        "role",
        "environment",
        "action",
        "result",
        "orders",
        "client ip",
        "request",
        "message",
    ],
)
st.caption(f"{len(frame)} attempt(s)")
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button("Export CSV", to_csv(frame), file_name="audit.csv", mime="text/csv")
