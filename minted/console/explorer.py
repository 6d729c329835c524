"""The API explorer's logic (plain functions, no Streamlit): the catalogue as the docs'
navigation, search, what each endpoint's form starts with, form fields from its models, and
answers shaped for a table.

    items = explorer.catalogue(client.endpoint_overrides)    # one Item per endpoint and section
    explorer.grouped(explorer.search(items, "bin"))          # {"Partner": [Bin Query]}
    start = explorer.prefill(spec, values)                   # path, query and body to start with
    fields = explorer.fields_of(spec.body)                   # what widgets the body needs
    body, problems = explorer.read_fields(fields, typed)     # the widgets' text → JSON-ready data

A form starts with the docs' request example where there is one, or else with a starter of
the console's (`STARTERS`: sensible sandbox values); their placeholders (``{{cart_token}}``,
``{% faker … %}``) are filled from ``values``: `SAMPLE_VALUES` (a seeded sandbox customer, gold),
over which go the ids the session's earlier answers gave (`remembered`: the price token of the
last Price Fix, the cart token of the last basket, an order's guid, …).
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from minted import _json
from minted import endpoints as ep
from minted.endpoints import Endpoint
from minted.specs import SPECS, EndpointSpec, fill_placeholders

SEPARATOR = " › "

# -- the catalogue, as the docs' navigation --------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One endpoint as the docs' navigation lists it: under ``section``, by ``title``."""

    spec: EndpointSpec
    doc: str  # the docs name it is listed under: "Partner › Get Customer"
    sent_as: Endpoint | None = None  # the current environment's override, if any

    @property
    def section(self) -> str:
        return section_of(self.doc)

    @property
    def title(self) -> str:
        return self.doc.split(SEPARATOR, 1)[-1]

    @property
    def key(self) -> str:
        """Unique per item: the endpoint's constant and the section it is listed under."""
        return f"{self.spec.name}@{self.section}"

    @property
    def marks(self) -> list[str]:
        marks = ["assumed" if self.spec.endpoint.assumed else "documented"]
        if self.spec.endpoint.writes:
            marks.append("writes")
        if self.sent_as is not None:
            marks.append("overridden")
        return marks

    @property
    def label(self) -> str:
        """``Card Payment – Bin Query (…) · POST /partner/payment/bin · assumed``."""
        endpoint = self.sent_as or self.spec.endpoint
        return f"{self.title} · {endpoint.method} {endpoint.path} · {' · '.join(self.marks)}"


def section_of(doc: str) -> str:
    return doc.split(SEPARATOR, 1)[0] if SEPARATOR in doc else doc


def catalogue(
    overrides: Mapping[Endpoint, Endpoint] | None = None, specs: Iterable[EndpointSpec] = SPECS
) -> list[Item]:
    """Every endpoint once per docs section it appears in (by its first docs name there), in
    the docs' section order and the catalogue's order within a section; ``overrides`` (the
    client's ``endpoint_overrides``) mark the endpoints corrected there."""
    overrides = overrides or {}
    items: list[Item] = []
    for spec in specs:
        seen: set[str] = set()
        for doc in spec.endpoint.docs:
            if section_of(doc) not in seen:
                seen.add(section_of(doc))
                items.append(Item(spec, doc, overrides.get(spec.endpoint)))
    order = list(dict.fromkeys(item.section for item in items))
    return sorted(items, key=lambda item: order.index(item.section))


def grouped(items: Iterable[Item]) -> dict[str, list[Item]]:
    """Items by section, sections and items in the order given."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.section, []).append(item)
    return groups


def _folded(text: str) -> str:
    return " ".join(str(text).casefold().split())


def searchable(item: Item) -> str:
    endpoint = item.spec.endpoint
    parts = [*endpoint.docs, item.spec.name, endpoint.key, item.spec.client_method]
    if item.sent_as is not None:
        parts.append(item.sent_as.key)
    return _folded(" | ".join(parts))


def search(items: Iterable[Item], text: str) -> list[Item]:
    """The items whose docs names, constant, method and path (or override) contain every
    word of ``text``, case-insensitively (``"bin"`` finds Bin Query; ``"get /partner/order"``
    the order reads); all of them for an empty ``text``.  Those whose page title holds the
    text as written come first (``"get customer"``: the three Get Customer pages), each part
    in the catalogue's order."""
    words = _folded(text).split()
    found = [item for item in items if all(word in searchable(item) for word in words)]
    phrase = " ".join(words)
    return sorted(found, key=lambda item: phrase not in _folded(item.title))


