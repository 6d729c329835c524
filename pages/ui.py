"""What every console page shares: the environment, the cached client, errors and badges.

Pages stay thin: they read state from here, fetch through `pages.data`, and lay out widgets.
"""

from __future__ import annotations

import atexit
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import minted
from minted.audit import AuditLog
from minted.errors import MintedError, WriteRefusedError
from minted.guard import Actor, Role
from minted.sandbox import SandboxProcess, SandboxSettings

T = TypeVar("T")

ENV_COLORS = {"sandbox": "green", "staging": "orange", "production": "red"}
LANGUAGES = {"tr": "Türkçe", "en": "English"}


@dataclass(frozen=True)
class EnvironmentConfig:
    name: str
    label: str
    username: str
    password: str
    base_url: str | None


# -- environments and clients --------------------------------------------------------------------
@st.cache_resource(show_spinner="Starting the local sandbox…")
def embedded_sandbox() -> SandboxProcess:
    """One sandbox per console server, a child process on a free loopback port (see
    SandboxProcess for why not a thread); its state lives in ``MINTED_CONSOLE_SANDBOX_DB``
    (default ``.sandbox/console.db``) and survives restarts."""
    db = os.environ.get("MINTED_CONSOLE_SANDBOX_DB", ".sandbox/console.db")
    sandbox = SandboxProcess(SandboxSettings.from_env(db_path=db)).start()
    atexit.register(sandbox.stop)
    return sandbox


def _configured() -> dict[str, dict]:
    return {name: dict(entry) for name, entry in _secret_section("environments").items()}


def environments() -> list[str]:
    """The sandbox always; staging and production when secrets.toml configures them."""
    configured = _configured()
    return ["sandbox"] + [name for name in ("staging", "production") if name in configured]


def environment_config(name: str) -> EnvironmentConfig:
    if name == "sandbox":
        settings = embedded_sandbox().settings
        return EnvironmentConfig("sandbox", "Sandbox", settings.username, settings.password, None)
    entry = _configured()[name]
    return EnvironmentConfig(
        name, name.capitalize(), entry["username"], entry["password"], entry.get("base_url")
    )


@st.cache_resource(show_spinner=False)
def client_for(environment: str) -> minted.Client:
    """One client per environment, shared by every browser session (thread-safe)."""
    config = environment_config(environment)
    base_url = embedded_sandbox().url if environment == "sandbox" else config.base_url
    timeout = float(os.environ.get("MINTED_CONSOLE_TIMEOUT", "20"))  # seconds per call
    return minted.Client(
        config.username,
        config.password,
        environment=environment,
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        production_writes=bool(_configured().get(environment, {}).get("allow_writes")),
    )


def _secret_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets.toml
        return {}


@st.cache_resource(show_spinner=False)
def audit_log() -> AuditLog:
    """Where write attempts are kept: [audit] url in secrets, MINTED_CONSOLE_AUDIT_URL, or a
    SQLite file beside the sandbox's."""
    url = (
        _secret_section("audit").get("url")
        or os.environ.get("MINTED_CONSOLE_AUDIT_URL")
        or "sqlite:///.sandbox/audit.db"
    )
    passwords = [embedded_sandbox().settings.password]
    passwords += [entry.get("password", "") for entry in _configured().values()]
    return AuditLog(url, secrets=passwords)


# -- who is at the keyboard ------------------------------------------------------------------------
def auth_configured() -> bool:
    return bool(_secret_section("auth"))


def actor() -> Actor:
    """With [auth], the logged-in user and the role [roles] gives their e-mail (viewer if
    none); without it, a local user who may write on the sandbox only."""
    ip = getattr(st.context, "ip_address", None)
    ip = ip if isinstance(ip, str) else None  # absent behind some proxies and in AppTest
    if not auth_configured():
        role = Role.OPERATOR if is_sandbox() else Role.VIEWER
        return Actor("local user", role, ip)
    email = (st.user.get("email") or "").lower()
    roles = _secret_section("roles")
    role = next(
        (
            Role(name)
            for name in ("admin", "operator")
            if email in [e.lower() for e in roles.get(name, [])]
        ),
        Role.VIEWER,
    )
    return Actor(email or "unknown", role, ip)


def may_write() -> bool:
    return client().guard.may_write(actor())


def current_environment() -> str:
    env = st.session_state.get("environment", "sandbox")
    return env if env in environments() else "sandbox"


def language() -> str:
    return st.session_state.get("language", "tr")


def session_tag() -> str:
    """Marks this browser session's calls in the shared journal."""
    if "session_tag" not in st.session_state:
        st.session_state["session_tag"] = uuid.uuid4().hex[:12]
    return st.session_state["session_tag"]


def client() -> minted.Client:
    return client_for(current_environment())


def is_sandbox() -> bool:
    return current_environment() == "sandbox"


