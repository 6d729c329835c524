"""The Orders page's export: every matching order, in one pass, as CSV and Excel.

The pages are read straight from the client, not through ``st.cache_data``: an export of 50k
orders would otherwise fill the read cache with 500 pages nobody looks at again.  Each page's
rows are written as it arrives, to a CSV buffer (the ``csv`` module) and to an openpyxl
workbook in write-only mode (pandas' ``to_excel`` through openpyxl's normal mode is several
times slower for a large sheet; see bench/results.md), with the same cells as
`minted.console.frames.to_csv` / `to_xlsx`: text that starts like a formula neutralised, money
as the exact digits of its Decimal, times as the screen writes them.

Page size: the sandbox, like the documentation's other list (``total`` ≤ 100 on Get Products),
takes at most 100 rows a page; Get Orders documents no maximum.  We assume the real service
allows no more than its documented 100 and ask for exactly that (`PAGE_SIZE`).

A cap (`MAX_ROWS`) keeps a browser's export within memory; when the filters match more, the
result says so (``capped``) with both counts, and the page and the file name name it: never
a silent cut.
"""

from __future__ import annotations

import contextvars
import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

from minted.console.frames import ORDER_COLUMNS, _worksheet_text, neutralised, order_row

PAGE_SIZE = 100  # the most rows a page the API takes (see the module's doc)
MAX_ROWS = 1_000_000  # an export's cap: about 200 MB of CSV and workbook together in memory


@dataclass(frozen=True)
class Export:
    csv: bytes
    xlsx: bytes
    count: int  # rows in the files
    total: int  # rows the filters match, as the API's first page said
    capped: bool  # True when count < total because of MAX_ROWS


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else str(value)
    return neutralised(value)


def _xlsx_cell(value: object) -> object:
    if isinstance(value, Decimal):  # Excel has no decimal type: a float would round it
        return f"{value:f}" if value.is_finite() else str(value)
    return neutralised(_worksheet_text(value))


def export_orders(
    fetch_page: Callable,
    *,
    lang: str = "en",
    page_size: int = PAGE_SIZE,
    max_rows: int = MAX_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
    sheet: str = "orders",
) -> Export:
    """Every order ``fetch_page(number, page_size)`` returns (a `minted.models.Page`), from
    page 1 until the last, as CSV and xlsx bytes.  ``on_progress(rows_done, total)`` is
    called after each page."""
    from openpyxl import Workbook

    text = io.StringIO()
    # RFC 4180's line ends: the csv module quotes a field holding any character of the line
    # terminator, so with "\r\n" a lone carriage return inside a cell is quoted too (with "\n"
    # it is not, and a spreadsheet would break the row there)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(ORDER_COLUMNS)
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    worksheet.append(ORDER_COLUMNS)

    count, total, number = 0, 0, 1
    # One page ahead: the next page is asked for while this one is written, so the server's
    # work and ours overlap.  Each page is still read once, in order.  The worker runs in a
    # copy of this context, so its calls carry this session's journal tag like any other.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="minted-export") as pool:

        def ask(n: int):
            return pool.submit(contextvars.copy_context().run, fetch_page, n, page_size)

        pending = ask(1)
        while True:
            page = pending.result()
            if number == 1:
                total = page.total if page.total is not None else 0
            more = bool(page.data) and page.has_next and count + len(page.data) < max_rows
            if more:
                pending = ask(number + 1)
            for order in page.data:
                if count >= max_rows:
                    break
                row = order_row(order, lang)
                values = [row[c] for c in ORDER_COLUMNS]
                writer.writerow([_csv_cell(v) for v in values])
                worksheet.append([_xlsx_cell(v) for v in values])
                count += 1
            total = max(total, count)
            if on_progress is not None:
                on_progress(count, total)
            if not more:
                break
            number += 1
    out = io.BytesIO()
    book.save(out)
    return Export(
        csv=text.getvalue().encode("utf-8"),
        xlsx=out.getvalue(),
        count=count,
        total=total,
        capped=count < total,
    )


def file_stem(environment: str, made: Export) -> str:
    """The download's name; a capped export says so in it (``…-first-1000000-of-1200000``)."""
    stem = f"orders-{environment}"
    return f"{stem}-first-{made.count}-of-{made.total}" if made.capped else stem
