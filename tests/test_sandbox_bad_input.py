"""Bad input, sent to every route that takes that kind of field, is a 4xx in the documented
envelope naming the field, never a 500; afterwards the database holds exactly what it held.

Routes and their fields come from the sandbox's own /openapi.json (every partner operation of
`minted.endpoints`); a valid body is made from each schema and one field at a time is spoiled.
The limits are those of `minted.sandbox.limits`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minted import endpoints
from minted.sandbox import EmbeddedSandbox, SandboxSettings
from minted.sandbox.limits import MAX_BODY_BYTES

# -- the routes and their fields, from the published schema ------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db = tmp_path_factory.mktemp("bad-input") / "sandbox.db"
    with EmbeddedSandbox(SandboxSettings(db_path=str(db), demo_data=False)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def http(live):
    s = live.settings
    with httpx.Client(
        base_url=live.url,
        auth=httpx.DigestAuth(s.username, s.password),
        headers={"x-client-id": "web"},
        timeout=30,
    ) as client:
        created = client.post(
            "/partner/customer", json={"external_id": "cust-001", "firstname": "Ayşe"}
        )
        assert created.status_code == 200, created.text
        yield client


def _spec():
    from minted.sandbox.app import create_app

    app = create_app(SandboxSettings(db_path=":memory:", demo_data=False))
    return app.openapi()


SPEC = _spec()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in SPEC["paths"].items()
    if path.startswith("/partner/")
    for method, operation in item.items()
]


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # X | None: the X
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(options[0]) if options else {"type": "null"}
    return schema


def example(schema: dict, name: str = ""):
    """A value that the schema accepts and the sandbox's checks pass."""
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        required = set(schema.get("required", ()))
        return {
            key: example(sub, key)
            for key, sub in schema.get("properties", {}).items()
            if key in required
        }
    if kind == "array":
        return [example(schema.get("items", {}), name)] if schema.get("minItems") else []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-15"
    if "email" in name:
        return "ayse@example.com"
    if schema.get("minLength") == 32:
        return "a" * 32
    if name == "bin":
        return "450803"
    return "cust-001"


def fields(schema: dict, path: tuple = ()):
    """(path, schema) of every leaf field, items of arrays as index 0."""
    schema = _resolve(schema)
    if schema.get("type") == "object" and schema.get("properties"):
        for key, sub in schema["properties"].items():
            yield from fields(sub, (*path, key))
    elif schema.get("type") == "array":
        yield from fields(schema.get("items", {}), (*path, 0))
    elif path:
        yield path, schema


def body_with(schema: dict, path: tuple, value_json: str) -> bytes:
    """A valid body with the field at ``path`` replaced by raw JSON text (the objects on the
    way there made valid too)."""
    marker = "\u0000SPOILED\u0000"
    body = example(schema)
    node, sub = body, _resolve(schema)
    for key in path[:-1]:
        if isinstance(key, int):
            sub = _resolve(sub.get("items", {}))
            if not node:
                node.append(example(sub))
            node = node[0]
        else:
            sub = _resolve(sub["properties"][key])
            if not isinstance(node.get(key), dict | list):
                node[key] = [] if sub.get("type") == "array" else example(sub)
            node = node[key]
    if isinstance(path[-1], int):
        node[:] = [marker]
    else:
        node[path[-1]] = marker
    return json.dumps(body).replace(json.dumps(marker), value_json).encode()


