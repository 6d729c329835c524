"""The request journal: every call the client makes, redacted, and replayable as curl.

What is kept is what a support engineer needs to explain a call to someone else: when, where,
what was sent, what came back and how long it took.  What is never kept: the Authorization
header (headers are kept from an allow-list), passwords, card numbers and CVVs (masked by key),
and any registered secret wherever it appears in a body (masked by value).
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from minted import _json

MASK = "***"
SAFE_HEADERS = ("x-client-id", "api-version", "accept-language", "content-type")
# Keys whose values never enter the journal, compared without case or separators, so that
# cardNumber, card-number and CARD_NUMBER are all card_number; card numbers keep their last
# four digits.
SECRET_KEYS = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "clientsecret",
        "cardcvv",
        "cvv",
        "cvv2",
        "cvc",
        "cvc2",
        "securitycode",
        "cardnumber",
        "pan",
        "authorization",
        "apikey",
    }
)
CARD_KEYS = frozenset({"cardnumber", "pan"})
# Card numbers in free text or a bare JSON number, whatever the key: a run of digits (up to
# three spaces or dashes between two allowed) is masked but its last four when it could hold
# a card: it is 13–19 digits that pass the Luhn check, or it holds 13–19 digits in a row that
# pass it and start as a card scheme's numbers do -- a card pasted with its CVV or expiry after
# it ("4111111111111111123"), or two written together.  (The schemes' prefixes keep a number
# such as a receipt's 20261207-000311 from being taken for one more often than the Luhn check
# alone takes it.)  A run longer than 64 digits is masked without looking: nobody reads it,
# and looking is work.  A UUID is left whole: an order's guid is an identifier a support
# engineer copies, and about one random guid in two hundred holds a run of digits, across
# its dashes, that passes for a card ("…-B003-123456789012"; 973 of 200,000 drawn).
_UUID = r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])"
_UUID_OR_DIGIT_RUN = re.compile(rf"(?P<uuid>{_UUID})|(?<!\d)\d(?:[ -]{{0,3}}\d){{12,}}")
_CARD_STARTS = (
    "4",  # Visa
    *("51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27"),  # Mastercard
    *("34", "37", "30", "36", "38", "35"),  # Amex, Diners, JCB
    "6",  # Discover, UnionPay, Maestro
    "9792",  # Troy
)
_CARD_LENGTHS = range(13, 20)
_LONGEST_LOOKED_AT = 64
MAX_BODY_CHARS = 20_000


@functools.lru_cache(maxsize=4096)  # an answer's keys repeat in every item
def _key(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def redact(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a JSON-like value with secret keys masked, card numbers masked wherever they
    appear, and secret values blanked out."""
    return _redact(value, _forms(secrets), None, 0)


def redact_clipped(value: Any, secrets: Iterable[str] = (), size: int | None = None) -> Any:
    """What the journal keeps of a body: ``clip_body(redact(value, secrets))``, made without
    redacting what clipping throws away.

    ``size`` is the body's length as JSON text where the caller knows it (an answer's bytes).
    A body that big or bigger than `MAX_BODY_CHARS` is kept as `clip_body` keeps a long tree:
    its lists' first items, its long strings cut.  Only those kept items are redacted here,
    each string whole before it is cut, so what is kept is exactly what redacting the whole
    body and then shortening it keeps (tests/test_journal.py checks it for any body): a
    secret is a key's value or lies inside one string, never across items, and no secret is
    ever cut before it is masked.  Where even that is too long, the whole body is redacted
    and its text cut, as `clip_body` does.  (Unlike ``clip_body(redact(…))``, a big body is
    shortened even when masking its secrets would have brought it under the limit.)"""
    if value is None:
        return None
    if isinstance(value, str):
        return clip_body(redact(value, secrets))
    forms = _forms(secrets)
    if size is None:
        size = len(_json.dumps(value))
    if size > MAX_BODY_CHARS:
        shortened = _redact(value, forms, _SHORT_ITEMS, _SHORT_CHARS)
        if len(_json.dumps(shortened)) <= MAX_BODY_CHARS:
            return shortened
    return clip_body(_redact(value, forms, None, 0))


def _forms(secrets: Iterable[str]) -> tuple[str, ...]:
    """Each secret as it is and as it looks in a URL, longest first."""
    forms = {form for s in secrets if s for form in (s, quote(s, safe=""), quote(s))}
    return tuple(sorted(forms, key=len, reverse=True))


