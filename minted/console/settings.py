"""The console's settings, from ``.streamlit/secrets.toml`` and the process environment.

Plain functions of a secrets mapping, so they are tested without Streamlit::

    [environments.staging]          # staging and production appear when configured
    username = "…"; password = "…"; base_url = "…"  # base_url optional
    [environments.staging.endpoints]  # where staging answers otherwise than the catalogue
    "Walletable › Clear Basket" = "DELETE /partner/walletable/basket/clear"
    [environments.production]
    allow_writes = true              # otherwise production is read-only
    [audit]
    url = "postgresql+psycopg://…"   # else MINTED_CONSOLE_AUDIT_URL, else SQLite
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from minted.endpoints import Endpoint, EndpointOverrideError, parse_overrides

REMOTE_ENVIRONMENTS = ("staging", "production")
DEFAULT_AUDIT_URL = "sqlite:///.sandbox/audit.db"


@dataclass(frozen=True)
class EnvironmentConfig:
    name: str
    username: str
    password: str
    base_url: str | None
    production_writes: bool = False
    # catalogue endpoint → as this environment serves it (`minted.endpoints.parse_overrides`)
    endpoint_overrides: dict[Endpoint, Endpoint] = field(default_factory=dict, hash=False)


def configured(secrets: Mapping[str, Any]) -> dict[str, EnvironmentConfig]:
    """Staging and production as secrets configure them (other names are ignored)."""
    section = secrets.get("environments") or {}
    configs = {}
    for name in REMOTE_ENVIRONMENTS:
        entry = section.get(name)
        if entry is None:
            continue
        missing = [key for key in ("username", "password") if not entry.get(key)]
        if missing:
            raise ValueError(f"[environments.{name}] in secrets.toml lacks {', '.join(missing)}")
        try:
            overrides = parse_overrides(entry.get("endpoints") or {})
        except EndpointOverrideError as exc:
            raise ValueError(f"[environments.{name}.endpoints] in secrets.toml: {exc}") from None
        configs[name] = EnvironmentConfig(
            name,
            str(entry["username"]),
            str(entry["password"]),
            entry.get("base_url") or None,
            entry.get("allow_writes") is True,  # only a real true, not "false" or 1
            overrides,
        )
    return configs


def environment_names(secrets: Mapping[str, Any]) -> list[str]:
    """The sandbox always; staging and production when configured."""
    return ["sandbox", *configured(secrets)]


def audit_url(secrets: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> str:
    return (
        (secrets.get("audit") or {}).get("url")
        or environ.get("MINTED_CONSOLE_AUDIT_URL")
        or DEFAULT_AUDIT_URL
    )


def timeout_seconds(environ: Mapping[str, str] = os.environ) -> float:
    """Seconds per call (``MINTED_CONSOLE_TIMEOUT``, default 20)."""
    raw = environ.get("MINTED_CONSOLE_TIMEOUT", "").strip() or "20"
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"MINTED_CONSOLE_TIMEOUT must be seconds, not {raw!r}") from None
    if not 0 < seconds <= 600:
        raise ValueError(f"MINTED_CONSOLE_TIMEOUT must be between 0 and 600 seconds, not {raw}")
    return seconds