# -- calling the API ------------------------------------------------------------------------------
def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run an API call for this session; on failure show what happened and return None, so
    the rest of the page keeps working."""
    try:
        with client().context(language=language(), tag=session_tag(), actor=actor()):
            return fn(*args, **kwargs)
    except MintedError as error:
        show_error(error)
        return None


def write(
    action: str,
    fn: Callable[..., T],
    *args: Any,
    intent: str,
    summary: dict[str, Any] | None = None,
    order_ids: Callable[[T], list[str]] = lambda result: [],
    confirmation: str | None = None,
    **kwargs: Any,
) -> T | None:
    """A write, exactly once per ``intent`` and audited whatever happens.

    The intent is remembered in the session before the request leaves: a double click or a
    rerun finds it and never sends again (a finished intent returns its result; one still in
    flight or with an unknown outcome must be looked up, not resent).
    """
    intents = st.session_state.setdefault("intents", {})
    state = intents.get(intent)
    if state is not None:
        if state["status"] == "done":
            return state["result"]
        st.warning(
            "This request was already sent and its outcome is not known yet. Look the order "
            "up before trying again.",
            icon=":material/hourglass_top:",
        )
        return None
    intents[intent] = {"status": "in flight"}
    who = actor()
    audit = {
        "who": who.user,
        "role": who.role.value,
        "environment": current_environment(),
        "action": action,
        "request": summary or {},
        "client_ip": who.client_ip,
        "intent_id": intent,
    }
    try:
        with client().context(
            language=language(), tag=session_tag(), actor=who, confirmation=confirmation
        ):
            result = fn(*args, **kwargs)
    except WriteRefusedError as error:
        intents.pop(intent, None)
        audit_log().record(**audit, result="refused", message=error.message)
        show_error(error)
        return None
    except minted.TimeoutError as error:
        intents[intent] = {"status": "unknown"}
        audit_log().record(**audit, result="unknown", message=str(error))
        show_error(error)
        return None
    except MintedError as error:
        intents.pop(intent, None)  # refused by the API: nothing was made, a retry is safe
        audit_log().record(**audit, result="failed", message=str(error))
        show_error(error)
        return None
    intents[intent] = {"status": "done", "result": result}
    audit_log().record(**audit, result="ok", order_ids=order_ids(result))
    return result


def intent_status(intent: str) -> str | None:
    return st.session_state.get("intents", {}).get(intent, {}).get("status")


def show_error(error: MintedError) -> None:
    if isinstance(error, minted.TimeoutError) and error.method not in ("", "GET"):
        st.warning(
            f"**No answer in time** for `{error.call}`. The outcome is unknown: the order may "
            "exist. Look it up by its external id before trying again.",
            icon=":material/hourglass_top:",
        )
        return
    if isinstance(error, WriteRefusedError):
        st.error(f"**Not sent** — {error.message}", icon=":material/block:")
        return
    words = re.findall(r"[A-Z][a-z]*", type(error).__name__)  # InvalidResponseError → …
    title = " ".join([words[0], *(w.lower() for w in words[1:])])
    parts = [f"**{title}** — {error.message}"]
    status = getattr(error, "status", None)
    code = getattr(error, "code", None)
    meta = " · ".join(
        p
        for p in (f"HTTP {status}" if status else "", f"code {code}" if code else "", error.call)
        if p
    )
    if meta:
        parts.append(f"`{meta}`")
    fields = getattr(error, "field_errors", {}) or {}
    for field, messages in fields.items():
        parts.append(f"- `{field}`: {'; '.join(messages)}")
    st.error(
        "\n\n".join(parts[:2]) + ("\n\n" + "\n".join(parts[2:]) if fields else ""),
        icon=":material/error:",
    )


# -- the frame: app.py's sidebar and navigation around every page ------------------------------
_FRAMED: ContextVar[bool] = ContextVar("console_framed", default=False)


@contextmanager
def framed() -> Iterator[None]:
    """app.py runs the selected page inside this."""
    token = _FRAMED.set(True)
    try:
        yield
    finally:
        _FRAMED.reset(token)


def require_frame() -> None:
    """A page run without app.py around it (see pages/__init__.py) runs again, framed.
    Once only: if even the rerun is not framed, the page renders as it is, never loops."""
    if _FRAMED.get():
        st.session_state.pop("_reframed", None)
        return
    if not st.session_state.get("_reframed"):
        st.session_state["_reframed"] = True
        PagesManager.uses_pages_directory = False  # what pages/__init__ declares, again
        st.rerun()


# -- layout helpers -------------------------------------------------------------------------------
def environment_badge(environment: str | None = None) -> str:
    env = environment or current_environment()
    return f":{ENV_COLORS.get(env, 'gray')}-background[**{env.upper()}**]"


def header(title: str, caption: str | None = None) -> None:
    require_frame()
    left, right = st.columns([4, 1])
    left.title(title)
    right.markdown(f"#### {environment_badge()}")
    if caption:
        st.caption(caption)


def remember_customer(external_id: str | None) -> None:
    """The customer a support engineer works on follows them from page to page."""
    if external_id:
        st.session_state["customer"] = external_id


def remembered_customer() -> str:
    return st.query_params.get("customer") or st.session_state.get("customer", "")


def lazy_tabs(tabs: dict[str, Callable[[], None]], key: str) -> None:
    """Tabs whose hidden panels do not run: only the open tab is computed and sent to the
    browser, where drawing every panel's tables and charts on each load was most of the page's
    cost with ten sessions (bench (d)).  The open tab is in the URL as ``?{key}=<label>``, so
    a link can point at it; switching tabs is a rerun, which makes no call when data is cached.
    ``key`` names the URL parameter; give each page its own: the first run of the next page
    still sees the last page's widget state, and a shared key there would pick the wrong tab."""
    panels = st.tabs(list(tabs), key=key, bind="query-params")
    for panel, render in zip(panels, tabs.values(), strict=True):
        if panel.open:
            with panel:
                render()
