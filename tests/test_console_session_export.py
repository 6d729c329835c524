"""The API log offers this browser's calls as a replay script (issue 12, session to script)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import helpers
import httpx
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from minted import endpoints
from minted.console.sandbox import SandboxProcess
from minted.sandbox.settings import DEFAULT_PASSWORD, SandboxSettings

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
# A demo customer no other AppTest uses (minted/sandbox/seed.py's ids), so the console's
# shared sandbox holds for it what a fresh one does.
CUSTOMER = f"MTD{18232 + 9 * 7919:07d}"


def export_button(at: AppTest):
    return next(b for b in at.get("download_button") if b.label == "Export as Python script")


def open_export(at: AppTest) -> None:
    """What a click on the "Export as Python script" expander does."""
    at.session_state["log-export-open"] = True
    at.run()


def offered(at: AppTest, downloads: dict) -> str:
    return helpers.offered(at, "Export as Python script", downloads).decode("utf-8")


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_the_api_log_offers_this_browsers_calls_as_a_python_script(downloads):
    import streamlit

    streamlit.cache_data.clear()  # the customer's reads are this session's calls, not cached
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["customer"] = "MTD0018232"
    at.run()
    at.switch_page("pages/api_log.py").run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "call(s) on sandbox" in c.value)
    shown = int(caption.split()[0])
    assert shown > 0
    assert not at.get("download_button")  # its expander closed: nothing drawn, nothing made
    open_export(at)
    script = offered(at, downloads)
    compile(script, "replay.py", "exec")
    assert script.count("        replay.call(") == shown  # one a call made for the page
    assert '"external_id": "MTD0018232"' in script
    assert DEFAULT_PASSWORD not in script and 'os.environ.get("MINTED_ENVIRONMENT")' in script

    # The filters choose what "Shown above" exports; "All" is every call of this browser.
    at.session_state["log-filters"] = True
    at.run()
    at.multiselect(key="log-methods").set_value(["DELETE"]).run()
    assert export_button(at).proto.disabled
    at.radio(key="log-export-scope").set_value("All of this browser's").run()
    assert not export_button(at).proto.disabled
    assert offered(at, downloads).count("        replay.call(") == shown


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_a_console_session_exported_runs_on_a_fresh_sandbox(downloads, tmp_path):
    """Issue 12's acceptance: an engineer looks a customer up, reads products, adds a basket
    item, looks at the trade, orders and balances pages, and exports the API log; the script
    makes the same calls on a fresh sandbox and exits 0."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["customer"] = CUSTOMER
    at.run()
    for page in ("customers", "products", "basket", "trade", "orders", "balances"):
        at.switch_page(f"pages/{page}.py").run()
        if page == "basket":
            next(b for b in at.button if b.label == "Add").click().run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/api_log.py").run()
    open_export(at)
    at.radio(key="log-export-scope").set_value("All of this browser's").run()
    script = tmp_path / "replay.py"
    script.write_text(offered(at, downloads), encoding="utf-8")

    from minted.console import session  # the console's client, as the pages used it

    tag = at.session_state["session_tag"]
    made = [e for e in session.client_for("sandbox").journal.entries() if e.tag == tag]
    assert any(e.method == "POST" for e in made)  # the basket item
    settings = SandboxSettings.from_env(db_path=str(tmp_path / "fresh.db"))
    with SandboxProcess(settings) as fresh:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINTED_")}
        env |= {
            "PYTHONPATH": str(ROOT),
            "MINTED_USERNAME": settings.username,
            "MINTED_PASSWORD": settings.password,
            "MINTED_BASE_URL": fresh.url,
        }
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300
        )
        rows = httpx.get(f"{fresh.url}/_sandbox/journal", params={"limit": 1000}).json()["data"]
    assert done.returncode == 0, done.stdout + done.stderr
    seen = [
        (r["method"], endpoints.resolve(r["method"], r["path"])[0].key, r["status"])
        for r in reversed(rows)
        if r["status"] != 401  # digest challenges
    ]
    assert seen == [(e.method, e.endpoint, e.status) for e in sorted(made, key=lambda e: e.id)]
