"""Event hooks, in the style of httpx's: ``Client(..., event_hooks={"request": [fn]})``.

A ``request`` hook is called with the `Call` about to be sent, in the caller's thread, after
the client's own guard and before anything leaves.  It may raise (`WriteRefusedError` is the
usual choice) to stop the call; the refusal is journaled like any other failure.  This is
where an application plugs in its own policy: the console checks roles and typed
confirmations here, and the client knows nothing of either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from minted.endpoints import Endpoint
from minted.environments import Environment

EVENTS = ("request",)


@dataclass(frozen=True)
class Call:
    """One call as it will be sent.  ``endpoint`` is the catalogue's (what the call is);
    ``method`` and ``path`` are what goes out, which an endpoint override may have changed."""

    endpoint: Endpoint
    environment: Environment
    method: str
    path: str  # as sent, with its query
    body: Any  # JSON-ready data, or None

    @property
    def writes(self) -> bool:
        return self.endpoint.writes


RequestHook = Callable[[Call], None]


def checked(event_hooks: Mapping[str, Sequence[RequestHook]] | None) -> dict[str, list]:
    """The hooks by event, every event present; an unknown event is a mistake, not a no-op."""
    hooks = dict(event_hooks or {})
    unknown = set(hooks) - set(EVENTS)
    if unknown:
        raise ValueError(f"unknown event hook {sorted(unknown)}; events are {list(EVENTS)}")
    for event, fns in hooks.items():
        if not all(callable(fn) for fn in fns):
            raise TypeError(f"every {event!r} hook must be callable")
    return {event: list(hooks.get(event, ())) for event in EVENTS}
