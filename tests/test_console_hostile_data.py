"""A customer whose every text field holds Markdown, LaTeX, colour directives, an image link
and HTML is shown literally on every page that shows it, and the browser asks no host but
the console for anything (issue 11: data is data, never markup).

Known and accepted: Streamlit's Markdown still turns a bare ``www.…``, ``http(s)://…`` or
e-mail address into a link (GFM autolinks, applied after parsing, so no escape prevents
them).  Such a link is the data's own text, opens only on a click, in a new tab, and can be
no ``javascript:`` URL; nothing is fetched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import minted
from minted.console.sandbox import SandboxProcess
from minted.sandbox.settings import SandboxSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_harness import browser_page, full_screenshot, running_console, wait_idle

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "browser"
EVIL = "evil-001"
# Each within the sandbox's documented bounds (names 3–40 characters, an e-mail's shape).
FIELDS = {
    "firstname": "**bold** :red[red] $x^2$",
    "middlename": "<img src=http://127.0.0.2:9/i.png>",
    "lastname": "[x](javascript:alert(1)) :material/home:",
    "email": "![p](http://127.0.0.2:9/pixel.png)@e.co",
    "phone": "www.example.com",
}


def test_a_hostile_customer_is_shown_literally_and_fetches_nothing(tmp_path):
    settings = SandboxSettings.from_env(db_path=str(tmp_path / "sandbox.db"))
    with SandboxProcess(settings) as sandbox:
        with minted.Client(settings.username, settings.password, base_url=sandbox.url) as client:
            client.customers.create(external_id=EVIL, **FIELDS)
            basket = client.baskets.add_item(EVIL, "MNTBAE0001", 1)
        env = {"MINTED_CONSOLE_SANDBOX_URL": sandbox.url}
        with running_console(tmp_path / "console.db", env=env) as url, browser_page() as page:
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(url)  # the first visit of a server takes Streamlit's own detour
            wait_idle(page, 1500)
            for path, name in (
                (f"/customers?customer={EVIL}", "customer"),
                (f"/basket?customer={EVIL}", "basket"),
                (f"/trade?customer={EVIL}", "trade"),
                ("/api_log", "api-log"),
            ):
                page.goto(url + path)
                wait_idle(page, 1500)
                page.locator("[data-testid='stMain'] h1").first.wait_for()
                full_screenshot(page, ARTIFACTS / f"hostile-{name}.png")
                main = page.locator("[data-testid='stMain']")
                shown = main.inner_text()
                if name == "customer":
                    page.get_by_text("Identity / tax no.").wait_for()
                    for field in ("email", "phone"):
                        assert FIELDS[field] in shown, field
                    heading = main.get_by_role("heading", level=3).first.inner_text()
                    assert FIELDS["firstname"] in heading and FIELDS["lastname"] in heading
                assert main.locator("a[href^='javascript']").count() == 0
                assert main.locator("img[src^='http']").count() == 0
                assert main.locator(".katex, strong:has-text('bold')").count() == 0
                assert main.locator("[aria-label='home icon']").count() == 0
                assert main.locator("span[style*='color']:has-text('red')").count() == 0
    outside = [u for u in requested if not u.startswith((url, "data:", "blob:"))]
    assert outside == [], outside
    assert basket.cart_token
