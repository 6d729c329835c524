"""Run the sandbox in a thread of this process, on a free loopback port: for tests and
partners' own code, which can look into its world.  (The console runs it as a child process:
see `minted.console.sandbox`.)"""

from __future__ import annotations

import threading
import time

import httpx
import uvicorn

from minted.sandbox.app import create_app
from minted.sandbox.ports import free_port
from minted.sandbox.settings import SandboxSettings


class _Sandbox:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def control(self, method: str, path: str, **kwargs) -> dict:
        """Call the control plane (/_sandbox/...) and return its ``data``."""
        response = httpx.request(method, f"{self.url}/_sandbox{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()["data"]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class EmbeddedSandbox(_Sandbox):
    """A uvicorn server in a daemon thread.  ``with EmbeddedSandbox(settings) as sandbox:``"""

    def __init__(self, settings: SandboxSettings, *, host: str = "127.0.0.1", port: int = 0):
        self.settings = settings
        self.host = host
        self.port = port or free_port(host)
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app,
            host=host,
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="minted-sandbox", daemon=True)

    @property
    def world(self):
        return self.app.state.world

    def start(self, timeout: float = 30.0) -> EmbeddedSandbox:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.started:
                # Where it listens, for tools outside this process (browser tests, drills).
                self.world.store.set_setting("listening_on", self.url)
                return self
            if not self.thread.is_alive():
                break
            time.sleep(0.02)
        raise RuntimeError(f"the sandbox did not start on {self.url}")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.world.store.close()
