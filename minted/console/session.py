"""This browser session: where it works, who is at the keyboard, and its clients.

Clients, the sandbox and the audit log are made once per console server and shared by every
session (st.cache_resource); what differs per session (environment, language, person) is
read from st.session_state and st.user at each call.

Start-up: the server (serve.py, `minted.console.startup`) calls `start_sandbox` 2 s after it
answers, and app.py on its first run when no such server will (``streamlit run app.py``)
or the sandbox is shared (nothing to start); it launches the sandbox's process and returns
at once.  The first page renders meanwhile (it needs no call); whatever calls the sandbox
sooner starts it and waits until it answers.
Nothing imported here loads SQLAlchemy (the audit log, on its first use), pandas or plotly,
nor the client's own stack (httpx, pydantic and its ~100 models: `minted.Client` is imported
with the first client, which on a cold start is made by the health check once the sandbox
answers, after the first page is drawn).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

import streamlit as st

import minted
from minted.console import peer, policy, settings
from minted.console.index import CustomerIndex
from minted.console.policy import Actor, Role
from minted.console.sandbox import Sandbox, SandboxChoice, SandboxStartError

if TYPE_CHECKING:
    from minted.console.audit import AuditLog  # SQLAlchemy: imported on the log's first use

LANGUAGES = {"tr": "Türkçe", "en": "English"}


def secrets() -> dict[str, Any]:
    """The console's secrets (treat as read-only), or {} without a secrets.toml.  Read again
    when st.secrets is another object (AppTest gives each run its own) or, at most once a
    second, when a secrets file changed: without a file Streamlit searches for one and raises
    on every call, and a page run asks about thirty times."""
    global _secrets_memo
    store, now = st.secrets, time.monotonic()
    memo = _secrets_memo
    if memo is not None and memo.store is store and now - memo.checked < SECRETS_RECHECK_S:
        return memo.known
    stamp = _secrets_files_stamp()
    if memo is not None and memo.store is store and memo.stamp == stamp:
        known = memo.known
    else:
        try:
            known = store.to_dict()
        except Exception:  # no secrets.toml: the sandbox alone
            known = {}
    _secrets_memo = _SecretsMemo(store, now, stamp, known)  # holding the store keeps its id
    return known


SECRETS_RECHECK_S = 1.0


class _SecretsMemo(NamedTuple):
    store: Any
    checked: float
    stamp: tuple
    known: dict[str, Any]


_secrets_memo: _SecretsMemo | None = None


def _secrets_files_stamp() -> tuple:
    """Each secrets file's modification time and size (None where it does not exist)."""
    stamp = []
    for path in st.get_option("secrets.files"):
        try:
            found = os.stat(path)
        except OSError:
            stamp.append(None)
        else:
            stamp.append((found.st_mtime_ns, found.st_size))
    return tuple(stamp)


# -- shared by every session -----------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _sandbox_start() -> Future[Sandbox]:
    """The sandbox on its way: its process is launched now, and a thread waits for it to
    answer, so the caller does not (once per console server)."""
    future: Future[Sandbox] = Future()
    _sandbox_launched.set()

    def open_it() -> None:
        try:
            running = SandboxChoice.from_env().open()
        except BaseException as error:  # handed to whoever needs the sandbox
            if isinstance(error, Exception) and not isinstance(error, SandboxStartError):
                error = SandboxStartError(str(error))  # a setting it cannot use, say
            future.set_exception(error)
            return
        atexit.register(running.stop)
        print(running.banner(), flush=True)  # in the terminal that started the console
        future.set_result(running)

    threading.Thread(target=open_it, name="sandbox-start", daemon=True).start()
    return future


def start_sandbox() -> None:
    """Launch the console's sandbox if it is not on its way yet, and return at once."""
    _sandbox_start()


_sandbox_launched = threading.Event()


def sandbox_is_shared() -> bool:
    """Whether ``MINTED_CONSOLE_SANDBOX_URL`` names a running sandbox to reach: nothing to
    start, so nothing to keep off the cores while a first page is drawn."""
    try:
        return SandboxChoice.from_env().url is not None
    except ValueError:  # a bad setting: the start reports it where the sandbox is needed
        return False


def sandbox_ready() -> bool:
    """Whether the sandbox answers (or failed to start: then `sandbox` says why).  Asking
    does not launch a first start (the sidebar asks on every run, also before the server
    starts it); after a start that failed, it tries again, as `sandbox` does."""
    return _sandbox_launched.is_set() and _sandbox_start().done()


def sandbox() -> Sandbox:
    """The console's sandbox: started once per console server, or reached where
    ``MINTED_CONSOLE_SANDBOX_URL`` says (see `minted.console.sandbox`); waits until it
    answers.  No spinner of its own: it is mostly called inside cached functions (whose
    elements Streamlit replays) and background reads; the sidebar says the sandbox is
    starting, and a page's reads show their own "Loading…"."""
    try:
        return _sandbox_start().result()
    except BaseException:
        _sandbox_start.clear()  # a start that failed is tried again by the next call
        raise


def client_for(environment: str) -> minted.Client:
    """One client per environment and configuration, shared by every browser session
    (thread-safe); the console's write policy rides on it as a request hook.  Keyed by what
    the client is made from, so changed secrets (another base_url, password or overrides)
    make a new client rather than reuse the old one."""
    return _shared_client(environment, _configuration(environment)[1])


