"""The sandbox's data paths at a large history: ``python -m bench.data_paths [N ...]``.

For each N (default 50,000 and 500,000): ``python -m minted.sandbox --demo-orders N`` makes a
new database (N orders over a year, made in bulk) and serves it in its own process; this
process asks it over loopback with plain httpx (Digest auth paid once, before timing), each
request warmed once and then timed ``REPEATS`` times.  Every figure is the median, and its
ratio against the floor measured in the same run: GET /partner/orders/statuses, which touches
no data (the same HTTP, auth, routing and envelope).  ``--code DIR`` serves the sandbox from
another checkout (the "before" figures: the database is made by this one, then read by that).

Part (c) of ``python -m bench`` runs it; `render` writes its section of bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from bench import results_file

ROOT = Path(__file__).resolve().parent.parent
SIZES = (50_000, 500_000)
HISTORY_DAYS = 365
REPEATS = 9
CUSTOMER = "MTD0018232"
USERNAME, PASSWORD = "sandbox-partner", "sandbox-pass-2026"
TARGET_MS = 100  # issue 13: at 500k orders, stats over 365 days and any list page


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sandbox(db: Path, orders: int, code: Path) -> tuple[subprocess.Popen, str, float]:
    """The sandbox in its own process; returns it, its URL and the seconds until it answered
    (for a new database: making the orders, then starting)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(code)}
    for name in ("MINTED_SANDBOX_USERNAME", "MINTED_SANDBOX_PASSWORD"):
        env.pop(name, None)
    command = [
        sys.executable,
        "-m",
        "minted.sandbox",
        "--db",
        str(db),
        "--port",
        str(port),
        "--quiet",
    ]
    if orders:
        command += ["--demo-orders", str(orders), "--history-days", str(HISTORY_DAYS)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=code, env=env)
    url = f"http://127.0.0.1:{port}"
    with httpx.Client(timeout=2) as poll:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the sandbox exited ({process.returncode})")
            try:
                if poll.get(f"{url}/_sandbox/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    return process, url, time.perf_counter() - started


def _as_kept_by(db: Path, code: Path) -> None:
    """The database as ``code``'s sandbox would have kept it: without the tables and indexes
    its store does not name (else the old code would be measured with the new indexes)."""
    import sqlite3

    schema = (code / "minted" / "sandbox" / "store.py").read_text()
    connection = sqlite3.connect(db)
    try:
        for kind, name in connection.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            if name not in schema:
                connection.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        connection.commit()
    finally:
        connection.close()


def cases(today) -> list[tuple[str, str, str, dict]]:
    """(label, method, path, request options)."""
    day30, day365 = today - timedelta(days=29), today - timedelta(days=364)
    stats = "/partner/balance/stats"

    def body(start, **extra):
        return {"json": {"start_date": start.isoformat(), "end_date": today.isoformat(), **extra}}

    page = {"page": 1, "total": 25}
    return [
        ("floor: GET /partner/orders/statuses", "GET", "/partner/orders/statuses", {}),
        ("stats, 30 days", "POST", stats, body(day30)),
        ("stats, 365 days", "POST", stats, body(day365)),
        (
            "stats, 365 days, one customer",
            "POST",
            stats,
            body(day365, customer_external_id=CUSTOMER),
        ),
        ("customer 7-day stats", "GET", f"/partner/balance/customer/{CUSTOMER}/stats", {}),
        ("partner balance", "GET", "/partner/balance", {}),
        ("customer balance", "GET", f"/partner/balance/customer/{CUSTOMER}", {}),
        ("orders, page 1", "GET", "/partner/orders", {"params": page}),
        ("walletable orders, page 1", "GET", "/partner/walletable/orders", {"params": page}),
        ("ecom orders, page 1", "GET", "/partner/ecom/orders", {"params": page}),
        (
            "one customer's orders, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "customer_external_id": CUSTOMER}},
        ),
        (
            "status + type filter, page 1",
            "GET",
            "/partner/walletable/orders",
            {"params": {**page, "status": "5", "tx_type": "buy"}},
        ),
        (
            "one customer, status + type, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "customer_external_id": CUSTOMER, "status": "5", "tx_type": "buy"}},
        ),
        (
            "orders by total, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "sortBy": "total"}},
        ),
        (
            "orders by type, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "sortBy": "type"}},
        ),
        (
            "orders by customer, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "sortBy": "customer_external_id"}},
        ),
        (
            "sku filter, page 1",
            "GET",
            "/partner/orders",
            {"params": {**page, "sku": "GAU"}},
        ),
        (
            "walletable orders, page 2,000 (offset 50k)",
            "GET",
            "/partner/walletable/orders",
            {"params": {"page": 2000, "total": 25}},
        ),
        (
            "orders, page 2,000 (offset 50k)",
            "GET",
            "/partner/orders",
            {"params": {"page": 2000, "total": 25}},
        ),
        (
            "status + type filter, page 2,000 (offset 50k)",
            "GET",
            "/partner/walletable/orders",
            {"params": {"page": 2000, "total": 25, "status": "5", "tx_type": "buy"}},
        ),
        (
            "orders, page 19,000 (offset 475k)",
            "GET",
            "/partner/orders",
            {"params": {"page": 19000, "total": 25}},
        ),
    ]


def measure(url: str) -> list[dict]:
    auth = httpx.DigestAuth(USERNAME, PASSWORD)
    headers = {"x-client-id": "web", "api-version": "3"}
    with httpx.Client(base_url=url, auth=auth, headers=headers, timeout=120) as client:
        client.get("/partner/orders/statuses").raise_for_status()  # the digest challenge
        now = httpx.get(f"{url}/_sandbox/clock").json()["data"]["now"]
        from datetime import datetime

        from minted.types import API_TIMEZONE

        today = datetime.fromisoformat(now).astimezone(API_TIMEZONE).date()
        rows = []
        for label, method, path, options in cases(today):
            timings = []
            answer = None
            for attempt in range(REPEATS + 1):
                started = time.perf_counter()
                response = client.request(method, path, **options)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if attempt:
                    timings.append(elapsed)
                answer = response.json()["data"]
            rows.append({"label": label, "ms": statistics.median(timings), "answer": _gist(answer)})
    floor = rows[0]["ms"]
    for row in rows:
        row["ratio"] = row["ms"] / floor
    return rows


def _gist(answer) -> str:
    """What the answer said, in a few words (to see before and after agree)."""
    if isinstance(answer, dict) and "total" in answer and "last_page" in answer:
        return f"total {answer['total']}, last page {answer['last_page']}"
    if isinstance(answer, dict) and "points" in answer:
        points = answer["points"]
        if points and "order_count" in points[0]:
            return f"{sum(p['order_count'] for p in points)} orders in {len(points)} days"
        return f"{len(points)} points"
    if isinstance(answer, list):
        return f"{len(answer)} items"
    return ""


def run(sizes=SIZES, code: Path = ROOT, workdir: Path | None = None) -> dict:
    results = {"sizes": {}, "load": os.getloadavg()}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for size in sizes:
            db = Path(tmp) / f"orders-{size}.db"
            # Made by this checkout's sandbox (its bulk history), then served by ``code``'s.
            process, url, made_s = start_sandbox(db, size, ROOT)
            try:
                if code != ROOT:
                    process.terminate()
                    process.wait(timeout=30)
                    _as_kept_by(db, code)
                    process, url, _ = start_sandbox(db, 0, code)
                rows = measure(url)
                browser = balances_in_browser(url, Path(tmp)) if size == max(sizes) else None
            finally:
                process.terminate()
                process.wait(timeout=30)
            results["sizes"][size] = {
                "made_s": made_s,
                "db_mb": db.stat().st_size / 1e6,
                "rows": rows,
                "balances_ms": browser,
            }
            db.unlink()
    results["load_after"] = os.getloadavg()
    return results


BALANCES_TARGET_MS = 1000  # issue 13: the Balances page ready in Chromium at 500k orders


def balances_in_browser(url: str, workdir: Path) -> dict:
    """The Balances page's views in Chromium on this history (bench.page_switch)."""
    from bench.page_switch import balances_ready

    return balances_ready(url, workdir)


def render(results: dict) -> str:
    sizes = list(results["sizes"])
    head = " | ".join(f"{s:,} orders: ms (× floor)" for s in sizes)
    lines = [
        "## (c) The sandbox's data paths at 50,000 and 500,000 orders",
        "",
        f"`python -m minted.sandbox --demo-orders N --history-days {HISTORY_DAYS}` made each "
        "history (bulk, through the ledger and the daily rollup) and served it in its own "
        "process; plain httpx asked over loopback, Digest auth paid before timing. Median of "
        f"{REPEATS} after one warm-up; the floor is GET /partner/orders/statuses in the same "
        "run. Since 2026-12-07 (seventh session) the walletable lists splice answers rendered "
        "once, as the order list does; a bulk history's are rendered by a list's first read "
        "and kept, as the warm-up here does (a first read of a page of 100 cost the sandbox "
        "~21 ms of CPU in a probe; before, every read cost 25–31 ms). Load average "
        "{:.1f} / {:.1f} / {:.1f} before, {:.1f} / {:.1f} / {:.1f} after.".format(
            *results["load"], *results["load_after"]
        ),
        "",
        "| | " + " | ".join(f"{s:,} orders" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
        "| made in (s, `--demo-orders`) | "
        + " | ".join(f"{results['sizes'][s]['made_s']:.0f}" for s in sizes)
        + " |",
        "| database (MB) | "
        + " | ".join(f"{results['sizes'][s]['db_mb']:.0f}" for s in sizes)
        + " |",
        "",
        f"| request | {head} | answer at {sizes[-1]:,} |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    by_label = {s: {r["label"]: r for r in results["sizes"][s]["rows"]} for s in sizes}
    misses = []
    for row in results["sizes"][sizes[0]]["rows"]:
        label = row["label"]
        cells = [
            f"{by_label[s][label]['ms']:.1f} ({by_label[s][label]['ratio']:.1f}×)" for s in sizes
        ]
        lines.append(f"| {label} | {' | '.join(cells)} | {by_label[sizes[-1]][label]['answer']} |")
        last = by_label[sizes[-1]][label]
        if (label.startswith("stats, 365") or "page" in label) and last["ms"] >= TARGET_MS:
            misses.append(f"- {label}: {last['ms']:.0f} ms at {sizes[-1]:,} orders.")
    largest = results["sizes"][sizes[-1]]
    browser = largest.get("balances_ms")
    if browser:
        lines += [
            "",
            f"The Balances page in headless Chromium on the {sizes[-1]:,}-order history: a "
            "console reaching this sandbox (a new one each run, so its read cache is cold), "
            "opened on the Audit log, then a click on Balances and on each of its tabs; from "
            "the click to the view loaded (its script run finished, no “Running…”) and its "
            "chart on screen, painted. Median of 3.",
            "",
            "| view | click to ready (ms) | target |",
            "|---|---|---|",
        ]
        for view, ms in browser.items():
            verdict = "met" if ms < BALANCES_TARGET_MS else "missed"
            lines.append(f"| {view} | {ms:.0f} | < {BALANCES_TARGET_MS} ms: {verdict} |")
            if ms >= BALANCES_TARGET_MS:
                misses.append(f"- Balances, {view}: {ms:.0f} ms in Chromium.")
    lines += [
        "",
        f"Targets (issue 13): at 500,000 orders, stats over 365 days and any order-list page "
        f"< {TARGET_MS} ms; the Balances page ready in Chromium < {BALANCES_TARGET_MS} ms.",
        "",
        *(["Missed:", "", *misses] if misses else ["Every target met in this run."]),
        "",
    ]
    return "\n".join(lines)


HEADING = "## (c) The sandbox's data paths"


def main(argv: list[str] | None = None) -> None:
    """Prints part (c); run on the default sizes from this checkout, it also rewrites its
    section of bench/results.md (``--no-write``: print only)."""
    parser = argparse.ArgumentParser(prog="python -m bench.data_paths")
    parser.add_argument(
        "sizes", nargs="*", type=results_file.count, default=list(SIZES), help="orders in each"
    )
    parser.add_argument("--code", type=Path, default=ROOT, help="serve from this checkout")
    parser.add_argument("--no-write", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    if not (args.code / "minted" / "sandbox").is_dir():
        parser.error(f"--code {args.code} is not a checkout of this project (no minted/sandbox)")
    section = render(run(args.sizes, args.code.resolve()))
    print(section)
    if not args.no_write and args.sizes == list(SIZES) and args.code.resolve() == ROOT:
        results_file.write_section(HEADING, section + kept_before())


def kept_before() -> str:
    """The section's "### Before" part (the figures before issue 13's changes, measured once
    with ``--code``), kept when the section is written again."""
    results = results_file.RESULTS
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    found = re.search(r"^### Before.*?(?=^## |\Z)", text, re.S | re.M)
    return "\n" + found.group(0) if found else ""


if __name__ == "__main__":
    main()
