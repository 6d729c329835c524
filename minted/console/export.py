"""The Orders page's export: every matching order, in one pass, as CSV; Excel made from it.

The pages are read straight from the client, not through ``st.cache_data``: an export of 50k
orders would otherwise fill the read cache with 500 pages nobody looks at again.  Up to
`IN_FLIGHT` pages are asked for at once (the server answers the next while this process reads
and writes the last), and each is written in its order, once: page *n* is written after page
*n − 1* whatever order the answers come in, and the export ends where the pages in order end
(no data, or no next page), as a reader one page at a time would.  Pages are asked for only up
to the last the API has said there is (``last_page``), and never past the cap; a page asked
for ahead that turns out not to be needed is dropped unread, its failure included.  A failure
of a page that is needed stops the export with that error: no file is made from part of the
rows.

Each page's rows are written as it arrives to a CSV buffer (the ``csv`` module), with the same
cells as `minted.console.frames.to_csv`: text that starts like a formula neutralised, money as
the exact digits of its Decimal, times as the screen writes them.  The Excel workbook is not
made in that pass: `Export.xlsx` makes it from the CSV the first time it is asked for (the
Orders page asks when Download Excel is clicked), with the cells `frames.to_xlsx` writes
(openpyxl's write-only mode, worksheet-illegal controls replaced).  Making it takes about four
times as long as the CSV (openpyxl writes each cell's XML in Python), so the CSV does not wait
for it.

Page size: the sandbox, like the documentation's other list (``total`` ≤ 100 on Get Products),
takes at most 100 rows a page; Get Orders documents no maximum.  We assume the real service
allows no more than its documented 100 and ask for exactly that (`PAGE_SIZE`).

A cap (`MAX_ROWS`) keeps a browser's export within memory; when the filters match more, the
result says so (``capped``) with both counts, and the page and the file name name it: never
a silent cut.

The list can change while it is read (staging takes other people's orders; a status moves).
The API pages by offset, so an order added before the rows already read pushes the next page's
first row back onto the page before: each order is written once, by its guid, and the rows
given twice are counted (``repeated``).  An order that leaves the filters meanwhile pulls a row
the other way, past the export, and no reader by offset can see that; so when the list moved
(rows given twice, or a total that changed) the result says so (``moved``) and the page
suggests preparing the file again.
"""

from __future__ import annotations

import contextvars
import csv
import functools
import io
import math
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from minted.console.frames import ORDER_COLUMNS, _worksheet_text, order_cells

if TYPE_CHECKING:
    from minted.client import Client

PAGE_SIZE = 100  # the most rows a page the API takes (see the module's doc)
MAX_ROWS = 1_000_000  # an export's cap: about 200 MB of CSV and workbook together in memory
# Pages asked for at once: the server answers one while this process reads and writes the
# other (each side is about one core's work).  Three were no faster than two, and cost both
# sides more CPU (their threads contend for each interpreter): 5.64 / 8.67 / 12.76 s against
# 5.40 / 7.29 / 12.08 s for the CSV of 50k orders in three rounds as the load rose from 2.6
# to 4; one at a time took 8.1 / 8.3 / 14.9 s.
IN_FLIGHT = 2


@dataclass(frozen=True)
class Export:
    csv: bytes
    count: int  # rows in the file
    total: int  # rows the filters match, as the API's first page said
    capped: bool  # True when MAX_ROWS stopped it with rows left
    sheet: str = "orders"
    repeated: int = 0  # rows the list gave again as it moved, written once
    total_at_end: int | None = None  # rows the filters matched, as the last page read said

    @property
    def moved(self) -> bool:
        """The list changed while it was read: the file may lack an order that moved."""
        return bool(self.repeated) or self.total_at_end not in (None, self.total)

    @functools.cached_property
    def _workbook(self) -> bytes:
        return workbook(self.csv, self.sheet)

    def xlsx(self) -> bytes:
        """The same rows as an Excel workbook, made on the first call (seconds for tens of
        thousands of rows) and kept."""
        return self._workbook


def order_pages(client: Client, source: str, filters: dict) -> Callable:
    """``fetch_page(number, size)`` for `export_orders`: a page of Walletable › Get Orders
    (``source`` ``"walletable"``) or Partner › Get Orders with ``filters`` (`OrderQuery`'s
    names), read as `minted.console.rows` reads it: the fields a row shows, no more."""
    from minted import endpoints
    from minted.console.rows import OrderRowFields, WalletableRowFields
    from minted.models import Page
    from minted.resources.orders import order_params

    endpoint, fields = (
        (endpoints.WALLETABLE_ORDERS, WalletableRowFields)
        if source == "walletable"
        else (endpoints.ORDERS, OrderRowFields)
    )

    def fetch_page(number: int, size: int) -> Page:
        query = order_params({**filters, "page": number, "total": size})
        return client.request(endpoint, params=query, cast_to=Page[fields])

    return fetch_page