@st.cache_resource(show_spinner=False)
def _shared_client(environment: str, configuration: str) -> minted.Client:
    return new_client(environment)


def _configuration(environment: str) -> tuple[dict[str, Any], str]:
    """What ``environment``'s client is made from, and a digest of it (the cache's key)."""
    if environment == "sandbox":
        running = sandbox()
        made_of = {
            "base_url": running.url,
            "username": running.settings.username,
            "password": running.settings.password,
            "production_writes": False,
            # MINTED_SANDBOX_ENDPOINTS moves the sandbox's endpoints: call them where it serves
            "overrides": running.settings.endpoint_overrides,
        }
    else:
        config = settings.configured(secrets())[environment]
        made_of = {
            "base_url": config.base_url,
            "username": config.username,
            "password": config.password,
            "production_writes": config.production_writes,
            "overrides": config.endpoint_overrides,
        }
    moved = sorted((str(k), str(v)) for k, v in dict(made_of["overrides"] or {}).items())
    plain = [made_of[k] for k in ("base_url", "username", "password", "production_writes")]
    return made_of, hashlib.sha256(repr((plain, moved)).encode()).hexdigest()


def new_client(environment: str) -> minted.Client:
    """A client of its own for ``environment`` as configured now (`client_for` shares one).
    The first one imports the client's stack (httpx, pydantic, the models), which the page
    a cold start opens on does not need: see the module's docstring."""
    import httpx

    made_of, _ = _configuration(environment)
    timeout = settings.timeout_seconds()
    return minted.Client(
        made_of["username"],
        made_of["password"],
        environment=environment,
        base_url=made_of["base_url"],
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        production_writes=made_of["production_writes"],
        event_hooks={"request": [policy.check]},
        endpoint_overrides=made_of["overrides"],
    )


@st.cache_resource(show_spinner=False)
def audit_log() -> AuditLog:
    """Where write attempts are kept (see `settings.audit_url`)."""
    from minted.console.audit import AuditLog

    known = secrets()
    passwords = [sandbox().settings.password]
    passwords += [config.password for config in settings.configured(known).values()]
    return AuditLog(settings.audit_url(known), secrets=passwords)


@st.cache_resource(show_spinner=False)
def customer_index(environment: str) -> CustomerIndex:
    """The customers (and cart tokens) this console server has read on ``environment``, to
    find them by name, e-mail or phone (see `minted.console.index`)."""
    return CustomerIndex()


# -- this session ------------------------------------------------------------------------------
def environments() -> list[str]:
    return settings.environment_names(secrets())


def current_environment() -> str:
    env = st.session_state.get("environment", "sandbox")
    return env if env in environments() else "sandbox"


def is_sandbox() -> bool:
    return current_environment() == "sandbox"


def client() -> minted.Client:
    return client_for(current_environment())


def language() -> str:
    return st.session_state.get("language", "tr")


def session_tag() -> str:
    """Marks this browser's calls in the shared journal: the same after a refresh (see
    `peer.browser_tag`), else one per Streamlit session."""
    if "session_tag" not in st.session_state:
        tag = peer.browser_tag(st.context.cookies.get(peer.XSRF_COOKIE))
        st.session_state["session_tag"] = tag or uuid.uuid4().hex[:12]
    return st.session_state["session_tag"]


def auth_configured() -> bool:
    return bool(secrets().get("auth"))


def actor() -> Actor:
    """With [auth], the logged-in user and the role [roles] gives their e-mail (viewer if
    none); without it, a local user who may write on the sandbox only."""
    headers = dict(st.context.headers or {})
    ip = peer.client_address(
        st.context.ip_address,
        headers,
        connected=bool(headers),  # AppTest and scripts have no browser, so no address
        trusted_hops=peer.trusted_hops(secrets()),
    )
    if not auth_configured():
        # A one-person setup without a sign-in provider may name itself an operator in
        # secrets ([local] role = "operator"), to make test purchases on staging.  Never an
        # admin: production writes need a signed-in admin and the typed confirmation.
        if (secrets().get("local") or {}).get("role") == "operator":
            return Actor("local operator", Role.OPERATOR, ip)
        return Actor("local user", Role.OPERATOR if is_sandbox() else Role.VIEWER, ip)
    email = (st.user.get("email") or "").lower()
    roles = secrets().get("roles") or {}
    role = next(
        (
            Role(name)
            for name in ("admin", "operator")
            if email in [str(e).lower() for e in roles.get(name, [])]
        ),
        Role.VIEWER,
    )
    return Actor(email or "unknown", role, ip)


def may_write() -> bool:
    """Whether this person may write here (for the sidebar and buttons): on the sandbox,
    known without its client, so the first page need not wait for the sandbox to start."""
    if is_sandbox():
        return policy.may_write(actor(), minted.SANDBOX, False)
    c = client()
    return policy.may_write(actor(), c.environment, c.guard.production_writes)


@contextmanager
def calling(confirmation: str | None = None) -> Iterator[minted.Client]:
    """Calls in this block are this session's: its language, its journal tag, its person
    (and the typed production confirmation, for a write)."""
    c = client()
    with c.context(language=language(), tag=session_tag()), policy.acting(actor(), confirmation):
        yield c
