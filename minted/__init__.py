"""minted — a typed client for the Minted Connect partner API.

    from minted import Client
    client = Client(username, password, environment="staging")
    customer = client.customers.get("MTD0018232")

The client needs httpx, pydantic and tzdata only.  The local Minted Connect is
`minted.sandbox` (``pip install 'minted-connect-console[sandbox]'``) and the Streamlit
console is `minted.console` (``[console]``); nothing here imports either.

`Client` is imported on first use (``minted.Client``, ``from minted import Client``), with
httpx, pydantic and the ~100 models its resources answer with: importing any part of the
package (``minted.errors``, ``minted.local_sandbox``) then costs none of them.  The console's
first page makes no call, and those imports were about half of its first run (bench (e)).
"""

from typing import TYPE_CHECKING

from minted import errors as _errors
from minted.environments import ENVIRONMENTS, PRODUCTION, SANDBOX, STAGING, Environment
from minted.errors import (
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InvalidResponseError,
    MintedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    UnprocessableEntityError,
    WriteRefusedError,
)
from minted.hooks import Call
from minted.journal import Journal, JournalEntry

if TYPE_CHECKING:
    from minted.client import Client

__all__ = [
    "ENVIRONMENTS",
    "PRODUCTION",
    "SANDBOX",
    "STAGING",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "Call",
    "Client",
    "ConflictError",
    "Environment",
    "InvalidResponseError",
    "Journal",
    "JournalEntry",
    "MintedError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "UnprocessableEntityError",
    "WriteRefusedError",
]


def __getattr__(name: str):
    """``minted.Client``, imported on first use; ``minted.TimeoutError`` and
    ``minted.ValidationError``: old names, for one release."""
    if name == "Client":
        from minted.client import Client

        globals()["Client"] = Client  # once: later lookups do not come here
        return Client
    return _errors.deprecated_alias(__name__, name)
