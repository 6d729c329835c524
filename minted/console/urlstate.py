"""The Orders page's view in its URL (plain, no Streamlit): filters, paging and the open
order, so a copied link opens the same view.

``encode`` writes a view as query parameters; ``decode`` reads them back, whatever a link
holds: a value it cannot use (an unknown status, a date that is no date, page 0 or ``1e400``)
is left out, and said, never a traceback.  ``decode(encode(view)) == view`` for every view.

| parameter | value | default |
|---|---|---|
| ``source`` | ``walletable`` or ``partner`` | walletable |
| ``status`` | status names, comma-separated (``Completed,Cancelled``) | any |
| ``type`` | ``buy``, ``sell``, ``delivery``, comma-separated | any |
| ``customer`` | a customer's external id | any |
| ``currency`` | ``TRY``, ``USD``, ``EUR``, ``GBP``, ``AED`` | any |
| ``from``, ``to`` | ``YYYY-MM-DD`` | the last 30 days |
| ``page``, ``rows`` | page from 1; rows 10, 25, 50 or 100 | 1, 10 |
| ``order`` | the open order's guid | none |
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

SOURCES = ("walletable", "partner")
TYPES = ("buy", "sell", "delivery")
CURRENCIES = ("TRY", "USD", "EUR", "GBP", "AED")
PAGE_SIZES = (10, 25, 50, 100)
MAX_PAGE = 100_000
DEFAULT_DAYS = 30
EARLIEST = date(2000, 1, 1)
MAX_TEXT = 100
KEYS = ("source", "status", "type", "customer", "currency", "from", "to", "page", "rows", "order")
WHOLE_NUMBER = re.compile(r"\d{1,7}")


def latest(today: date) -> date:
    """The last date a link may ask for (a year ahead: the date picker's own end)."""
    return today + timedelta(days=366)


@dataclass(frozen=True)
class OrdersView:
    start: date
    end: date
    source: str = "walletable"
    statuses: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    customer: str = ""
    currency: str = ""
    page: int = 1
    rows: int = PAGE_SIZES[0]
    order: str = ""

    def api_filters(self, status_ids: Mapping[str, int]) -> tuple:
        """The filters of an order list, as the cached reads take them (hashable, in the
        order the page always built them)."""
        filters = {
            "status": tuple(status_ids[s] for s in self.statuses if s in status_ids) or None,
            "tx_type": self.types or None,
            "customer_external_id": self.customer or None,
            "currency_code": self.currency or None,
            "start_date": self.start,
            "end_date": self.end,
        }
        return tuple((k, v) for k, v in filters.items() if v)


def chosen_filters(view: OrdersView) -> list[str]:
    """The filters set in ``view``, each as a person reads it (the dates and page are in
    view; see `formatting.filters_summary`)."""
    chosen = [
        ", ".join(view.statuses),
        ", ".join(view.types),
        f"customer {view.customer}" if view.customer else "",
        view.currency,
        f"{view.rows} rows a page" if view.rows != PAGE_SIZES[0] else "",
    ]
    return [text for text in chosen if text]


def default_view(today: date) -> OrdersView:
    return OrdersView(start=today - timedelta(days=DEFAULT_DAYS), end=today)


def encode(view: OrdersView) -> dict[str, str]:
    """The view as query parameters; defaults are left out, the dates always written (a link
    copied today shows today's dates when opened next week)."""
    params = {
        "source": view.source if view.source != "walletable" else "",
        "status": ",".join(view.statuses),
        "type": ",".join(view.types),
        "customer": view.customer,
        "currency": view.currency,
        "from": view.start.isoformat(),
        "to": view.end.isoformat(),
        "page": str(view.page) if view.page != 1 else "",
        "rows": str(view.rows) if view.rows != PAGE_SIZES[0] else "",
        "order": view.order,
    }
    return {k: v for k, v in params.items() if v}


def _names(value: str, known: Sequence[str], what: str, problems: list[str]) -> tuple[str, ...]:
    """Comma-separated names, matched to ``known`` whatever their case; unknown ones said."""
    by_folded = {k.casefold(): k for k in known}
    chosen: list[str] = []
    for raw in value.split(","):
        name = raw.strip()
        if not name:
            continue
        match = by_folded.get(name.casefold())
        if match is None:
            problems.append(f"Unknown {what} “{_short(name)}”: ignored.")
        elif match not in chosen:
            chosen.append(match)
    return tuple(chosen)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _date(value: str, what: str, today: date, problems: list[str]) -> date | None:
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"“{_short(value)}” is not a date (YYYY-MM-DD): the {what} date ignored.")
        return None
    if not EARLIEST <= parsed <= latest(today):
        problems.append(
            f"{parsed.isoformat()} is out of range ({EARLIEST.isoformat()} to "
            f"{latest(today).isoformat()}): the {what} date ignored."
        )
        return None
    return parsed


