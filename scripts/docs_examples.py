"""Writes minted/docs_examples.json, the docs' request examples that `minted.specs` offers:
``python scripts/docs_examples.py`` (``--check`` only says whether the file is current).

The docs are vendored in docs/reference, which an installed client does not have; the
examples are parsed by tests/reference.py (as every docs test reads them) and kept in the
package as JSON, one entry per docs page.  tests/test_specs.py fails when the file and the
docs differ, and when the docs have a request example `PAGES` does not place.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reference import addendum_examples, reference_examples, seed_examples  # noqa: E402

from minted import _json  # noqa: E402

OUT = ROOT / "minted" / "docs_examples.json"
P, W, E = "Partner › ", "Walletable › ", "E-Com › "
SEED_BUY = "000_76da8185d6bce50a"  # Walletable › Complete Buy
SEED_B2B = "001_1ebd160653735689"  # Partner B2B › Buy (Gold)

# Each request example of the docs (tests/test_reference.py REQUESTS) → the page it is on, as
# `minted.endpoints` names pages.
PAGES = {
    "2.2#0": P + "B2B2C From Amount – Price Fix (Get Prices)",
    "2.3#0": P + "B2B2C From Total Price – Price Fix",
    "2.6#0": P + "Partner B2B – Buy (Silver)",
    "2.8#0": P + "Sell B2B – Sell (Silver)",
    "2.9#0": P + "Card Payment – Buy (with card token)",
    "2.11#0": P + "Create Customer",
    "2.12#0": P + "Create Business Customer",
    "2.19#0": P + "Delivery – Create (Pay With Cash)",
    "2.24#0": P + "Get Order (Alternative)",
    "3.6#0": E + "Customer Address – Create (Billing)",
    "3.10#0": E + "Clear Basket (Delete Items)",
    "5.1#0": W + "Create Customer",
    "5.3#0": W + "Complete Buy",
    "5.10#0": W + "Delete Basket Item",
    "5.10#1": W + "Update Basket Item",
    f"{SEED_BUY}#0": W + "Complete Buy",
    f"{SEED_B2B}#0": P + "Partner B2B – Buy (Gold)",
    "A2#0": E + "Get Order",
}


def source_of(section: str) -> str:
    if (ROOT / "docs" / "reference" / "seeds" / f"{section}.txt").exists():
        return f"seeds/{section}.txt"
    if section.startswith("A"):
        return f"ADDENDUM.md §{section[1:]}"
    return f"REFERENCE.md §{section}"


def examples() -> list[dict]:
    found = {e.key: e for e in (*reference_examples(), *seed_examples(), *addendum_examples())}
    return [
        {
            "page": page,
            "source": source_of(found[key].section),
            "truncated": found[key].truncated,
            "body": found[key].load(),
        }
        for key, page in PAGES.items()
    ]


def render() -> str:
    document = {
        "about": "Request examples of the docs' pages (docs/reference), as the docs write them; "
        "made by scripts/docs_examples.py, do not edit.",
        "examples": examples(),
    }
    return _json.dumps(document, indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("minted/docs_examples.json is current" if current else "run scripts/docs_examples.py")
        return 0 if current else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(PAGES)} examples)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
