"""(f) The Orders page's full export at 50,000 orders: `minted.console.export.export_orders`
end to end (the project's client → CSV bytes, `IN_FLIGHT` pages asked for at once), and the
Excel workbook made from that CSV as the page makes it on Download Excel, against floors in
the same run:

- reading the same pages alone, one at a time (the project's client, 100 rows a page, no
  file made): what the export cost before pages were asked for ahead, less its files;
- reading them alone with `IN_FLIGHT` at once, as the export does;
- one GET /partner/orders/statuses (the cheapest call, for scale);
- the CSV from the same pages held in memory (no fetching), and the files made the old way
  from the same rows (pandas frame → ``to_csv`` / ``to_xlsx``).

The CPU seconds the sandbox's process and this one spent during the CSV export say which side
the wall time waits for.  Median of ``RUNS`` runs.  ``python -m bench.export [RUNS]`` runs it
alone and writes its section of bench/results.md; ``python -m bench f`` runs it with the others.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import results_file
from bench.results_file import RESULTS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADING = "## (f) Full CSV / Excel export of 50,000 orders"
ORDERS = 50_000
RUNS = 3
TARGET_S = 5.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_export(workdir: Path, runs: int = RUNS, orders: int = ORDERS) -> dict:
    import minted
    from bench.data_paths import PASSWORD, USERNAME, start_sandbox
    from minted.console.export import IN_FLIGHT, PAGE_SIZE, export_orders, workbook
    from minted.console.frames import orders_frame, to_csv, to_xlsx

    result: dict = {"orders": orders, "runs": runs, "load": os.getloadavg()}
    result["in_flight"] = IN_FLIGHT
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        process, url, made_s = start_sandbox(Path(tmp) / "export.db", orders, ROOT)
        result["made_s"] = made_s
        try:
            with minted.Client(USERNAME, PASSWORD, base_url=url, timeout=120) as client:
                client.orders.statuses()  # the digest challenge, paid before timing

                def fetch(number: int, size: int):
                    return client.orders.list(page=number, total=size)

                timings: dict[str, list[float]] = {
                    k: []
                    for k in (
                        "statuses",
                        "pages",
                        "pages_ahead",
                        "csv",
                        "csv_xlsx",
                        "xlsx",
                        "csv_files",
                        "old",
                        "cpu_sandbox",
                        "cpu_here",
                    )
                }
                for _ in range(runs):
                    started = time.perf_counter()
                    client.orders.statuses()
                    timings["statuses"].append(time.perf_counter() - started)

                    started = time.perf_counter()
                    rows, pages, number = [], [], 1
                    while True:
                        page = fetch(number, PAGE_SIZE)
                        rows += page.data
                        pages.append(page)
                        if not page.data or not page.has_next:
                            break
                        number += 1
                    timings["pages"].append(time.perf_counter() - started)

                    started = time.perf_counter()
                    with ThreadPoolExecutor(IN_FLIGHT) as pool:
                        list(pool.map(lambda n: fetch(n, PAGE_SIZE), range(1, number + 1)))
                    timings["pages_ahead"].append(time.perf_counter() - started)

                    sandbox_cpu, here_cpu = _cpu_seconds(process.pid), time.process_time()
                    started = time.perf_counter()
                    made = export_orders(fetch)
                    timings["csv"].append(time.perf_counter() - started)
                    timings["cpu_sandbox"].append(_cpu_seconds(process.pid) - sandbox_cpu)
                    timings["cpu_here"].append(time.process_time() - here_cpu)

                    started = time.perf_counter()  # the CSV, then the workbook made from it
                    export_orders(fetch).xlsx()
                    timings["csv_xlsx"].append(time.perf_counter() - started)

                    started = time.perf_counter()
                    book = workbook(made.csv)
                    timings["xlsx"].append(time.perf_counter() - started)

                    started = time.perf_counter()  # the same CSV from pages in memory
                    export_orders(lambda n, _size, kept=pages: kept[n - 1])
                    timings["csv_files"].append(time.perf_counter() - started)

                    started = time.perf_counter()
                    frame = orders_frame(rows)
                    to_csv(frame), to_xlsx(frame)
                    timings["old"].append(time.perf_counter() - started)
                result["count"], result["total"] = made.count, made.total
                result["pages"] = number
                result["csv_mb"], result["xlsx_mb"] = len(made.csv) / 1e6, len(book) / 1e6
        finally:
            process.terminate()
            process.wait(timeout=30)
    result["median"] = {k: statistics.median(v) for k, v in timings.items()}
    result["all"] = timings
    result["load_after"] = os.getloadavg()
    return result


# Where the time goes, from probes beside the run (2026-12-07, this branch against main's
# code on the same machine and the same day).
WHY = [
    "Before (main at c4d44d8, measured the same way on the same machine the same day, load "
    "3.5 / 4.2 / 4.6 → 3.6 / 4.6 / 4.7): the export, CSV and workbook in one pass, 53.83 s; "
    "the 500 pages read alone 49.60 s (99 ms a page). What changed: the JSON writer "
    "(`minted._json.dumps`) walked every value in Python; it now uses the json module's C "
    "encoder, each Decimal marked and put back as its digits (a page of 100 orders 16 → "
    "1.3 ms), which was half the sandbox's time on the order list and most of the journal's. "
    "The journal redacted and re-serialised each whole ~118 KB answer before clipping it "
    "(25.7 ms a page); it now redacts only what it keeps, each value whole before it is cut "
    "(0.21 ms; the same result, checked by a hypothesis property). The Order Schema's "
    "`order_at` and an ISO birthdate are read without strptime, on both sides. The export "
    "keeps two page requests in flight, so the sandbox answers one while the console reads "
    "and writes the other, and makes only the CSV; the workbook is made from the CSV when "
    "Download Excel is clicked.",
    "",
    "Why < 5 s is still missed: the sandbox's work on each page. It reads 100 stored "
    "documents, validates each through the client's Order model, dumps the page and writes "
    "its JSON, all in one interpreter. In-process, over 200 different pages, that is 8.5–9 "
    "ms a page (5.4 ms for one page read again and again, its data in the caches): ~2 ms the "
    "query on a deep page (the day it starts on, found from the daily counts, then its 100 "
    "rows), ~3 ms reading and validating the documents, ~3 ms dumping the page and writing its "
    "JSON; serving it adds ~1.7 ms on the event loop's thread, and two requests at once "
    "contend for the interpreter (+10–15 %). So 500 pages cost the sandbox 5–6 s of CPU at "
    "best and 7–9 s as measured in these runs (the table's CPU line), whatever the console "
    "does; the console's side runs beside it on the other core and waits for it. This "
    "machine was also slower today than in the earlier run: main's code read the same 500 "
    "pages in 28.87 s then and in 49.60 s today. Under 5 s needs the sandbox's page under "
    "~7 ms of CPU including HTTP, i.e. its Python work per page about halved again (for "
    "instance an order rendered and validated once when it is written, not on every read), "
    "or the API's larger pages; the page size stays at the documented 100.",
    "",
]


def render_export(result: dict) -> str:
    m = result["median"]
    pages, in_flight = result["pages"], result["in_flight"]
    lines = [
        HEADING,
        "",
        f"`python -m bench.export`: {result['orders']:,} orders made by "
        f"`python -m minted.sandbox --demo-orders` ({result['made_s']:.0f} s), served in its own "
        "process; the project's client over loopback, Digest auth paid before timing. "
        f"Median of {result['runs']} runs. Load average "
        "{:.1f} / {:.1f} / {:.1f} before, {:.1f} / {:.1f} / {:.1f} after (two cores, shared with "
        "other agents' work).".format(*result["load"], *result["load_after"]),
        "",
        "| measured | s | × pages-alone floor |",
        "|---|---|---|",
        f"| one GET /partner/orders/statuses | {m['statuses']:.3f} | "
        f"{m['statuses'] / m['pages']:.3f} |",
        f"| floor: reading the {pages} pages of 100 alone, one at a time | {m['pages']:.2f} | "
        "1.00 |",
        f"| reading the {pages} pages alone, {in_flight} at once | {m['pages_ahead']:.2f} | "
        f"{m['pages_ahead'] / m['pages']:.2f} |",
        f"| **export_orders: pages → CSV, {result['count']:,} rows ({in_flight} pages in "
        f"flight)** | **{m['csv']:.2f}** | {m['csv'] / m['pages']:.2f} |",
        f"| export_orders, then its workbook (CSV + xlsx, as Download Excel makes it) | "
        f"{m['csv_xlsx']:.2f} | {m['csv_xlsx'] / m['pages']:.2f} |",
        f"| the workbook alone, from the CSV | {m['xlsx']:.2f} | {m['xlsx'] / m['pages']:.2f} |",
        f"| export_orders' CSV alone (the same pages from memory) | {m['csv_files']:.2f} | "
        f"{m['csv_files'] / m['pages']:.2f} |",
        f"| old files from the same rows (pandas frame, to_csv, to_xlsx; no fetching) | "
        f"{m['old']:.2f} | {m['old'] / m['pages']:.2f} |",
        "",
        f"Files: CSV {result['csv_mb']:.1f} MB, xlsx {result['xlsx_mb']:.1f} MB; "
        f"{result['count']:,} rows of the API's total {result['total']:,}. CPU during the CSV "
        f"export (median): the sandbox's process {m['cpu_sandbox']:.2f} s "
        f"({1000 * m['cpu_sandbox'] / pages:.1f} ms a page), the console's side "
        f"{m['cpu_here']:.2f} s ({1000 * m['cpu_here'] / pages:.1f} ms a page).",
        "",
        f"Target: a full CSV export of 50k orders < {TARGET_S:.0f} s — "
        + (
            f"met ({m['csv']:.2f} s; with the workbook {m['csv_xlsx']:.2f} s)."
            if m["csv"] < TARGET_S
            else f"missed by {m['csv'] - TARGET_S:.2f} s ({m['csv']:.2f} s; with the workbook "
            f"{m['csv_xlsx']:.2f} s); the sandbox alone spent {m['cpu_sandbox']:.2f} s of CPU "
            "answering its pages, on one core (one process, one interpreter lock)."
        ),
        "",
        *WHY,
        "Runs (s): "
        + "; ".join(
            f"{k} " + ", ".join(f"{v:.2f}" for v in values) for k, values in result["all"].items()
        ),
        "",
    ]
    return "\n".join(lines)


def write_section(section: str, path: Path = RESULTS) -> None:
    """This part's section of results.md, the others kept."""
    results_file.write_section(HEADING, section, path)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    runs = int(args[0]) if args else RUNS
    with tempfile.TemporaryDirectory() as tmp:
        section = render_export(bench_export(Path(tmp), runs))
    print(section)
    write_section(section)


if __name__ == "__main__":
    main()
