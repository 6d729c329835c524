"""Two console replicas behind one sandbox and one PostgreSQL audit log, as the README's
several-replicas setup runs them: each server is a real `streamlit run app.py`, each driven in
headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_audit import postgres_url  # noqa: F401  (the throwaway PostgreSQL cluster)

from minted.console.audit import AuditLog
from minted.console.sandbox import SandboxProcess
from minted.sandbox.settings import SandboxSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_harness import browser_page, running_console, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
CUSTOMER = "MTD0018232"
TEAM_PASSWORD = "team-sandbox-pw-4410"


def test_two_replicas_share_one_sandbox_and_one_audit_log(tmp_path, monkeypatch, postgres_url):  # noqa: F811
    monkeypatch.setenv("MINTED_SANDBOX_PASSWORD", TEAM_PASSWORD)  # the sandbox and replicas
    settings = SandboxSettings.from_env(db_path=str(tmp_path / "shared.db"))
    with SandboxProcess(settings) as sandbox:
        shared = {
            "MINTED_CONSOLE_SANDBOX_URL": sandbox.url,
            "MINTED_CONSOLE_AUDIT_URL": postgres_url,
        }
        with (
            running_console(tmp_path / "a.db", env=shared) as replica_a,
            running_console(tmp_path / "b.db", env=shared) as replica_b,
            browser_page() as page,
        ):
            # a basket made on one replica is the sandbox's, so the other one sees it
            page.goto(f"{replica_a}/basket?customer={CUSTOMER}")
            wait_idle(page, 1500)
            page.get_by_role("button", name="Add").click()
            wait_idle(page)
            page.get_by_text("Customer pays").first.wait_for()
            page.goto(f"{replica_b}/basket?customer={CUSTOMER}")
            wait_idle(page, 1500)
            page.get_by_text("Customer pays").first.wait_for()
            page.get_by_role("button", name="Add").click()
            wait_idle(page)
            page.goto(f"{replica_b}/sandbox")
            wait_idle(page, 1500)
            page.get_by_text(f"Listening on {sandbox.url} (shared").wait_for()
            shown = page.content()
        health = sandbox.control("GET", "/health")
    assert TEAM_PASSWORD not in shown
    with AuditLog(postgres_url) as audit:
        adds = [e for e in audit.events(limit=50) if e.action == "basket.add_item"]
    assert [e.result for e in adds] == ["ok", "ok"]  # one row from each replica, one log
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()  # no own sandbox
    assert health["customers"] > 0
