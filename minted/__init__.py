"""minted — a typed client for the Minted Connect partner API.

    from minted import Client
    client = Client(username, password, environment="staging")
    customer = client.customers.get("MTD0018232")

Everything here is plain Python (httpx + pydantic); nothing imports Streamlit.
"""

from minted.client import Client
from minted.environments import ENVIRONMENTS, PRODUCTION, SANDBOX, STAGING, Environment
from minted.errors import (
    APIError,
    AuthenticationError,
    ConflictError,
    InvalidResponseError,
    MintedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    ValidationError,
    WriteRefusedError,
)
from minted.guard import Actor, Role
from minted.journal import Journal, JournalEntry

__all__ = [
    "ENVIRONMENTS",
    "PRODUCTION",
    "SANDBOX",
    "STAGING",
    "APIError",
    "Actor",
    "AuthenticationError",
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
    "Role",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "WriteRefusedError",
]
