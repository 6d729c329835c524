"""The drift report from the console (`minted.conformance`), as a table and two files.

Plain functions: the explorer page runs the report with the session's client and shows
`drift_frame`; the files are the ones ``python -m minted.conformance`` writes.
"""

from __future__ import annotations

import pandas as pd

from minted import conformance
from minted.client import Client
from minted.conformance import Report
from minted.conformance.report import Finding

DRIFT_COLUMNS = ["endpoint", "call", "result", "model", "sandbox"]


def _findings(findings: list[Finding] | None, none: str) -> str:
    if findings is None:
        return none
    if not findings:
        return "same"
    return "; ".join(
        f"{f.kind} {f.where}" + (f" ×{f.count}" if f.count > 1 else "") for f in findings
    )


def drift_frame(report: Report) -> pd.DataFrame:
    """One row per read-only endpoint, the drifted ones first (the table is data: shown by
    st.dataframe, never as Markdown)."""
    rows = []
    for result in sorted(report.results, key=lambda r: not r.drifted):
        rows.append(
            {
                "endpoint": result.title,
                "call": result.request,
                "result": result.status + (f": {result.note}" if result.note else ""),
                "model": _findings(result.model, "—"),
                "sandbox": _findings(
                    result.sandbox, "not compared" if result.status in ("ok", "drift") else ""
                ),
            }
        )
    return pd.DataFrame(rows, columns=DRIFT_COLUMNS)


def run_against(client: Client, sandbox_url: str | None, username: str, password: str) -> Report:
    """The drift report of ``client``'s environment, compared with the console's sandbox at
    ``sandbox_url`` (None: not compared, e.g. when ``client`` is that sandbox)."""
    if sandbox_url is None:
        return conformance.run(client, comparison_note="this is the sandbox itself")
    with Client(username, password, base_url=sandbox_url) as sandbox:
        return conformance.run(client, compare=sandbox)


def report_files(report: Report) -> dict[str, tuple[str, bytes, str]]:
    """The report as the CLI writes it: ``{kind: (file name, bytes, mime)}``, named by the
    environment and the day it was made."""
    day = f"{report.generated_at:%Y-%m-%d}"
    stem = f"drift-{report.environment}-{day}"
    return {
        "Markdown": (f"{stem}.md", report.to_markdown().encode("utf-8"), "text/markdown"),
        "JSON": (f"{stem}.json", report.to_json().encode("utf-8"), "application/json"),
    }


def summary(report: Report) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items() if n)
    verdict = "no drift" if report.clean else f"{len(report.drift)} endpoint(s) with drift"
    return f"{counts} — {verdict}"
