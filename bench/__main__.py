"""``python -m bench`` — how fast the console gets its data, against a naive peer.

(a) Per page: the console's real page (Streamlit AppTest) against the sandbox, which holds
    every answer back 100 ms.  Counted from the client's journal: API calls, and the time from
    the first request leaving to the last answer arriving ("data ready").  Two peers replay
    the same calls one after another: one client already authenticated (the fair peer: one
    round trip a call) and a naive one with a new connection and Digest per call (a 401
    each).  A second run of the page without any change must make no call at all.  Median of
    PAGE_RUNS runs.  Then the page as a user waits for it: a console in headless Chromium,
    click to painted beside data ready (``bench_page_waits``).
(b) Sandbox GET throughput on loopback against a bare FastAPI route served the same way, the
    load from plain httpx with its own digest in another process (bench/throughput.py).
(c) The sandbox's data paths at 50,000 and 500,000 orders (`bench.data_paths`): balance
    stats over 30 and 365 days, balances, each order list's first page, one customer's
    orders, filters and sorts, as ratios against a floor request in the same run.
(d) Ten sessions on one console: one measured in headless Chromium while nine colleagues
    load pages through Streamlit's own protocol (their browsers are elsewhere); then all ten
    as Chromium sessions on this machine, to show what sharing its two cores costs.
(e) Cold start: ``streamlit run`` to the first rendered page, against a hello-world app
    (bench/cold_start.py; ``python -m bench.cold_start`` runs it alone and writes its section).
(f) The Orders page's full CSV / Excel export at 50,000 orders, against reading its pages alone
    (bench/export.py; ``python -m bench.export`` runs it alone and writes its section).
(g) Page switches in headless Chromium, every page of the sidebar against a trivial multipage
    app (bench/page_switch.py; ``python -m bench.page_switch`` runs it alone and writes its
    section).

Prints a table and writes bench/results.md (``python -m bench a``: part (a)'s section alone).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import results_file  # noqa: E402
from bench.cold_start import bench_cold_start, render_cold_start  # noqa: E402
from bench.export import bench_export, render_export  # noqa: E402
from bench.page_switch import bench_page_switch, render_page_switch  # noqa: E402
from bench.results_file import ratio_digits, ratio_text  # noqa: E402

LATENCY_MS = 100
PAGES = ["customers", "products", "basket", "trade", "orders", "balances"]
CUSTOMER = "MTD0018232"
PAGE_RUNS = 3  # each page measured this many times; the table shows medians


# -- (a) pages -------------------------------------------------------------------------------------
def bench_pages(workdir: Path) -> list[dict]:
    os.environ["MINTED_CONSOLE_SANDBOX_DB"] = str(workdir / "console.db")
    os.environ["MINTED_CONSOLE_SANDBOX_PORT"] = "0"  # any free port: 8765 is the user's
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

    from minted.console import session

    warm = open_page("customers")
    warm.run()  # starts the sandbox, pays the first digest challenge

    sandbox = session.sandbox()
    client = session.client_for("sandbox")
    settings = sandbox.settings
    with contextlib.suppress(Exception):  # the basket and trade pages need a basket
        client.baskets.add_item(CUSTOMER, "MNTBAE0001", 1)
    sandbox.control("POST", "/faults", json={"route": "*", "latency_ms": LATENCY_MS})

    load_before = os.getloadavg()
    authenticated = httpx.Client(
        base_url=sandbox.url,
        timeout=30,
        auth=httpx.DigestAuth(settings.username, settings.password),
    )
    authenticated.get("/partner/orders/statuses", headers={"x-client-id": "web"})  # its 401 paid
    # the ceiling for calls sent together: plain httpx, one paid-up client per call, all at once
    together = [
        httpx.Client(
            base_url=sandbox.url,
            timeout=30,
            auth=httpx.DigestAuth(settings.username, settings.password),
        )
        for _ in range(8)
    ]
    for http in together:
        http.get("/partner/orders/statuses", headers={"x-client-id": "web"})
    import streamlit as st

    rows = []
    for page in PAGES:
        runs: list[dict] = []
        for _ in range(PAGE_RUNS):
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
            runs.append(
                {
                    "calls": len(calls),
                    "data_ms": data_ms,
                    "page_run_ms": run_s * 1000,
                    "rerun_calls": len(client.journal.entries()) - mark,
                    "auth_ms": replay(authenticated, calls),
                    "together_ms": replay_together(together, calls),
                    "naive_ms": naive_replay(
                        sandbox.url, settings.username, settings.password, calls
                    ),
                }
            )
        row = {"page": page, "runs": len(runs)}
        for key in ("data_ms", "page_run_ms", "auth_ms", "together_ms", "naive_ms"):
            row[key] = statistics.median(r[key] for r in runs)
        row["calls"] = max(r["calls"] for r in runs)
        row["rerun_calls"] = max(r["rerun_calls"] for r in runs)
        rows.append(row)
    authenticated.close()
    for http in together:
        http.close()
    sandbox.control("DELETE", "/faults")
    result = {"rows": rows, "load_before": load_before, "load_after": os.getloadavg()}
    result["browser"] = bench_page_waits(workdir)
    return result


def replay(http: httpx.Client, calls) -> float:
    """The same calls, sequential, on one client whose digest is already paid (as the
    console's own is): each call one round trip."""
    started = time.perf_counter()
    for call in calls:
        http.request(
            call.method,
            call.path,
            headers=dict(call.request_headers),
            json=None if call.request_body is None else _jsonable(call.request_body),
        )
    return (time.perf_counter() - started) * 1000


def replay_together(clients: list[httpx.Client], calls) -> float:
    """The same calls all at once, each from its own thread on its own client whose digest is
    already paid: what any client gets from this sandbox for calls sent together (it does
    their work one after the other, in one interpreter).  The time from their release to the
    last answer."""
    import threading

    if not calls:
        return 0.0
    go = threading.Barrier(len(calls) + 1)

    def send(http: httpx.Client, call) -> None:
        go.wait()
        http.request(
            call.method,
            call.path,
            headers=dict(call.request_headers),
            json=None if call.request_body is None else _jsonable(call.request_body),
        )

    threads = [
        threading.Thread(target=send, args=(clients[i % len(clients)], call))
        for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    go.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return (time.perf_counter() - started) * 1000


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


# -- (b) throughput: bench/throughput.py ---------------------------------------------------
def bench_throughput(workdir: Path) -> dict:
    from bench import throughput

    return throughput.run(workdir)


# -- (c) the sandbox's data paths at 50,000 and 500,000 orders: bench/data_paths.py ---------
def bench_big_orders(workdir: Path) -> dict:
    from bench import data_paths

    return data_paths.run(workdir=workdir)


# -- (d) ten browser sessions -----------------------------------------------------------------
# The pages a support engineer moves between: title in the sidebar, and URL path.
SIDEBAR = {
    "Products & currency rates": "products",
    "Basket builder": "basket",
    "Buy / sell": "trade",
    "Orders & receipts": "orders",
    "Balances": "balances",
    "API log": "api_log",
    "Audit log": "audit",
    "Customers": "customers",
}
LANDING = ("/customers?customer=" + CUSTOMER, "Customers")
THINK_SECONDS = (2.0, 5.0)  # reading a page before the next click
READY = """(title) => !document.querySelector('[data-testid="stStatusWidget"]')
    && [...document.querySelectorAll('h1')].some(h => h.textContent.trim() === title)"""
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _script_finished(payload: bytes) -> str | None:
    """ "done" for the end of a full script run, "not found" for Streamlit's page-not-found."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg.FromString(payload)
    kind = message.WhichOneof("type")
    if kind == "script_finished":
        finished = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
        return "done" if message.script_finished == finished else None
    return "not found" if kind == "page_not_found" else None


class BrowserSession:
    """One Chromium context on the console.  A page counts as loaded when the server has
    finished running its script (Streamlit's ``script_finished`` on the websocket: every read
    done, every element sent), its heading shows, Streamlit shows no "Running…", and the
    browser has painted."""

    def __init__(self, context, page) -> None:
        import asyncio

        self.context, self.page = context, page
        self.finished = 0
        self.not_found = 0
        self._changed = asyncio.Event()

        def on_frame(payload) -> None:
            outcome = None if isinstance(payload, str) else _script_finished(payload)
            if outcome == "done":
                self.finished += 1
                self._changed.set()
            elif outcome == "not found":
                self.not_found += 1

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))

    @classmethod
    async def start(cls, browser) -> BrowserSession:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        page.set_default_timeout(180_000)
        return cls(context, page)

    async def _loaded(self, title: str, started: float, runs_before: int) -> float:
        while self.finished <= runs_before:
            self._changed.clear()
            await self._changed.wait()
        await self.page.wait_for_function(READY, arg=title, polling=50)
        await self.page.evaluate(PAINTED)
        return (time.perf_counter() - started) * 1000

    async def open(self, url: str, path: str, title: str) -> float:
        started, runs = time.perf_counter(), self.finished
        await self.page.goto(url + path)
        return await self._loaded(title, started, runs)

    async def switch(self, title: str) -> float:
        started, runs = time.perf_counter(), self.finished
        nav = self.page.locator('[data-testid="stSidebarNav"]')
        await nav.get_by_role("link", name=title, exact=True).click()
        return await self._loaded(title, started, runs)

    async def work(self, rounds: int, think: tuple[float, float] | None, rng) -> list[float]:
        return await _work(self.switch, list(SIDEBAR), rounds, think, rng)


class ColleagueSession:
    """A colleague whose browser runs on their own machine: to the console, the same
    websocket session and the same page runs as a browser makes (Streamlit's own protocol),
    with nothing drawn here.  Times each run from request to the script's end."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.not_found = 0

    async def run(self, page: str, query: str = "") -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        started = time.perf_counter()
        await self.websocket.send(message.SerializeToString())
        while (outcome := _script_finished(await self.websocket.recv())) != "done":
            self.not_found += outcome == "not found"
        return (time.perf_counter() - started) * 1000

    async def work(self, until, think: tuple[float, float] | None, rng) -> list[float]:
        """Page after page of the sidebar until ``until`` is set."""
        loads: list[float] = []
        while not until.is_set():
            loads += await _work(self.run, list(SIDEBAR.values()), 1, think, rng)
        return loads


async def _work(load, pages: list[str], rounds: int, think, rng) -> list[float]:
    import asyncio

    loads = []
    if think:  # people do not click in step: each starts somewhere in a reading pause
        await asyncio.sleep(rng.uniform(0, think[1]))
    for _ in range(rounds):
        for page in pages:
            loads.append(await load(page))
            if think:
                await asyncio.sleep(rng.uniform(*think))
    return loads


def _cpu_seconds() -> dict[str, float]:
    """CPU time so far of Chromium's processes and of the Python ones (console, sandbox),
    from /proc; the bench's own process is left out."""
    totals = {"chromium": 0.0, "python": 0.0}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        kind = "chromium" if name.startswith("chrom") else "python" if "python" in name else ""
        if kind:
            totals[kind] += (int(fields[11]) + int(fields[12])) / ticks
    return totals


def bench_browsers(workdir: Path, sessions: int = 10, rounds: int = 2) -> dict:
    """Ten support engineers on one console.  Measured in a real Chromium: one engineer
    opening the console on a customer and going through every page of the sidebar
    ``rounds`` times, while nine colleagues work the same way from their own machines.  Then,
    to show what this machine can and cannot tell, all ten as Chromium sessions here."""
    import asyncio
    import random

    import websockets

    sys.path.insert(0, str(ROOT / "scripts"))
    from console_harness import CHROMIUM, CHROMIUM_ARGS, running_console
    from playwright.async_api import async_playwright

    async def engineer(browser, think) -> tuple[list[float], list[float]]:
        opens, loads = [], []
        rng = random.Random(99)
        for _ in range(rounds):
            session = await BrowserSession.start(browser)
            opens.append(await session.open(url, *LANDING))
            loads += await session.work(1, think, rng)
            await session.context.close()
        return opens, loads

    async def with_colleagues(browser, think) -> dict:
        stream = url.replace("http", "ws", 1) + "/_stcore/stream"
        async with contextlib.AsyncExitStack() as stack:
            colleagues = []
            for _ in range(sessions - 1):
                socket = await stack.enter_async_context(
                    websockets.connect(stream, subprotocols=["streamlit"], max_size=None)
                )
                colleague = ColleagueSession(socket)
                await colleague.run("customers", "customer=" + CUSTOMER)
                colleagues.append(colleague)
            until = asyncio.Event()
            rngs = [random.Random(i) for i in range(len(colleagues))]
            busy = [
                asyncio.create_task(c.work(until, think, r))
                for c, r in zip(colleagues, rngs, strict=True)
            ]
            cpu_before, started = _cpu_seconds(), time.perf_counter()
            opens, loads = await engineer(browser, think)
            wall = time.perf_counter() - started
            cpu = {k: v - cpu_before[k] for k, v in _cpu_seconds().items()}
            until.set()
            server = [ms for each in await asyncio.gather(*busy) for ms in each]
        if any(c.not_found for c in colleagues):
            raise RuntimeError("a colleague's page answered 'Page not found'")
        return {"opens": opens, "loads": loads, "server": server, "wall": wall, "cpu": cpu}

    async def all_here(browser) -> dict:
        group = [await BrowserSession.start(browser) for _ in range(sessions)]
        cpu_before, started = _cpu_seconds(), time.perf_counter()
        opens = await asyncio.gather(*(s.open(url, *LANDING) for s in group))
        rngs = [random.Random(i) for i in range(sessions)]
        loads = await asyncio.gather(
            *(s.work(rounds, THINK_SECONDS, r) for s, r in zip(group, rngs, strict=True))
        )
        wall = time.perf_counter() - started
        cpu = {k: v - cpu_before[k] for k, v in _cpu_seconds().items()}
        if any(s.not_found for s in group):
            raise RuntimeError("a page answered 'Page not found'")
        for session in group:
            await session.context.close()
        return {
            "opens": opens,
            "loads": [ms for each in loads for ms in each],
            "wall": wall,
            "cpu": cpu,
        }

    async def run() -> dict:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await engineer(browser, None)  # warm the server: its first session, imports
            result = {}
            cpu_before, started = _cpu_seconds(), time.perf_counter()
            opens, loads = await engineer(browser, None)
            result["alone"] = {
                "opens": opens,
                "loads": loads,
                "wall": time.perf_counter() - started,
                "cpu": {k: v - cpu_before[k] for k, v in _cpu_seconds().items()},
            }
            result["working"] = await with_colleagues(browser, THINK_SECONDS)
            result["flat_out"] = await with_colleagues(browser, None)
            result["all_here"] = await all_here(browser)
            await browser.close()
        return result

    with running_console(workdir / "browsers.db") as url:
        result = asyncio.run(run())
    result["sessions"], result["rounds"] = sessions, rounds
    return result


# -- (a), in the browser: click to painted beside data ready ------------------------------------
WAIT_PAGES = [title for title, path in SIDEBAR.items() if path in PAGES and path != "customers"]


def bench_page_waits(workdir: Path) -> dict:
    """The pages as a user waits for them: a console on a sandbox answering every call
    ``LATENCY_MS`` late; Chromium opens it on a customer (the landing page pays the digest),
    then clicks each other page of (a) once, from the click to the page painted (as in (d)).
    Data ready comes from the sandbox's journal for the calls made after the click.  A new
    console each run, so every page is a first visit (no cached reads)."""
    import asyncio
    from datetime import datetime

    sys.path.insert(0, str(ROOT / "scripts"))
    from console_harness import CHROMIUM, CHROMIUM_ARGS, running_console
    from playwright.async_api import async_playwright

    from minted import Client
    from minted.console.sandbox import SandboxProcess
    from minted.sandbox.settings import SandboxSettings

    def data_ready(sandbox, since: float) -> tuple[int, float]:
        entries = sandbox.control("GET", "/journal", params={"limit": 1000})
        entries = entries.get("data", entries) if isinstance(entries, dict) else entries
        spans = []
        for e in entries:
            end = datetime.fromisoformat(e["at"]).timestamp()
            if e["path"].startswith("/partner/") and end - e["duration_ms"] / 1000 >= since:
                spans.append((end - e["duration_ms"] / 1000, end))
        if not spans:
            return 0, 0.0
        return len(spans), (max(s[1] for s in spans) - min(s[0] for s in spans)) * 1000

    async def one_run(url, sandbox) -> dict:
        out = {}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            session = await BrowserSession.start(browser)
            since = time.time()
            opened = await session.open(url, *LANDING)
            out["Customers (opened by URL)"] = (opened, *data_ready(sandbox, since))
            for title in WAIT_PAGES:
                await asyncio.sleep(0.3)
                since = time.time()
                painted = await session.switch(title)
                out[title] = (painted, *data_ready(sandbox, since))
            await browser.close()
        return out

    settings = SandboxSettings.from_env(db_path=str(workdir / "waits.db"))
    load_before, runs = os.getloadavg(), []
    with SandboxProcess(settings) as sandbox:
        client = Client(settings.username, settings.password, base_url=sandbox.url)
        with client, contextlib.suppress(Exception):  # the basket and trade pages need one
            client.baskets.add_item(CUSTOMER, "MNTBAE0001", 1)
        sandbox.control("POST", "/faults", json={"route": "*", "latency_ms": LATENCY_MS})
        for i in range(PAGE_RUNS):
            env = {"MINTED_CONSOLE_SANDBOX_URL": sandbox.url}
            with running_console(workdir / f"waits-{i}.db", env=env) as url:
                runs.append(asyncio.run(one_run(url, sandbox)))
        sandbox.control("DELETE", "/faults")
    rows = []
    for title in runs[0]:
        rows.append(
            {
                "page": title,
                "painted_ms": statistics.median(r[title][0] for r in runs),
                "calls": max(r[title][1] for r in runs),
                "data_ms": statistics.median(r[title][2] for r in runs),
            }
        )
    return {"rows": rows, "load_before": load_before, "load_after": os.getloadavg()}


def render_page_waits(result: dict) -> list[str]:
    rtt = LATENCY_MS
    lines = [
        "### (a) The page as a user waits for it (headless Chromium)",
        "",
        f"A console (`streamlit run`) on a sandbox holding every answer back {rtt} ms; Chromium "
        "opens it on a customer, then clicks each page in the sidebar once: *click to painted* "
        "is from the click to the page's script run finished, its heading shown, no "
        "“Running…”, and two animation frames (as in (d)); *data ready* is from the sandbox's "
        f"journal for the calls after the click. A new console each run; median of {PAGE_RUNS}. "
        f"Load average {_load(result['load_before'])} before, {_load(result['load_after'])} "
        "after.",
        "",
        "| page | API calls | data ready (ms) | × RTT | click to painted (ms) | × RTT "
        "| painted − data ready (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['page']} | {row['calls']} | {row['data_ms']:.0f} | "
            f"{row['data_ms'] / rtt:.2f} | {row['painted_ms']:.0f} | "
            f"{row['painted_ms'] / rtt:.2f} | {row['painted_ms'] - row['data_ms']:.0f} |"
        )
    lines += [
        "",
        "The landing row is a page load by URL (Streamlit's front end starts, the session's "
        "first digest challenge is paid: one more round trip), not a click. A row with 0 calls "
        "made none after its click: its reads were already cached by an earlier page of the "
        "same console (the landing page reads the customer's basket too), so it measures the "
        "page's script and the browser's drawing alone. Buy / sell comes after the basket "
        "builder, which draws the session's first plotly chart (its fee breakdown): Chromium "
        "then starts plotly.js (4.7 MB) on its main thread for about a second after that page "
        "is painted, and a click 0.3 s later waits for it before the browser sends it (probed "
        "2026-12-07 with Streamlit's messages on the websocket: the server's run started "
        "~1.0 s after the click; Buy / sell clicked after Balances' first chart 1.15 s, after "
        "its second 0.10 s).",
        "",
    ]
    return lines


def percentiles(loads: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank)."""
    ordered = sorted(loads)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return statistics.median(ordered), ordered[rank - 1]


def main(argv: list[str] | None = None) -> None:
    """``python -m bench [PART ...] [--no-write]``: every part (or the ones named) printed;
    run whole, it rewrites bench/results.md; parts named rewrite their own sections of it."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Issue 13's benchmark: every figure a ratio against a floor or a peer "
        "measured in the same run.",
        epilog="parts: " + "; ".join(f"{key} {title}" for key, title in PART_TITLES.items()),
    )
    parser.add_argument("parts", nargs="*", metavar="PART", help="a b c d e f g (default all)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results.md")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.parts) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown part(s) {unknown}; choose from {' '.join(SECTIONS)}")
    chosen = args.parts or list(SECTIONS)
    sections = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key in SECTIONS:
            if key in chosen:
                measure, render = SECTIONS[key]
                sections[key] = render(measure(Path(tmp)))
    report = "\n".join([header(), *sections.values()])
    print(report)
    if args.no_write:
        return
    if set(chosen) == set(SECTIONS):
        results_file.RESULTS.write_text(report, encoding="utf-8")
        return
    for key, section in sections.items():  # as each part's own module does: its section alone
        results_file.write_section(f"## ({key})", section)


def header() -> str:
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench` on this "
            f"project's machine kind (2 cores). Injected round trip: {LATENCY_MS} ms on every "
            "sandbox answer in (a).",
            "",
        ]
    )


# What the console adds to a page's calls, and what the sandbox does (profiled 2026-12-07 on
# the basket and orders pages, 25 runs each; CPU per request from /proc, best of 15 × 200).
PAGES_WHY = [
    "",
    "Where the time over one round trip goes (profiled 2026-12-07, basket and orders, 25 runs "
    "each): a small read through the project's client costs 0.21 ms (no network, best of "
    "15 × 200) against 0.10 ms for plain httpx (0.31 ms before the journal's JSON and "
    "redaction were made cheap); the second of a page's two requests leaves ~1.2–1.3 ms after "
    "the first (the reads start on a reused pool of threads; what is left is each read's own "
    "work before its request, the cache's key and the session's client, under the interpreter "
    "lock); decoding and journaling the answer take ~0.5 ms. The rest is the sandbox's: "
    "it does the work of requests that arrive together one after the other, in one "
    "interpreter, so two calls at once cost one round trip plus both calls' work, while the "
    "sequential peer pays each call's work inside its own round trip. The orders page's list "
    "of 25 walletable orders cost the sandbox 9.2–9.7 ms of CPU and now 3.8 ms (JSON written "
    "and read faster, no strptime). In interleaved runs of 15 (load 3.5–6) the orders page "
    "went from 1.90–1.92 × (main's code) to 1.95–1.96 ×, the basket from 1.87–1.92 × to "
    "1.95–1.96 ×; a median of 3, as above, moves by more. The column *all at once, "
    "plain httpx* is that ceiling, measured in the same run: no client, the console included, "
    "gets 2 × from two concurrent calls here unless the sandbox's work per call is near zero. "
    "Nor would a sandbox doing their work in parallel get there: the peer pays 2 RTT + w1 + "
    "w2, the calls at once at best RTT + max(w1, w2) + the second request's lag, and 2 × "
    "would need w1 + w2 ≥ 2 max(w1, w2) + twice that lag, which no two calls meet.",
    "",
    "Since 2026-12-07 (sixth session) the orders page reads the order statuses (a status's "
    "name to its id) only when a status is asked for or its filters are open: the list shows "
    "each order's status itself, so its first screen is one call (it was two, at 1.94 × the "
    "authenticated peer). The same session found every answer of the sandbox's command on a "
    "kept-alive connection 44 ms late (a listening socket made without naming TCP, on which "
    "asyncio leaves Nagle's algorithm on): this part then measured every page at ~1.5 × RTT "
    "and the two-call pages at 1.66–1.70 × the peer. Mended the same day; the table is after "
    "the mend.",
]


def render_pages(result: dict) -> str:
    rtt = LATENCY_MS
    pages = result["rows"]
    waits = {row["page"]: row for row in result.get("browser", {}).get("rows", [])}
    lines = [
        "## (a) Page data: the console against an authenticated peer and a naive one",
        "",
        f"Each page's first run (Streamlit AppTest, caches cleared) against the sandbox holding "
        f"every answer back {rtt} ms (the round trip, RTT). *Data ready*: from the first request "
        "leaving to the last answer arriving, from the client's journal. The same calls were then "
        "replayed one after another by two peers: *authenticated*, one httpx client whose "
        "Digest is already paid (as the console's is), so one round trip per call — the fair "
        "peer; and *naive*, a new connection and a new Digest per call, so a 401 and the call, "
        f"two round trips each. Median of {PAGE_RUNS} runs per page. Load average "
        f"(1 / 5 / 15 min) {_load(result['load_before'])} before, "
        f"{_load(result['load_after'])} after, on 2 cores shared with other work.",
        "",
        "| page | API calls | data ready (ms) | × RTT | authenticated peer (ms) | peer ÷ console "
        "| all at once, plain httpx (ms) | peer ÷ all at once "
        "| naive peer (ms) | naive ÷ console | page run (ms) | calls on an unchanged rerun |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    misses = []
    for row in pages:
        data = row["data_ms"] or float("nan")
        fair, naive = row["auth_ms"] / data, row["naive_ms"] / data
        together = row.get("together_ms")
        ceiling = row["auth_ms"] / together if together else None
        lines.append(
            f"| {row['page']} | {row['calls']} | {row['data_ms']:.0f} | "
            f"{row['data_ms'] / rtt:.2f} | {row['auth_ms']:.0f} | {ratio_text(fair, 2.0)} | "
            + (f"{together:.0f} | {ceiling:.2f}× | " if together else "— | — | ")
            + f"{row['naive_ms']:.0f} | {naive:.1f}× | {row['page_run_ms']:.0f} | "
            f"{row['rerun_calls']} |"
        )
        if row["data_ms"] > 1.5 * rtt:
            misses.append(
                f"- {row['page']}: data ready at {row['data_ms'] / rtt:.2f} × RTT, "
                f"{row['data_ms'] - 1.5 * rtt:.0f} ms over the target."
            )
        if row["calls"] > 1 and fair < 2:
            at_once = row["data_ms"] <= 1.25 * rtt
            overhead = row["data_ms"] - rtt
            peer_each = row["auth_ms"] / row["calls"] - rtt
            misses.append(
                f"- {row['page']}: {ratio_digits(fair, 2.0)} × the authenticated peer, short "
                f"of 2 × by {ratio_digits(2 - fair, 0.0)} ×. "
                + (
                    f"Its {row['calls']} calls already go at once (data ready "
                    f"{row['data_ms'] / rtt:.2f} × RTT): {row['calls']} × is the ceiling, "
                    f"reached only if the calls together added nothing to one round trip; "
                    f"they add {overhead:.0f} ms where the peer adds {peer_each:.0f} ms per "
                    "call."
                    + (
                        f" Plain httpx sending the same calls at once gets {ceiling:.2f} × "
                        f"({together:.0f} ms): the sandbox does the work of requests that "
                        "arrive together one after the other (one interpreter), so calls at "
                        "once cost one round trip plus every call's work, and the console "
                        f"is {'at' if fair >= ceiling - 0.02 else 'below'} what any client "
                        "gets here."
                        if together
                        else ""
                    )
                    if at_once
                    else "Its reads depend on each other, so they cannot all go at once."
                )
            )
        if row["rerun_calls"]:
            misses.append(f"- {row['page']}: {row['rerun_calls']} call(s) on an unchanged rerun.")
    lines += [
        "",
        "Targets (issue 13): data ready ≤ 1.5 × RTT on every page; ≥ 2 × faster than the "
        "authenticated peer on every page that makes more than one call (a one-call page cannot "
        "beat it: both pay one round trip); 0 calls on an unchanged rerun. The naive peer is "
        "kept for comparison with earlier runs only: its ratios count the 401s the console "
        "does not pay.",
        "",
        *(["Where a target is missed, and why:", "", *misses] if misses else ["Every target met."]),
        *(PAGES_WHY if any(m.endswith("gets here.") for m in misses) else []),
        "",
    ]
    if waits:
        lines += render_page_waits(result["browser"])
    return "\n".join(lines)


def _load(avg) -> str:
    return " / ".join(f"{x:.1f}" for x in avg)


def render_throughput(result: dict) -> str:
    from bench import throughput

    return throughput.render(result, throughput.NOTES)


def render_big_orders(big: dict) -> str:
    from bench import data_paths

    return data_paths.render(big) + data_paths.kept_before()


def render_browsers(browsers: dict) -> str:
    n, rounds = browsers["sessions"], browsers["rounds"]
    think = f"{THINK_SECONDS[0]:.0f}–{THINK_SECONDS[1]:.0f} s"
    rows = [
        ("alone", "one engineer alone"),
        ("working", f"with {n - 1} colleagues working ({think} reading between clicks)"),
        ("flat_out", f"with {n - 1} colleagues clicking flat out (no pause)"),
        ("all_here", f"all {n} as Chromium sessions on this machine ({think} reading)"),
    ]
    lines = [
        f"## (d) {n} concurrent browser sessions",
        "",
        "Ten support engineers on one console (and its sandbox), no injected latency. The one "
        "measured works in headless Chromium: opens the console on a customer, then goes "
        f"through the {len(SIDEBAR)} pages of the sidebar; {rounds} times. Their {n - 1} "
        "colleagues work the same pages at the same time from their own machines: to the "
        "console, a websocket session each making the same page runs a browser makes "
        "(Streamlit's own protocol), with nothing drawn here. A page counts as *loaded* when the "
        "server has finished the page's script run (every read done, every element sent), its "
        "heading shows, Streamlit shows no “Running…” and the browser has painted.",
        "",
        "| scenario | page switches p50 / p95 (ms) | first opens (ms, each) "
        "| colleagues' page runs p50 / p95 (ms) | CPU: Chromium / console + sandbox "
        "| target p95 < 3 s |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in rows:
        data = browsers[key]
        p50, p95 = percentiles(data["loads"])
        opens = " / ".join(f"{ms:.0f}" for ms in data["opens"][:4])
        if key == "all_here":
            o50, o95 = percentiles(data["opens"])
            opens = f"p50 {o50:.0f}, p95 {o95:.0f} (all at once)"
        server = "—"
        if data.get("server"):
            s50, s95 = percentiles(data["server"])
            server = f"{s50:.0f} / {s95:.0f} ({len(data['server'])} runs)"
        used, wall = data["cpu"], data["wall"]
        cpu = f"{used['chromium']:.0f} s / {used['python']:.0f} s in {wall:.0f} s"
        verdict = "met" if p95 < 3000 else f"missed by {p95 - 3000:.0f} ms"
        lines.append(
            f"| {label} | {p50:.0f} / {p95:.0f} | {opens} | {server} | {cpu} | {verdict} |"
        )
    here = browsers["all_here"]
    busy = (here["cpu"]["chromium"] + here["cpu"]["python"]) / (2 * here["wall"]) * 100
    lines += [
        "",
        "The target is read on the rows where the colleagues' browsers are on their own "
        "machines, as they are in use. The last row puts all ten Chromium renderers on the two "
        f"cores the console serves from: the cores were {busy:.0f} % busy, and Chromium "
        f"used {here['cpu']['chromium'] / max(here['cpu']['python'], 1e-9):.0f} × the CPU of "
        "the console and sandbox together. A first open costs a browser about 2 CPU-seconds "
        "(it loads and starts Streamlit's front end, plotly.js on the first chart); ten of "
        "those at once on two cores is what its first-open and p95 figures measure, not the "
        "console.",
        "",
        "What this measurement led to (earlier run: ten Chromium sessions, p95 19.7 s): "
        "py-spy on the console under load showed Streamlit's development file watcher (31 % of "
        "its busy samples) and a forced full garbage collection after every run (20 %), both "
        "now off in `.streamlit/config.toml`; the sandbox ran in a thread of the console, where "
        "a 2 ms call took 120–210 ms while two other threads ran Python (the interpreter lock), "
        "so it is now a child process; tabs run only when open; the landing page draws no chart "
        "(plotly.js is 4.7 MB of JavaScript for the browser to start).",
        "",
    ]
    return "\n".join(lines)


SECTIONS = {
    "a": (bench_pages, render_pages),
    "b": (bench_throughput, render_throughput),
    "c": (bench_big_orders, render_big_orders),
    "d": (bench_browsers, render_browsers),
    "e": (bench_cold_start, render_cold_start),
    "f": (bench_export, render_export),
    "g": (bench_page_switch, render_page_switch),
}
PART_TITLES = {
    "a": "page data against an authenticated peer",
    "b": "sandbox GET throughput against a bare FastAPI route",
    "c": "the sandbox's data paths at 50,000 and 500,000 orders",
    "d": "10 concurrent browser sessions",
    "e": "cold start against a hello-world app",
    "f": "full CSV / Excel export of 50,000 orders",
    "g": "page switches against a trivial multipage app",
}


if __name__ == "__main__":
    main()
