"""A sandbox to compare with, reached or started as a process of its own.

The client never imports the sandbox (tests/test_layers.py): to compare a service with it, a
drift report either takes a running sandbox's URL (`reach`) or starts ``python -m
minted.sandbox`` as a child process (`LocalSandbox`): on a port the system picks (``--port
0``; uvicorn says which when it listens), a throwaway database, seeded demo data, and a
read-only user and passwords of its own, made up for this run and never shown.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from minted.client import Client

# The sandbox's documented defaults (minted.sandbox.settings, README), for a sandbox reached
# by URL without credentials of its own; restated, since the client does not import it.
DEFAULT_READONLY_USERNAME = "sandbox-viewer"
DEFAULT_PASSWORD = "sandbox-pass-2026"
_LISTENING = re.compile(r"Minted Connect sandbox on (https?://\S+)")  # its banner
_MINTED_ROOT = str(Path(__file__).resolve().parent.parent.parent)  # where `minted` is


class SandboxUnavailable(RuntimeError):
    """No sandbox to compare with: the message says why."""


def sandbox_missing() -> str | None:
    """Why no sandbox can be started here (its extra is not installed), or None."""
    missing = [name for name in ("minted.sandbox", "fastapi", "uvicorn") if not _installed(name)]
    if missing:
        return (
            f"the sandbox extra is not installed ({', '.join(missing)} missing: "
            "pip install 'minted-connect-console[sandbox]')"
        )
    return None


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def reach(url: str, **client_options) -> Client:
    """A read-only client of the sandbox running at ``url``.  Credentials: the URL's own
    (``http://user:password@host:port``), else ``MINTED_SANDBOX_READONLY_USERNAME`` /
    ``MINTED_SANDBOX_READONLY_PASSWORD`` (or ``MINTED_SANDBOX_PASSWORD``), else the sandbox's
    documented defaults."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    environ = os.environ
    username = unquote(parts.username or "") or (
        environ.get("MINTED_SANDBOX_READONLY_USERNAME") or DEFAULT_READONLY_USERNAME
    )
    password = unquote(parts.password or "") or (
        environ.get("MINTED_SANDBOX_READONLY_PASSWORD")
        or environ.get("MINTED_SANDBOX_PASSWORD")
        or DEFAULT_PASSWORD
    )
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return Client(username, password, environment="sandbox", base_url=bare, **client_options)


class LocalSandbox:
    """``with LocalSandbox() as sandbox: sandbox.client()``: a fresh seeded sandbox."""

    def __init__(self, *, endpoints_file: str | os.PathLike[str] | None = None, seed: int = 42):
        self.endpoints_file = endpoints_file
        self.seed = seed
        self.url: str | None = None
        self.username = "drift-report"
        self._password = secrets.token_urlsafe(18)
        self._process: subprocess.Popen | None = None
        self._dir: str | None = None

    def start(self, timeout: float = 90.0) -> LocalSandbox:
        reason = sandbox_missing()
        if reason:
            raise SandboxUnavailable(reason)
        self._dir = tempfile.mkdtemp(prefix="minted-drift-")
        log = Path(self._dir, "sandbox.log")
        command = [sys.executable, "-m", "minted.sandbox", "--host", "127.0.0.1", "--port", "0"]
        command += ["--db", str(Path(self._dir, "sandbox.db")), "--seed", str(self.seed)]
        command += ["--parent-pid", str(os.getpid())]
        if self.endpoints_file:
            command += ["--endpoints", str(self.endpoints_file)]
        environ = {k: v for k, v in os.environ.items() if not k.startswith("MINTED_SANDBOX_")}
        environ |= {
            "MINTED_SANDBOX_PASSWORD": secrets.token_urlsafe(18),
            "MINTED_SANDBOX_READONLY_USERNAME": self.username,
            "MINTED_SANDBOX_READONLY_PASSWORD": self._password,
            "PYTHONPATH": os.pathsep.join(
                p for p in (_MINTED_ROOT, environ.get("PYTHONPATH")) if p
            ),
        }
        with open(log, "wb") as out:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=environ
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            said = log.read_text(encoding="utf-8", errors="replace")
            found = _LISTENING.search(said)
            if found:
                self.url = found.group(1)
                if self._healthy():
                    return self
            elif self._process.poll() is not None:
                self.stop()
                tail = "\n".join(said.strip().splitlines()[-5:])
                raise SandboxUnavailable(f"the sandbox did not start:\n{tail}")
            time.sleep(0.1)
        self.stop()
        raise SandboxUnavailable(f"the sandbox did not start in {timeout:.0f} s")

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/_sandbox/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def client(self, **client_options) -> Client:
        """A client of its read-only user."""
        if self.url is None:
            raise RuntimeError("start the sandbox first")
        return Client(
            self.username,
            self._password,
            environment="sandbox",
            base_url=self.url,
            **client_options,
        )

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> LocalSandbox:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
