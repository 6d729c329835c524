"""The catalogue: every documented endpoint, once, with the names the docs give it.

The client's resources call these, the sandbox serves them, and the tests check the catalogue
against the docs' own endpoint table (docs/reference/REFERENCE.md §9, with the pages and
corrections of docs/reference/ADDENDUM.md §10), so a page added to the docs without a method
here fails a test.

Paths the docs show are used as shown.  Where the docs give only a navigation entry, the path
is our assumption of what the service most likely uses, in the style of its documented
siblings; each such endpoint says ``assumed=True``.  ``api_version`` is the value the endpoint's
page shows (3 on Price Fix, the Walletable and the E-Commerce pages, 2 elsewhere).

Where a service turns out to answer elsewhere, its settings correct the catalogue without a
code change: `parse_overrides` reads a table such as ``{"Walletable › Clear Basket":
"DELETE /partner/walletable/basket/clear"}`` into {catalogue endpoint: corrected endpoint}, which
``minted.Client(endpoint_overrides=…)`` calls and the sandbox can serve.  The catalogue stays
the one place that says what each endpoint is; an override only says where it is.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # template, "{name}" for path parameters
    docs: tuple[str, ...]  # "Section › Page title" as in REFERENCE.md §9
    api_version: int = 2
    assumed: bool = False
    reads_only: bool = False  # a POST that changes nothing (a quote, a lookup, a report)

    @property
    def writes(self) -> bool:
        """Whether a call can change state: what a read-only account may not do."""
        return self.method != "GET" and not self.reads_only

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def path_params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.path))

    @property
    def pattern(self) -> re.Pattern[str]:
        """Matches a concrete request path of this endpoint (one segment per parameter)."""
        regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        return re.compile(f"^{regex}$")

    def matches(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters if ``method path`` is a call of this endpoint, else None."""
        if method.upper() != self.method:
            return None
        match = self.pattern.match(path.split("?", 1)[0])
        return match.groupdict() if match else None

    def format_path(self, **params: str) -> str:
        missing = set(self.path_params) - params.keys()
        if missing:
            raise TypeError(f"{self.key} needs {', '.join(sorted(missing))}")
        return self.path.format(**{k: quote(str(v), safe="") for k, v in params.items()})


ALL: list[Endpoint] = []


def _endpoint(
    method: str,
    path: str,
    *docs: str,
    api_version: int = 2,
    assumed: bool = False,
    reads_only: bool = False,
):
    endpoint = Endpoint(method, path, docs, api_version, assumed, reads_only)
    ALL.append(endpoint)
    return endpoint


P = "Partner › "
W = "Walletable › "
E = "E-Com › "

# -- Price fix and digital buy/sell (Partner › Buy, Sell) ------------------------------------------
PRICE_FIX = _endpoint(
    "POST",
    "/partner/pricefix",
    P + "B2B2C From Amount – Price Fix (Get Prices)",
    P + "B2B2C From Total Price – Price Fix",
    P + "Partner B2B – Price Fix (Get Prices)",
    P + "Card Payment – Price Fix (Get Prices)",
    P + "Sell B2B2C – Price Fix",
    P + "Sell B2B – Price Fix",
    api_version=3,
    reads_only=True,
)
CALCULATE_PRICE = _endpoint(
    "POST",
    "/partner/pricefix/calculate",
    P + "B2B2C From Amount – Calculate Price",
    api_version=3,
    assumed=True,
    reads_only=True,
)
DIGITAL_BUY = _endpoint(
    "POST",
    "/partner/order/digital/buy",
    P + "B2B2C From Amount – Buy (Gold)",
    P + "B2B2C From Amount – Buy (Silver)",
    P + "B2B2C From Amount – Buy (Platinum)",
    P + "B2B2C From Total Price – Buy (Gold)",
    P + "B2B2C From Total Price – Buy (Silver)",
    P + "Partner B2B – Buy (Gold)",
    P + "Partner B2B – Buy (Silver)",
    P + "Card Payment – Buy (with card number)",
    P + "Card Payment – Buy (with card token)",
)
DIGITAL_SELL = _endpoint(
    "POST",
    "/partner/order/digital/sell",
    P + "Sell B2B2C – Sell (Gold)",
    P + "Sell B2B2C – Sell (Silver)",
    P + "Sell B2B – Sell (Gold)",
    P + "Sell B2B – Sell (Silver)",
)