def export_orders(
    fetch_page: Callable,
    *,
    lang: str = "en",
    page_size: int = PAGE_SIZE,
    max_rows: int = MAX_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
    sheet: str = "orders",
    in_flight: int = IN_FLIGHT,
) -> Export:
    """Every order ``fetch_page(number, page_size)`` returns (a `minted.models.Page`), from
    page 1 until the last, as CSV bytes (and the workbook on demand, `Export.xlsx`).
    ``on_progress(rows_done, total)`` is called after each page, in this thread."""
    text = io.StringIO()
    # RFC 4180's line ends: the csv module quotes a field holding any character of the line
    # terminator, so with "\r\n" a lone carriage return inside a cell is quoted too (with "\n"
    # it is not, and a spreadsheet would break the row there)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(ORDER_COLUMNS)
    count, total, number = 0, 0, 1
    total_at_end: int | None = None
    written: set[str] = set()  # the guids in the file: the list may give one again
    repeated = 0
    capped = False
    known = 1  # the last page the API has said there is, so far
    most = max(1, math.ceil(max_rows / page_size))  # the pages a full export of the cap needs
    with _Pages(fetch_page, page_size, in_flight) as pages:
        while True:
            page = pages.take(number, ahead=min(known, most))
            if number == 1:
                total = page.total if page.total is not None else 0
            total_at_end = page.total
            for order in page.data:
                if order.guid:
                    if order.guid in written:
                        repeated += 1
                        continue
                    written.add(order.guid)
                if count >= max_rows:
                    capped = True
                    break
                writer.writerow(order_cells(order, lang))
                count += 1
            if on_progress is not None:
                on_progress(count, max(total, count))
            if not (page.data and page.has_next) or capped:
                break
            if count >= max_rows:  # the cap reached at a page's end: any row after is cut
                capped = True
                break
            number += 1
            known = max(known, number, page.last_page or 0)
    return Export(
        csv=text.getvalue().encode("utf-8"),
        count=count,
        total=max(total, count),
        capped=capped,
        sheet=sheet,
        repeated=repeated,
        total_at_end=total_at_end,
    )


class _Pages:
    """Pages asked for in worker threads, at most ``in_flight`` at once, taken in order.
    Each worker runs in a copy of the caller's context, so its calls carry this session's
    journal tag like any other."""

    def __init__(self, fetch_page: Callable, size: int, in_flight: int) -> None:
        self._fetch_page, self._size, self._in_flight = fetch_page, size, max(1, in_flight)
        self._pool = ThreadPoolExecutor(self._in_flight, thread_name_prefix="minted-export")
        self._asked: dict[int, Future] = {}

    def take(self, number: int, *, ahead: int):
        """Page ``number``, once it has come; the pages after it, up to page ``ahead``, are
        asked for meanwhile, so that ``in_flight`` are on their way."""
        for n in range(number, max(number, min(number + self._in_flight - 1, ahead)) + 1):
            if n not in self._asked:
                context = contextvars.copy_context()
                self._asked[n] = self._pool.submit(context.run, self._fetch_page, n, self._size)
        return self._asked.pop(number).result()

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # pages asked for ahead and not needed: not sent if still queued, their answers (or
        # failures) dropped if sent; the workers end before the export returns
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._asked.clear()


def workbook(csv_bytes: bytes, sheet: str = "orders") -> bytes:
    """An export's CSV as an Excel workbook, cell for cell: a CSV cell is already neutralised
    and money is already its exact digits, so only worksheet-illegal controls are replaced
    (the two commute: no formula start is such a control).  An empty cell stays empty."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline="")):
        worksheet.append([_worksheet_text(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def moved_note(made: Export) -> str:
    """What the Orders page says of an export whose list changed while it was read."""
    end = made.total if made.total_at_end is None else made.total_at_end
    twice = (
        f" {made.repeated:,} row(s) the list gave a second time are in the file once."
        if made.repeated
        else ""
    )
    return (
        f"Orders were added or changed while the list was read ({made.total:,} matched at the "
        f"start, {end:,} at the end); the file holds {made.count:,}.{twice} An order that "
        "left the filters meanwhile can move another past the page being read: prepare the "
        "export again if every row must be there."
    )


def file_stem(environment: str, made: Export) -> str:
    """The download's name; a capped export says so in it (``…-first-1000000-of-1200000``)."""
    stem = f"orders-{environment}"
    return f"{stem}-first-{made.count}-of-{made.total}" if made.capped else stem
