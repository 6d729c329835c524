"""Run the sandbox beside other code on a free loopback port: in a thread of the same process
(tests, which look into its world) or as a child process (the console)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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


class SandboxProcess(_Sandbox):
    """``python -m minted.sandbox`` as a child process, which ends when its parent does.

    The console runs its sandbox this way, not in a thread: Python threads share one
    interpreter lock, and while browser sessions ran their page scripts a call to an
    in-process sandbox waited its turn, 2 ms becoming 120–210 ms (bench/results.md, (d)).
    A process of its own also uses the second core, and is as far from the console as a real
    API is.  Settings reach it through the same environment variables
    (``SandboxSettings.from_env``); the database path, seed and port are passed."""

    def __init__(self, settings: SandboxSettings, *, host: str = "127.0.0.1", port: int = 0):
        self.settings = settings
        self.host = host
        self.port = port or free_port(host)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> SandboxProcess:
        command = [sys.executable, "-m", "minted.sandbox", "--host", self.host]
        command += ["--port", str(self.port), "--db", self.settings.db_path]
        command += ["--seed", str(self.settings.seed), "--parent-pid", str(os.getpid()), "--quiet"]
        if not self.settings.demo_data:
            command.append("--no-demo-data")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/_sandbox/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the sandbox did not start on {self.url}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
