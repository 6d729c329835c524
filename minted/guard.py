"""The client's own guard: production is read-only unless the client was made with
``production_writes=True``.  Reads are never refused.

Anything stricter (who may write where, typed confirmations) is the caller's policy: a
``request`` event hook (see `minted.hooks`) runs before every call is sent and may refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

from minted.endpoints import Endpoint
from minted.environments import Environment
from minted.errors import WriteRefusedError


@dataclass(frozen=True)
class EnvironmentGuard:
    environment: Environment
    production_writes: bool = False

    @property
    def writes_allowed(self) -> bool:
        return not self.environment.is_production or self.production_writes

    def check(self, endpoint: Endpoint, *, path: str = "") -> None:
        """Raise `WriteRefusedError` if this call is a write the client may not send."""
        if endpoint.writes and not self.writes_allowed:
            raise WriteRefusedError(
                "production is read-only: this client was made without production_writes=True",
                method=endpoint.method,
                path=path or endpoint.path,
            )
