"""bench/results.md, one section per part: a part rewrites its own section and keeps the rest."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def ratio_digits(ratio: float, target: float) -> str:
    """``ratio`` as "1.52", with as many more decimals as it takes (up to 4) to tell it from
    ``target`` when two would print a miss as the target itself (1.602 as "1.60")."""
    for places in (2, 3, 4):
        text = f"{ratio:.{places}f}"
        if float(text) != target or ratio == target:
            break
    return text


def ratio_text(ratio: float, target: float) -> str:
    """`ratio_digits` as a ratio: "1.52×"."""
    return f"{ratio_digits(ratio, target)}×"


def write_section(heading: str, section: str, path: Path | None = None) -> None:
    """Replace the section that starts with ``heading`` (or add it at the end), keeping every
    other one.  ``path``: results.md unless given (`RESULTS`, read at the call, so a test may
    point it elsewhere)."""
    path = RESULTS if path is None else path
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def count(text: str) -> int:
    """An argparse type: a whole number of at least 1 (of runs, rounds or orders)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is less than 1")
    return number


def runs_arguments(prog: str, runs: int, argv: list[str] | None) -> argparse.Namespace:
    """The command line of a part measured ``runs`` times: ``[RUNS] [--no-write]``."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument(
        "runs", nargs="?", type=count, default=runs, help=f"how many times each (default {runs})"
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not write results.md")
    return parser.parse_args(argv)
