"""minted.console.explorer: the catalogue as the docs' navigation, search, what forms start
with, form fields from the models and answers as tables (plain functions, no Streamlit)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from minted import endpoints as ep
from minted import specs
from minted.console import explorer
from minted.endpoints import parse_override
from minted.specs import Problem, spec_for


def titles(items) -> list[str]:
    return [item.doc for item in items]


# -- the catalogue and search --------------------------------------------------------------------
def test_every_endpoint_is_listed_under_each_docs_section_it_appears_in():
    items = explorer.catalogue()
    assert {item.spec.endpoint for item in items} == set(ep.ALL)
    assert len({item.spec.name for item in items}) == 62
    groups = explorer.grouped(items)
    assert list(groups) == ["Partner", "Walletable", "E-Com", "Embedded"]
    get_customer = [i.section for i in items if i.spec.endpoint == ep.CUSTOMER_GET]
    assert get_customer == ["Partner", "Walletable", "E-Com"]
    assert len({item.key for item in items}) == len(items)  # one key per item
    # within a section, the catalogue's order (ADDENDUM's pages included, where they belong)
    ecom = [i.spec.name for i in groups["E-Com"]]
    assert ecom.index("ECOM_ORDER") > ecom.index("ECOM_ORDERS")


def test_each_is_marked_documented_or_assumed_and_writes():
    items = {i.key: i for i in explorer.catalogue()}
    assert items["BIN_QUERY@Partner"].marks == ["assumed"]
    assert items["CUSTOMER_GET@Partner"].marks == ["documented"]
    assert items["CUSTOMER_CREATE@Partner"].marks == ["documented", "writes"]
    label = items["BIN_QUERY@Partner"].label
    assert label == (
        "Card Payment – Bin Query (Installments/Comissions) · POST /partner/payment/bin · assumed"
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        ("bin", ["Partner › Card Payment – Bin Query (Installments/Comissions)"]),
        ("BIN", ["Partner › Card Payment – Bin Query (Installments/Comissions)"]),
        ("/partner/payment/bin", ["Partner › Card Payment – Bin Query (Installments/Comissions)"]),
        (
            "get customer",  # the titles first; then every word anywhere (GET /partner/customer)
            [
                "Partner › Get Customer",
                "Walletable › Get Customer",
                "E-Com › Get Customer",
                "Partner › Customer Wallet Kyc – Get",
                "Partner › Customer Balance",
                "Partner › Customer Balance 7d Stats",
            ],
        ),
        ("nothing like it", []),
    ],
)
def test_search_by_name_path_method_or_constant(text, expected):
    assert titles(explorer.search(explorer.catalogue(), text)) == expected


def test_an_empty_search_is_everything():
    items = explorer.catalogue()
    assert explorer.search(items, "  ") == items


def test_an_override_is_marked_and_found_by_its_path():
    moved = parse_override(ep.BASKET_CLEAR, "DELETE /partner/walletable/basket/clear")
    items = explorer.catalogue({ep.BASKET_CLEAR: moved})
    found = explorer.search(items, "basket/clear")
    assert [i.spec.endpoint for i in found] == [ep.BASKET_CLEAR]
    assert found[0].marks == ["assumed", "writes", "overridden"]
    assert "DELETE /partner/walletable/basket/clear ·" in found[0].label


# -- what a form starts with ---------------------------------------------------------------------
def test_placeholders_are_filled_and_faker_values_are_fresh():
    example = {
        "customer": "{{customer_external_id}}",
        "ids": ["{% faker datatype.uuid %}", "{% faker datatype.uuid %}"],
        "email": "{% faker internet.email %}",
        "name": "{% faker name.firstName %} {% faker name.lastName %}",
        "code": "A{% faker random.alphaNumeric %}{% faker random.alphaNumeric %}",
        "masked": "[email protected]",
        "unknown": "{{nobody_knows}}",
        "amount": Decimal("10.50"),
    }
    filled = explorer.substitute(example, {"customer_external_id": "MTD0018232"})
    assert filled["customer"] == "MTD0018232"
    assert all(re.fullmatch(r"[0-9a-f-]{36}", i) for i in filled["ids"])
    assert filled["ids"][0] != filled["ids"][1]
    assert filled["email"].endswith("@example.com") and filled["masked"].endswith("@example.com")
    assert filled["name"] == "Ayşe Yılmaz"
    assert re.fullmatch(r"A[0-9a-f]{2}", filled["code"])
    assert filled["unknown"] == "{{nobody_knows}}"  # left for the person to see and fill
    assert filled["amount"] == Decimal("10.50")


def test_the_docs_example_is_the_start_with_sample_and_remembered_values():
    start = explorer.prefill(spec_for("PRICE_FIX"))
    assert start.body == {"type": "digital", "customer_external_id": "MTD0018232"}
    assert start.source == "the docs' example (REFERENCE.md §2.2)"
    later = explorer.prefill(spec_for("COMPLETE_BUY"), {"cart_token": "tok-1"})
    assert later.body == {"external_customer_id": "MTD0018232", "cart_token": "tok-1"}
    path = explorer.prefill(spec_for("CUSTOMER_BALANCE"))
    assert path.path_params == {"customer_external_id": "MTD0018232"}
    assert path.body is None and path.query == {}


def test_without_a_docs_example_the_console_s_starter_is_the_start():
    start = explorer.prefill(spec_for("BIN_QUERY"))
    assert start.body == {"bin": "411111", "amount": Decimal("100.00"), "currency_code": "TRY"}
    assert "starter" in start.source
    query = explorer.prefill(spec_for("WALLET_BALANCE"))
    assert query.query == {"external_customer_id": "MTD0018232"} and query.body is None


@pytest.mark.parametrize("spec", specs.SPECS, ids=lambda s: s.name)
def test_every_form_starts_with_something_its_model_reads(spec):
    """Every body or query has a start (the docs' or the console's), and it fits its model."""
    start = explorer.prefill(spec, {"cart_token": "t", "price_token": "p", "card_token": "c"})
    if spec.body is not None:
        assert spec.examples or spec.endpoint in explorer.STARTERS, spec.name
        spec.body.model_validate(start.body)
    if spec.query is not None:
        assert spec.endpoint in explorer.STARTERS, spec.name
        spec.query.model_validate(start.query)
    if spec.body is None and spec.query is None:
        assert start.body is None and start.query == {}


def test_answers_give_the_ids_later_forms_start_with():
    remembered = explorer.remembered
    assert remembered(spec_for("PRICE_FIX"), {"token": "pt"}) == {"price_token": "pt"}
    assert remembered(spec_for("BASKET_ADD_ITEM"), {"token": "ct", "guid": "G"}) == {
        "cart_token": "ct"
    }
    assert remembered(spec_for("BASKET_CLEAR"), {"token": "ct", "guid": "G"}) == {}  # no order
    page = {"current_page": 1, "data": [{"guid": "G1"}, {"guid": "G2"}]}
    assert remembered(spec_for("ORDERS"), page) == {"external_order_id": "G1", "order_id": "G1"}
    assert remembered(spec_for("DIGITAL_BUY"), {"guid": ["G3"]})["order_id"] == "G3"
    created = remembered(spec_for("CUSTOMER_CREATE"), {"external_id": "C-1"})
    assert created == dict.fromkeys(
        ("customer_external_id", "external_customer_id", "external_id"), "C-1"
    )
    assert remembered(spec_for("ORDERS"), {"data": []}) == {}
    assert remembered(spec_for("ORDER_STATUSES"), None) == {}


# -- form fields --------------------------------------------------------------------------------
def kinds(model) -> dict[str, str]:
    return {f.name: f.kind for f in explorer.fields_of(model)}


def test_fields_of_a_model_by_wire_name_and_kind():
    from minted import models as m

    assert kinds(m.BinQueryRequest) == {"bin": "text", "amount": "number", "currency_code": "text"}
    buy = {f.name: f for f in explorer.fields_of(m.DigitalBuyRequest)}
    assert buy["customer"].kind == "json" and buy["items"].kind == "json"
    assert buy["payment_type"].choices == ("creditcard", "cash")
    filters = {f.name: f for f in explorer.fields_of(m.OrderFilters)}
    assert filters["startDate"].kind == "text" and filters["page"].kind == "integer"
    assert filters["sortType"].choices == ("asc", "desc")
    assert kinds(m.WalletQuery)["is_deliverable"] == "bool"
    assert [f.label for f in explorer.fields_of(m.BinQueryRequest)][:2] == ["bin *", "amount *"]
    assert explorer.fields_of(None) == []


def test_typed_text_becomes_exact_values_and_problems_are_named():
    from minted import models as m

    fields = explorer.fields_of(m.BinQueryRequest)
    body, problems = explorer.read_fields(fields, {"bin": " 411111 ", "amount": "100.50"})
    assert body == {"bin": "411111", "amount": Decimal("100.50")} and problems == {}
    assert str(body["amount"]) == "100.50"  # money exact, never a float
    _, problems = explorer.read_fields(fields, {"amount": "lots"})
    assert problems == {"bin": "required", "amount": "'lots' is not a number"}
    paging = {f.name: f for f in explorer.fields_of(m.OrderFilters)}
    assert explorer.read_field(paging["page"], "2") == (2, None)
    assert explorer.read_field(paging["page"], "2.5")[1] == "'2.5' is not a whole number"
    assert explorer.read_field(paging["sortType"], "up")[1] == "one of asc, desc"
    wallet = {f.name: f for f in explorer.fields_of(m.WalletQuery)}
    assert explorer.read_field(wallet["is_deliverable"], "true") == (True, None)


def test_bad_json_says_where_and_what():
    value, problem = explorer.parse_json('{"a": 1,\n "b": }')
    assert value is None and problem.startswith("Not valid JSON (line 2, column")
    assert explorer.parse_json("") == (None, None)
    assert explorer.parse_json('{"amount": 1.10}')[0] == {"amount": Decimal("1.10")}


def test_a_body_the_fields_cannot_hold_starts_in_raw_json():
    from minted import models as m

    fields = explorer.fields_of(m.CustomerCreate)
    assert explorer.fields_hold(fields, {"external_id": "C-1", "firstname": "Ayşe"})
    assert not explorer.fields_hold(fields, {"external_id": "C-1", "middlename": ""})
    assert not explorer.fields_hold(fields, {"external_id": "C-1", "nickname": "x"})
    assert not explorer.fields_hold(fields, ["not", "an", "object"])
    text = explorer.field_text(explorer.fields_of(m.BinQueryRequest)[1], Decimal("100.50"))
    assert text == "100.50"


# -- the answer ----------------------------------------------------------------------------------
def test_lists_and_pages_become_table_rows_of_text():
    rows = explorer.table_rows([{"id": 1, "rate": Decimal("42.10"), "items": [{"a": 1}]}])
    assert rows == [{"id": "1", "rate": "42.10", "items": '[{"a":1}]'}]
    page = {"current_page": 1, "data": [{"guid": "G", "total": None}]}
    assert explorer.table_rows(page) == [{"guid": "G", "total": None}]
    assert explorer.table_rows(["a", "b"]) == [{"value": "a"}, {"value": "b"}]
    assert explorer.table_rows({"guid": "G"}) is None
    assert explorer.table_rows(None) is None


def test_problems_become_rows():
    rows = explorer.problem_rows([Problem("unknown", "data.x", "not in the model")])
    assert rows == [{"kind": "unknown", "where": "data.x", "message": "not in the model"}]
