"""Run the sandbox inside another process (the console, tests) on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn

from minted.sandbox.app import create_app
from minted.sandbox.settings import SandboxSettings


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class EmbeddedSandbox:
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
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

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

    def control(self, method: str, path: str, **kwargs) -> dict:
        """Call the control plane (/_sandbox/...) and return its ``data``."""
        response = httpx.request(method, f"{self.url}/_sandbox{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()["data"]

    def __enter__(self) -> EmbeddedSandbox:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
