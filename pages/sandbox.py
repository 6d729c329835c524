"""Sandbox controls: reset, clock, faults, nonces, and the sandbox's own request log."""

import streamlit as st

from minted import endpoints
from minted.console import calls, data, formatting, frame, session
from minted.console.frames import sandbox_requests_frame
from minted.types import parse_timestamp

frame.header("Sandbox", "The local simulator behind this console. Nothing here touches a real API.")
if not session.is_sandbox():
    st.warning("These controls exist only on the sandbox environment.")
    st.stop()
sandbox = session.sandbox()
lang = session.language()

where = "started by this console" if sandbox.started_here else "shared, MINTED_CONSOLE_SANDBOX_URL"
st.caption(f"Listening on {sandbox.url} ({where}). Reach it from curl or your own code:")
st.code(sandbox.curl_example(), language="bash", wrap_lines=True)


def control(method: str, path: str, **kwargs):
    """A read of the control plane (health, faults, journal)."""
    try:
        return sandbox.control(method, path, **kwargs)
    except Exception as error:  # the control plane is local: any failure is worth showing
        st.error(f"Sandbox control failed: {formatting.literal(error)}")
        return None


read_only = not session.may_write()
if read_only:
    st.info(
        "Read only: your role may look at the sandbox but not change it.", icon=":material/lock:"
    )


health = control("GET", "/health") or {}
clock = health.get("clock", {})


def status_tab() -> None:
    now = clock.get("now")
    # one table, not four metrics in columns: one element for the browser to draw, not nine
    status = [
        ("Customers", health.get("customers", "—")),
        ("Orders", health.get("orders", "—")),
        ("Sandbox time", formatting.timestamp(parse_timestamp(now), lang) if now else "—"),
        ("Clock", "frozen" if clock.get("frozen") else "running"),
    ]
    st.markdown(formatting.side_by_side(status, bold=True))
    st.subheader("Requests the sandbox received")
    received = sandbox_requests_frame(control("GET", "/journal", params={"limit": 50}) or [], lang)
    frame.table(received, "sandbox_requests", lang)


def clock_tab() -> None:
    c = st.columns([1, 2, 1], vertical_alignment="bottom")
    freeze = not clock.get("frozen")
    if c[0].button("Freeze" if freeze else "Unfreeze", disabled=read_only) and calls.sandbox_change(
        "clock", "POST", "/clock", json={"freeze": freeze}
    ):
        st.rerun()
    minutes = c[1].number_input(
        "Advance by (minutes)", min_value=1, max_value=60 * 24 * 30, value=5
    )
    if c[2].button("Advance", disabled=read_only) and calls.sandbox_change(
        "clock", "POST", "/clock", json={"advance_seconds": minutes * 60}
    ):
        data.customer_changed()
        st.rerun()
    st.caption("Quotes expire and orders move on this clock.")


def faults_tab() -> None:
    routes = ["*"] + [e.key for e in endpoints.ALL]
    with st.form("fault"):
        f = st.columns(3)
        route = f[0].selectbox("Route", routes)
        latency = f[1].number_input("Latency (ms)", min_value=0, max_value=120_000, value=0)
        rate = f[2].slider("Error rate", 0.0, 1.0, 0.0, 0.05)
        g = st.columns(4)
        status = g[0].selectbox("Force status", [None, 500, 502, 503, 504, 429, 422, 404])
        malformed = g[1].checkbox("Malformed body")
        drop = g[2].checkbox("Drop connection")
        times = g[3].number_input("For N requests (0 = until cleared)", min_value=0, value=0)
        if st.form_submit_button("Inject", disabled=read_only) and calls.sandbox_change(
            "faults",
            "POST",
            "/faults",
            json={
                "route": route,
                "latency_ms": latency,
                "error_rate": rate,
                "status": status,
                "malformed": malformed,
                "drop": drop,
                "times": times or None,
            },
        ):
            st.rerun()
    faults = control("GET", "/faults") or []
    if faults:
        st.dataframe(faults, hide_index=True, width="stretch")
        if st.button("Clear all faults", disabled=read_only) and calls.sandbox_change(
            "faults.clear", "DELETE", "/faults"
        ):
            st.rerun()
    else:
        st.caption("No faults injected.")


@st.dialog("Reset the sandbox")
def confirm_reset():
    st.write("Every customer, basket and order is deleted and the demo world is seeded again.")
    if st.button("Reset", type="primary") and calls.sandbox_change(
        "reset", "POST", "/reset", json={"demo_data": True}
    ):
        data.customer_changed()
        st.rerun()


def reset_tab() -> None:
    st.subheader("Digest nonces")
    if st.button(
        "Expire every nonce",
        help="The next call of every client gets stale=true",
        disabled=read_only,
    ) and calls.sandbox_change("nonces.expire", "POST", "/nonces/expire"):
        st.success("Expired. Clients re-authenticate on their next call.")
    st.subheader("Reset")
    if st.button("Reset the sandbox…", disabled=read_only):
        confirm_reset()


# One panel at a time (in the URL, ?panel=): each draws only its own controls.
frame.lazy_tabs(
    {"Status": status_tab, "Clock": clock_tab, "Faults": faults_tab, "Nonces & reset": reset_tab},
    key="panel",
)
