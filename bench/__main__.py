"""``python -m bench`` — how fast the console gets its data, against a naive peer.

(a) Per page: the console's real page (Streamlit AppTest) against the sandbox, which holds
    every answer back 100 ms.  Counted from the client's journal: API calls, and the time from
    the first request leaving to the last answer arriving ("data ready").  The naive peer
    makes the same calls one after another, with a new HTTP Digest auth per call (so every
    call pays its own 401 challenge).  A second run of the page without any change must make
    no call at all.
(b) Sandbox throughput on loopback: GET/s (order statuses) and buys/s (price fix + buy) with
    concurrent clients, the server in its own process.
(c) Orders page with 50,000 orders in the sandbox: time until the first table's data.
(d) Ten headless Chromium sessions at once on one console: p50/p95 page load.

Prints a table and writes bench/results.md.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LATENCY_MS = 100
PAGES = ["customers", "products", "basket", "trade", "orders", "balances"]
CUSTOMER = "MTD0018232"


# -- (a) pages -------------------------------------------------------------------------------------
def bench_pages(workdir: Path) -> list[dict]:
    os.environ["MINTED_CONSOLE_SANDBOX_DB"] = str(workdir / "console.db")
    os.environ["MINTED_CONSOLE_AUDIT_URL"] = f"sqlite:///{workdir / 'audit.db'}"
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def served(self, *args, **kwargs):  # as tests/conftest.py explains
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = served
    app = str(ROOT / "app.py")

    def open_page(page: str) -> AppTest:
        """A new browser session on ``page`` (its first run, on the default page without a
        customer, fetches nothing but the cached health check)."""
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        at.query_params["customer"] = CUSTOMER
        at.switch_page(f"pages/{page}.py")
        return at

    warm = open_page("customers")
    warm.run()  # starts the sandbox, pays the first digest challenge
    from pages import ui

    sandbox = ui.embedded_sandbox()
    client = ui.client_for("sandbox")
    settings = sandbox.settings
    with contextlib.suppress(Exception):  # the basket and trade pages need a basket
        client.baskets.add_item(CUSTOMER, "MNTBAE0001", 1)
    sandbox.control("POST", "/faults", json={"route": "*", "latency_ms": LATENCY_MS})

    rows = []
    for page in PAGES:
        import streamlit as st

        st.cache_data.clear()
        at = open_page(page)
        mark = len(client.journal.entries())
        started = time.perf_counter()
        at.run()
        run_s = time.perf_counter() - started
        calls = client.journal.entries()[mark:]
        calls = [c for c in calls if c.path.startswith("/partner/")]
        if calls:
            first = min(c.at.timestamp() for c in calls)
            last = max(c.at.timestamp() + c.duration_ms / 1000 for c in calls)
            data_ms = (last - first) * 1000
        else:
            data_ms = 0.0
        mark = len(client.journal.entries())
        at.run()  # nothing changed
        rerun_calls = len(client.journal.entries()) - mark
        naive_ms = naive_replay(sandbox.url, settings.username, settings.password, calls)
        rows.append(
            {
                "page": page,
                "calls": len(calls),
                "data_ms": data_ms,
                "naive_ms": naive_ms,
                "page_run_ms": run_s * 1000,
                "rerun_calls": rerun_calls,
            }
        )
    sandbox.control("DELETE", "/faults")
    return rows


def naive_replay(base_url: str, username: str, password: str, calls) -> float:
    """The same calls, sequential, each with its own DigestAuth (one 401 per call)."""
    started = time.perf_counter()
    for call in calls:
        headers = dict(call.request_headers)
        with httpx.Client(base_url=base_url, timeout=30) as http:
            http.request(
                call.method,
                call.path,
                headers=headers,
                json=None if call.request_body is None else _jsonable(call.request_body),
                auth=httpx.DigestAuth(username, password),
            )
    return (time.perf_counter() - started) * 1000


def _jsonable(value):
    from minted import _json

    return _json.loads(_json.dumps(value))


# -- (b) throughput ---------------------------------------------------------------------------
def bench_throughput(workdir: Path, seconds: float = 8.0, clients: int = 8) -> dict:
    from minted import Client
    from minted.sandbox.embedded import free_port
    from minted.sandbox.settings import SandboxSettings

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "minted.sandbox",
            "--port",
            str(port),
            "--db",
            str(workdir / "throughput.db"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url)
        settings = SandboxSettings.from_env()

        def hammer(operation) -> int:
            done = 0
            stop = time.perf_counter() + seconds
            with Client(settings.username, settings.password, base_url=url) as client:
                while time.perf_counter() < stop:
                    operation(client, done)
                    done += 1
            return done

        def get(client, _i):
            client.orders.statuses()

        def buy(client, i):
            token = client.price_fix.get(currency="GBP").token
            client.b2b.buy(
                token, f"BENCH-{threading.get_ident()}-{i}", [{"sku": "GAU", "amount": 1}]
            )

        results = {}
        for name, operation in (("GET/s", get), ("buys/s", buy)):
            counts: list[int] = []

            def worker(op=operation, out=counts) -> None:
                out.append(hammer(op))

            threads = [threading.Thread(target=worker) for _ in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            results[name] = sum(counts) / seconds
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- (c) 50,000 orders -------------------------------------------------------------------------
def bench_big_orders(workdir: Path, count: int = 50_000) -> dict:
    from minted import Client
    from minted.sandbox import EmbeddedSandbox, SandboxSettings
    from minted.sandbox.store import dumps, loads

    settings = SandboxSettings(db_path=str(workdir / "big.db"))
    with EmbeddedSandbox(settings) as sandbox:
        store = sandbox.world.store
        template = store.one("SELECT * FROM orders WHERE channel = 'walletable' LIMIT 1")
        data = loads(template["data"])
        now = datetime.now(UTC)
        rows = []
        for i in range(count - store.one("SELECT COUNT(*) AS n FROM orders")["n"]):
            moment = now.timestamp() - i * 60
            created = datetime.fromtimestamp(moment, UTC).isoformat(timespec="microseconds")
            guid = f"BENCH-{i:08d}"
            rows.append(
                (
                    guid,
                    f"B{i:07d}",
                    f"9{i:010d}",
                    None,
                    template["customer_external_id"],
                    "walletable",
                    "buy",
                    5,
                    "AED",
                    "MNTBAE0001",
                    created,
                    dumps({**data, "guid": guid, "increment_id": f"9{i:010d}"}),
                )
            )
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO orders (guid, order_code, increment_id, external_id, "
                "customer_external_id, channel, tx_type, status_id, currency_code, skus, "
                "created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        total = store.one("SELECT COUNT(*) AS n FROM orders")["n"]
        with Client(settings.username, settings.password, base_url=sandbox.url) as client:
            client.orders.statuses()  # the digest challenge, paid before timing
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                page = client.orders.list_walletable(page=1, total=25)
                timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            filtered = client.orders.list_walletable(page=1, total=25, status=[5], tx_type=["buy"])
            filtered_ms = (time.perf_counter() - started) * 1000
        return {
            "orders": total,
            "first_table_ms": timings[0],
            "median_ms": statistics.median(timings),
            "filtered_ms": filtered_ms,
            "rows": len(page.data),
            "filtered_total": filtered.total,
        }


# -- (d) ten browser sessions -----------------------------------------------------------------
BROWSER_PAGES = {
    "/customers?customer=" + CUSTOMER: "Customers",
    "/products": "Products & currency rates",
    "/basket?customer=" + CUSTOMER: "Basket builder",
    "/orders": "Orders & receipts",
    "/balances": "Balances",
    "/api_log": "API log",
}


def bench_browsers(workdir: Path, sessions: int = 10, rounds: int = 2) -> dict:
    """Ten Chromium sessions at once, each opening every page ``rounds`` times; a load is
    from navigation until the page's heading shows and Streamlit has stopped running."""
    import asyncio

    sys.path.insert(0, str(ROOT / "scripts"))
    from console_harness import CHROMIUM, CHROMIUM_ARGS, running_console
    from playwright.async_api import async_playwright

    idle = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"

    async def one_session(browser, url: str, loads: list[float]) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        page.set_default_timeout(120_000)
        for _ in range(rounds):
            for path, title in BROWSER_PAGES.items():
                started = time.perf_counter()
                await page.goto(url + path)
                await page.get_by_role("heading", name=title).first.wait_for()
                await page.wait_for_function(idle)
                loads.append((time.perf_counter() - started) * 1000)
        await context.close()

    async def run(url: str) -> tuple[list[float], list[float]]:
        alone: list[float] = []
        together: list[float] = []
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await one_session(browser, url, [])  # warm the server: imports, first reads
            await one_session(browser, url, alone)  # the baseline: one session by itself
            await asyncio.gather(*(one_session(browser, url, together) for _ in range(sessions)))
            await browser.close()
        return alone, together

    def percentiles(loads: list[float]) -> tuple[float, float]:
        ordered = sorted(loads)
        return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]

    with running_console(workdir / "browsers.db") as url:
        alone, together = asyncio.run(run(url))
    p50, p95 = percentiles(together)
    alone_p50, alone_p95 = percentiles(alone)
    return {
        "sessions": sessions,
        "loads": len(together),
        "p50": p50,
        "p95": p95,
        "alone_p50": alone_p50,
        "alone_p95": alone_p95,
    }


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/_sandbox/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the sandbox did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = bench_pages(work)
        throughput = bench_throughput(work)
        big = bench_big_orders(work)
        browsers = bench_browsers(work)
    report = render(pages, throughput, big, browsers)
    print(report)
    (ROOT / "bench" / "results.md").write_text(report, encoding="utf-8")


