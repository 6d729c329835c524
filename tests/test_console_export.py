"""The Orders page's full export (minted.console.export.export_orders): every row in one pass,
once and in order though several pages are on their way at once, every cell as the screen has
it (formula starts neutralised, money exact, worksheet-illegal controls replaced), no silent
cap, no file from part of the rows; the workbook made from the CSV only when asked for; and on
the page, exactly the rows the filters match."""

from __future__ import annotations

import csv
import io
import random
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import offered, open_order_filters
from hypothesis import given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from minted.console.export import IN_FLIGHT, Export, export_orders, file_stem  # noqa: E402
from minted.console.formatting import number  # noqa: E402
from minted.console.frames import (  # noqa: E402
    FORMULA_STARTS,
    ORDER_COLUMNS,
    _worksheet_text,
    neutralised,
    order_cells,
    order_row,
    orders_frame,
    to_csv,
)
from minted.models import Customer, Order, Page  # noqa: E402

MONEY = {"total", "paid_total"}
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def pager(orders: list[Order], asked: list[int] | None = None, pages: list[int] | None = None):
    """``fetch_page`` over ``orders``, as a Laravel paginator answers."""

    def fetch_page(number: int, size: int) -> Page:
        if asked is not None:
            asked.append(size)
        if pages is not None:
            pages.append(number)
        last = max(1, -(-len(orders) // size))
        return Page[type(orders[0]) if orders else Order](
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
    sheet = openpyxl.load_workbook(io.BytesIO(made.xlsx())).active
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


# -- several pages on their way at once ------------------------------------------------------
class Racing:
    """``fetch_page`` over ``orders`` whose answers take 0–3 ms each, so they come back in any
    order; it notes each page asked for and the most calls running at once."""

    def __init__(self, orders: list[Order], *, seed: int = 0, fail: dict | None = None):
        self.fetch = pager(orders)
        self.random = random.Random(seed)
        self.fail = fail or {}  # page number → the error it raises
        self.asked: list[int] = []
        self.running = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, number: int, size: int) -> Page:
        with self.lock:
            self.asked.append(number)
            self.running += 1
            self.most = max(self.most, self.running)
            delay = self.random.random() * 0.003
        try:
            time.sleep(delay)
            if number in self.fail:
                raise self.fail[number]
            return self.fetch(number, size)
        finally:
            with self.lock:
                self.running -= 1


def guids(made: Export) -> list[str]:
    return [row[ORDER_COLUMNS.index("guid")] for row in csv_rows(made)[1:]]


@pytest.mark.parametrize("in_flight", [1, 2, 3, 5])
def test_pages_that_come_back_in_any_order_are_written_in_order_once(in_flight):
    rows = [Order(guid=f"g{i:04d}", total=Decimal(i)) for i in range(1234)]
    racing = Racing(rows, seed=in_flight)
    progress: list[int] = []
    made = export_orders(
        racing, page_size=10, in_flight=in_flight, on_progress=lambda done, _: progress.append(done)
    )
    assert guids(made) == [o.guid for o in rows]  # each row once, in the API's order
    assert sorted(racing.asked) == list(range(1, 125))  # each page asked for once
    assert progress == [min(10 * n, 1234) for n in range(1, 125)]
    assert racing.most <= in_flight and (in_flight == 1 or racing.most > 1)


def test_an_error_on_page_37_of_500_stops_the_export_with_it():
    from minted.errors import ServerError

    rows = [Order(guid=f"g{i}") for i in range(1000)]
    error = ServerError("boom", status=500, method="GET", path="/partner/orders?page=37")
    racing = Racing(rows, fail={37: error})
    done: list[int] = []
    with pytest.raises(ServerError) as raised:
        export_orders(racing, page_size=2, on_progress=lambda n, _: done.append(n))
    assert raised.value is error
    assert done[-1] == 72  # pages 1–36 written, nothing after the failed one
    assert max(racing.asked) <= 37 + IN_FLIGHT - 1  # no more asked past it than in flight
    assert racing.running == 0  # no call left running once the export has returned


def test_a_page_asked_ahead_and_not_needed_is_dropped_even_when_it_fails():
    """The list shrank while it was read: page 3 is now the last, and page 4, asked for
    ahead, fails; the export ends at page 3, as a reader one page at a time would."""
    rows = [Order(guid=f"g{i}") for i in range(50)]
    full, short = pager(rows), pager(rows[:30])

    def fetch_page(number: int, size: int) -> Page:
        if number == 4:
            raise RuntimeError("past the end")
        return (full if number == 1 else short)(number, size)

    made = export_orders(fetch_page, page_size=10)
    assert guids(made) == [o.guid for o in rows[:30]] and made.count == 30


@pytest.mark.parametrize(
    ("matching", "pages"), [(0, [1]), (1, [1]), (100, [1]), (101, [1, 2]), (250, [1, 2, 3])]
)
def test_no_page_is_asked_for_past_the_last(matching, pages):
    rows = [Order(guid=f"g{i}") for i in range(matching)]
    asked: list[int] = []
    made = export_orders(pager(rows, pages=asked))
    assert sorted(asked) == pages
    assert (made.count, made.total, made.capped) == (matching, matching, False)
    assert len(csv_rows(made)) == matching + 1 and len(xlsx_rows(made)) == matching + 1


def test_no_page_is_asked_for_past_the_cap():
    rows = [Order(guid=f"g{i}") for i in range(100)]
    asked: list[int] = []
    made = export_orders(pager(rows, pages=asked), page_size=5, max_rows=7)
    assert sorted(asked) == [1, 2] and made.count == 7


def test_the_workers_calls_carry_the_callers_context():
    import contextvars

    tag: contextvars.ContextVar[str] = contextvars.ContextVar("tag", default="none")
    seen: set[str] = set()
    fetch = pager([Order(guid=f"g{i}") for i in range(30)])

    def fetch_page(number: int, size: int) -> Page:
        seen.add(tag.get())
        return fetch(number, size)

    tag.set("session-1")
    export_orders(fetch_page, page_size=5)
    assert seen == {"session-1"}


def test_the_workbook_is_made_only_when_asked_for_and_once(monkeypatch):
    from minted.console import export

    made_books: list[bytes] = []
    real = export.workbook
    monkeypatch.setattr(export, "workbook", lambda *a: made_books.append(b"") or real(*a))
    made = export_orders(pager([Order(guid="g", order_code="=1+1", status_name="a\x00b")]))
    assert made_books == []  # the CSV did not wait for it
    first = made.xlsx()
    assert made.xlsx() is first and len(made_books) == 1
    assert xlsx_rows(made)[1][:4] == ["—", "'=1+1", None, "a\ufffdb"]


def test_a_dropped_connection_mid_export_is_asked_again_and_a_failure_stops_it(tmp_path):
    """Against a sandbox: a connection dropped while the pages are read is asked again (GETs
    are retried), every order still exactly once; a 500 stops the export with its error."""
    import minted
    from minted.errors import ServerError
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(db_path=str(tmp_path / "s.db"), demo_orders=450, history_days=5)
    with (
        EmbeddedSandbox(settings) as sandbox,
        minted.Client(settings.username, settings.password, base_url=sandbox.url) as client,
    ):
        expected = []
        for number in range(1, 6):
            expected += [o.guid for o in client.orders.list(page=number, total=100).data]

        def fault_at(page: int, fault: dict):
            def fetch_page(number: int, size: int) -> Page:
                if number == page:
                    sandbox.control("POST", "/faults", json={"route": "*", **fault})
                return client.orders.list(page=number, total=size)

            return fetch_page

        made = export_orders(fault_at(3, {"drop": True, "times": 1}))
        assert sandbox.control("GET", "/faults") == []  # a connection was dropped
        assert guids(made) == expected and made.count == len(set(expected)) == 450
        with pytest.raises(ServerError):
            export_orders(fault_at(3, {"status": 500, "times": 1}))
        sandbox.control("DELETE", "/faults")
        assert guids(export_orders(fault_at(0, {}))) == expected


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
    assert any("made from the CSV when you download it" in c.value for c in at.caption)


# -- a list that changes while it is read --------------------------------------------------------
class Growing:
    """``fetch_page`` over a newest-first list that takes new orders while it is read: before
    page n is answered, ``arrivals[n]`` new orders go on top (as staging takes other people's
    purchases), pushing every row already read one place on per order."""

    def __init__(self, orders: list[Order], arrivals: dict[int, int]):
        self.rows = list(orders)
        self.arrivals = arrivals
        self.new = 0
        self.lock = threading.Lock()

    def __call__(self, number: int, size: int) -> Page:
        with self.lock:
            for _ in range(self.arrivals.pop(number, 0)):  # of the list's own model
                self.rows.insert(0, self.rows[-1].model_copy(update={"guid": f"new{self.new}"}))
                self.new += 1
            return pager(list(self.rows))(number, size)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=1, max_value=7),
    st.dictionaries(st.integers(min_value=2, max_value=12), st.integers(0, 9), max_size=6),
    st.integers(min_value=1, max_value=3),
)
def test_orders_added_while_it_reads_are_never_written_twice_nor_push_one_out(
    matching, size, arrivals, in_flight
):
    rows = [Order(guid=f"g{i:03d}") for i in range(matching)]
    growing = Growing(rows, dict(arrivals))
    made = export_orders(growing, page_size=size, in_flight=in_flight)
    written = guids(made)
    assert len(written) == len(set(written)) == made.count  # each order once
    old = [g for g in written if g.startswith("g")]
    assert old == [o.guid for o in rows]  # every order there at the start, in order
    assert not made.capped
    if made.repeated:  # a row given twice is said, and so is a total that moved
        assert made.moved