def _redact(value: Any, forms: tuple[str, ...], items: int | None, chars: int) -> Any:
    """`redact`; with ``items``, also `_shorten`: a list keeps its first ``items`` (only
    those are redacted) and a string is cut to ``chars`` after it is redacted whole."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if _key(key) in SECRET_KEYS and item not in (None, ""):
                masked = _mask_card(item) if _key(key) in CARD_KEYS else MASK
                out[key] = _cut(masked, chars) if items is not None else masked
            else:
                out[key] = _redact(item, forms, items, chars)
        return out
    if isinstance(value, list):
        if items is None:
            return [_redact(item, forms, None, 0) for item in value]
        return _first_items(value, items, lambda item: _redact(item, forms, items, chars))
    if isinstance(value, str):
        text = _mask_card_runs(_scrub(value, forms))
        return _cut(text, chars) if items is not None else text
    if type(value) is int and abs(value) >= 10**12 and _holds_card(str(abs(value))):
        return _mask_card(value)  # a card number sent as a JSON number
    return value


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret blanked, as it is and as it looks in a URL."""
    return _scrub(text, _forms(secrets))


def _scrub(text: str, forms: tuple[str, ...]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def _mask_card(number: Any) -> str:
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    return "*" * max(len(digits) - 4, 0) + digits[-4:] if len(digits) >= 10 else MASK


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _holds_card(digits: str) -> bool:
    if len(digits) > _LONGEST_LOOKED_AT:
        return True
    if len(digits) in _CARD_LENGTHS and _luhn(digits):
        return True
    return any(
        digits.startswith(_CARD_STARTS, start) and _luhn(digits[start : start + length])
        for length in _CARD_LENGTHS
        for start in range(len(digits) - length + 1)
    )


def _mask_card_runs(text: str) -> str:
    if len(text) < 13:  # too short to hold a card number
        return text

    def mask(match: re.Match[str]) -> str:
        if match.group("uuid"):
            return match.group()
        digits = re.sub(r"\D", "", match.group())
        return _mask_card(digits) if _holds_card(digits) else match.group()

    return _UUID_OR_DIGIT_RUN.sub(mask, text)


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: datetime  # timezone-aware, when the call started
    environment: str
    method: str
    url: str  # full URL with query string
    path: str  # path with query string, what a person reads
    status: int | None  # None when no HTTP answer came back
    duration_ms: float
    retries: int
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: Any = None
    response_body: Any = None
    error: str | None = None
    username: str | None = None
    tag: str | None = None  # who made the call (the console's browser session)
    endpoint: str | None = None  # the catalogue's key, "DELETE /partner/walletable/basket/empty"
    # When settings corrected the endpoint: how it was sent instead, as `endpoints.describe`
    # writes it ("DELETE /partner/walletable/basket/clear api-version=3").
    override: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and self.error is None

    def to_curl(self, password_variable: str = "MINTED_PASSWORD") -> str:
        """The call as a curl command; the password is left to a shell variable."""
        lines = [f"curl --location --request {self.method} {_quote(self.url)}"]
        if self.username is not None:
            user = self.username.replace("\\", "\\\\").replace('"', '\\"')
            user = user.replace("$", "\\$").replace("`", "\\`")
            lines.append(f'--digest --user "{user}:${{{password_variable}}}"')
        for name, value in self.request_headers.items():
            lines.append(f"--header {_quote(f'{name}: {value}')}")
        if self.request_body is not None:
            lines.append(f"--data-raw {_quote(_json.dumps(self.request_body))}")
        return " \\\n  ".join(lines)


def _quote(text: str) -> str:
    """Single-quoted for a POSIX shell, always (as the docs' own curl samples are)."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


class Journal:
    """A bounded, thread-safe log of calls, newest last."""

    def __init__(self, maxlen: int = 2_000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def add(self, entry: JournalEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries())


def clip_body(body: Any) -> Any:
    """Large responses are kept cut, so the journal stays small: long lists keep their
    first items and say how many more there were, so what is kept is still JSON a person
    can read as a tree; what is still too big is kept as cut text."""
    if body is None:
        return None
    text = body if isinstance(body, str) else _json.dumps(body)
    if len(text) <= MAX_BODY_CHARS:
        return body
    if not isinstance(body, str):
        shortened = _shorten(body)
        if len(_json.dumps(shortened)) <= MAX_BODY_CHARS:
            return shortened
    return text[:MAX_BODY_CHARS] + f"… [{len(text) - MAX_BODY_CHARS} more characters]"


# What a long tree keeps: a list's first items, a string's start.
_SHORT_ITEMS, _SHORT_CHARS = 5, 500


def _shorten(value: Any, items: int = _SHORT_ITEMS, chars: int = _SHORT_CHARS) -> Any:
    if isinstance(value, dict):
        return {k: _shorten(v, items, chars) for k, v in value.items()}
    if isinstance(value, list):
        return _first_items(value, items, lambda v: _shorten(v, items, chars))
    if isinstance(value, str):
        return _cut(value, chars)
    return value


def _first_items(values: list, items: int, each: Callable[[Any], Any]) -> list:
    """A list's first ``items``, each through ``each``, and a note of how many are left out."""
    kept = [each(v) for v in values[:items]]
    return kept + ([f"… {len(values) - items} more items"] if len(values) > items else [])


def _cut(text: str, chars: int) -> str:
    return text[:chars] + f"… [{len(text) - chars} more characters]" if len(text) > chars else text
