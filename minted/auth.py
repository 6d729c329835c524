"""HTTP Digest authentication (RFC 7616) that many threads can share.

httpx's own ``DigestAuth`` keeps its last challenge and nonce count on the instance without a
lock, so threads sharing it race on the count, and when they all start at once each one pays
its own 401.  Here:

* the first request to need a challenge is the only one sent without credentials; the others
  wait for its 401 and then authenticate straight away, so N threads pay one challenge;
* the nonce count is taken under a lock, so no two requests send the same ``nc``;
* a 401 on an authenticated request (stale or rotated nonce) is retried once with the new
  challenge; a second 401 is final, which is how wrong credentials surface quickly.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Generator
from dataclasses import dataclass
from urllib.request import parse_http_list, parse_keqv_list

import httpx

_HASHES = {
    "MD5": hashlib.md5,
    "SHA": hashlib.sha1,
    "SHA-256": hashlib.sha256,
    "SHA-512": hashlib.sha512,
}

# How long a request waits for another thread's challenge round before doing its own.
_CHALLENGE_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class DigestChallenge:
    realm: str
    nonce: str
    algorithm: str = "MD5"
    qop: str | None = None
    opaque: str | None = None
    stale: bool = False

    @classmethod
    def from_response(cls, response: httpx.Response) -> DigestChallenge | None:
        for header in response.headers.get_list("www-authenticate"):
            scheme, _, params = header.partition(" ")
            if scheme.lower() != "digest":
                continue
            fields = parse_keqv_list(parse_http_list(params))
            if "realm" not in fields or "nonce" not in fields:
                return None
            qops = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
            return cls(
                realm=fields["realm"],
                nonce=fields["nonce"],
                algorithm=fields.get("algorithm", "MD5").upper(),
                qop="auth" if "auth" in qops else None,
                opaque=fields.get("opaque"),
                stale=fields.get("stale", "").lower() == "true",
            )
        return None


class DigestAuth(httpx.Auth):
    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self._password = password
        self._lock = threading.Lock()
        self._challenge_known = threading.Condition(self._lock)
        self._challenge: DigestChallenge | None = None
        self._nonce_count = 0
        self._fetching = False

    def __repr__(self) -> str:  # never show the password
        return f"DigestAuth(username={self.username!r})"

    # -- the flow -----------------------------------------------------------------------------
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        challenge = self._challenge_or_claim()
        if challenge is None:  # this request fetches the challenge for everyone
            try:
                response = yield request
                if response.status_code != 401:
                    return
                challenge = DigestChallenge.from_response(response)
                if challenge is None:
                    return
            finally:
                self._publish(challenge)
        self._authorize(request, challenge)
        response = yield request
        if response.status_code != 401:
            return
        fresh = DigestChallenge.from_response(response)
        if fresh is None or (fresh.nonce == challenge.nonce and not fresh.stale):
            return  # same nonce, not stale: the credentials themselves are wrong
        self._publish(fresh)
        self._authorize(request, fresh)
        yield request

    # -- shared state -------------------------------------------------------------------------
    def _challenge_or_claim(self) -> DigestChallenge | None:
        with self._lock:
            if self._challenge is None and self._fetching:
                self._challenge_known.wait_for(
                    lambda: self._challenge is not None or not self._fetching,
                    timeout=_CHALLENGE_WAIT_SECONDS,
                )
            if self._challenge is None:
                self._fetching = True
            return self._challenge

    def _publish(self, challenge: DigestChallenge | None) -> None:
        with self._lock:
            if challenge is not None and challenge != self._challenge:
                if self._challenge is None or challenge.nonce != self._challenge.nonce:
                    self._nonce_count = 0
                self._challenge = challenge
            self._fetching = False
            self._challenge_known.notify_all()

    def _next_nonce_count(self, challenge: DigestChallenge) -> int:
        with self._lock:
            if self._challenge is None or self._challenge.nonce != challenge.nonce:
                self._challenge, self._nonce_count = challenge, 0
            self._nonce_count += 1
            return self._nonce_count

    # -- RFC 7616 arithmetic ------------------------------------------------------------------
    def _authorize(self, request: httpx.Request, challenge: DigestChallenge) -> None:
        request.headers["Authorization"] = self.authorization(
            request.method, request.url.raw_path.decode("ascii"), challenge
        )

    def authorization(self, method: str, uri: str, challenge: DigestChallenge) -> str:
        algorithm = challenge.algorithm
        session = algorithm.endswith("-SESS")
        hash_name = algorithm.removesuffix("-SESS")
        if hash_name not in _HASHES:
            raise ValueError(f"unsupported digest algorithm {algorithm}")

        def digest(text: str) -> str:
            return _HASHES[hash_name](text.encode("utf-8")).hexdigest()

        cnonce = os.urandom(8).hex()
        ha1 = digest(f"{self.username}:{challenge.realm}:{self._password}")
        if session:
            ha1 = digest(f"{ha1}:{challenge.nonce}:{cnonce}")
        ha2 = digest(f"{method}:{uri}")
        fields = {
            "username": self.username,
            "realm": challenge.realm,
            "nonce": challenge.nonce,
            "uri": uri,
        }
        if challenge.qop:
            nc = f"{self._next_nonce_count(challenge):08x}"
            fields["response"] = digest(f"{ha1}:{challenge.nonce}:{nc}:{cnonce}:auth:{ha2}")
            unquoted = {"algorithm": algorithm, "qop": "auth", "nc": nc}
            fields["cnonce"] = cnonce
        else:
            fields["response"] = digest(f"{ha1}:{challenge.nonce}:{ha2}")
            unquoted = {"algorithm": algorithm}
        if challenge.opaque is not None:
            fields["opaque"] = challenge.opaque
        parts = [f'{key}="{value}"' for key, value in fields.items()]
        parts += [f"{key}={value}" for key, value in unquoted.items()]
        return "Digest " + ", ".join(parts)
