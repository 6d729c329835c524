"""One journaled call written out again: as Python with `minted`, or as an HTTPie command.

Beside `JournalEntry.to_curl()`, for the console's "copy as …" buttons:

    from minted import replay
    print(replay.as_python(entry))   # a script that makes the same call with minted.Client
    print(replay.as_httpie(entry))   # the same call for HTTPie (``http``)

What is written is what the journal kept, so secrets never are: the password is read from an
environment variable (``MINTED_PASSWORD``, as `to_curl` does), and values the journal masked
(card numbers, CVVs, …) stay masked, with a note to fill them in.  The Python goes through
`Client.request`: the same endpoint by its catalogue name, the same path parameters, query and
body, and the endpoint override the call was sent with, if any.
"""

from __future__ import annotations

import pprint
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from minted import _json, endpoints
from minted.endpoints import Endpoint
from minted.journal import MASK, JournalEntry, _quote

PASSWORD_VARIABLE = "MINTED_PASSWORD"


def endpoint_of(entry: JournalEntry) -> tuple[Endpoint, Endpoint]:
    """The entry's catalogue endpoint and the endpoint as it was sent (its override, or the
    same).  `ValueError` for an entry that names no catalogue endpoint."""
    if not entry.endpoint:
        raise ValueError(f"entry {entry.id} names no catalogue endpoint")
    catalogued = endpoints.find(entry.endpoint)
    sent = endpoints.parse_override(catalogued, entry.override) if entry.override else catalogued
    return catalogued, sent


def path_params(entry: JournalEntry) -> dict[str, str]:
    """The path parameters the call was sent with, read back from its path."""
    _, sent = endpoint_of(entry)
    found = sent.matches(entry.method, urlsplit(entry.url).path) or {}
    return {name: unquote(value) for name, value in found.items()}


def query_params(entry: JournalEntry) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(entry.url).query, keep_blank_values=True))


def base_url(entry: JournalEntry) -> str:
    """The service's base URL: the entry's URL without the endpoint's path and query."""
    parts = urlsplit(entry.url)
    path = parts.path
    suffix = path_suffix(entry)
    if suffix and path.endswith(suffix):
        path = path[: -len(suffix)]
    return f"{parts.scheme}://{parts.netloc}{path}".rstrip("/")


def path_suffix(entry: JournalEntry) -> str:
    _, sent = endpoint_of(entry)
    params = path_params(entry)
    try:
        return sent.format_path(**params)
    except TypeError:
        return ""


def _masked(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_masked(v) for v in value.values())
    if isinstance(value, list):
        return any(_masked(v) for v in value)
    return isinstance(value, str) and MASK in value


def _has_decimal(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_decimal(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_decimal(v) for v in value)
    return isinstance(value, Decimal)


def _literal(value: Any, indent: int) -> str:
    """A Python literal of JSON-ready data (Decimal kept exact), indented to sit at
    ``indent`` spaces."""
    text = pprint.pformat(value, sort_dicts=False, width=96 - indent)
    return text.replace("\n", "\n" + " " * indent)


def as_python(entry: JournalEntry, password_variable: str = PASSWORD_VARIABLE) -> str:
    """A runnable script that makes the entry's call again with `minted.Client.request` and
    prints the answer's data; the password comes from ``$password_variable``."""
    catalogued, _ = endpoint_of(entry)
    name = endpoints.CONSTANT_OF.get(catalogued, catalogued.key)
    headers = {k.lower(): v for k, v in entry.request_headers.items()}
    settings = [
        f"    {entry.username or ''!r},",
        f"    os.environ[{password_variable!r}],",
        f"    environment={entry.environment!r},",
        f"    base_url={base_url(entry)!r},",
    ]
    if headers.get("x-client-id", "web") != "web":
        settings.append(f"    client_id={headers['x-client-id']!r},")
    if headers.get("accept-language", "tr") != "tr":
        settings.append(f"    language={headers['accept-language']!r},")
    if entry.override:
        settings.append(f"    endpoint_overrides={{{name!r}: {entry.override!r}}},")
    arguments = [f"    {name!r},"]
    if params := path_params(entry):
        arguments.append(f"    path_params={_literal(params, 8)},")
    if query := query_params(entry):
        arguments.append(f"    params={_literal(query, 8)},")
    if entry.request_body is not None:
        arguments.append(f"    body={_literal(entry.request_body, 8)},")
    lines = [
        f'"""{catalogued.docs[0]}: {entry.method} {entry.path}, as the console sent it.',
        "",
        f"Run with {password_variable} set to the password of {entry.username or 'the user'}.",
    ]
    if _masked(entry.request_body):
        lines.append(f"Values shown as {MASK} were masked in the log: fill them in first.")
    lines += [
        '"""',
        "",
        "import json",
        "import os",
        *(["from decimal import Decimal"] if _has_decimal(entry.request_body) else []),
        "",
        "import minted",
        "",
        "with minted.Client(",
        *settings,
        ") as client:",
        "    data = client.request(",
        *(f"    {line}" for line in arguments),
        "    )",
        "print(json.dumps(data, indent=2, ensure_ascii=False, default=str))",
        "",
    ]
    return "\n".join(lines)


def as_httpie(entry: JournalEntry, password_variable: str = PASSWORD_VARIABLE) -> str:
    """The entry's call as an HTTPie command (``http``, 3.2 or newer for ``--raw``); the
    password is left to a shell variable."""
    lines = ["http --ignore-stdin --check-status"]
    if entry.username is not None:
        user = entry.username.replace("\\", "\\\\").replace('"', '\\"')
        user = user.replace("$", "\\$").replace("`", "\\`")
        lines.append(f'--auth-type digest --auth "{user}:${{{password_variable}}}"')
    if entry.request_body is not None:
        lines.append(f"--raw {_quote(_json.dumps(entry.request_body))}")
    lines.append(f"{entry.method} {_quote(entry.url)}")
    for name, value in entry.request_headers.items():
        lines.append(_quote(f"{name}:{value}"))
    return " \\\n  ".join(lines)
