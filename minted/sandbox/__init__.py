"""minted.sandbox — a stateful local Minted Connect (FastAPI + SQLite).

    python -m minted.sandbox --port 8765 --db .sandbox/minted.db

or beside other code: ``SandboxProcess`` as a child process (what the console runs), or in a
thread of this process, where tests can look into its state::

    from minted.sandbox import EmbeddedSandbox, SandboxSettings
    with EmbeddedSandbox(SandboxSettings(db_path="/tmp/s.db")) as sandbox:
        client = minted.Client(settings.username, settings.password, base_url=sandbox.url)
"""

from minted.sandbox.app import create_app
from minted.sandbox.embedded import EmbeddedSandbox, SandboxProcess
from minted.sandbox.settings import SandboxSettings

__all__ = ["EmbeddedSandbox", "SandboxProcess", "SandboxSettings", "create_app"]
