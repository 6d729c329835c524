"""What a process needs to start or reach a local sandbox, without the sandbox's server code.

The console starts ``python -m minted.sandbox`` as a child process (or reaches one running
elsewhere) and talks HTTP to it: it needs the documented default credentials, the variables
that change them, and a free loopback port, never FastAPI, uvicorn or SQLAlchemy.  These live
here, in the client package (plain Python), so that both the sandbox (`minted.sandbox.settings`,
`minted.sandbox.ports`) and the console can use them.

| variable | default |
|---|---|
| ``MINTED_SANDBOX_USERNAME`` | ``sandbox-partner`` |
| ``MINTED_SANDBOX_PASSWORD`` | ``sandbox-pass-2026`` |
| ``MINTED_SANDBOX_ENDPOINTS`` | none: a TOML file whose ``[endpoints]`` table moves endpoints |

These are credentials of a local simulator holding demo data, not secrets.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

from minted.endpoints import load_overrides

DEFAULT_USERNAME = "sandbox-partner"
DEFAULT_PASSWORD = "sandbox-pass-2026"
DEFAULT_READONLY_USERNAME = "sandbox-viewer"
DEFAULT_DB_PATH = ".sandbox/minted-sandbox.db"
DEFAULT_SEED = 42


@dataclass(frozen=True)
class SandboxAccess:
    """A local sandbox as a process that starts or calls one sees it: where it keeps its
    state, how it is seeded, and how to sign in.  `minted.sandbox.settings.SandboxSettings`
    has these same fields (and the simulator's own), so either can be given where this is."""

    db_path: str = DEFAULT_DB_PATH
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    seed: int = DEFAULT_SEED
    demo_data: bool = True
    # {name: "METHOD /path"}: where the sandbox serves endpoints it moved (see minted.endpoints)
    endpoint_overrides: Mapping[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def from_env(cls, **overrides) -> SandboxAccess:
        """The credentials and endpoints the sandbox itself reads from the environment."""
        values = {
            "username": os.environ.get("MINTED_SANDBOX_USERNAME") or DEFAULT_USERNAME,
            "password": os.environ.get("MINTED_SANDBOX_PASSWORD") or DEFAULT_PASSWORD,
        }
        if os.environ.get("MINTED_SANDBOX_ENDPOINTS"):
            values["endpoint_overrides"] = load_overrides(os.environ["MINTED_SANDBOX_ENDPOINTS"])
        values.update(overrides)
        return cls(**values)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def bound_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host`` and ``port`` (0: any free one), as a sandbox binds the
    one it serves on (``python -m minted.sandbox``).  Connections of a server just stopped may
    linger in TIME_WAIT; SO_REUSEADDR binds past them, as uvicorn does.

    The protocol is named (IPPROTO_TCP, not 0) because asyncio turns Nagle's algorithm off
    (TCP_NODELAY) only on connections whose socket says TCP: without it every answer on a
    kept-alive connection waited ~40 ms for the client's delayed ACK (44 ms a request here)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a sandbox could listen on ``port`` now: bound the way it binds."""
    try:
        bound_socket(host, port).close()
    except OSError:
        return False
    return True