# -- what a form starts with -----------------------------------------------------------------------

SAMPLE_CUSTOMER = "MTD0018232"  # the seeded sandbox's first customer, Ayşe Yılmaz

# Placeholder name → value: the docs' ``{{name}}`` placeholders and the path parameters.
SAMPLE_VALUES: dict[str, str] = {
    "customer_external_id": SAMPLE_CUSTOMER,
    "external_customer_id": SAMPLE_CUSTOMER,
    "external_id": SAMPLE_CUSTOMER,  # the path parameter of the customer endpoints
    "product_1": "3000001",  # gold's product_id in the sandbox's catalogue (GAU)
    "price_token": "",  # from a Price Fix sent first (see `remembered`)
    "cart_token": "",  # from a basket made first
    "external_order_id": "",  # from an order read or made first
    "order_id": "",
    "import_id": "",
    "card_token": "",
}


_CUSTOMER = "{{customer_external_id}}"
_BASKET = {"external_customer_id": _CUSTOMER, "cart_token": "{{cart_token}}"}
_ADDRESS = {
    "type": "shipping",
    "fullname": "Ayşe Yılmaz",
    "phone": "+905320000000",
    "city": "İstanbul",
    "county": "Kadıköy",
    "address": "Moda Cad. 1",
}

# A body or query for the endpoints whose docs page shows no request example: the console's
# own, with sandbox values (placeholders filled as the docs' are).
STARTERS: dict[Endpoint, Any] = {
    ep.CALCULATE_PRICE: {
        "price_token": "{{price_token}}",
        "items": [{"sku": "GAU", "amount": 1}],
    },
    ep.BIN_QUERY: {"bin": "411111", "amount": Decimal("100.00"), "currency_code": "TRY"},
    ep.CARD_STORAGE_LIST: {"customer_external_id": _CUSTOMER},
    ep.CARD_STORAGE_ADD: {
        "customer_external_id": _CUSTOMER,
        "card_holder_name": "Ayşe Yılmaz",
        "card_number": "4111111111111111",
        "card_expire_month": "12",
        "card_expire_year": "2030",
    },
    ep.CARD_STORAGE_DELETE: {"customer_external_id": _CUSTOMER, "card_token": "{{card_token}}"},
    ep.CUSTOMER_UPDATE: {"phone": "+905320000000"},
    ep.CUSTOMER_ADDRESS_CREATE_MULTI: {
        "external_customer_id": _CUSTOMER,
        "addresses": [{**_ADDRESS, "type": "shipping"}, {**_ADDRESS, "type": "billing"}],
    },
    ep.KYC_UPSERT: {"external_id": _CUSTOMER, "status": "pending", "nationality": "TR"},
    ep.KYC_BULK_UPSERT: {"items": [{"external_id": _CUSTOMER, "status": "pending"}]},
    ep.CASH_BALANCE_UPDATE: {
        "amount": Decimal("100.00"),
        "currency_code": "TRY",
        "external_id": "{% faker datatype.uuid %}",
        "description": "explorer",
    },
    ep.STATS: {"start_date": "2026-01-01", "end_date": "2026-12-31", "currency_code": "TRY"},
    ep.DELIVERY_WALLETS: {"customer_external_id": _CUSTOMER},
    ep.DELIVERY_CALCULATE: {"customer_external_id": _CUSTOMER, "sku": "GAU", "amount": 1},
    ep.PRODUCT_PRICES: {"currency": "TRY"},
    ep.ORDERS: {"page": 1, "total": 10, "customer_external_id": _CUSTOMER},
    ep.PARTNER_LEGAL: {"type": "kvkk", "customer_external_id": _CUSTOMER},
    ep.WALLETABLE_PRODUCTS: {"currency_code": "TRY"},
    ep.CURRENCY_RATES: {"base_currency": "TRY"},
    ep.RATE_HISTORY: {"currency_code": "USD", "base_currency": "TRY"},
    ep.BASKET_GET: {"external_customer_id": _CUSTOMER, "type": "buy"},
    ep.BASKET_ADD_ITEM: {
        "external_customer_id": _CUSTOMER,
        "sku": "MNTBAE0001",
        "qty": 1,
        "type": "buy",
        "currency_code": "TRY",
    },
    ep.BASKET_CLEAR: _BASKET,
    ep.COMPLETE_SELL: _BASKET,
    ep.COMPLETE_DELIVERY: {**_BASKET, "address": {"shipping": _ADDRESS}},
    ep.WALLETABLE_ORDERS: {"page": 1, "total": 10, "customer_external_id": _CUSTOMER},
    ep.WALLET_BALANCE: {"external_customer_id": _CUSTOMER},
    ep.SUMMARY_GET: {"external_customer_id": _CUSTOMER},
    ep.SUMMARY_POST: {
        "external_customer_id": _CUSTOMER,
        "currency_code": "TRY",
        "items": [{"sku": "MNTBAE0001", "qty": 1}],
    },
    ep.IMPORT_QUEUE: {"type": "kyc", "rows": [{"external_id": _CUSTOMER, "status": "pending"}]},
    ep.ECOM_PRODUCTS: {"page": 1, "total": 10},
    ep.ECOM_PRODUCT: {"sku": "MNTBAE0001"},
    ep.ECOM_BASKETS: {"customer_external_id": _CUSTOMER, "page": 1, "total": 10},
    ep.ECOM_BASKET_COMPLETE: {**_BASKET, "payment_type": "cash"},
    ep.ECOM_ORDERS: {"page": 1, "total": 10},
    ep.ECOM_SET_ADDRESS: {
        **_BASKET,
        "shipping": _ADDRESS,
        "billing": {**_ADDRESS, "type": "billing", "invoice_type": "Individual"},
    },
}
for _summary in (ep.SUMMARY_BUY, ep.SUMMARY_SELL, ep.SUMMARY_DELIVERY):
    STARTERS[_summary] = STARTERS[ep.SUMMARY_POST]


