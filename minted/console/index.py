"""The customers this console server has seen, to find them again by name, e-mail or phone
(plain, no Streamlit; the console keeps one per environment, see `session.customer_index`).

The API finds a customer only by the partner's external id, exactly as written.  A support
engineer often has a name, an e-mail address or a phone number instead; every customer the
console reads (a lookup, the customer on an order, a basket's owner) is noted here, so those
can be found among the customers seen so far.  It is a memory of what was read, not a
directory: a customer no page has shown since the server started is not in it, and the
search box says so.  Cart tokens seen are kept with their customer too: the API looks a cart
token up only together with its customer.

Thread-safe (every browser session of a server shares it) and bounded: the oldest entries
make room for new ones.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

MAX_CUSTOMERS = 20_000
MAX_CARTS = 20_000
MIN_QUERY = 2  # fewer characters match too much to be useful
PHONE = re.compile(r"[\d\s+()./-]+")


@dataclass(frozen=True)
class Seen:
    """What the index keeps of a customer: enough to find and name them, nothing more."""

    external_id: str
    name: str = ""
    email: str = ""
    phone: str = ""


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Ayşe ÇELİK`` and ``ayse celik`` match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def seen_from(customer: Any) -> Seen | None:
    """A `Seen` from a `minted.models.Customer` (or anything with its attributes)."""
    external_id = getattr(customer, "external_id", None)
    if not external_id or not isinstance(external_id, str):
        return None
    name = getattr(customer, "display_name", None) or ""
    if name == external_id:
        name = ""
    return Seen(
        external_id,
        name=str(name),
        email=str(getattr(customer, "email", None) or ""),
        phone=str(getattr(customer, "phone", None) or ""),
    )


class CustomerIndex:
    def __init__(self, max_customers: int = MAX_CUSTOMERS, max_carts: int = MAX_CARTS) -> None:
        self._lock = threading.Lock()
        self._customers: OrderedDict[str, Seen] = OrderedDict()  # by external id, as written
        self._carts: OrderedDict[str, tuple[str, str]] = OrderedDict()  # token → (id, side)
        self._max_customers = max_customers
        self._max_carts = max_carts

    def __len__(self) -> int:
        with self._lock:
            return len(self._customers)

    # -- noting what was read -------------------------------------------------------------------
    def note(self, customer: Any) -> None:
        """A customer was read: keep (or refresh) what the index knows of them.  An embedded
        customer without a name or e-mail does not wipe what a full lookup gave."""
        seen = customer if isinstance(customer, Seen) else seen_from(customer)
        if seen is None:
            return
        with self._lock:
            old = self._customers.pop(seen.external_id, None)
            if old is not None:
                seen = Seen(
                    seen.external_id,
                    name=seen.name or old.name,
                    email=seen.email or old.email,
                    phone=seen.phone or old.phone,
                )
            self._customers[seen.external_id] = seen
            while len(self._customers) > self._max_customers:
                self._customers.popitem(last=False)

    def note_orders(self, orders: Any) -> None:
        """The customers of a list of orders (those with one: partner B2B orders have none)."""
        for order in orders or ():
            customer = getattr(order, "customer", None)
            if customer is not None:
                self.note(customer)

    def note_cart(self, cart_token: str | None, external_id: str, side: str = "buy") -> None:
        if not cart_token or not external_id:
            return
        with self._lock:
            self._carts.pop(cart_token, None)
            self._carts[cart_token] = (external_id, side)
            while len(self._carts) > self._max_carts:
                self._carts.popitem(last=False)

    def forget(self, external_id: str) -> None:
        """The external id was removed: it no longer finds this customer."""
        with self._lock:
            self._customers.pop(external_id, None)

    # -- finding ---------------------------------------------------------------------------------
    def ids_like(self, text: str) -> list[str]:
        """The external ids seen that are ``text`` but for letter case (as written by the API)."""
        wanted = text.strip().casefold()
        with self._lock:
            return [i for i in self._customers if i.casefold() == wanted]

    def cart(self, cart_token: str) -> tuple[str, str] | None:
        """(customer's external id, basket side) of a cart token seen, or None."""
        with self._lock:
            return self._carts.get(cart_token.strip())

    def get(self, external_id: str) -> Seen | None:
        with self._lock:
            return self._customers.get(external_id)

    def search(self, text: str, limit: int = 10) -> list[Seen]:
        """Customers whose name, e-mail or phone contains ``text`` (case and accents ignored;
        a phone matches on its digits, whatever spaces or ``+`` either side has), the most
        recently seen first.  Fewer than two characters find nothing."""
        query = fold(text.strip())
        if len(query) < MIN_QUERY:
            return []
        query_digits = digits(text)
        phone_like = len(query_digits) >= 4 and PHONE.fullmatch(text.strip()) is not None
        with self._lock:
            entries = list(reversed(self._customers.values()))
        found = []
        for seen in entries:
            if (
                query in fold(seen.name)
                or query in fold(seen.email)
                or (phone_like and query_digits in digits(seen.phone))
            ):
                found.append(seen)
                if len(found) >= limit:
                    break
        return found


def pushed(recent: list[str], external_id: str, limit: int = 8) -> list[str]:
    """A recently-opened list with ``external_id`` first, each id once, at most ``limit``."""
    first = [external_id] if external_id else []
    return list(dict.fromkeys([*first, *recent]))[:limit]
