"""Screenshots of every console page, in the light and the dark theme, for the README:
``python scripts/screenshots.py``.

Starts the console on a fresh sandbox, opens each page in headless Chromium as a person
would (a customer looked up, a basket with an item, an order open), once with the system in
light mode and once in dark mode (the console follows the system), and writes
docs/screenshots/<page>-light.png and <page>-dark.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from console_harness import browser_page, full_screenshot, running_console, wait_idle

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CUSTOMER = "MTD0018232"
THEMES = ("light", "dark")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "console.db"
        with running_console(db) as url:
            for theme in THEMES:
                with browser_page(color_scheme=theme) as page:
                    shoot_every_page(page, url, db, theme)


def shoot_every_page(page, url: str, db: Path, theme: str) -> None:
    def save(name: str) -> None:
        path = OUT / f"{name}-{theme}.png"
        full_screenshot(page, path)
        print("wrote", path)

    def shoot(path: str, name: str, settle: int = 1500) -> None:
        page.goto(url + path)
        wait_idle(page, settle)
        save(name)

    page.goto(url)  # the first request takes Streamlit's legacy pages/ detour
    wait_idle(page, 1500)
    shoot(f"/customers?customer={CUSTOMER}", "customers", 2500)
    page.goto(f"{url}/basket?customer={CUSTOMER}")
    wait_idle(page, 1500)
    page.get_by_role("button", name="Add").click()
    wait_idle(page, 1500)
    save("basket")
    page.get_by_role("link", name="Buy / sell").first.click()
    wait_idle(page, 1500)
    save("trade")
    shoot("/products", "products")
    page.goto(f"{url}/orders")
    wait_idle(page, 1500)
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    shoot(f"/orders?order={newest_walletable_order(db)}", "orders", 2500)
    shoot("/balances", "balances", 2500)
    shoot_explorer(page, url, save)
    shoot("/api_log", "api_log")
    shoot("/audit", "audit")
    shoot("/sandbox", "sandbox")


def shoot_explorer(page, url: str, save) -> None:
    """The explorer with an answer: Bin Query sent."""
    page.goto(f"{url}/explorer?endpoint=BIN_QUERY")
    wait_idle(page, 1500)
    page.get_by_role("button", name="Send").click()
    wait_idle(page, 1500)
    page.get_by_text("Against the model").wait_for()
    save("explorer")


def newest_walletable_order(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT guid FROM orders WHERE channel = 'walletable' ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
    return row[0] if row else ""


if __name__ == "__main__":
    main()
