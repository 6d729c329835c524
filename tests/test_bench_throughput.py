"""bench/throughput.py's load generator: its own digest gets real answers from the sandbox."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bench.throughput import PATH, DigestConnection, _load, digest_header, parse_challenge


def test_the_generators_digest_is_accepted_and_its_count_moves_on(sandbox):
    username, password = sandbox.settings.username, sandbox.settings.password

    async def go():
        async with httpx.AsyncClient(base_url=sandbox.url) as http:
            connection = DigestConnection(http, username, password)
            first = await connection.get(PATH)  # a 401, then the digest
            second = await connection.get(PATH)  # the same nonce, nc 2: no new 401
            return first, second, connection.nc, connection.challenge

    first, second, nc, challenge = asyncio.run(go())
    assert challenge is not None  # it met the 401 and answered it itself
    assert first.status_code == 200 and first.json()["success"] is True
    assert second.status_code == 200
    assert nc == 2  # one challenge, then the count went on


def test_a_wrong_password_stops_the_run_before_it_is_timed(sandbox):
    with pytest.raises(httpx.HTTPStatusError):
        asyncio.run(_load(sandbox.url, PATH, 0.2, 2, sandbox.settings.username, "wrong"))


def test_a_short_run_counts_its_answers(sandbox):
    s = sandbox.settings
    result = asyncio.run(_load(sandbox.url, PATH, 0.2, 2, s.username, s.password))
    assert result["ok"] > 0 and result["other"] == 0


def test_the_header_carries_qop_auth_fields():
    challenge = parse_challenge('Digest realm="r", nonce="n", qop="auth", opaque="o"')
    header = digest_header(challenge, "u", "p", "GET", "/x?a=1", 1, cnonce="c")
    assert "nc=00000001" in header and 'uri="/x?a=1"' in header and 'opaque="o"' in header
    fields = parse_challenge(header)
    assert len(fields["response"]) == 32


def test_a_miss_just_under_the_target_is_written_with_the_decimals_that_show_it():
    from bench.throughput import render

    result = {
        "bare": [1000.0],
        "sandbox": [599.6],
        "errors": 0,
        "ratios": [0.5996],
        "ratio": 0.5996,
        "load_before": (1.0, 1.0, 1.0),
        "load_after": (1.0, 1.0, 1.0),
        "rounds": 1,
        "seconds": 4.0,
        "connections": 8,
    }
    text = render(result)
    assert "| 0.5996× |" in text  # not "0.60×" beside a miss
    assert "missed by 0.0004×." in text  # not "by 0.00×"
