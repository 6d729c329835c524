"""bench/cold_start.py writes only its own section of results.md, and writes a miss as one."""

from __future__ import annotations

from bench.cold_start import HEADING, render_cold_start, write_section


def test_the_cold_start_section_is_added_then_replaced_and_nothing_else_changes(tmp_path):
    results = tmp_path / "results.md"
    others = "# Benchmark results\n\n## (a) Pages\n\nrows\n\n## (d) Sessions\n\nmore rows\n"
    results.write_text(others, encoding="utf-8")
    write_section(f"{HEADING}: first\n\nold figures\n", results)
    assert results.read_text(encoding="utf-8") == others + f"\n{HEADING}: first\n\nold figures\n"

    results.write_text(
        others.replace("## (d)", f"{HEADING}: first\n\nold figures\n\n## (d)"), encoding="utf-8"
    )
    write_section(f"{HEADING}: second\n\nnew figures\n", results)
    text = results.read_text(encoding="utf-8")
    assert "old figures" not in text and "new figures" in text
    assert text.replace(f"{HEADING}: second\n\nnew figures\n\n", "") == others


def test_a_miss_just_over_the_target_is_written_with_the_decimals_that_show_it():
    times = {"floor": [1.0], "existing": [1.3004], "fresh": [1.5]}
    text = render_cold_start(
        {
            "runs": 1,
            "times": times,
            "medians": {k: v[0] for k, v in times.items()},
            "connected": {},
            "load": ((1.0,), (1.0,)),
            "cores": 2,
        }
    )
    assert "| 1.3004× | ≤ 1.3× | missed |" in text  # not "1.30×" beside "missed"
    assert "Missed: existing by 0.0004× (0.00 s)." in text  # not "by 0.00×"
    assert "| 1.50× | ≤ 1.6× | met |" in text