def body_schema(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def concrete(path: str) -> str:
    return path.replace("{", "").replace("}", "")  # /partner/customer/external_id etc.


BODY_ROUTES = [(m, p, body_schema(op)) for m, p, op in OPERATIONS if body_schema(op)]

# Each class of bad value: (name, raw JSON, applies to a field schema?)
STRINGS = [
    ("lone surrogate", '"\\ud800x"'),
    ("300 characters", json.dumps("x" * 300)),
]
NUMBERS = [
    ("1e400", "1e400"),
    ("-1e400", "-1e400"),
    ("10^19", str(10**19)),
    ("string 1e999999", '"1e999999"'),
    ("string 1e400", '"1e400"'),
    ("string NaN", '"NaN"'),
    ("string Infinity", '"Infinity"'),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    ("5000 digits", "9" * 5000),
]
NOT_JSON = {"NaN", "Infinity", "9" * 5000}
DATES = [
    ("year 1", '"0001-01-01"'),
    ("year 9999", '"9999-12-31"'),
    ("month 13", '"2026-13-01"'),
    ("year 1 with time", '"0001-01-01T00:00:00+03:00"'),
]


def sub_of(schema: dict, path: tuple) -> dict:
    """The field's schema before `_resolve` picked one option of a union."""
    node = _resolve(schema)
    for key in path[:-1]:
        node = _resolve(node["items"] if isinstance(key, int) else node["properties"][key])
    return node["properties"][path[-1]] if not isinstance(path[-1], int) else node["items"]


def schema_options(schema: dict) -> list[dict]:
    return schema.get("anyOf", [schema])


def _cases():
    for method, path, schema in BODY_ROUTES:
        for field, sub in fields(schema):
            kind = sub.get("type")
            if kind == "string" and sub.get("format") in ("date", "date-time"):
                bad = DATES + STRINGS
            elif kind == "string" and "enum" not in sub:
                bad = STRINGS
            elif kind in ("number", "integer"):
                bad = NUMBERS + (
                    [("negative", "-1")]
                    if sub.get("minimum", -1) >= 0 or sub.get("exclusiveMinimum", -1) >= 0
                    else []
                )
                if any(s.get("type") == "string" for s in schema_options(sub_of(schema, field))):
                    bad = [b for b in bad if not b[1].startswith('"')]  # a string is a string
                if kind == "number" and "2 decimal" in sub.get("description", ""):
                    bad = [*bad, ("3 decimals", "1.001")]
                if kind == "number" and "4 decimal" in sub.get("description", ""):
                    bad = [*bad, ("5 decimals", "1.00001")]
            else:
                continue
            for name, raw in bad:
                dotted = ".".join(str(k) for k in field)
                yield pytest.param(
                    method, path, schema, field, raw, id=f"{method} {path} {dotted}: {name}"
                )


def assert_refused(response: httpx.Response, field: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    assert body["data"] is None and body["success"] is False
    assert isinstance(body["code"], int) and body["code"] > 0
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        # pydantic names a union's member inside the path: payment.CardTokenPayment.installment
        first, last = field.split(".")[0], field.split(".")[-1]
        named = [k for k in body.get("errors", {}) if k.startswith(first) and k.endswith(last)]
        assert field in body.get("errors", {}) or named, body
    return body


@pytest.fixture(scope="module")
def before(live, http):
    return dump(live)


def dump(sandbox) -> dict:
    connection = sqlite3.connect(sandbox.world.store.path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: sorted(map(repr, connection.execute(f"SELECT * FROM {t}"))) for t in tables}
    finally:
        connection.close()


@pytest.mark.parametrize(("method", "path", "schema", "field", "raw"), list(_cases()))
def test_a_bad_field_is_refused_by_name(http, before, method, path, schema, field, raw):
    body = body_with(schema, field, raw)
    response = http.request(
        method, concrete(path), content=body, headers={"content-type": "application/json"}
    )
    # Not JSON at all (NaN, Infinity, 5,000 digits): the parser cannot say where, only "body".
    dotted = "body" if raw in NOT_JSON else ".".join(str(k) for k in field)
    assert_refused(response, dotted)


WHOLE_BODIES = [
    ("not JSON", b"{'external_id': 1"),
    ("not UTF-8", b'{"external_id": "\xff\xfe"}'),
    ("UTF-16", '{"external_id": "x"}'.encode("utf-16")),
    ("NaN", b'{"amount": NaN}'),
    ("nested 100000 deep", b"[" * 100_000 + b"]" * 100_000),
    ("nested 20 deep", b'{"a":' * 20 + b"1" + b"}" * 20),
    ("a list of 6000", json.dumps({"items": [1] * 6000}).encode()),
]


@pytest.mark.parametrize(("name", "raw"), WHOLE_BODIES, ids=[n for n, _ in WHOLE_BODIES])
@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in BODY_ROUTES])
def test_a_bad_body_is_refused(http, before, method, path, name, raw):
    response = http.request(
        method, concrete(path), content=raw, headers={"content-type": "application/json"}
    )
    assert_refused(response)
    assert response.status_code == 422


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in BODY_ROUTES])
def test_a_body_over_one_mebibyte_is_413_in_the_envelope(http, before, method, path):
    big = json.dumps({"external_id": "cust-001", "firstname": "x" * MAX_BODY_BYTES}).encode()
    response = http.request(
        method, concrete(path), content=big, headers={"content-type": "application/json"}
    )
    body = assert_refused(response, "body")
    assert response.status_code == 413 and body["code"] == 1004
    # the connection is still good
    assert http.get("/partner/orders/statuses").status_code == 200