def test_an_export_of_a_list_that_moved_says_so_and_a_still_one_does_not():
    rows = [Order(guid=f"g{i}") for i in range(30)]
    still = export_orders(pager(rows), page_size=10)
    assert (still.repeated, still.moved) == (0, False)
    moved = export_orders(Growing(rows, {2: 3}), page_size=10)
    assert moved.repeated == 3 and moved.total_at_end == 33 and moved.moved
    assert moved.count == 30  # the three new orders came before page 1's rows: not read
    from minted.console.export import moved_note

    assert "30 matched at the start, 33 at the end" in moved_note(moved)
    assert "3 row(s) the list gave a second time" in moved_note(moved)


def test_a_list_that_shrank_while_it_was_read_is_not_called_capped():
    rows = [Order(guid=f"g{i}") for i in range(50)]
    full, short = pager(rows), pager(rows[:30])
    made = export_orders(lambda n, size: (full if n == 1 else short)(n, size), page_size=10)
    assert (made.count, made.capped, made.total, made.total_at_end) == (30, False, 50, 30)
    assert made.moved and file_stem("sandbox", made) == "orders-sandbox"


def test_the_cap_reached_at_a_pages_end_with_rows_left_is_capped_and_without_is_not():
    rows = [Order(guid=f"g{i}") for i in range(20)]
    assert export_orders(pager(rows), page_size=5, max_rows=10).capped
    assert not export_orders(pager(rows[:10]), page_size=5, max_rows=10).capped


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_the_orders_page_says_when_the_list_moved_during_its_export(downloads, monkeypatch):
    """Orders arrive on top of the list while the page exports it: the file has each order
    once, and the page says the list moved instead of "every one the filters match"."""
    import streamlit
    from streamlit.testing.v1 import AppTest

    from minted.console import data

    real = data.order_pages

    def growing_pages(environment, source, filters):
        fetch = real(environment, source, filters)
        first = fetch(1, 100)
        every = [o for n in range(1, (first.last_page or 1) + 1) for o in fetch(n, 100).data]
        return Growing(every, {2: 4, 3: 1})

    monkeypatch.setattr(data, "order_pages", growing_pages)
    streamlit.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/orders.py").run()
    next(b for b in at.button if b.label.startswith("Prepare CSV")).click().run()
    assert not at.exception
    rows = list(csv.DictReader(io.StringIO(offered(at, "Download CSV", downloads).decode())))
    assert len({r["guid"] for r in rows}) == len(rows) > 200
    warned = [w.value for w in at.warning if "while the list was read" in w.value]
    assert warned and "5 row(s) the list gave a second time" in warned[0]
    assert not any("every one the filters match" in c.value for c in at.caption)


