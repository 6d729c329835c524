"""minted — a typed client for the Minted Connect partner API.

    from minted import Client
    client = Client(username, password, environment="staging")
    customer = client.customers.get("MTD0018232")

The client needs httpx, pydantic and tzdata only.  The local Minted Connect is
`minted.sandbox` (``pip install 'minted-connect-console[sandbox]'``) and the Streamlit
console is `minted.console` (``[console]``); nothing here imports either.
"""

from minted import errors as _errors
from minted.client import Client
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
    """``minted.TimeoutError`` and ``minted.ValidationError``: old names, for one release."""
    return _errors.deprecated_alias(__name__, name)