# -- Card payment and card storage -----------------------------------------------------------------
PAYMENT_TYPES = _endpoint(
    "GET", "/partner/payment/types", P + "Card Payment – Payment Get All Types", assumed=True
)
BIN_QUERY = _endpoint(
    "POST",
    "/partner/payment/bin",
    P + "Card Payment – Bin Query (Installments/Comissions)",
    assumed=True,
    reads_only=True,
)
CARD_STORAGE_LIST = _endpoint(
    "POST", "/partner/card-storage/list", P + "Card Storage List", assumed=True, reads_only=True
)
CARD_STORAGE_ADD = _endpoint("POST", "/partner/card-storage", P + "Card Storage Add", assumed=True)
CARD_STORAGE_DELETE = _endpoint(
    "DELETE", "/partner/card-storage", P + "Card Storage Delete", assumed=True
)

# -- Customers and KYC -----------------------------------------------------------------------------
CUSTOMER_CREATE = _endpoint(
    "POST",
    "/partner/customer",
    P + "Create Customer",
    P + "Create Business Customer",
    W + "Create Customer",
)
CUSTOMER_UPDATE = _endpoint(
    "PATCH",
    "/partner/customer/{external_id}",
    P + "Update Customer",
    W + "Update Customer",
    assumed=True,
)
CUSTOMER_REMOVE_ID = _endpoint(
    "DELETE",
    "/partner/customer/{external_id}",
    P + "Remove Customer Id",
    W + "Remove Customer Id",
    assumed=True,
)
CUSTOMER_GET = _endpoint(
    "GET",
    "/partner/customer/{external_id}",
    P + "Get Customer",
    W + "Get Customer",
    E + "Get Customer",
)
CUSTOMER_ADDRESS_CREATE = _endpoint(
    "POST", "/partner/customer/address", E + "Customer Address – Create (Billing)", api_version=3
)
# ADDENDUM §4: the path and headers are documented, the body was not captured; assumed to be
# Create's body with a list: {external_customer_id, addresses: [...]}.
CUSTOMER_ADDRESS_CREATE_MULTI = _endpoint(
    "POST",
    "/partner/customer/address/createmulti",
    E + "Customer Address – Create Multiple",
    api_version=3,
)
KYC_GET = _endpoint(
    "GET", "/partner/customer/kyc/{external_id}", P + "Customer Wallet Kyc – Get", assumed=True
)
KYC_UPSERT = _endpoint(
    "POST", "/partner/customer/kyc", P + "Customer Wallet Kyc – Upsert", assumed=True
)
KYC_BULK_UPSERT = _endpoint(
    "POST", "/partner/customer/kyc/bulk", P + "Customer Wallet Kyc – Bulk Upsert", assumed=True
)

# -- Balances --------------------------------------------------------------------------------------
PARTNER_BALANCE = _endpoint("GET", "/partner/balance", P + "Partner Balance", assumed=True)
CUSTOMER_BALANCE = _endpoint(
    "GET", "/partner/balance/customer/{customer_external_id}", P + "Customer Balance"
)
CASH_BALANCE_UPDATE = _endpoint(
    "PATCH",
    "/partner/balance/customer/{customer_external_id}",
    P + "Update Customer Cash Balance",
    assumed=True,
)
STATS = _endpoint("POST", "/partner/balance/stats", P + "Stats", assumed=True, reads_only=True)
CUSTOMER_7D_STATS = _endpoint(
    "GET",
    "/partner/balance/customer/{customer_external_id}/stats",
    P + "Customer Balance 7d Stats",
    assumed=True,
)

# -- Delivery --------------------------------------------------------------------------------------
DELIVERY_WALLETS = _endpoint(
    "POST",
    "/partner/delivery/wallets",
    P + "Delivery – List Wallets",
    assumed=True,
    reads_only=True,
)
DELIVERY_CALCULATE = _endpoint(
    "POST", "/partner/delivery/calculate", P + "Delivery – Calculate", assumed=True, reads_only=True
)
DELIVERY_CREATE = _endpoint(
    "POST",
    "/partner/delivery/create",
    P + "Delivery – Create (Pay With Cash)",
    P + "Delivery – Create (Pay With Card Payment)",
)

# -- Products, orders, legal -----------------------------------------------------------------------
PRODUCT_PRICES = _endpoint("GET", "/partner/product/prices", P + "Product Prices", assumed=True)
ORDERS = _endpoint("GET", "/partner/orders", P + "Get Orders", assumed=True)
ORDER_STATUSES = _endpoint("GET", "/partner/orders/statuses", P + "Order Statusses", assumed=True)
# ADDENDUM §1: Card Payment – Get Order is this page again (api-4295600).
ORDER_GET = _endpoint(
    "GET", "/partner/order/{external_order_id}", P + "Get Order", P + "Card Payment – Get Order"
)
ORDER_FIND = _endpoint("POST", "/partner/order", P + "Get Order (Alternative)", reads_only=True)
ORDER_INVOICE = _endpoint(
    "GET", "/partner/order/{external_order_id}/invoice", W + "Get Order Invoice", api_version=3
)
PARTNER_LEGAL = _endpoint(
    "POST", "/partner/legal", P + "Partner Legal", assumed=True, reads_only=True
)

