"""One transport under every resource: headers, envelope, errors, retries and the journal.

Retry policy: only GET is retried, on connection failures and 502/503/504, with exponential
backoff and jitter (and ``Retry-After`` when the service sends one).  POST, PATCH, PUT and
DELETE are never retried here: a write that may have reached the service must be looked up,
not repeated (see `minted.errors.APITimeoutError`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import BaseModel

from minted import _json, hooks
from minted.auth import DigestAuth
from minted.endpoints import Endpoint, Overrides, describe, parse_overrides
from minted.environments import Environment
from minted.errors import (
    APIError,
    APITimeoutError,
    InvalidResponseError,
    RateLimitError,
    TransportError,
    error_class_for,
)
from minted.guard import EnvironmentGuard
from minted.journal import SAFE_HEADERS, Journal, JournalEntry, redact, redact_clipped

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0, pool=10.0)
RETRYABLE_STATUSES = frozenset({502, 503, 504})
_RETRYABLE_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.PoolTimeout,
)
LANGUAGES = ("tr", "en")
# What the usual connection failures mean, for the person reading the error.
_CONNECT_HINTS = {
    "Name or service not known": ": its name does not resolve (check base_url, DNS or VPN)",
    "nodename nor servname": ": its name does not resolve (check base_url, DNS or VPN)",
    "Connection refused": ": nothing listens there (check base_url and port)",
    "timed out": ": no answer to connect (check the network, firewall or VPN)",
    "CERTIFICATE_VERIFY_FAILED": ": its TLS certificate is not trusted",
}

# Per-caller settings on a shared client: the console shares one client per environment
# between browser sessions, each with its own language and its own view of the journal.
_CALL_CONTEXT: ContextVar[tuple[tuple[str, Any], ...]] = ContextVar(
    "minted_call_context", default=()
)


def _context_value(key: str) -> Any:
    return dict(_CALL_CONTEXT.get()).get(key)


@contextmanager
def call_context(*, language: str | None = None, tag: str | None = None) -> Iterator[None]:
    """Within this block (this thread / task), calls use ``language`` and are journaled with
    ``tag``."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    pairs = (("language", language), ("tag", tag))
    values = {k: v for k, v in pairs if v is not None}
    token = _CALL_CONTEXT.set(tuple({**dict(_CALL_CONTEXT.get()), **values}.items()))
    try:
        yield
    finally:
        _CALL_CONTEXT.reset(token)


Body = BaseModel | Mapping[str, Any] | list[Any] | None


def encode_body(body: Any) -> Any:
    """A request body as plain JSON-ready data: models give only the fields that were set."""
    if isinstance(body, BaseModel):
        return body.model_dump(mode="python", by_alias=True, exclude_unset=True)
    if isinstance(body, Mapping):
        return {k: encode_body(v) for k, v in body.items()}
    if isinstance(body, (list, tuple)):
        return [encode_body(v) for v in body]
    return body


