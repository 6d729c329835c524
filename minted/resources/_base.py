"""What every resource namespace shares: one transport and typed parsing of ``data``."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from minted.endpoints import Endpoint
from minted.errors import InvalidResponseError

if TYPE_CHECKING:
    from minted.transport import Body, Transport

T = TypeVar("T")


@cache
def _adapter(tp: Any) -> TypeAdapter:
    return TypeAdapter(tp)


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _call(
        self,
        endpoint: Endpoint,
        response: type[T] | Any,
        *,
        path: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        body: Body = None,
    ) -> T:
        data = self._transport.request(endpoint, path_params=path, params=params, body=body)
        return validated(self._transport, endpoint, response, data)


def validated(transport: Transport, endpoint: Endpoint, response: type[T] | Any, data: Any) -> T:
    """``data`` (an answer's ``data``) read as ``response``; an answer of another shape is an
    `InvalidResponseError` naming the call and the first problem, the whole ``data`` kept."""
    try:
        return _adapter(response).validate_python(data)
    except PydanticValidationError as exc:
        raise InvalidResponseError(
            f"The response does not match the documented shape: {exc.error_count()} "
            f"problem(s), first: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}",
            status=200,
            method=transport.effective(endpoint).method,
            path=transport.effective(endpoint).path,
            body=data,
        ) from exc


def drop_none(**fields: Any) -> dict[str, Any]:
    """Keyword arguments left as None are not sent at all."""
    return {k: v for k, v in fields.items() if v is not None}
