"""Where the console's sandbox comes from: started on the README's port (or the next free
one), or reached where MINTED_CONSOLE_SANDBOX_URL says; and the console's settings."""

from __future__ import annotations

import socket
import time

import pytest

from minted.console import settings
from minted.console.sandbox import DEFAULT_PORT, SandboxChoice, SandboxProcess
from minted.sandbox.ports import free_port, port_is_free
from minted.sandbox.settings import DEFAULT_PASSWORD, SandboxSettings


def test_the_console_starts_its_sandbox_on_the_port_asked_for(tmp_path):
    port = free_port()
    settings_ = SandboxSettings(db_path=str(tmp_path / "s.db"), demo_data=False)
    with SandboxProcess(settings_, port=port) as sandbox:
        assert sandbox.url == f"http://127.0.0.1:{port}"
        assert sandbox.control("GET", "/health")["orders"] == 0
        assert not port_is_free(port)
    assert sandbox.process.poll() is not None  # stopped with the block


def test_a_taken_port_falls_back_to_a_free_one(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        settings_ = SandboxSettings(db_path=str(tmp_path / "s.db"), demo_data=False)
        with SandboxProcess(settings_, port=taken) as sandbox:
            assert sandbox.port != taken
            assert sandbox.control("GET", "/health")["customers"] == 0
            assert sandbox.banner().startswith(f"Minted Connect sandbox on {sandbox.url} ")


def test_a_sandbox_that_cannot_start_says_so_at_once_rather_than_trying_ports(tmp_path):
    """A database path it cannot use makes the sandbox's process exit with its port free: no
    other port would help, so the start gives up after a second try, with the exit code,
    instead of starting a process a second until its deadline."""
    settings_ = SandboxSettings(db_path=str(tmp_path / "missing" / "deeper" / "s.db"))
    (tmp_path / "missing").write_text("a file where a folder should be")
    sandbox = SandboxProcess(settings_, port=0)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=r"exited with code \d+ before it answered"):
        sandbox.start(timeout=60)
    assert time.monotonic() - started < 30
    assert sandbox.process.poll() is not None


def test_choice_from_the_environment():
    assert SandboxChoice.from_env({}) == SandboxChoice(None, ".sandbox/console.db", DEFAULT_PORT)
    chosen = SandboxChoice.from_env(
        {
            "MINTED_CONSOLE_SANDBOX_URL": " http://10.0.0.5:8765 ",
            "MINTED_CONSOLE_SANDBOX_DB": "/data/c.db",
            "MINTED_CONSOLE_SANDBOX_PORT": "0",
        }
    )
    assert chosen == SandboxChoice("http://10.0.0.5:8765", "/data/c.db", 0)
    for bad in ("eighty", "-1", "65536", "1e400"):
        with pytest.raises(ValueError, match="MINTED_CONSOLE_SANDBOX_PORT"):
            SandboxChoice.from_env({"MINTED_CONSOLE_SANDBOX_PORT": bad})
    with pytest.raises(ValueError, match="http"):
        SandboxChoice("ftp://x", "db", 0).open()


def test_a_shared_sandbox_is_reached_with_the_sandbox_s_own_credentials(monkeypatch, sandbox):
    monkeypatch.setenv("MINTED_SANDBOX_USERNAME", sandbox.settings.username)
    monkeypatch.setenv("MINTED_SANDBOX_PASSWORD", "a-team-password")
    reached = SandboxChoice.from_env({"MINTED_CONSOLE_SANDBOX_URL": sandbox.url}).open()
    try:
        assert not reached.started_here and reached.url == sandbox.url
        assert reached.settings.password == "a-team-password"
        assert "a-team-password" not in reached.banner() + reached.curl_example()
        assert reached.control("GET", "/health")["clock"]
    finally:
        reached.stop()


def test_the_public_default_password_is_shown_for_curl():
    shown = SandboxProcess(SandboxSettings()).curl_example()  # not started: only its words
    assert f"sandbox-partner:{DEFAULT_PASSWORD}" in shown


def test_environments_come_from_secrets():
    assert settings.environment_names({}) == ["sandbox"]
    secrets = {
        "environments": {
            "production": {"username": "p", "password": "pw", "allow_writes": "true"},
            "staging": {"username": "s", "password": "pw", "base_url": "http://x"},
            "elsewhere": {"username": "e", "password": "pw"},
        }
    }
    assert settings.environment_names(secrets) == ["sandbox", "staging", "production"]
    configs = settings.configured(secrets)
    assert configs["staging"].base_url == "http://x" and configs["production"].base_url is None
    assert not configs["production"].production_writes  # the string "true" is not true
    secrets["environments"]["production"]["allow_writes"] = True
    assert settings.configured(secrets)["production"].production_writes
    with pytest.raises(ValueError, match=r"\[environments.staging\].*password"):
        settings.configured({"environments": {"staging": {"username": "s"}}})


