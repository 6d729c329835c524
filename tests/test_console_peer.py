"""The client address kept in the audit log (minted.console.peer), without Streamlit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minted.console.peer import browser_tag, client_address, trusted_hops


def test_a_browser_on_this_machine_is_loopback_not_empty():
    # Streamlit says None for a loopback peer; the audit log said nothing at all
    assert client_address(None, {"Host": "localhost:8501"}, connected=True) == "127.0.0.1"


def test_no_browser_no_address():
    assert client_address(None, {}, connected=False) is None


def test_a_remote_browser_is_its_own_address():
    assert client_address("198.51.100.4", {"Host": "x"}, connected=True) == "198.51.100.4"


def test_a_proxy_on_this_machine_names_the_person():
    headers = {"X-Forwarded-For": "203.0.113.7"}
    assert client_address(None, headers, connected=True) == "203.0.113.7"


def test_a_spoofed_chain_behind_a_local_proxy_keeps_the_address_the_proxy_saw():
    # the browser wrote "1.2.3.4"; the proxy appended the real peer
    headers = {"x-forwarded-for": "1.2.3.4, 203.0.113.7"}
    assert client_address(None, headers, connected=True) == "203.0.113.7"


def test_a_remote_peer_is_not_believed_about_forwarding_unless_trusted():
    headers = {"X-Forwarded-For": "1.2.3.4"}
    assert client_address("198.51.100.4", headers, connected=True) == "198.51.100.4"
    assert client_address("198.51.100.4", headers, connected=True, trusted_hops=1) == "1.2.3.4"


def test_two_trusted_hops():
    headers = {"X-Forwarded-For": "9.9.9.9, 203.0.113.7, 10.0.0.2"}
    got = client_address("10.0.0.3", headers, connected=True, trusted_hops=2)
    assert got == "203.0.113.7"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("203.0.113.7:5555", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("<script>alert(1)</script>", "127.0.0.1"),  # not an address: the peer instead
        ("unknown", "127.0.0.1"),
        ("", "127.0.0.1"),
    ],
)
def test_only_addresses_are_kept(forwarded, expected):
    assert client_address(None, {"X-Forwarded-For": forwarded}, connected=True) == expected


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=50)))
def test_whatever_the_headers_say_the_answer_is_an_address_or_none(forwarded, peer):
    import ipaddress

    got = client_address(peer, {"X-Forwarded-For": forwarded}, connected=True)
    assert got is None or ipaddress.ip_address(got)


@pytest.mark.parametrize("raw", [-1, 11, "2", 1.5, True])
def test_trusted_hops_must_be_a_small_whole_number(raw):
    with pytest.raises(ValueError, match="trusted_proxy_hops"):
        trusted_hops({"console": {"trusted_proxy_hops": raw}})


def test_trusted_hops_default_is_none():
    assert trusted_hops({}) == 0
    assert trusted_hops({"console": {"trusted_proxy_hops": 2}}) == 2


def masked_cookie(token: bytes, mask: bytes) -> str:
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
    return f"2|{mask.hex()}|{masked.hex()}|1795599486"


@given(st.binary(min_size=16, max_size=32), st.binary(min_size=4, max_size=4))
def test_a_browser_keeps_its_tag_whatever_the_mask(token, mask):
    assert browser_tag(masked_cookie(token, mask)) == browser_tag(masked_cookie(token, b"\0" * 4))


def test_two_browsers_two_tags_and_the_token_is_not_in_it():
    one, two = b"\x01" * 16, b"\x02" * 16
    tag = browser_tag(masked_cookie(one, b"abcd"))
    assert tag and tag != browser_tag(masked_cookie(two, b"abcd"))
    assert one.hex()[:8] not in tag


def test_a_real_cookie_seen_twice_in_one_browser():
    # two values Streamlit sent one Chromium, on a first load and after a refresh
    first = "2|11d608e2|244ef0fa77393b185808e46987e8d8ac|1795599486"
    again = "2|cff4300d|fa6cc815a91b03f7862adc8659cae043|1795599486"
    assert browser_tag(first) == browser_tag(again) is not None


@pytest.mark.parametrize("cookie", [None, "", "2|zz|00|1", "1|aaaa|bbbb|1", "2|00|00", "x" * 5000])
def test_no_usable_cookie_no_tag(cookie):
    assert browser_tag(cookie) is None
