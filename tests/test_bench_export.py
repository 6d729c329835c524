"""bench/export.py's section: its verdict against the 5 s target, and which side it blames."""

from __future__ import annotations

import pytest

from bench.export import TARGET_S, render_export

KEYS = ("statuses", "pages", "pages_ahead", "csv", "csv_xlsx", "xlsx", "csv_files", "old")
WALLETABLE = ("walletable_cpu_sandbox", "walletable_cpu_here")


def result(
    csv: float, cpu_here: float, cpu_sandbox: float, walletable: tuple[int, float] = (35_000, 3.0)
) -> dict:
    median = {key: 1.0 for key in KEYS + WALLETABLE} | {"csv": csv}
    median |= {"cpu_here": cpu_here, "cpu_sandbox": cpu_sandbox, "walletable_csv": walletable[1]}
    return {
        "orders": 50_000,
        "runs": 1,
        "load": (1.0, 1.0, 1.0),
        "load_after": (1.0, 1.0, 1.0),
        "in_flight": 2,
        "made_s": 12.0,
        "median": median,
        "all": {key: [value] for key, value in median.items()},
        "count": 50_000,
        "total": 50_000,
        "pages": 500,
        "csv_mb": 6.4,
        "xlsx_mb": 3.9,
        "walletable_count": walletable[0],
    }


def target_line(section: str) -> str:
    return next(line for line in section.splitlines() if line.startswith("Target:"))


def test_an_export_under_the_target_is_met():
    assert "— met (4.20 s" in target_line(render_export(result(4.2, 3.0, 2.0)))


@pytest.mark.parametrize(
    ("cpu_here", "cpu_sandbox", "blamed"),
    [(4.4, 2.0, "the console's, spent 4.40 s"), (2.0, 8.5, "the sandbox's, spent 8.50 s")],
)
def test_a_missed_target_says_by_how_much_and_which_side_was_busier(cpu_here, cpu_sandbox, blamed):
    line = target_line(render_export(result(TARGET_S + 0.5, cpu_here, cpu_sandbox)))
    assert "missed by 0.50 s" in line
    assert blamed in line


@pytest.mark.parametrize(
    ("walletable", "verdict"),
    [
        ((35_000, 3.15), "4.50 s for 50,000 rows (35,000 rows in 3.15 s) — met."),
        ((35_000, 7.7), "11.00 s for 50,000 rows (35,000 rows in 7.70 s) — missed by 6.00 s."),
    ],
)
def test_the_orders_pages_default_list_is_judged_at_its_rate_for_50k_rows(walletable, verdict):
    """The history holds fewer walletable orders than 50,000: the Orders page's default list
    is judged at the rate it was read, and the line says how many rows it read."""
    line = target_line(render_export(result(4.2, 3.0, 2.0, walletable)))
    assert line.endswith("Walletable › Get Orders, at its rate: " + verdict)


def test_the_walletable_lists_first_export_on_a_bulk_history_is_shown_not_judged():
    """Its first export renders the answers a bulk history lacks: shown on its own row, with
    the sandbox's CPU, while the verdict reads the runs after it."""
    timed = result(4.2, 3.0, 2.0, (35_000, 3.15)) | {"walletable_first": (10.66, 9.54)}
    section = render_export(timed)
    (row,) = [line for line in section.splitlines() if "first export on this history" in line]
    assert "9.54 s of its CPU; not judged) | 10.66 |" in row
    assert target_line(section).endswith("(35,000 rows in 3.15 s) — met.")
    assert "first export on this history" not in render_export(result(4.2, 3.0, 2.0))
