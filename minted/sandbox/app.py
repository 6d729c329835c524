"""The sandbox as an ASGI application: FastAPI routes behind three small middlewares.

Request path: journal → error boundary → fault injection → digest auth (and read-only
accounts) → body bounds → routes.  Everything the partner API answers, including errors on
unknown routes, oversized or malformed bodies and the sandbox's own bugs, is the documented
``{data, success, code, message}`` envelope.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from datetime import UTC, datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from minted import endpoints
from minted.sandbox import control, routes
from minted.sandbox.digest import Account, DigestVerifier
from minted.sandbox.envelope import error_response
from minted.sandbox.errors import SandboxError
from minted.sandbox.faults import FaultBoard
from minted.sandbox.limits import MAX_BODY_BYTES, parse_body
from minted.sandbox.seed import seed_world
from minted.sandbox.settings import REALM, SandboxSettings
from minted.sandbox.world import World

logger = logging.getLogger("minted.sandbox")

PARTNER_PREFIX = "/partner/"
CONTROL_PREFIX = "/_sandbox"


def _resolved(scope, overrides: endpoints.Overrides):
    """`endpoints.resolve` for this request, once: the fault, digest and body middlewares all
    ask, and it scans the whole catalogue (about a sixth of a GET's server time, three times)."""
    key = "minted.resolved"
    if key not in scope:
        scope[key] = endpoints.resolve(scope["method"], scope["path"], overrides)
    return scope[key]


async def _send_response(send, response: Response) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": response.body})


class JournalMiddleware:
    """Remembers the last requests (no bodies, no credentials) for /_sandbox/journal."""

    def __init__(self, app, journal: deque) -> None:
        self.app = app
        self.journal = journal

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": None}

        async def recording_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            if not scope["path"].startswith(CONTROL_PREFIX):
                self.journal.append(
                    {
                        "at": datetime.now(UTC).isoformat(),
                        "method": scope["method"],
                        "path": scope["path"],
                        "query": scope.get("query_string", b"").decode("latin-1"),
                        "status": status["code"],
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "user": scope.get("state", {}).get("username"),
                    }
                )


class ErrorBoundary:
    """Any exception becomes a 500 in the envelope, and the connection stays open.

    Starlette's ServerErrorMiddleware answers an unhandled exception and then *re-raises* it,
    so uvicorn closes the keep-alive connection: a client's next request on it (often a
    write) failed with "connection reset".  Caught here, inside it, nothing is re-raised."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.exception("sandbox error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half an answer is out: nothing valid can follow on this connection
                raise
            error = SandboxError(500, 9999, f"Sandbox error: {type(exc).__name__}")
            await _send_response(send, error_response(error))
        return None


class BodyLimitMiddleware:
    """Bodies of at most `MAX_BODY_BYTES`, in strict UTF-8 JSON within `minted.sandbox.limits`.

    A larger body is answered 413 in the envelope; it is read to its end (up to 64 MiB) first,
    so the client, still writing, sees the answer rather than a reset, and the connection
    can be used again.  A body that passes is handed on unchanged."""

    DRAIN_LIMIT = 64 * 1024 * 1024

    def __init__(self, app, overrides: endpoints.Overrides) -> None:
        self.app = app
        self.overrides = overrides

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(PARTNER_PREFIX):
            return await self.app(scope, receive, send)
        if _resolved(scope, self.overrides) is None:
            # No such route or method: the router's 404 or 405 says so, whatever the body.
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").strip()
        too_large = declared.isdigit() and int(declared) > MAX_BODY_BYTES
        chunks: list[bytes] = []
        size, more = 0, not too_large or int(declared) <= self.DRAIN_LIMIT
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            size += len(message.get("body", b""))
            if size <= MAX_BODY_BYTES:
                chunks.append(message.get("body", b""))
            else:
                too_large = True
                chunks.clear()
            more = message.get("more_body", False) and size <= self.DRAIN_LIMIT
        if too_large:
            error = SandboxError(
                413,
                1004,
                "The body is too large",
                {"body": [f"At most {MAX_BODY_BYTES} bytes ({MAX_BODY_BYTES // 1024} KiB)."]},
            )
            return await _send_response(send, error_response(error))
        body = b"".join(chunks)
        if body:
            try:
                parse_body(body)
            except SandboxError as error:
                return await _send_response(send, error_response(error))
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as uvicorn does

        return await self.app(scope, replay, send)


class FaultMiddleware:
    def __init__(self, app, board: FaultBoard, overrides: endpoints.Overrides) -> None:
        self.app = app
        self.board = board
        self.overrides = overrides

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(PARTNER_PREFIX):
            return await self.app(scope, receive, send)
        resolved = _resolved(scope, self.overrides)
        decision = self.board.decide(resolved[0].key if resolved else None)
        if decision.latency_ms and not decision.breaks:
            # The request is processed at once and its answer held back: a client that gives
            # up waiting leaves a write done on the server, as on a slow real network.
            held: list = []

            async def hold(message):
                held.append(message)

            await self.app(scope, receive, hold)
            await asyncio.sleep(decision.latency_ms / 1000)
            for message in held:
                await send(message)
            return None
        if decision.latency_ms:
            await asyncio.sleep(decision.latency_ms / 1000)
        if decision.drop:
            # Promise a body, send part of it, stop: the client sees the connection cut.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"4096"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b'{"data": {"gu', "more_body": False})
            return None
        if decision.malformed:
            response = Response(b'{"data": {"guid": "7978F1C8-', media_type="application/json")
            return await _send_response(send, response)
        if decision.status is not None:
            error = SandboxError(decision.status, 8001, "Fault injected by the sandbox")
            return await _send_response(send, error_response(error))
        return await self.app(scope, receive, send)


class DigestMiddleware:
    def __init__(self, app, verifier: DigestVerifier, overrides: endpoints.Overrides) -> None:
        self.app = app
        self.verifier = verifier
        self.overrides = overrides

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(PARTNER_PREFIX):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        uri = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            uri = uri.split("?", 1)[0] + "?" + scope["query_string"].decode("latin-1")
        verdict = self.verifier.verify(scope["method"], uri, headers.get("authorization"))
        if not verdict.ok:
            error = SandboxError(401, 1101, f"Unauthorized: {verdict.reason}")
            challenge = {"WWW-Authenticate": self.verifier.challenge(stale=verdict.stale)}
            return await _send_response(send, error_response(error, challenge))
        resolved = _resolved(scope, self.overrides)
        if verdict.account.read_only and resolved is not None and resolved[0].writes:
            error = SandboxError(403, 1102, "Forbidden: this account may only read")
            return await _send_response(send, error_response(error))
        scope.setdefault("state", {})["username"] = verdict.account.username
        return await self.app(scope, receive, send)


def create_app(settings: SandboxSettings | None = None, *, world: World | None = None) -> FastAPI:
    settings = settings or SandboxSettings.from_env()
    world = world or World(settings)
    if settings.demo_data and world.store.setting("seeded") is None:
        seed_world(world)

    app = FastAPI(
        title="Minted Connect Sandbox",
        version="1.0",
        description=(
            "A stateful local simulator of the Minted Connect partner API. Authenticate with "
            "HTTP Digest. The /_sandbox/ routes control the simulator (loopback only)."
        ),
        docs_url="/_sandbox/docs",
        redoc_url=None,
    )
    app.state.world = world
    app.state.settings = settings
    # Where the service really answers, where that differs from the catalogue (checked here,
    # so a bad table stops the start with its reasons).
    overrides = endpoints.parse_overrides(settings.endpoint_overrides)
    app.state.endpoint_overrides = overrides
    app.state.verifier = DigestVerifier(
        [
            Account(settings.username, settings.password),
            Account(settings.readonly_username, settings.readonly_password, read_only=True),
        ],
        REALM,
        settings.nonce_ttl_seconds,
    )
    app.state.faults = FaultBoard(settings.seed)
    app.state.journal = deque(maxlen=1000)

    @app.exception_handler(SandboxError)
    async def _sandbox_error(request: Request, exc: SandboxError):
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errors: dict[str, list[str]] = {}
        code = 1002
        for problem in exc.errors():
            location = [str(part) for part in problem["loc"]]
            if location[0] == "header":
                code = 1003
            field = ".".join(location[1:]) or location[0]
            errors.setdefault(field, []).append(problem["msg"])
        message = "A required header is missing" if code == 1003 else "The given data was invalid."
        return error_response(SandboxError(422, code, message, errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400:  # a body that is not JSON at all
            error = SandboxError(
                422, 1002, "The body is not valid JSON", {"body": [str(exc.detail)]}
            )
            return error_response(error)
        if exc.status_code == 405:
            # Allow lists every method of the path (RFC 9110), not only the first route's
            path = request.url.path
            allowed = sorted(
                method
                for candidate in app.routes
                if getattr(candidate, "path_regex", None) and candidate.path_regex.match(path)
                for method in getattr(candidate, "methods", None) or ()
            )
            error = SandboxError(405, 1001, "Method not allowed on this route")
            return error_response(error, {"Allow": ", ".join(allowed)})
        return error_response(SandboxError(exc.status_code, 1000, "No such route"), exc.headers)

    app.state.partner_router = routes.register(app, overrides)  # its routes: the partner API
    control.register(app)

    # Added innermost first: journal → error boundary → faults → digest → body bounds → routes.
    app.add_middleware(BodyLimitMiddleware, overrides=overrides)
    app.add_middleware(DigestMiddleware, verifier=app.state.verifier, overrides=overrides)
    app.add_middleware(FaultMiddleware, board=app.state.faults, overrides=overrides)
    app.add_middleware(ErrorBoundary)
    app.add_middleware(JournalMiddleware, journal=app.state.journal)
    return app
