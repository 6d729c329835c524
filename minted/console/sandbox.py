"""The sandbox behind the console: started as a child process, or reached where it runs.

- By default the console starts ``python -m minted.sandbox`` as a child process on port 8765
  (``MINTED_CONSOLE_SANDBOX_PORT``; 0 for any), falling back to a free port when that one is
  taken, with its state in ``MINTED_CONSOLE_SANDBOX_DB``.  It ends when the console does.
- With ``MINTED_CONSOLE_SANDBOX_URL`` the console starts nothing and uses the sandbox that
  runs there, so several console replicas share one; its credentials come from
  ``MINTED_SANDBOX_USERNAME`` / ``MINTED_SANDBOX_PASSWORD``, the variables the sandbox reads.

A child process, not a thread: Python threads share one interpreter lock, and while browser
sessions ran their page scripts a call to an in-process sandbox waited its turn, 2 ms becoming
120–210 ms (bench/results.md, (d)).  A process of its own also uses the second core.

The console imports nothing of the sandbox: it starts it as a process and talks HTTP.  What it
needs of it (default credentials, the variables that change them, free ports) is the client
package's `minted.local_sandbox`, so a console process never loads FastAPI, uvicorn or
SQLAlchemy for its sandbox.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from minted.local_sandbox import DEFAULT_PASSWORD, SandboxAccess, free_port, port_is_free

if TYPE_CHECKING:
    import httpx

DEFAULT_PORT = 8765  # the port the README's curl uses
# The console's sandbox makes its app (imports, routes, demo data: ~0.6 s of CPU, ~1.3 s on a
# new database) while the console draws its first page on the same cores; 10 steps nicer, it
# takes what the console and the browser leave (about a tenth of a core they both want) and
# all of a core once they are idle, then serves at the console's own priority.  Linux only.
START_NICE = 10


class SandboxStartError(RuntimeError):
    """The console's sandbox did not start (or cannot be reached as configured)."""


