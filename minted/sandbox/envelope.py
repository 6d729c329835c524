"""The documented ``{data, success, code, message}`` envelope, and who may use the control plane.

A module of its own, below the app, the routes and the control plane alike: each of them
answers in the envelope, and none of them needs to import another to do so.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from minted import _json
from minted.sandbox.errors import SandboxError

LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


class EnvelopeResponse(Response):
    """JSON with exact decimals (a float would round money)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return _json.dumps(content).encode("utf-8")


class RenderedEnvelope(EnvelopeResponse):
    """The envelope already written as JSON in UTF-8 (`minted.sandbox.routes._common.ok_texts`)."""

    def render(self, content: bytes) -> bytes:
        return content


def envelope(data: Any = None, *, status: int = 200, code: int = 0, message: str = "", **extra):
    body = {"data": data, "success": 200 <= status < 300, "code": code, "message": message}
    body.update(extra)
    return EnvelopeResponse(body, status_code=status)


def error_response(error: SandboxError, headers: dict | None = None) -> EnvelopeResponse:
    extra = {"errors": error.errors} if error.errors else {}
    response = envelope(None, status=error.status, code=error.code, message=error.message, **extra)
    response.headers.update(headers or {})
    return response


def is_loopback(request: Request) -> bool:
    client = request.client.host if request.client else ""
    return client in LOOPBACK
