"""`minted.specs`, the table of what each endpoint takes and gives, against the catalogue, the
sandbox that serves it, the client that calls it, and the docs whose examples it carries."""

from __future__ import annotations

import contextlib
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel
from test_client_surface import CALLS
from test_reference import REQUESTS

from minted import endpoints, specs
from minted.errors import InvalidResponseError
from minted.resources._base import Resource
from minted.specs import SPECS, Problem, spec_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import docs_examples  # noqa: E402

IDS = [spec.name for spec in SPECS]


def test_one_spec_per_catalogue_endpoint_in_its_order():
    assert [spec.endpoint for spec in SPECS] == endpoints.ALL
    assert len(SPECS) == 62
    assert spec_for("Walletable › Clear Basket") is spec_for("BASKET_CLEAR")
    assert spec_for(endpoints.BASKET_CLEAR).name == "BASKET_CLEAR"
    assert spec_for(endpoints.CUSTOMER_GET).path_params == ("external_id",)


# -- the sandbox serves this table ---------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory) -> dict[endpoints.Endpoint, APIRoute]:
    from minted.sandbox import SandboxSettings, create_app

    db = tmp_path_factory.mktemp("specs") / "sandbox.db"
    app = create_app(SandboxSettings(db_path=str(db), demo_data=False))
    routes = {}
    for route in app.state.partner_router.routes:
        (method,) = route.methods
        routes[endpoints.BY_KEY[f"{method} {route.path}"]] = route
    assert len(routes) == len(app.state.partner_router.routes)  # one route per endpoint
    app.state.world.store.close()
    return routes


def _fields(model: type[BaseModel] | None) -> set[str]:
    return {info.alias or name for name, info in (model or BaseModel).model_fields.items()}


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_sandbox_answers_the_spec_s_response_and_takes_its_body_and_query(spec, served):
    from minted.sandbox.routes import ROUTES

    route = served[spec.endpoint]
    recorded = ROUTES[spec.endpoint]
    assert recorded.response_type == spec.response
    assert route.response_model.model_fields["data"].annotation == spec.response
    # the handler declares the client's model; what it validates is that model or a
    # constrained subclass of it (minted.sandbox.requests)
    assert recorded.body is spec.body
    bodies = [p.field_info.annotation for p in route.dependant.body_params]
    if spec.body is None:
        assert bodies == [] and recorded.served_body is None
    else:
        assert bodies == [recorded.served_body]
        assert issubclass(recorded.served_body, spec.body)
    query: set[str] = set()
    for parameter in route.dependant.query_params:
        annotation = parameter.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            assert issubclass(annotation, spec.query)  # a query model: constrained, same names
            query |= _fields(annotation)
        else:
            query.add(parameter.alias)
    assert query == _fields(spec.query)
    assert tuple(p.alias for p in route.dependant.path_params) == spec.path_params


# -- the client calls it ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def observed():
    """Every call of test_client_surface.CALLS: the outermost client method it went through,
    and the request it sent."""
    from helpers import Recorder

    recorder = Recorder()
    client = recorder.client()
    entered: list[str] = []
    for namespace, resource in vars(client).items():
        if not isinstance(resource, Resource):
            continue
        for name in dir(type(resource)):
            if name.startswith("_") or not callable(getattr(resource, name)):
                continue
            method = getattr(resource, name)

            def wrapper(*args, _method=method, _name=f"{namespace}.{name}", **kwargs):
                entered.append(_name)
                return _method(*args, **kwargs)

            setattr(resource, name, wrapper)
    seen = []
    for _endpoint, call in CALLS:
        entered.clear()
        with contextlib.suppress(InvalidResponseError):  # the recorder answers {}
            call(client)
        seen.append((entered[0], recorder.last))
    return seen


def test_every_client_method_is_in_the_table(observed):
    in_table = {name for spec in SPECS for name in spec.client_methods}
    assert {name for name, _ in observed} == in_table


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_each_client_method_calls_its_endpoint_with_what_the_spec_says(spec, observed):
    from minted import Client

    for name in spec.client_methods:
        assert callable(spec.method_of(Client("u", "p", base_url="http://x"), name))
        requests = [request for method, request in observed if method == name]
        assert requests, f"test_client_surface.CALLS has no call of {name}"
        for request in requests:
            resolved = endpoints.resolve(request.method, request.url.path)
            assert resolved is not None and resolved[0] is spec.endpoint, name
            assert set(request.url.params) <= _fields(spec.query), name
            if spec.body is None:
                assert request.content == b"", name
            else:
                body = json.loads(request.content, parse_float=Decimal)
                sent = spec.body.model_validate(body)
                assert undeclared(sent) == [], name