class Transport:
    def __init__(
        self,
        *,
        base_url: str,
        environment: Environment,
        username: str,
        password: str,
        client_id: str = "web",
        language: str = "tr",
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        backoff: float = 0.25,
        journal: Journal | None = None,
        http_transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        production_writes: bool = False,
        event_hooks: Mapping[str, list[hooks.RequestHook]] | None = None,
        endpoint_overrides: Overrides | Mapping[str, str] | None = None,
    ) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        self.environment = environment
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.language = language
        self.max_retries = max_retries
        self.backoff = backoff
        self.journal = journal if journal is not None else Journal()
        self.guard = EnvironmentGuard(environment, production_writes=production_writes)
        self.event_hooks = hooks.checked(event_hooks)
        self.endpoint_overrides = parse_overrides(endpoint_overrides)
        self.auth = DigestAuth(username, password)
        self._secrets = (password,)
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=self.auth,
            timeout=timeout,
            transport=http_transport,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
            headers={"Accept": "application/json", "User-Agent": "minted-connect-console"},
        )

    def close(self) -> None:
        self._http.close()

    def effective(self, endpoint: Endpoint) -> Endpoint:
        """The endpoint as this client calls it: the catalogue's, or its override."""
        return self.endpoint_overrides.get(endpoint, endpoint)

    def headers_for(self, endpoint: Endpoint, language: str | None = None) -> dict[str, str]:
        return {
            "x-client-id": self.client_id,
            "api-version": str(endpoint.api_version),
            "Accept-Language": language or _context_value("language") or self.language,
        }

    # -- the call -----------------------------------------------------------------------------
    def request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Body = None,
        language: str | None = None,
    ) -> Any:
        """Send one call of the catalogue's ``endpoint`` and return the envelope's ``data``, or
        raise a `MintedError`.  An override of the endpoint decides the method, path and
        api-version sent; hooks still see the catalogue's endpoint (with the method and path
        as sent), and the journal entry names both."""
        catalogued, endpoint = endpoint, self.effective(endpoint)
        path = endpoint.format_path(**(path_params or {}))
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        payload = encode_body(body)
        headers = self.headers_for(endpoint, language)
        content = None
        if payload is not None:
            content = _json.dumps(payload).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = self._http.build_request(
            endpoint.method, path, params=query, headers=headers, content=content
        )
        shown_path = request.url.raw_path.decode("ascii")
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        retries = 0
        response: httpx.Response | None = None
        parsed: Any = None
        error: Exception | None = None
        try:
            self.guard.check(endpoint, path=shown_path)
            call = hooks.Call(catalogued, self.environment, endpoint.method, shown_path, payload)
            for hook in self.event_hooks["request"]:
                hook(call)
            while True:
                try:
                    response = self._http.send(request)
                except _RETRYABLE_ERRORS as exc:
                    if endpoint.method == "GET" and retries < self.max_retries:
                        retries += 1
                        self._sleep(self._delay(retries, None))
                        continue
                    raise self._transport_error(exc, endpoint.method, shown_path) from exc
                except httpx.TimeoutException as exc:
                    raise self._transport_error(exc, endpoint.method, shown_path) from exc
                except httpx.HTTPError as exc:
                    raise self._transport_error(exc, endpoint.method, shown_path) from exc
                if (
                    endpoint.method == "GET"
                    and response.status_code in RETRYABLE_STATUSES
                    and retries < self.max_retries
                ):
                    retries += 1
                    self._sleep(self._delay(retries, response.headers.get("retry-after")))
                    continue
                break
            parsed = _decode(response)
            return self._unwrap(response, parsed, endpoint.method, shown_path)
        except Exception as exc:
            error = exc
            raise
        finally:
            self._record(
                catalogued,
                endpoint,
                started_at,
                clock,
                endpoint.method,
                request,
                shown_path,
                headers,
                payload,
                response,
                parsed,
                retries,
                error,
            )

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(float(retry_after), 30.0)
            except ValueError:
                pass
        return self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())

    @staticmethod
    def _transport_error(exc: httpx.HTTPError, method: str, path: str) -> TransportError:
        if isinstance(exc, httpx.TimeoutException):
            note = " — the outcome of this write is unknown" if method != "GET" else ""
            return APITimeoutError(f"No answer in time{note}", method=method, path=path)
        message = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, httpx.ConnectError):  # say where, and what a person can check
            try:
                host = exc.request.url.host
            except RuntimeError:  # an error raised without its request
                host = "the service"
            hint = _CONNECT_HINTS.get(next((k for k in _CONNECT_HINTS if k in str(exc)), ""), "")
            message = f"Could not reach {host}{hint} ({message})"
        return TransportError(message, method=method, path=path)

    def _unwrap(self, response: httpx.Response, parsed: Any, method: str, path: str) -> Any:
        status = response.status_code
        envelope = parsed if isinstance(parsed, dict) and "success" in parsed else None
        if 200 <= status < 300 and envelope is not None and envelope.get("success") is not False:
            return envelope.get("data")
        if 200 <= status < 300 and envelope is None:
            raise InvalidResponseError(
                "The response is not the documented {data, success, code, message} envelope",
                status=status,
                method=method,
                path=path,
                body=_preview(response),
            )
        raise self._api_error(response, envelope, method, path)

    @staticmethod
    def _api_error(
        response: httpx.Response, envelope: dict | None, method: str, path: str
    ) -> APIError:
        # Failures come in the same envelope with success=false; a 200 with success=false is
        # a business refusal, reported as 422 so callers treat it as "not done".
        status = response.status_code if response.status_code >= 400 else 422
        cls = error_class_for(status)
        extra: dict[str, Any] = {}
        if cls is RateLimitError:
            extra["retry_after"] = _seconds(response.headers.get("retry-after"))
        if envelope is None:
            message = response.reason_phrase or f"HTTP {status}"
            extra["body"] = _preview(response)
        else:
            message = str(envelope.get("message") or response.reason_phrase or "")
            extra.update(
                code=_int_or_none(envelope.get("code")),
                field_errors=_field_errors(envelope),
                body=envelope,
            )
        return cls(message, status=status, method=method, path=path, **extra)

    def _record(
        self,
        catalogued,
        endpoint,
        started_at,
        clock,
        method,
        request,
        shown_path,
        headers,
        payload,
        response,
        parsed,
        retries,
        error,
    ) -> None:
        response_body = parsed if parsed is not None else (_preview(response) if response else None)
        # the answer's bytes are its JSON text's length, near enough to choose how it is kept
        size = len(response.content) if parsed is not None else None
        entry = JournalEntry(
            id=self.journal.next_id(),
            at=started_at,
            environment=self.environment.name,
            method=method,
            url=redact(str(request.url), self._secrets),
            path=redact(shown_path, self._secrets),
            status=response.status_code if response is not None else None,
            duration_ms=round((time.perf_counter() - clock) * 1000, 1),
            retries=retries,
            request_headers={k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS},
            request_body=redact(payload, self._secrets),
            response_body=redact_clipped(response_body, self._secrets, size),
            error=redact(f"{type(error).__name__}: {error}", self._secrets) if error else None,
            username=self.auth.username,
            tag=_context_value("tag"),
            endpoint=catalogued.key,
            override=describe(endpoint) if endpoint != catalogued else None,
        )
        self.journal.add(entry)


def _decode(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return _json.loads(response.content)
    except ValueError:
        return None


def _preview(response: httpx.Response | None) -> str | None:
    if response is None:
        return None
    try:
        return response.text[:2_000]
    except Exception:  # an undecodable body is still worth a note, not a crash
        return f"<{len(response.content)} bytes>"


def _field_errors(envelope: dict) -> dict[str, list[str]]:
    """Laravel-style ``errors`` ({field: [messages]}) at the top level or inside ``data``."""
    data = envelope.get("data")
    candidates = [envelope.get("errors")]
    if isinstance(data, dict):
        candidates.append(data.get("errors"))
        if data and all(isinstance(v, list) for v in data.values()):
            candidates.append(data)  # data itself is {field: [messages]}
    for candidate in candidates:
        if (
            isinstance(candidate, dict)
            and candidate
            and all(isinstance(v, (list, str)) for v in candidate.values())
        ):
            return {
                str(k): ([v] if isinstance(v, str) else [str(m) for m in v])
                for k, v in candidate.items()
            }
    return {}


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(v) for v in value)  # the docs' style: status=2,5
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
