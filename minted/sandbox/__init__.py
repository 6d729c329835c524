"""minted.sandbox — a stateful local Minted Connect (FastAPI + SQLite).

    python -m minted.sandbox --port 8765 --db .sandbox/minted.db

or, inside a process::

    from minted.sandbox import EmbeddedSandbox, SandboxSettings
    with EmbeddedSandbox(SandboxSettings(db_path="/tmp/s.db")) as sandbox:
        client = minted.Client(settings.username, settings.password, base_url=sandbox.url)
"""

from minted.sandbox.app import create_app
from minted.sandbox.embedded import EmbeddedSandbox
from minted.sandbox.settings import SandboxSettings

__all__ = ["EmbeddedSandbox", "SandboxSettings", "create_app"]