# -- the export reads only what a row shows (minted.console.rows) -----------------------------
def _wire_orders(walletable: bool):
    """Orders as an answer carries them: every documented timestamp shape (years 1–9999,
    to the minute or the second), money as JSON numbers or text, hostile text, and fields
    no row shows (some of them malformed for the full model: the export may skip those)."""
    stamp = st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ).flatmap(
        lambda m: st.sampled_from(
            [
                m.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                m.isoformat(timespec="seconds"),
                m.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds"),
                f"{m.day:02d}-{m.month:02d}-{m.year:04d} {m.hour:02d}:{m.minute:02d}",
            ]
        )
    )
    amount = money | money.map(str) | st.integers(-(10**20), 10**20) | st.none()
    line = st.fixed_dictionaries(
        {"sku": text | st.none(), "amount": amount},
        optional={"price": amount, "product_images": st.lists(text, max_size=2)},
    )
    code = "increment_id" if walletable else "order_code"
    return st.fixed_dictionaries(
        {"guid": st.uuids().map(str)},
        optional={
            code: text | st.none(),
            "type": st.sampled_from(["Buy", "Sell", "walletable_ecommerce", "=1"]) | st.none(),
            "tx_type": st.sampled_from(["buy", "sell", "delivery", "DELIVERY"]) | st.none(),
            "status_name": text | st.none(),
            "customer": st.fixed_dictionaries(
                {"external_id": text}, optional={"firstname": text, "email": text}
            )
            | st.none(),
            "currency_code": st.sampled_from(["TRY", "USD", "=1+1"]) | st.none(),
            "items": st.lists(line, max_size=3),
            "total": amount,
            "paid_total": amount,
            "order_at": stamp | st.none(),
            "charge_fee": amount,
            "note": text,
        },
    )


