"""The API explorer in real headless Chromium: an operator finds Bin Query by typing "bin",
sends it, copies the curl, and that curl succeeds against the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_idle  # noqa: E402

pytestmark = [pytest.mark.browser]


def test_find_bin_query_send_it_and_the_copied_curl_works(tmp_path):
    from minted.sandbox.settings import SandboxSettings

    password = SandboxSettings.from_env().password  # the console's embedded sandbox's
    with (
        running_console(tmp_path / "console.db") as url,
        browser_page(permissions=["clipboard-read", "clipboard-write"]) as page,
    ):
        page.goto(url)  # the first request takes Streamlit's legacy pages/ detour; not ours
        wait_idle(page, 1500)
        page.goto(f"{url}/explorer")
        page.get_by_role("heading", name="API explorer").wait_for()
        wait_idle(page)

        search = page.get_by_role("textbox", name="Search by name or path")
        search.fill("bin")
        search.press("Enter")
        wait_idle(page)
        page.get_by_role("heading", name="Bin Query").wait_for()
        assert "1 of 62 endpoints" in page.get_by_text("of 62 endpoints").inner_text()

        page.get_by_role("button", name="Send").click()
        wait_idle(page)
        page.get_by_text("Against the model").wait_for()
        assert page.get_by_text("Fits the model.").is_visible()

        code = page.locator("[data-testid='stCode']", has_text="curl --location").first
        code.hover()
        code.get_by_role("button").first.click()  # st.code's own copy button
        copied = page.evaluate("() => navigator.clipboard.readText()")
        page.screenshot(path=str(tmp_path / "explorer.png"))

        assert (
            copied.startswith("curl --location --request POST ")
            and "/partner/payment/bin" in copied
        )
        assert password not in copied  # the password stays a shell variable
        # while the console (and so its sandbox) runs
        result = subprocess.run(
            ["bash", "-c", copied + " --silent --show-error --fail"],
            env={**os.environ, "MINTED_PASSWORD": password},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["success"] is True and answer["data"]["bin"] == "411111"
