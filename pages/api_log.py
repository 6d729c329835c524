"""API log: every call this session made (or every session's), filterable, with the
request, the response and a curl command to replay it (the password stays a variable)."""

import streamlit as st

from minted import _json
from minted.console import formatting, frame, session
from minted.console.frames import api_log_frame
from minted.session_script import session_script

frame.header("API log", "Calls are kept in memory on the console server (the last 2,000).")
journal = session.client().journal.entries()
env = session.current_environment()

FILTERS = {"log-everyone": False, "log-methods": [], "log-outcome": "any", "log-path": ""}
frame.keep_values(FILTERS)  # kept while the filters are closed (not drawn)
filters, fill = frame.lazy_expander("Filters", key="log-filters", keep_filled=False)
if fill:
    f = filters.columns([1, 1, 1, 2], vertical_alignment="bottom")
    f[0].toggle(
        "All sessions",
        key="log-everyone",
        help="Show the calls of every browser, not only this one (kept across refreshes)",
    )
    f[1].multiselect("Method", ["GET", "POST", "PATCH", "PUT", "DELETE"], key="log-methods")
    f[2].selectbox("Outcome", ["any", "ok", "failed"], key="log-outcome")
    f[3].text_input("Path contains", key="log-path")
everyone = st.session_state["log-everyone"]
methods = st.session_state["log-methods"]
outcome = st.session_state["log-outcome"]
search = st.session_state["log-path"]

entries = [
    e
    for e in reversed(journal)
    if (everyone or e.tag == session.session_tag())
    and (not methods or e.method in methods)
    and (outcome == "any" or (outcome == "ok") == e.ok)
    and (search.lower() in e.path.lower())
]
chosen = [
    "every session's" if everyone else "",
    ", ".join(methods),
    outcome if outcome != "any" else "",
    f"path contains {search}" if search else "",
]
st.caption(f"{len(entries)} call(s) on {env} · {formatting.filters_summary(chosen)}")
rows = api_log_frame(entries, session.language())
picked = frame.table(
    rows,
    "api_log",
    session.language(),
    on_select="rerun",
    selection_mode="single-row",
    key="log-table",
)
if picked.selection.rows:
    entry = entries[picked.selection.rows[0]]
    st.subheader(formatting.literal(f"{entry.method} {entry.path}"))
    if entry.override:
        st.info(
            formatting.literal(f"Overridden: {entry.endpoint} was sent as {entry.override}."),
            icon=":material/alt_route:",
        )
    st.markdown("**Replay with curl** (set `MINTED_PASSWORD` first):")
    st.code(entry.to_curl(), language="bash")
    left, right = st.columns(2)
    left.markdown("**Request body**")
    left.code(
        _json.dumps(entry.request_body, indent=2) if entry.request_body is not None else "—",
        language="json",
    )
    right.markdown(f"**Response** · HTTP {entry.status}")
    if isinstance(entry.response_body, str):  # not JSON: shown as the service sent it
        right.code(entry.response_body, language=None)
    else:
        right.code(_json.dumps(entry.response_body, indent=2), language="json")


# -- Export: this browser's calls as a Python script that replays them (minted.session_script)
def export_script() -> None:
    tag = session.session_tag()
    mine = [e for e in journal if e.tag == tag]
    shown = [e for e in entries if e.tag == tag]
    scope = st.radio(
        "Calls to export",
        ["Shown above", "All of this browser's"],
        horizontal=True,
        help="Either way only this browser's calls: another browser's are not yours to replay",
        key="log-export-scope",
    )
    chosen = shown if scope == "Shown above" else mine
    # A production session is replayed on staging unless MINTED_ENVIRONMENT says otherwise.
    replay_on = "staging" if env == "production" else env
    st.caption(
        f"{len(chosen)} call(s). The script replays them in order with `minted`: run it with "
        "MINTED_USERNAME, MINTED_PASSWORD and, for the sandbox, MINTED_BASE_URL set.  Tokens "
        "and ids the service gave are taken from the new answers; masked values (card numbers, "
        "CVVs) are read from the variables its header names.  No secret is in the file."
    )
    st.download_button(
        "Export as Python script",
        # made when clicked, not on every run of the page (it reads every call's answer)
        lambda: session_script(chosen, environment=replay_on),
        file_name=f"minted-session-{env}.py",
        mime="text/x-python",
        disabled=not chosen,
        key="log-export",
    )


export_box, fill = frame.lazy_expander(
    "Export as Python script", key="log-export-open", keep_filled=False
)
if fill:
    with export_box:
        export_script()