QUERY_CASES = [
    ("page", str(10**30)),
    ("page", "0"),
    ("page", "-1"),
    ("total", str(10**30)),
    ("startDate", "0001-01-01"),
    ("startDate", "9999-12-31"),
    ("endDate", "9999-12-31"),
    ("endDate", "2026-02-30"),
    ("startDate", "0001-01-01T00:00:00"),
    ("endDate", "9999-12-31T23:59:59+03:00"),
]


def _query_cases():
    for method, path, operation in OPERATIONS:
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        for name, value in QUERY_CASES:
            if name in names:
                yield pytest.param(method, path, name, value, id=f"{method} {path} {name}={value}")


@pytest.mark.parametrize(("method", "path", "name", "value"), list(_query_cases()))
def test_a_bad_query_value_is_refused_by_name(http, before, method, path, name, value):
    params = {"currency_code": "USD", "customer_external_id": "cust-001", name: value}
    if "page" in path or "ecom/products" in path:
        params.setdefault("total", "10")
    response = http.request(method, concrete(path), params=params)
    assert_refused(response, name)


def _path_cases():
    for method, path, _ in OPERATIONS:
        if "{" in path:
            for name, value in (("301 characters", "x" * 301), ("surrogate", "%ED%A0%80")):
                yield pytest.param(method, path, value, id=f"{method} {path}: {name}")


@pytest.mark.parametrize(("method", "path", "value"), list(_path_cases()))
def test_a_bad_path_value_is_refused(http, before, method, path, value):
    url = path.split("{", 1)[0] + value + path.split("}", 1)[1]
    response = http.request(method, url, json={} if method != "GET" else None)
    assert_refused(response)


def test_refusals_wrote_nothing(live, before):
    """After every refusal above, the database is what it was, table by table, row by row."""
    assert dump(live) == before


def test_every_catalogued_route_was_enumerated():
    published = {(m, p) for m, p, _ in OPERATIONS}
    catalogue = {(e.method, e.path) for e in endpoints.ALL if e.path.startswith("/partner/")}
    assert catalogue <= published


# -- unknown fields are ignored, and an update touches only its own record ---------------------
def test_an_update_writes_only_the_record_its_path_names(http, before):
    a = http.post("/partner/customer", json={"external_id": "cust-a", "firstname": "Alice"})
    b = http.post("/partner/customer", json={"external_id": "cust-b", "firstname": "Bob"})
    a_id = a.json()["data"]["id"]
    patched = http.patch(
        "/partner/customer/cust-b",
        json={"id": a_id, "external_id": "cust-a", "firstname": "Mallory", "is_admin": True},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"]["id"] == b.json()["data"]["id"]
    assert patched.json()["data"]["external_id"] == "cust-b"
    assert "is_admin" not in patched.json()["data"]
    after = http.get("/partner/customer/cust-a").json()["data"]
    assert after["firstname"] == "Alice" and after["id"] == a_id
    created = http.post(
        "/partner/customer", json={"external_id": "cust-c", "firstname": "Carol", "id": a_id}
    ).json()["data"]
    assert created["id"] != a_id


def test_documented_string_rules(http, before):
    for bad in ("", "ab", "a/b", "=1+1", "x" * 41, "with space"):
        assert_refused(http.post("/partner/customer", json={"external_id": bad}), "external_id")
    assert_refused(
        http.post("/partner/customer", json={"external_id": "cust-x1", "firstname": "Al"}),
        "firstname",
    )
    assert_refused(
        http.post("/partner/customer", json={"external_id": "cust-x1", "email": "no-at-sign"}),
        "email",
    )
    assert_refused(
        http.post("/partner/order/digital/buy", json={"external_id": "x" * 111, "items": []}),
        "external_id",
    )
    assert_refused(
        http.post(
            "/partner/order/digital/buy", json={"items": [{"sku": "GAU", "amount": 1}] * 101}
        ),
        "items",
    )
    # the docs' own example sends an empty middle name: that is "not given", not too short
    ok = http.post(
        "/partner/customer",
        json={"external_id": "cust-x2", "firstname": "Mehmet", "middlename": "", "lastname": "Gül"},
    )
    assert ok.status_code == 200, ok.text


def test_import_rows_follow_create_customer(http, before):
    rows = [{"external_id": bad, "firstname": "Row"} for bad in ("", "a/b", "=1+1")]
    rows.append({"external_id": "row-ok", "firstname": "Row", "id": 1})
    job = http.post("/partner/walletable/import", json={"type": "customers", "rows": rows})
    if job.status_code == 404:
        pytest.skip("no import route")
    data = job.json()["data"]
    assert data["processed_rows"] == 1 and data["failed_rows"] == 3
    assert http.get("/partner/customer/row-ok").status_code == 200


def test_the_clients_own_rate_history_with_dates_is_accepted(live):
    import minted

    s = live.settings
    with minted.Client(s.username, s.password, base_url=live.url) as client:
        today = client.currency_rates.list()[0].updated_at.date()
        history = client.currency_rates.history(
            "USD", start_date=date(today.year - 1, 1, 1), end_date=today
        )
        assert history.points


# -- every string and every number, not only the chosen ones -----------------------------------
any_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None),
    max_size=300,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=any_text)