class Sandbox:
    """A running sandbox: where it is, how to sign in, and its control plane."""

    def __init__(self, url: str, settings: SandboxAccess) -> None:
        self.url = url.rstrip("/")
        self.settings = settings
        self._http: httpx.Client | None = None  # made on the first control call

    @property
    def started_here(self) -> bool:
        return False

    def control(self, method: str, path: str, **kwargs) -> dict:
        """Call the control plane (/_sandbox/...) and return its ``data``."""
        if self._http is None:
            import httpx

            self._http = httpx.Client(base_url=f"{self.url}/_sandbox", timeout=30)
        response = self._http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()["data"]

    @property
    def shown_password(self) -> str:
        """The documented default password guards demo data and is shown; a password of one's
        own is not, only the variable that holds it."""
        own = self.settings.password != DEFAULT_PASSWORD
        return "$MINTED_SANDBOX_PASSWORD" if own else self.settings.password

    def curl_example(self, path: str = "/partner/orders/statuses") -> str:
        return (
            f'curl --digest -u "{self.settings.username}:{self.shown_password}" '
            f"-H 'x-client-id: web' {self.url}{path}"
        )

    def banner(self) -> str:
        """What a person needs to reach it, printed where the console was started."""
        return (
            f"Minted Connect sandbox on {self.url} "
            f"(digest user {self.settings.username!r}, password {self.shown_password!r})\n"
            f"  try: {self.curl_example()}"
        )

    def stop(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None


class SandboxProcess(Sandbox):
    """``python -m minted.sandbox`` as a child process, which ends when its parent does."""

    def __init__(
        self,
        settings: SandboxAccess,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        start_nice: int = 0,
    ):
        """``settings``: a `SandboxAccess`, or the sandbox's own ``SandboxSettings`` (same
        fields); the child reads the credentials from the environment it inherits.
        ``start_nice``: how many steps nicer than this process the child makes its app
        (``--start-nice``; it serves at this process's priority)."""
        self.host = host
        self.port = port
        self.start_nice = start_nice
        self.process: subprocess.Popen | None = None
        super().__init__(f"http://{host}:{port}", settings)

    @property
    def started_here(self) -> bool:
        return True

    def start(self, timeout: float = 60.0) -> SandboxProcess:
        """Start on ``port`` (any free one for 0); if another process takes it first, go on
        to a free one."""
        deadline = time.monotonic() + timeout
        ports = [self.port] if self.port and port_is_free(self.port, self.host) else []
        failed = 0
        while time.monotonic() < deadline:
            port = ports.pop(0) if ports else free_port(self.host)
            if self._start_on(port, deadline):
                return self
            # Exited with its port still free: not a race for the port but a failure of its
            # own (a database path it cannot use...), which a new port would only repeat,
            # a process a second, until the deadline.  Twice, in case the port was let go.
            code = self.process.poll() if self.process else None
            if code is not None and port_is_free(port, self.host):
                failed += 1
                if failed == 2:
                    raise SandboxStartError(
                        f"the sandbox's process exited with code {code} before it answered; "
                        "its reason is in the terminal that started the console"
                    )
        self.stop()
        raise SandboxStartError(f"the sandbox did not start on {self.host} in {timeout:.0f} s")

    def _start_on(self, port: int, deadline: float) -> bool:
        self.port, self.url = port, f"http://{self.host}:{port}"
        s = self.settings
        command = [sys.executable, "-m", "minted.sandbox", "--host", self.host]
        command += ["--port", str(port), "--db", s.db_path, "--seed", str(s.seed)]
        command += ["--parent-pid", str(os.getpid()), "--quiet"]
        if self.start_nice:
            command += ["--start-nice", str(self.start_nice)]
        if not s.demo_data:
            command.append("--no-demo-data")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        # The sandbox listens once its app is made (and seeded): until then a plain connect
        # every 20 ms, which costs next to nothing while the console renders its first page
        # (no HTTP client, no TLS context, no import); then one client asks for its health.
        while not _accepts(self.host, port):
            if self.process.poll() is not None or time.monotonic() >= deadline:
                return False  # the port was taken after all, or the sandbox failed
            time.sleep(0.02)
        import httpx  # here, not with the module: the console's first page needs none

        with httpx.Client(timeout=5) as http:  # one client for the whole wait
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    return False
                try:
                    if http.get(f"{self.url}/_sandbox/health").status_code == 200:
                        return True
                except httpx.HTTPError:
                    pass
                time.sleep(0.02)
        return False

    def stop(self) -> None:
        super().stop()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _accepts(host: str, port: int) -> bool:
    """Whether something listens on ``host:port`` (a connect, closed at once)."""
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class SandboxChoice:
    """Where the console's sandbox comes from, read from the environment."""

    url: str | None  # MINTED_CONSOLE_SANDBOX_URL: use that one, start nothing
    db_path: str
    port: int

    @classmethod
    def from_env(cls, environ=os.environ) -> SandboxChoice:
        raw_port = environ.get("MINTED_CONSOLE_SANDBOX_PORT", "").strip() or str(DEFAULT_PORT)
        try:
            port = int(raw_port)
        except ValueError:
            raise ValueError(
                f"MINTED_CONSOLE_SANDBOX_PORT must be a number, not {raw_port!r}"
            ) from None
        if not 0 <= port <= 65535:
            raise ValueError(f"MINTED_CONSOLE_SANDBOX_PORT must be 0–65535, not {port}")
        return cls(
            url=environ.get("MINTED_CONSOLE_SANDBOX_URL", "").strip() or None,
            db_path=environ.get("MINTED_CONSOLE_SANDBOX_DB", "").strip() or ".sandbox/console.db",
            port=port,
        )

    def open(self) -> Sandbox:
        """The running sandbox: reached at ``url``, or started now."""
        if self.url:
            if not self.url.startswith(("http://", "https://")):
                raise ValueError(f"MINTED_CONSOLE_SANDBOX_URL must be an http(s) URL: {self.url!r}")
            return Sandbox(self.url, SandboxAccess.from_env())
        settings = SandboxAccess.from_env(db_path=self.db_path)
        return SandboxProcess(settings, port=self.port, start_nice=START_NICE).start()
