"""One search box for any id (plain, no Streamlit): what a pasted text may be, the lookups
that find it, and the page that shows each record found.

What each id looks like (the docs' examples and the sandbox's):

| id | looks like | looked up with |
|---|---|---|
| order guid | ``F2A1…-…`` (a UUID) | Get Order (Alternative) by ``guid`` |
| order code | 8 letters/digits, ``FE9HURU6`` | Get Order (Alternative) by ``order_code`` |
| increment id | ``52214401357``; a basket's ``MC_66C7446E7F53E`` | Receipt (guid or increment id) |
| cart token | 32 letters/digits | E-Com Get Order, which needs the customer too |
| customer external id | 3–40 letters, digits, ``-``, ``_`` | Get Customer, as typed, upper, lower |
| your order id | anything | Get Order (Alternative) by ``external_id`` |

A text can look like several (``ABCD1234`` is a valid order code and a valid external id), so
every lookup it could be is tried, most specific first, and every record found is a choice.
The API looks customers up by exact external id only; names, e-mails and phones are searched
among the customers this console has seen (`minted.console.index`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from minted.console.index import CustomerIndex, Seen
from minted.errors import MintedError, NotFoundError, TransportError, UnprocessableEntityError

GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
ORDER_CODE = re.compile(r"[A-Za-z0-9]{8}")
INCREMENT_ID = re.compile(r"\d{6,20}|MC_[A-Za-z0-9]{6,30}", re.IGNORECASE)
CART_TOKEN = re.compile(r"[A-Za-z0-9]{32}")
EXTERNAL_ID = re.compile(r"[A-Za-z0-9_-]{3,40}")  # as Create Customer allows
MAX_TEXT = 200  # a pasted id is short; anything longer is not one

CUSTOMERS_PAGE = "pages/customers.py"
ORDERS_PAGE = "pages/orders.py"
BASKET_PAGE = "pages/basket.py"


@dataclass(frozen=True)
class Hit:
    """A record found: what it is, a plain-text label (data: escape it to show it), and the
    page and query parameters that open it."""

    kind: str  # "customer", "order" or "basket"
    label: str
    page: str
    params: tuple[tuple[str, str], ...]
    how: str  # e.g. "order code"

    @property
    def query(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class Attempt:
    what: str  # "order code FE9HURU6"
    outcome: str  # "found", "not found", "not tried: …" or "failed: …"


@dataclass
class Found:
    text: str
    hits: list[Hit] = field(default_factory=list)
    tried: list[Attempt] = field(default_factory=list)

    @property
    def failures(self) -> list[Attempt]:
        return [a for a in self.tried if a.outcome.startswith("failed")]

    def summary(self) -> str:
        """What was tried, one plain-text line per lookup (for the "nothing found" message)."""
        return "\n".join(f"{a.what}: {a.outcome}" for a in self.tried)


def lookups(text: str) -> list[str]:
    """The lookups a text could answer, most specific first (names from `LOOKUPS`)."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        return []
    kinds = []
    if GUID.fullmatch(text):
        kinds.append("order guid")
    if INCREMENT_ID.fullmatch(text):
        kinds.append("increment id")
    if ORDER_CODE.fullmatch(text):
        kinds.append("order code")
    if CART_TOKEN.fullmatch(text):
        kinds.append("cart token")
    if EXTERNAL_ID.fullmatch(text):
        kinds.append("customer external id")
    if not GUID.fullmatch(text):  # a guid was looked up as a guid already
        kinds.append("your order id")
    kinds.append("customer name, e-mail or phone")
    return kinds


def order_hit(order: Any, how: str) -> Hit:
    code = getattr(order, "order_code", None) or getattr(order, "increment_id", None)
    customer = getattr(order, "customer", None)
    parts = [
        f"Order {code or order.guid}",
        getattr(order, "tx_type", None) or getattr(order, "type", None),
        getattr(order, "status_name", None),
        customer.external_id if customer is not None else None,
    ]
    return Hit(
        "order",
        " · ".join(str(p) for p in parts if p),
        ORDERS_PAGE,
        (("order", order.guid),),
        how,
    )


def customer_hit(seen: Seen, how: str) -> Hit:
    label = f"Customer {seen.external_id}" + (f" · {seen.name}" if seen.name else "")
    return Hit("customer", label, CUSTOMERS_PAGE, (("customer", seen.external_id),), how)


