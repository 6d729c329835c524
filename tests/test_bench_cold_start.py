"""bench/cold_start.py writes only its own section of results.md."""

from __future__ import annotations

from bench.cold_start import HEADING, write_section


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
