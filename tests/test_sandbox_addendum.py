"""The pages ADDENDUM.md found after REFERENCE.md, served by the sandbox: E-Com Get Order,
Set Custom Address, Customer Address - Create Multiple, and Card Payment - Get Order (which is
Get Order again)."""

from __future__ import annotations

import pytest
from test_sandbox_flows import make_customer

import minted

SHIPPING = {
    "fullname": "Ayşe Yılmaz",
    "tax_number": "12345678910",
    "phone": "+905321112233",
    "city": "İstanbul",
    "county": "Kadıköy",
    "district": "Moda",
    "address": "Moda Cd. No: 1",
    "zipcode": "34710",
}
BILLING = {**SHIPPING, "invoice_type": "Individual", "email": "a@example.com"}
del BILLING["zipcode"]


def test_ecom_get_order_follows_a_basket_from_basket_to_order(client):
    make_customer(client)
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 2)
    found = client.ecom.get_order("cust-001", basket.cart_token)
    assert found.order_creation_status == "basket" and found.token == basket.cart_token
    assert [(i.sku, i.amount) for i in found.items] == [("MNTBAE0001", 2)]

    with_address = client.ecom.set_address(
        "cust-001", basket.cart_token, shipping=SHIPPING, billing=BILLING, card_bin="411111"
    )
    assert with_address.shippingaddress.city == "İstanbul"
    assert with_address.billingaddress.invoice_type == "Individual"

    order = client.ecom.complete_basket("cust-001", basket.cart_token)
    after = client.ecom.get_order("cust-001", basket.cart_token)
    assert after.order_creation_status == "order" and after.guid == order.guid
    assert after.shippingaddress.address == "Moda Cd. No: 1"


def test_another_customer_s_cart_token_is_not_found(client):
    make_customer(client)
    make_customer(client, "cust-002")
    basket = client.baskets.add_item("cust-001", "MNTBAE0001", 1)
    with pytest.raises(minted.NotFoundError):
        client.ecom.get_order("cust-002", basket.cart_token)
    with pytest.raises(minted.NotFoundError):
        client.ecom.set_address("cust-002", basket.cart_token, shipping=SHIPPING, billing=BILLING)
    assert client.ecom.get_order("cust-001", basket.cart_token).shippingaddress is None


def test_create_multiple_addresses(client):
    make_customer(client)
    client.customers.create_address(external_customer_id="cust-001", type="billing", **BILLING)
    made = client.customers.create_addresses(
        "cust-001", [{"type": "shipping", **SHIPPING}, {"type": "billing", **BILLING}]
    )
    assert [(a.id, a.type) for a in made] == [(2, "shipping"), (3, "billing")]
    with pytest.raises(minted.UnprocessableEntityError):
        client.customers.create_addresses("cust-001", [])
    with pytest.raises(minted.NotFoundError):
        client.customers.create_addresses("nobody-here", [{"type": "shipping", **SHIPPING}])


def test_card_payment_get_order_is_get_order(client):
    make_customer(client)
    token = client.price_fix.get(currency="GBP").token
    client.b2b.buy(token, "ORD-ADD-1", [{"sku": "GAU", "amount": 1}])
    assert client.card_payments.get_order("ORD-ADD-1").external_id == "ORD-ADD-1"
