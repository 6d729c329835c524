"""What staff see around the pages, in Chromium: no Streamlit developer chrome, a theme that
follows the system's light or dark setting, and the audit log naming the browser's address."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_idle  # noqa: E402

pytestmark = [pytest.mark.browser]

BACKGROUND = """() => {
    const rgb = getComputedStyle(document.querySelector('[data-testid="stApp"]'))
        .backgroundColor.match(/\\d+/g).map(Number);
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}"""


def test_no_developer_chrome_and_the_theme_follows_the_system(tmp_path):
    with running_console(tmp_path / "console.db") as url:
        for scheme in ("light", "dark"):
            with browser_page(color_scheme=scheme) as page:
                page.goto(f"{url}/products")
                wait_idle(page, 1000)
                page.get_by_role("heading", name="Products & currency rates").wait_for()
                luminance = page.evaluate(BACKGROUND)
                assert (luminance > 0.8) if scheme == "light" else (luminance < 0.2), scheme
                assert page.locator("[data-testid='stAppDeployButton']").count() == 0
                assert page.get_by_role("button", name="Deploy").count() == 0
                menu = page.locator("[data-testid='stMainMenu']")
                if menu.count():  # only the theme choice may be there
                    menu.click()
                    page.wait_for_timeout(300)
                    items = page.locator("[data-testid='stMainMenuPopover']").inner_text()
                    for developer_item in ("Rerun", "Clear cache", "Deploy", "Record"):
                        assert developer_item not in items, (scheme, items)
                    page.keyboard.press("Escape")


def audit_addresses(db: Path) -> list[str | None]:
    with sqlite3.connect(db.with_suffix(".audit.db")) as conn:
        return [row[0] for row in conn.execute("SELECT client_ip FROM audit_events ORDER BY id")]


def freeze_and_unfreeze(url: str, **options) -> None:
    with browser_page(**options) as page:
        page.goto(f"{url}/sandbox?panel=Clock")
        wait_idle(page, 1000)
        page.get_by_role("button", name="Freeze").click()
        wait_idle(page)
        page.get_by_role("button", name="Unfreeze").click()
        wait_idle(page)


def test_the_audit_log_names_the_browser_address(tmp_path):
    db = tmp_path / "console.db"
    with running_console(db) as url:
        freeze_and_unfreeze(url)
        # as a reverse proxy on this machine would pass it on
        freeze_and_unfreeze(url, extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    assert audit_addresses(db) == ["127.0.0.1", "127.0.0.1", "203.0.113.7", "203.0.113.7"]