@settings(max_examples=150, deadline=None)
@given(st.booleans().flatmap(lambda w: st.tuples(st.just(w), _wire_orders(w))))
def test_the_exports_fields_make_the_row_the_full_model_makes(case):
    """Any order the full model reads gives the same row read as `minted.console.rows` reads
    it, in either language."""
    from minted.console.rows import OrderRowFields, WalletableRowFields
    from minted.models import WalletableOrder

    walletable, answer = case
    full_model, fields = (
        (WalletableOrder, WalletableRowFields) if walletable else (Order, OrderRowFields)
    )
    full = full_model.model_validate(answer)
    for lang in ("en", "tr"):
        row = order_row(full, lang)
        assert order_row(fields.model_validate(answer), lang) == row
        # the items as `number` writes each line, whatever lines were written before
        assert row["items"] == ", ".join(
            f"{number(i.amount, lang, trimmed=True)} × {i.sku}" for i in full.items if i.amount
        )
        # the CSV's cells: the row's values, text neutralised and money exact
        cells = ["" if row[c] is None else str(exact(neutralised(row[c]))) for c in ORDER_COLUMNS]
        assert order_cells(fields.model_validate(answer), lang) == cells
        assert order_cells(full, lang) == cells


@settings(max_examples=150, deadline=None)
@given(
    st.booleans(),
    st.sampled_from(["guid", "total", "paid_total", "order_at", "customer", "items", "type"]),
    st.sampled_from(["", "n/a", True, 1e400, [], {}, "99-99-9999 99:99", None, "\ud800"]),
)
def test_a_value_a_row_shows_that_the_full_model_refuses_is_refused(walletable, name, value):
    """The export is never laxer than the full model about what it writes."""
    from pydantic import ValidationError

    from minted.console.rows import OrderRowFields, WalletableRowFields
    from minted.models import WalletableOrder

    full_model, fields = (
        (WalletableOrder, WalletableRowFields) if walletable else (Order, OrderRowFields)
    )
    answer = {"guid": "g1", name: value}
    try:
        full_model.model_validate(answer)
    except ValidationError:
        with pytest.raises(ValidationError):
            fields.model_validate(answer)


def test_the_export_reads_the_sandboxs_lists_as_the_typed_methods_do(seeded_sandbox):
    """Byte for byte the file the full models made, for both lists, filtered or not."""
    from conftest import client_for

    from minted.console.export import order_pages

    with client_for(seeded_sandbox) as client:
        lists = {"walletable": client.orders.list_walletable, "partner": client.orders.list}
        for source, read in lists.items():
            for filters in ({}, {"tx_type": ["sell"]}, {"status": [5], "sort_type": "asc"}):
                typed = export_orders(
                    lambda n, size, read=read, f=filters: read(page=n, total=size, **f),
                    page_size=7,
                )
                made = export_orders(order_pages(client, source, filters), page_size=7)
                assert made.count == typed.count and (made.count or filters)
                assert made.csv == typed.csv


def test_a_malformed_field_no_row_shows_does_not_stop_the_export(recorder):
    """A fee the full model cannot read stops the Orders page's table, not its export."""
    from helpers import envelope, json_response

    from minted.console.export import order_pages
    from minted.errors import InvalidResponseError

    order = {"guid": "g1", "increment_id": "31", "charge_fee": "n/a", "total": Decimal("559.40")}
    page = {"current_page": 1, "last_page": 1, "total": 1, "data": [order]}
    recorder.handler = lambda request: json_response(200, envelope(page))
    client = recorder.client()
    with pytest.raises(InvalidResponseError, match="charge_fee"):
        client.orders.list_walletable()
    made = export_orders(order_pages(client, "walletable", {}))
    (row,) = csv.DictReader(io.StringIO(made.csv.decode()))
    assert (row["order"], row["total"], row["guid"]) == ("31", "559.40", "g1")
    bad = {**order, "total": "n/a"}
    recorder.handler = lambda request: json_response(200, envelope({**page, "data": [bad]}))
    with pytest.raises(InvalidResponseError, match="total"):
        export_orders(order_pages(client, "walletable", {}))
