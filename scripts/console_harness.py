"""Start the console (streamlit run serve.py, as scripts/console does) and drive it in headless
Chromium.

Used by the browser tests and by scripts/screenshots.py.  Chromium is Debian's
(/usr/bin/chromium); Playwright only drives it, it never downloads a browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every page browser_page has open, so that a failing browser test can show what it saw
# (tests/conftest.py takes a screenshot and the page's text on failure).
OPEN_PAGES: list = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_console(db_path: Path, port: int | None = None, env: dict | None = None):
    """The console on a free port, its embedded sandbox in ``db_path`` (``env`` may point it
    elsewhere); yields the URL."""
    env = {
        "MINTED_CONSOLE_SANDBOX_PORT": "0",  # any free port: 8765 is the user's
        "MINTED_CONSOLE_SANDBOX_DB": str(db_path),
        "MINTED_CONSOLE_AUDIT_URL": f"sqlite:///{db_path.with_suffix('.audit.db')}",
        **(env or {}),
    }
    log = db_path.with_suffix(".streamlit.log")
    with streamlit_server(ROOT / "serve.py", log, port, env) as url:
        yield url


@contextmanager
def streamlit_server(
    script: Path, log_path: Path, port: int | None = None, env: dict | None = None
):
    """``streamlit run script`` from the project's directory (so with its .streamlit/config)
    on a free port, until its health check answers; yields the URL, stops it after."""
    port = port or free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError("streamlit exited; see " + log.name)
            time.sleep(0.2)
        else:
            raise RuntimeError("streamlit did not start; see " + log.name)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def browser_page(width: int = 1400, height: int = 1000, **options):
    """A Chromium page; ``options`` go to Playwright's ``new_page`` (``color_scheme="dark"``
    for a system in dark mode, ``extra_http_headers``, …)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = None
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, **options)
            page.set_default_timeout(60_000)
            OPEN_PAGES.append(page)
            yield page
        finally:
            if page in OPEN_PAGES:
                OPEN_PAGES.remove(page)
            browser.close()


def wait_idle(page, settle_ms: int = 600) -> None:
    """Until Streamlit has finished running the script (no "Running…" status)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(settle_ms)


def full_screenshot(page, path: Path | str) -> None:
    """Streamlit scrolls inside its main block, so "full page" is only the viewport: grow
    the viewport to the content's height first, then shoot, then restore it."""
    size = page.viewport_size
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stMainBlockContainer"]\')].map(e => e.scrollHeight), 0)'
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 80)})
    page.wait_for_timeout(700)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def wait_connected(page, timeout_ms: int = 60_000) -> None:
    """Until the sidebar says the console reached its API: the embedded sandbox starts in the
    background while the first page renders, so its database may still be empty before."""
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("connected").first.wait_for(timeout=timeout_ms)