def test_any_name_is_stored_exactly_or_refused(http, before, text):
    # ensure_ascii writes a lone surrogate as the \\ud800 escape a hostile client would send
    body = json.dumps({"firstname": text}, ensure_ascii=True).encode()
    response = http.patch(
        "/partner/customer/cust-001", content=body, headers={"content-type": "application/json"}
    )
    if response.status_code == 200:
        stored = http.get("/partner/customer/cust-001").json()["data"]["firstname"]
        assert stored == text
        assert 3 <= len(text) <= 40 or text == ""
    else:
        assert_refused(response, "firstname")


numbers = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.from_regex(r"-?[0-9]{1,30}(\.[0-9]{1,12})?([eE][+-]?[0-9]{1,7})?", fullmatch=True),
)


def _raw_number(value) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, Decimal):
        return json.dumps(str(value))
    return repr(value) if not isinstance(value, float) else json.dumps(value)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(amount=numbers)
def test_any_cash_amount_is_applied_exactly_or_refused(live, http, before, amount):
    raw = _raw_number(amount)
    body = ('{"amount": ' + raw + ', "currency_code": "TRY"}').encode()
    response = http.patch(
        "/partner/balance/customer/cust-001",
        content=body,
        headers={"content-type": "application/json"},
    )
    if response.status_code == 200:
        value = Decimal(json.loads(raw) if isinstance(json.loads(raw), str) else raw)
        assert value.is_finite() and abs(value) < 10**12
        assert value == value.quantize(Decimal("0.01"))
    else:
        assert_refused(response)
    # whatever happened, the customer can still be read by the client's own models
    import minted

    s = live.settings
    with minted.Client(s.username, s.password, base_url=live.url) as client:
        client.customers.get("cust-001")
        client.balances.customer("cust-001")


# -- a 500 keeps the connection ------------------------------------------------------------------
def _local_port(response: httpx.Response) -> int:
    return response.extensions["network_stream"].get_extra_info("socket").getsockname()[1]


def test_a_500_keeps_the_connection_for_the_next_write(sandbox, monkeypatch):
    def broken():
        raise RuntimeError("a bug in the sandbox")

    s = sandbox.settings
    with httpx.Client(
        base_url=sandbox.url,
        auth=httpx.DigestAuth(s.username, s.password),
        headers={"x-client-id": "web"},
        limits=httpx.Limits(max_connections=1),
    ) as http:
        first = http.get("/partner/orders/statuses")
        monkeypatch.setattr(sandbox.world, "partner_balance_lines", broken)
        failed = http.get("/partner/balance")
        assert failed.status_code == 500
        assert failed.json() == {
            "data": None,
            "success": False,
            "code": 9999,
            "message": "Sandbox error: RuntimeError",
        }
        assert failed.headers.get("connection") != "close"
        write = http.post("/partner/customer", json={"external_id": "after-500"})
        assert write.status_code == 200, write.text
        assert _local_port(first) == _local_port(failed) == _local_port(write)
        # an injected 500 too
        sandbox.control(
            "POST", "/faults", json={"route": "GET /partner/orders/statuses", "status": 500}
        )
        assert http.get("/partner/orders/statuses").status_code == 500
        again = http.patch("/partner/customer/after-500", json={"firstname": "Kept"})
        assert again.status_code == 200 and _local_port(again) == _local_port(first)