def _whole(value: str, what: str, low: int, high: int, problems: list[str]) -> int | None:
    text = value.strip()
    if not WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
        problems.append(f"The {what} “{_short(value)}” is not a whole number from {low} to {high}.")
        return None
    return int(text)


def decode(
    params: Mapping[str, str | Sequence[str]],
    *,
    today: date,
    statuses: Sequence[str] | None,
) -> tuple[OrdersView, list[str]]:
    """The view a link asks for, and a plain-text line for each value that was left out.
    ``statuses`` are the status names the service knows; None takes any name (when they could
    not be read, nothing is said about them)."""
    problems: list[str] = []
    got = {k: _last(params[k]) for k in KEYS if k in params}
    view = default_view(today)
    fields: dict = {}

    source = got.get("source", "").strip().lower()
    if source in SOURCES:
        fields["source"] = source
    elif source:
        problems.append(f"Unknown source “{_short(got['source'])}”: walletable orders shown.")
    if got.get("status", "").strip():
        if statuses is None:
            fields["statuses"] = tuple(
                dict.fromkeys(s.strip() for s in got["status"].split(",") if s.strip())
            )
        else:
            fields["statuses"] = _names(got["status"], statuses, "status", problems)
    if got.get("type", "").strip():
        fields["types"] = _names(got["type"], TYPES, "type", problems)
    customer = got.get("customer", "").strip()
    if len(customer) > MAX_TEXT:
        problems.append(f"The customer is longer than {MAX_TEXT} characters: ignored.")
    elif customer:
        fields["customer"] = customer
    currency = got.get("currency", "").strip().upper()
    if currency in CURRENCIES:
        fields["currency"] = currency
    elif currency:
        problems.append(f"Unknown currency “{_short(got['currency'])}”: ignored.")

    start = _date(got["from"], "from", today, problems) if "from" in got else None
    end = _date(got["to"], "to", today, problems) if "to" in got else None
    start, end = start or view.start, end or view.end
    if start > end:
        problems.append("The from date is after the to date: the two swapped.")
        start, end = end, start
    fields.update(start=start, end=end)

    if "page" in got:
        page = _whole(got["page"], "page", 1, MAX_PAGE, problems)
        if page is not None:
            fields["page"] = page
    if "rows" in got:
        rows = _whole(got["rows"], "rows per page", 1, max(PAGE_SIZES), problems)
        if rows is not None and rows not in PAGE_SIZES:
            problems.append(f"{rows} rows per page is not offered ({PAGE_SIZES}): {view.rows}.")
        elif rows is not None:
            fields["rows"] = rows
    order = got.get("order", "").strip()
    if len(order) > MAX_TEXT:
        problems.append(f"The order id is longer than {MAX_TEXT} characters: ignored.")
    elif order:
        fields["order"] = order
    return replace(view, **fields), problems


def _last(value: str | Sequence[str]) -> str:
    """A parameter given twice counts once, as its last value (as Streamlit reads it)."""
    if isinstance(value, str):
        return value
    return str(value[-1]) if value else ""
