"""bench (a)'s verdicts: the ratio against the authenticated peer, and why a target is missed."""

from __future__ import annotations

from bench.__main__ import render_pages


def _row(page, calls, data_ms, auth_ms):
    return {
        "page": page,
        "calls": calls,
        "data_ms": data_ms,
        "auth_ms": auth_ms,
        "naive_ms": 2 * auth_ms,
        "page_run_ms": 150.0,
        "rerun_calls": 0,
    }


def _render(*rows):
    return render_pages({"rows": list(rows), "load_before": (1, 1, 1), "load_after": (1, 1, 1)})


def test_one_call_pages_are_not_held_to_twice_the_peer():
    text = _render(_row("trade", 1, 104, 104))
    assert "| trade | 1 | 104 | 1.04 | 104 | 1.00× |" in text
    assert "Every target met." in text


def test_a_two_call_page_whose_calls_go_at_once_is_told_apart_from_a_dependent_one():
    text = _render(_row("basket", 2, 109, 208), _row("chain", 3, 210, 312))
    assert "- basket: 1.91 × the authenticated peer" in text
    assert "already go at once (data ready 1.09 × RTT)" in text
    assert "- chain: data ready at 2.10 × RTT, 60 ms over the target." in text
    assert "- chain: 1.49 × the authenticated peer" in text and "depend on each other" in text


def test_a_two_call_page_is_set_beside_the_same_calls_sent_at_once_by_plain_httpx():
    text = _render({**_row("orders", 2, 106, 208), "together_ms": 105})
    assert "| orders | 2 | 106 | 1.06 | 208 | 1.96× | 105 | 1.98× |" in text
    assert "Plain httpx sending the same calls at once gets 1.98 × (105 ms)" in text
    assert "the console is at what any client gets here" in text
    assert "Where the time over one round trip goes" in text


def test_a_page_just_short_of_twice_the_peer_is_not_written_as_twice_it():
    text = _render(_row("basket", 2, 104.2, 208))  # 1.9962×
    assert "| basket | 2 | 104 | 1.04 | 208 | 1.996× |" in text  # not "2.00×"
    assert "- basket: 1.996 × the authenticated peer, short of 2 × by 0.004 ×." in text
