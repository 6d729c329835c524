"""Digest auth against a real digest-protected server on loopback."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from digest_server import DigestServer

import minted
from minted.errors import AuthenticationError

USER, PASSWORD = "partner", "correct horse"


def client_for(server: DigestServer, password: str = PASSWORD) -> minted.Client:
    return minted.Client(USER, password, environment="sandbox", base_url=server.url)


def test_fifty_calls_from_eight_threads_pay_one_challenge():
    with DigestServer(USER, PASSWORD) as server, client_for(server) as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda i: client.customers.get(f"C-{i}"), range(50)))
        assert [r.external_id for r in results] == ["C-1"] * 50
        assert server.challenges == 1
        assert server.authorized == 50
        assert server.requests == 51  # 50 calls + the one unauthenticated first attempt
        # every request used its own nonce count (the server refuses a repeat)
        assert len(server.seen) == 50


def test_writes_share_the_challenge_too():
    with DigestServer(USER, PASSWORD) as server, client_for(server) as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda i: client.customers.create(external_id=f"C-{i}"), range(16)))
        assert server.challenges == 1 and server.authorized == 16


def test_wrong_credentials_raise_after_one_retry():
    with DigestServer(USER, PASSWORD) as server, client_for(server, "wrong") as client:
        with pytest.raises(AuthenticationError) as info:
            client.customers.get("C-1")
        assert info.value.status == 401
        assert server.requests == 2  # unauthenticated, then one authenticated retry
        server.requests = 0
        with pytest.raises(AuthenticationError):
            client.customers.get("C-1")
        assert server.requests == 1  # the known challenge is reused; a same-nonce 401 is final


def test_stale_nonce_is_renewed_once_and_succeeds():
    with DigestServer(USER, PASSWORD) as server, client_for(server) as client:
        client.customers.get("C-1")
        server.rotate_nonce()
        assert client.customers.get("C-1").external_id == "C-1"
        assert server.challenges == 2  # the first, and the stale one
        client.customers.get("C-1")
        assert server.challenges == 2  # the new nonce is reused afterwards


def test_password_is_not_in_the_journal():
    with DigestServer(USER, PASSWORD) as server, client_for(server) as client:
        client.customers.get("C-1")
        for entry in client.journal:
            assert PASSWORD not in repr(entry) + entry.to_curl()