def basket_hit(basket: Any, external_id: str, side: str) -> Hit:
    side = basket.type if basket.type in ("buy", "sell", "delivery") else side
    return Hit(
        "basket",
        f"Open {side} basket of {external_id}",
        BASKET_PAGE,
        (("customer", external_id), ("side", side)),
        "cart token",
    )


class _Stop(Exception):
    """The service could not be reached: the remaining lookups would only wait too."""


def find(
    client: Any,
    text: str,
    index: CustomerIndex,
    *,
    recent: Iterable[str] = (),
    limit: int = 10,
) -> Found:
    """Every record ``text`` may name, and what was tried.  ``client`` is a `minted.Client`
    (its calls are read-only); ``recent`` are customers this session opened, whose baskets
    are also asked for a cart token the index has not seen."""
    text = (text or "").strip()
    found = Found(text)
    if not text:
        return found
    if len(text) > MAX_TEXT:
        found.tried.append(Attempt("the text", f"not tried: longer than {MAX_TEXT} characters"))
        return found
    stopped = False

    def attempt(what: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        nonlocal stopped
        if stopped:
            found.tried.append(Attempt(what, "not tried: the service could not be reached"))
            return None
        try:
            result = call(*args, **kwargs)
        except (NotFoundError, UnprocessableEntityError):
            found.tried.append(Attempt(what, "not found"))
            return None
        except TransportError as error:
            stopped = True
            found.tried.append(Attempt(what, f"failed: {error.message}"))
            return None
        except MintedError as error:
            found.tried.append(Attempt(what, f"failed: {error.message}"))
            return None
        found.tried.append(Attempt(what, "found"))
        return result

    def add(hit: Hit) -> None:
        if all((h.page, h.params) != (hit.page, hit.params) for h in found.hits):
            found.hits.append(hit)

    for kind in lookups(text):
        if kind == "order guid":
            order = attempt(f"order guid {text}", client.orders.find, guid=text.upper())
            if order is not None:
                index.note(order.customer)
                add(order_hit(order, kind))
        elif kind == "increment id":
            wanted = "MC_" + text[3:] if text[:3].upper() == "MC_" else text
            order = attempt(f"increment id {wanted}", client.orders.receipt, wanted)
            if order is not None:
                index.note(order.customer)
                add(order_hit(order, kind))
        elif kind == "order code":
            code = text.upper()
            order = attempt(f"order code {code}", client.orders.find, order_code=code)
            if order is not None:
                index.note(order.customer)
                add(order_hit(order, kind))
        elif kind == "cart token":
            owners = cart_owners(text, index, recent)
            if not owners:
                found.tried.append(Attempt(f"cart token {text}", NO_OWNER))
            for external_id, side in owners:
                basket = attempt(
                    f"cart token {text} of customer {external_id}",
                    client.ecom.get_order,
                    external_id,
                    text,
                )
                if basket is not None:
                    index.note(basket.customer)
                    if basket.is_basket:
                        index.note_cart(text, external_id, basket.type or side)
                        add(basket_hit(basket, external_id, side))
                    else:
                        add(order_hit(basket, kind))
                    break
        elif kind == "customer external id":
            variants = list(
                dict.fromkeys([*index.ids_like(text), text, text.upper(), text.lower()])
            )
            for variant in variants:
                customer = attempt(f"customer external id {variant}", client.customers.get, variant)
                if customer is not None:
                    index.note(customer)
                    add(customer_hit(index.get(customer.external_id) or Seen(variant), kind))
                    break
        elif kind == "your order id":
            order = attempt(
                f"order by your external id {text}", client.orders.find, external_id=text
            )
            if order is not None:
                index.note(order.customer)
                add(order_hit(order, kind))
        else:
            matches = index.search(text, limit=limit)
            what = (
                f"names, e-mails and phones of the {len(index)} customer(s) this console has seen"
            )
            found.tried.append(
                Attempt(what, f"{len(matches)} match(es)" if matches else "no match")
            )
            for seen in matches:
                add(customer_hit(seen, "name, e-mail or phone"))
    found.hits = found.hits[:limit]
    return found


NO_OWNER = (
    "not tried: the API finds a cart token only with its customer, and this console has not "
    "seen this one (open the customer first)"
)


def cart_owners(token: str, index: CustomerIndex, recent: Iterable[str]) -> list[tuple[str, str]]:
    """Whose basket a cart token may be: the customer the index saw it with, else each of
    the (at most five) customers this session opened last."""
    known = index.cart(token)
    if known:
        return [known]
    return [(r, "buy") for r in list(dict.fromkeys(recent))[:5]]