# -- Walletable e-commerce -------------------------------------------------------------------------
WALLETABLE_PRODUCTS = _endpoint(
    "GET", "/partner/walletable/products", W + "Get Products", api_version=3, assumed=True
)
CURRENCY_RATES = _endpoint(
    "GET", "/partner/walletable/currency-rates", W + "Currency Rates", api_version=3, assumed=True
)
RATE_HISTORY = _endpoint(
    "GET",
    "/partner/walletable/currency-rates/history",
    W + "Rate History",
    api_version=3,
    assumed=True,
)
BASKET_GET = _endpoint(
    "GET", "/partner/walletable/basket", W + "Get Active Basket", api_version=3, assumed=True
)
BASKET_ADD_ITEM = _endpoint(
    "POST",
    "/partner/walletable/basket",
    W + "Create Basket / Add Basket Item",
    api_version=3,
    assumed=True,
)
BASKET_UPDATE_ITEM = _endpoint(
    "PATCH", "/partner/walletable/basket", W + "Update Basket Item", api_version=3
)
BASKET_DELETE_ITEM = _endpoint(
    "DELETE", "/partner/walletable/basket", W + "Delete Basket Item", api_version=3
)
BASKET_CLEAR = _endpoint(
    "DELETE", "/partner/walletable/basket/empty", W + "Clear Basket", api_version=3, assumed=True
)
COMPLETE_BUY = _endpoint(
    "POST", "/partner/walletable/complete/buy", W + "Complete Buy", api_version=3
)
COMPLETE_SELL = _endpoint(
    "POST", "/partner/walletable/complete/sell", W + "Complete Sell", api_version=3, assumed=True
)
COMPLETE_DELIVERY = _endpoint(
    "POST", "/partner/walletable/complete/delivery", W + "Complete Delivery", api_version=3
)
WALLETABLE_ORDERS = _endpoint("GET", "/partner/walletable/orders", W + "Get Orders", api_version=3)
RECEIPT = _endpoint(
    "GET", "/partner/walletable/receipt/{order_id}", W + "Receipt", api_version=3, assumed=True
)
WALLET_BALANCE = _endpoint(
    "GET", "/partner/walletable/balance", W + "Balance / Wallet", api_version=3
)
SUMMARY_GET = _endpoint(
    "GET", "/partner/walletable/summary", W + "Get Summary", api_version=3, assumed=True
)
SUMMARY_POST = _endpoint(
    "POST",
    "/partner/walletable/summary",
    W + "Post Summary",
    api_version=3,
    assumed=True,
    reads_only=True,
)
SUMMARY_BUY = _endpoint(
    "POST",
    "/partner/walletable/summary/buy",
    W + "Summary Buy",
    api_version=3,
    assumed=True,
    reads_only=True,
)
SUMMARY_SELL = _endpoint(
    "POST",
    "/partner/walletable/summary/sell",
    W + "Summary Sell",
    api_version=3,
    assumed=True,
    reads_only=True,
)
SUMMARY_DELIVERY = _endpoint(
    "POST",
    "/partner/walletable/summary/delivery",
    W + "Summary Delivery",
    api_version=3,
    assumed=True,
    reads_only=True,
)
IMPORT_QUEUE = _endpoint(
    "POST", "/partner/walletable/import", W + "Import Queue", api_version=3, assumed=True
)
IMPORT_STATUS = _endpoint(
    "GET",
    "/partner/walletable/import/{import_id}",
    W + "Import Status",
    api_version=3,
    assumed=True,
)