def substitute(value: Any, values: Mapping[str, str]) -> Any:
    """``value`` with the docs' placeholders filled (`minted.specs.fill_placeholders`)."""
    return fill_placeholders(value, values)


@dataclass(frozen=True)
class Prefill:
    path_params: dict[str, str]
    query: dict[str, Any]
    body: Any  # JSON-ready data, or None
    source: str  # where it came from, for the person: "the docs' example (REFERENCE.md §2.2)"


def prefill(spec: EndpointSpec, values: Mapping[str, str] | None = None) -> Prefill:
    """What ``spec``'s form starts with: path parameters from ``values``, and the docs'
    example (else the console's starter) as its body or query, placeholders filled."""
    values = {**SAMPLE_VALUES, **(values or {})}
    path = {name: str(values.get(name, "")) for name in spec.path_params}
    if spec.examples:
        start, source = spec.example, f"the docs' example ({spec.examples[0].source})"
    elif spec.endpoint in STARTERS:
        start, source = STARTERS[spec.endpoint], "the console's starter (the docs show none)"
    else:
        start, source = None, "nothing to fill in" if not spec.path_params else "sample ids"
    start = substitute(_json.loads(_json.dumps(start)), values) if start is not None else None
    if spec.body is not None:
        return Prefill(path, {}, start if start is not None else {}, source)
    return Prefill(path, dict(start or {}), None, source)