def test_audit_url_and_timeout_settings():
    assert settings.audit_url({}, {}) == settings.DEFAULT_AUDIT_URL
    assert settings.audit_url({}, {"MINTED_CONSOLE_AUDIT_URL": "sqlite:///a.db"}) == (
        "sqlite:///a.db"
    )
    assert settings.audit_url({"audit": {"url": "postgresql://x"}}, {}) == "postgresql://x"
    assert settings.timeout_seconds({}) == 20
    assert settings.timeout_seconds({"MINTED_CONSOLE_TIMEOUT": "2.5"}) == 2.5
    for bad in ("soon", "0", "-3", "1e400", "nan"):
        with pytest.raises(ValueError, match="MINTED_CONSOLE_TIMEOUT"):
            settings.timeout_seconds({"MINTED_CONSOLE_TIMEOUT": bad})


def test_intents_are_sent_once():
    from minted.console.intents import DONE, UNKNOWN, Intents

    store: dict = {}
    intents = Intents(store)
    assert intents.begin("buy:1") and not intents.begin("buy:1")  # a double click
    intents.unknown("buy:1")
    assert intents.status("buy:1") == UNKNOWN and not intents.begin("buy:1")  # look it up first
    intents.release("buy:1")  # refused: nothing was made
    assert intents.begin("buy:1")
    intents.done("buy:1", {"order": "G-1"})
    assert intents.status("buy:1") == DONE and intents.result("buy:1") == {"order": "G-1"}
    assert not intents.begin("buy:1") and intents.status("other") is None


def test_changed_secrets_make_a_new_client_not_the_old_one(monkeypatch):
    """The clients are shared by the server; one made from old secrets (another base_url)
    was kept for the environment's name, so a corrected staging URL was never used."""
    from minted.console import session

    first = {
        "environments": {
            "staging": {"username": "u", "password": "p1x", "base_url": "http://127.0.0.1:9"}
        }
    }
    monkeypatch.setattr(session, "secrets", lambda: first)
    old = session.client_for("staging")
    assert session.client_for("staging") is old  # shared while nothing changed
    second = {
        "environments": {
            "staging": {"username": "u", "password": "p1x", "base_url": "http://127.0.0.1:10"}
        }
    }
    monkeypatch.setattr(session, "secrets", lambda: second)
    new = session.client_for("staging")
    assert new is not old and new.base_url.startswith("http://127.0.0.1:10")


def test_secrets_are_read_once_a_run_and_a_new_secrets_file_is_seen(monkeypatch, tmp_path):
    """Without a secrets.toml, Streamlit searched for one and raised on every call (about
    thirty a page run); the console keeps what it read, checks the files at most once a
    second, and reads them again when one appears or changes."""
    import streamlit as st
    from streamlit import config
    from streamlit.runtime.secrets import Secrets

    from minted.console import session

    path = tmp_path / "secrets.toml"
    files = st.get_option("secrets.files")
    config._set_option("secrets.files", [str(path)], "test")  # only settable at start-up
    monkeypatch.setattr(st, "secrets", Secrets())
    monkeypatch.setattr(session, "_secrets_memo", None)
    parsed = []
    original = Secrets.to_dict
    monkeypatch.setattr(Secrets, "to_dict", lambda self: parsed.append(1) or original(self))
    try:
        assert session.secrets() == {} and session.secrets() == {}
        assert len(parsed) == 1  # the second call was the memo's
        path.write_text('[local]\nrole = "operator"\n', encoding="utf-8")
        assert session.secrets() == {}  # within the second: not looked at yet
        monkeypatch.setattr(session, "SECRETS_RECHECK_S", 0.0)
        assert session.secrets() == {"local": {"role": "operator"}}
        other = Secrets()  # AppTest gives each run its own store: read at once
        other._secrets = {"auth": {"x": 1}}
        monkeypatch.setattr(st, "secrets", other)
        assert session.secrets() == {"auth": {"x": 1}}
    finally:
        config._set_option("secrets.files", files, "test")
        session._secrets_memo = None
