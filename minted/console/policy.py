"""Who may write where: the console's policy, plugged into each client as a ``request`` hook.

| role      | sandbox | staging | production                                             |
|-----------|---------|---------|--------------------------------------------------------|
| viewer    | read    | read    | read                                                   |
| operator  | write   | write   | read                                                   |
| admin     | write   | write   | write, where secrets allow production writes and the   |
|           |         |         | call carries the typed confirmation                    |

The hook sits under every call the console makes, so no page, button or background read can
write by going around it.  A call made outside `acting` (no one at the keyboard) may not write.
Reads are never refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from minted.environments import Environment
from minted.errors import WriteRefusedError
from minted.hooks import Call

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


NOBODY = Actor("nobody", Role.VIEWER)

# Who is calling, in this thread or task: set by the page around its calls.
_ACTING: ContextVar[tuple[Actor, str | None]] = ContextVar("console_acting", default=(NOBODY, None))


@contextmanager
def acting(actor: Actor, confirmation: str | None = None) -> Iterator[None]:
    """Calls in this block are made by ``actor``, with the typed production ``confirmation``
    when one was given."""
    token = _ACTING.set((actor, confirmation))
    try:
        yield
    finally:
        _ACTING.reset(token)


def may_write(actor: Actor, environment: Environment, production_writes: bool) -> bool:
    """Whether this actor may write here at all (the confirmation aside): for the sidebar and
    for disabling buttons before anyone clicks."""
    if actor.role not in WRITERS.get(environment.name, set()):
        return False
    return not environment.is_production or production_writes


def check(call: Call) -> None:
    """The ``request`` hook: raise `WriteRefusedError` for a write this actor may not send.

    Production writes are also refused by the client itself unless it was made with
    ``production_writes=True``; this adds the roles and the typed confirmation."""
    if not call.writes:
        return
    actor, confirmation = _ACTING.get()
    env = call.environment
    where = {"method": call.method, "path": call.path}
    if actor.role not in WRITERS.get(env.name, set()):
        raise WriteRefusedError(f"{actor.user} ({actor.role}) may not write on {env.name}", **where)
    if env.is_production and confirmation != PRODUCTION_CONFIRMATION:
        raise WriteRefusedError(
            f"a production write needs the typed confirmation {PRODUCTION_CONFIRMATION!r}",
            **where,
        )
