"""Who is on the other end of a browser session: the client address kept in the audit log.

Streamlit gives the WebSocket's peer address, and ``None`` when that peer is this machine
(``::1`` / ``127.0.0.1``).  Behind a reverse proxy the peer is the proxy and the person's
address is in ``X-Forwarded-For``, which anyone can write: it is read only from a proxy the
console trusts — one on this machine (the peer is loopback), or as many hops as
``[console] trusted_proxy_hops`` in secrets says for proxies elsewhere.  (Streamlit's own
server already resolves one loopback hop the same way; this keeps the rule explicit and
tested, whatever server runs the console.)
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping
from typing import Any

LOOPBACK = "127.0.0.1"


def _address(text: str) -> str | None:
    """``text`` if it is an IP address (a port or brackets stripped), else None: a header
    may hold anything, and the audit log keeps only addresses."""
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:  # [2001:db8::1]:443
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # 203.0.113.7:5555
        candidate = candidate.split(":")[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_address(
    peer: str | None,
    headers: Mapping[str, str],
    *,
    connected: bool,
    trusted_hops: int = 0,
) -> str | None:
    """The person's address for the audit log.

    ``peer`` is Streamlit's ``st.context.ip_address``; ``connected`` says a browser is
    attached at all (AppTest and scripts have none, so no address).  A loopback peer is a
    browser or a proxy on this machine: one hop of ``X-Forwarded-For`` is trusted then.
    """
    if not connected:
        return None
    hops = trusted_hops if peer else max(trusted_hops, 1)
    forwarded = next((v for k, v in headers.items() if k.lower() == "x-forwarded-for"), "")
    chain = [part for part in forwarded.split(",") if part.strip()]
    if hops and chain:
        # each trusted proxy appended the address it saw: the n-th from the right is the
        # last one written by a proxy we trust
        found = _address(chain[-min(hops, len(chain))])
        if found:
            return found
    return _address(peer) if peer else LOOPBACK


def trusted_hops(secrets: Mapping[str, Any]) -> int:
    """``[console] trusted_proxy_hops``: how many proxies in front of the console append to
    X-Forwarded-For (0 unless set; a loopback proxy is trusted without it)."""
    raw = (secrets.get("console") or {}).get("trusted_proxy_hops", 0)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 10:
        raise ValueError(f"[console] trusted_proxy_hops must be a whole number 0–10, not {raw!r}")
    return raw


XSRF_COOKIE = "_streamlit_xsrf"


def browser_tag(xsrf_cookie: str | None) -> str | None:
    """A short, stable name for this browser, so its calls in the API log are still its own
    after a refresh (a new Streamlit session).

    Streamlit's XSRF cookie holds one random token per browser, sent masked differently
    each time (``2|mask|masked-token|time``, Tornado's format).  The tag is a keyed hash of
    the unmasked token: the same for every session of this browser, and saying nothing
    about the token itself.  None without the cookie (XSRF protection off, or no browser).
    """
    parts = (xsrf_cookie or "").split("|")
    try:
        if len(parts) != 4 or parts[0] != "2":
            raise ValueError
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except ValueError:
        return None
    if len(mask) != 4 or len(masked) < 16:
        return None
    token = bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
    return hashlib.blake2b(token, key=b"minted-console-browser", digest_size=6).hexdigest()