def undeclared(value, where="body") -> list[str]:
    found = []
    if isinstance(value, BaseModel):
        found += [f"{where}.{name}" for name in value.model_extra or {}]
        for name in type(value).model_fields:
            found += undeclared(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += undeclared(item, f"{where}[{i}]")
    return found


# -- the docs' examples ----------------------------------------------------------------------------
def test_the_packaged_examples_are_the_docs_own():
    """minted/docs_examples.json is what scripts/docs_examples.py makes of docs/reference now."""
    packaged = (ROOT / "minted" / "docs_examples.json").read_text(encoding="utf-8")
    assert packaged == docs_examples.render(), "run python scripts/docs_examples.py"


def test_every_request_example_of_the_docs_is_placed_on_a_page():
    assert set(docs_examples.PAGES) == set(REQUESTS)
    for page in docs_examples.PAGES.values():
        assert page in endpoints.BY_DOC_NAME


def test_each_example_is_offered_by_its_endpoint_and_fits_its_body_model():
    offered = [example for spec in SPECS for example in spec.examples]
    assert len(offered) == len(docs_examples.PAGES)
    for spec in SPECS:
        for example in spec.examples:
            assert example.page in spec.endpoint.docs
            assert spec.body is not None, spec.name
            assert undeclared(spec.body.model_validate(example.body)) == [], example.source
    clear = spec_for("E-Com › Clear Basket (Delete Items)")
    assert clear.examples[0].source == "REFERENCE.md §3.10"
    assert spec_for("PAYMENT_TYPES").example is None


def test_an_example_is_a_fresh_copy_each_time():
    spec = spec_for("Partner › Create Customer")
    spec.example["external_id"] = "changed"
    assert spec.example["external_id"] != "changed"


# -- checking an answer --------------------------------------------------------------------------
def test_check_names_each_kind_of_difference():
    spec = spec_for("CUSTOMER_GET")
    problems = spec.check(
        {"external_id": "C-1", "created_at": "2026-01-01T10:00:00Z", "nickname": "x"}
        | {name: None for name in _fields(spec.response) - {"external_id", "created_at"}}
    )
    assert problems == [
        Problem("unknown", "data.nickname", "not in the model"),
        Problem("format", "data.created_at", "'2026-01-01T10:00:00Z'; the model writes "
                "'2026-01-01 13:00:00'"),
    ]  # fmt: skip
    assert [p.kind for p in spec.check({"id": "one"})] == ["missing", "invalid"]
    absent = spec.check({"external_id": "C-1"})
    assert {p.kind for p in absent} == {"absent"} and len(absent) == len(_fields(spec.response)) - 1
    listed = spec_for("ORDERS").check({"current_page": 1, "data": [{"guid": 1}]})
    assert [(p.kind, p.where) for p in listed] == [("invalid", "data.data[0].guid")]


def test_a_documented_answer_fits_exactly():
    from test_reference import ALL_EXAMPLES

    answer = ALL_EXAMPLES["2.11#1"].load()["data"]  # Create Customer's response example
    problems = spec_for("CUSTOMER_CREATE").check(answer)
    assert [p for p in problems if p.kind != "absent"] == []


def test_the_client_package_never_loads_the_sandbox_for_its_specs():
    import subprocess

    code = (
        "import sys, minted.specs as s; assert len(s.SPECS) == 62;"
        "assert not [m for m in sys.modules if m.startswith(('minted.sandbox', 'fastapi'))]"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def test_specs_is_part_of_the_client():
    assert specs.__name__ == "minted.specs"


def test_the_sandbox_s_answers_fit_the_table(seeded_sandbox):
    """What the sandbox answers to its reads has no problem by `check` at all (no wrong type,
    no missing, absent or undeclared field, no other format): the baseline a drift report
    compares with.  The fields it once sent beyond the models are settled: partner balance
    lines are Customer Balance's wallet lines (`PartnerBalance` declares them), Calculate
    Price says its token's ``expires_at`` and a summary its ``cash`` (declared), and the
    store's ``increment_id``/``created_at`` on partner orders and ``order_code`` on walletable
    ones are no longer answered (the Order and Ecom Order schemas have neither)."""
    from conftest import client_for

    with client_for(seeded_sandbox, read_only=True) as client:
        order = client.request("ORDERS", params={"page": 1, "total": 1})["data"][0]
        customer = order["customer"]["external_id"]
        calls = [
            (spec, {}, {})
            for spec in SPECS
            if spec.endpoint.method == "GET" and not spec.path_params and spec.query is None
        ]
        with_customer = {"customer_external_id": customer}
        token = client.request("PRICE_FIX", body={"type": "digital"})["token"]
        calls += [
            (spec_for("ORDERS"), {}, {"total": 20}),
            (spec_for("WALLETABLE_ORDERS"), {}, {"total": 20}),
            (spec_for("ECOM_ORDERS"), {}, {"total": 20}),
            (spec_for("CUSTOMER_GET"), {"external_id": customer}, {}),
            (spec_for("KYC_GET"), {"external_id": customer}, {}),
            (spec_for("CUSTOMER_BALANCE"), with_customer, {}),
            (spec_for("CUSTOMER_7D_STATS"), with_customer, {}),
            (spec_for("ORDER_GET"), {"external_order_id": order["external_id"]}, {}),
            (spec_for("WALLET_BALANCE"), {}, {"external_customer_id": customer}),
            (spec_for("SUMMARY_GET"), {}, {"external_customer_id": customer}),
            (spec_for("ECOM_PRODUCTS"), {}, {"page": 1, "total": 5}),
            (spec_for("WALLETABLE_PRODUCTS"), {}, {}),
            (spec_for("PRODUCT_PRICES"), {}, {}),
            (spec_for("CURRENCY_RATES"), {}, {}),
            (spec_for("RATE_HISTORY"), {}, {"currency_code": "USD"}),
        ]
        for spec, path, query in calls:
            data = client.request(spec.endpoint, path_params=path, params=query)
            assert spec.check(data) == [], spec.name
        calculated = client.request(
            "CALCULATE_PRICE", body={"price_token": token, "items": [{"sku": "GAU", "amount": 1}]}
        )
        assert spec_for("CALCULATE_PRICE").check(calculated) == []
