"""Excel exports (minted.console.frames.to_xlsx): text never becomes a formula, money keeps
its exact digits, times read as everywhere else; and the Orders page offers the workbook only
for the filters on screen (AppTest)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from helpers import open_order_filters
from hypothesis import given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from minted.console.formatting import timestamp  # noqa: E402
from minted.console.frames import FORMULA_STARTS, to_xlsx  # noqa: E402


def cells(workbook: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    return [[cell for cell in row] for row in sheet.iter_rows(min_row=2)]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs", "Cc"])
            | st.sampled_from(["=", "+", "-", "@", "\t", "＝"]),
            max_size=30,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_no_text_cell_is_ever_a_formula(texts):
    rows = cells(to_xlsx(pd.DataFrame({"customer": texts})))
    for (cell,), text in zip(rows, texts, strict=True):
        assert cell.data_type != "f"
        value = cell.value or ""
        assert not value.startswith(FORMULA_STARTS)
        assert value in (text, "'" + text) or (not text and cell.value is None)


def test_hostile_cells_and_exact_money():
    frame = pd.DataFrame(
        {
            "order": ['=HYPERLINK("http://x","y")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "ok"],
            "paid_total": [Decimal("1853.90"), Decimal("-5"), Decimal("0.10"), None],
            "order_at": [datetime(2026, 11, 25, 7, 37, 33, tzinfo=UTC)] * 4,
        }
    )
    rows = [[c.value for c in row] for row in cells(to_xlsx(frame))]
    assert rows[0][0] == "'" + '=HYPERLINK("http://x","y")'
    assert rows[1][0].startswith("'-2") and rows[2][0] == "'@SUM(A1)" and rows[3][0] == "ok"
    assert [r[1] for r in rows] == ["1853.90", "-5", "0.10", None]  # the API's digits
    assert rows[0][2] == timestamp(frame["order_at"][0])  # as the screen shows it


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_the_workbook_is_offered_only_for_the_filters_it_was_made_with():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60
    )
    at.run()
    at.switch_page("pages/orders.py").run()
    next(b for b in at.button if b.label.startswith("Prepare CSV")).click().run()
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download Excel" in labels and "Download CSV" in labels
    open_order_filters(at)
    at.selectbox[[s.label for s in at.selectbox].index("Currency")].set_value("TRY").run()
    assert not [d for d in at.get("download_button") if "Excel" in d.proto.label]


@pytest.mark.parametrize("name", ["a\x00b", "x\x01y", "ok\x1b[31m", "=\x00cmd", "\x7fdel"])
def test_a_control_character_in_a_name_never_stops_the_workbook(name):
    ((cell,),) = cells(to_xlsx(pd.DataFrame({"customer": [name]})))
    assert "\x00" not in cell.value and not cell.value.startswith("=")
    assert cell.data_type == "s"


def test_a_carriage_return_inside_a_cell_stays_in_its_row():
    """The audit log's CSV: pandas left a bare CR unquoted, which splits the row."""
    import csv

    from minted.console.frames import to_csv

    text = to_csv(pd.DataFrame({"who": ["a\rb", "c"], "n": [1, 2]})).decode()
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["who", "n"],
        ["a\rb", "1"],
        ["c", "2"],
    ]
