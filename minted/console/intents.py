"""The exactly-once intent store: each write is an intent, remembered before it is sent.

A double click, a rerun or a refresh finds the intent and never sends again: a finished one
gives back its result; one still in flight, or whose outcome is unknown (a timeout), must be
looked up, not resent.  The store is any mutable mapping: the console keeps it in the
browser session (st.session_state).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import MutableMapping
from typing import Any

from minted.errors import APIError, InvalidResponseError, MintedError, WriteRefusedError

IN_FLIGHT, UNKNOWN, DONE = "in flight", "unknown", "done"
_REFERENCE_CHARACTERS = string.ascii_uppercase + string.digits


def new_reference(prefix: str) -> str:
    """A fresh ``external_id`` for one write, "MC-7KQ2…": 16 letters and digits, which hold a
    run of 13 digits that the API log would take for a card about once in tens of millions
    (16 hex digits would, about once in 1,200)."""
    return prefix + "".join(secrets.choice(_REFERENCE_CHARACTERS) for _ in range(16))


class Intents:
    def __init__(self, store: MutableMapping[str, dict[str, Any]]) -> None:
        self._store = store

    def status(self, intent: str) -> str | None:
        return self._store.get(intent, {}).get("status")

    def result(self, intent: str) -> Any:
        return self._store.get(intent, {}).get("result")

    def begin(self, intent: str, scope: str | None = None) -> bool:
        """Claim ``intent`` for sending; False if it was claimed before (do not send).

        ``scope`` names what the write changes (a basket, a customer): while an earlier
        intent of the same scope has an unknown outcome, no new one may start either, or a
        second click on "Add" would add twice what the first may already have added."""
        if intent in self._store or (scope and self.unknown_in(scope)):
            return False
        self._store[intent] = {"status": IN_FLIGHT, "scope": scope}
        return True

    def unknown_in(self, scope: str) -> str | None:
        """The intent of ``scope`` whose outcome is unknown, if any."""
        return next(
            (
                key
                for key, state in self._store.items()
                if state.get("scope") == scope and state.get("status") == UNKNOWN
            ),
            None,
        )

    def done(self, intent: str, result: Any) -> None:
        self._store[intent] = {**self._store.get(intent, {}), "status": DONE, "result": result}

    def unknown(self, intent: str) -> None:
        self._store[intent] = {**self._store.get(intent, {}), "status": UNKNOWN}

    def release(self, intent: str) -> None:
        """Nothing was made (refused before sending, or by the API): a retry is safe."""
        self._store.pop(intent, None)


def nothing_was_made(error: MintedError) -> bool:
    """Whether a failed write certainly changed nothing, so that sending it again is safe.

    Only a definite refusal proves that: refused before sending, or a 4xx from the API.  A
    dropped connection, a timeout, a 5xx or a 2xx whose body is not the envelope may each
    hide a write that was made: their outcome is unknown until the order is looked up.
    """
    if isinstance(error, WriteRefusedError):
        return True
    if isinstance(error, InvalidResponseError):
        return False
    return isinstance(error, APIError) and 400 <= error.status < 500
