"""`Client`: one transport, one digest auth, one journal, and a namespace per API area."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from minted import endpoints
from minted.endpoints import Endpoint, Overrides
from minted.environments import Environment
from minted.environments import environment as environment_of
from minted.guard import EnvironmentGuard
from minted.hooks import RequestHook
from minted.journal import Journal
from minted.resources import (
    B2B,
    B2B2C,
    Balances,
    Baskets,
    CardPayments,
    CardStorage,
    Complete,
    CurrencyRates,
    Customers,
    Delivery,
    Ecom,
    Imports,
    Kyc,
    Legal,
    Orders,
    PriceFixes,
    Products,
    Summaries,
)
from minted.resources._base import validated
from minted.transport import DEFAULT_TIMEOUT, Body, Transport, call_context


class Client:
    """A Minted Connect client, safe to share between threads.

    >>> client = Client("user", "secret", environment="staging")   # doctest: +SKIP
    >>> client.customers.get("MTD0018232").fullname                 # doctest: +SKIP
    """

    def __init__(
        self,
        username: str,
        password: str,
        *,
        environment: str | Environment = "sandbox",
        base_url: str | None = None,
        client_id: str = "web",
        language: str = "tr",
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        journal: Journal | None = None,
        http_transport: httpx.BaseTransport | None = None,
        production_writes: bool = False,
        event_hooks: dict[str, list[RequestHook]] | None = None,
        endpoint_overrides: Overrides | Mapping[str, str] | None = None,
    ) -> None:
        """``production_writes``: production is read-only unless this is set (see
        `minted.guard`).  ``event_hooks``: ``{"request": [fn]}``, each ``fn(call)`` run before
        a call is sent, free to refuse it (see `minted.hooks`).  ``endpoint_overrides``:
        corrections of the catalogue, ``{"Walletable › Clear Basket": "DELETE /partner/…"}``
        or already parsed (see `minted.endpoints.parse_overrides`); every call of such an
        endpoint goes out at the corrected method, path and api-version."""
        env = environment_of(environment)
        url = base_url or env.base_url
        if not url:
            raise ValueError(f"the {env.name} environment needs a base_url")
        self.environment = env
        self._transport = Transport(
            base_url=url,
            environment=env,
            username=username,
            password=password,
            client_id=client_id,
            language=language,
            timeout=timeout,
            max_retries=max_retries,
            journal=journal,
            http_transport=http_transport,
            production_writes=production_writes,
            event_hooks=event_hooks,
            endpoint_overrides=endpoint_overrides,
        )
        t = self._transport
        self.customers = Customers(t)
        self.kyc = Kyc(t)
        self.products = Products(t)
        self.currency_rates = CurrencyRates(t)
        self.price_fix = PriceFixes(t)
        self.b2b = B2B(t)
        self.b2b2c = B2B2C(t)
        self.card_payments = CardPayments(t)
        self.card_storage = CardStorage(t)
        self.baskets = Baskets(t)
        self.complete = Complete(t)
        self.orders = Orders(t)
        self.balances = Balances(t)
        self.delivery = Delivery(t)
        self.legal = Legal(t)
        self.summary = Summaries(t)
        self.imports = Imports(t)
        self.ecom = Ecom(t)

    @classmethod
    def from_env(cls, **overrides) -> Client:
        """``MINTED_USERNAME``, ``MINTED_PASSWORD``, ``MINTED_ENVIRONMENT``, ``MINTED_BASE_URL``."""
        settings = {
            "environment": os.environ.get("MINTED_ENVIRONMENT", "staging"),
            "base_url": os.environ.get("MINTED_BASE_URL") or None,
        }
        settings.update(overrides)
        return cls(os.environ["MINTED_USERNAME"], os.environ["MINTED_PASSWORD"], **settings)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def journal(self) -> Journal:
        return self._transport.journal

    @property
    def username(self) -> str:
        return self._transport.auth.username

    def context(self, *, language: str | None = None, tag: str | None = None):
        """``with client.context(language="en", tag=session_id): ...`` — per-caller settings
        on a shared client (see `minted.transport.call_context`)."""
        return call_context(language=language, tag=tag)

    @property
    def guard(self) -> EnvironmentGuard:
        return self._transport.guard

    @property
    def event_hooks(self) -> dict[str, list[RequestHook]]:
        """The hooks by event; append to a list to add one to a client already made."""
        return self._transport.event_hooks

    @property
    def endpoint_overrides(self) -> dict[Endpoint, Endpoint]:
        """The corrections in force: catalogue endpoint → as this client calls it."""
        return dict(self._transport.endpoint_overrides)

    def endpoint(self, endpoint: Endpoint | str) -> Endpoint:
        """The endpoint as this client calls it (the override, if any); a name is looked up
        as `minted.endpoints.find` does."""
        catalogued = endpoint if isinstance(endpoint, Endpoint) else endpoints.find(endpoint)
        return self._transport.effective(catalogued)

    def request(
        self,
        endpoint: Endpoint | str,
        *,
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Body = None,
        cast_to: Any = None,
    ) -> Any:
        """Call any catalogue endpoint with a body of your own, through everything the typed
        methods go through (digest, headers, overrides, guard, hooks, journal), and return the
        envelope's ``data`` as JSON-ready data, unvalidated (`minted.specs` knows its model);
        or, with ``cast_to`` (a model or any type pydantic reads), read as that type as the
        typed methods read theirs (`InvalidResponseError` when it does not match).  A model
        of your own may name only the fields you use: the rest are not read.

        >>> client.request("BIN_QUERY", body={"bin": "411111", "amount": 100})  # doctest: +SKIP
        >>> client.request("ORDERS", params={"total": 100}, cast_to=Page[Row])  # doctest: +SKIP
        """
        catalogued = endpoint if isinstance(endpoint, Endpoint) else endpoints.find(endpoint)
        data = self._transport.request(
            catalogued, path_params=path_params, params=params, body=body
        )
        return data if cast_to is None else validated(self._transport, catalogued, cast_to, data)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(environment={self.environment.name!r}, base_url={self.base_url!r})"
