"""The sandbox's side of HTTP Digest (RFC 7616): challenges and verification.

Nonces are stateless (issue time + HMAC), so any worker can check them; they expire after
``ttl`` seconds.  A *correct* digest on an expired nonce is answered ``stale=true``, which
tells a client to retry with the new nonce without asking the user again (RFC 7616 §3.3); a
nonce the server cannot verify (from before a restart) is treated the same way.  A wrong
password is a plain 401 whatever the nonce's age: ``stale`` says "your password was right".

Only ``qop=auth`` is accepted, as the challenge offers: without ``qop`` (RFC 2069) there is no
nonce count, so a captured header could be replayed byte for byte, writes included.  Each
(nonce, nc) pair is accepted once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.request import parse_http_list, parse_keqv_list

_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
_MAX_TRACKED_NONCES = 50_000


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    read_only: bool = False


@dataclass(frozen=True)
class Verdict:
    account: Account | None
    stale: bool = False
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.account is not None


class DigestVerifier:
    def __init__(self, accounts: list[Account], realm: str, ttl_seconds: int = 300) -> None:
        self.accounts = {a.username: a for a in accounts}
        self.realm = realm
        self.ttl = ttl_seconds
        self.opaque = hashlib.sha256(realm.encode()).hexdigest()[:32]
        self._secret = os.urandom(32)
        self._seen: OrderedDict[str, set[str]] = OrderedDict()
        self._lock = threading.Lock()

    def rotate_secret(self) -> None:
        """Invalidate every nonce issued so far (they will be answered stale=true)."""
        self._secret = os.urandom(32)

    # -- challenges -------------------------------------------------------------------------------
    def new_nonce(self, now: float | None = None) -> str:
        """Issue time, a random part (two clients never share a nonce) and their HMAC."""
        issued = f"{int(now if now is not None else time.time())}.{os.urandom(6).hex()}"
        mac = hmac.new(self._secret, issued.encode(), hashlib.sha256).hexdigest()[:24]
        return base64.urlsafe_b64encode(f"{issued}:{mac}".encode()).decode().rstrip("=")

    def challenge(self, *, stale: bool = False) -> str:
        parts = [
            f'realm="{self.realm}"',
            f'nonce="{self.new_nonce()}"',
            'qop="auth"',
            "algorithm=MD5",
            f'opaque="{self.opaque}"',
        ]
        if stale:
            parts.append("stale=true")
        return "Digest " + ", ".join(parts)

    def _nonce_age(self, nonce: str) -> float | None:
        """Seconds since the nonce was issued, or None if this server did not issue it."""
        try:
            padded = nonce + "=" * (-len(nonce) % 4)
            issued, mac = base64.urlsafe_b64decode(padded).decode().split(":", 1)
        except (ValueError, UnicodeDecodeError):
            return None
        expected = hmac.new(self._secret, issued.encode(), hashlib.sha256).hexdigest()[:24]
        if not hmac.compare_digest(mac, expected):
            return None
        return time.time() - int(issued.split(".", 1)[0])

    # -- verification -----------------------------------------------------------------------------
    def verify(self, method: str, uri: str, header: str | None) -> Verdict:
        if not header or header[:7].lower() != "digest ":
            return Verdict(None, reason="no digest credentials")
        try:
            fields = parse_keqv_list(parse_http_list(header[7:]))
        except ValueError:
            return Verdict(None, reason="malformed Authorization header")
        account = self.accounts.get(fields.get("username", ""))
        required = ("realm", "nonce", "uri", "response")
        if account is None or any(k not in fields for k in required):
            return Verdict(None, reason="unknown user or incomplete credentials")
        if fields["realm"] != self.realm or fields["uri"] != uri:
            return Verdict(None, reason="realm or uri does not match the request")
        algorithm = fields.get("algorithm", "MD5").upper()
        hash_name = algorithm.removesuffix("-SESS")
        if hash_name not in _HASHES:
            return Verdict(None, reason=f"unsupported algorithm {algorithm}")
        qop, nc, cnonce = fields.get("qop"), fields.get("nc", ""), fields.get("cnonce", "")
        if qop != "auth":
            # RFC 2069 (no qop) has no nonce count: a header could be replayed as it is.
            return Verdict(None, reason='qop="auth" is required (with nc and cnonce)')
        if not nc or not cnonce:
            return Verdict(None, reason="nc and cnonce are required with qop=auth")

        def digest(text: str) -> str:
            return _HASHES[hash_name](text.encode("utf-8")).hexdigest()

        ha1 = digest(f"{account.username}:{self.realm}:{account.password}")
        if algorithm.endswith("-SESS"):
            ha1 = digest(f"{ha1}:{fields['nonce']}:{cnonce}")
        ha2 = digest(f"{method}:{uri}")
        expected = digest(f"{ha1}:{fields['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        if not hmac.compare_digest(expected, fields["response"]):
            # Checked before the nonce's age: stale=true would tell a guesser the password
            # was right (RFC 7616 §3.3 keeps stale for a valid digest).
            return Verdict(None, reason="wrong credentials")
        age = self._nonce_age(fields["nonce"])
        if age is None or age > self.ttl:
            return Verdict(None, stale=True, reason="nonce expired")
        if not self._first_use(fields["nonce"], nc):
            return Verdict(None, stale=True, reason="nonce count reused")
        return Verdict(account)

    def _first_use(self, nonce: str, nc: str) -> bool:
        with self._lock:
            seen = self._seen.get(nonce)
            if seen is None:
                seen = self._seen[nonce] = set()
                while len(self._seen) > _MAX_TRACKED_NONCES:
                    self._seen.popitem(last=False)
            if nc in seen:
                return False
            seen.add(nc)
            return True
