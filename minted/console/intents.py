"""The exactly-once intent store: each write is an intent, remembered before it is sent.

A double click, a rerun or a refresh finds the intent and never sends again: a finished one
gives back its result; one still in flight, or whose outcome is unknown (a timeout), must be
looked up, not resent.  The store is any mutable mapping: the console keeps it in the
browser session (st.session_state).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

IN_FLIGHT, UNKNOWN, DONE = "in flight", "unknown", "done"


class Intents:
    def __init__(self, store: MutableMapping[str, dict[str, Any]]) -> None:
        self._store = store

    def status(self, intent: str) -> str | None:
        return self._store.get(intent, {}).get("status")

    def result(self, intent: str) -> Any:
        return self._store.get(intent, {}).get("result")

    def begin(self, intent: str) -> bool:
        """Claim ``intent`` for sending; False if it was claimed before (do not send)."""
        if intent in self._store:
            return False
        self._store[intent] = {"status": IN_FLIGHT}
        return True

    def done(self, intent: str, result: Any) -> None:
        self._store[intent] = {"status": DONE, "result": result}

    def unknown(self, intent: str) -> None:
        self._store[intent] = {"status": UNKNOWN}

    def release(self, intent: str) -> None:
        """Nothing was made (refused before sending, or by the API): a retry is safe."""
        self._store.pop(intent, None)
