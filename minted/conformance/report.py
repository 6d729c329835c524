"""A drift report: what each read-only endpoint answered, against its model and the sandbox,
as data (`Report`), a Markdown table (`Report.to_markdown`) and JSON (`Report.to_json`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode

from minted import _json
from minted.endpoints import Endpoint, describe

Status = Literal["ok", "drift", "unreachable", "failed", "skipped"]
NOT_DRIFT: frozenset[str] = frozenset({"ok", "skipped"})


@dataclass(frozen=True)
class Finding:
    """One difference, with the number of places (list items) it was seen in.

    Against the model, ``kind`` is `minted.specs.Problem`'s: ``unknown`` (a field the model
    lacks), ``missing`` (a required field not sent), ``absent`` (a declared field not sent),
    ``invalid`` (a value of the wrong type) or ``format`` (a date in another format).  Against
    the sandbox: ``extra`` (a field the sandbox does not send), ``lacking`` (a field only the
    sandbox sends), ``kind`` (another kind of value or date format) or ``sandbox failed``."""

    kind: str
    where: str  # "data.data[].order_at": [] is every item of a list
    message: str
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "where": self.where, "message": self.message} | {
            "count": self.count
        }


@dataclass
class Result:
    """One endpoint's call: how it went and what differed."""

    endpoint: Endpoint  # the catalogue's
    called: Endpoint  # as called (an override's method and path, if any)
    status: Status
    request: str = ""  # "GET /partner/orders?page=1&total=10"
    body: Any = None
    http_status: int | None = None
    note: str = ""  # why unreachable, failed or skipped
    model: list[Finding] = field(default_factory=list)
    sandbox: list[Finding] | None = None  # None: not compared

    @property
    def name(self) -> str:
        return self.endpoint.docs[0]

    @property
    def title(self) -> str:
        """The name as a report shows it: whether the path is assumed, and any override."""
        title = self.name + (" (assumed path)" if self.endpoint.assumed else "")
        return title + (f" (overridden: {describe(self.called)})" if self.overridden else "")

    @property
    def overridden(self) -> bool:
        return self.called != self.endpoint

    @property
    def drifted(self) -> bool:
        return self.status not in NOT_DRIFT

    def of_kind(self, *kinds: str) -> list[Finding]:
        return [f for f in self.model if f.kind in kinds]

    def to_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.name,
            "docs": list(self.endpoint.docs),
            "catalogue": self.endpoint.key,
            "called": describe(self.called),
            "overridden": self.overridden,
            "assumed": self.endpoint.assumed,
            "status": self.status,
            "request": self.request,
            "body": self.body,
            "http_status": self.http_status,
            "note": self.note,
            "model": [f.to_dict() for f in self.model],
            "sandbox": None if self.sandbox is None else [f.to_dict() for f in self.sandbox],
        }


@dataclass
class Report:
    environment: str
    base_url: str
    generated_at: datetime  # tz-aware
    results: list[Result]
    compared_with: str | None = None  # the sandbox's URL, or None
    comparison_note: str = ""  # why there is no comparison, when there is none

    @property
    def drift(self) -> list[Result]:
        """The endpoints that differ (from the model or the sandbox), or did not answer."""
        return [r for r in self.results if r.drifted]

    @property
    def clean(self) -> bool:
        return not self.drift

    def counts(self) -> dict[str, int]:
        counted = {status: 0 for status in ("ok", "drift", "unreachable", "failed", "skipped")}
        for result in self.results:
            counted[result.status] += 1
        return counted

    def result(self, endpoint: Endpoint | str) -> Result:
        """The result of a catalogue endpoint (or its first docs name)."""
        return next(r for r in self.results if endpoint in (r.endpoint, r.name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "base_url": self.base_url,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "compared_with": self.compared_with,
            "comparison_note": self.comparison_note,
            "clean": self.clean,
            "counts": self.counts(),
            "results": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return _json.dumps(self.to_dict(), indent=2) + "\n"

    def to_markdown(self) -> str:
        counts = self.counts()
        against = (
            f"compared with the sandbox at {self.compared_with}"
            if self.compared_with
            else f"not compared with the sandbox ({self.comparison_note or 'none given'})"
        )
        lines = [
            f"# Drift report: {self.environment}",
            "",
            f"{self.base_url}, {self.generated_at:%Y-%m-%d %H:%M %Z}; {against}.",
            "",
            "Every read-only endpoint, called with ids from earlier answers (never a write). "
            + ", ".join(f"{n} {status}" for status, n in counts.items() if n)
            + ("; no drift." if self.clean else f"; {len(self.drift)} with drift."),
            "",
            "| Endpoint | Call | Result | Not in the model | Missing | Types and formats "
            "| Against the sandbox |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.results:
            if r.sandbox is None:
                sandbox = "not compared" if r.status in ("ok", "drift") else ""
            else:
                sandbox = _sandbox_cell(r.sandbox) if r.sandbox else "same shape"
            result = r.status + (f": {r.note}" if r.note else "")
            lines.append(
                "| "
                + " | ".join(
                    _escape(x)
                    for x in (
                        r.title,
                        f"`{r.request}`" if r.request else "",
                        result,
                        _cell(r.of_kind("unknown")),
                        _cell(r.of_kind("missing", "absent")),
                        _cell(r.of_kind("invalid", "format")),
                        sandbox,
                    )
                )
                + " |"
            )
        details = [r for r in self.results if r.model or r.sandbox]
        if details:
            lines += ["", "## Details", ""]
            for r in details:
                lines.append(f"### {r.name}")
                lines.append("")
                for f in r.model:
                    lines.append(f"- model, {f.kind}: `{f.where}`: {f.message}{_times(f)}")
                for f in r.sandbox or []:
                    lines.append(f"- sandbox, {f.kind}: `{f.where}`: {f.message}{_times(f)}")
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def request_line(endpoint: Endpoint, path_params: dict[str, str], params: dict[str, Any]) -> str:
    path = endpoint.format_path(**path_params)
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{endpoint.method} {path}" + (f"?{query}" if query else "")


def _cell(findings: list[Finding]) -> str:
    if not findings:
        return "—"
    return ", ".join(
        f"`{_short(f.where)}`" + (" (required)" if f.kind == "missing" else "") for f in findings
    )


_SANDBOX_LABELS = {
    "extra": "only here",
    "lacking": "only in the sandbox",
    "kind": "other kind",
    "sandbox failed": "the sandbox failed",
}


def _sandbox_cell(findings: list[Finding]) -> str:
    parts = []
    for kind, label in _SANDBOX_LABELS.items():
        wheres = [f"`{_short(f.where)}`" for f in findings if f.kind == kind and f.where]
        if wheres or any(f.kind == kind for f in findings):
            parts.append(f"{label}: {', '.join(wheres)}" if wheres else label)
    return "; ".join(parts)


def _short(where: str) -> str:
    return where[5:] if where.startswith("data.") else where


def _times(finding: Finding) -> str:
    return f" ({finding.count} items)" if finding.count > 1 else ""


def _escape(text: str) -> str:
    return re.sub(r"[|\n]", lambda m: "\\|" if m.group() == "|" else " ", text)
