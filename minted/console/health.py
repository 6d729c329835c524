"""What the sidebar says about the connection (a plain function, no Streamlit).

The health check is one cheap read, cached for a few seconds; on its own it said
"connected" while every call a person made failed with 500 (a fault on their routes, not on
the check's).  So this session's own latest call counts too: if it failed on the server or
on the way, within the last minute, that is what the sidebar shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from minted.journal import JournalEntry

RECENT = timedelta(minutes=1)


def connection_status(
    check: tuple[bool, float, str], calls: Sequence[JournalEntry], now: datetime
) -> tuple[bool, str]:
    """``(healthy, text)`` from the health check ``(ok, latency_ms, message)`` and this
    session's calls (oldest first)."""
    latest = calls[-1] if calls else None
    if latest is not None and now - latest.at <= RECENT:
        broken = latest.status is None or latest.status >= 500
        if broken and latest.error:
            # "TransportError: ConnectError: [Errno 111] Connection refused (GET /…)"
            what = f"HTTP {latest.status}" if latest.status else latest.error.split(" (")[0][:120]
            return False, f"the last call failed ({what}, {latest.method} {latest.path})"
    ok, latency_ms, message = check
    return (True, f"{message} · {latency_ms:.0f} ms") if ok else (False, message)
