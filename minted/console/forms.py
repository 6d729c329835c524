"""What the console checks in a form before it sends anything (plain functions).

The API refuses bad input too, but a support engineer should read what to fix beside the
field, not a traceback or a round trip later; and the form keeps what was typed.  The rules
are the documented ones (Create Customer's external-id pattern, names of at least three
characters, an e-mail address), with the sandbox's own sane maximum for any other text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

EXTERNAL_ID = re.compile(r"[A-Za-z0-9_-]{3,40}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NAME_LENGTH = (3, 40)
MAX_TEXT = 255
LABELS = {
    "external_id": "External id",
    "firstname": "First name",
    "lastname": "Last name",
    "email": "E-mail",
    "phone": "Phone",
    "identity_number": "Identity number",
    "tax_office": "Tax office",
}
BUSINESS_LABELS = {**LABELS, "firstname": "Company name", "identity_number": "Tax number"}


def label_of(field: str, *, business: bool = False) -> str:
    """The form's label for an API field name."""
    labels = BUSINESS_LABELS if business else LABELS
    return labels.get(field, field.replace("_", " ").capitalize())


def customer_problems(fields: Mapping[str, object], *, business: bool = False) -> dict[str, str]:
    """Field → what is wrong with it, for a new customer (empty when it may be sent).

    ``fields`` are the form's values, already stripped; an empty one was not given."""
    problems: dict[str, str] = {}
    external_id = str(fields.get("external_id") or "")
    if not external_id:
        problems["external_id"] = "The external id is required."
    elif not EXTERNAL_ID.fullmatch(external_id):
        problems["external_id"] = "3–40 characters: letters, digits, - or _ only."
    names = ("firstname",) if business else ("firstname", "lastname")
    for name in names:
        value = str(fields.get(name) or "")
        label = "The company name" if business else label_of(name)
        if business and not value:
            problems[name] = f"{label} is required."
        elif value and not NAME_LENGTH[0] <= len(value) <= NAME_LENGTH[1]:
            problems[name] = f"{label} must be {NAME_LENGTH[0]}–{NAME_LENGTH[1]} characters."
    email = str(fields.get("email") or "")
    if email and not (len(email) <= MAX_TEXT and EMAIL.fullmatch(email)):
        problems["email"] = "Not an e-mail address."
    for name, value in fields.items():
        if name not in problems and isinstance(value, str) and len(value) > MAX_TEXT:
            problems[name] = f"At most {MAX_TEXT} characters."
    return problems
