"""Calling the API from a page: reads that show their errors, and writes that happen once
and are audited whatever the outcome."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from minted.console import session
from minted.console.intents import DONE, Intents
from minted.errors import APITimeoutError, MintedError, WriteRefusedError

T = TypeVar("T")


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run an API call for this session; on failure show what happened and return None, so
    the rest of the page keeps working."""
    try:
        with session.calling():
            return fn(*args, **kwargs)
    except MintedError as error:
        show_error(error)
        return None


def intents() -> Intents:
    return Intents(st.session_state.setdefault("intents", {}))


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
    """A write, exactly once per ``intent`` (see `minted.console.intents`) and audited
    whatever happens."""
    store = intents()
    if not store.begin(intent):
        if store.status(intent) == DONE:
            return store.result(intent)
        st.warning(
            "This request was already sent and its outcome is not known yet. Look the order "
            "up before trying again.",
            icon=":material/hourglass_top:",
        )
        return None
    who = session.actor()
    audit = {
        "who": who.user,
        "role": who.role.value,
        "environment": session.current_environment(),
        "action": action,
        "request": summary or {},
        "client_ip": who.client_ip,
        "intent_id": intent,
    }
    try:
        with session.calling(confirmation):
            result = fn(*args, **kwargs)
    except WriteRefusedError as error:
        store.release(intent)
        session.audit_log().record(**audit, result="refused", message=error.message)
        show_error(error)
        return None
    except APITimeoutError as error:
        store.unknown(intent)
        session.audit_log().record(**audit, result="unknown", message=str(error))
        show_error(error)
        return None
    except MintedError as error:
        store.release(intent)  # refused by the API: nothing was made, a retry is safe
        session.audit_log().record(**audit, result="failed", message=str(error))
        show_error(error)
        return None
    store.done(intent, result)
    session.audit_log().record(**audit, result="ok", order_ids=order_ids(result))
    return result


def intent_status(intent: str) -> str | None:
    return intents().status(intent)


def error_markdown(error: MintedError) -> str:
    """How an error reads on the page: what, the HTTP status, code and call, field errors."""
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
    return "\n\n".join(parts[:2]) + ("\n\n" + "\n".join(parts[2:]) if fields else "")


def show_error(error: MintedError) -> None:
    if isinstance(error, APITimeoutError) and error.method not in ("", "GET"):
        st.warning(
            f"**No answer in time** for `{error.call}`. The outcome is unknown: the order may "
            "exist. Look it up by its external id before trying again.",
            icon=":material/hourglass_top:",
        )
    elif isinstance(error, WriteRefusedError):
        st.error(f"**Not sent** — {error.message}", icon=":material/block:")
    else:
        st.error(error_markdown(error), icon=":material/error:")
