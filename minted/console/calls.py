"""Calling the API from a page: reads that show their errors, and writes that happen once
and are audited whatever the outcome."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from minted.console import session, workers
from minted.console.formatting import literal
from minted.console.intents import DONE, Intents, nothing_was_made
from minted.console.policy import Actor
from minted.errors import APITimeoutError, MintedError, NotFoundError, WriteRefusedError

T = TypeVar("T")


LOADING_AFTER_S = 0.3  # a wait a person notices; quicker answers show no flicker


@contextmanager
def loading(text: str = "Loading…") -> Iterator[None]:
    """Where the block's answer will appear, a spinner once it has taken longer than
    ``LOADING_AFTER_S`` (Streamlit's own spinner waits 0.5 s), gone when it ends."""
    slot = st.empty()
    lock = threading.Lock()
    waiting = True

    def show() -> None:
        with lock:
            if waiting:
                slot.caption(f":material/progress_activity: {literal(text)}")

    cancel = workers.after(LOADING_AFTER_S, show)
    try:
        yield
    finally:
        cancel()
        with lock:
            waiting = False
            slot.empty()


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run an API call for this session; on failure show what happened, with a Retry, and
    return None, so the rest of the page keeps working."""
    try:
        with session.calling(), loading():
            return fn(*args, **kwargs)
    except MintedError as error:
        show_error(error, retry=True)
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
    scope: str | None = None,
    **kwargs: Any,
) -> T | None:
    """A write, exactly once per ``intent`` (see `minted.console.intents`) and audited
    whatever happens.  ``scope`` names what it changes: while an earlier write there has an
    unknown outcome, nothing more is sent there (the page offers the look-up, `unknown_outcome`)."""
    store = intents()
    if not store.begin(intent, scope):
        if store.status(intent) == DONE:
            return store.result(intent)
        st.warning(
            "An earlier request here was sent and its outcome is not known yet. Look it up "
            "before trying again.",
            icon=":material/hourglass_top:",
        )
        return None
    audit = _audit_fields(session.actor(), action, summary or {}, intent_id=intent)
    try:
        with session.calling(confirmation):
            result = fn(*args, **kwargs)
    except MintedError as error:
        if isinstance(error, WriteRefusedError):
            store.release(intent)
            result, message = "refused", error.message
        elif nothing_was_made(error):  # refused by the API: a retry is safe
            store.release(intent)
            result, message = "failed", str(error)
        else:  # the write may have been made: look it up before anything is resent
            store.unknown(intent)
            result, message = "unknown", str(error)
        session.audit_log().record(**audit, result=result, message=message)
        show_error(error, outcome_unknown=result == "unknown")
        return None
    store.done(intent, result)
    session.audit_log().record(**audit, result="ok", order_ids=order_ids(result))
    return result


def _audit_fields(who: Actor, action: str, request: dict, **extra: Any) -> dict[str, Any]:
    """Who did what, where, for an audit row (the result is added when it is known)."""
    return {
        "who": who.user,
        "role": who.role.value,
        "environment": session.current_environment(),
        "action": action,
        "request": request,
        "client_ip": who.client_ip,
        **extra,
    }


def intent_status(intent: str) -> str | None:
    return intents().status(intent)


def unknown_outcome(scope: str, look_up: Callable[[], Any], what: str) -> None:
    """Where a write of ``scope`` got no clear answer: say so, and offer to look ``what`` up.
    ``look_up()`` reads the truth (raising `NotFoundError` if nothing was made); either way
    the scope is settled and writes may go again, now on what the page shows."""
    store = intents()
    pending = store.unknown_in(scope)
    if pending is None:
        return
    st.warning(
        f"The last change to this {what} got no clear answer: it may or may not have been "
        "made, and nothing more is sent here until it is looked up.",
        icon=":material/help:",
    )
    if not st.button(f"Look the {what} up", key=f"look-up:{pending}", type="primary"):
        return
    try:
        with session.calling():
            found = look_up()
    except NotFoundError:
        store.release(pending)
        st.info(f"It was not made: the {what} is as it was. You may send it again.")
        return
    except MintedError as error:
        show_error(error, retry=True)
        return
    store.done(pending, found)
    st.rerun()


def error_markdown(error: MintedError) -> str:
    """How an error reads on the page: what, the HTTP status, code and call, field errors."""
    words = re.findall(r"[A-Z][a-z]*", type(error).__name__)  # InvalidResponseError → …
    title = " ".join([words[0], *(w.lower() for w in words[1:])])
    parts = [f"**{title}** — {literal(error.message)}"]
    status = getattr(error, "status", None)
    code = getattr(error, "code", None)
    meta = " · ".join(
        p
        for p in (f"HTTP {status}" if status else "", f"code {code}" if code else "", error.call)
        if p
    )
    if meta:
        parts.append(literal(meta))
    fields = getattr(error, "field_errors", {}) or {}
    for field, messages in fields.items():
        parts.append(f"- {literal(field)}: {literal('; '.join(messages))}")
    return "\n\n".join(parts[:2]) + ("\n\n" + "\n".join(parts[2:]) if fields else "")


def show_error(error: MintedError, *, outcome_unknown: bool = False, retry: bool = False) -> None:
    """An error as a person reads it.  ``retry``: a read failed, and a Retry button runs the
    page again (failed reads are never cached, so it asks the API afresh)."""
    _show_error(error, outcome_unknown)
    if retry and not isinstance(error, WriteRefusedError):
        try:
            clicked = st.button(
                "Retry", key=f"retry:{error.call}", icon=":material/refresh:", type="tertiary"
            )
        except StreamlitDuplicateElementKey:  # the same call failed twice here: one Retry does both
            return
        if clicked:
            st.rerun()


def _show_error(error: MintedError, outcome_unknown: bool) -> None:
    if outcome_unknown:
        what = "No answer in time" if isinstance(error, APITimeoutError) else "No clear answer"
        st.warning(
            f"**{what}** for {literal(error.call)} ({literal(error.message)}). The outcome is "
            "unknown: it may have been made. Look it up before trying again.",
            icon=":material/hourglass_top:",
        )
    elif isinstance(error, WriteRefusedError):
        st.error(f"**Not sent** — {literal(error.message)}", icon=":material/block:")
    else:
        st.error(error_markdown(error), icon=":material/error:")


def sandbox_change(action: str, method: str, path: str, **kwargs: Any) -> bool:
    """A change to the sandbox itself (clock, faults, nonces, reset): made only by who may
    write here, and audited like any write, refused and failed ones included.  True if made."""
    who = session.actor()
    request = {"method": method, "path": path, **(kwargs.get("json") or {})}
    audit = _audit_fields(who, f"sandbox.{action}", request)
    if not session.may_write():
        message = f"{who.user} ({who.role}) may not change the sandbox"
        session.audit_log().record(**audit, result="refused", message=message)
        st.error(f"**Not sent** — {literal(message)}", icon=":material/block:")
        return False
    try:
        session.sandbox().control(method, path, **kwargs)
    except Exception as error:  # the control plane is local: any failure is worth showing
        session.audit_log().record(**audit, result="failed", message=str(error))
        st.error(f"Sandbox control failed: {literal(error)}")
        return False
    session.audit_log().record(**audit, result="ok")
    return True
