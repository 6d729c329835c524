"""Sandbox refusals: an HTTP status, a numeric code and a message, in the documented envelope.

The real error bodies are not in the docs; the sandbox answers ``{data: null, success: false,
code, message}`` plus Laravel-style ``errors: {field: [messages]}`` on 422.  Codes:

| code | status | meaning |
|---|---|---|
| 1000 | 404 | no such route |
| 1001 | 405 | method not allowed on this route |
| 1002 | 422 | invalid body or query (see ``errors``) |
| 1003 | 422 | a required header is missing (``x-client-id``) |
| 1004 | 413 | the body is larger than 1 MiB (`minted.sandbox.limits`) |
| 1101 | 401 | missing or wrong digest credentials |
| 1102 | 403 | this account may only read |
| 2001 | 422 | price token expired |
| 2002 | 422 | price token already used |
| 2003 | 422 | price token unknown |
| 2004 | 422 | currency does not match the price token |
| 2005 | 422 | the price token was fixed for another customer |
| 3001 | 422 | not enough metal in the wallet |
| 3002 | 422 | not enough cash: the partner's prefunded account or the customer's cash wallet |
| 4001 | 404 | customer not found |
| 5001 | 404 | basket not found (cart_token and customer do not match an open basket) |
| 5002 | 422 | basket is empty |
| 5003 | 422 | basket price expired: get the basket again for a fresh price |
| 5004 | 422 | product not sold in this flow |
| 6001 | 404 | order not found |
| 6002 | 422 | external_id already names an order of another operation (buy, sell, delivery) |
| 6003 | 422 | external_id already names an order of this operation with other contents |
| 7001 | 422 | card declined |
| 7002 | 404 | stored card not found |
| 8001 | any | fault injected through /_sandbox/faults |
| 9999 | 500 | a bug in the sandbox (logged; the connection stays open) |
"""

from __future__ import annotations


class SandboxError(Exception):
    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or {}


def not_found(code: int, message: str) -> SandboxError:
    return SandboxError(404, code, message)


def invalid(field: str, message: str, code: int = 1002) -> SandboxError:
    return SandboxError(422, code, message, {field: [message]})


def refused(code: int, message: str) -> SandboxError:
    return SandboxError(422, code, message)
