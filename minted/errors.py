"""One error hierarchy for everything the client can meet.

``MintedError``
├── ``WriteRefusedError``         refused before sending: this actor may not write here
├── ``TransportError``            nothing usable came back (connection refused/reset, DNS, TLS)
│   └── ``APITimeoutError``       no answer in time: for a POST the outcome is *unknown*
└── ``APIError``                  the service answered with a failure
    ├── ``AuthenticationError``   401 — digest credentials refused
    ├── ``PermissionDeniedError`` 403
    ├── ``NotFoundError``         404
    ├── ``ConflictError``         409
    ├── ``UnprocessableEntityError`` 422 — ``field_errors`` maps field → messages
    ├── ``RateLimitError``        429 — ``retry_after`` seconds when the service says
    ├── ``ServerError``           5xx
    └── ``InvalidResponseError``  a 2xx whose body is not the documented envelope

Every error names the call (``method`` and ``path``); API errors carry the HTTP ``status``
and the envelope's ``code`` and ``message``.

``TimeoutError`` and ``ValidationError``, this module's names before 0.2, shadowed Python's
builtin and pydantic's; they still work, with a `DeprecationWarning`, for one release.
"""

from __future__ import annotations

from typing import Any


class MintedError(Exception):
    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path

    @property
    def call(self) -> str:
        return f"{self.method} {self.path}".strip()

    def __str__(self) -> str:
        return f"{self.message} ({self.call})" if self.call else self.message


class WriteRefusedError(MintedError):
    """The environment guard refused a write before it was sent (see `minted.guard`)."""


class TransportError(MintedError):
    """The request did not get an HTTP answer."""


class APITimeoutError(TransportError):
    """No answer in time.  After a write this means the outcome is unknown, not failed."""


class APIError(MintedError):
    status: int = 0

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: int | None = None,
        method: str = "",
        path: str = "",
        field_errors: dict[str, list[str]] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message or f"HTTP {status}", method=method, path=path)
        self.status = status
        self.code = code
        self.field_errors = field_errors or {}
        self.body = body

    def __str__(self) -> str:
        code = f", code {self.code}" if self.code not in (None, 0) else ""
        return f"{self.message} (HTTP {self.status}{code}; {self.call})"


class AuthenticationError(APIError):
    pass


class PermissionDeniedError(APIError):
    pass


class NotFoundError(APIError):
    pass


class ConflictError(APIError):
    pass


class UnprocessableEntityError(APIError):
    pass


class RateLimitError(APIError):
    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    pass


class InvalidResponseError(APIError):
    pass


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status: int) -> type[APIError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)


_RENAMED = {"TimeoutError": "APITimeoutError", "ValidationError": "UnprocessableEntityError"}


def deprecated_alias(module: str, name: str) -> type[MintedError]:
    """The class an old name stands for, with a warning (PEP 562 ``__getattr__``)."""
    if name not in _RENAMED:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    import warnings

    new = _RENAMED[name]
    warnings.warn(
        f"{module}.{name} is renamed {new}; the old name goes in the next release",
        DeprecationWarning,
        stacklevel=3,
    )
    return globals()[new]


def __getattr__(name: str) -> type[MintedError]:
    return deprecated_alias(__name__, name)
