"""Who may write where: the environment guard, enforced in the client before a request leaves.

| role      | sandbox | staging | production                                        |
|-----------|---------|---------|---------------------------------------------------|
| viewer    | read    | read    | read                                              |
| operator  | write   | write   | read                                              |
| admin     | write   | write   | write, if the client allows production writes and |
|           |         |         | the call carries the typed confirmation           |

A call without an actor (plain library use) acts as an operator.  Reads are never refused.
The guard sits in the transport, so a page, a script or a test cannot write by going around
the console's buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from minted.endpoints import Endpoint
from minted.environments import Environment
from minted.errors import WriteRefusedError

PRODUCTION_CONFIRMATION = "PRODUCTION"


class Role(StrEnum):
    VIEWER = "viewer"
    OPERATOR = "operator"
    ADMIN = "admin"


WRITERS = {
    "sandbox": {Role.OPERATOR, Role.ADMIN},
    "staging": {Role.OPERATOR, Role.ADMIN},
    "production": {Role.ADMIN},
}


@dataclass(frozen=True)
class Actor:
    """The person behind a call, as the console knows them."""

    user: str
    role: Role
    client_ip: str | None = None


LIBRARY_USER = Actor("library", Role.OPERATOR)


@dataclass(frozen=True)
class EnvironmentGuard:
    environment: Environment
    production_writes: bool = False  # secrets.toml: allow_writes = true

    def may_write(self, actor: Actor | None) -> bool:
        actor = actor or LIBRARY_USER
        if actor.role not in WRITERS.get(self.environment.name, set()):
            return False
        return not self.environment.is_production or self.production_writes

    def check(
        self,
        endpoint: Endpoint,
        actor: Actor | None,
        confirmation: str | None,
        *,
        path: str = "",
    ) -> None:
        """Raise `WriteRefusedError` unless this call may be sent."""
        if not endpoint.writes:
            return
        who = actor or LIBRARY_USER
        env = self.environment.name
        where = {"method": endpoint.method, "path": path or endpoint.path}
        if self.environment.is_production and not self.production_writes:
            raise WriteRefusedError("production is read-only: writes are not enabled", **where)
        if who.role not in WRITERS.get(env, set()):
            raise WriteRefusedError(f"{who.user} ({who.role}) may not write on {env}", **where)
        if self.environment.is_production and confirmation != PRODUCTION_CONFIRMATION:
            raise WriteRefusedError(
                f"a production write needs the typed confirmation {PRODUCTION_CONFIRMATION!r}",
                **where,
            )
