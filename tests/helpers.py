"""Test doubles built on httpx.MockTransport (no network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import httpx

import minted
from minted import _json


def envelope(data=None, *, success=True, code=0, message="") -> dict:
    return {"data": data, "success": success, "code": code, "message": message}


@dataclass
class Recorder:
    """A MockTransport that records every request and answers from a handler (default: an
    empty successful envelope).  Digest auth is exercised elsewhere, so it answers without a
    challenge here."""

    handler: Callable[[httpx.Request], httpx.Response] | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        if self.handler is not None:
            return self.handler(request)
        return httpx.Response(200, json=envelope({}))

    def client(self, **kwargs) -> minted.Client:
        kwargs.setdefault("environment", "staging")
        return minted.Client(
            "partner-user", "s3cret-Pa55", http_transport=httpx.MockTransport(self), **kwargs
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def last_body(self):
        content = self.last.content
        return json.loads(content, parse_float=Decimal) if content else None


def json_response(status: int, body) -> httpx.Response:
    return httpx.Response(
        status, content=_json.dumps(body).encode(), headers={"content-type": "application/json"}
    )


def send_reads(client: minted.Client) -> int:
    """Two reads, one a POST that changes nothing (a price fix); returns how many were sent.
    The recorder's empty answers are not the models', which is fine: only sending counts."""
    import contextlib

    reads = (lambda: client.customers.get("C-1"), lambda: client.price_fix.get(currency="TRY"))
    for read in reads:
        with contextlib.suppress(minted.InvalidResponseError):
            read()
    return len(reads)


# A shipping address within the documented bounds, for deliveries.
ADDRESS = {
    "fullname": "John Due",
    "city": "İstanbul",
    "county": "Beykoz",
    "district": "Acarlar Mah.",
    "address": "No: 37/4",
    "phone": "+905180001923",
}


def make_customer(client: minted.Client, external_id: str = "cust-001", **overrides):
    """A person with every documented field filled in (e-mail from the external id)."""
    fields = {
        "firstname": "Ayşe",
        "lastname": "Yılmaz",
        "email": f"{external_id}@example.com",
        "phone": "+905321112233",
        "identity_number": "12345678910",
        **overrides,
    }
    return client.customers.create(external_id=external_id, **fields)


def open_order_filters(at):
    """What a click on the Orders page's Filters expander does (it is drawn only while open)."""
    at.session_state["orders-filters"] = True
    return at.run()


def offered(at, label: str, downloads: dict) -> bytes:
    """The file a download button labelled ``label`` gives (``downloads``: conftest's
    fixture), made now if the button makes it when clicked."""
    button = next(d for d in at.get("download_button") if d.proto.label == label)
    file_id = button.proto.deferred_file_id or button.proto.url.rsplit("/", 1)[1].split(".")[0]
    made = downloads[file_id]
    made = made() if callable(made) else made
    return made.encode("utf-8") if isinstance(made, str) else made