# -- E-Commerce API (older catalogue/checkout; documented pages only) ------------------------------
ECOM_PRODUCTS = _endpoint("GET", "/partner/ecom/products", E + "Products", api_version=3)
ECOM_PRODUCT = _endpoint("GET", "/partner/ecom/product", E + "Get Product", api_version=3)
ECOM_BASKETS = _endpoint(
    "GET", "/partner/ecom/baskets", E + "Get Incomplete Baskets", api_version=3
)
ECOM_BASKET_CLEAR = _endpoint(
    "DELETE", "/partner/ecom/basket/empty", E + "Clear Basket (Delete Items)", api_version=3
)
ECOM_BASKET_COMPLETE = _endpoint(
    "PUT", "/partner/ecom/basket/complete", E + "Complete Basket", api_version=3
)
ECOM_ORDERS = _endpoint(
    "GET", "/partner/ecom/orders", E + "Get Orders", "Embedded › Get Orders", api_version=3
)
# ADDENDUM §2 and §3 (pages found after REFERENCE.md).  Get Order's page shows api-version 2.
ECOM_ORDER = _endpoint("POST", "/partner/ecom/getorder", E + "Get Order", reads_only=True)
ECOM_SET_ADDRESS = _endpoint(
    "PATCH", "/partner/ecom/basket/setaddress", E + "Set Custom Address", api_version=3
)

BY_DOC_NAME: dict[str, Endpoint] = {doc: ep for ep in ALL for doc in ep.docs}
BY_KEY: dict[str, Endpoint] = {ep.key: ep for ep in ALL}
# The constants above by name ("BASKET_CLEAR"): how code, and a settings file, can name one.
BY_CONSTANT: dict[str, Endpoint] = {
    name: value for name, value in list(globals().items()) if isinstance(value, Endpoint)
}
CONSTANT_OF: dict[Endpoint, str] = {ep: name for name, ep in BY_CONSTANT.items()}

Overrides = Mapping[Endpoint, Endpoint]
"""Corrections of the catalogue: each catalogue endpoint → the endpoint as a service really
serves it (its method, path or api-version corrected), as `parse_overrides` makes them."""


