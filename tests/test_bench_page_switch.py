"""bench (g), page switches against a trivial multipage app: its floor app, its verdicts, and
one real round in Chromium (so that `python -m bench.page_switch` keeps working)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.page_switch import (
    PAGES,
    REFERENCE,
    bench_page_switch,
    percentiles,
    reference_app,
    render_page_switch,
    trivial_app,
)


def test_the_floor_app_has_the_consoles_pages_each_a_heading(tmp_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(trivial_app(tmp_path)), default_timeout=30).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Customers"]  # the first page, as the console's
    script = (tmp_path / "trivial_app.py").read_text(encoding="utf-8")
    assert all(repr(title) in script and repr(path) in script for title, path in PAGES.items())


def test_the_reference_app_is_the_floor_s_page_alone_then_with_one_chart_or_one_table(tmp_path):
    from streamlit.testing.v1 import AppTest

    script = reference_app(tmp_path).read_text(encoding="utf-8")
    drawn = {}  # title: (plotly charts, rows of each table)
    for title in REFERENCE:  # each page made the default in turn (AppTest opens that one)
        made_default = f"title={title!r}, default=True,"
        at = AppTest.from_string(script.replace(f"title={title!r},", made_default))
        at.run(timeout=30)
        assert not at.exception, title
        assert [t.value for t in at.title] == [title]
        assert [m.value for m in at.markdown] == ["A trivial page."]
        drawn[title] = (len(at.get("plotly_chart")), [len(d.value) for d in at.dataframe])
    assert drawn == {"A heading": (0, []), "One plotly chart": (1, []), "One table": (0, [10])}


def test_the_report_says_what_one_chart_and_one_table_cost_in_the_same_run():
    floor = [100.0] * 20
    result = _result(floor, {"Balances": [180.0] * 20})
    result["times"]["reference"] = {
        "A heading": [100.0] * 20,
        "One plotly chart": [160.4] * 20,  # over the target, by less than two decimals show
        "One table": [130.0] * 20,
    }
    text = render_page_switch(result)
    assert (
        "a heading 100 ms (1.00×); one plotly chart 160 ms (1.604×); one table 130 ms (1.30×)"
        in text
    )
    assert "One plotly chart" not in text.split("| page |")[1]  # not a row of the console's
    assert "What one of Streamlit's elements costs" not in render_page_switch(_result(floor, {}))


def test_percentiles_are_the_median_and_the_nearest_rank_95th():
    assert percentiles([5.0, 1.0, 3.0]) == (3.0, 5.0)
    assert percentiles([float(n) for n in range(1, 21)]) == (10.5, 19.0)


def _result(floor: list[float], pages: dict[str, list[float]]) -> dict:
    return {
        "rounds": len(floor),
        "times": {"floor": {"Customers": floor}, "console": pages},
        "server": {
            "floor": {"Customers": [10.0] * len(floor)},
            "console": {title: [30.0] * len(v) for title, v in pages.items()},
        },
        "load": ((1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
        "cores": 2,
    }


def test_a_page_meets_the_target_only_with_both_its_p50_and_p95_in_bounds():
    floor = [100.0] * 19 + [110.0]  # p50 100, p95 100
    text = render_page_switch(
        _result(
            floor,
            {
                "Audit log": [150.0] * 20,  # 1.5× and 1.5×
                "Balances": [150.0] * 18 + [250.0, 250.0],  # p95 2.5×
                "Orders & receipts": [170.0] * 20,  # p50 1.7×
            },
        )
    )
    assert "| Audit log | 150 | 1.50× | 150 | 1.50× | met | 30 | 120 |" in text
    assert "| Balances | 150 | 1.50× | 250 | 2.50× | missed |" in text
    assert "| Orders & receipts | 170 | 1.70× | 170 | 1.70× | missed |" in text
    assert "Missed on: Balances, Orders & receipts." in text


def test_a_ratio_just_over_its_target_is_not_printed_as_the_target():
    from bench.results_file import ratio_text

    floor = [83.3] * 20
    text = render_page_switch(_result(floor, {"Audit log": [133.4] * 20}))  # 1.6014×
    assert "| Audit log | 133 | 1.601× | 133 | 1.60× | missed |" in text
    assert ratio_text(1.6, 1.6) == "1.60×" and ratio_text(1.59999, 1.6) == "1.6000×"
    assert ratio_text(1.3004, 1.3) == "1.3004×" and ratio_text(1.41, 1.3) == "1.41×"


@pytest.mark.browser
def test_one_round_on_two_pages_in_chromium(tmp_path: Path):
    result = bench_page_switch(tmp_path, rounds=1, only=["Audit log", "Balances"])
    assert set(result["times"]["console"]) == {"Audit log", "Balances"}
    assert all(len(v) == 1 and v[0] > 0 for v in result["times"]["console"].values())
    assert all(ms > 0 for v in result["times"]["floor"].values() for ms in v)
    assert set(result["times"]["reference"]) == set(REFERENCE)
    text = render_page_switch(result)
    assert "| Balances |" in text and "one plotly chart" in text