CONTENTION = (
    " — missed by {over:.0f} ms. Why: the ten Chromium renderers, the Streamlit server (every "
    "load is a new session running the page script) and the sandbox share the machine's two "
    "cores; the single-session figure is the same load without that contention. Next steps: "
    "the browsers on a second machine, and a profile of the script runs under load."
)


def render(pages: list[dict], throughput: dict, big: dict, browsers: dict) -> str:
    rtt = LATENCY_MS
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench` on this project's "
        f"machine kind (2 cores). Injected round trip: {rtt} ms on every sandbox answer.",
        "",
        "## (a) Page data: the console vs a naive peer",
        "",
        "| page | API calls | data ready (ms) | × RTT | naive peer (ms) | naive ÷ console "
        "| page run (ms) | calls on an unchanged rerun |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in pages:
        ratio = row["naive_ms"] / row["data_ms"] if row["data_ms"] else float("inf")
        lines.append(
            f"| {row['page']} | {row['calls']} | {row['data_ms']:.0f} | "
            f"{row['data_ms'] / rtt:.2f} | {row['naive_ms']:.0f} | {ratio:.1f}× | "
            f"{row['page_run_ms']:.0f} | {row['rerun_calls']} |"
        )
    misses = []
    for row in pages:
        if row["data_ms"] > 1.5 * rtt:
            misses.append(
                f"- {row['page']}: data ready at {row['data_ms'] / rtt:.2f} × RTT, "
                f"{row['data_ms'] - 1.5 * rtt:.0f} ms over the target."
            )
        ratio = row["naive_ms"] / row["data_ms"] if row["data_ms"] else float("inf")
        if ratio < 3:
            misses.append(
                f"- {row['page']}: {ratio:.1f} × faster than the naive peer, short of 3 ×. "
                + (
                    "With one call the best possible is about 2 ×: the peer pays the digest "
                    "challenge and the call (2 round trips), the console the call (1)."
                    if row["calls"] == 1
                    else "Its reads depend on each other, so they cannot all go at once."
                )
            )
        if row["rerun_calls"]:
            misses.append(f"- {row['page']}: {row['rerun_calls']} call(s) on an unchanged rerun.")
    lines += [
        "",
        "Targets: data ready ≤ 1.5 × RTT, ≥ 3 × faster than the naive peer, 0 calls on an "
        "unchanged rerun.",
        "",
        *(["Where a target is missed, and why:", "", *misses] if misses else ["Every target met."]),
        "",
        "## (b) Sandbox throughput (loopback, 8 concurrent clients, server in one process)",
        "",
        "| operation | per second |",
        "|---|---|",
        f"| GET /partner/orders/statuses | {throughput['GET/s']:.0f} |",
        f"| buy (price fix + digital buy, 2 POSTs) | {throughput['buys/s']:.0f} |",
        "",
        "Target: ≥ 1,000 GET/s on 2 cores. The load generator (8 threads, Python) shares the "
        "two cores with the server, so the figure varies by about ±10 % between runs; "
        + (
            "this run met it."
            if throughput["GET/s"] >= 1000
            else f"this run missed it by {1000 - throughput['GET/s']:.0f} GET/s."
        ),
        "",
        "## (c) Orders page with 50,000 orders",
        "",
        f"{big['orders']} orders in the sandbox; the first table (page 1, 25 rows, with its "
        f"total count): {big['first_table_ms']:.0f} ms cold, {big['median_ms']:.0f} ms median "
        f"of 5; filtered by status and type: {big['filtered_ms']:.0f} ms. Target: < 2 s.",
        "",
        "## (d) Ten concurrent browser sessions",
        "",
        f"{browsers['sessions']} headless Chromium sessions at once against one console, "
        f"{browsers['loads']} page loads (every page, twice each, no injected latency): "
        f"p50 {browsers['p50']:.0f} ms, p95 {browsers['p95']:.0f} ms; one session alone: "
        f"p50 {browsers['alone_p50']:.0f} ms, p95 {browsers['alone_p95']:.0f} ms. "
        "Target: p95 < 3 s"
        + (" — met." if browsers["p95"] < 3000 else CONTENTION.format(over=browsers["p95"] - 3000)),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