def find(name: str) -> Endpoint:
    """The catalogue endpoint a person names: a docs name (``"Walletable › Clear Basket"``, as
    in `Endpoint.docs`), a constant (``"BASKET_CLEAR"``) or a key
    (``"DELETE /partner/walletable/basket/empty"``).  `KeyError` with the nearest names else."""
    text = " ".join(str(name).split())
    found = BY_DOC_NAME.get(text) or BY_CONSTANT.get(text) or BY_KEY.get(text)
    if found is None:  # a docs name written with "-" or ">" for the docs' "–" and "›"
        loose = {_loose(n): ep for n, ep in BY_DOC_NAME.items()}
        found = loose.get(_loose(text))
    if found is None:
        known = [*BY_DOC_NAME, *BY_CONSTANT]
        near = difflib.get_close_matches(text, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise KeyError(f"no endpoint is called {text!r}{hint}")
    return found


def _loose(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("›", " ")).strip()


class EndpointOverrideError(ValueError):
    """Overrides that cannot be used; the message names every bad entry and why."""


def parse_override(endpoint: Endpoint, value: str) -> Endpoint:
    """``endpoint`` as ``"METHOD /path api-version=N"`` corrects it.  Any of the three parts may
    be left out to keep the catalogue's (``"api-version=3"``, ``"/partner/x/{id}"``).

    The corrected endpoint keeps the catalogue's docs names and ``assumed`` flag, and whether a
    call changes state: a read moved to POST stays a read (``reads_only``); a write may not
    become a GET (GETs are retried and allowed to read-only accounts).  Its path must name the
    same path parameters.  `EndpointOverrideError` says what is wrong."""
    method, path, version = endpoint.method, endpoint.path, endpoint.api_version
    parts = str(value).split()
    if not parts:
        raise EndpointOverrideError('is empty; write it as "METHOD /path"')
    for part in parts:
        if part.upper() in METHODS:
            method = part.upper()
        elif part.startswith("/"):
            path = part
        elif part.lower().startswith("api-version="):
            number = part.split("=", 1)[1]
            if not number.isdigit() or int(number) < 1:
                raise EndpointOverrideError(f"api-version must be a whole number, not {number!r}")
            version = int(number)
        else:
            raise EndpointOverrideError(
                f'{part!r} is not a method ({", ".join(METHODS)}), a path starting with "/" '
                "or api-version=N"
            )
    if not re.fullmatch(r"(/([A-Za-z0-9._~!$&'()*+,;=:@-]+|{\w+}))+/?", path):
        raise EndpointOverrideError(
            f"{path!r} is not a path: segments of letters, digits and -._~, or {{name}} "
            "parameters (no query string, no spaces)"
        )
    corrected = replace(
        endpoint,
        method=method,
        path=path,
        api_version=version,
        reads_only=not endpoint.writes and method != "GET",
    )
    if sorted(corrected.path_params) != sorted(endpoint.path_params):
        want = ", ".join(f"{{{p}}}" for p in endpoint.path_params) or "no parameters"
        got = ", ".join(f"{{{p}}}" for p in corrected.path_params) or "no parameters"
        raise EndpointOverrideError(
            f"the path must name {want}, as the catalogue's does; it has {got}"
        )
    if endpoint.writes and method == "GET":
        raise EndpointOverrideError(
            "it changes state, so it cannot be a GET (GETs are retried and allowed to read-only "
            "accounts)"
        )
    return corrected


def parse_overrides(table: Mapping[str, str] | Overrides | None) -> dict[Endpoint, Endpoint]:
    """Settings' ``[endpoints]`` table → `Overrides`.

    Keys name catalogue endpoints (see `find`: docs name, constant or key); values are
    ``"METHOD /path api-version=N"`` (see `parse_override`).  An already parsed mapping is
    checked and returned as is.  Corrections equal to the catalogue are dropped, so what is
    left is what really differs.  `EndpointOverrideError` lists every bad entry: an unknown
    name, a bad method or path, path parameters that differ from the catalogue's, two entries
    for one endpoint that disagree, or two endpoints that would answer the same call."""
    problems: list[str] = []
    parsed: dict[Endpoint, Endpoint] = {}
    named: dict[Endpoint, str] = {}
    for key, value in (table or {}).items():
        label = key.key if isinstance(key, Endpoint) else str(key)
        try:
            endpoint = key if isinstance(key, Endpoint) else find(str(key))
            if endpoint not in ALL:
                raise EndpointOverrideError("is not a catalogue endpoint")
            if isinstance(value, Endpoint):
                value = f"{value.method} {value.path} api-version={value.api_version}"
            corrected = parse_override(endpoint, value)
        except KeyError as exc:
            problems.append(str(exc.args[0]))
            continue
        except EndpointOverrideError as exc:
            problems.append(f"{label!r}: {exc}")
            continue
        if endpoint in parsed and parsed[endpoint] != corrected:
            problems.append(
                f"{label!r} and {named[endpoint]!r} are the same endpoint, corrected differently"
            )
            continue
        parsed[endpoint], named[endpoint] = corrected, label
    effective = {ep: parsed.get(ep, ep) for ep in ALL}
    reported: set[frozenset[Endpoint]] = set()
    for ep in parsed:
        for other in ALL:
            pair = frozenset((ep, other))
            if (
                other is not ep
                and pair not in reported
                and _overlap(effective[ep], effective[other])
            ):
                reported.add(pair)
                problems.append(
                    f"{named[ep]!r} as {effective[ep].key} would also answer calls of "
                    f"{other.docs[0]!r} ({effective[other].key})"
                )
    if problems:
        raise EndpointOverrideError("bad endpoint overrides: " + "; ".join(problems))
    return {ep: corrected for ep, corrected in parsed.items() if corrected != ep}


def _overlap(a: Endpoint, b: Endpoint) -> bool:
    """Whether one concrete call could be a call of both (same method, and every segment equal
    or a parameter in one of them)."""
    sa, sb = a.path.strip("/").split("/"), b.path.strip("/").split("/")
    return (
        a.method == b.method
        and len(sa) == len(sb)
        and all(
            x == y or x.startswith("{") or y.startswith("{") for x, y in zip(sa, sb, strict=True)
        )
    )


def describe(endpoint: Endpoint) -> str:
    """``"DELETE /partner/walletable/basket/clear api-version=3"``: what `parse_override`
    reads, so an override can be shown and written back."""
    return f"{endpoint.method} {endpoint.path} api-version={endpoint.api_version}"


def load_overrides(path: str | os.PathLike[str], table: str = "endpoints") -> dict[str, str]:
    """The ``[endpoints]`` table of a TOML file (``table`` may be dotted:
    ``"environments.staging.endpoints"``), for `parse_overrides`; {} if the file has none."""
    with open(path, "rb") as file:
        document: Any = tomllib.load(file)
    for name in table.split("."):
        document = document.get(name) if isinstance(document, dict) else None
    if document is None:
        return {}
    if not isinstance(document, dict) or not all(isinstance(v, str) for v in document.values()):
        raise EndpointOverrideError(f'[{table}] in {path} must map names to "METHOD /path"')
    return dict(document)


def resolve(
    method: str, path: str, overrides: Overrides | None = None
) -> tuple[Endpoint, dict[str, str]] | None:
    """Which catalogue endpoint a concrete call is, and its path parameters; with
    ``overrides``, calls are matched where the overrides moved their endpoints (and no longer
    where the catalogue has them)."""
    for endpoint in ALL:
        params = (overrides or {}).get(endpoint, endpoint).matches(method, path)
        if params is not None:
            return endpoint, params
    return None
