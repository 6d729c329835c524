"""The drift report (`minted.conformance`): against the sandbox itself it finds nothing; against
a sandbox made to differ (a renamed field, a date in another format, a moved path, an extra
field) it finds exactly those; it never sends a write; and its command writes the report."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import minted
from minted import _json, conformance, endpoints
from minted.conformance import plan
from minted.conformance.shapes import compare, shape
from minted.models import Page, WalletableOrder

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "sandbox-pass-2026"  # the sandbox's documented default: tests' sandboxes use it
MOVED = {"Partner › Card Payment – Payment Get All Types": "GET /partner/payment/type-list"}


def viewer(sandbox, **kwargs) -> minted.Client:
    s = sandbox.settings
    return minted.Client(s.readonly_username, s.readonly_password, base_url=sandbox.url, **kwargs)


# -- a service that differs from the sandbox on purpose -------------------------------------------
class Rewriting(httpx.BaseTransport):
    """Sends every request on, remembers it, and rewrites the JSON answers of some calls: the
    way a real service might differ from the sandbox, without touching the sandbox."""

    def __init__(self, rules: dict[tuple[str, str], callable]) -> None:
        self.rules = rules  # (method, path regex) → fn(data) changing the envelope's data
        self.seen: list[tuple[str, str]] = []
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path))
        response = self.inner.handle_request(request)
        rule = next(
            (
                fn
                for (method, pattern), fn in self.rules.items()
                if method == request.method and re.fullmatch(pattern, request.url.path)
            ),
            None,
        )
        if rule is None or response.status_code != 200:
            return response
        envelope = _json.loads(response.read())
        rule(envelope["data"])
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "content-encoding")
        }
        return httpx.Response(200, headers=headers, content=_json.dumps(envelope).encode())

    def close(self) -> None:
        self.inner.close()


def rename_fullname(customer: dict) -> None:
    customer["full_name"] = customer.pop("fullname")


def sql_order_at(page: dict) -> None:
    for order in page["data"]:  # "2026-03-13T11:57:25.000000Z" → "2026-03-13 11:57:25"
        order["order_at"] = order["order_at"][:19].replace("T", " ")


def add_effective_from(legal: dict) -> None:
    legal["effective_from"] = "2026-01-01"


RULES = {
    ("GET", r"/partner/customer/[^/]+"): rename_fullname,
    ("GET", r"/partner/walletable/orders"): sql_order_at,
    ("POST", r"/partner/legal"): add_effective_from,
}


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    """A seeded sandbox serving Payment Get All Types elsewhere (an endpoint override)."""
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    db = tmp_path_factory.mktemp("drifted") / "sandbox.db"
    with EmbeddedSandbox(SandboxSettings(db_path=str(db), endpoint_overrides=MOVED)) as sandbox:
        yield sandbox


def writes_in(calls) -> list[tuple[str, str]]:
    """The calls of ``calls`` (method, path) that are writes of the catalogue, wherever the
    drifted sandbox serves them."""
    overrides = endpoints.parse_overrides(MOVED)
    found = []
    for method, path in calls:
        resolved = endpoints.resolve(method, path, overrides) or endpoints.resolve(method, path)
        if resolved is None or resolved[0].writes:
            found.append((method, path))
    return found


# -- the acceptance -------------------------------------------------------------------------------
def test_against_the_sandbox_itself_there_is_no_drift(seeded_sandbox):
    with viewer(seeded_sandbox) as client, viewer(seeded_sandbox) as same:
        report = conformance.run(client, compare=same)
    assert report.drift == [], report.to_markdown()
    assert report.clean and report.compared_with == seeded_sandbox.url
    reads = [e for e in endpoints.ALL if not e.writes]
    assert [r.endpoint for r in report.results] == reads  # every read, in catalogue order
    skipped = {r.endpoint: r.note for r in report.results if r.status == "skipped"}
    assert set(skipped) <= {endpoints.IMPORT_STATUS, endpoints.BASKET_GET}, skipped
    assert "Import Queue (a write)" in skipped[endpoints.IMPORT_STATUS]
    for result in report.results:
        if result.status == "ok":
            assert result.model == [] and result.sandbox == [] and result.http_status == 200


def test_each_deliberate_difference_is_reported_and_nothing_else(drifted, seeded_sandbox):
    transport = Rewriting(RULES)
    with viewer(drifted, http_transport=transport) as client, viewer(seeded_sandbox) as sandbox:
        report = conformance.run(client, compare=sandbox)

    def found(result, side):
        return {(f.kind, f.where) for f in getattr(result, side)}

    assert {r.name for r in report.drift} == {
        "Partner › Get Customer",
        "Walletable › Get Orders",
        "Partner › Card Payment – Payment Get All Types",
        "Partner › Partner Legal",
    }, report.to_markdown()
    renamed = report.result(endpoints.CUSTOMER_GET)
    assert found(renamed, "model") == {("unknown", "data.full_name"), ("absent", "data.fullname")}
    assert found(renamed, "sandbox") == {("extra", "data.full_name"), ("lacking", "data.fullname")}

    dated = report.result(endpoints.WALLETABLE_ORDERS)
    assert found(dated, "model") == {("format", "data.data[].order_at")}
    assert dated.model[0].count == 10  # one finding for the ten orders of the page
    assert "the model writes" in dated.model[0].message
    assert found(dated, "sandbox") == {("kind", "data.data[].order_at")}
    assert "date 9999-99-99 99:99:99 here; date 9999-99-99T99:99:99.999999Z in the sandbox" in (
        dated.sandbox[0].message
    )

    moved = report.result(endpoints.PAYMENT_TYPES)
    assert moved.status == "unreachable" and moved.http_status == 404
    assert moved.note.startswith("path assumed wrong (HTTP 404")
    assert moved.model == [] and moved.sandbox is None

    extra = report.result(endpoints.PARTNER_LEGAL)
    assert found(extra, "model") == {("unknown", "data.effective_from")}
    assert found(extra, "sandbox") == {("extra", "data.effective_from")}

    markdown = report.to_markdown()
    assert "| Partner › Get Customer | `GET /partner/customer/" in markdown
    assert "path assumed wrong" in markdown and "4 with drift" in markdown
    assert "| only here: `full_name`; only in the sandbox: `fullname` |" in markdown
    assert "| other kind: `data[].order_at` |" in markdown
    data = json.loads(report.to_json())
    assert data["clean"] is False and data["counts"]["unreachable"] == 1
    assert len(data["results"]) == len(report.results)


def test_it_never_sends_a_write(drifted, seeded_sandbox):
    before = len(drifted.control("GET", "/journal", params={"limit": 1000}))
    transport = Rewriting({})
    with viewer(drifted, http_transport=transport) as client, viewer(seeded_sandbox) as sandbox:
        conformance.run(client, compare=sandbox)
    assert len(transport.seen) > 36
    assert writes_in(transport.seen) == []
    methods = {method for method, _ in transport.seen}
    assert methods == {"GET", "POST"}  # POSTs only of reads_only endpoints (checked above)
    journal = drifted.control("GET", "/journal", params={"limit": 1000})
    served = [(e["method"], e["path"]) for e in journal[: len(journal) - before]]
    assert served and writes_in(served) == []


def test_a_write_is_refused_before_it_is_sent_even_if_the_plan_held_one(monkeypatch, recorder):
    create = plan.Step(endpoints.CUSTOMER_CREATE, lambda c: plan.Inputs(body={"external_id": "x"}))
    monkeypatch.setattr(plan, "STEPS", (*plan.STEPS[:1], create))
    client = recorder.client()
    report = conformance.run(client)
    assert report.result(endpoints.CUSTOMER_CREATE).status == "skipped"
    assert [r.method for r in recorder.requests] == ["GET"]
    with conformance._reads_only(client), pytest.raises(minted.WriteRefusedError):
        client.request("CUSTOMER_CREATE", body={"external_id": "x"})
    assert recorder.requests[-1].method == "GET"  # refused before it was sent
    client.request("CUSTOMER_CREATE", body={"external_id": "x"})  # outside a run: the
    assert recorder.requests[-1].method == "POST"  # client's own business, not refused


def test_a_sandbox_without_the_ids_compares_what_it_can_and_that_is_no_drift(
    seeded_sandbox, sandbox
):
    """An empty sandbox has no orders to take a customer from: the calls needing one are
    not compared (and say so), the rest are; neither is drift."""
    with viewer(seeded_sandbox) as client, viewer(sandbox) as empty:
        report = conformance.run(client, compare=empty)
    assert report.clean, report.to_markdown()
    customer = report.result(endpoints.CUSTOMER_GET)
    assert customer.status == "ok" and customer.sandbox is None
    assert customer.note == (
        "not compared: the sandbox gave no input (no customer to use: Get Orders gave none)"
    )
    assert report.result(endpoints.ORDERS).sandbox == []  # an empty page: nothing to differ
    assert report.result(endpoints.ORDER_STATUSES).sandbox == []


def test_the_plan_has_a_step_for_every_read_and_no_write():
    stepped = [step.endpoint for step in plan.STEPS]
    assert len(stepped) == len(set(stepped))
    assert set(stepped) == {e for e in endpoints.ALL if not e.writes}


def test_shapes_compare_kinds_and_fields_not_values():
    page = Page[WalletableOrder]
    one = {"current_page": 1, "data": [{"guid": "A", "total": 3, "order_at": None}]}
    two = {"current_page": 2, "data": [{"guid": "B", "total": 3.15, "order_at": "x"}]}
    assert compare(shape(page, one), shape(page, two)) == []  # values, null, int and decimal
    empty = {"current_page": 1, "data": []}
    assert compare(shape(page, one), shape(page, empty)) == []  # an empty list says nothing
    cash_a = {"cash": {"TRY": 1}, "holdings": []}
    cash_b = {"cash": {"USD": 2}, "holdings": []}
    from minted.models import Summary

    assert compare(shape(Summary, cash_a), shape(Summary, cash_b)) == []  # a map's keys are data
    assert [d.kind for d in compare(shape(Summary, {"total_value": "1.00"}), shape(Summary, {
        "total_value": 1})) ] == ["kind"]  # fmt: skip


# -- the command ----------------------------------------------------------------------------------
def cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MINTED_")}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "minted.conformance", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environ,
        timeout=180,
    )


def unused_port() -> int:
    """A port nothing listens on (it was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def written(out: Path, environment: str) -> tuple[str, dict]:
    (folder,) = out.iterdir()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", folder.name)
    markdown = (folder / f"drift-{environment}.md").read_text(encoding="utf-8")
    return markdown, json.loads((folder / f"drift-{environment}.json").read_text("utf-8"))


def test_the_command_writes_markdown_and_json_under_a_dated_folder(seeded_sandbox, tmp_path):
    out = tmp_path / "reports"
    run = cli(
        "--environment", "sandbox", "--base-url", seeded_sandbox.url,
        "--compare-with", seeded_sandbox.url, "--out", str(out),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "no drift" in run.stdout and "wrote" in run.stdout
    markdown, data = written(out, "sandbox")
    assert markdown.startswith("# Drift report: sandbox")
    assert "| Partner › Get Orders (assumed path) | `GET /partner/orders?page=1&total=10` | ok" in (
        markdown
    )
    assert data["clean"] is True and data["compared_with"] == seeded_sandbox.url
    assert PASSWORD not in run.stdout + run.stderr + markdown + json.dumps(data)


def test_secrets_give_credentials_and_the_environment_s_endpoint_overrides(
    drifted, seeded_sandbox, tmp_path
):
    secret = "a-secret-of-staging"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[environments.staging]\n"
        f'username = "sandbox-viewer"\npassword = "{PASSWORD}"\nbase_url = "{drifted.url}"\n'
        "[environments.staging.endpoints]\n"
        + "".join(f'"{k}" = "{v}"\n' for k, v in MOVED.items())
        + "[environments.production]\n"
        + f'username = "x"\npassword = "{secret}"\n',
        encoding="utf-8",
    )
    run = cli("--secrets", str(secrets), "--compare-with", seeded_sandbox.url, "--out", "out",
              cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr
    markdown, data = written(tmp_path / "out", "staging")
    moved = next(r for r in data["results"] if r["catalogue"] == "GET /partner/payment/types")
    assert moved["status"] == "ok" and moved["overridden"] is True
    assert moved["request"] == "GET /partner/payment/type-list"
    assert "(overridden: GET /partner/payment/type-list api-version=2)" in markdown
    assert data["clean"] is True
    assert secret not in run.stdout + run.stderr + markdown


def test_fail_on_drift_exits_1_when_the_report_shows_drift(drifted, seeded_sandbox, tmp_path):
    """The drifted sandbox serves Payment Get All Types elsewhere; without the override the
    report finds the path wrong, writes it, and fails the run only when asked to."""
    args = ["--environment", "sandbox", "--base-url", drifted.url, "--compare-with",
            seeded_sandbox.url, "--out", str(tmp_path)]  # fmt: skip
    run = cli(*args, "--fail-on-drift")
    assert run.returncode == 1, run.stderr
    assert "1 endpoint(s) with drift" in run.stdout
    markdown, data = written(tmp_path, "sandbox")
    assert "| unreachable: path assumed wrong (HTTP 404: No such route)" in markdown
    assert data["counts"]["unreachable"] == 1 and not data["clean"]


def test_missing_credentials_say_what_to_set(tmp_path):
    run = cli("--environment", "staging", "--out", str(tmp_path))
    assert run.returncode == 2
    assert "no credentials for staging: set MINTED_USERNAME and MINTED_PASSWORD" in run.stderr
    assert list(tmp_path.iterdir()) == []
    run = cli("--secrets", str(tmp_path / "none.toml"), "--out", str(tmp_path))
    assert run.returncode == 2 and "cannot read" in run.stderr


def test_an_unreachable_server_is_a_clear_error_and_no_report(tmp_path):
    port = unused_port()
    secret = "never-shown-9f3"
    run = cli(
        "--base-url", f"http://127.0.0.1:{port}", "--no-compare", "--out", str(tmp_path),
        env={"MINTED_USERNAME": "ops", "MINTED_PASSWORD": secret},
    )  # fmt: skip
    assert run.returncode == 3
    assert f"cannot reach http://127.0.0.1:{port}" in run.stderr
    assert "nothing listens there" in run.stderr
    assert secret not in run.stdout + run.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_comparison_sandbox_is_a_clear_error(seeded_sandbox, tmp_path):
    port = unused_port()
    run = cli("--environment", "sandbox", "--base-url", seeded_sandbox.url, "--compare-with",
              f"http://127.0.0.1:{port}", "--out", str(tmp_path))  # fmt: skip
    assert run.returncode == 3
    assert f"the sandbox to compare with at http://127.0.0.1:{port} did not answer" in run.stderr
    assert "--no-compare to report without it" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_refused_credentials_are_a_clear_error(seeded_sandbox, tmp_path):
    run = cli(
        "--environment", "sandbox", "--base-url", seeded_sandbox.url, "--no-compare",
        "--out", str(tmp_path), env={"MINTED_USERNAME": "ops", "MINTED_PASSWORD": "wrong-pw"},
    )  # fmt: skip
    assert run.returncode == 3 and "refused the credentials of 'ops'" in run.stderr
    assert "wrong-pw" not in run.stdout + run.stderr


def test_without_the_sandbox_extra_the_report_says_so_and_has_no_comparison(
    seeded_sandbox, tmp_path
):
    block = (
        "import sys, runpy\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'fastapi', 'uvicorn'}:\n"
        "            raise ImportError(name + ' is not installed (blocked by the test)')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"sys.argv = ['x', '--environment', 'sandbox', '--base-url', {seeded_sandbox.url!r},\n"
        f"            '--out', {str(tmp_path)!r}]\n"
        "runpy.run_module('minted.conformance', run_name='__main__')\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MINTED_")}
    environ["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-c", block], capture_output=True, text=True, env=environ, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "no sandbox comparison: the sandbox extra is not installed" in run.stderr
    markdown, data = written(tmp_path, "sandbox")
    assert data["compared_with"] is None
    assert "the sandbox extra is not installed" in data["comparison_note"]
    assert "not compared with the sandbox (the sandbox extra is not installed" in markdown


def test_the_command_starts_a_sandbox_of_its_own_on_a_port_the_system_picks(tmp_path):
    run = cli("--environment", "sandbox", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    _, data = written(tmp_path, "sandbox")
    assert data["clean"] is True
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", data["base_url"])
    assert not data["base_url"].endswith(":0")


def test_the_report_s_own_sandbox_starts_on_a_port_of_its_own_and_answers():
    """What the drift report runs without ``--compare-with``: a sandbox process on a port the
    system picks, found by its banner (uvicorn, serving on the sandbox's own socket, does not
    say where)."""
    from minted.conformance.local import LocalSandbox

    with LocalSandbox() as sandbox:
        assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*", sandbox.url)
        with sandbox.client() as client:
            assert client.orders.statuses()[0].name == "Created"
        process = sandbox._process
    assert process.poll() is not None  # stopped with the block
