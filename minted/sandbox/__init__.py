"""minted.sandbox — a stateful local Minted Connect (FastAPI + SQLite).

    python -m minted.sandbox --port 8765 --db .sandbox/minted.db

or in a thread of this process, where tests can look into its state::

    from minted.sandbox import EmbeddedSandbox, SandboxSettings
    with EmbeddedSandbox(SandboxSettings(db_path="/tmp/s.db")) as sandbox:
        client = minted.Client(settings.username, settings.password, base_url=sandbox.url)

Its names load on first use, so ``minted.sandbox.settings`` (no FastAPI) can be read by a
process that only talks to a sandbox running elsewhere.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minted.sandbox.app import create_app
    from minted.sandbox.embedded import EmbeddedSandbox
    from minted.sandbox.settings import SandboxSettings

__all__ = ["EmbeddedSandbox", "SandboxSettings", "create_app"]
_HOMES = {
    "EmbeddedSandbox": "minted.sandbox.embedded",
    "SandboxSettings": "minted.sandbox.settings",
    "create_app": "minted.sandbox.app",
}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
