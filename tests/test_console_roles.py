"""Roles in the console: who may do what, in each environment, enforced where the write
happens and written to the audit log."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_console_pages import APP

from minted.console.audit import AuditLog

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "console",
    "client_secret": "test-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
pytestmark = pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
ROLES = {"admin": ["ada@example.com"], "operator": ["omar@example.com"]}
UNREACHABLE = {"username": "u", "password": "pw-not-shown", "base_url": "http://127.0.0.1:9"}


def console(email: str | None, *, auth: bool = True, production_writes: bool = False):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["environments"] = {
        "staging": UNREACHABLE,
        "production": {**UNREACHABLE, "allow_writes": production_writes},
    }
    if auth:
        at.secrets["auth"] = AUTH
        at.secrets["roles"] = ROLES
        at.user = {"email": email, "is_logged_in": email is not None}
    at.query_params["customer"] = "MTD0018232"
    return at


def add_to_basket(at: AppTest, environment: str) -> AppTest:
    at.run()
    at.selectbox(key="environment").set_value(environment).run()
    at.switch_page("pages/basket.py").run()
    next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def audit() -> AuditLog:
    import os

    return AuditLog(os.environ["MINTED_CONSOLE_AUDIT_URL"])


def test_signed_out_users_see_only_the_sign_in():
    at = console(None)
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.selectbox  # nothing of the console before signing in


@pytest.mark.parametrize(
    "email,environment,allowed",
    [
        ("vera@example.com", "sandbox", False),  # viewer
        ("omar@example.com", "sandbox", True),  # operator
        ("omar@example.com", "staging", True),  # operator (staging is unreachable here)
        ("omar@example.com", "production", False),
        ("ada@example.com", "production", False),  # admin, but writes not enabled
    ],
)
def test_roles_per_environment(email, environment, allowed):
    before = len(audit().events(who=email, limit=10_000))
    at = add_to_basket(console(email), environment)
    refused = [e.value for e in at.error if e.value.startswith("**Not sent**")]
    assert bool(refused) != allowed, [e.value for e in at.error]
    events = audit().events(who=email, limit=10_000)
    assert len(events) == before + 1  # every attempt is audited
    assert events[0].environment == environment
    assert events[0].result == ("refused" if not allowed else events[0].result)


def test_without_auth_only_the_sandbox_is_writable():
    sandbox = add_to_basket(console(None, auth=False), "sandbox")
    assert not [e for e in sandbox.error if e.value.startswith("**Not sent**")]
    staging = add_to_basket(console(None, auth=False), "staging")
    assert [e for e in staging.error if e.value.startswith("**Not sent**")]
    assert any("read only here" in c.value for c in staging.sidebar.caption)


def test_audit_page_lists_attempts():
    at = console("omar@example.com")
    at.run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    assert any("attempt(s)" in c.value for c in at.caption)


def test_sandbox_controls_are_for_writers_and_audited():
    viewer = console("vera@example.com")
    viewer.run()
    viewer.query_params["panel"] = "Nonces & reset"
    viewer.switch_page("pages/sandbox.py").run()
    assert next(b for b in viewer.button if b.label == "Expire every nonce").disabled
    operator = console("omar@example.com")
    operator.run()
    operator.query_params["panel"] = "Nonces & reset"
    operator.switch_page("pages/sandbox.py").run()
    next(b for b in operator.button if b.label == "Expire every nonce").click().run()
    assert not operator.exception and any("Expired" in s.value for s in operator.success)
    event = audit().events(who="omar@example.com", action="sandbox.nonces.expire", limit=1)[0]
    assert event.result == "ok"


def _forged_sandbox_change():  # runs as a Streamlit script under AppTest
    from minted.console import calls

    calls.sandbox_change("reset", "POST", "/reset", json={"demo_data": True})


def test_a_viewer_s_forged_sandbox_change_is_refused_and_audited():
    """The greyed-out button is a courtesy; the refusal is on the server."""
    at = AppTest.from_function(_forged_sandbox_change, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["roles"] = ROLES
    at.user = {"email": "vera@example.com", "is_logged_in": True}
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("**Not sent**")
    event = audit().events(who="vera@example.com", action="sandbox.reset", limit=1)[0]
    assert event.result == "refused"


def test_a_named_local_operator_writes_to_staging_but_never_to_production():
    at = console(None, auth=False, production_writes=True)
    at.secrets["local"] = {"role": "operator"}
    staging = add_to_basket(at, "staging")
    assert not [e for e in staging.error if e.value.startswith("**Not sent**")]
    assert any("local operator" in c.value for c in staging.sidebar.caption)
    at = console(None, auth=False, production_writes=True)
    at.secrets["local"] = {"role": "admin"}  # not a local role: a viewer outside the sandbox
    production = add_to_basket(at, "production")
    assert [e for e in production.error if e.value.startswith("**Not sent**")]
