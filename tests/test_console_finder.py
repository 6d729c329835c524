"""The search box's plain parts: the customer index (name, e-mail, phone among the customers
seen), the recent-customers list, and the id finder against a real sandbox."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minted.console import finder
from minted.console.index import CustomerIndex, Seen, fold, pushed


def person(external_id, first=None, last=None, email=None, phone=None):
    name = " ".join(p for p in (first, last) if p) or external_id
    return SimpleNamespace(external_id=external_id, display_name=name, email=email, phone=phone)


# -- the index ---------------------------------------------------------------------------------
def test_found_by_name_email_or_phone_case_and_accents_ignored():
    index = CustomerIndex()
    index.note(person("MTD1", "Ayşe", "Yılmaz", "ayse@example.com", "+90 532 111 22 33"))
    index.note(person("MTD2", "Mehmet", "Gülbilge", "m@example.com", "+905329998877"))
    assert [s.external_id for s in index.search("ayse yilmaz")] == ["MTD1"]
    assert [s.external_id for s in index.search("AYŞE")] == ["MTD1"]
    assert [s.external_id for s in index.search("gulbilge")] == ["MTD2"]
    assert [s.external_id for s in index.search("M@EXAMPLE")] == ["MTD2"]
    assert [s.external_id for s in index.search("0532 111 2233")] == ["MTD1"]  # digits only
    assert [s.external_id for s in index.search("5329998877")] == ["MTD2"]
    assert {s.external_id for s in index.search("example.com")} == {"MTD1", "MTD2"}
    assert index.search("a") == []  # one letter matches too much
    assert index.search("nobody") == []


def test_the_most_recently_seen_come_first_and_the_limit_holds():
    index = CustomerIndex()
    for n in range(30):
        index.note(person(f"C{n}", "Deniz", f"Koç{n}"))
    found = index.search("deniz", limit=5)
    assert [s.external_id for s in found] == ["C29", "C28", "C27", "C26", "C25"]


def test_an_order_s_thin_customer_does_not_wipe_what_a_lookup_gave():
    index = CustomerIndex()
    index.note(person("MTD1", "Ayşe", "Yılmaz", "ayse@example.com", "+90 532"))
    index.note(SimpleNamespace(external_id="MTD1", display_name="MTD1", email=None, phone=None))
    assert index.get("MTD1") == Seen("MTD1", "Ayşe Yılmaz", "ayse@example.com", "+90 532")


def test_ids_are_matched_whatever_their_case_and_forget_removes_one():
    index = CustomerIndex()
    index.note(person("MTD0018232"))
    assert index.ids_like(" mtd0018232 ") == ["MTD0018232"]
    index.forget("MTD0018232")
    assert index.ids_like("mtd0018232") == []


def test_the_index_is_bounded_oldest_first():
    index = CustomerIndex(max_customers=3, max_carts=2)
    for n in range(5):
        index.note(person(f"C{n}"))
        index.note_cart(f"T{n}", f"C{n}", "sell")
    assert len(index) == 3 and index.get("C1") is None and index.get("C4") is not None
    assert index.cart("T2") is None and index.cart("T4") == ("C4", "sell")


def test_orders_feed_their_customers_and_partner_orders_have_none():
    index = CustomerIndex()
    index.note_orders(
        [SimpleNamespace(customer=person("A1", "Ece")), SimpleNamespace(customer=None)]
    )
    assert [s.external_id for s in index.search("ece")] == ["A1"]


def test_the_index_is_shared_by_threads():
    index = CustomerIndex(max_customers=500)

    def feed(base):
        for n in range(300):
            index.note(person(f"{base}-{n}", "Can"))
            index.search("can")

    threads = [threading.Thread(target=feed, args=(b,)) for b in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(index) == 500


@given(st.text(max_size=60), st.text(max_size=60))
def test_search_never_fails_and_finds_a_name_by_any_part_of_it(name, query):
    index = CustomerIndex()
    index.note(Seen("X1", name=name))
    index.search(query)  # whatever was typed
    part = name.strip()[:5]
    if len(fold(part).strip()) >= 2:
        assert [s.external_id for s in index.search(part)] == ["X1"]


@given(st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), max_size=20), st.sampled_from("ABCDEF"))
def test_recent_customers_newest_first_each_once_bounded(recent, opened):
    after = pushed(recent, opened, limit=3)
    assert after[0] == opened and len(after) == len(set(after)) <= 3
    assert [r for r in after[1:]] == [r for r in dict.fromkeys(recent) if r != opened][:2]


# -- what an id looks like -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,first",
    [
        ("592D48CC-39B8-46FC-9060-2AC123E33178", "order guid"),
        ("592d48cc-39b8-46fc-9060-2ac123e33178", "order guid"),
        ("13768905754", "increment id"),
        ("MC_66C7446E7F53E", "increment id"),
        ("FE9HURU6", "order code"),
        ("fe9huru6", "order code"),
        ("wgd9P8wFXpSTX7bgDmV0GMbWMelWoixp", "cart token"),
        ("MTD0018232", "customer external id"),
        ("Ayşe Yılmaz", "your order id"),
    ],
)
def test_the_most_specific_lookup_comes_first(text, first):
    assert finder.lookups(text)[0] == first


def test_an_ambiguous_id_is_tried_as_everything_it_may_be():
    assert finder.lookups("ABCD1234") == [
        "order code",
        "customer external id",
        "your order id",
        "customer name, e-mail or phone",
    ]
    assert finder.lookups("") == [] and finder.lookups("x" * 500) == []


@given(st.text(max_size=300))
def test_lookups_never_fail(text):
    finder.lookups(text)


# -- finding, against the demo sandbox ----------------------------------------------------------
@pytest.fixture(scope="module")
def demo(seeded_sandbox):
    from conftest import client_for

    with client_for(seeded_sandbox) as client:
        yield client


def test_an_order_code_typed_in_lower_case_opens_that_order(demo):
    order = next(o for o in demo.orders.list(total=50).data if not o.order_code.isdigit())
    found = finder.find(demo, f"  {order.order_code.lower()} ", CustomerIndex())
    assert [(h.page, h.query) for h in found.hits] == [("pages/orders.py", {"order": order.guid})]
    assert found.tried[0] == finder.Attempt(f"order code {order.order_code}", "found")


def test_a_guid_and_an_increment_id_open_their_order(demo):
    order = demo.orders.list_walletable(total=1).data[0]
    for text in (order.guid.lower(), order.increment_id):
        found = finder.find(demo, text, CustomerIndex())
        assert [h.query for h in found.hits] == [{"order": order.guid}], text
        assert order.customer.external_id in found.hits[0].label


def test_an_external_id_is_found_whatever_its_case_and_the_index_learns_it(demo):
    index = CustomerIndex()
    found = finder.find(demo, "mtd0018232", index)
    assert [(h.page, h.query) for h in found.hits] == [
        ("pages/customers.py", {"customer": "MTD0018232"})
    ]
    assert "Ayşe Yılmaz" in found.hits[0].label
    # now the index knows her: by name, and her id in any case without a wasted call
    assert [h.query for h in finder.find(demo, "ayse yilmaz", index).hits] == [
        {"customer": "MTD0018232"}
    ]
    again = finder.find(demo, "Mtd0018232", index)
    assert again.tried[0] == finder.Attempt("customer external id MTD0018232", "found")


def test_nothing_found_says_every_lookup_that_was_tried(demo):
    found = finder.find(demo, "FE9HURU6", CustomerIndex())
    assert found.hits == []
    lines = found.summary().splitlines()
    assert lines[0] == "order code FE9HURU6: not found"
    assert "customer external id FE9HURU6: not found" in lines
    assert "order by your external id FE9HURU6: not found" in lines
    assert lines[-1].startswith("names, e-mails and phones of the 0 customer(s)")


def test_a_service_that_cannot_be_reached_is_said_once_and_not_waited_for_again():
    import minted

    client = minted.Client("u", "p", base_url="http://127.0.0.1:9", max_retries=0)
    found = finder.find(client, "ABCD1234", CustomerIndex())
    assert found.hits == [] and found.tried[0].outcome.startswith("failed")
    assert all(a.outcome.startswith("not tried") for a in found.tried[1:-1])


def test_a_cart_token_is_found_with_the_customer_it_was_seen_with(sandbox):
    from conftest import client_for

    with client_for(sandbox) as client:
        client.customers.create(external_id="cart-owner", firstname="Eda")
        sku = next(p.sku for p in client.products.list(currency_code="AED") if not p.is_digital)
        basket = client.baskets.add_item("cart-owner", sku, 1, currency_code="AED")
        index = CustomerIndex()
        unseen = finder.find(client, basket.cart_token, index)
        assert unseen.hits == [] and unseen.tried[0].outcome == finder.NO_OWNER
        # a customer this session opened is asked
        found = finder.find(client, basket.cart_token, index, recent=["cart-owner"])
        assert [(h.page, h.query) for h in found.hits] == [
            ("pages/basket.py", {"customer": "cart-owner", "side": "buy"})
        ]
        assert index.cart(basket.cart_token) == ("cart-owner", "buy")  # and remembered
        order = client.complete.buy("cart-owner", basket.cart_token)
        done = finder.find(client, basket.cart_token, index)
        assert [h.query for h in done.hits] == [{"order": order.guid}]


def test_your_own_order_id_opens_the_order(demo):
    order = next(o for o in demo.orders.list(total=50).data if o.external_id)
    found = finder.find(demo, order.external_id, CustomerIndex())
    assert [h.query for h in found.hits] == [{"order": order.guid}]
    assert finder.Attempt(f"order by your external id {order.external_id}", "found") in found.tried
