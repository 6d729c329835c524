"""Session to script: the calls of a journal (a browser session's API log) as a runnable Python
script that makes the same calls again with `minted`, against the sandbox or staging.

    from minted.session_script import session_script
    text = session_script(client.journal.entries())   # or the API log page's download
    # MINTED_USERNAME=… MINTED_PASSWORD=… MINTED_BASE_URL=http://127.0.0.1:8765 python replay.py

What the script does, and the choices it makes:

- Each call is sent with ``client.request(endpoint, path_params=…, params=…, body=…)`` at the
  same catalogue endpoint, with the same path parameters, query and body as in the session
  (money as ``Decimal("559.40")``, so the same digits go out).  Endpoints the session's
  environment had overridden are overridden the same way (``OVERRIDES`` at the top).
- Credentials come from the environment: ``MINTED_USERNAME``, ``MINTED_PASSWORD``,
  ``MINTED_BASE_URL`` (needed for the sandbox, which has no fixed address) and
  ``MINTED_ENVIRONMENT`` (default: ``environment``).  The journal never kept a secret, and
  the script never holds one: where a body had a masked value (a card number kept as
  ``************1111``, a CVV or password kept as ``***``), the script reads it from a
  variable named after the field (``MINTED_SECRET_CARD_NUMBER_1111``, ``MINTED_SECRET_CVV``)
  and its header says which variable stands for what.  It checks every variable before the
  first call.
- Values the service gave the session will differ on another server: a ``cart_token`` from
  Add Basket Item used by Complete Buy, a price token from Price Fix, an order's guid.  A value
  of a later request that first appeared in an earlier answer and looks like an identifier (an
  ``…id``, ``…token`` or ``…code`` field, or a string with digits or of 16 characters or more;
  never a value the session itself had sent before) is taken from this run's answer at the
  same place: ``replay.answer(2, "token")``.  From a read's answer (an order picked from a
  list) it is ``replay.answer(4, "data", 1, "guid", was="2C72…")``: the session's value while
  this run's answer still holds it anywhere (the same server, its list grown since), else the
  value at the same place (a fresh sandbox: the same demo data under new ids).  Answers the
  journal kept cut (long lists keep their first five items) give only what they kept.
- Calls that failed in the session with a 4xx are sent again and expected to fail with the
  same status.  Calls whose outcome depended on the moment rather than on the call (no answer,
  refused before sending, 401, 408, 429, 5xx) are skipped, each with a comment saying why.
- One line is printed per call; the script stops at the first call whose outcome differs from
  the session's (later calls usually need its answer), says why on stderr and exits 1; 2 when
  a variable is missing; 0 when every call went as in the session.

Writes are sent again, so run it where that is wanted: a fresh sandbox, or staging.  The
client's environment guard still refuses writes on production.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, unquote

from minted import _json
from minted import endpoints as ep
from minted.endpoints import Endpoint
from minted.environments import environment as environment_of
from minted.journal import MASK, JournalEntry

# Outcomes that say more about the moment than about the call: such calls are not replayed.
MOMENTARY_STATUSES = frozenset({401, 408, 429})
_WIDTH = 99  # the repo's line length, so a generated script reads like the rest
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}|^\d{2}-\d{2}-\d{4}")
_CARD_MASK = re.compile(r"^\*+(\d{4})$")


class _Expr(str):
    """Python source to write as it is (not as a string literal)."""


@dataclass
class _Call:
    number: int
    entry: JournalEntry
    endpoint: Endpoint | None = None
    path_params: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    expect: int | None = None  # the failure status the session saw; None: it succeeded
    skip: str | None = None  # why it is not replayed


def session_script(entries: Iterable[JournalEntry], *, environment: str = "sandbox") -> str:
    """A self-contained Python script that replays ``entries`` (oldest first, whatever order
    they come in) with `minted`, calling ``environment`` unless ``MINTED_ENVIRONMENT`` says
    otherwise.  See the module's docstring for what it does with secrets, values the service
    gave and failed calls."""
    environment = environment_of(environment).name
    entries = sorted(entries, key=lambda e: e.id)
    calls = [_Call(number, entry) for number, entry in enumerate(entries, 1)]
    secrets: dict[str, str] = {}  # variable -> what it stands for
    secret_calls: dict[str, list[int]] = {}
    sent: set[str] = set()  # every value the session sent so far, as text
    # value -> (call, where in its answer, its type, whether the call was a read)
    given: dict[str, tuple[int, tuple[Any, ...], type, bool]] = {}
    overrides: dict[str, str] = {}

    for call in calls:
        _plan(call)
        if call.skip:
            continue
        if call.entry.override and call.endpoint is not None:
            overrides[call.endpoint.key] = call.entry.override

        def leaf(value: Any, key: str, call: _Call = call) -> Any:
            if isinstance(value, str) and MASK in value:
                name = _secret_variable(key, value)
                card = _CARD_MASK.match(value)
                what = f"the card number ending {card.group(1)}" if card else "a masked value"
                secrets.setdefault(name, f"{what} sent as {_string(key)}")
                secret_calls.setdefault(name, []).append(call.number)
                return _Expr(f"SECRETS[{_string(name)}]")
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                text = str(value)
                source = given.get(text)
                if isinstance(value, int) and not _named_like_an_id(key):
                    source = None  # a number sent as an amount is not an id that matched
                if source is not None and source[0] < call.number:
                    number, where, kind, read = source
                    args = [_literal_of(a) for a in (number, *where)]
                    if read:  # on the same server it may still be there, elsewhere in a list
                        args.append(f"was={_literal_of(kind(value))}")
                    ref = f"replay.answer({', '.join(args)})"
                    if isinstance(value, str) and kind is not str:
                        ref = f"str({ref})"
                    elif not isinstance(value, str) and kind is str:
                        return value  # an int where the answer had text: not the same value
                    return _Expr(ref)
                sent.add(text)
            return value

        call.path_params = {k: leaf(v, k) for k, v in call.path_params.items()}
        call.params = {k: leaf(v, k) for k, v in call.params.items()}
        call.body = _map_leaves(call.body, leaf, "body")
        if call.expect is None and call.endpoint is not None:
            read = call.entry.method == "GET"
            for where, key, value in _leaves(_data_of(call.entry.response_body), ()):
                text = str(value)
                if _identifier_like(key, value) and text not in sent and text not in given:
                    given[text] = (call.number, where, type(value), read)

    return _render(calls, environment, secrets, secret_calls, overrides)


# -- reading the journal ---------------------------------------------------------------------
def _plan(call: _Call) -> None:
    entry = call.entry
    catalogued = ep.BY_KEY.get(entry.endpoint or "")
    sent_as = catalogued
    if catalogued is not None and entry.override:
        try:
            sent_as = ep.parse_override(catalogued, entry.override)
        except ep.EndpointOverrideError:
            sent_as = None
    path, _, query = entry.path.partition("?")
    params = sent_as.matches(entry.method, path) if sent_as is not None else None
    if params is None:  # an entry without its endpoint: find it by what was sent
        found = ep.resolve(entry.method, path)
        catalogued, params = found if found is not None else (None, None)
    call.endpoint = catalogued
    if entry.status is None:
        call.skip = f"it got no answer in the session ({entry.error or 'no HTTP status'})"
    elif entry.status in MOMENTARY_STATUSES or entry.status >= 500:
        call.skip = f"HTTP {entry.status} in the session: an outcome of the moment, not the call"
    elif catalogued is None or params is None:
        call.skip = f"{entry.method} {path} is no endpoint of the catalogue"
    if call.skip or params is None:
        return
    call.path_params = {k: unquote(v) for k, v in params.items()}
    call.params = dict(parse_qsl(query, keep_blank_values=True))
    # As sent: dates and enums become their JSON text, numbers with a point exact Decimals.
    body = entry.request_body
    call.body = None if body is None else _json.loads(_json.dumps(body))
    if not entry.ok:
        call.expect = entry.status


def _data_of(response_body: Any) -> Any:
    if isinstance(response_body, dict) and "success" in response_body:
        return response_body.get("data")
    return None


def _leaves(value: Any, where: tuple[Any, ...], key: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*where, k), str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*where, i), key)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        yield where, key, value


def _map_leaves(value: Any, fn, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _map_leaves(v, fn, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_leaves(v, fn, key) for v in value]
    return fn(value, key)


def _identifier_like(key: str, value: str | int) -> bool:
    """A value the service made up for this session (a token, an id, a code), not a word or a
    number that could be anything."""
    named = _named_like_an_id(key)
    if isinstance(value, int):
        return named and abs(value) >= 100
    if len(value) < 6 or any(ch.isspace() for ch in value) or _DATE.match(value):
        return False
    return named or any(ch.isdigit() for ch in value) or len(value) >= 16


def _named_like_an_id(key: str) -> bool:
    name = re.sub(r"[^a-z0-9]", "", key.lower())
    return name.endswith(("id", "token", "guid", "uuid", "code", "ref", "reference", "number"))


def _secret_variable(key: str, masked: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    name = re.sub(r"[^A-Za-z0-9]+", "_", snake).strip("_").upper() or "VALUE"
    card = _CARD_MASK.match(masked)
    return f"MINTED_SECRET_{name}" + (f"_{card.group(1)}" if card else "")


# -- writing Python --------------------------------------------------------------------------
def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a Python string literal


def _literal_of(value: Any) -> str:
    if isinstance(value, _Expr):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Decimal):
        return f"Decimal({_string(_json.decimal_literal(value))})"
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} in a script")


def _comment(text: str) -> str:
    """One line of a comment, whatever the journal held (an error's text may span lines)."""
    return " ".join(str(text).split())


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return _literal_of(value)


def _literal(value: Any, indent: int, used: int = 0) -> str:
    """``value`` as Python source on a line indented ``indent`` with ``used`` characters
    before it: on one line when it fits, else one item a line (as ruff would format it)."""
    if not isinstance(value, (dict, list)) or not value:
        return _flat(value)
    if isinstance(value, dict):
        items = [(f"{_string(str(k))}: ", v) for k, v in value.items()]
        opening, closing = "{", "}"
    else:
        items = [("", v) for v in value]
        opening, closing = "[", "]"
    flat = _flat(value)
    if indent + used + len(flat) + 1 <= _WIDTH:
        return flat
    pad = " " * (indent + 4)
    lines = [f"{pad}{p}{_literal(v, indent + 4, len(p))}," for p, v in items]
    return opening + "\n" + "\n".join(lines) + "\n" + " " * indent + closing


def _render(
    calls: list[_Call],
    environment: str,
    secrets: dict[str, str],
    secret_calls: dict[str, list[int]],
    overrides: dict[str, str],
) -> str:
    replayed = [c for c in calls if not c.skip]
    entries = [c.entry for c in calls]
    when = ""
    if entries:
        first, last = entries[0].at, entries[-1].at
        when = f", {first:%Y-%m-%d %H:%M}–{last:%H:%M} UTC"
    made_on = sorted({e.environment for e in entries}) or [environment]
    languages = Counter(e.request_headers.get("Accept-Language") for e in entries)
    language = next((lang for lang, _ in languages.most_common() if lang), "tr")
    client_ids = Counter(e.request_headers.get("x-client-id") for e in entries)
    client_id = next((cid for cid, _ in client_ids.most_common() if cid), "web")
    variables = "\n".join(
        f"    {name}: {what} (call{'s' if len(secret_calls[name]) > 1 else ''} "
        f"{', '.join(map(str, sorted(set(secret_calls[name]))))})"
        for name, what in secrets.items()
    )
    out = [
        "#!/usr/bin/env python3",
        f'"""Replays {len(calls)} call(s) of a Minted Connect Console session '
        f"({', '.join(made_on)}{when}).",
        "",
        "Made by minted.session_script: the same endpoints, path parameters, query and bodies, in",
        "the same order, through `minted.Client.request`.  Run it where `minted` is installed:",
        "",
        "    MINTED_USERNAME=... MINTED_PASSWORD=... MINTED_BASE_URL=http://127.0.0.1:8765 python "
        "replay.py",
        "",
        f"MINTED_ENVIRONMENT chooses the environment (default {environment}); MINTED_BASE_URL is",
        "needed for the sandbox.  No secret is written here"
        + (
            ": the journal kept these values masked, and\nthe script reads them from variables:"
            f"\n\n{variables}"
            if secrets
            else "."
        ),
        "",
        "Values the service gave the session (cart tokens, price tokens, order ids) are taken",
        "from this run's answers (`replay.answer(call, *where)`; see `Replay.answer`).  Calls",
        "that failed with a 4xx are expected to fail the same way; calls whose outcome was of the",
        "moment are skipped.",
        "Writes are sent again.  Prints one line a call and stops at the first call that does not",
        "go as it went in the session: exit status 1 (2: a variable is missing; 0: all as before).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import os",
        "import sys",
        *(["from decimal import Decimal"] if _sends_money(calls) else []),
        "",
        "from minted import Client, MintedError",
        "from minted.environments import environment as environment_of",
        "",
        f"ENVIRONMENT = os.environ.get({_string('MINTED_ENVIRONMENT')}) or {_string(environment)}",
        f"LANGUAGE = {_string(language)}",
        f"CLIENT_ID = {_string(client_id)}",
        "# Endpoints the session's environment had corrected (catalogue key -> as sent).",
        f"OVERRIDES = {_literal(overrides, 0)}",
        "# Masked in the session's journal: read from these variables (see above).",
        f"SECRET_VARIABLES = {_literal(list(secrets), 0)}",
        "SECRETS: dict[str, str] = {}",
        "",
        "",
        _REPLAY_CLASS,
        "",
        "",
        "def main() -> int:",
        '    needed = ["MINTED_USERNAME", "MINTED_PASSWORD", *SECRET_VARIABLES]',
        "    if environment_of(ENVIRONMENT).base_url is None:",
        '        needed.append("MINTED_BASE_URL")',
        "    missing = [name for name in needed if not os.environ.get(name)]",
        "    if missing:",
        "        print(f\"Set {', '.join(missing)} first (see the top of this script).\", "
        "file=sys.stderr)",
        "        return 2",
        "    SECRETS.update({name: os.environ[name] for name in SECRET_VARIABLES})",
        "    client = Client.from_env(",
        "        environment=ENVIRONMENT,",
        "        language=LANGUAGE,",
        "        client_id=CLIENT_ID,",
        "        endpoint_overrides=OVERRIDES,",
        "    )",
        "    with client:",
        "        replay = Replay(client)",
    ]
    for call in calls:
        out.extend(_render_call(call))
    out += [
        f'        print("{len(replayed)} call(s) replayed as in the session'
        + (f", {len(calls) - len(replayed)} skipped" if len(replayed) < len(calls) else "")
        + '.")',
        "    return 0",
        "",
        "",
        'if __name__ == "__main__":',
        "    sys.exit(main())",
        "",
    ]
    return "\n".join(out)


def _sends_money(calls: list[_Call]) -> bool:
    def money(value: Any) -> bool:
        if isinstance(value, dict):
            return any(money(v) for v in value.values())
        if isinstance(value, list):
            return any(money(v) for v in value)
        return isinstance(value, Decimal)

    return any(money(c.body) or money(c.params) for c in calls if not c.skip)


def _render_call(call: _Call) -> list[str]:
    entry = call.entry
    outcome = f"HTTP {entry.status}" if entry.status is not None else "no answer"
    name = call.endpoint.docs[0] if call.endpoint is not None else "not in the catalogue"
    pad = f"        #  {' ' * len(str(call.number))} "  # under the text after "N. "
    lines = [
        f"        # {call.number}. {_comment(f'{entry.method} {entry.path}')}: {outcome} in "
        "the session",
        f"{pad}{name}",
    ]
    if entry.override:
        lines.append(f"{pad}sent as {_comment(entry.override)} (an override)")
    if call.skip:
        return [*lines, f"{pad}skipped: {_comment(call.skip)}", "        #"]
    assert call.endpoint is not None
    args = [_literal_of(call.number), _string(call.endpoint.key)]
    for keyword, value in (
        ("path_params", call.path_params),
        ("params", call.params),
        ("body", call.body),
    ):
        if value or (keyword == "body" and value is not None):
            args.append(f"{keyword}={_literal(value, 12, len(keyword) + 1)}")
    if call.expect is not None:
        args.append(f"expect={call.expect}")
    one_line = f"        replay.call({', '.join(args)})"
    if len(one_line) <= _WIDTH and "\n" not in one_line:
        return [*lines, one_line]
    return [*lines, "        replay.call(", *(f"            {a}," for a in args), "        )"]


_REPLAY_CLASS = '''class Replay:
    """Sends the calls, keeps their answers, and stops at the first call that does not go as it
    went in the session."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.answers: dict[int, object] = {}

    def call(self, number, endpoint, *, expect=None, path_params=None, params=None, body=None):
        """Sends call ``number``; ``expect``: the HTTP status it failed with in the session."""
        error = None
        try:
            self.answers[number] = self.client.request(
                endpoint, path_params=path_params, params=params, body=body
            )
        except MintedError as exc:
            error = exc
        entries = self.client.journal.entries()
        sent = entries[-1] if entries else None
        status = sent.status if sent is not None else None
        line = f"{number:>3}. {endpoint}"
        if sent is not None:
            line = f"{number:>3}. {sent.method} {sent.path}"
        if error is None and expect is None:
            print(f"{line} -> HTTP {status}")
            return
        if error is not None and expect is not None and status == expect:
            print(f"{line} -> HTTP {status}, as in the session")
            return
        before = f"HTTP {expect}" if expect is not None else "succeeded"
        now = f"failed: {error}" if error is not None else f"HTTP {status}"
        print(f"{line} -> {now}", file=sys.stderr)
        sys.exit(f"Stopped at call {number} ({endpoint}): in the session it {before}.")

    def answer(self, number, *where, was=None):
        """The value at ``where`` in this run's answer to call ``number``, where the session's
        answer had the value this call sent.  ``was``: that value, from a read; kept when this
        run's answer still holds it anywhere (the same server, its list grown), else the value
        at the same place (a fresh server, its ids new)."""
        value = self.answers.get(number)
        if was is not None and was in leaves(value):
            return was
        for step in where:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                if was is not None:
                    return was
                path = "".join(f"[{step!r}]" for step in where)
                sys.exit(f"Call {number}'s answer has no {path}, which a later call needs.")
        return value


def leaves(value):
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]'''