# Answers whose ids a later form can use: endpoint → {answer key: placeholder names}.
_CUSTOMER_NAMES = ("customer_external_id", "external_customer_id", "external_id")
_REMEMBER: dict[Endpoint, dict[str, tuple[str, ...]]] = {
    ep.PRICE_FIX: {"token": ("price_token",)},
    ep.CUSTOMER_CREATE: {"external_id": _CUSTOMER_NAMES},  # the customer made last
    ep.BASKET_GET: {"token": ("cart_token",)},
    ep.BASKET_ADD_ITEM: {"token": ("cart_token",)},
    ep.BASKET_UPDATE_ITEM: {"token": ("cart_token",)},
    ep.CARD_STORAGE_ADD: {"card_token": ("card_token",)},
    ep.CARD_STORAGE_LIST: {"card_token": ("card_token",)},
    ep.IMPORT_QUEUE: {"id": ("import_id",)},
}
_ORDER_NAMES = ("external_order_id", "order_id")
# Answers that are orders (a basket has a guid too, but no receipt or invoice).
_ORDER_ENDPOINTS = {
    ep.DIGITAL_BUY,
    ep.DIGITAL_SELL,
    ep.DELIVERY_CREATE,
    ep.ORDERS,
    ep.ORDER_GET,
    ep.ORDER_FIND,
    ep.COMPLETE_BUY,
    ep.COMPLETE_SELL,
    ep.COMPLETE_DELIVERY,
    ep.WALLETABLE_ORDERS,
    ep.SUMMARY_BUY,
    ep.SUMMARY_SELL,
    ep.SUMMARY_DELIVERY,
    ep.ECOM_BASKET_COMPLETE,
    ep.ECOM_ORDERS,
}


def remembered(spec: EndpointSpec, data: Any) -> dict[str, str]:
    """The ids in an answer that later forms can start with: the price token of a Price Fix,
    the customer just created, the cart token of a basket, a stored card's token, an
    import's id, an order's guid (of the first order of a list)."""
    first = data
    if isinstance(first, dict) and isinstance(first.get("data"), list):  # a Page
        first = first["data"]
    if isinstance(first, list):
        first = first[0] if first else None
    if not isinstance(first, dict):
        return {}
    found: dict[str, str] = {}
    for key, names in _REMEMBER.get(spec.endpoint, {}).items():
        if first.get(key) not in (None, ""):
            found.update(dict.fromkeys(names, str(first[key])))
    guid = first.get("guid")
    if isinstance(guid, list):  # Digital Buy and Sell answer a list of the orders made
        guid = guid[0] if guid else None
    if guid and spec.endpoint in _ORDER_ENDPOINTS:
        found.update(dict.fromkeys(_ORDER_NAMES, str(guid)))
    return found


# -- form fields from a model ----------------------------------------------------------------------

Kind = Literal["text", "number", "integer", "bool", "choice", "json"]


@dataclass(frozen=True)
class Field:
    """One top-level field of a request model, as the form shows it: scalars get a widget of
    their kind; nested objects and lists (``json``) a JSON editor."""

    name: str  # the wire name
    kind: Kind
    required: bool
    choices: tuple[str, ...] = ()
    type_name: str = ""  # the annotation, for the widget's help

    @property
    def label(self) -> str:
        return f"{self.name} *" if self.required else self.name


def _unwrapped(annotation: Any) -> list[Any]:
    """The non-None alternatives of an annotation, Annotated and Optional removed."""
    if get_origin(annotation) is Annotated:
        return _unwrapped(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for arg in get_args(annotation) for a in _unwrapped(arg) if a is not type(None)]
    return [annotation]


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    options = _unwrapped(annotation)
    if len(options) == 1:
        only = options[0]
        if get_origin(only) is Literal:
            return "choice", tuple(str(a) for a in get_args(only))
        if only is bool:
            return "bool", ()
        if only is int:
            return "integer", ()
        if only in (Decimal, float):
            return "number", ()
        if only in (str, date, datetime):
            return "text", ()
    if options and all(get_origin(o) is Literal for o in options):
        return "choice", tuple(str(a) for o in options for a in get_args(o))
    if options and all(o in (int, str) or get_origin(o) is Literal for o in options):
        return "text", ()  # free text: an id that may be a number, a status beyond the list
    return "json", ()


def _type_name(annotation: Any) -> str:
    text = str(annotation).replace("typing.", "")
    text = re.sub(r"<class '([\w.]+)'>", r"\1", text)
    text = re.sub(r"Annotated\[([\w.]+), [^\]]*\]", r"\1", text)
    return re.sub(r"\b(?:[a-z_]+\.)+([A-Z]\w*)", r"\1", text).replace("datetime.date", "date")


