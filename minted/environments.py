"""Where the API lives.

Staging's address is the one the docs show.  The docs never show production's; it is assumed
to be ``https://api.mintedconnect.com`` (staging without the ``staging.`` label) and can be
overridden wherever a client is made.  The sandbox has no fixed address: it is wherever the
local simulator listens.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Environment:
    name: str
    base_url: str | None
    label: str

    @property
    def is_sandbox(self) -> bool:
        return self.name == "sandbox"

    @property
    def is_production(self) -> bool:
        return self.name == "production"


SANDBOX = Environment("sandbox", None, "Sandbox (local simulator)")
STAGING = Environment("staging", "https://api.staging.mintedconnect.com", "Staging")
PRODUCTION = Environment("production", "https://api.mintedconnect.com", "Production")

ENVIRONMENTS = {env.name: env for env in (SANDBOX, STAGING, PRODUCTION)}


def environment(name: str | Environment) -> Environment:
    if isinstance(name, Environment):
        return name
    try:
        return ENVIRONMENTS[name.lower()]
    except KeyError:
        choices = ", ".join(sorted(ENVIRONMENTS))
        raise ValueError(f"unknown environment {name!r}; choose one of {choices}") from None
