"""Drift report: how a service's answers differ from the client's models and from the sandbox.

    from minted import Client, conformance
    with Client.from_env() as staging:
        report = conformance.run(staging, compare=sandbox_client)   # compare: optional
    report.clean                 # no endpoint differs or failed
    report.to_markdown()         # a table, one row per read-only endpoint
    report.to_json()

`run` calls every endpoint that reads (GETs, and the POSTs the catalogue marks ``reads_only``)
with safe inputs taken from earlier answers (`minted.conformance.plan`), never a write: a
request hook refuses anything else before it is sent.  For each it says whether the call
reached the service (a 404 on an assumed path: "path assumed wrong"), and what in the answer
differs from the model (`minted.specs.EndpointSpec.check`: fields the model lacks, fields
missing, wrong types, dates in another format) and, with ``compare``, from the same call's
answer there (`minted.conformance.shapes`: field sets and kinds of value, not values).

``python -m minted.conformance`` writes the report under ``reports/<date>/`` (see
``--help``).  This package is part of the client: it never imports the sandbox, which it
starts as a process of its own to compare with (`minted.conformance.local`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from minted import specs
from minted.client import Client
from minted.conformance import plan
from minted.conformance.report import Finding, Report, Result, Status, request_line
from minted.conformance.shapes import compare as compare_shapes
from minted.conformance.shapes import shape
from minted.endpoints import ALL
from minted.errors import (
    APIError,
    AuthenticationError,
    InvalidResponseError,
    MintedError,
    NotFoundError,
    TransportError,
    WriteRefusedError,
)
from minted.hooks import Call

__all__ = ["ComparisonUnavailable", "Finding", "Report", "Result", "run"]


class ComparisonUnavailable(MintedError):
    """The sandbox to compare with could not be reached, or refused the credentials."""


def run(client: Client, compare: Client | None = None, *, comparison_note: str = "") -> Report:
    """Call every read-only endpoint through ``client`` (and, to compare, through
    ``compare``, a client of the sandbox) and report how each answer differs.

    Raises the first call's `TransportError` or `AuthenticationError`: when the service
    cannot be reached, or refuses the credentials, no other call would fare better; and
    `ComparisonUnavailable` when the same happens with ``compare``."""
    started = datetime.now(UTC)
    outcomes = _calls(client, first_may_raise=True)
    theirs = {}
    if compare is not None:
        try:
            theirs = _calls(compare, first_may_raise=True)
        except (TransportError, AuthenticationError) as exc:
            raise ComparisonUnavailable(
                f"the sandbox to compare with at {compare.base_url} did not answer: {exc}"
            ) from exc
    results = []
    for step in plan.STEPS:
        result, data = outcomes[step.endpoint]
        other, their_data = theirs.get(step.endpoint, (None, None))
        if other is not None and other.status == "skipped" and result.status == "ok":
            result.note = f"not compared: the sandbox gave no input ({other.note})"
        elif other is not None and result.status == "ok":
            result.sandbox = _against(step, data, other, their_data)
        if result.status == "ok" and (result.model or result.sandbox):
            result.status = "drift"
        results.append(result)
    order = {endpoint: i for i, endpoint in enumerate(ALL)}
    results.sort(key=lambda r: order[r.endpoint])
    return Report(
        environment=client.environment.name,
        base_url=client.base_url,
        generated_at=started,
        results=results,
        compared_with=compare.base_url if compare is not None else None,
        comparison_note=comparison_note,
    )


def _calls(client: Client, *, first_may_raise: bool = False) -> dict[Any, tuple[Result, Any]]:
    context: plan.Context = {}
    outcomes = {}
    with _reads_only(client):
        for i, step in enumerate(plan.STEPS):
            first = first_may_raise and i == 0
            outcomes[step.endpoint] = _call(client, step, context, raise_=first)
    return outcomes


_REPORTING: ContextVar[bool] = ContextVar("minted_conformance_reporting", default=False)


def _refuse_writes(call: Call) -> None:
    if _REPORTING.get() and call.writes:
        raise WriteRefusedError("a drift report never writes", method=call.method, path=call.path)


@contextmanager
def _reads_only(client: Client) -> Iterator[None]:
    """Within this block (this thread), ``client`` refuses every write before sending it.

    The hook is added to the client once and stays, inert outside the block: a client may be
    shared (the console shares one per environment), and taking a hook out of the list while
    another thread walks it could make that thread skip one of its own hooks."""
    hooks = client.event_hooks["request"]
    if _refuse_writes not in hooks:
        hooks.append(_refuse_writes)
    token = _REPORTING.set(True)
    try:
        yield
    finally:
        _REPORTING.reset(token)


def _call(
    client: Client, step: plan.Step, context: plan.Context, *, raise_: bool
) -> tuple[Result, Any]:
    endpoint = step.endpoint
    called = client.endpoint(endpoint)
    if endpoint.writes or called.writes:  # the plan holds reads only; never trust it blindly
        return Result(endpoint, called, "skipped", note="a write: never called"), None
    try:
        inputs = step.prepare(context)
    except plan.Skip as skip:
        return Result(endpoint, called, "skipped", note=str(skip)), None
    result = Result(
        endpoint,
        called,
        "ok",
        request=request_line(called, inputs.path_params, inputs.params),
        body=inputs.body,
    )
    try:
        data = client.request(
            endpoint, path_params=inputs.path_params, params=inputs.params, body=inputs.body
        )
    except MintedError as error:
        if raise_ and isinstance(error, (TransportError, AuthenticationError)):
            raise
        return _failed(result, *_why(endpoint, error)), None
    result.http_status = 200
    result.model = _findings(specs.spec_for(endpoint).check(data))
    if step.learn is not None:
        # an answer of another shape teaches nothing, and the steps that needed it skip
        with contextlib.suppress(Exception):
            step.learn(context, data)
    return result, data


def _failed(result: Result, status: Status, note: str, http: int | None) -> Result:
    result.status, result.note, result.http_status = status, note, http
    return result


def _why(endpoint, error: MintedError) -> tuple[Status, str, int | None]:
    if isinstance(error, TransportError):
        return "unreachable", f"no answer: {error.message}", None
    status = error.status if isinstance(error, APIError) else None
    said = f"HTTP {status}: {error.message}" if status else error.message
    if isinstance(error, NotFoundError):
        what = "path assumed wrong" if endpoint.assumed else "not found at the documented path"
        return "unreachable", f"{what} ({said})", status
    if status == 405:
        what = "method assumed wrong" if endpoint.assumed else "method not allowed"
        return "unreachable", f"{what} ({said})", status
    if isinstance(error, InvalidResponseError):
        return "failed", f"not the documented envelope ({said})", status
    return "failed", said, status


def _findings(problems: list[specs.Problem]) -> list[Finding]:
    """Problems with list positions folded (``items[3]`` → ``items[]``), counted."""
    grouped: dict[tuple[str, str], list[specs.Problem]] = {}
    for problem in problems:
        where = re.sub(r"\[\d+\]", "[]", problem.where)
        grouped.setdefault((problem.kind, where), []).append(problem)
    return [
        Finding(kind, where, found[0].message, len(found))
        for (kind, where), found in grouped.items()
    ]


_SHAPE_KINDS = {"only here": "extra", "only there": "lacking", "kind": "kind"}


def _against(step: plan.Step, data: Any, other: Result, their_data: Any) -> list[Finding]:
    if other.status != "ok":
        return [Finding("sandbox failed", "", other.note or other.status)]
    response = specs.spec_for(step.endpoint).response
    differences = compare_shapes(shape(response, data), shape(response, their_data))
    findings = []
    for d in differences:
        if d.kind == "only here":
            message = f"{d.here} here; the sandbox does not send it"
        elif d.kind == "only there":
            message = f"the sandbox sends {d.there}; not here"
        else:
            message = f"{d.here} here; {d.there} in the sandbox"
        findings.append(Finding(_SHAPE_KINDS[d.kind], d.where, message))
    return findings
