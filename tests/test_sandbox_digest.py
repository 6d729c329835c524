"""The sandbox's digest verifier: only qop=auth (no byte-for-byte replay), and stale=true only
for a correct digest on an expired nonce."""

from __future__ import annotations

import hashlib
import time

import httpx

from minted.sandbox.digest import Account, DigestVerifier

REALM = "sandbox@minted"
USER, PASSWORD = "partner", "s3cret"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def header(
    nonce,
    *,
    method="POST",
    uri="/partner/customer",
    user=USER,
    realm=REALM,
    password=PASSWORD,
    qop="auth",
    nc="00000001",
):
    ha1 = md5(f"{user}:{realm}:{password}")
    ha2 = md5(f"{method}:{uri}")
    cnonce = "0a4f113b"
    if qop is None:  # RFC 2069
        response = md5(f"{ha1}:{nonce}:{ha2}")
        return (
            f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}"'
        )
    response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return (
        f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
        f'qop={qop}, nc={nc}, cnonce="{cnonce}", response="{response}"'
    )


def verifier(ttl: int = 300) -> DigestVerifier:
    return DigestVerifier([Account(USER, PASSWORD)], REALM, ttl)


def test_a_correct_qop_auth_digest_is_accepted_once_per_nonce_count():
    v = verifier()
    nonce = v.new_nonce()
    assert v.verify("POST", "/partner/customer", header(nonce)).ok
    again = v.verify("POST", "/partner/customer", header(nonce))
    assert not again.ok
    assert v.verify("POST", "/partner/customer", header(nonce, nc="00000002")).ok


def test_a_digest_without_qop_is_refused_so_it_cannot_be_replayed():
    v = verifier()
    nonce = v.new_nonce()
    rfc2069 = header(nonce, qop=None)
    for _ in range(2):  # neither the first use nor a replay
        verdict = v.verify("POST", "/partner/customer", rfc2069)
        assert not verdict.ok and not verdict.stale
        assert "qop" in verdict.reason


def test_an_unsupported_qop_and_a_missing_nonce_count_are_refused():
    v = verifier()
    nonce = v.new_nonce()
    assert not v.verify("POST", "/partner/customer", header(nonce, qop="auth-int")).ok
    without_nc = header(nonce).replace("nc=00000001, ", "")
    assert not v.verify("POST", "/partner/customer", without_nc).ok


def test_stale_only_for_a_correct_digest_on_an_expired_nonce():
    v = verifier(ttl=60)
    old = v.new_nonce(now=time.time() - 3600)
    right = v.verify("POST", "/partner/customer", header(old))
    assert not right.ok and right.stale
    wrong = v.verify("POST", "/partner/customer", header(old, password="guess"))
    assert not wrong.ok and not wrong.stale
    assert wrong.reason == "wrong credentials"


def test_a_nonce_from_another_secret_is_stale_only_with_the_right_password():
    v = verifier()
    nonce = v.new_nonce()
    v.rotate_secret()
    assert v.verify("POST", "/partner/customer", header(nonce)).stale
    assert not v.verify("POST", "/partner/customer", header(nonce, password="x")).stale


def test_over_http_rfc2069_gets_a_plain_challenge_and_a_wrong_password_no_stale(sandbox):
    s = sandbox.settings
    url = f"{sandbox.url}/partner/orders/statuses"
    with httpx.Client(headers={"x-client-id": "web"}) as http:
        challenge = http.get(url).headers["www-authenticate"]
        nonce = challenge.split('nonce="', 1)[1].split('"', 1)[0]

        def signed(password, qop):
            realm = sandbox.app.state.verifier.realm
            uri = "/partner/orders/statuses"
            return header(
                nonce,
                method="GET",
                uri=uri,
                user=s.username,
                realm=realm,
                password=password,
                qop=qop,
            )

        rfc2069 = http.get(url, headers={"Authorization": signed(s.password, None)})
        assert rfc2069.status_code == 401
        assert "stale" not in rfc2069.headers["www-authenticate"]
        assert rfc2069.json()["success"] is False
        assert (
            http.get(url, headers={"Authorization": signed(s.password, "auth")}).status_code == 200
        )
        sandbox.control("POST", "/nonces/expire")
        wrong = http.get(url, headers={"Authorization": signed("guess", "auth")})
        assert wrong.status_code == 401 and "stale" not in wrong.headers["www-authenticate"]
        right = http.get(
            url,
            headers={"Authorization": signed(s.password, "auth")},
        )
        assert right.status_code == 401 and "stale=true" in right.headers["www-authenticate"]