def fields_of(model: type[BaseModel] | None) -> list[Field]:
    """The form's fields for a request model (body or query), by wire name, in its order."""
    if model is None:
        return []
    fields = []
    for name, info in model.model_fields.items():
        kind, choices = _kind(info.annotation)
        wire = info.alias or name
        fields.append(Field(wire, kind, info.is_required(), choices, _type_name(info.annotation)))
    return fields


def field_text(field: Field, value: Any) -> str:
    """A value as its widget holds it: text (numbers exact), ``true``/``false``, or JSON."""
    if value is None:
        return ""
    if field.kind == "json":
        return _json.dumps(value, indent=2)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _json.decimal_literal(value)
    if isinstance(value, (dict, list)):
        return _json.dumps(value)
    return str(value)


def parse_json(text: str) -> tuple[Any, str | None]:
    """``text`` as JSON (money as Decimal), or None and what is wrong where; an empty text is
    None without a problem."""
    if not text.strip():
        return None, None
    try:
        return _json.loads(text), None
    except ValueError as error:
        where = ""
        if hasattr(error, "lineno"):
            where = f" (line {error.lineno}, column {error.colno})"
        message = getattr(error, "msg", str(error))
        return None, f"Not valid JSON{where}: {message}"


def read_field(field: Field, text: str) -> tuple[Any, str | None]:
    """One widget's text as the value to send (None: leave the field out) or a problem."""
    text = text.strip() if field.kind != "json" else text
    if field.kind == "json":
        return parse_json(text)
    if not text:
        return None, None
    if field.kind == "bool":
        if text.lower() in ("true", "false"):
            return text.lower() == "true", None
        return None, "true or false"
    if field.kind in ("number", "integer"):
        try:
            number = Decimal(text.replace(" ", ""))
        except InvalidOperation:
            return None, f"{text!r} is not a number"
        if not number.is_finite():
            return None, f"{text!r} is not a number"
        if field.kind == "integer":
            if number != number.to_integral_value():
                return None, f"{text!r} is not a whole number"
            return int(number), None
        return number, None
    if field.kind == "choice" and field.choices and text not in field.choices:
        return None, f"one of {', '.join(field.choices)}"
    return text, None


def read_fields(fields: Iterable[Field], texts: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """The widgets' texts as a body or query (empty fields left out), and field → problem
    for each that cannot be read; a required field left empty is a problem too."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field in fields:
        value, problem = read_field(field, texts.get(field.name, ""))
        if problem:
            problems[field.name] = problem
        elif value is not None:
            values[field.name] = value
        elif field.required:
            problems[field.name] = "required"
    return values, problems


def fields_hold(fields: Iterable[Field], body: Any) -> bool:
    """Whether the fields' widgets can hold ``body`` exactly: an object of the model's fields
    only, none of them an empty text (which a widget leaves out).  Else the form starts in
    raw JSON, so what is sent is the example as it is."""
    fields = list(fields)
    if not isinstance(body, dict) or set(body) - {f.name for f in fields}:
        return False
    texts = {f.name: field_text(f, body.get(f.name)) for f in fields}
    return read_fields(fields, texts) == (body, {})


# -- the answer ------------------------------------------------------------------------------------


def table_rows(data: Any) -> list[dict[str, Any]] | None:
    """A list answer (or a Page's ``data`` list) as table rows: one per item, every value as
    text (money exact, nested values as compact JSON); None when the answer is not a list."""
    items = data
    if isinstance(items, dict) and isinstance(items.get("data"), list):
        items = items["data"]
    if not isinstance(items, list):
        return None
    rows = []
    for item in items:
        row = item if isinstance(item, dict) else {"value": item}
        rows.append({str(k): _cell(v) for k, v in row.items()})
    return rows


def _cell(value: Any) -> str | None:
    """Every cell as text (a column may mix numbers, money and text; a table of one type
    each column needs is what a table can show): money exact, nested values as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return _json.decimal_literal(value)
    return _json.dumps(value)


def problem_rows(problems: Iterable[Any]) -> list[dict[str, str]]:
    """`minted.specs.Problem`s as table rows: kind, where, message."""
    return [{"kind": p.kind, "where": p.where, "message": p.message} for p in problems]
