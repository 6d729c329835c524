"""Reads the captured API documentation (docs/reference) so that tests can enumerate it.

The captured pages are excerpts: many JSON examples stop mid-way at an ``…[excerpt truncated]``
marker.  `close_truncated_json` keeps every complete value before the cut and closes the open
brackets, so a truncated example still checks every field that *was* captured.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "reference"
REFERENCE = DOCS / "REFERENCE.md"
ADDENDUM = DOCS / "ADDENDUM.md"
SEEDS = DOCS / "seeds"
TRUNCATION_MARK = "…[excerpt truncated]"


@dataclass(frozen=True)
class JsonExample:
    section: str  # "2.2", "5.10", or a seed file name
    index: int  # position among the JSON examples of that section
    lead: str  # the prose line just before the example, to tell requests from responses
    text: str
    truncated: bool

    @property
    def key(self) -> str:
        return f"{self.section}#{self.index}"

    def load(self):
        text = close_truncated_json(self.text) if self.truncated else self.text
        return json.loads(text, parse_float=Decimal)


@dataclass(frozen=True)
class DocumentedEndpoint:
    section: str  # Partner, Walletable, E-Com, Embedded
    name: str
    method: str  # "GET", … or "unknown"
    path: str  # "/partner/…" or "unknown"
    found: str
    detail: str

    @property
    def doc_name(self) -> str:
        return f"{self.section} › {self.name}"


def close_truncated_json(text: str) -> str:
    """Cut a truncated JSON document back to its last complete element and close it."""
    text = text.split(TRUNCATION_MARK)[0]
    cut_points: list[tuple[int, str]] = []  # (index to cut at, closing brackets needed there)
    stack: list[str] = []
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
            cut_points.append((i + 1, "".join(reversed(stack))))
        elif ch in "}]":
            stack.pop()
        elif ch == ",":
            cut_points.append((i, "".join(reversed(stack))))
    for index, closers in reversed(cut_points):
        candidate = text[:index] + closers
        try:
            json.loads(candidate)
        except json.JSONDecodeError:
            continue
        return candidate
    raise ValueError("no complete JSON prefix")


def _section_of(heading: str, pattern: str) -> str | None:
    match = re.match(pattern, heading)
    return match.group(1) if match else None


def _examples(path: Path, section_pattern: str, prefix: str = "") -> tuple[JsonExample, ...]:
    """Every ```json block of a Markdown capture, keyed by its section number."""
    examples: list[JsonExample] = []
    section = None
    counts: dict[str, int] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            found = _section_of(line, section_pattern)
            section = prefix + found if found else section
        if line.strip() == "```json":
            end = lines.index("```", i + 1)
            body = "\n".join(lines[i + 1 : end])
            lead = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
            assert section is not None
            index = counts.get(section, 0)
            counts[section] = index + 1
            examples.append(
                JsonExample(section, index, lead.strip(), body, TRUNCATION_MARK in body)
            )
            i = end
        i += 1
    return tuple(examples)


@cache
def reference_examples() -> tuple[JsonExample, ...]:
    """Every ```json block of REFERENCE.md, with its section number ("2.2")."""
    return _examples(REFERENCE, r"###\s+(\d+\.\d+)\s")


@cache
def addendum_examples() -> tuple[JsonExample, ...]:
    """Every ```json block of ADDENDUM.md, with its section number after an "A" ("A2",
    "A6.1"): its endpoint pages are "## N." sections, its schemas "### 6.N"."""
    return _examples(ADDENDUM, r"#{2,3}\s+(\d+(?:\.\d+)?)\.?\s", prefix="A")


@cache
def seed_examples() -> tuple[JsonExample, ...]:
    """The JSON examples of the two seed pages (plain text captures: ``Example`` then JSON)."""
    examples: list[JsonExample] = []
    decoder = json.JSONDecoder()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for index, match in enumerate(re.finditer(r"\nExample\n(?=\{)", text)):
            _, end = decoder.raw_decode(text, match.end())
            examples.append(
                JsonExample(path.stem, index, "Example", text[match.end() : end], False)
            )
    return tuple(examples)


@cache
def documented_endpoints() -> tuple[DocumentedEndpoint, ...]:
    """Rows of REFERENCE.md §9, one per endpoint name (rows naming several are split)."""
    text = REFERENCE.read_text(encoding="utf-8")
    table = text.split("## 9. Endpoint summary table", 1)[1]
    rows: list[DocumentedEndpoint] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("section", "---"):
            continue
        section, names, methods, path, found, detail = cells
        # "Get Summary / Post Summary / …" with "GET/POST/…" names several endpoints;
        # "Balance / Wallet" with one method is one endpoint with a two-part name.
        method_list = [m.strip() for m in methods.split("/")]
        name_list = [n.strip() for n in names.split(" / ")] if len(method_list) > 1 else [names]
        if len(method_list) != len(name_list):
            method_list = [methods] * len(name_list)
        for name, method in zip(name_list, method_list, strict=True):
            method = method.replace("(presumed)", "").strip()
            method = method if re.fullmatch(r"[A-Z]+", method) else "unknown"
            clean_path = path.split()[0].replace("{{", "{").replace("}}", "}")
            clean_path = clean_path if clean_path.startswith("/") else "unknown"
            rows.append(DocumentedEndpoint(section, name, method, clean_path, found, detail))
    return tuple(rows)


def curl_commands() -> list[str]:
    """The cURL samples of the seed pages, as written there."""
    commands = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"curl --location.*?(?=\n\n|\nResponses)", text, re.S):
            commands.append(match.group(0))
    return commands
