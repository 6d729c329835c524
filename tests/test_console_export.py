"""The Orders page's full export (minted.console.export.export_orders): every row in one pass,
every cell as the screen has it (formula starts neutralised, money exact, worksheet-illegal
controls replaced), no silent cap; and on the page, exactly the rows the filters match."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import open_order_filters
from hypothesis import given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from minted.console.export import Export, export_orders, file_stem  # noqa: E402
from minted.console.frames import (  # noqa: E402
    FORMULA_STARTS,
    ORDER_COLUMNS,
    _worksheet_text,
    neutralised,
    order_row,
    orders_frame,
    to_csv,
)
from minted.models import Customer, Order, Page  # noqa: E402

MONEY = {"total", "paid_total"}
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def pager(orders: list[Order], asked: list[int] | None = None):
    """``fetch_page`` over ``orders``, as a Laravel paginator answers."""

    def fetch_page(number: int, size: int) -> Page:
        if asked is not None:
            asked.append(size)
        last = max(1, -(-len(orders) // size))
        return Page[Order](
            current_page=number,
            data=orders[(number - 1) * size : number * size],
            last_page=last,
            per_page=size,
            total=len(orders),
        )

    return fetch_page


def csv_rows(made: Export) -> list[list[str]]:
    return list(csv.reader(io.StringIO(made.csv.decode("utf-8"))))


def xlsx_rows(made: Export) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(made.xlsx)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def xml_lines(value: object) -> object:
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def exact(value: object) -> object:
    return f"{value:f}" if isinstance(value, Decimal) else value


text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"])
    | st.sampled_from(["=", "+", "-", "@", "\t", "\r", "＝", "\x00", "\x1b"]),
    max_size=20,
)
money = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12))
orders = st.lists(
    st.builds(
        Order,
        guid=st.uuids().map(str),
        order_code=text,
        status_name=text,
        currency_code=st.sampled_from(["TRY", "USD", "=1+1"]),
        total=money | st.none(),
        customer=st.builds(Customer, external_id=text) | st.none(),
        order_at=st.just(datetime(2026, 11, 25, 7, 37, tzinfo=UTC)) | st.none(),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(orders, st.integers(min_value=1, max_value=7))
def test_every_row_and_cell_survives(orders, size):
    progress: list[tuple[int, int]] = []
    made = export_orders(pager(orders), page_size=size, on_progress=lambda *a: progress.append(a))
    assert (made.count, made.total, made.capped) == (len(orders), len(orders), False)
    assert progress[-1] == (len(orders), len(orders))
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)

    wanted = [[order_row(o)[c] for c in ORDER_COLUMNS] for o in orders]
    got = csv_rows(made)
    assert got[0] == ORDER_COLUMNS and len(got) == len(orders) + 1
    for row, values in zip(got[1:], wanted, strict=True):
        assert row == ["" if v is None else str(exact(neutralised(v))) for v in values]
        texts = [v for c, v in zip(ORDER_COLUMNS, row, strict=True) if c not in MONEY]
        assert not any(v.startswith(FORMULA_STARTS) for v in texts)  # -5.00 is a number

    sheet = xlsx_rows(made)
    assert sheet[0] == ORDER_COLUMNS and len(sheet) == len(orders) + 1
    for row, values in zip(sheet[1:], wanted, strict=True):
        shown = [exact(neutralised(_worksheet_text(v))) for v in values]
        # an empty text cell reads back as None; XML reads a carriage return as a line feed
        assert row == [None if v == "" else xml_lines(v) for v in shown]


def test_the_csv_has_the_cells_the_frame_made():
    """The same cells as `frames.to_csv` of `orders_frame` (the export before this one); the
    line ends are RFC 4180's now, so a carriage return inside a cell is quoted."""
    rows = [
        Order(
            guid=f"g{i}",
            order_code=code,
            status_name="Completed",
            currency_code="TRY",
            total=Decimal("1853.90"),
            customer=Customer(external_id="=cmd|x"),
        )
        for i, code in enumerate(["A-1", "=HYPERLINK(1)", "-2+3", "@SUM(A1)"])
    ]
    made = export_orders(pager(rows), page_size=3)
    before = list(csv.reader(io.StringIO(to_csv(orders_frame(rows)).decode("utf-8"))))
    assert csv_rows(made) == before
    assert made.csv.count(b"\r\n") == len(rows) + 1


def test_a_carriage_return_inside_a_cell_stays_in_its_row():
    rows = [Order(guid="g", order_code="A\rB", status_name="x\ny")]
    (row,) = csv_rows(export_orders(pager(rows)))[1:]
    assert (row[ORDER_COLUMNS.index("order")], row[ORDER_COLUMNS.index("status")]) == (
        "A\rB",
        "x\ny",
    )


def test_it_asks_for_the_largest_page_the_api_takes_and_reads_every_page():
    rows = [Order(guid=f"g{i}", total=Decimal(i)) for i in range(250)]
    asked: list[int] = []
    made = export_orders(pager(rows, asked))
    assert asked == [100, 100, 100] and made.count == 250


def test_a_capped_export_says_so_and_its_file_name_names_it():
    rows = [Order(guid=f"g{i}") for i in range(12)]
    made = export_orders(pager(rows), page_size=5, max_rows=7)
    assert (made.count, made.total, made.capped) == (7, 12, True)
    assert len(csv_rows(made)) == 8 and len(xlsx_rows(made)) == 8
    assert file_stem("sandbox", made) == "orders-sandbox-first-7-of-12"
    whole = export_orders(pager(rows), page_size=5)
    assert file_stem("sandbox", whole) == "orders-sandbox"


def offered(at, label: str, downloads: dict[str, bytes]) -> bytes:
    button = next(d for d in at.get("download_button") if d.proto.label == label)
    return downloads[button.proto.url.rsplit("/", 1)[1].split(".")[0]]


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_a_filtered_export_holds_exactly_the_rows_the_filters_match(downloads):
    import streamlit
    from streamlit.testing.v1 import AppTest

    streamlit.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/orders.py").run()
    open_order_filters(at)
    at.multiselect[[m.label for m in at.multiselect].index("Type")].set_value(["buy"]).run()
    caption = next(c.value for c in at.caption if "order(s) · page" in c.value)
    total = int(caption.split()[0].replace(",", ""))
    assert total > 100  # more than one page of the export
    next(b for b in at.button if b.label.startswith("Prepare CSV")).click().run()
    assert not at.exception
    rows = list(csv.DictReader(io.StringIO(offered(at, "Download CSV", downloads).decode())))
    assert len(rows) == total and {r["kind"] for r in rows} == {"buy"}
    assert len({r["guid"] for r in rows}) == total  # no row twice
    sheet = openpyxl.load_workbook(io.BytesIO(offered(at, "Download Excel", downloads))).active
    assert sheet.max_row == total + 1
    assert any(f"Prepared: {total:,} order(s)" in c.value for c in at.caption)
